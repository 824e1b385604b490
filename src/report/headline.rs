//! The words of a roll-up's headline ([`RollupHeadline`]): what the web pages print above a
//! province or the nation, in the order it matters.

use crate::domain::forecast::Risk;
use crate::domain::forecast::headline::RollupHeadline;
use crate::domain::quantity::format_id;
use crate::domain::region::RegionCode;

use super::dates;

/// `Laporan pencetakan terakhir 14 Oktober 2022, 12 hari kerja lalu: stok hari ini adalah
/// perkiraan, dikurangi pemakaian sejak itu.` for a late reporter (`stale_days` > 0; for a roll-up,
/// `pooled`, its oldest office report); `None` when the reports are up to date. The briefing and
/// the web pages say it in these words.
pub fn stale_words(last_report: Option<chrono::NaiveDate>, stale_days: u32, pooled: bool) -> Option<String> {
    if stale_days == 0 {
        return None;
    }
    let when = last_report.map_or(String::new(), |d| format!(" {},", dates::long(d)));
    let whose = if pooled { "Laporan pencetakan tertua" } else { "Laporan pencetakan terakhir" };
    Some(format!(
        "{whose}{when} {} hari kerja lalu: stok hari ini adalah perkiraan, dikurangi pemakaian sejak itu.",
        format_id(i64::from(stale_days))
    ))
}

/// The headline as sentences, most important first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadlineWords {
    /// `4 dari 27 kabupaten/kota perlu perhatian: 1 merah, 3 kuning.`
    pub counts: String,
    /// `Paling cepat habis: Kabupaten Bekasi, 10 November 2022.`
    pub first_out: Option<String>,
    /// `Kekurangan: 120.000 keping …`
    pub shortfall: String,
    /// Second: `Bila stok dibagi merata, habis 13 Desember 2022.`
    pub pooled: String,
    /// The colour to show it in: the worst office's, so a green pool does not hide a red office.
    pub worst: Risk,
}

/// The words of `h`; `name_of` names an office by its code.
pub fn rollup_words(h: &RollupHeadline, name_of: impl Fn(&RegionCode) -> String) -> HeadlineWords {
    let parts: Vec<String> = [(h.habis, "habis"), (h.merah, "merah"), (h.kuning, "kuning")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{} {word}", format_id(i64::from(n))))
        .collect();
    let counts = if parts.is_empty() {
        format!("Semua {} kabupaten/kota berstatus hijau.", format_id(i64::from(h.members)))
    } else {
        format!(
            "{} dari {} kabupaten/kota perlu perhatian: {}.",
            format_id(i64::from(h.at_risk())),
            format_id(i64::from(h.members)),
            parts.join(", ")
        )
    };
    let first_out = h.first_out.as_ref().map(|m| {
        format!("Paling cepat habis: {}, {} ({}).", name_of(&m.region), dates::long(m.stockout_date), m.risk.as_str())
    });
    let shortfall = if h.shortfall_cards > 0 {
        format!(
            "Kekurangan: {} keping blanko di atas stok cadangan, untuk mencapai target stok dan antrean cetak.",
            format_id(h.shortfall_cards)
        )
    } else {
        "Tidak ada kekurangan: stok cadangan menutup kebutuhan semua kabupaten/kota.".to_string()
    };
    let pooled = match h.pooled_stockout {
        Some(d) => format!("Bila stok dibagi merata antarwilayah, habis {}.", dates::long(d)),
        None => "Bila stok dibagi merata antarwilayah, cukup sampai akhir masa perkiraan.".to_string(),
    };
    HeadlineWords { counts, first_out, shortfall, pooled, worst: h.worst() }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::forecast::rollup::MemberStockout;

    #[test]
    fn counts_first_then_who_runs_out_then_the_pooled_date() {
        let h = RollupHeadline {
            members: 27,
            habis: 0,
            merah: 1,
            kuning: 3,
            first_out: Some(MemberStockout {
                region: RegionCode::parse("32.16").unwrap(),
                stockout_date: NaiveDate::from_ymd_opt(2022, 11, 10).unwrap(),
                risk: Risk::Merah,
            }),
            shortfall_cards: 120_500,
            pooled_stockout: NaiveDate::from_ymd_opt(2022, 12, 13),
        };
        let w = rollup_words(&h, |c| if c.as_str() == "32.16" { "Kabupaten Bekasi".into() } else { c.to_string() });
        assert_eq!(w.counts, "4 dari 27 kabupaten/kota perlu perhatian: 1 merah, 3 kuning.");
        assert_eq!(w.first_out.as_deref(), Some("Paling cepat habis: Kabupaten Bekasi, 10 November 2022 (merah)."));
        assert!(w.shortfall.starts_with("Kekurangan: 120.500 keping"), "{}", w.shortfall);
        assert_eq!(w.pooled, "Bila stok dibagi merata antarwilayah, habis 13 Desember 2022.");
        assert_eq!(w.worst, Risk::Merah);
        let calm = rollup_words(&RollupHeadline { members: 2, ..RollupHeadline::default() }, RegionCode::to_string);
        assert_eq!(calm.counts, "Semua 2 kabupaten/kota berstatus hijau.");
        assert!(calm.first_out.is_none() && calm.shortfall.starts_with("Tidak ada kekurangan"));
    }
}
