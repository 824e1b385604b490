//! Properties: no input panics; what is accepted is consistent.

use proptest::prelude::*;

use super::super::{Kind, parse_date, parse_whole};
use super::fixture::{World, run_in};

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), k in 0usize..Kind::ALL.len()) {
        let (_, summary) = run_in(&World::new(), Kind::ALL[k], &bytes);
        let _ = summary.errors.to_csv();
    }

    #[test]
    fn csv_like_noise_never_panics(
        cells in proptest::collection::vec("[0-9a-zA-Z.,;\t /\"\r\n-]{0,12}", 0..40),
        k in 0usize..Kind::ALL.len(),
    ) {
        let header = Kind::ALL[k].columns().iter().map(|c| c.field.indonesian()).collect::<Vec<_>>().join(";");
        let text = format!("{header}\n{}", cells.join(";"));
        let (rows, summary) = run_in(&World::new(), Kind::ALL[k], text.as_bytes());
        prop_assert!(rows.len() as u64 == summary.valid_rows);
        prop_assert!(summary.valid_rows <= summary.data_rows);
    }

    #[test]
    fn grouped_numbers_round_trip(n in 0i64..=1_000_000_000, sep in prop::sample::select(vec![".", ",", " "])) {
        let plain = n.to_string();
        let grouped = crate::domain::quantity::format_id(n).replace('.', sep);
        prop_assert_eq!(parse_whole(plain.as_bytes()), Ok(n));
        prop_assert_eq!(parse_whole(grouped.as_bytes()), Ok(n));
    }

    #[test]
    fn dates_round_trip(days in 0i64..60_000) {
        let date = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(days as u64);
        for style in ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"] {
            prop_assert_eq!(parse_date(date.format(style).to_string().as_bytes()), Some(date));
        }
    }
}
