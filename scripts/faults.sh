#!/usr/bin/env bash
# The long fault run of RELIABILITY.md: 20 kill -9 per database, 60 s of eight concurrent writers
# (two `serve` instances on PostgreSQL, one on SQLite), the graceful stop and the backup, with a
# release build. Prints the FIGURES lines RELIABILITY.md quotes. CI runs the short version through
# `cargo test` (tests/faults).
#
#   bash scripts/faults.sh                       # SQLite, and PostgreSQL at TEST_DATABASE_URL
#   BLANKO_FAULTS_SEED=123 bash scripts/faults.sh  # repeat a run
set -euo pipefail
cd "$(dirname "$0")/.."
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
export BLANKO_FAULTS=long
log="$(mktemp)"
cargo test --release --test faults -- --nocapture --test-threads 1 2>&1 | tee "$log"
echo
echo "== figures"
grep '^FIGURES' "$log" || true
