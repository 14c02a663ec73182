#!/usr/bin/env bash
# `make bench` (issue 10): the mixed workload, with no response cache (there is none), on SQLite
# and PostgreSQL, at one and ten years of volume (1,000 and 10,000 meetings with their agenda
# items, participants, submissions and search index), 32 connections each signed in as its own
# user of every role (see crates/loadgen). Beside each read: the database's own time for the
# same statements (`yanpan bench-sql`). A footnote keeps the old one-URL wrk rows. Then the SPA.
# Results: bench/RESULTS.md (and the raw JSON in bench/results/).
set -euo pipefail
cd "$(dirname "$0")/.."
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/test}
VOLUMES=${BENCH_VOLUMES:-1000 10000}
export BENCH_SECONDS=${BENCH_SECONDS:-20}
export BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-32}
command -v wrk > /dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
cargo build -q --release -p yanpan-server --bin yanpan
cargo build -q --release -p yanpan-loadgen
BIN=./target/release/yanpan
TMP=bench/tmp
OUT=bench/results
rm -rf "$TMP" && mkdir -p "$TMP" "$OUT"
export YANPAN_JWT_SECRET="bench-secret-bench-secret-bench-secret-012345"
export YANPAN_AUTH__ACCESS_TTL_SECS=3600
export YANPAN_AUTH__MAX_FAILURES_PER_IP=100000
export RUST_LOG=warn
export YANPAN_BENCH_PASSWORD="bench-password-0123456789"
PW="bench-analyst-password"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# One-URL rows (the old benchmark), for comparison only.
footnote() {
  local db=$1
  local port; port=$(free_port)
  YANPAN_PORT=$port $BIN serve > "$TMP/server-wrk-$db.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.1; done
  local base="http://127.0.0.1:$port"
  local token; token=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"bench-analyst-1\",\"password\":\"$YANPAN_BENCH_PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  local meeting; meeting=$(curl -fs -H "Authorization: Bearer $token" "$base/api/v1/meetings?status=concluded&page_size=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  for pair in "healthz /healthz" "list_meetings /api/v1/meetings?kind=regular&status=concluded&page_size=50" \
      "meeting_detail /api/v1/meetings/$meeting" "search /api/v1/search?q=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF"; do
    set -- $pair
    wrk -t2 -c"$BENCH_CONNECTIONS" -d5s --latency -H "Authorization: Bearer $token" "$base$2" > "$TMP/wrk-$db-$1.txt" 2>&1 || true
    python3 - "$db" "$1" "$TMP/wrk-$db-$1.txt" >> "$TMP/footnote.tsv" <<'PY'
import re, sys
db, name, out = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    n, u = float(m.group(1)), m.group(2)
    return n / 1000 if u == "us" else n if u == "ms" else n * 1000
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p50 = ms(re.search(r"\n\s+50%\s+(\S+)", out).group(1))
p99 = ms(re.search(r"\n\s+99%\s+(\S+)", out).group(1))
print(f"{db}\t{name}\t{rps:.0f}\t{p50:.2f}\t{p99:.2f}")
PY
  done
  kill $pid; wait $pid 2>/dev/null || true
}

run_db() {
  local db=$1 url_of=$2
  for n in $VOLUMES; do
    export YANPAN_DATABASE_URL; YANPAN_DATABASE_URL=$($url_of "$n")
    echo "== $db, $n meetings: seeding"
    $BIN seed-bench --meetings "$n" | tee "$TMP/seed-$db-$n.txt"
    echo "== $db, $n meetings: the database's own time"
    $BIN bench-sql --rounds 300 > "$OUT/sql-$db-$n.json"
    echo "== $db, $n meetings: the mix for ${BENCH_SECONDS}s"
    bash bench/mix.sh "$OUT/mix-$db-$n.json"
    rm -f "$OUT/mix-$db-$n.json.server.log" "$OUT/mix-$db-$n.json.rss"
  done
  footnote "$db"
}

sqlite_url() { echo "sqlite://$PWD/$TMP/bench-$1.db?mode=rwc"; }
pg_url() {
  psql "$PG_URL" -qc "DROP DATABASE IF EXISTS yanpan_bench_$1" > /dev/null
  psql "$PG_URL" -qc "CREATE DATABASE yanpan_bench_$1" > /dev/null
  echo "${PG_URL%/*}/yanpan_bench_$1"
}
: > "$TMP/footnote.tsv"
run_db sqlite sqlite_url
if pg_isready -q -d "$PG_URL"; then run_db postgres pg_url; else echo "PostgreSQL not reachable: skipped"; fi

# The SPA: bundle size and time until home is usable (same release server, SQLite).
FRONT_JSON="{}"
if [ -f dist/index.html ]; then
  # The browser, as the browser tests install it (Debian's Chromium, never a download).
  [ -x /usr/bin/chromium ] || { apt-get update -qq || true; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; }
  SIZE_JSON=$(bash bench/wasm-size.sh --json 2> /dev/null || echo '{}')
  export YANPAN_DATABASE_URL="sqlite://$PWD/$TMP/front.db?mode=rwc"
  echo -n "$PW" | $BIN user create --username bench-admin --role admin --password-stdin > /dev/null
  port=$(free_port)
  YANPAN_PORT=$port YANPAN_STATIC_DIR=dist $BIN serve > "$TMP/server-front.log" 2>&1 &
  fpid=$!
  for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.1; done
  [ -d tests/browser/node_modules ] || (cd tests/browser && (npm ci --silent || npm install --silent))
  HOME_JSON=$(YANPAN_URL="http://127.0.0.1:$port" YANPAN_BENCH_USER=bench-admin YANPAN_BENCH_PASSWORD="$PW" node bench/frontend.mjs || true)
  kill $fpid; wait $fpid 2>/dev/null || true
  FRONT_JSON=$(python3 -c 'import json,sys; print(json.dumps({"size": json.loads(sys.argv[1] or "{}"), "home": json.loads(sys.argv[2] or "{}")}))' "$SIZE_JSON" "$HOME_JSON")
fi

# The analysis room at a million cases (intake and analyses).
bash bench/cases.sh

python3 bench/report.py "$FRONT_JSON" "$VOLUMES" > bench/RESULTS.md
cat bench/RESULTS.md
