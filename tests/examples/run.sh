#!/usr/bin/env bash
# The examples of examples/ run against a real server, as a platform's operator would run them:
# the demo seeded, a service account made by an administrator, then the script pushes cases,
# follows the change feed from a cursor, and receives a signed webhook.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -q -p yanpan-server --bin yanpan
TMP=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export YANPAN_DATABASE_URL="sqlite://$TMP/examples.db?mode=rwc"
export YANPAN_JWT_SECRET="examples-test-secret-examples-test-secret-0123"
export YANPAN_PORT=$PORT
export YANPAN_WEBHOOKS__POLL_INTERVAL_MS=50
export RUST_LOG=warn
./target/debug/yanpan seed-demo > /dev/null
PW="examples-test-password"
echo -n "$PW" | ./target/debug/yanpan user create --username examples-admin --role admin --password-stdin > /dev/null
echo -n "$PW" | ./target/debug/yanpan user create --username examples-analyst --role analyst --password-stdin > /dev/null
./target/debug/yanpan serve > "$TMP/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" > /dev/null && break; sleep 0.1; done
mkdir -p target/test-reports
YANPAN_URL="http://127.0.0.1:$PORT" EXAMPLES_PASSWORD="$PW" EXAMPLES_TMP="$TMP" \
  python3 tests/examples/test_examples.py 2>&1 | tee target/test-reports/examples.log
