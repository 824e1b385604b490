#!/usr/bin/env python3
"""Writes the blanko demo history for Jawa Barat (32) and Banten (36).

The history is a day-by-day simulation of the stock ledger of every
kabupaten/kota office (and two kecamatan service points), shaped after 2022:
regular central shipments until deliveries shrink sharply in October 2022,
Kabupaten Bekasi running dry for two weeks in November, a week lost to a
server outage in Kabupaten Garut, a loan from Kabupaten Karawang to
Kabupaten Bekasi, damaged cards and short deliveries on arrival, film running
out in Kota Depok, and a few stock counts.

The result is written as CSV upload files (SPEC section 5) in the mix of
formats real offices send, plus manifest.csv with the load order.

Usage: python3 seed-data/demo/generate.py [--data DIR]
Standard library only; deterministic (every random stream derives from 2022).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import math
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

D = dt.date
HERE = Path(__file__).resolve().parent
SEED = 2022

# ---------------------------------------------------------------- calendar

HISTORY_START = D(2021, 6, 1)   # opening procurement and first shipments
PRINT_START = D(2021, 7, 1)     # first day of prints and backlog
END = D(2022, 12, 31)           # nothing is dated after this
PROVINCES = ("32", "36")

CARDS_PER_UNIT = {"blanko": 1, "ribbon": 450, "film": 500}
ITEMS = ("blanko", "ribbon", "film")

# Recordings (and so prints) by weekday: busy Mondays, short Fridays (Jumatan).
WEEKDAY = (1.12, 1.06, 1.00, 0.97, 0.85)
MONTH = {1: 1.05, 2: 1.00, 3: 1.00, 4: 0.88, 5: 0.92, 6: 1.05,
         7: 1.10, 8: 1.05, 9: 1.00, 10: 1.00, 11: 1.00, 12: 0.92}

# ---------------------------------------------------------------- the story

BEKASI = "32.16"          # runs dry for two weeks in November 2022
KARAWANG = "32.15"        # lends to Bekasi at the end of November 2022
GARUT = "32.05"           # loses a week to a central server outage
DEPOK = "32.76"           # film binds: its film runs out at the end of November 2022
CIANJUR = "32.03"         # a wet consignment: many damaged cards
SUKABUMI, SURADE = "32.02", "32.02.24"   # kecamatan service point
LEBAK, MALINGPING = "36.02", "36.02.01"  # kecamatan service point

# Offices whose September 2022 shipment only covers until the given date;
# with almost nothing coming in October and November they run out.
RUNNERS = {
    BEKASI: D(2022, 11, 10),
    "32.01": D(2022, 11, 25),
    "32.04": D(2022, 12, 1),
    "32.09": D(2022, 11, 22),
    "32.75": D(2022, 11, 28),
    "36.03": D(2022, 11, 23),
    "36.71": D(2022, 11, 30),
}
# How deliveries shrink: a last fuller round in September, then part of the need for part of
# the offices in October and November, until the December procurement.
SEP_EXTRA = (5, 15)         # working days of extra cover in September (not for the runners)
OCT_SHARE, OCT_FACTOR = 0.85, (0.6, 0.9)
NOV_SHARE, NOV_FACTOR = 0.5, (0.4, 0.6)
BEKASI_NOV = (D(2022, 11, 7), 2000)                 # the one small November delivery
LOAN = (D(2022, 11, 30), D(2022, 12, 1), 8000)       # Karawang -> Bekasi
GARUT_OUTAGE = [D(2022, 10, 3) + dt.timedelta(days=i) for i in range(5)]
DEPOK_FILM_UNTIL = D(2022, 11, 10)                   # film shipped in Sep-Nov covers at most until here
DEC_RESTART = D(2022, 12, 12)                        # first shipments after the December procurement
PROCUREMENT_DATES = [D(2021, 6, 1), D(2021, 11, 15), D(2022, 3, 14), D(2022, 7, 11), D(2022, 12, 9)]

SERVICE_POINT_SHIPMENTS = [  # (date, from, to, blanko, ribbon, film)
    (D(2022, 3, 7), SUKABUMI, SURADE, 1500, 4, 4),
    (D(2022, 6, 6), SUKABUMI, SURADE, 1000, 3, 3),
    (D(2022, 8, 8), LEBAK, MALINGPING, 1200, 3, 3),
]

# (date, region, item, delta, note): physical count = book + delta at the end of the day.
# Negative deltas are always safe to load after the prints; positive ones only
# where the office never comes near zero afterwards (check.py verifies).
STOCK_COUNTS = [
    (D(2021, 12, 31), "32.73", "blanko", -7, "stock opname akhir tahun: 7 keping rusak belum dicatat"),
    (D(2021, 12, 31), "32.02", "blanko", -3, "stock opname akhir tahun"),
    (D(2021, 12, 31), "36.74", "blanko", 4, "stock opname akhir tahun: selisih lebih 4 keping"),
    (D(2021, 12, 31), "32.11", "blanko", -12, "stock opname akhir tahun: selisih kurang"),
    (D(2022, 6, 30), "32.17", "blanko", -5, "stock opname semester I"),
    (D(2022, 6, 30), "36.01", "blanko", -9, "stock opname semester I: kartu tertekuk"),
    (D(2022, 6, 30), "32.08", "blanko", 2, "stock opname semester I: selisih lebih"),
    (D(2022, 6, 30), "32.78", "blanko", -4, "stock opname semester I"),
    (D(2022, 9, 30), "32.73", "ribbon", -1, "1 roll ribbon kering, tidak dapat dipakai"),
    (D(2022, 10, 28), BEKASI, "blanko", -6, "pemeriksaan stok oleh Inspektorat: 6 keping rusak"),
]

OUTAGE_CAUSES = [
    ("listrik padam", (2, 3, 4), False),
    ("jaringan internet terputus", (2, 3, 5), True),
    ("printer rusak, menunggu teknisi", (4, 8), False),
    ("gangguan aplikasi SIAK", (3, 4), True),
    ("kantor tutup: kegiatan dinas", (8,), False),
]


def stream(name: str) -> random.Random:
    """An independent random stream per concern, so one change does not reshuffle all."""
    return random.Random(f"{SEED}:{name}")


class Calendar:
    """Working days (Monday-Friday less national holidays)."""

    def __init__(self, holidays: set[D]):
        self.holidays = holidays
        days, d = [], HISTORY_START - dt.timedelta(days=40)
        while d <= END + dt.timedelta(days=200):
            if self.is_working(d):
                days.append(d)
            d += dt.timedelta(days=1)
        self.days = days

    def is_working(self, d: D) -> bool:
        return d.weekday() < 5 and d not in self.holidays

    def on_or_after(self, d: D) -> D:
        return self.days[bisect.bisect_left(self.days, d)]

    def add(self, d: D, n: int) -> D:
        """The n-th working day after d (n >= 1)."""
        return self.days[bisect.bisect_right(self.days, d) + n - 1]

    def between(self, a: D, b: D) -> int:
        """Working days in (a, b]."""
        if b <= a:
            return 0
        return bisect.bisect_right(self.days, b) - bisect.bisect_right(self.days, a)


def season(d: D) -> float:
    f = MONTH[d.month]
    if d.year == 2021 and d.month == 7:
        f *= 0.70  # PPKM Darurat
    elif d.year == 2021 and d.month == 8:
        f *= 0.85
    if D(2022, 4, 29) <= d <= D(2022, 5, 9):
        f *= 0.55  # Lebaran and cuti bersama
    return f * (1 + 0.08 * (d - PRINT_START).days / 365)


# ---------------------------------------------------------------- regions

@dataclass
class Office:
    code: str
    name: str
    kota: bool
    kecs: list[str]
    base: float = 0.0            # recordings per working day at season 1.0
    cap: int = 0                 # printing capacity per day
    spoil: float = 0.015
    wave: int = 0
    lead: tuple[int, int] = (3, 6)
    safety: int = 10             # working days of stock the office asks to keep beyond the next delivery
    rk: dict[str, float] = field(default_factory=dict)
    norm: dict[str, int] = field(default_factory=dict)


def read_regions(data: Path):
    offices, names = [], {}
    with open(data / "wilayah.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        names[r["kode"]] = r["nama"]
    for r in rows:
        if r["tingkat"] in ("kabupaten", "kota") and r["kode_induk"] in PROVINCES:
            kecs = [x["kode"] for x in rows if x["tingkat"] == "kecamatan" and x["kode_induk"] == r["kode"]]
            offices.append(Office(r["kode"], r["nama"], r["tingkat"] == "kota", kecs))
    offices.sort(key=lambda o: o.code)
    return offices, names


def read_holidays(data: Path) -> set[D]:
    with open(data / "hari_libur.csv", encoding="utf-8", newline="") as f:
        return {D.fromisoformat(r["tanggal"]) for r in csv.DictReader(f)}


NEAR = {"32.01", "32.15", "32.16", "32.71", "32.75", "32.76", "36.03", "36.71", "36.74"}
FAR = {"32.05", "32.06", "32.07", "32.18", "32.78", "32.79", "36.01", "36.02"}


def size_offices(offices: list[Office]) -> None:
    rng = stream("size")
    for i, o in enumerate(offices):
        size = len(o.kecs) * rng.uniform(0.8, 1.25) * (2.0 if o.kota else 1.0)
        if o.code == BEKASI:
            size *= 1.35  # the most populous kabupaten of Jawa Barat after Bogor
        o.base = size * 16.0
        o.cap = int(o.base * 1.55)
        o.spoil = rng.uniform(0.008, 0.02)
        o.wave = i % 4
        o.lead = (3, 6) if o.code in NEAR else (5, 10) if o.code in FAR else (4, 8)
        o.safety = rng.randint(8, 12) if o.code in RUNNERS else rng.randint(10, 32)
        weights = [rng.uniform(0.5, 1.5) for _ in o.kecs]
        total = sum(weights)
        for k, w in zip(o.kecs, weights):
            o.rk[k] = o.base * w / total
            o.norm[k] = int(o.rk[k] * rng.uniform(3, 8))


# ---------------------------------------------------------------- simulation

@dataclass
class Shipment:
    ref: str
    sender: str
    receiver: str
    item: str
    qty: int
    shipped: D
    received: D | None = None
    recv_qty: int | None = None
    damaged: int | None = None
    note: str = ""
    group: str = "pusat"


class Sim:
    def __init__(self, offices, cal: Calendar):
        self.offices = offices
        self.by_code = {o.code: o for o in offices}
        self.cal = cal
        self.stock: dict[tuple[str, str], int] = {}
        self.cum: dict[str, int] = {}            # cards consumed per holder (ribbon/film wear)
        self.transit: dict[tuple[str, str], int] = {}
        self.arrivals: dict[D, list[Shipment]] = {}
        self.shipments: list[Shipment] = []
        self.prints: list[tuple] = []
        self.backlog: list[tuple] = []
        self.outage_rows: list[tuple] = []
        self.count_rows: list[tuple] = []
        self.prr: dict[str, int] = {}
        self.rec_week: dict[str, int] = {}
        self.suket_week: dict[str, int] = {}
        self.pusat_min = 0
        self.dry: dict[str, list[D]] = {}
        self.depok_refill: D | None = None   # film sent two working days after Depok runs out
        self.rng_rec = stream("recordings")
        self.rng_print = stream("prints")
        self.rng_ship = stream("shipments")
        self.service_points = {SURADE: SUKABUMI, MALINGPING: LEBAK}
        for o in offices:
            for k in o.kecs:
                self.prr[k] = o.norm[k]
                self.rec_week[k] = 0
                self.suket_week[k] = 0
        self.outages = self.plan_outages()
        self.schedule = self.plan_dispatches()

    # -- helpers
    def st(self, h: str, item: str) -> int:
        return self.stock.get((h, item), 0)

    def add(self, h: str, item: str, n: int) -> None:
        self.stock[(h, item)] = self.st(h, item) + n

    def printable(self, h: str) -> int:
        used = self.cum.get(h, 0)
        ribbon = self.st(h, "ribbon") * 450 - used % 450
        film = self.st(h, "film") * 500 - used % 500
        return max(0, min(self.st(h, "blanko"), ribbon, film))

    def consume(self, h: str, n: int) -> tuple[int, int]:
        before = self.cum.get(h, 0)
        after = before + n
        self.cum[h] = after
        ribbon = after // 450 - before // 450
        film = after // 500 - before // 500
        self.add(h, "blanko", -n)
        self.add(h, "ribbon", -ribbon)
        self.add(h, "film", -film)
        return ribbon, film

    # -- plans
    def plan_outages(self) -> dict[tuple[str, D], tuple[int, str, bool]]:
        rng = stream("outages")
        out = {(GARUT, d): (8, "server pusat gangguan", True) for d in GARUT_OUTAGE}
        days = [d for d in self.cal.days if D(2021, 8, 1) <= d <= D(2022, 12, 23)]
        quiet = set(RUNNERS) | {DEPOK, GARUT, KARAWANG}
        while len(out) < 5 + 22:
            o = rng.choice(self.offices).code
            d = rng.choice(days)
            if o in quiet and d >= D(2022, 9, 1):
                continue
            if (o, d) in out:
                continue
            cause, hours, server = rng.choice(OUTAGE_CAUSES)
            out[(o, d)] = (rng.choice(hours), cause, server)
        return out

    def plan_dispatches(self) -> dict[D, list[tuple[str, str]]]:
        """Dispatch dates per office: (office, mode)."""
        rng = stream("schedule")
        plan: dict[D, list[tuple[str, str]]] = {}
        self.next_dispatch: dict[tuple[str, D], D] = {}

        def put(d, code, mode):
            plan.setdefault(d, []).append((code, mode))

        for i, o in enumerate(self.offices):
            dates = [self.cal.add(HISTORY_START, 1 + i % 5)]
            modes = ["normal"]
            y, m = 2021, 7
            while (y, m) <= (2022, 10):
                day = 2 + o.wave * 6 + rng.randint(0, 2)
                dates.append(self.cal.on_or_after(D(y, m, day)))
                modes.append("sep" if (y, m) == (2022, 9) else "oct" if (y, m) == (2022, 10) else "normal")
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            for a, b in zip(dates, dates[1:]):
                self.next_dispatch[(o.code, a)] = b
            for d, mode in zip(dates, modes):
                put(d, o.code, mode)
        others = [o.code for o in self.offices if o.code not in RUNNERS and o.code not in (KARAWANG, DEPOK)]
        runners = sorted(c for c in RUNNERS if c != BEKASI)
        self.oct_served = set(rng.sample(others, k=int(len(others) * OCT_SHARE))) | {KARAWANG, DEPOK}
        self.nov_served = set(rng.sample(runners, 2)) | set(rng.sample(others, int(len(others) * NOV_SHARE)))
        for code in sorted(self.nov_served):
            put(self.cal.on_or_after(D(2022, 11, 2 + rng.randint(0, 12))), code, "nov")
        put(BEKASI_NOV[0], BEKASI, "nov")
        for o in self.offices:
            if o.code in RUNNERS:
                d = DEC_RESTART
            else:
                d = self.cal.add(DEC_RESTART, 1 + rng.randint(0, 2))
            put(d, o.code, "dec")
        # A second December round leaves a few shipments still on the road at the end of the year.
        for code in sorted(rng.sample(others, 6)):
            put(self.cal.add(D(2022, 12, 26), rng.randint(1, 3)), code, "late")
        return plan

    # -- shipments
    def rate(self, o: Office, d: D) -> float:
        return o.base * season(d)

    def expected(self, o: Office, d: D, until: D) -> float:
        """Cards the office should use in (d, until], season by season."""
        i = bisect.bisect_right(self.cal.days, max(d, PRINT_START - dt.timedelta(days=1)))
        j = bisect.bisect_right(self.cal.days, until)
        return sum(o.base * season(x) for x in self.cal.days[i:j])

    def need(self, o: Office, d: D, until: D) -> float:
        excess = sum(max(0, self.prr[k] - o.norm[k]) for k in o.kecs)
        return (self.expected(o, d, until) + 0.5 * excess
                - self.st(o.code, "blanko") - self.transit.get((o.code, "blanko"), 0))

    def ship(self, d: D, ref: str, sender: str, receiver: str, item: str, qty: int,
             lead: int, note: str = "", group: str = "pusat",
             damaged: int = 0, short: int = 0) -> Shipment:
        s = Shipment(ref, sender, receiver, item, qty, d, note=note, group=group)
        self.add(sender, item, -qty)
        if sender != "PUSAT":
            assert self.st(sender, item) >= 0, (d, sender, item)
        else:
            self.pusat_min = min(self.pusat_min, self.st("PUSAT", "blanko"))
        arrive = self.cal.add(d, lead)
        if arrive <= END:
            s.received, s.recv_qty, s.damaged = arrive, qty - short, damaged
            self.arrivals.setdefault(arrive, []).append(s)
        self.transit[(receiver, item)] = self.transit.get((receiver, item), 0) + qty
        self.shipments.append(s)
        return s

    def consumables(self, d: D, o: Office, blanko_qty: int, ref: str, lead: int) -> None:
        """Ribbon and film sent with a blanko shipment: enough for the blanko on hand, plus a little."""
        cards = self.st(o.code, "blanko") + self.transit.get((o.code, "blanko"), 0) + blanko_qty
        for item, tag in (("ribbon", "RBN"), ("film", "FLM")):
            unit = CARDS_PER_UNIT[item]
            target = cards * 1.06 + 2 * unit
            if o.code == DEPOK and item == "film" and D(2022, 9, 1) <= d < D(2022, 12, 1):
                target = self.expected(o, d, DEPOK_FILM_UNTIL)
            have = self.st(o.code, item) * unit - self.cum.get(o.code, 0) % unit
            have += self.transit.get((o.code, item), 0) * unit
            units = math.ceil(max(0.0, target - have) / unit)
            if units > 0:
                self.ship(d, f"{ref}/{tag}", "PUSAT", o.code, item, units, lead)

    def dispatch(self, d: D) -> None:
        for code, mode in self.schedule.get(d, []):
            o = self.by_code[code]
            rng = self.rng_ship
            lead = rng.randint(*o.lead)
            # A regular delivery tops the office up to cover until its next delivery has
            # arrived, plus the office's own safety margin.
            nxt = self.next_dispatch.get((code, d), self.cal.add(d, 22))
            horizon = self.cal.add(nxt, o.lead[1] + o.safety)
            if mode == "normal":
                qty = self.need(o, d, horizon) * rng.uniform(0.97, 1.1)
            elif mode == "sep":
                # The centre sends out what it still has before the gap; the runners get less.
                extra = self.cal.add(horizon, rng.randint(*SEP_EXTRA))
                qty = self.need(o, d, RUNNERS[code] if code in RUNNERS else extra)
            elif mode == "oct":
                if code not in self.oct_served:
                    continue
                if code in (KARAWANG, DEPOK):
                    # Karawang keeps enough to lend to Bekasi; Depok's blanko is fine (its film is not).
                    qty = self.need(o, d, self.cal.add(d, 55)) + (LOAN[2] if code == KARAWANG else 0)
                else:
                    qty = self.need(o, d, horizon) * rng.uniform(*OCT_FACTOR)
            elif mode == "nov":
                if code == BEKASI:
                    qty = BEKASI_NOV[1]
                    lead = 3
                else:
                    qty = self.need(o, d, self.cal.add(d, 22 + o.lead[1] + o.safety)) * rng.uniform(*NOV_FACTOR)
            elif mode == "dec":
                qty = self.need(o, d, self.cal.add(d, 35))
                if code == BEKASI:
                    lead = 3
            else:  # late: second December round, arrives in January 2023
                qty = self.expected(o, d, self.cal.add(d, 20))
            qty = int(math.ceil(qty / 500.0)) * 500
            if qty < 500:
                continue
            ref = f"KRM/PST/{d:%Y/%m}/{code.replace('.', '')}" + ("-2" if mode == "late" else "")
            damaged, short, note = 0, 0, ""
            u = rng.random()
            if code == CIANJUR and d.year == 2022 and d.month == 2:
                damaged, note = 1200, "2 dus basah terkena hujan, kartu rusak"
            elif u < 0.014:
                damaged = rng.choice((25, 40, 60, 100, 150, 250))
                note = "kartu rusak/tertekuk saat diterima"
            elif u < 0.024 and qty >= 2000:
                short = 500
                note = "kurang 1 dus saat diterima"
            if mode in ("oct", "nov"):
                note = note or "pengiriman terbatas: stok pusat menipis"
            if mode in ("dec", "late"):
                note = note or "pengadaan tambahan Desember 2022"
            self.ship(d, f"{ref}/BLK", "PUSAT", code, "blanko", qty, lead, note, damaged=damaged, short=short)
            self.consumables(d, o, qty, ref, lead)

        if d == self.depok_refill:
            o = self.by_code[DEPOK]
            units = math.ceil(self.rate(o, d) * 45 / 500)
            self.ship(d, f"KRM/PST/{d:%Y/%m}/3276/FLM-2", "PUSAT", DEPOK, "film", units, 4,
                      "film susulan: stok film habis")
        if d == LOAN[0]:
            qty = LOAN[2]
            assert self.st(KARAWANG, "blanko") >= qty + 1000, self.st(KARAWANG, "blanko")
            note = "pinjam pakai atas arahan Disdukcapil Provinsi Jawa Barat"
            lead = self.cal.between(d, LOAN[1])
            ref = f"PINJAM/3215-3216/{d:%Y}/001"
            self.ship(d, ref, KARAWANG, BEKASI, "blanko", qty, lead, note, group="antar")
            self.ship(d, ref + "/RBN", KARAWANG, BEKASI, "ribbon", math.ceil(qty * 1.05 / 450), lead, note, group="antar")
            self.ship(d, ref + "/FLM", KARAWANG, BEKASI, "film", math.ceil(qty * 1.05 / 500), lead, note, group="antar")
        for n, (sd, src, dst, b, r, f) in enumerate(SERVICE_POINT_SHIPMENTS, 1):
            if sd == d:
                ref = f"KRM/{src.replace('.', '')}/{d:%Y}/{n:03d}"
                note = f"untuk layanan cetak di kecamatan ({dst})"
                self.ship(d, ref, src, dst, "blanko", b, 1, note, group="antar")
                self.ship(d, ref + "/RBN", src, dst, "ribbon", r, 1, note, group="antar")
                self.ship(d, ref + "/FLM", src, dst, "film", f, 1, note, group="antar")

    def receive(self, d: D) -> None:
        for s in self.arrivals.get(d, []):
            self.add(s.receiver, s.item, s.recv_qty - s.damaged)
            self.transit[(s.receiver, s.item)] -= s.qty

    # -- printing
    def split(self, total: int, pend: dict[str, int]) -> dict[str, int]:
        """Shares `total` over kecamatan in proportion to what each has pending."""
        whole = sum(pend.values())
        if whole == 0 or total == 0:
            return {k: 0 for k in pend}
        raw = {k: total * v / whole for k, v in pend.items()}
        out = {k: min(pend[k], int(v)) for k, v in raw.items()}
        rest = total - sum(out.values())
        for k in sorted(pend, key=lambda k: raw[k] - int(raw[k]), reverse=True):
            if rest <= 0:
                break
            if out[k] < pend[k]:
                out[k] += 1
                rest -= 1
        return out

    def print_office(self, d: D, o: Office) -> None:
        rp, rr = self.rng_print, self.rng_rec
        hours, _, server = self.outages.get((o.code, d), (0, "", False))
        avail = 1 - hours / 8
        f = season(d) * WEEKDAY[d.weekday()]
        rec = {}
        for k in o.kecs:
            r = o.rk[k] * f * max(0.0, rr.gauss(1.0, 0.18))
            if server:
                r *= avail
            rec[k] = int(round(r))
            self.rec_week[k] += rec[k]
        # Kecamatan service points print for their own kecamatan while they hold stock.
        served = set()
        for k in o.kecs:
            if k in self.service_points and self.printable(k) > 0:
                served.add(k)
                pend = self.prr[k] + rec[k]
                want = min(pend, 45, int(rec[k] + 0.3 * max(0, self.prr[k] - o.norm[k] // 2)))
                spoil = 1 if rp.random() < 0.015 * want else 0
                use = min(want + spoil, self.printable(k))
                spoil = min(spoil, use)
                printed = use - spoil
                ribbon, film = self.consume(k, use)
                self.prr[k] = pend - printed
                if use:
                    self.prints.append((d, k, "blanko", printed, spoil))
                if ribbon:
                    self.prints.append((d, k, "ribbon", ribbon, 0))
                if film:
                    self.prints.append((d, k, "film", film, 0))
        rest = [k for k in o.kecs if k not in served]
        pend = {k: self.prr[k] + rec[k] for k in rest}
        excess = sum(self.prr[k] - o.norm[k] for k in rest)
        want = sum(rec[k] for k in rest) * rp.uniform(0.92, 1.08) + 0.12 * excess
        want = int(round(max(0.0, min(want, o.cap * WEEKDAY[d.weekday()] / 1.12, sum(pend.values())))))
        want = int(want * avail)
        spoil_want = int(round(want * o.spoil * rp.uniform(0.5, 1.5)))
        can = self.printable(o.code)
        short = 0.0
        if want + spoil_want <= can:
            printed, spoiled = want, spoil_want
        else:
            spoiled = min(spoil_want, int(round(can * o.spoil)))
            printed = can - spoiled
            short = 1 - printed / want if want else 0.0
        ribbon, film = self.consume(o.code, printed + spoiled)
        got = self.split(printed, pend)
        for k in rest:
            self.prr[k] = pend[k] - got[k]
            if short > 0:
                self.suket_week[k] += int(round(rec[k] * short * rp.uniform(0.6, 0.9)))
            if rp.random() < 0.03:
                self.suket_week[k] += 1
        self.prints.append((d, o.code, "blanko", printed, spoiled))
        if want > 0 and can == 0:
            self.dry.setdefault(o.code, []).append(d)
        if ribbon:
            self.prints.append((d, o.code, "ribbon", ribbon, 0))
        if film:
            self.prints.append((d, o.code, "film", film, 0))
        if (o.code, d) in self.outages:
            h, cause, _ = self.outages[(o.code, d)]
            self.outage_rows.append((d, o.code, h, cause))

    def run(self) -> None:
        counts = {}
        for c in STOCK_COUNTS:
            counts.setdefault(c[0], []).append(c)
        d = HISTORY_START
        while d <= END:
            self.receive(d)
            self.dispatch(d)
            if d >= PRINT_START and self.cal.is_working(d):
                for o in self.offices:
                    self.print_office(d, o)
                if (self.depok_refill is None and d >= D(2022, 11, 1) and self.printable(DEPOK) == 0
                        and self.st(DEPOK, "blanko") > 0):
                    self.depok_refill = self.cal.add(d, 2)
            for day, region, item, delta, note in counts.get(d, []):
                book = self.st(region, item)
                counted = max(0, book + delta)
                self.add(region, item, counted - book)
                self.count_rows.append((d, region, item, counted, note))
            if d >= PRINT_START and d.weekday() == 4:
                for o in self.offices:
                    for k in o.kecs:
                        self.backlog.append((d, k, self.prr[k], self.rec_week[k], self.suket_week[k]))
                        self.rec_week[k] = 0
                        self.suket_week[k] = 0
            for (h, item), v in self.stock.items():
                assert h == "PUSAT" or v >= 0, (d, h, item, v)
            d += dt.timedelta(days=1)


# ---------------------------------------------------------------- procurements and allocations

def procurements(sim: Sim) -> list[dict]:
    """Sized after the fact so the centre never goes negative, and is nearly empty in late 2022."""
    rows = []
    margin = {"blanko": (60000, 60000, 60000, 9000, 250000),
              "ribbon": (120, 120, 120, 25, 600), "film": (120, 120, 120, 25, 600)}
    step = {"blanko": 10000, "ribbon": 50, "film": 50}
    bounds = PROCUREMENT_DATES + [END + dt.timedelta(days=1)]
    for item in ITEMS:
        carry = 0
        for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
            out = sum(s.qty for s in sim.shipments if s.sender == "PUSAT" and s.item == item and a <= s.shipped < b)
            amount = max(0, out + margin[item][i] - carry)
            amount = int(math.ceil(amount / step[item])) * step[item]
            carry = carry + amount - out
            note = ("pengadaan tambahan akhir tahun" if i == 4 else
                    "pengadaan APBN perubahan" if i == 3 else "pengadaan APBN")
            rows.append({"ref": f"PGD/{a:%Y}/{i + 1:02d}/{item[:3].upper()}", "date": a,
                         "item": item, "qty": amount, "note": note})
    rows.sort(key=lambda r: (r["date"], ITEMS.index(r["item"])))
    return rows


def allocations(sim: Sim, procs: list[dict]) -> list[dict]:
    """Each blanko procurement is committed to the kabupaten/kota in proportion to a size with noise."""
    rng = stream("allocations")
    rows = []
    for p in procs:
        if p["item"] != "blanko":
            continue
        weights = {o.code: len(o.kecs) * (2.0 if o.kota else 1.0) * rng.uniform(0.85, 1.15) for o in sim.offices}
        total = sum(weights.values())
        pool = p["qty"] * 0.97
        when = sim.cal.add(p["date"], 2)
        n = PROCUREMENT_DATES.index(p["date"]) + 1
        for code, w in weights.items():
            qty = int(round(pool * w / total / 500)) * 500
            rows.append({"ref": f"ALOK/{when:%Y}/{n:02d}/{code.replace('.', '')}", "date": when,
                         "to": code, "item": "blanko", "qty": qty,
                         "note": f"alokasi tahap {n} ({p['ref']})"})
    return rows


# ---------------------------------------------------------------- file formats

@dataclass
class Dialect:
    delim: str = ","
    bom: bool = False
    crlf: bool = False
    lang: str = "en"            # header language
    header: str = "lower"       # lower | upper | title
    date: str = "iso"           # iso | slash | dash
    num: str = "plain"          # plain | dot | comma | space
    dotted: bool = True         # region codes with dots
    blank_zero: bool = False    # optional zero cells left empty
    blank_item: bool = False    # barang left empty for blanko (the default)


EXCEL_ID = Dialect(";", True, True, "id", "lower", "slash", "dot", True)
EXCEL_ID_UPPER = Dialect(";", True, True, "id", "upper", "slash", "dot", True, blank_zero=True)
EXCEL_ID_NODOT = Dialect(";", True, True, "id", "title", "slash", "dot", False, blank_item=True)
PLAIN_EN = Dialect(",", False, False, "en", "lower", "iso", "plain", True)
QUOTED_EN = Dialect(",", False, True, "en", "title", "iso", "comma", True)
TAB_ID = Dialect("\t", False, False, "id", "title", "dash", "plain", False, blank_zero=True)
TAB_EN = Dialect("\t", False, True, "en", "upper", "dash", "space", False)

COLUMNS = {
    "procurements": [("no_referensi", "reference"), ("tanggal", "date"), ("barang", "item"),
                     ("jumlah", "quantity"), ("keterangan", "note")],
    "allocations": [("no_referensi", "reference"), ("tanggal", "date"), ("tujuan", "to"),
                    ("barang", "item"), ("jumlah", "quantity"), ("keterangan", "note")],
    "shipments": [("no_referensi", "reference"), ("tanggal_kirim", "shipped_on"), ("asal", "from"),
                  ("tujuan", "to"), ("barang", "item"), ("jumlah", "quantity"),
                  ("tanggal_terima", "received_on"), ("jumlah_diterima", "received_quantity"),
                  ("jumlah_rusak", "damaged_quantity"), ("keterangan", "note")],
    "prints": [("tanggal", "date"), ("wilayah", "region"), ("barang", "item"),
               ("dicetak", "printed"), ("rusak", "spoiled")],
    "backlog": [("tanggal", "date"), ("wilayah", "region"), ("prr", "prr"),
                ("perekaman", "recorded"), ("suket", "suket")],
    "stock-counts": [("tanggal", "date"), ("wilayah", "region"), ("barang", "item"),
                     ("jumlah_fisik", "counted"), ("keterangan", "note")],
    "outages": [("tanggal", "date"), ("wilayah", "region"), ("jam", "hours"), ("sebab", "cause")],
    "complaints": [("no_aduan", "reference"), ("tanggal", "date"), ("wilayah", "region"), ("kanal", "channel"),
                   ("kategori", "category"), ("isi", "text"), ("tanggal_tindak_lanjut", "followed_up_on"),
                   ("tanggal_selesai", "closed_on")],
}
REGION_COLS = {"asal", "tujuan", "wilayah"}
OPTIONAL_ZERO = {"rusak", "jumlah_rusak", "suket"}


def fmt_header(name: str, d: Dialect) -> str:
    if d.header == "upper":
        return f" {name.upper()} "
    if d.header == "title":
        return name.replace("_", " ").title().replace(" ", "_")
    return name


def fmt_num(n: int, d: Dialect) -> str:
    s = str(n)
    if d.num == "plain" or n < 1000:
        return s
    sep = {"dot": ".", "comma": ",", "space": " "}[d.num]
    groups = []
    while len(s) > 3:
        groups.insert(0, s[-3:])
        s = s[:-3]
    return sep.join([s] + groups)


def fmt_date(x: D, d: Dialect) -> str:
    return {"iso": x.isoformat(), "slash": x.strftime("%d/%m/%Y"), "dash": x.strftime("%d-%m-%Y")}[d.date]


def write(path: Path, kind: str, d: Dialect, rows: list[dict]) -> None:
    cols = COLUMNS[kind]
    with open(path, "w", encoding="utf-8-sig" if d.bom else "utf-8", newline="") as f:
        w = csv.writer(f, delimiter=d.delim, lineterminator="\r\n" if d.crlf else "\n")
        w.writerow([fmt_header(i if d.lang == "id" else e, d) for i, e in cols])
        for r in rows:
            out = []
            for col, _ in cols:
                v = r.get(col)
                if v is None:
                    out.append("")
                elif isinstance(v, D):
                    out.append(fmt_date(v, d))
                elif isinstance(v, int):
                    out.append("" if (v == 0 and d.blank_zero and col in OPTIONAL_ZERO) else fmt_num(v, d))
                elif col in REGION_COLS and not d.dotted and v != "PUSAT":
                    out.append(v.replace(".", ""))
                elif col == "barang" and d.blank_item and v == "blanko":
                    out.append("")
                else:
                    out.append(v)
            w.writerow(out)


COMPLAINTS_FROM = D(2022, 9, 1)
CHANNELS = (("lapor", 0.40), ("media_sosial", 0.25), ("whatsapp", 0.20), ("loket", 0.12), ("lainnya", 0.03))
# Everyday complaints; blanko_habis comes with a stock-out, gangguan_sistem with an outage.
EVERYDAY = (("pelayanan", 0.45), ("antrean", 0.35), ("lainnya", 0.20))
TEXTS = {
    "blanko_habis": ["Blanko KTP-el habis, disuruh kembali bulan depan", "Katanya blanko kosong, hanya dapat Suket",
                     "Sudah rekam sejak lama, KTP belum dicetak karena blanko habis"],
    "antrean": ["Antrean cetak KTP-el panjang sejak subuh", "Nomor antrean habis sebelum jam 9",
                "Sudah tiga kali datang, antrean penuh"],
    "gangguan_sistem": ["Server gangguan, pelayanan berhenti", "Jaringan lambat, rekam ulang berkali-kali"],
    "pelayanan": ["Petugas kurang ramah", "Jam layanan tidak sesuai pengumuman", "Informasi persyaratan tidak jelas"],
    "lainnya": ["Data di KTP salah ketik", "Minta jadwal pelayanan keliling"],
}
# Kabupaten Bekasi: residents at the kecamatan counters find no cards in the last week of October,
# while the office's book still shows stock (the week a forecast would flag its book as doubtful).
BEKASI_RUMOURS = [D(2022, 10, 24), D(2022, 10, 26), D(2022, 10, 27), D(2022, 10, 28), D(2022, 10, 31)]


def pick(rng: random.Random, weighted) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def complaints(sim: "Sim") -> list[dict]:
    """Residents' complaints, September - December 2022: a few a week everywhere, many more where
    an office runs dry (blanko_habis, antrean) or loses days to an outage (gangguan_sistem). Most
    are followed up within 14 days; about one in twelve never is (overdue)."""
    rng = stream("complaints")
    out: list[dict] = []
    outages = {(d, r) for d, r, _, _ in sim.outage_rows}
    seq: dict[str, int] = {}

    def add(day: D, office: Office, category: str, channel: str | None = None) -> None:
        region = rng.choice(office.kecs) if office.kecs and rng.random() < 0.6 else office.code
        channel = channel or pick(rng, CHANNELS)
        seq[office.code] = seq.get(office.code, 0) + 1
        ref = (f"LAPOR-2022-{office.code.replace('.', '')}{seq[office.code]:04d}" if channel == "lapor"
               else f"ADU/{office.code.replace('.', '')}/2022/{seq[office.code]:04d}")
        row = {"no_aduan": ref, "tanggal": day, "wilayah": region, "kanal": channel, "kategori": category,
               "isi": rng.choice(TEXTS[category]), "tanggal_tindak_lanjut": None, "tanggal_selesai": None}
        if rng.random() > 0.08:
            followed = day + dt.timedelta(days=min(int(rng.expovariate(1 / 5)), 20))
            if followed <= END:
                row["tanggal_tindak_lanjut"] = followed
                closed = followed + dt.timedelta(days=rng.randint(0, 15))
                if rng.random() < 0.7 and closed <= END:
                    row["tanggal_selesai"] = closed
        out.append(row)

    for o in sim.offices:
        dry = set(sim.dry.get(o.code, []))
        scale = len(o.kecs) / 20
        d = COMPLAINTS_FROM
        while d <= END:
            if sim.cal.is_working(d):
                base = 0.10 * scale
                if rng.random() < base:
                    add(d, o, pick(rng, EVERYDAY))
                if d in dry:
                    for _ in range(rng.choice((2, 3, 3, 4)) if o.code == BEKASI else rng.choice((0, 1, 1))):
                        add(d, o, "blanko_habis" if rng.random() < 0.6 else "antrean")
                if (d, o.code) in outages and rng.random() < 0.7:
                    add(d, o, "gangguan_sistem")
            d += dt.timedelta(days=1)
    bekasi = sim.by_code[BEKASI]
    for d in BEKASI_RUMOURS:
        add(d, bekasi, "blanko_habis", "media_sosial")
    # The queue grows before the stock-out: the first half of November in Bekasi.
    for d in (D(2022, 11, 2), D(2022, 11, 4), D(2022, 11, 8), D(2022, 11, 10), D(2022, 11, 11), D(2022, 11, 14)):
        add(d, bekasi, "antrean")
    return sorted(out, key=lambda r: (r["tanggal"], r["wilayah"], r["no_aduan"]))


def half(x: D) -> str:
    return "2021h2" if x.year == 2021 else ("2022h1" if x.month <= 6 else "2022h2")


def prov(code: str) -> str:
    return {"32": "jabar", "36": "banten"}[code[:2]]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="folder with wilayah.csv and hari_libur.csv")
    args = ap.parse_args()
    data = args.data
    if data is None:
        data = HERE.parent if (HERE.parent / "wilayah.csv").exists() else Path("/work/shared/data")
    if END > dt.date.today():
        sys.exit("the demo history must not reach into the future")

    offices, names = read_regions(data)
    size_offices(offices)
    cal = Calendar(read_holidays(data))
    sim = Sim(offices, cal)
    sim.run()
    procs = procurements(sim)
    allocs = allocations(sim, procs)

    for old in HERE.glob("*.csv"):
        old.unlink()
    manifest: list[tuple[str, str]] = []

    def emit(kind: str, name: str, dialect: Dialect, rows: list[dict]) -> None:
        write(HERE / name, kind, dialect, rows)
        manifest.append((kind, name))

    emit("procurements", "procurements_pusat_2021_2022.csv", PLAIN_EN,
         [{"no_referensi": r["ref"], "tanggal": r["date"], "barang": r["item"], "jumlah": r["qty"],
           "keterangan": r["note"]} for r in procs])

    def alloc_rows(pred):
        return [{"no_referensi": r["ref"], "tanggal": r["date"], "tujuan": r["to"], "barang": r["item"],
                 "jumlah": r["qty"], "keterangan": r["note"]} for r in allocs if pred(r)]

    emit("allocations", "alokasi_2021.csv", EXCEL_ID, alloc_rows(lambda r: r["date"].year == 2021))
    emit("allocations", "allocations_2022.csv", QUOTED_EN, alloc_rows(lambda r: r["date"].year == 2022))

    def ship_row(s: Shipment, receipt: bool = True) -> dict:
        r = {"no_referensi": s.ref, "tanggal_kirim": s.shipped, "asal": s.sender, "tujuan": s.receiver,
             "barang": s.item, "jumlah": s.qty, "keterangan": s.note or None}
        if receipt and s.received:
            r.update(tanggal_terima=s.received, jumlah_diterima=s.recv_qty, jumlah_rusak=s.damaged)
        return r

    ships = sorted(sim.shipments, key=lambda s: (s.shipped, s.receiver, ITEMS.index(s.item), s.ref))
    central = [s for s in ships if s.group == "pusat"]
    emit("shipments", "shipments_pusat_2021.csv", PLAIN_EN,
         [ship_row(s) for s in central if s.shipped.year == 2021])
    emit("shipments", "pengiriman_pusat_jabar_2022.csv", EXCEL_ID_UPPER,
         [ship_row(s) for s in central if s.shipped.year == 2022 and prov(s.receiver) == "jabar"])
    emit("shipments", "pengiriman_pusat_banten_2022h1.csv", TAB_EN,
         [ship_row(s) for s in central if half(s.shipped) == "2022h1" and prov(s.receiver) == "banten"])
    later = [s for s in central if half(s.shipped) == "2022h2" and prov(s.receiver) == "banten"]
    emit("shipments", "pengiriman_pusat_banten_2022h2_kirim.csv", TAB_ID, [ship_row(s, False) for s in later])
    emit("shipments", "penerimaan_banten_2022h2.csv", EXCEL_ID_NODOT,
         [ship_row(s) for s in sorted(later, key=lambda s: (s.received or END, s.receiver, s.ref)) if s.received])
    emit("shipments", "pengiriman_antar_wilayah_2022.csv", EXCEL_ID,
         [ship_row(s) for s in ships if s.group == "antar"])

    def print_rows(p, h):
        return [{"tanggal": d, "wilayah": r, "barang": i, "dicetak": n, "rusak": s}
                for d, r, i, n, s in sim.prints if prov(r) == p and half(d) == h]

    emit("prints", "pencetakan_jabar_2021h2.csv", EXCEL_ID, print_rows("jabar", "2021h2"))
    emit("prints", "pencetakan_jabar_2022h1.csv", EXCEL_ID_UPPER, print_rows("jabar", "2022h1"))
    emit("prints", "pencetakan_jabar_2022h2.csv", EXCEL_ID_NODOT, print_rows("jabar", "2022h2"))
    emit("prints", "prints_banten_2021h2.csv", PLAIN_EN, print_rows("banten", "2021h2"))
    emit("prints", "pencetakan_banten_2022h1.csv", TAB_ID, print_rows("banten", "2022h1"))
    emit("prints", "prints_banten_2022h2.csv", TAB_EN, print_rows("banten", "2022h2"))

    def backlog_rows(p, h):
        return [{"tanggal": d, "wilayah": k, "prr": prr, "perekaman": rec, "suket": sk}
                for d, k, prr, rec, sk in sim.backlog if prov(k) == p and half(d) == h]

    emit("backlog", "backlog_jabar_2021h2.csv", PLAIN_EN, backlog_rows("jabar", "2021h2"))
    emit("backlog", "backlog_jabar_2022h1.csv", EXCEL_ID, backlog_rows("jabar", "2022h1"))
    emit("backlog", "backlog_jabar_2022h2.csv", EXCEL_ID_UPPER, backlog_rows("jabar", "2022h2"))
    emit("backlog", "backlog_banten_2021h2.csv", TAB_ID, backlog_rows("banten", "2021h2"))
    emit("backlog", "backlog_banten_2022h1.csv", TAB_EN, backlog_rows("banten", "2022h1"))
    emit("backlog", "backlog_banten_2022h2.csv", EXCEL_ID_NODOT, backlog_rows("banten", "2022h2"))

    outs = sorted(sim.outage_rows)
    emit("outages", "gangguan_layanan_2021_2022.csv", EXCEL_ID,
         [{"tanggal": d, "wilayah": r, "jam": h, "sebab": c} for d, r, h, c in outs])
    emit("stock-counts", "stock_opname_2021_2022.csv", EXCEL_ID,
         [{"tanggal": d, "wilayah": r, "barang": i, "jumlah_fisik": n, "keterangan": note}
          for d, r, i, n, note in sim.count_rows])

    adu = complaints(sim)
    emit("complaints", "aduan_jabar_banten_2022.csv", EXCEL_ID, adu)

    with open(HERE / "manifest.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kind", "file"])
        w.writerows(manifest)

    for code, days in sorted(sim.dry.items()):
        print(f"  dry {code} {names[code]}: {len(days)} working days, {days[0]} .. {days[-1]}")
    print(f"wrote {len(manifest)} files + manifest.csv to {HERE}")
    print(f"  shipments {len(sim.shipments)}, prints {len(sim.prints)}, backlog {len(sim.backlog)}, "
          f"outages {len(outs)}, stock counts {len(sim.count_rows)}, complaints {len(adu)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
