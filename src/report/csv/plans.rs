//! The plans as CSV (issue 11): the centre's split of its stock, and the loans inside a province.

use std::collections::BTreeMap;
use std::io::Write;

use super::{CsvOptions, decimal, text, write_table};
use crate::domain::allocation::{AllocationPlan, LoanPlan};
use crate::domain::region::RegionCode;
use crate::report::ReportError;

fn name(names: &BTreeMap<RegionCode, String>, code: &RegionCode) -> String {
    text(names.get(code).map_or("", String::as_str))
}

/// One row per kabupaten/kota that receives cards, with its cover before and after.
pub fn write_allocation_plan<W: Write>(
    out: W,
    opts: CsvOptions,
    plan: &AllocationPlan,
    names: &BTreeMap<RegionCode, String>,
) -> Result<(), ReportError> {
    let header = ["wilayah", "nama_wilayah", "jumlah", "cukup_hari_kerja_sebelum", "cukup_hari_kerja_sesudah"];
    let rows = plan.allotments.iter().map(|a| {
        vec![
            a.region.to_string(),
            name(names, &a.region),
            a.quantity.to_string(),
            decimal(a.cover_before, opts),
            decimal(a.cover_after, opts),
        ]
    });
    write_table(out, opts, &header, rows)
}

/// One row per loan: who lends to whom, how many cards.
pub fn write_loan_plan<W: Write>(
    out: W,
    opts: CsvOptions,
    plan: &LoanPlan,
    names: &BTreeMap<RegionCode, String>,
) -> Result<(), ReportError> {
    let header = ["asal", "nama_asal", "tujuan", "nama_tujuan", "jumlah"];
    let rows = plan.loans.iter().map(|l| {
        vec![l.from.to_string(), name(names, &l.from), l.to.to_string(), name(names, &l.to), l.quantity.to_string()]
    });
    write_table(out, opts, &header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::allocation::{Allotment, Loan};

    #[test]
    fn plans_as_indonesian_csv() {
        let bekasi = RegionCode::parse("32.16").unwrap();
        let bogor = RegionCode::parse("32.01").unwrap();
        let names = BTreeMap::from([(bekasi.clone(), "Kabupaten Bekasi".to_string())]);
        let plan = AllocationPlan {
            quantity: 1000,
            allocated: 1000,
            unallocated: 0,
            min_cover_before: Some(8.0),
            min_cover_after: Some(10.0),
            allotments: vec![Allotment {
                region: bekasi.clone(),
                quantity: 1000,
                cover_before: Some(8.0),
                cover_after: Some(10.26),
            }],
        };
        let mut out = Vec::new();
        write_allocation_plan(&mut out, CsvOptions::excel_id(), &plan, &names).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("32.16;Kabupaten Bekasi;1000;8,0;10,3"), "{text}");
        let loans = LoanPlan {
            target_cover: Some(20.0),
            min_cover_before: None,
            min_cover_after: None,
            loans: vec![Loan { from: bogor, to: bekasi, quantity: 500 }],
        };
        let mut out = Vec::new();
        write_loan_plan(&mut out, CsvOptions::default(), &loans, &names).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("\u{feff}asal,nama_asal,tujuan,nama_tujuan,jumlah\r\n"), "{text}");
        assert!(text.contains("32.01,,32.16,Kabupaten Bekasi,500"), "{text}");
    }
}
