#!/usr/bin/env python3
"""Writes a national blanko history for benchmarks: every kabupaten/kota, three years.

All 514 kabupaten/kota offices of seed-data/wilayah.csv (and, with
--kecamatan-prints, all 7,285 kecamatan service points) are simulated day by
day from December 2019 to 31 December 2022:

- the centre procures every quarter and allocates each quarter's cards;
- it ships blanko and ribbon to every kabupaten/kota every four weeks, sized to
  seven weeks of use, arriving after a lead time of 4-12 working days; from
  October 2022 the deliveries shrink to a third, so offices run out late in
  2022 as they did;
- every office prints every working day (weekday pattern, seasonal wave,
  day-to-day noise), never more than it holds; spoiled cards consume stock too;
- with --kecamatan-prints, each kabupaten/kota passes stock to its kecamatan
  every two weeks and the kecamatan print their share of the district's
  demand themselves (the 3.4 million-entry case of issue 10);
- the PRR backlog of every kecamatan is reported weekly and grows while its
  office cannot print;
- a few outages per office and year, and a stock count at every year end.

The files are CSV uploads (SPEC section 5) split by kind and year, with a
manifest.csv giving the load order. Stock is simulated exactly as blanko
books it, so every file imports without a `would_go_negative`.

Usage: python3 benches/national/generate.py OUT [--kecamatan-prints] [--provinces 32,36] [--seed N]
Standard library only; deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
import sys
from pathlib import Path

D = dt.date
ROOT = Path(__file__).resolve().parents[2]
START = D(2019, 12, 2)        # opening procurement and first shipments
PRINT_START = D(2020, 1, 2)   # first day of prints and backlog
END = D(2022, 12, 31)
SHRINK_FROM = D(2022, 10, 1)  # deliveries shrink from October 2022
RIBBON_CARDS = 450
WEEKDAY = (1.12, 1.06, 1.00, 0.97, 0.85)


def season(d: D) -> float:
    """A yearly wave: a rush after the school year starts, a lull at the end of the year."""
    return 1.0 + 0.12 * math.sin(2 * math.pi * (d.timetuple().tm_yday - 120) / 365.0)


class Calendar:
    def __init__(self, holidays: set[D]):
        self.holidays = holidays

    def working(self, d: D) -> bool:
        return d.weekday() < 5 and d not in self.holidays

    def days(self, a: D, b: D):
        d = a
        while d <= b:
            yield d
            d += dt.timedelta(days=1)

    def add(self, d: D, n: int) -> D:
        while n > 0:
            d += dt.timedelta(days=1)
            if self.working(d):
                n -= 1
        return d


class Office:
    __slots__ = ("code", "rate", "stock", "ribbon", "ribbon_cards", "parent", "kec", "prr", "prr_base",
                 "inflow_week", "printed_week", "share")

    def __init__(self, code: str, rate: float, parent: str | None):
        self.code, self.rate, self.parent = code, rate, parent
        self.stock = 0
        self.ribbon = 0
        self.ribbon_cards = 0
        self.kec: list[Office] = []
        self.prr = 0.0
        self.prr_base = 0.0
        self.inflow_week = 0.0
        self.printed_week = 0
        self.share = 0.0


def read_regions(provinces: set[str] | None):
    kab, kec = [], {}
    with open(ROOT / "seed-data/wilayah.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if provinces and r["kode"].split(".")[0] not in provinces:
                continue
            if r["tingkat"] in ("kabupaten", "kota"):
                kab.append(r["kode"])
            elif r["tingkat"] == "kecamatan":
                kec.setdefault(r["kode_induk"], []).append(r["kode"])
    return kab, kec


def read_holidays() -> set[D]:
    with open(ROOT / "seed-data/hari_libur.csv", encoding="utf-8", newline="") as f:
        return {D.fromisoformat(r["tanggal"]) for r in csv.DictReader(f)}


class Writer:
    """One CSV file per kind and year; the manifest lists them in load order."""

    HEADERS = {
        "procurements": "no_referensi,tanggal,barang,jumlah,keterangan",
        "allocations": "no_referensi,tanggal,tujuan,barang,jumlah,keterangan",
        "shipments": "no_referensi,tanggal_kirim,asal,tujuan,barang,jumlah,tanggal_terima,jumlah_diterima,jumlah_rusak,keterangan",
        "prints": "tanggal,wilayah,barang,dicetak,rusak",
        "backlog": "tanggal,wilayah,prr,perekaman,suket",
        "outages": "tanggal,wilayah,jam,sebab",
        "stock-counts": "tanggal,wilayah,barang,jumlah_fisik,keterangan",
    }
    ORDER = ["procurements", "allocations", "shipments", "prints", "backlog", "outages", "stock-counts"]

    def __init__(self, out: Path):
        self.out = out
        self.files: dict[tuple[str, int], object] = {}
        self.rows: dict[tuple[str, int], int] = {}

    def row(self, kind: str, year: int, line: str) -> None:
        key = (kind, year)
        f = self.files.get(key)
        if f is None:
            f = open(self.out / f"{kind}_{year}.csv", "w", encoding="utf-8", newline="")
            f.write(self.HEADERS[kind] + "\n")
            self.files[key] = f
            self.rows[key] = 0
        f.write(line + "\n")
        self.rows[key] += 1

    def close(self) -> None:
        for f in self.files.values():
            f.close()
        with open(self.out / "manifest.csv", "w", encoding="utf-8", newline="") as m:
            m.write("kind,file,rows\n")
            for kind in self.ORDER:
                for (k, year), n in sorted(self.rows.items()):
                    if k == kind:
                        m.write(f"{kind},{kind}_{year}.csv,{n}\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--kecamatan-prints", action="store_true")
    ap.add_argument("--provinces", default="", help="comma-separated province codes (default: all)")
    ap.add_argument("--seed", type=int, default=2022)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(a.seed)
    cal = Calendar(read_holidays())
    provinces = set(a.provinces.split(",")) if a.provinces else None
    kab_codes, kec_codes = read_regions(provinces)
    w = Writer(a.out)

    # Offices and their demand (cards per working day), scaled by the number of kecamatan.
    kab: list[Office] = []
    for code in kab_codes:
        kecs = kec_codes.get(code, [])
        total = (30 + 11 * max(len(kecs), 3)) * rnd.uniform(0.6, 1.6)
        o = Office(code, total, None)
        for kc in kecs:
            k = Office(kc, 0.0, code)
            k.share = rnd.uniform(0.5, 1.5)
            k.prr_base = rnd.uniform(20, 150)
            k.prr = k.prr_base
            o.kec.append(k)
        norm = sum(k.share for k in o.kec) or 1.0
        for k in o.kec:
            k.share /= norm
            if a.kecamatan_prints:
                k.rate = total * 0.6 * k.share
        if a.kecamatan_prints and o.kec:
            o.rate = total * 0.4
        kab.append(o)
    district_rate = {o.code: o.rate + sum(k.rate for k in o.kec) for o in kab}

    # The centre: a procurement every quarter sized to the nation's next quarter (plus a reserve),
    # allocated to every office at once; the last quarter of 2022 gets a third of it.
    national = sum(district_rate.values())
    quarter_starts = [d for d in (D(2019, 12, 2),) + tuple(D(y, m, 2) for y in (2020, 2021, 2022) for m in (3, 6, 9, 12))
                      if d <= END]
    procure_on: dict[D, tuple[int, int]] = {}
    for q in quarter_starts:
        n = int(national * 70 * (0.33 if q >= SHRINK_FROM else 1.0))
        if q == START:
            n *= 2
        rib = n // RIBBON_CARDS + len(kab) * 4
        procure_on[q] = (n, rib)
        w.row("procurements", q.year, f"PGD/{q.year}/{q.month:02d}/BLA,{q},blanko,{n},pengadaan APBN")
        w.row("procurements", q.year, f"PGD/{q.year}/{q.month:02d}/RIB,{q},ribbon,{rib},pengadaan APBN")
        for o in kab:
            share = int(n * district_rate[o.code] / national)
            w.row("allocations", q.year,
                  f"ALOK/{q.year}/{q.month:02d}/{o.code.replace('.', '')},{q},{o.code},blanko,{share},alokasi triwulan")
    pusat_stock = pusat_ribbon = 0

    # Shipment cycles: every office every 20 working days, offices spread over the cycle.
    offset = {o.code: i % 20 for i, o in enumerate(kab)}
    wd_index = 0
    pending: dict[D, list[tuple[Office, int, int]]] = {}      # receipt date -> (office, blanko, ribbon)
    kec_pending: dict[D, list[tuple[Office, int]]] = {}
    outages: set[tuple[str, D]] = set()
    for o in kab:
        for year in (2020, 2021, 2022):
            days = {D(year, 1, 1) + dt.timedelta(days=rnd.randint(0, 364)) for _ in range(rnd.randint(1, 3))}
            for day in sorted(days):
                if cal.working(day) and day >= PRINT_START:
                    hours = rnd.choice((2, 3, 4, 8))
                    cause = rnd.choice(("gangguan aplikasi SIAK", "listrik padam", "jaringan terputus", "printer rusak"))
                    w.row("outages", year, f"{day},{o.code},{hours},{cause}")
                    if hours >= 8:
                        outages.add((o.code, day))
    ship_no = 0
    for day in cal.days(START, END):
        if day in procure_on:
            pusat_stock += procure_on[day][0]
            pusat_ribbon += procure_on[day][1]
        # Receipts land first thing in the morning.
        for o, qty, rib in pending.pop(day, []):
            o.stock += qty
            o.ribbon += rib
        for k, qty in kec_pending.pop(day, []):
            k.stock += qty
        if not cal.working(day):
            continue
        wd_index += 1
        shrink = day >= SHRINK_FROM
        for o in kab:
            cycle = (wd_index + offset[o.code]) % 20
            rate = district_rate[o.code]
            if cycle == 0 or day == START:
                # Central delivery: six weeks of use less what the office and its kecamatan hold.
                held = o.stock + sum(k.stock for k in o.kec)
                want = max(0, int(rate * 36) - held)
                if shrink:
                    want //= 3
                want = min(want, pusat_stock)
                if want > 0:
                    ship_no += 1
                    rib = max(1, want // RIBBON_CARDS + 2)
                    rib = min(rib, pusat_ribbon)
                    pusat_stock -= want
                    pusat_ribbon -= rib
                    lead = rnd.randint(4, 12)
                    arrive = cal.add(day, lead)
                    damaged = min(want, rnd.randint(1, 40)) if rnd.random() < 0.05 else 0
                    got = want - damaged
                    code = o.code.replace(".", "")
                    for item, qty, rec, dmg in (("blanko", want, want, damaged), ("ribbon", rib, rib, 0)):
                        if qty <= 0:
                            continue
                        if arrive <= END:
                            w.row("shipments", day.year,
                                  f"KRM/PST/{day.year}/{ship_no:05d}/{code}/{item[:3].upper()},{day},PUSAT,{o.code},{item},{qty},{arrive},{rec},{dmg},")
                        else:
                            w.row("shipments", day.year,
                                  f"KRM/PST/{day.year}/{ship_no:05d}/{code}/{item[:3].upper()},{day},PUSAT,{o.code},{item},{qty},,,,")
                    if arrive <= END:
                        pending.setdefault(arrive, []).append((o, got, rib))
            if a.kecamatan_prints and cycle in (5, 15) and o.kec:
                # The office passes stock down every two weeks: three weeks of each kecamatan's use,
                # as far as it holds beyond a week of its own.
                for k in o.kec:
                    want = max(0, int(k.rate * 15) - k.stock)
                    want = min(want, max(0, o.stock - int(o.rate * 5)))
                    if want <= 0:
                        continue
                    o.stock -= want
                    kec_pending.setdefault(cal.add(day, 1), []).append((k, want))
                    w.row("shipments", day.year,
                          f"KRM/{o.code.replace('.', '')}/{day.year}/{wd_index:04d}/{k.code.replace('.', '')},{day},{o.code},{k.code},blanko,{want},{cal.add(day, 1)},{want},0,untuk layanan cetak kecamatan")
        if day < PRINT_START:
            continue
        factor = WEEKDAY[day.weekday()] * season(day)
        for o in kab:
            if (o.code, day) in outages:
                for k in o.kec:
                    k.inflow_week += district_rate[o.code] * k.share * factor
                continue
            district_cards = 0
            for who in ([o] + o.kec) if a.kecamatan_prints else [o]:
                if who.rate <= 0:
                    continue
                want = max(0, int(who.rate * factor * rnd.lognormvariate(0, 0.18) + 0.5))
                spoiled_want = int(want * 0.012 + rnd.random())
                printed = min(want, who.stock)
                spoiled = min(spoiled_want, who.stock - printed)
                who.stock -= printed + spoiled
                district_cards += printed + spoiled
                if who is not o:
                    who.printed_week += printed
                else:
                    # The office prints for every kecamatan in proportion.
                    for k in o.kec:
                        k.printed_week += printed * (k.share if not a.kecamatan_prints else 0)
                w.row("prints", day.year, f"{day},{who.code},blanko,{printed},{spoiled}")
            # Ribbon: one unit per 450 cards, taken at the office, as far as it holds ribbon.
            o.ribbon_cards += district_cards
            used = min(o.ribbon_cards // RIBBON_CARDS, o.ribbon)
            o.ribbon_cards -= used * RIBBON_CARDS
            o.ribbon -= used
            w.row("prints", day.year, f"{day},{o.code},ribbon,{used},0")
            for k in o.kec:
                k.inflow_week += district_rate[o.code] * k.share * factor
        # Weekly backlog, on Fridays (or the last working day of the week).
        nxt = cal.add(day, 1)
        if nxt.isocalendar()[1] != day.isocalendar()[1]:
            for o in kab:
                for k in o.kec:
                    k.prr = max(0.0, k.prr + k.inflow_week - k.printed_week)
                    recorded = int(k.inflow_week + 0.5)
                    suket = int(max(0.0, k.prr - k.prr_base))
                    w.row("backlog", day.year, f"{day},{k.code},{int(k.prr + 0.5)},{recorded},{suket}")
                    k.inflow_week, k.printed_week = 0.0, 0
        # Year-end stock counts at every office, with the odd unrecorded damaged card.
        if day.month == 12 and nxt.year != day.year:
            for o in kab:
                diff = -rnd.randint(1, 9) if rnd.random() < 0.15 else 0
                diff = max(diff, -o.stock)
                o.stock += diff
                note = "stock opname akhir tahun" + (": keping rusak belum dicatat" if diff else "")
                w.row("stock-counts", day.year, f"{day},{o.code},blanko,{o.stock},{note}")
    w.close()
    total = sum(w.rows.values())
    print(f"{total} rows in {len(w.files)} files under {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
