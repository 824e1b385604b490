#!/usr/bin/env bash
# Issue 3's target: `blanko import prints` of a 1,000,000-row file takes at most 2.5x the time of
# a raw `sqlite3 .import` of the same file into a bare table. Both are measured here, in one run.
#
#   cargo build --release && benches/import_vs_sqlite3.sh [ROWS]
#
# The prints file covers every kabupaten/kota and kecamatan office of Jawa Barat and Banten
# (817 offices), one row per office per day, in date order like a daily export. Before the timed
# run the database is seeded and given stock (a procurement and a shipment to every office, not
# timed) so no print goes negative. BLANKO_BIN overrides the binary; KEEP=1 keeps the temp dir.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BLANKO_BIN:-$ROOT/target/release/blanko}
ROWS=${1:-1000000}
TMP=$(mktemp -d)
if [[ "${KEEP:-0}" != 1 ]]; then trap 'rm -rf "$TMP"' EXIT; else echo "keeping $TMP"; fi
[[ -x "$BIN" ]] || { echo "no binary at $BIN: run cargo build --release first" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 not found" >&2; exit 2; }

# Files: procurement and shipments (stock), then the prints.
python3 - "$ROOT/seed-data/wilayah.csv" "$TMP" "$ROWS" <<'EOF'
import csv, datetime, random, sys
wilayah, out, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
regions = [r for r in csv.DictReader(open(wilayah, encoding="utf-8")) if r["kode"].split(".")[0] in ("32", "36")]
kabkota = [r["kode"] for r in regions if r["tingkat"] in ("kabupaten", "kota")]
kecamatan = {k: [r["kode"] for r in regions if r["kode_induk"] == k] for k in kabkota}
offices = kabkota + [c for k in kabkota for c in kecamatan[k]]
per_office = 100_000  # more than 62 cards a day for every day of the file
with open(f"{out}/pengadaan.csv", "w") as f:
    f.write("no_referensi,tanggal,jumlah\nPGD-BENCH,2020-12-01,%d\n" % (per_office * len(offices)))
with open(f"{out}/pengiriman.csv", "w") as f:
    f.write("no_referensi,tanggal_kirim,asal,tujuan,jumlah,tanggal_terima,jumlah_diterima\n")
    for k in kabkota:
        n = per_office * (1 + len(kecamatan[k]))
        f.write(f"SJ-{k},2020-12-02,PUSAT,{k},{n},2020-12-03,{n}\n")
        for c in kecamatan[k]:
            f.write(f"KEC-{c},2020-12-04,{k},{c},{per_office},2020-12-04,{per_office}\n")
rnd = random.Random(3)
day, written = datetime.date(2021, 1, 1), 0
with open(f"{out}/cetak.csv", "w") as f:
    f.write("tanggal,wilayah,barang,dicetak,rusak\n")
    while written < rows:
        for o in offices[: rows - written]:
            f.write(f"{day.isoformat()},{o},blanko,{rnd.randint(0, 60)},{rnd.randint(0, 2)}\n")
        written += min(len(offices), rows - written)
        day += datetime.timedelta(days=1)
print(f"{rows} rows over {len(offices)} offices, {(day - datetime.date(2021, 1, 1)).days} days", file=sys.stderr)
EOF
FILE=$TMP/cetak.csv
echo "file: $(wc -l <"$FILE") lines, $(du -h "$FILE" | cut -f1)"

DB="sqlite://$TMP/b.db?mode=rwc"
"$BIN" --database-url "$DB" seed >/dev/null
"$BIN" --database-url "$DB" import procurements "$TMP/pengadaan.csv" >/dev/null
"$BIN" --database-url "$DB" import shipments "$TMP/pengiriman.csv" >/dev/null
cat "$FILE" >/dev/null # warm the page cache for both runs

now() { date +%s.%N; }

t0=$(now)
/usr/bin/time -f "%M" -o "$TMP/rss" "$BIN" --database-url "$DB" import prints "$FILE"
t1=$(now)
sqlite3 "$TMP/raw.db" <<EOF
.mode csv
.import $FILE prints_raw
EOF
t2=$(now)

got=$(sqlite3 "$TMP/b.db" "SELECT COUNT(*) FROM daily_prints")
raw=$(sqlite3 "$TMP/raw.db" "SELECT COUNT(*) FROM prints_raw")
[[ "$got" == "$ROWS" && "$raw" == "$ROWS" ]] || { echo "row counts differ: blanko $got, sqlite3 $raw, file $ROWS" >&2; exit 1; }

awk -v a="$t0" -v b="$t1" -v c="$t2" -v rss="$(cat "$TMP/rss")" -v rows="$ROWS" 'BEGIN {
    blanko = b - a; raw = c - b
    printf "blanko import prints: %.2f s (%.0f rows/s, max RSS %.0f MB)\n", blanko, rows / blanko, rss / 1024
    printf "sqlite3 .import:      %.2f s (%.0f rows/s)\n", raw, rows / raw
    printf "ratio:                %.2fx (target <= 2.5x)\n", blanko / raw
}'
