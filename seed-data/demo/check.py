#!/usr/bin/env python3
"""Checks the blanko demo history the way the importer will see it.

Re-reads every file listed in manifest.csv in load order, parsing each format
variant of SPEC section 5 on its own (BOM, `,` `;` or tab, CRLF, Indonesian or
English headers in any case with spaces, three date styles, grouped numbers,
region codes with or without dots, empty optional cells). It replays the
ledger file by file and fails if:

- a cell does not parse, a required value is missing, a region is unknown or
  at the wrong level, a date is after 2022-12-31 (or today);
- a natural key repeats (a shipment row may only add receipt details to an
  earlier dispatch with the same reference and sender);
- after any file, any holder's stock of any item is negative at the end of
  any day (stock counts are booked as counted - book, with the book at the
  moment the count is loaded, as the store does).

Then prints a summary: final stock per kabupaten/kota, the offices that run
out in November-December 2022, and a naive forecast as of 2022-10-31.

Usage: python3 seed-data/demo/check.py  (exit status 1 on the first failure)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

D = dt.date
HERE = Path(__file__).resolve().parent
LAST_DAY = D(2022, 12, 31)
AS_OF = D(2022, 10, 31)
CARDS = {"blanko": 1, "ribbon": 450, "film": 500}

NAMES = {
    "no_referensi": "reference", "tanggal_kirim": "shipped_on", "asal": "from", "tujuan": "to",
    "barang": "item", "jumlah": "quantity", "tanggal_terima": "received_on",
    "jumlah_diterima": "received_quantity", "jumlah_rusak": "damaged_quantity", "keterangan": "note",
    "tanggal": "date", "wilayah": "region", "dicetak": "printed", "rusak": "spoiled",
    "perekaman": "recorded", "jumlah_fisik": "counted", "jam": "hours", "sebab": "cause",
    "no_aduan": "reference", "kanal": "channel", "kategori": "category", "isi": "text",
    "tanggal_tindak_lanjut": "followed_up_on", "tanggal_selesai": "closed_on",
}
KINDS = {  # column -> required
    "procurements": {"reference": 1, "date": 1, "item": 0, "quantity": 1, "note": 0},
    "allocations": {"reference": 1, "date": 1, "to": 1, "item": 0, "quantity": 1, "note": 0},
    "shipments": {"reference": 1, "shipped_on": 1, "from": 1, "to": 1, "item": 0, "quantity": 1,
                  "received_on": 0, "received_quantity": 0, "damaged_quantity": 0, "note": 0},
    "prints": {"date": 1, "region": 1, "item": 0, "printed": 1, "spoiled": 0},
    "backlog": {"date": 1, "region": 1, "prr": 1, "recorded": 0, "suket": 0},
    "stock-counts": {"date": 1, "region": 1, "item": 0, "counted": 1, "note": 0},
    "outages": {"date": 1, "region": 1, "hours": 1, "cause": 1},
    "complaints": {"reference": 1, "date": 1, "region": 1, "channel": 0, "category": 1, "text": 0,
                   "followed_up_on": 0, "closed_on": 0},
}
DATE_COLS = {"date", "shipped_on", "received_on", "followed_up_on", "closed_on"}
CHANNELS = {"lapor", "media_sosial", "whatsapp", "loket", "lainnya"}
CATEGORIES = {"blanko_habis", "antrean", "gangguan_sistem", "pelayanan", "lainnya"}
NUM_COLS = {"quantity", "received_quantity", "damaged_quantity", "printed", "spoiled", "prr",
            "recorded", "suket", "counted", "hours"}
REGION_COLS = {"from", "to", "region"}


class Bad(Exception):
    pass


def fail(msg: str) -> None:
    print(f"GAGAL: {msg}", file=sys.stderr)
    sys.exit(1)


# ---------------------------------------------------------------- cells

def parse_date(s: str) -> D:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            return D.fromisoformat(s)
        m = re.fullmatch(r"(\d{2})([/-])(\d{2})\2(\d{4})", s)
        if m:
            return D(int(m.group(4)), int(m.group(3)), int(m.group(1)))
    except ValueError:
        pass
    raise Bad(f"tanggal tidak valid: {s!r}")


def parse_int(s: str) -> int:
    if re.fullmatch(r"\d+", s):
        return int(s)
    m = re.fullmatch(r"\d{1,3}(([., ])\d{3})(\2\d{3})*", s)
    if m:
        return int(re.sub(r"[., ]", "", s))
    raise Bad(f"bilangan tidak valid: {s!r}")


def load_regions() -> dict[str, str]:
    base = HERE.parent if (HERE.parent / "wilayah.csv").exists() else Path("/work/shared/data")
    with open(base / "wilayah.csv", encoding="utf-8", newline="") as f:
        return {r["kode"]: r["tingkat"] for r in csv.DictReader(f)}


def load_holidays() -> set[D]:
    base = HERE.parent if (HERE.parent / "hari_libur.csv").exists() else Path("/work/shared/data")
    with open(base / "hari_libur.csv", encoding="utf-8", newline="") as f:
        return {D.fromisoformat(r["tanggal"]) for r in csv.DictReader(f)}


REGIONS = load_regions()
HOLIDAYS = load_holidays()


def level(code: str) -> str:
    if code == "PUSAT":
        return "pusat"
    t = REGIONS[code]
    return "kabkota" if t in ("kabupaten", "kota") else t


def parse_region(s: str) -> str:
    if s.upper() == "PUSAT":
        return "PUSAT"
    if "." in s:
        parts = s.split(".")
    elif s.isdigit() and len(s) % 2 == 0:
        parts = [s[i:i + 2] for i in range(0, len(s), 2)]
    else:
        raise Bad(f"kode wilayah tidak valid: {s!r}")
    code = ".".join(parts)
    if code not in REGIONS or not all(len(p) == 2 and p.isdigit() for p in parts):
        raise Bad(f"wilayah tidak dikenal: {s!r}")
    return code


def parse_item(s: str) -> str:
    t = s.strip().lower()
    if t in ("", "blanko", "blangko", "blanko ktp-el"):
        return "blanko"
    if t in ("ribbon", "film"):
        return t
    raise Bad(f"barang tidak dikenal: {s!r}")


# ---------------------------------------------------------------- files

def read_file(path: Path, kind: str) -> tuple[list[dict], dict]:
    raw = path.read_bytes()
    style = {"bom": raw.startswith(b"\xef\xbb\xbf"), "crlf": b"\r\n" in raw[:4096]}
    text = raw.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delim = max(("\t", ";", ","), key=first.count)
    style["delim"] = {"\t": "tab", ";": ";", ",": ","}[delim]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    header = next(reader)
    cols = []
    for h in header:
        name = h.strip().lower().replace(" ", "_")
        cols.append(NAMES.get(name, name))
    spec = KINDS[kind]
    for c in cols:
        if c not in spec:
            fail(f"{path.name}: kolom tidak dikenal {c!r}")
    for c, req in spec.items():
        if req and c not in cols:
            fail(f"{path.name}: kolom wajib {c!r} tidak ada")
    rows = []
    for line, cells in enumerate(reader, start=2):
        if len(cells) != len(cols):
            fail(f"{path.name}:{line}: {len(cells)} sel, header punya {len(cols)}")
        row = {"_line": line}
        for c, v in zip(cols, cells):
            v = v.strip()
            try:
                if v == "":
                    if spec[c]:
                        raise Bad(f"kolom {c} wajib diisi")
                    row[c] = None
                elif c in DATE_COLS:
                    row[c] = parse_date(v)
                    if row[c] > LAST_DAY or row[c] > D.today():
                        raise Bad(f"tanggal di masa depan: {v}")
                elif c in NUM_COLS:
                    row[c] = parse_int(v)
                elif c in REGION_COLS:
                    row[c] = parse_region(v)
                elif c == "item":
                    row[c] = parse_item(v)
                else:
                    row[c] = v
            except Bad as e:
                fail(f"{path.name}:{line}: kolom {c}: {e}")
        if "item" in spec and row.get("item") is None:
            row["item"] = "blanko"
        rows.append(row)
    return rows, style


# ---------------------------------------------------------------- ledger

class Ledger:
    def __init__(self):
        self.entries: dict[tuple[str, str], list[tuple[D, int]]] = defaultdict(list)
        self.touched: set[tuple[str, str]] = set()

    def add(self, holder: str, item: str, d: D, n: int) -> None:
        self.entries[(holder, item)].append((d, n))
        self.touched.add((holder, item))

    def book(self, holder: str, item: str, d: D) -> int:
        return sum(n for x, n in self.entries[(holder, item)] if x <= d)

    def series(self, holder: str, item: str) -> list[tuple[D, int]]:
        """End-of-day balances on the dates with entries."""
        per: dict[D, int] = defaultdict(int)
        for d, n in self.entries[(holder, item)]:
            per[d] += n
        out, bal = [], 0
        for d in sorted(per):
            bal += per[d]
            out.append((d, bal))
        return out

    def at(self, holder: str, item: str, d: D) -> int:
        return self.book(holder, item, d)

    def check(self, fname: str) -> None:
        for key in sorted(self.touched):
            for d, bal in self.series(*key):
                if bal < 0:
                    fail(f"setelah {fname}: stok {key[0]} {key[1]} negatif pada {d}: {bal}")
        self.touched.clear()


def working(d: D) -> bool:
    return d.weekday() < 5 and d not in HOLIDAYS


def main() -> int:
    manifest = list(csv.DictReader(open(HERE / "manifest.csv", encoding="utf-8", newline="")))
    ledger = Ledger()
    keys: dict[str, dict] = defaultdict(dict)
    ships: dict[tuple[str, str], dict] = {}
    prints: dict[tuple[str, str], dict[D, tuple[int, int]]] = defaultdict(dict)
    outages: dict[tuple[str, D], int] = {}
    backlog: dict[str, dict[D, tuple]] = defaultdict(dict)
    allocated: dict[str, int] = defaultdict(int)
    total_bytes, total_rows = 0, 0
    print(f"{'file':44} {'kind':13} {'rows':>6} {'bytes':>8}  format")
    for entry in manifest:
        kind, name = entry["kind"], entry["file"]
        path = HERE / name
        rows, style = read_file(path, kind)
        size = path.stat().st_size
        total_bytes += size
        total_rows += len(rows)
        print(f"{name:44} {kind:13} {len(rows):6d} {size:8d}  "
              f"{style['delim']} {'BOM ' if style['bom'] else ''}{'CRLF' if style['crlf'] else 'LF'}")
        for r in rows:
            where = f"{name}:{r['_line']}"
            if kind == "procurements":
                k = r["reference"]
                if k in keys[kind]:
                    fail(f"{where}: no_referensi {k} berulang")
                keys[kind][k] = r
                ledger.add("PUSAT", r["item"], r["date"], r["quantity"])
            elif kind == "allocations":
                k = r["reference"]
                if k in keys[kind]:
                    fail(f"{where}: no_referensi {k} berulang")
                if level(r["to"]) != "kabkota":
                    fail(f"{where}: alokasi harus ke kabupaten/kota")
                keys[kind][k] = r
                allocated[r["to"]] += r["quantity"]
            elif kind == "shipments":
                k = (r["reference"], r["from"])
                for c in ("from", "to"):
                    if level(r[c]) not in ("pusat", "kabkota", "kecamatan"):
                        fail(f"{where}: {c} harus PUSAT, kabupaten/kota atau kecamatan")
                if r["from"] == r["to"]:
                    fail(f"{where}: asal sama dengan tujuan")
                has_receipt = r["received_on"] is not None
                if not has_receipt and (r["received_quantity"] is not None or r["damaged_quantity"] is not None):
                    fail(f"{where}: jumlah_diterima tanpa tanggal_terima")
                if has_receipt:
                    got = r["received_quantity"] if r["received_quantity"] is not None else r["quantity"]
                    bad = r["damaged_quantity"] or 0
                    if got > r["quantity"] or bad > got or r["received_on"] < r["shipped_on"]:
                        fail(f"{where}: penerimaan tidak konsisten")
                same = ("shipped_on", "to", "item", "quantity")
                if k in ships:
                    old = ships[k]
                    if any(old[c] != r[c] for c in same) or old["received_on"] is not None or not has_receipt:
                        fail(f"{where}: pengiriman {k} bertentangan dengan baris sebelumnya")
                    old.update(received_on=r["received_on"], received_quantity=got, damaged_quantity=bad)
                else:
                    ships[k] = dict(r)
                    ledger.add(r["from"], r["item"], r["shipped_on"], -r["quantity"])
                    if has_receipt:
                        ships[k].update(received_quantity=got, damaged_quantity=bad)
                if has_receipt:
                    ledger.add(r["to"], r["item"], r["received_on"], got - bad)
            elif kind == "prints":
                k = (r["date"], r["region"], r["item"])
                if k in keys[kind]:
                    fail(f"{where}: cetak {k} berulang")
                if level(r["region"]) not in ("kabkota", "kecamatan"):
                    fail(f"{where}: wilayah cetak harus kabupaten/kota atau kecamatan")
                if not working(r["date"]):
                    fail(f"{where}: pencetakan pada hari libur {r['date']}")
                keys[kind][k] = r
                used = r["printed"] + (r["spoiled"] or 0)
                ledger.add(r["region"], r["item"], r["date"], -used)
                prints[(r["region"], r["item"])][r["date"]] = (r["printed"], r["spoiled"] or 0)
            elif kind == "backlog":
                k = (r["date"], r["region"])
                if k in keys[kind]:
                    fail(f"{where}: backlog {k} berulang")
                if level(r["region"]) != "kecamatan":
                    fail(f"{where}: backlog harus per kecamatan")
                keys[kind][k] = r
                backlog[r["region"]][r["date"]] = (r["prr"], r["recorded"] or 0, r["suket"] or 0)
            elif kind == "outages":
                k = (r["date"], r["region"])
                if k in keys[kind]:
                    fail(f"{where}: gangguan {k} berulang")
                if not 0 <= r["hours"] <= 24:
                    fail(f"{where}: jam harus 0-24")
                keys[kind][k] = r
                outages[k] = r["hours"]
            elif kind == "complaints":
                if level(r["region"]) not in ("kabkota", "kecamatan"):
                    fail(f"{where}: wilayah aduan harus kabupaten/kota atau kecamatan")
                k = (r["reference"], r["region"][:5])
                if k in keys[kind]:
                    fail(f"{where}: aduan {k} berulang")
                if r["category"] not in CATEGORIES or (r["channel"] or "lainnya") not in CHANNELS:
                    fail(f"{where}: kanal atau kategori tidak dikenal")
                dates = [d for d in (r["date"], r["followed_up_on"], r["closed_on"]) if d is not None]
                if dates != sorted(dates) or (r["closed_on"] and not r["followed_up_on"]):
                    fail(f"{where}: tanggal aduan, tindak lanjut dan selesai tidak berurutan")
                keys[kind][k] = r
            elif kind == "stock-counts":
                k = (r["date"], r["region"], r["item"])
                if k in keys[kind]:
                    fail(f"{where}: stock opname {k} berulang")
                keys[kind][k] = r
                book = ledger.book(r["region"], r["item"], r["date"])
                if r["counted"] != book:
                    ledger.add(r["region"], r["item"], r["date"], r["counted"] - book)
                r["book"] = book
        ledger.check(name)

    print(f"{'total':44} {'':13} {total_rows:6d} {total_bytes:8d}")
    print("\nOK: every file parses, keys are unique, no stock is ever negative (checked after each file).")
    summary(ledger, ships, prints, outages, backlog, allocated, keys)
    return 0


# ---------------------------------------------------------------- summary

def summary(ledger, ships, prints, outages, backlog, allocated, keys) -> None:
    offices = sorted(c for c, t in REGIONS.items() if t in ("kabupaten", "kota") and c[:2] in ("32", "36"))
    names = {}
    base = HERE.parent if (HERE.parent / "wilayah.csv").exists() else Path("/work/shared/data")
    with open(base / "wilayah.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            names[r["kode"]] = r["nama"]

    def in_transit(code, item, d):
        return sum(s["quantity"] for s in ships.values() if s["to"] == code and s["item"] == item
                   and s["shipped_on"] <= d and (s["received_on"] is None or s["received_on"] > d))

    shipped = defaultdict(int)
    for s in ships.values():
        if s["from"] == "PUSAT" and s["item"] == "blanko":
            shipped[s["to"]] += s["quantity"]

    print(f"\nPUSAT blanko: {ledger.at('PUSAT', 'blanko', AS_OF):,} on {AS_OF}, "
          f"{ledger.at('PUSAT', 'blanko', LAST_DAY):,} on {LAST_DAY}")
    print(f"\nStock per kabupaten/kota (blanko / ribbon / film units; + in transit):")
    print(f"{'kode':6} {'nama':28} {'2022-10-31':>22} {'2022-12-31':>22} {'transit 12-31':>13} {'alokasi':>9} {'dikirim':>9}")
    for c in offices:
        a = "/".join(str(ledger.at(c, i, AS_OF)) for i in CARDS)
        b = "/".join(str(ledger.at(c, i, LAST_DAY)) for i in CARDS)
        t = in_transit(c, "blanko", LAST_DAY)
        print(f"{c:6} {names[c][:28]:28} {a:>22} {b:>22} {t:13d} {allocated[c]:9d} {shipped[c]:9d}")

    # Dry days: working days in Nov-Dec 2022 with no outage, nothing printed and a consumable at zero.
    print("\nOffices that run out in November-December 2022 (working days with nothing printed and no stock):")
    any_dry = False
    for c in offices:
        dry, binding = [], set()
        d = D(2022, 11, 1)
        while d <= LAST_DAY:
            if working(d) and (c, d) not in outages:
                p = prints[(c, "blanko")].get(d, (0, 0))
                if p[0] + p[1] == 0:
                    empty = [i for i in CARDS if ledger.at(c, i, d) == 0]
                    if empty:
                        dry.append(d)
                        binding.update(empty)
            d += dt.timedelta(days=1)
        if dry:
            any_dry = True
            print(f"  {c} {names[c]:28} {len(dry):2d} working days dry, first {dry[0]}, last {dry[-1]}"
                  f" (habis: {', '.join(sorted(binding))})")
    if not any_dry:
        print("  none")

    # A naive forecast as of AS_OF: mean use on the last 40 working days that had stock and no outage.
    print(f"\nNaive forecast as of {AS_OF} (rate = mean use over the last 40 uncensored working days;"
          f" cover = printable cards on hand + in transit):")
    for c in offices:
        days = []
        d = AS_OF
        while len(days) < 40 and d > D(2022, 1, 1):
            if working(d) and (c, d) not in outages:
                p = prints[(c, "blanko")].get(d)
                if p and p[0] + p[1] > 0:
                    days.append(p[0] + p[1])
            d -= dt.timedelta(days=1)
        rate = sum(days) / len(days)
        cards = {i: (ledger.at(c, i, AS_OF) + in_transit(c, i, AS_OF)) * CARDS[i] for i in CARDS}
        bind = min(cards, key=cards.get)
        left, d, n = cards[bind], AS_OF, 0
        while left > 0 and d < D(2023, 6, 30):
            d += dt.timedelta(days=1)
            if working(d):
                left -= rate
                n += 1
        if d <= LAST_DAY:
            print(f"  {c} {names[c]:28} rate {rate:6.1f}/hari, cover {n:3d} hari kerja,"
                  f" habis ~{d} (dibatasi {bind})")

    # Kabupaten Bekasi backlog, the story.
    print("\nKabupaten Bekasi (32.16), weekly backlog (sum of its kecamatan):")
    weeks = sorted({d for k in backlog if k.startswith("32.16.") for d in backlog[k]})
    for d in weeks:
        if D(2022, 10, 21) <= d <= D(2022, 12, 23):
            prr = sum(backlog[k][d][0] for k in backlog if k.startswith("32.16.") and d in backlog[k])
            rec = sum(backlog[k][d][1] for k in backlog if k.startswith("32.16.") and d in backlog[k])
            sk = sum(backlog[k][d][2] for k in backlog if k.startswith("32.16.") and d in backlog[k])
            st = ledger.at("32.16", "blanko", d)
            print(f"  {d}  prr {prr:6d}  perekaman {rec:5d}  suket {sk:5d}  stok blanko {st:6d}")

    counts = keys["stock-counts"].values()
    print("\nStock counts (counted - book):", ", ".join(
        f"{r['region']} {r['item']} {r['date']}: {r['counted'] - r['book']:+d}" for r in counts))
    dmg = [s for s in ships.values() if s.get("damaged_quantity")]
    short = [s for s in ships.values() if s.get("received_quantity") is not None
             and s["received_quantity"] < s["quantity"]]
    transit = [s for s in ships.values() if s["received_on"] is None]
    at_asof = [s for s in ships.values() if s["shipped_on"] <= AS_OF
               and (s["received_on"] is None or s["received_on"] > AS_OF)]
    print(f"Shipments: {len(ships)}, with damaged cards {len(dmg)} ({sum(s['damaged_quantity'] for s in dmg):,} cards),"
          f" short {len(short)}, in transit on {AS_OF}: {len(at_asof)}, still in transit on {LAST_DAY}: {len(transit)}")
    print(f"Outages: {len(outages)} rows, {sum(outages.values())} hours")
    complaints = list(keys["complaints"].values())
    overdue = [c for c in complaints if c["date"] <= AS_OF - dt.timedelta(days=15)
               and (c["followed_up_on"] is None or c["followed_up_on"] > AS_OF)]
    bekasi = defaultdict(int)
    for c in complaints:
        if c["region"].startswith("32.16"):
            bekasi[c["date"] - dt.timedelta(days=c["date"].weekday())] += 1
    print(f"Complaints: {len(complaints)}, never followed up {sum(1 for c in complaints if not c['followed_up_on'])}, "
          f"overdue on {AS_OF}: {len(overdue)}; Kabupaten Bekasi per week: "
          + ", ".join(f"{w:%d/%m} {n}" for w, n in sorted(bekasi.items())))


if __name__ == "__main__":
    sys.exit(main())
