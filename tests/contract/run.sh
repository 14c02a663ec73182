#!/usr/bin/env bash
# Contract tests from our own spec: openapi-spec-validator, then schemathesis against the running
# server with an administrator's and a convener's token, all operations, all checks.
# Deterministic by construction: the Python tree is locked with hashes, the seed is fixed, one
# worker runs the operations in a fixed order (hypothesis is not thread-safe on CPython 3.11:
# "AST constructor recursion depth mismatch"), and no example database carries cases between runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=tests/contract/.venv
LOCK=tests/contract/requirements.txt
# Every package, transitive ones included, comes from the hashed lock (no resolver, no "latest"):
# a run today installs exactly what a run next month installs. The venv is rebuilt when the lock
# changes.
STAMP="$VENV/.lock-sha256"
want="$(sha256sum "$LOCK" | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/st" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --require-hashes --no-deps -r "$LOCK"
  echo "$want" > "$STAMP"
fi
"$VENV/bin/openapi-spec-validator" openapi/openapi.json

cargo build -q -p yanpan-server --bin yanpan
TMP=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export YANPAN_DATABASE_URL="sqlite://$TMP/contract.db?mode=rwc"
export YANPAN_JWT_SECRET="contract-test-secret-contract-test-secret-0123"
export YANPAN_PORT=$PORT
export YANPAN_AUTH__ACCESS_TTL_SECS=3600
export RUST_LOG=warn
./target/debug/yanpan seed-demo > /dev/null
PW="contract-test-password"
echo -n "$PW" | ./target/debug/yanpan user create --username contract-admin --role admin --password-stdin > /dev/null
echo -n "$PW" | ./target/debug/yanpan user create --username contract-convener --role convener --unit party-office --password-stdin > /dev/null
./target/debug/yanpan serve > "$TMP/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" > /dev/null && break; sleep 0.1; done
mkdir -p target/test-reports
: > target/test-reports/contract.log
# Once as an administrator (units, users, accounts, calendar) and once as a convener (the
# meetings). Both sign in first: the runs themselves fail many sign-ins, which throttles the address.
token_of() {
  curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$PW\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
ADMIN_TOKEN=$(token_of contract-admin)
CONVENER_TOKEN=$(token_of contract-convener)
for who in admin convener; do
  token_var="${who^^}_TOKEN"
  echo "== schemathesis as $who" | tee -a target/test-reports/contract.log
  "$VENV/bin/st" --config-file tests/contract/schemathesis.toml run openapi/openapi.json \
    --url "http://127.0.0.1:$PORT" \
    -H "Authorization: Bearer ${!token_var}" \
    --checks all \
    --max-examples 50 --seed 1 \
    --workers 1 \
    --generation-database none \
    2>&1 | tee -a target/test-reports/contract.log
done
