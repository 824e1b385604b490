//! Natural keys seen so far in a file, for `duplicate_in_file`.
//!
//! The one part of the import that grows with the file, since a duplicate can be anywhere:
//! - daily kinds (prints, backlog, stock counts, outages): per region and item, the first
//!   line of each day in an array indexed by day (4 bytes a day, exact, a few ns a row);
//!   when a region's days are sparse (an outage now and then) an ordered map instead;
//! - referenced kinds (shipments, allocations, procurements): a 128-bit hash of the key
//!   with its first line (about 32 bytes a row); a false match needs a 128-bit collision.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};

use chrono::Datelike;
use rustc_hash::FxHashMap;

use super::rows::Row;
use crate::domain::region::RegionCode;

/// The keys of the rows accepted so far.
#[derive(Default)]
pub(crate) struct KeySet {
    /// Per region, per item (slot 0 for kinds without item), day → first line.
    daily: FxHashMap<RegionCode, [Days; 4]>,
    referenced: FxHashMap<(u64, u64), u64>,
    buf: Vec<u8>,
}

impl KeySet {
    /// Records the key of `row`; if an earlier row had it, returns that row's line.
    pub fn first_line(&mut self, row: &Row) -> Option<u64> {
        let line = row.line();
        let (region, item, date) = match row {
            Row::Print(r) => (&r.region, Some(r.item), r.date),
            Row::StockCount(r) => (&r.region, Some(r.item), r.date),
            Row::Backlog(r) => (&r.region, None, r.date),
            Row::Outage(r) => (&r.region, None, r.date),
            _ => return self.first_referenced(row),
        };
        let slot = item.map_or(0, |i| 1 + i as usize);
        // Look up by reference first: cloning the code for every row would allocate.
        let per_item = match self.daily.get_mut(region) {
            Some(per_item) => per_item,
            None => self.daily.entry(region.clone()).or_default(),
        };
        per_item[slot].first_or_insert(date.num_days_from_ce(), line)
    }

    fn first_referenced(&mut self, row: &Row) -> Option<u64> {
        row.write_key(&mut self.buf);
        let hash = (hash_with(0, &self.buf), hash_with(1, &self.buf));
        let first = *self.referenced.entry(hash).or_insert(row.line());
        (first != row.line()).then_some(first)
    }
}

/// The days seen for one region and item, each with the line it was first seen on.
#[derive(Debug)]
enum Days {
    /// `lines[d - first]` is the line of day `d`, 0 when not seen.
    Dense {
        first: i32,
        lines: Vec<u32>,
        count: usize,
    },
    Sparse(BTreeMap<i32, u64>),
}

impl Default for Days {
    fn default() -> Self {
        Days::Dense { first: 0, lines: Vec::new(), count: 0 }
    }
}

impl Days {
    fn first_or_insert(&mut self, day: i32, line: u64) -> Option<u64> {
        match self {
            Days::Sparse(days) => {
                let first = *days.entry(day).or_insert(line);
                (first != line).then_some(first)
            }
            Days::Dense { first, lines, count } => {
                if lines.is_empty() {
                    *first = day;
                }
                let low = (*first).min(day);
                let high = (*first + lines.len() as i32 - 1).max(day);
                let span = (high - low + 1) as usize;
                // A dense array only pays off when most days are used.
                if span > 8 * (*count + 1) + 64 {
                    let mut sparse: BTreeMap<i32, u64> = lines
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| **l != 0)
                        .map(|(i, l)| (*first + i as i32, u64::from(*l)))
                        .collect();
                    let seen = sparse.insert(day, line);
                    *self = Days::Sparse(sparse);
                    return seen;
                }
                if day < *first {
                    // Grow at the front by at least the current length, so a file in
                    // descending date order costs amortised O(1) per row.
                    let extra = ((*first - day) as usize).max(lines.len());
                    lines.splice(0..0, std::iter::repeat_n(0, extra));
                    *first -= extra as i32;
                }
                let index = (day - *first) as usize;
                if index >= lines.len() {
                    lines.resize(index + 1, 0);
                }
                match lines[index] {
                    0 => {
                        // Lines past u32::MAX do not occur in an upload; clamp rather than wrap.
                        lines[index] = u32::try_from(line).unwrap_or(u32::MAX);
                        *count += 1;
                        None
                    }
                    seen => Some(u64::from(seen)),
                }
            }
        }
    }
}

fn hash_with(seed: u8, key: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write_u8(seed);
    hasher.write(key);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_days_agree() {
        let mut dense = Days::default();
        let mut order: Vec<i32> = (0..500).rev().chain(500..1000).collect();
        order.extend([10, 600]);
        let mut seen = Vec::new();
        for (line, day) in order.iter().enumerate() {
            seen.push(dense.first_or_insert(*day, line as u64 + 2));
        }
        assert!(matches!(dense, Days::Dense { .. }));
        assert!(seen[..1000].iter().all(Option::is_none));
        assert_eq!(&seen[1000..], &[Some(491), Some(602)]);

        let mut sparse = Days::default();
        assert_eq!(sparse.first_or_insert(0, 2), None);
        assert_eq!(sparse.first_or_insert(40_000, 3), None);
        assert!(matches!(sparse, Days::Sparse(_)));
        assert_eq!(sparse.first_or_insert(0, 4), Some(2));
        assert_eq!(sparse.first_or_insert(40_000, 5), Some(3));
    }

    /// The maps here are keyed by region codes that share their low bytes (`32.16.01` …):
    /// the hasher must still spread them over the buckets.
    #[test]
    fn low_bits_vary_for_similar_codes() {
        use std::hash::BuildHasher;
        let low: std::collections::HashSet<u64> =
            (1..=99).map(|k| rustc_hash::FxBuildHasher.hash_one(format!("32.16.{k:02}").as_bytes()) & 0xFF).collect();
        assert!(low.len() > 50, "{}", low.len());
    }
}
