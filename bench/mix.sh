#!/usr/bin/env bash
# One run of the mixed workload: serves the release binary on the database in
# $YANPAN_DATABASE_URL (seeded already), drives it with `yanpan-loadgen`, samples the server's
# memory and the CPU time spent while it runs, and prints the load generator's JSON with those
# added.
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
# The highest memory seen, sampled five times a second while the load runs: all resident pages
# (VmRSS, which counts the pages of SQLite's memory-mapped database file: the kernel's page
# cache, shared and reclaimable) and the server's own (RssAnon: heap, stacks, page caches).
( peak=0; anon=0; while kill -0 $pid 2>/dev/null; do
    read -r kb akb < <(awk '/^VmRSS/ {r=$2} /^RssAnon/ {a=$2} END {print r+0, a+0}' "/proc/$pid/status" 2>/dev/null || echo "0 0")
    [ "${kb:-0}" -gt "$peak" ] && peak=$kb
    [ "${akb:-0}" -gt "$anon" ] && anon=$akb
    echo "$peak $anon" > "$OUT.rss"
    sleep 0.2
  done ) &
sampler=$!
# CPU time over the measured window (after the warm-up), in clock ticks: the server's own
# (utime + stime of /proc/PID/stat) and the whole machine's busy time (/proc/stat, which includes
# PostgreSQL and the load generator).
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
WARMUP=${BENCH_WARMUP:-3}
( sleep "$WARMUP"; echo "$(ticks) $(busy)" > "$OUT.cpu0" ) &
$LOADGEN --base "http://127.0.0.1:$port" --connections "${BENCH_CONNECTIONS:-32}" \
  --duration "${BENCH_SECONDS:-20}" --warmup "$WARMUP" > "$OUT.tmp"
echo "$(ticks) $(busy)" > "$OUT.cpu1"
kill $pid; wait $pid 2>/dev/null || true
wait $sampler 2>/dev/null || true
python3 - "$OUT.tmp" "$OUT.rss" "$OUT.cpu0" "$OUT.cpu1" "$(getconf CLK_TCK)" > "$OUT" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
try:
    rss, anon = (int(x) for x in open(sys.argv[2]).read().split())
    r["rss_max_mb"], r["anon_max_mb"] = round(rss / 1024, 1), round(anon / 1024, 1)
except (OSError, ValueError):
    r["rss_max_mb"] = r["anon_max_mb"] = None
try:
    (s0, m0), (s1, m1) = ([int(x) for x in open(f).read().split()] for f in sys.argv[3:5])
    hz, n = int(sys.argv[5]), max(r["requests"], 1)
    r["server_cpu_ms_per_request"] = round((s1 - s0) * 1000 / hz / n, 2)
    r["machine_cpu_ms_per_request"] = round((m1 - m0) * 1000 / hz / n, 2)
except (OSError, ValueError):
    r["server_cpu_ms_per_request"] = r["machine_cpu_ms_per_request"] = None
print(json.dumps(r, ensure_ascii=False, indent=2))
PY
rm -f "$OUT.tmp" "$OUT.cpu0" "$OUT.cpu1"
