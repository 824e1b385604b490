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
    AllocationRow, BacklogRow, OutageRow, PrintRow, ProcurementRow, Receipt, Row, ShipmentRow, StockCountRow,
};
use crate::domain::auth::Grant;
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
}
