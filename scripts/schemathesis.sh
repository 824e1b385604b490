#!/usr/bin/env bash
# Checks the running API against its own OpenAPI document with Schemathesis (issue 8): every
# status, header and body the server sends must be one the document declares, bad input must be
# refused with a 4xx, valid input must not be, and nothing may answer 5xx.
#
#   bash scripts/schemathesis.sh            full run (many examples per operation)
#   bash scripts/schemathesis.sh --short    a few examples per operation, for CI
#   bash scripts/schemathesis.sh -- ARGS    extra arguments for `st run` (after --)
#
# Needs python3 (with venv) and cargo; installs Schemathesis from PyPI into
# target/schemathesis-venv on first use. The server runs the release binary with the demo history
# on a throw-away SQLite database. Reports land in target/schemathesis-report/.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --short) mode=short ;;
    --full) mode=full ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: $0 [--short|--full] [-- ST_RUN_ARGS...]" >&2; exit 2 ;;
  esac
  shift
done

venv=target/schemathesis-venv
if [[ ! -x "$venv/bin/st" ]]; then
  echo "== installing Schemathesis into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check schemathesis
fi
echo "== $("$venv/bin/st" --version)"

echo "== cargo build --release"
cargo build --release --quiet
bin=target/release/blanko

tmp=$(mktemp -d)
server=""
cleanup() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
    kill "$server"
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
echo "== starting $bin serve --demo on $base (database in $tmp)"
DATABASE_URL="sqlite://$tmp/blanko.db?mode=rwc" RUST_LOG="${RUST_LOG:-warn}" \
  "$bin" serve --demo --addr "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
server=$!

# The demo users' tokens are printed once, before the server listens:
#   "  demo-pusat               pusat     PASSWORD                 TOKEN" (the field starting blk_)
token=""
for _ in $(seq 1 300); do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "the server stopped:" >&2
    cat "$tmp/server.log" >&2
    exit 1
  fi
  token=$(awk '$1 == "demo-pusat" { for (i = 2; i <= NF; i++) if ($i ~ /^blk_/) print $i }' "$tmp/server.log")
  if [[ -n "$token" ]] && curl -fsS "$base/healthz" >/dev/null 2>&1; then
    break
  fi
  sleep 1
done
if [[ -z "$token" ]] || ! curl -fsS "$base/healthz" >/dev/null 2>&1; then
  echo "the server did not come up with a demo-pusat token within 300 s:" >&2
  cat "$tmp/server.log" >&2
  exit 1
fi

if [[ $mode == short ]]; then
  # Deterministic and small: the same cases on every CI run.
  generation=(--max-examples 10 --generation-deterministic)
else
  generation=(--max-examples 200 --generation-database none)
fi

report=target/schemathesis-report
rm -rf "$report"
echo "== st run ($mode) against $base"
status=0
# From target/, where Schemathesis may keep its state (.schemathesis/) out of the worktree.
(cd target && "$PWD/schemathesis-venv/bin/st" --config-file ../scripts/schemathesis.toml run "$base/api/v1/openapi.json" \
  --url "$base" \
  --checks all \
  --header "Authorization: Bearer $token" \
  --workers 2 \
  --request-timeout 60 \
  --report junit --report-dir schemathesis-report --report-junit-path schemathesis-report/junit.xml \
  --no-color \
  "${generation[@]}" "${extra[@]}") || status=$?

echo "== summary ($mode)"
python3 - "$report/junit.xml" <<'PY' || true
import collections, os, sys, xml.etree.ElementTree as ET

if not os.path.exists(sys.argv[1]):
    sys.exit("no report: Schemathesis did not run")
cases = ET.parse(sys.argv[1]).getroot().iter("testcase")
failing, kinds, total = [], collections.Counter(), 0
for case in cases:
    total += 1
    problems = list(case.findall("failure")) + list(case.findall("error"))
    if problems:
        failing.append(case.get("name"))
    for p in problems:
        # Each failure message starts with the check's title, e.g. "Undocumented HTTP status code".
        first = (p.get("message") or p.text or "").strip().splitlines()
        kinds[first[0].strip(" -") if first else p.tag] += 1
print(f"operations: {total}, failing: {len(failing)}")
for name in failing:
    print(f"  FAIL {name}")
for kind, n in kinds.most_common():
    print(f"  {n:4} x {kind}")
PY
if [[ $status -ne 0 ]]; then
  echo "Schemathesis found problems (exit $status); the server log is below." >&2
  grep -v ' blk_' "$tmp/server.log" | tail -n 50 >&2
fi
exit "$status"
