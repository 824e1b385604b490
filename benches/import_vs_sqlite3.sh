#!/usr/bin/env bash
# Issue 10's import targets, measured in one run on the same file:
#
#   cargo build --release && benches/import_vs_sqlite3.sh [ROWS] [--postgres]
#
# SQLite (always):
#   blanko      `blanko import prints FILE` into a prepared database;
#   same SQL    the sqlite3 shell running exactly the writes blanko made (every row blanko added or
#               changed, in every table, as INSERT OR REPLACE statements in one transaction) into a
#               copy of the same prepared database: same schema, same indexes;
#   raw import  sqlite3 `.import` of the file into a bare table.
#   floor       the rows of the raw import, unchecked, written once into daily_prints and
#               stock_days (the least any design keeping SPEC's keys and the reads' days writes).
#   Targets: blanko <= 1.5x same SQL, <= 5x raw import.
# PostgreSQL (--postgres; PG_ADMIN_URL, default the local server, must allow CREATE DATABASE):
#   blanko      the same import into a prepared database;
#   \copy       psql `\copy` of exactly the rows blanko added, table by table in one transaction,
#               into a copy of the prepared database (rows blanko changed are first removed there,
#               untimed, so the copy inserts what blanko wrote). Target: blanko <= 2x \copy.
#
# The prints file covers every kabupaten/kota and kecamatan office of Jawa Barat and Banten
# (817 offices), one row per office per day, in date order like a daily export. Before the timed
# runs the database is seeded and given stock (a procurement and a shipment to every office, not
# timed) so no print goes negative. BLANKO_BIN overrides the binary; KEEP=1 keeps the temp dir.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BLANKO_BIN:-$ROOT/target/release/blanko}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/test}
export PGOPTIONS=--client-min-messages=warning
ROWS=1000000 PG=0
for arg in "$@"; do
    case $arg in
        --postgres) PG=1 ;;
        *[!0-9]*) echo "usage: $0 [ROWS] [--postgres]" >&2; exit 2 ;;
        *) ROWS=$arg ;;
    esac
done
TMP=$(mktemp -d)
if [[ "${KEEP:-0}" != 1 ]]; then trap 'rm -rf "$TMP"' EXIT; else echo "keeping $TMP"; fi
[[ -x "$BIN" ]] || { echo "no binary at $BIN: run cargo build --release first" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 not found (apt-get install -y sqlite3)" >&2; exit 2; }

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

now() { date +%s.%N; }
prepare() { # URL: seed and give stock, untimed
    "$BIN" --database-url "$1" seed >/dev/null
    "$BIN" --database-url "$1" import procurements "$TMP/pengadaan.csv" >/dev/null
    "$BIN" --database-url "$1" import shipments "$TMP/pengiriman.csv" >/dev/null
}
timed_import() { # URL -> seconds on stdout, peak RSS (kB) in $TMP/rss
    local t0 t1
    t0=$(now)
    /usr/bin/time -f "%M" -o "$TMP/rss" "$BIN" --database-url "$1" import prints "$FILE" >/dev/null
    t1=$(now)
    python3 -c "print($t1 - $t0)"
}

# ---------------------------------------------------------------- SQLite
prepare "sqlite://$TMP/pre.db?mode=rwc"
sqlite3 "$TMP/pre.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
sqlite3 "$TMP/pre.db" ".backup '$TMP/b.db'"
sqlite3 "$TMP/pre.db" ".backup '$TMP/replay.db'"
cat "$FILE" >/dev/null # warm the page cache for every run
blanko=$(timed_import "sqlite://$TMP/b.db?mode=rwc")
rss=$(cat "$TMP/rss")

# Exactly the rows blanko added or changed, table by table, as SQL.
tables=$(sqlite3 "$TMP/b.db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
{
    echo "ATTACH '$TMP/pre.db' AS pre;"
    for t in $tables; do
        echo ".mode insert $t"
        echo "SELECT * FROM main.\"$t\" EXCEPT SELECT * FROM pre.\"$t\";"
    done
} | sqlite3 "$TMP/b.db" | sed 's/^INSERT INTO/INSERT OR REPLACE INTO/' >"$TMP/writes.sql"
writes=$(wc -l <"$TMP/writes.sql")
t0=$(now)
{ echo "PRAGMA journal_mode = WAL; BEGIN;"; cat "$TMP/writes.sql"; echo "COMMIT;"; } | sqlite3 "$TMP/replay.db" >/dev/null
t1=$(now)
sqlite3 "$TMP/raw.db" <<EOF
.mode csv
.import $FILE prints_raw
EOF
t2=$(now)
got=$(sqlite3 "$TMP/b.db" "SELECT COUNT(*) FROM daily_prints WHERE upload_id IS NOT NULL AND upload_id = (SELECT MAX(id) FROM uploads)")
raw=$(sqlite3 "$TMP/raw.db" "SELECT COUNT(*) FROM prints_raw")
[[ "$got" == "$ROWS" && "$raw" == "$ROWS" ]] || { echo "row counts differ: blanko $got, sqlite3 $raw, file $ROWS" >&2; exit 1; }
same=$(sqlite3 "$TMP/replay.db" "SELECT COUNT(*) FROM ledger_entries"):$(sqlite3 "$TMP/b.db" "SELECT COUNT(*) FROM ledger_entries")
[[ ${same%:*} == "${same#*:}" ]] || { echo "the replay wrote a different ledger: $same" >&2; exit 1; }

# The floor of any design that keeps a print's key unique and its day's stock for the reads: the
# rows, already loaded and unchecked, inserted once into daily_prints (its unique key and the
# covering index the forecasts read) and once into stock_days, in one transaction, into a copy of
# the prepared database. No parsing, no checks, no ledger, no pooled days.
sqlite3 "$TMP/pre.db" ".backup '$TMP/floor.db'"
t3=$(now)
sqlite3 "$TMP/floor.db" <<EOF >/dev/null
PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -98304;
ATTACH '$TMP/raw.db' AS r;
BEGIN;
INSERT INTO daily_prints (print_date, region_code, item_code, printed, spoiled, actor, upload_id, created_at)
  SELECT tanggal, wilayah, barang, CAST(dicetak AS INTEGER), CAST(rusak AS INTEGER), 'floor', NULL,
    '2026-01-01T00:00:00Z' FROM r.prints_raw;
INSERT INTO stock_days (region_code, item_code, day, net, used, closing)
  SELECT wilayah, barang, tanggal, -(CAST(dicetak AS INTEGER) + CAST(rusak AS INTEGER)),
    CAST(dicetak AS INTEGER) + CAST(rusak AS INTEGER), 0 FROM r.prints_raw WHERE true
  ON CONFLICT (region_code, item_code, day) DO UPDATE SET net = net + excluded.net, used = used + excluded.used;
COMMIT;
EOF
t4=$(now)
floor=$(python3 -c "print($t4 - $t3)")

awk -v b="$blanko" -v s="$t0" -v t="$t1" -v r="$t2" -v rss="$rss" -v rows="$ROWS" -v writes="$writes" -v f="$floor" 'BEGIN {
    sql = t - s; raw = r - t
    printf "SQLite\n"
    printf "  blanko import prints: %6.2f s (%.0f rows/s, max RSS %.0f MB)\n", b, rows / b, rss / 1024
    printf "  sqlite3, same writes: %6.2f s (%d statements)  ratio %.2fx (target <= 1.5x)\n", sql, writes, b / sql
    printf "  sqlite3 .import:      %6.2f s                   ratio %.2fx (target <= 5x)\n", raw, b / raw
    printf "  floor: prints and days written once, unchecked, from the loaded rows: %.2f s = %.2fx the raw .import\n", f, f / raw
}'

# ---------------------------------------------------------------- PostgreSQL
[[ $PG == 1 ]] || exit 0
command -v psql >/dev/null || { echo "psql not found" >&2; exit 2; }
base=${PG_ADMIN_URL%/*}
psql "$PG_ADMIN_URL" -q -c "DROP DATABASE IF EXISTS bench_pre" -c "DROP DATABASE IF EXISTS bench_b" -c "DROP DATABASE IF EXISTS bench_replay" -c "CREATE DATABASE bench_pre"
prepare "$base/bench_pre"
psql "$PG_ADMIN_URL" -q -c "CREATE DATABASE bench_b TEMPLATE bench_pre" -c "CREATE DATABASE bench_replay TEMPLATE bench_pre"
blanko=$(timed_import "$base/bench_b")
rss=$(cat "$TMP/rss")
tables=$(psql "$base/bench_b" -tAc "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
: >"$TMP/untimed.sql"
echo "BEGIN;" >"$TMP/copy.sql"
for t in $tables; do
    psql "$base/bench_pre" -qc "\\copy \"$t\" TO '$TMP/$t.pre' WITH (FORMAT csv)"
    psql "$base/bench_b" -qc "\\copy \"$t\" TO '$TMP/$t.post' WITH (FORMAT csv)"
    sort "$TMP/$t.pre" >"$TMP/$t.pre.s"; sort "$TMP/$t.post" >"$TMP/$t.post.s"
    comm -13 "$TMP/$t.pre.s" "$TMP/$t.post.s" >"$TMP/$t.added"
    comm -23 "$TMP/$t.pre.s" "$TMP/$t.post.s" >"$TMP/$t.removed"
    if [[ -s $TMP/$t.removed ]]; then
        cat >>"$TMP/untimed.sql" <<EOF
CREATE TEMP TABLE old_rows AS SELECT * FROM "$t" LIMIT 0;
\\copy old_rows FROM '$TMP/$t.removed' WITH (FORMAT csv)
DELETE FROM "$t" t USING old_rows o WHERE (t.*) IS NOT DISTINCT FROM (o.*);
DROP TABLE old_rows;
EOF
    fi
    [[ -s $TMP/$t.added ]] && echo "\\copy \"$t\" FROM '$TMP/$t.added' WITH (FORMAT csv)" >>"$TMP/copy.sql"
done
echo "COMMIT;" >>"$TMP/copy.sql"
psql "$base/bench_replay" -q -v ON_ERROR_STOP=1 -f "$TMP/untimed.sql"
t0=$(now)
psql "$base/bench_replay" -q -v ON_ERROR_STOP=1 -f "$TMP/copy.sql"
t1=$(now)
same=$(psql "$base/bench_replay" -tAc "SELECT COUNT(*) FROM ledger_entries"):$(psql "$base/bench_b" -tAc "SELECT COUNT(*) FROM ledger_entries")
psql "$PG_ADMIN_URL" -q -c "DROP DATABASE bench_pre" -c "DROP DATABASE bench_b" -c "DROP DATABASE bench_replay"
[[ ${same%:*} == "${same#*:}" ]] || { echo "the copy wrote a different ledger: $same" >&2; exit 1; }
awk -v b="$blanko" -v s="$t0" -v t="$t1" -v rss="$rss" -v rows="$ROWS" 'BEGIN {
    copy = t - s
    printf "PostgreSQL\n"
    printf "  blanko import prints: %6.2f s (%.0f rows/s, max RSS %.0f MB)\n", b, rows / b, rss / 1024
    printf "  psql \\copy, same rows: %6.2f s                  ratio %.2fx (target <= 2x)\n", copy, b / copy
}'
