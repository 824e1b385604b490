//! One builder per kind: typed values from the cells, then the checks inside the row. An upload
//! row and a single record sent as JSON (`parse_record`) go through the same builder.

use csv::ByteRecord;

use super::cells::{Cells, RegionCache};
use super::columns::Columns;
use super::context::ImportContext;
use super::error::{ErrorList, RowError};
use super::field::Field as F;
use super::kind::Kind;
use super::levels::route_problem;
use super::rows::{
    AllocationRow, BacklogRow, ComplaintDates, ComplaintRow, OutageRow, PrintRow, ProcurementRow, Receipt, Row,
    ShipmentRow, StockCountRow,
};
use crate::domain::auth::Grant;
use crate::domain::complaints::{Category, Channel};
use crate::domain::quantity::Quantity;

/// The columns of a single record: every field of `kind` in its order, named in English as the
/// JSON field, so every error (also the store's `conflict` and `out_of_scope`) names the field sent.
pub fn record_columns(kind: Kind) -> Columns {
    let mut columns = Columns::new(kind.columns().len());
    for (i, spec) in kind.columns().iter().enumerate() {
        columns.set(spec.field, i, spec.field.english().to_string());
    }
    columns
}

/// Validates one record given as field values (a JSON request, not a file: no header, no
/// delimiter, no quoting) with the builder of an upload row. An absent field is an empty cell;
/// errors carry line 2, the record's line in the equivalent file.
pub fn parse_record<C: ImportContext>(kind: Kind, values: &[(F, String)], ctx: &C) -> Result<Row, ErrorList> {
    let columns = record_columns(kind);
    let value = |field| values.iter().find(|(f, _)| *f == field).map_or("", |(_, v)| v.as_str());
    let record: ByteRecord = kind.columns().iter().map(|spec| value(spec.field)).collect();
    let mut cells = Cells {
        kind,
        columns: &columns,
        record: &record,
        line: 2,
        ctx,
        today: ctx.today(),
        regions: &mut RegionCache::default(),
        errors: Vec::new(),
    };
    let row = build_row(&mut cells);
    let mut errors = ErrorList::default();
    errors.extend(cells.errors);
    row.ok_or(errors)
}

/// Builds the row, or returns `None` with every bad cell in `cells.errors`.
/// Every cell is read even after a failure, so one pass reports all of a row's problems.
pub(crate) fn build_row<C: ImportContext>(c: &mut Cells<'_, C>) -> Option<Row> {
    let row = match c.kind {
        Kind::Shipments => shipment(c).map(|s| Row::Shipment(Box::new(s))),
        Kind::Allocations => {
            let (reference, date, to) = (c.required_text(F::Reference), c.date(F::Date, true), c.region(F::To));
            let (item, quantity, note) = (c.item(F::Item), c.quantity(F::Quantity, true), c.text(F::Note));
            Some(Row::Allocation(Box::new(AllocationRow {
                line: c.line,
                reference: reference?,
                date: date?,
                to: to?,
                item: item?,
                quantity: quantity?,
                note,
            })))
        }
        Kind::Procurements => {
            let (reference, date, item) = (c.required_text(F::Reference), c.date(F::Date, true), c.item(F::Item));
            let (quantity, note) = (c.quantity(F::Quantity, true), c.text(F::Note));
            Some(Row::Procurement(ProcurementRow {
                line: c.line,
                reference: reference?,
                date: date?,
                item: item?,
                quantity: quantity?,
                note,
            }))
        }
        Kind::Prints => {
            let (date, region, item) = (c.date(F::Date, true), c.region(F::Region), c.item(F::Item));
            let (printed, spoiled) = (c.quantity(F::Printed, true), c.quantity(F::Spoiled, false));
            Some(Row::Print(PrintRow {
                line: c.line,
                date: date?,
                region: region?,
                item: item?,
                printed: printed?,
                spoiled: spoiled.unwrap_or(Quantity::ZERO),
            }))
        }
        Kind::Backlog => {
            let (date, region, prr) = (c.date(F::Date, true), c.region(F::Region), c.quantity(F::Prr, true));
            let (recorded, suket) = (c.quantity(F::Recorded, false), c.quantity(F::Suket, false));
            Some(Row::Backlog(BacklogRow { line: c.line, date: date?, region: region?, prr: prr?, recorded, suket }))
        }
        Kind::StockCounts => {
            let (date, region, item) = (c.date(F::Date, true), c.region(F::Region), c.item(F::Item));
            let (counted, note) = (c.quantity(F::Counted, true), c.text(F::Note));
            Some(Row::StockCount(StockCountRow {
                line: c.line,
                date: date?,
                region: region?,
                item: item?,
                counted: counted?,
                note,
            }))
        }
        Kind::Outages => {
            let (date, region, hours) = (c.date(F::Date, true), c.region(F::Region), c.hours(F::Hours));
            let cause = c.required_text(F::Cause);
            Some(Row::Outage(OutageRow { line: c.line, date: date?, region: region?, hours: hours?, cause: cause? }))
        }
        Kind::Complaints => complaint(c).map(|r| Row::Complaint(Box::new(r))),
    };
    // An optional cell that failed returned `None` without stopping the row above.
    row.filter(|_| c.errors.is_empty())
}

fn shipment<C: ImportContext>(c: &mut Cells<'_, C>) -> Option<ShipmentRow> {
    let (reference, shipped_on) = (c.required_text(F::Reference), c.date(F::ShippedOn, true));
    let (from, to, item) = (c.region(F::From), c.region(F::To), c.item(F::Item));
    let quantity = c.quantity(F::Quantity, true);
    if let (Some(from), Some(to)) = (&from, &to)
        && let Some(problem) = route_problem(from, to)
    {
        c.fail(F::To, |l, col, v| RowError::wrong_route(l, col, v, from, to, problem));
    }
    let receipt = receipt(c, shipped_on, quantity);
    Some(ShipmentRow {
        line: c.line,
        reference: reference?,
        shipped_on: shipped_on?,
        from: from?,
        to: to?,
        item: item?,
        quantity: quantity?,
        receipt,
        note: c.text(F::Note),
        grant: Grant::Whole,
    })
}

fn complaint<C: ImportContext>(c: &mut Cells<'_, C>) -> Option<ComplaintRow> {
    let (reference, date, region) = (c.required_text(F::ComplaintNo), c.date(F::Date, true), c.region(F::Region));
    let channel = c.choice(F::Channel, false, Channel::parse, Channel::names);
    let category = c.choice(F::Category, true, Category::parse, Category::names);
    let (followed_up_on, closed_on) = (c.date(F::FollowedUpOn, false), c.date(F::ClosedOn, false));
    // Each date after the one it answers: the complaint, then the follow-up, then the closing.
    if let (Some(d), Some(f)) = (date, followed_up_on)
        && f < d
    {
        c.fail(F::FollowedUpOn, |l, col, v| {
            RowError::date_before(l, col, v, "Tanggal tindak lanjut", "tanggal aduan", d)
        });
    }
    let before_closing = [(followed_up_on, "tanggal tindak lanjut"), (date, "tanggal aduan")]
        .into_iter()
        .find_map(|(d, what)| d.zip(closed_on).filter(|(d, closed)| closed < d).map(|(d, _)| (d, what)));
    if let Some((d, what)) = before_closing {
        c.fail(F::ClosedOn, |l, col, v| RowError::date_before(l, col, v, "Tanggal selesai", what, d));
    }
    Some(ComplaintRow {
        line: c.line,
        reference: reference?,
        date: date?,
        region: region?,
        channel,
        category: category?,
        text: c.text(F::Text),
        follow_up: ComplaintDates { followed_up_on, closed_on },
    })
}

/// The receipt columns: all empty (no receipt), or date and quantity given (damaged optional),
/// consistent with the dispatch.
fn receipt<C: ImportContext>(
    c: &mut Cells<'_, C>,
    shipped_on: Option<chrono::NaiveDate>,
    shipped: Option<Quantity>,
) -> Option<Receipt> {
    let given = [F::ReceivedOn, F::ReceivedQuantity, F::DamagedQuantity].map(|f| !c.raw(f).is_empty());
    if !given.contains(&true) {
        return None;
    }
    for (field, present) in [(F::ReceivedOn, given[0]), (F::ReceivedQuantity, given[1])] {
        if !present {
            let error = RowError::receipt_incomplete(c.line, c.name(field));
            c.errors.push(error);
        }
    }
    let received_on = c.date(F::ReceivedOn, false);
    let received = c.quantity(F::ReceivedQuantity, false);
    let damaged = c.quantity(F::DamagedQuantity, false).unwrap_or(Quantity::ZERO);
    if let (Some(on), Some(sent)) = (received_on, shipped_on)
        && on < sent
    {
        c.fail(F::ReceivedOn, |l, col, v| RowError::received_before_shipped(l, col, v, sent));
    }
    if let (Some(got), Some(sent)) = (received, shipped)
        && got > sent
    {
        c.fail(F::ReceivedQuantity, |l, col, v| RowError::received_exceeds_shipped(l, col, v, got.get(), sent.get()));
    }
    if let Some(got) = received
        && damaged > got
    {
        c.fail(F::DamagedQuantity, |l, col, v| RowError::damaged_exceeds_received(l, col, v, damaged.get(), got.get()));
    }
    Some(Receipt { received_on: received_on?, received: received?, damaged })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::csv_import::ErrorCode;
    use crate::domain::csv_import::tests::fixture::World;

    fn values(pairs: &[(F, &str)]) -> Vec<(F, String)> {
        pairs.iter().map(|(f, v)| (*f, v.to_string())).collect()
    }

    #[test]
    fn validates_a_record_like_an_upload_row() {
        let world = World::new();
        let ok = parse_record(
            Kind::Prints,
            &values(&[(F::Date, "2022-01-03"), (F::Region, "3216"), (F::Printed, "12.500")]),
            &world,
        );
        assert!(matches!(ok, Ok(Row::Print(p)) if p.printed.get() == 12_500 && p.region.as_str() == "32.16"));
        let bad = parse_record(
            Kind::Prints,
            &values(&[(F::Date, "31/02/2022"), (F::Region, "32.16"), (F::Printed, "1")]),
            &world,
        );
        let errors = bad.unwrap_err().errors;
        assert_eq!((errors[0].code, errors[0].column.as_str(), errors[0].line), (ErrorCode::BadDate, "date", 2));
        let empty = parse_record(Kind::Outages, &[], &world).unwrap_err().errors;
        assert!(empty.iter().all(|e| e.code == ErrorCode::MissingValue));
        let named: Vec<&str> = empty.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(named, ["date", "region", "hours", "cause"]);
        assert_eq!(record_columns(Kind::Shipments).name(F::Reference), "reference");
    }

    #[test]
    fn complaint_rows_check_their_values_and_dates() {
        let world = World::new();
        let complaint = |extra: &[(F, &str)]| {
            let mut v = values(&[(F::ComplaintNo, "LAPOR-1"), (F::Date, "01/11/2022"), (F::Region, "32.16.01")]);
            v.extend(values(extra));
            parse_record(Kind::Complaints, &v, &world)
        };
        let Ok(Row::Complaint(ok)) = complaint(&[(F::Category, "Blanko Habis"), (F::Channel, "medsos")]) else {
            panic!("a valid complaint")
        };
        assert_eq!(ok.office().as_str(), "32.16");
        assert_eq!(ok.channel, Some(crate::domain::complaints::Channel::MediaSosial));
        let codes = |extra: &[(F, &str)]| -> Vec<(ErrorCode, String)> {
            complaint(extra).unwrap_err().errors.into_iter().map(|e| (e.code, e.column)).collect()
        };
        assert_eq!(
            codes(&[(F::Category, "habis"), (F::Channel, "surat")]),
            [(ErrorCode::UnknownValue, "channel".to_string()), (ErrorCode::UnknownValue, "category".to_string())]
        );
        assert_eq!(codes(&[]), [(ErrorCode::MissingValue, "category".to_string())]);
        let early = complaint(&[(F::Category, "antrean"), (F::FollowedUpOn, "2022-10-30")]).unwrap_err().errors;
        assert_eq!((early[0].code, early[0].column.as_str()), (ErrorCode::BadDate, "followed_up_on"));
        assert!(early[0].message.contains("lebih awal dari tanggal aduan 01/11/2022"), "{}", early[0].message);
        let closing =
            complaint(&[(F::Category, "antrean"), (F::FollowedUpOn, "2022-11-05"), (F::ClosedOn, "2022-11-03")]);
        let closing = closing.unwrap_err().errors;
        assert_eq!((closing[0].code, closing[0].column.as_str()), (ErrorCode::BadDate, "closed_on"));
        assert!(closing[0].message.contains("tanggal tindak lanjut 05/11/2022"), "{}", closing[0].message);
    }

    #[test]
    fn a_later_complaint_row_may_only_fill_in_its_dates() {
        use crate::domain::csv_import::{Verdict, judge};
        let world = World::new();
        let row = |extra: &[(F, &str)]| {
            let mut v = values(&[
                (F::ComplaintNo, "LAPOR-1"),
                (F::Date, "2022-11-01"),
                (F::Region, "32.16"),
                (F::Category, "antrean"),
            ]);
            v.extend(values(extra));
            match parse_record(Kind::Complaints, &v, &world) {
                Ok(Row::Complaint(c)) => *c,
                other => panic!("{other:?}"),
            }
        };
        let stored = row(&[]);
        assert_eq!(judge(&row(&[]), Some(&stored)), Verdict::Same);
        let followed = row(&[(F::FollowedUpOn, "2022-11-04")]);
        let Verdict::Update(dates) = judge(&followed, Some(&stored)) else { panic!("an update") };
        assert_eq!(dates.followed_up_on, chrono::NaiveDate::from_ymd_opt(2022, 11, 4));
        // Against the follow-up stored, an empty cell says nothing and a closing adds to it.
        assert_eq!(judge(&row(&[]), Some(&followed)), Verdict::Same);
        assert!(matches!(judge(&row(&[(F::ClosedOn, "2022-11-09")]), Some(&followed)), Verdict::Update(_)));
        let Verdict::Conflict(diffs) = judge(&row(&[(F::FollowedUpOn, "2022-11-05")]), Some(&followed)) else {
            panic!("another follow-up date is a conflict")
        };
        assert_eq!(diffs.len(), 1);
        assert_eq!(diffs[0].field, F::FollowedUpOn);
        // A closing before the stored follow-up cannot be merged.
        assert!(matches!(judge(&row(&[(F::ClosedOn, "2022-11-02")]), Some(&followed)), Verdict::Conflict(_)));
        let other = ComplaintRow { category: crate::domain::complaints::Category::Pelayanan, ..row(&[]) };
        assert!(matches!(judge(&other, Some(&stored)), Verdict::Conflict(_)));
    }
}
