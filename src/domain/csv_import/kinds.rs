//! One builder per kind: typed values from the cells, then the checks inside the row.

use super::cells::Cells;
use super::context::ImportContext;
use super::error::RowError;
use super::field::Field as F;
use super::kind::Kind;
use super::levels::route_problem;
use super::rows::{
    AllocationRow, BacklogRow, OutageRow, PrintRow, ProcurementRow, Receipt, Row, ShipmentRow, StockCountRow,
};
use crate::domain::quantity::Quantity;

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
