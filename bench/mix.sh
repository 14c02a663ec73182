#!/usr/bin/env bash
# One run of the mixed workload: serves the release binary on the database in
# $YANPAN_DATABASE_URL (seeded already), drives it with `yanpan-loadgen`, samples the server's
# resident memory while it runs, and prints the load generator's JSON with `rss_max_mb` added.
# Usage: bench/mix.sh OUT.json [extra env assignments for the server...]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$1; shift
BIN=./target/release/yanpan
LOADGEN=./target/release/yanpan-loadgen
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
env "$@" YANPAN_PORT=$port $BIN serve > "$OUT.server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.1; done
# The highest resident set size seen, sampled five times a second while the load runs.
( peak=0; while kill -0 $pid 2>/dev/null; do
    kb=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
    [ "${kb:-0}" -gt "$peak" ] && peak=$kb && echo "$peak" > "$OUT.rss"
    sleep 0.2
  done ) &
sampler=$!
$LOADGEN --base "http://127.0.0.1:$port" --connections "${BENCH_CONNECTIONS:-32}" \
  --duration "${BENCH_SECONDS:-20}" --warmup "${BENCH_WARMUP:-3}" > "$OUT.tmp"
kill $pid; wait $pid 2>/dev/null || true
wait $sampler 2>/dev/null || true
python3 - "$OUT.tmp" "$OUT.rss" > "$OUT" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
try:
    r["rss_max_mb"] = round(int(open(sys.argv[2]).read().strip()) / 1024, 1)
except Exception:
    r["rss_max_mb"] = None
print(json.dumps(r, ensure_ascii=False, indent=2))
PY
rm -f "$OUT.tmp"
