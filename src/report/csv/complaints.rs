//! Residents' complaints with their follow-up status on the as-of date.

use std::io::Write;

use chrono::NaiveDate;

use super::{CsvOptions, date, text, write_table};
use crate::domain::complaints::Complaint;
use crate::report::ReportError;
use crate::report::dates::iso;

/// One complaint per line, oldest first, with its age, the last day of its follow-up and where it
/// stands (`selesai`, `ditindaklanjuti`, `menunggu tindak lanjut`, `lewat batas`) on `as_of`
/// under a limit of `limit_days`; `nama_wilayah` from `name_of`.
pub fn write_complaints<'a, W: Write>(
    out: W,
    opts: CsvOptions,
    as_of: NaiveDate,
    limit_days: u32,
    rows: &'a [Complaint],
    name_of: impl Fn(&'a str) -> &'a str,
) -> Result<(), ReportError> {
    let header = [
        "no_aduan",
        "tanggal",
        "wilayah",
        "nama_wilayah",
        "kanal",
        "kategori",
        "isi",
        "tanggal_tindak_lanjut",
        "tanggal_selesai",
        "umur_hari",
        "batas_tindak_lanjut",
        "status",
        "terlambat",
    ];
    let lines = rows.iter().map(|c| {
        let f = c.follow_up(as_of, limit_days);
        vec![
            text(&c.reference),
            iso(c.date),
            text(&c.region),
            text(name_of(&c.region)),
            c.channel.map(|x| x.as_str().to_string()).unwrap_or_default(),
            c.category.as_str().to_string(),
            text(c.text.as_deref().unwrap_or("")),
            date(c.followed_up_on),
            date(c.closed_on),
            f.age_days.to_string(),
            iso(f.due_on),
            f.status.label().to_string(),
            if f.late { "ya" } else { "" }.to_string(),
        ]
    });
    write_table(out, opts, &header, lines)
}
