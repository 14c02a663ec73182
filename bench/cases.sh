#!/usr/bin/env bash
# The analysis room's benchmark (issue 11), part of `make bench`: on SQLite and PostgreSQL,
# a database with the demo scaled to about a million cases over 24 months (`seed-demo
# --case-scale 14`), then
#   1. analyses: 8 connections asking random analyses for random periods and filters for 30 s
#      (target: p99 < 300 ms);
#   2. intake: 100,000 new cases through POST /cases/batch, 1,000 a call from 4 connections,
#      with the server's memory sampled throughout (target: >= 5,000 cases/s, RSS < 200 MB).
#      It comes second so that its cases (all in the last 60 days) do not change what the
#      analyses see.
# No response cache exists. Results: bench/results/cases-<db>.json; the report reads them.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/test}
SCALE=${BENCH_CASE_SCALE:-14}
INTAKE=${BENCH_INTAKE_CASES:-100000}
SECONDS_=${BENCH_ANALYSIS_SECONDS:-30}
[ -n "${BENCH_NO_BUILD:-}" ] || cargo build -q --release -p yanpan-server --bin yanpan
cargo build -q --release -p yanpan-loadgen --bin yanpan-bench-cases
BIN=./target/release/yanpan
GEN=./target/release/yanpan-bench-cases
TMP=bench/tmp
OUT=bench/results
mkdir -p "$TMP" "$OUT"
export YANPAN_JWT_SECRET="bench-secret-bench-secret-bench-secret-012345"
export YANPAN_AUTH__ACCESS_TTL_SECS=3600
export YANPAN_AUTH__MAX_FAILURES_PER_IP=100000
export RUST_LOG=warn
PW="bench-analyst-password-0123"
STREETS=street-qingbo,street-hubin,street-xiaoying,street-nanxing,street-ziyang,street-wangjiang
CATEGORIES=noise,illegal-building,street-vending,garbage,parking,property,elevator,leaking,neighbour,wage,food-safety,consumer,urban,housing,social,market
UNITS=dept-housing,dept-hrss,dept-market,dept-police,dept-urban,street-qingbo,street-hubin
LAST_MONTH=$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-01) -1 day" +%Y-%m)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run() {
  local db=$1
  echo "== cases, $db: seeding the demo at $SCALE times its cases"
  local t0; t0=$(date +%s)
  $BIN seed-demo --case-scale "$SCALE" > "$TMP/cases-seed-$db.txt"
  local seeded=$(( $(date +%s) - t0 ))
  echo -n "$PW" | $BIN user create --username bench-cases-admin --role admin --password-stdin > /dev/null
  echo -n "$PW" | $BIN user create --username bench-cases-analyst --role analyst --password-stdin > /dev/null
  local port; port=$(free_port)
  YANPAN_PORT=$port $BIN serve > "$TMP/cases-server-$db.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.1; done
  local base="http://127.0.0.1:$port"
  local admin; admin=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"bench-cases-admin\",\"password\":\"$PW\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  local acct; acct=$(curl -fs -X POST "$base/api/v1/service-accounts" -H "Authorization: Bearer $admin" \
    -H 'content-type: application/json' -d '{"name":"bench intake","scopes":["cases_write"]}')
  export YANPAN_BENCH_CLIENT_ID; YANPAN_BENCH_CLIENT_ID=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["account"]["client_id"])' "$acct")
  export YANPAN_BENCH_CLIENT_SECRET; YANPAN_BENCH_CLIENT_SECRET=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["client_secret"])' "$acct")
  local analyst; analyst=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"bench-cases-analyst\",\"password\":\"$PW\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  local cases; cases=$(curl -fs -H "Authorization: Bearer $analyst" "$base/api/v1/cases?page_size=1" -o /dev/null -D - | awk 'tolower($1)=="x-total-count:" {print $2+0}')
  # A server in service has loaded its cluster index (repeated demands) long before; this one
  # loads it now, on its first such request (a few seconds for a million cases), not inside the
  # measured run.
  curl -fs -o /dev/null -H "Authorization: Bearer $analyst" "$base/api/v1/analysis/repeated-demands"
  echo "== cases, $db: analyses for ${SECONDS_}s at 8 connections"
  YANPAN_BENCH_PASSWORD=$PW $GEN --base "$base" analyses --username bench-cases-analyst --connections 8 \
    --duration "$SECONDS_" --streets "$STREETS" --categories "$CATEGORIES" --last-month "$LAST_MONTH" \
    > "$TMP/cases-analyses-$db.json"
  # A fresh server for the intake, so that its memory is the intake's own.
  kill $pid; wait $pid 2>/dev/null || true
  YANPAN_PORT=$port $BIN serve > "$TMP/cases-server-intake-$db.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.1; done
  # The server's memory while the intake runs: the highest VmRSS and RssAnon, five times a second.
  ( peak=0; anon=0; while kill -0 $pid 2>/dev/null; do
      read -r kb akb < <(awk '/^VmRSS/ {r=$2} /^RssAnon/ {a=$2} END {print r+0, a+0}' "/proc/$pid/status" 2>/dev/null || echo "0 0")
      [ "${kb:-0}" -gt "$peak" ] && peak=$kb
      [ "${akb:-0}" -gt "$anon" ] && anon=$akb
      echo "$peak $anon" > "$TMP/cases-rss-$db"
      sleep 0.2
    done ) &
  local sampler=$!
  echo "== cases, $db: intake of $INTAKE cases"
  $GEN --base "$base" intake --cases "$INTAKE" --batch 1000 --connections 4 \
    --streets "$STREETS" --categories noise,parking,property,garbage,wage --units "$UNITS" \
    --prefix "BENCH$(date +%s)" > "$TMP/cases-intake-$db.json"
  kill $sampler 2>/dev/null || true
  local rss; rss=$(cat "$TMP/cases-rss-$db")
  kill $pid; wait $pid 2>/dev/null || true
  python3 - "$db" "$cases" "$seeded" "$rss" "$TMP/cases-intake-$db.json" "$TMP/cases-analyses-$db.json" > "$OUT/cases-$db.json" <<'PY'
import json, sys
db, cases, seeded, rss, intake, analyses = sys.argv[1:]
peak, anon = (int(x) for x in rss.split())
print(json.dumps({
    "database": db, "cases_before": int(cases or 0), "seed_seconds": int(seeded),
    "intake": json.load(open(intake)),
    "intake_rss_mb": round(peak / 1024, 1), "intake_rss_anon_mb": round(anon / 1024, 1),
    "analyses": json.load(open(analyses)),
}, indent=2))
PY
  cat "$OUT/cases-$db.json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["database"], "cases", d["cases_before"], "intake/s", round(d["intake"]["cases_per_second"]), "rss MB", d["intake_rss_mb"], "analyses p99 ms", d["analyses"]["p99_ms"])'
}

export YANPAN_DATABASE_URL="sqlite://$PWD/$TMP/cases.db?mode=rwc"
rm -f "$TMP"/cases.db*
for db in ${BENCH_CASES_DBS:-sqlite postgres}; do
  if [ "$db" = postgres ]; then
    pg_isready -q -d "$PG_URL" || { echo "PostgreSQL not reachable: skipped"; continue; }
    psql "$PG_URL" -qc "DROP DATABASE IF EXISTS yanpan_bench_cases" > /dev/null
    psql "$PG_URL" -qc "CREATE DATABASE yanpan_bench_cases" > /dev/null
    export YANPAN_DATABASE_URL="${PG_URL%/*}/yanpan_bench_cases"
  fi
  run "$db"
done
