#!/usr/bin/env bash
# Issue 10's benchmark: blanko at national scale, in one run.
#
#   cargo build --release && benches/national.sh [options]
#
#   --db sqlite|postgres|both     databases to measure (default both)
#   --scale offices|kecamatan|both
#                                 offices: prints by the 514 kabupaten/kota offices only;
#                                 kecamatan: the 7,285 kecamatan print too (default both)
#   --provinces 32,36             a smaller country (default: all 38 provinces)
#   --duration S                  seconds of wrk per endpoint (default 10)
#   --record                      write the table into BENCHMARKS.md (between the national markers)
#   --reuse URL                   measure the database at URL (imported before, e.g. by a run with
#                                 KEEP=1) without generating or importing anything: the reads only
#
# For each database and scale it generates three years of national history
# (benches/national/generate.py, cached under target/national-data/), imports it with
# `blanko import` (time and peak RSS of every file), starts `blanko serve`, and measures every
# read endpoint with wrk (median, p99, req/s) right beside /healthz in the same run, then the
# server's RSS after every endpoint was warmed. PostgreSQL: PG_ADMIN_URL names a server where
# the script may create and drop the database blanko_bench_national (default the local one).
# BLANKO_BIN overrides the binary; KEEP=1 keeps the temporary directory and the PostgreSQL
# database (for a later --reuse).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BLANKO_BIN:-$ROOT/target/release/blanko}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/test}
export PGOPTIONS=--client-min-messages=warning
DBS=both SCALES=both PROVINCES="" DURATION=10 RECORD=0 REUSE=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --db) DBS=$2; shift 2 ;;
        --scale) SCALES=$2; shift 2 ;;
        --provinces) PROVINCES=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --record) RECORD=1; shift ;;
        --reuse) REUSE=$2; shift 2 ;;
        *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done
[[ $DBS == both ]] && DBS="sqlite postgres"
DBS=${DBS//,/ }
[[ $SCALES == both ]] && SCALES="offices kecamatan"
if [[ -n $REUSE ]]; then
    # One database, as it is: its scale is whatever was imported into it.
    SCALES=reused
    case $REUSE in sqlite:*) DBS=sqlite ;; postgres:*) DBS=postgres ;; *) echo "--reuse: sqlite:// or postgres:// URL" >&2; exit 2 ;; esac
fi
[[ -x "$BIN" ]] || { echo "no binary at $BIN: run cargo build --release first" >&2; exit 2; }
for tool in wrk python3 curl; do
    command -v $tool >/dev/null || { echo "$tool not found (apt-get install -y $tool)" >&2; exit 2; }
done

TMP=$(mktemp -d)
SERVER_PID=""
cleanup() {
    [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null || true
    [[ "${KEEP:-0}" == 1 ]] && echo "keeping $TMP" || rm -rf "$TMP"
}
trap cleanup EXIT
OUT=$ROOT/target/national-bench
mkdir -p "$OUT"
TABLE=$OUT/table.md
: >"$TABLE"

# The history, generated once per scale and province set.
data_dir() {
    local scale=$1 dir=$ROOT/target/national-data/$1${PROVINCES:+-$PROVINCES}
    if [[ ! -f $dir/manifest.csv ]]; then
        local flags=()
        [[ $scale == kecamatan ]] && flags+=(--kecamatan-prints)
        [[ -n $PROVINCES ]] && flags+=(--provinces "$PROVINCES")
        echo "generating $scale history in $dir ..." >&2
        python3 "$ROOT/benches/national/generate.py" "$dir" "${flags[@]}" >&2
    fi
    echo "$dir"
}

database_url() {
    [[ -n $REUSE ]] && { echo "$REUSE"; return; }
    case $1 in
        sqlite) echo "sqlite://$TMP/national.db?mode=rwc" ;;
        postgres) echo "${PG_ADMIN_URL%/*}/blanko_bench_national" ;;
    esac
}

fresh_database() {
    case $1 in
        sqlite) rm -f "$TMP"/national.db* ;;
        postgres)
            psql "$PG_ADMIN_URL" -q -c "DROP DATABASE IF EXISTS blanko_bench_national" -c "CREATE DATABASE blanko_bench_national" ;;
    esac
}

ledger_entries() {
    case $1 in
        sqlite) python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM ledger_entries').fetchone()[0])" "$(database_url sqlite | sed -e 's|^sqlite://||' -e 's|?.*||')" ;;
        postgres) psql "$(database_url postgres)" -tAc "SELECT COUNT(*) FROM ledger_entries" ;;
    esac
}

# Median, p99 (ms) and req/s of one wrk run; wrk prints latencies in us, ms or s.
measure() {
    local url=$1 token=$2
    wrk -t1 -c2 -d"${DURATION}s" --timeout 60s --latency -H "Authorization: Bearer $token" "$url" 2>&1 | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(v):
    n, unit = re.match(r"([\d.]+)(us|ms|s|m)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
p = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M))
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if not p or not rps:
    sys.exit("wrk gave no numbers:\n" + text)
median, p99 = ms(p["50"]), ms(p["99"])
print(f"{median:.1f} {p99:.1f} {float(rps.group(1)):.0f} {non2xx.group(1) if non2xx else 0}")
'
}

rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

PORT=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
for scale in $SCALES; do
    [[ -z $REUSE ]] && DATA=$(data_dir "$scale")
    for db in $DBS; do
        echo "== $db, $scale ==" >&2
        URL=$(database_url "$db")
        import_s=0 import_rss=0 prints_rows=0 prints_s=0
        [[ -z $REUSE ]] && fresh_database "$db" && "$BIN" --database-url "$URL" seed >/dev/null
        [[ -z $REUSE ]] && while IFS=, read -r kind file rows; do
            [[ $kind == kind ]] && continue
            /usr/bin/time -f "%e %M" -o "$TMP/time" "$BIN" --database-url "$URL" import "$kind" "$DATA/$file" >/dev/null
            read -r secs kb <"$TMP/time"
            printf '  import %-13s %-22s %8s rows %7.1f s %5.0f MB\n' "$kind" "$file" "$rows" "$secs" "$((kb / 1024))" >&2
            import_s=$(python3 -c "print($import_s + $secs)")
            ((kb > import_rss)) && import_rss=$kb
            if [[ $kind == prints ]] && ((rows > prints_rows)); then prints_rows=$rows prints_s=$secs; fi
        done <"$DATA/manifest.csv"
        # A server with autovacuum off (as the local test server is) keeps every row version the
        # imports' upserts left (over a million in backlog_latest); vacuum as autovacuum would.
        [[ $db == postgres ]] && psql "$URL" -q -c "VACUUM ANALYZE"
        entries=$(ledger_entries "$db")
        TOKEN=$("$BIN" --database-url "$URL" user add "bench-national-$$" --role pusat | tail -n1)

        "$BIN" --database-url "$URL" serve --addr "127.0.0.1:$PORT" >"$TMP/serve.log" 2>&1 &
        SERVER_PID=$!
        for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
        base=http://127.0.0.1:$PORT
        AS_OF=2022-12-30
        declare -a NAMES=(
            "/stock kabupaten/kota (32.16)|/api/v1/stock?region=32.16"
            "/stock kecamatan (32.16.01)|/api/v1/stock?region=32.16.01"
            "/stock nasional|/api/v1/stock?region=PUSAT"
            "/stock 32.16 as_of lampau|/api/v1/stock?region=32.16&as_of=2022-11-15"
            "/ledger 32.16, Desember|/api/v1/ledger?region=32.16&from=2022-12-01&to=$AS_OF"
            "/forecast kabupaten/kota|/api/v1/forecast?region=32.16&as_of=$AS_OF"
            "/forecast provinsi (32)|/api/v1/forecast?region=32&as_of=$AS_OF"
            "/forecast nasional|/api/v1/forecast?region=PUSAT&as_of=$AS_OF"
            "grafik stok (PNG)|/api/v1/reports/stock.png?region=32.16&as_of=$AS_OF"
            "briefing (HTML)|/api/v1/reports/briefing.html?region=32.16&as_of=$AS_OF"
            "/uploads|/api/v1/uploads"
        )
        if [[ -n $PROVINCES ]]; then
            # A smaller country: ask about its first province and kabupaten/kota instead.
            p=${PROVINCES%%,*}
            k=$(awk -F, -v p="$p" '$4==p {print $1; exit}' "$ROOT/seed-data/wilayah.csv")
            kc=$(awk -F, -v k="$k" '$4==k {print $1; exit}' "$ROOT/seed-data/wilayah.csv")
            for i in "${!NAMES[@]}"; do
                NAMES[i]=$(sed -e "s/32\.16\.01/$kc/g" -e "s/32\.16/$k/g" -e "s/region=32&/region=$p\&/" -e "s/(32)/($p)/" <<<"${NAMES[i]}")
            done
        fi
        # Warm every endpoint once, then measure each beside /healthz.
        for entry in "${NAMES[@]}"; do
            curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$base${entry#*|}" || {
                echo "warm-up failed: ${entry#*|}" >&2; tail -5 "$TMP/serve.log" >&2; exit 1; }
        done
        rss_warm=$(rss_mb "$SERVER_PID")
        {
            echo
            echo "### $db, $scale: $entries ledger entries"
            echo
            if [[ -n $REUSE ]]; then
                echo "Not imported by this run (\`--reuse\`). Server RSS after warming every endpoint: $rss_warm MB."
            else
                echo "Imports: $(printf '%.0f' "$import_s") s in all, peak RSS $((import_rss / 1024)) MB;" \
                    "the largest prints file: $prints_rows rows in $prints_s s." \
                    "Server RSS after warming every endpoint: $rss_warm MB."
            fi
            echo
            echo "| endpoint | median ms | p99 ms | req/s | /healthz req/s | ratio | non-2xx |"
            echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
        } >>"$TABLE"
        for entry in "${NAMES[@]}"; do
            name=${entry%%|*} path=${entry#*|}
            read -r hmed hp99 hrps _ < <(measure "$base/healthz" "$TOKEN")
            read -r med p99 rps bad < <(measure "$base$path" "$TOKEN")
            ratio=$(python3 -c "print(f'{100 * $rps / $hrps:.1f} %')")
            printf '%-32s median %8s ms  p99 %8s ms  %6s req/s  (healthz %s req/s)\n' "$name" "$med" "$p99" "$rps" "$hrps" >&2
            echo "| $name | $med | $p99 | $rps | $hrps | $ratio | $bad |" >>"$TABLE"
        done
        echo "" >>"$TABLE"
        echo "Server RSS at the end: $(rss_mb "$SERVER_PID") MB." >>"$TABLE"
        kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
        if [[ $db == postgres && -z $REUSE ]]; then
            if [[ "${KEEP:-0}" == 1 ]]; then
                echo "keeping the PostgreSQL database $URL" >&2
            else
                psql "$PG_ADMIN_URL" -q -c "DROP DATABASE IF EXISTS blanko_bench_national"
            fi
        fi
    done
done

cat "$TABLE"
if [[ $RECORD == 1 ]]; then
    python3 - "$ROOT/BENCHMARKS.md" "$TABLE" "$(nproc)" "$(date -u +%F)" "$(git -C "$ROOT" rev-parse --short HEAD)" <<'EOF'
import sys
path, table, cores, day, commit = sys.argv[1:]
start, end = "<!-- national:start -->", "<!-- national:end -->"
text = open(path, encoding="utf-8").read()
body = (f"{start}\nMeasured by `benches/national.sh` on {day} at {commit}, {cores} cores, release build, "
        "wrk with 2 connections per endpoint.\n" + open(table, encoding="utf-8").read() + f"\n{end}")
if start in text:
    text = text[:text.index(start)] + body + text[text.index(end) + len(end):]
else:
    text += "\n## National scale (issue 10)\n\n" + body + "\n"
open(path, "w", encoding="utf-8").write(text)
EOF
    echo "table written to BENCHMARKS.md" >&2
fi
