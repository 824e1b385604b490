//! Snapshots of what a user reads when a file is refused (STYLE 12): the error list as the CSV the
//! command line writes beside the file and the API sends with `Accept: text/csv`, and as the JSON
//! rows of a 422. A change to a message or a column shows in review.

use super::fixture::run;
use crate::domain::csv_import::Kind;

/// A prints file with one mistake of each common kind, as offices make them.
const BAD_PRINTS: &str = "tanggal;wilayah;dicetak;rusak\n\
    31/02/2022;32.16;1.200;12\n\
    2022-10-03;32.99;1.200;0\n\
    2022-10-03;32;100;0\n\
    2022-10-04;32.16;1,5;0\n\
    2022-10-05;32.16;-4;0\n\
    2022-10-06;32.16;=2+3+cmd|' /C calc'!A0;0\n\
    2022-10-06;32.16;10;0\n";

#[test]
fn error_list_of_a_refused_prints_file() {
    let (_, summary) = run(Kind::Prints, BAD_PRINTS);
    insta::assert_snapshot!("prints_errors_csv", summary.errors.to_csv());
    let rows = serde_json::to_string_pretty(&summary.errors.errors).expect("error rows as JSON");
    insta::assert_snapshot!("prints_errors_json", rows);
}
