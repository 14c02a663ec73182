#!/usr/bin/env bash
# Browser tests of the SPA (called by `make test-browser`, after `make frontend`):
# Chromium + fonts when missing, npm ci, the debug server on a free port with a fresh SQLite
# database and known test users, then `node --test`. The server is always stopped.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  apt-get install -y -qq "$@"
}
if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium chromium-driver
fi
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  apt_install fonts-noto-cjk
fi

if [ ! -f dist/index.html ]; then
  bash frontend/build.sh
fi

(
  cd tests/browser
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
)

cargo build -p yanpan-server --bin yanpan
bin="$root/target/debug/yanpan"

tmp="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export YANPAN_DATABASE_URL="sqlite://$tmp/y.db?mode=rwc"
export YANPAN_PORT="$port"
export YANPAN_HOST="127.0.0.1"
export YANPAN_STATIC_DIR="$root/dist"
export YANPAN_JWT_SECRET="browser-tests-only-secret-0123456789abcdefghijkl"   # 48 characters
export YANPAN_SEED_DEMO_ON_FIRST_START=false
export RUST_LOG="${RUST_LOG:-warn}"

# Known users with known passwords (the demo seed's passwords are random and printed once).
rand_pw() { node -e 'console.log("Bt-"+require("crypto").randomBytes(12).toString("hex"))'; }
export E2E_ADMIN_USER=e2e-admin E2E_ADMIN_PASSWORD="$(rand_pw)"
export E2E_REP_USER=e2e-rep E2E_REP_PASSWORD="$(rand_pw)"
export E2E_LOCKED_USER=e2e-locked E2E_LOCKED_PASSWORD="$(rand_pw)"
export E2E_CONVENER_USER=e2e-convener E2E_CONVENER_PASSWORD="$(rand_pw)"
export E2E_ANALYST_USER=e2e-analyst E2E_ANALYST_PASSWORD="$(rand_pw)"
export E2E_REP2_USER=e2e-hubin E2E_REP2_PASSWORD="$(rand_pw)"
export E2E_INSPECTOR_USER=e2e-inspector E2E_INSPECTOR_PASSWORD="$(rand_pw)"
"$bin" seed-demo > "$tmp/seed.log"
echo -n "$E2E_ADMIN_PASSWORD" | "$bin" user create --username "$E2E_ADMIN_USER" --role admin --display-name "测试管理员" --password-stdin
echo -n "$E2E_REP_PASSWORD" | "$bin" user create --username "$E2E_REP_USER" --role unit_rep --unit street-qingbo --display-name "清波街道 测试联络员" --password-stdin
echo -n "$E2E_CONVENER_PASSWORD" | "$bin" user create --username "$E2E_CONVENER_USER" --role convener --unit party-office --display-name "区委办 测试召集人" --password-stdin
echo -n "$E2E_ANALYST_PASSWORD" | "$bin" user create --username "$E2E_ANALYST_USER" --role analyst --unit command-center --display-name "联动中心 测试分析员" --password-stdin
echo -n "$E2E_REP2_PASSWORD" | "$bin" user create --username "$E2E_REP2_USER" --role unit_rep --unit street-hubin --display-name "湖滨街道 测试联络员" --password-stdin
echo -n "$E2E_INSPECTOR_PASSWORD" | "$bin" user create --username "$E2E_INSPECTOR_USER" --role inspector --unit discipline --display-name "区纪委 测试监察员" --password-stdin
echo -n "$E2E_LOCKED_PASSWORD" | "$bin" user create --username "$E2E_LOCKED_USER" --role analyst --unit command-center --display-name "限流测试" --password-stdin

"$bin" serve > "$tmp/server.log" 2>&1 &
server_pid=$!
export YANPAN_URL="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  if curl -fsS "$YANPAN_URL/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server exited:" >&2; cat "$tmp/server.log" >&2; exit 1
  fi
  sleep 0.2
done
curl -fsS "$YANPAN_URL/readyz" >/dev/null

mkdir -p tests/output/screenshots
status=0
(
  cd tests/browser
  node --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$root/tests/output/browser.tap" \
    ./*.test.mjs
) || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- server log (last 50 lines) ---" >&2
  tail -n 50 "$tmp/server.log" >&2 || true
fi
exit "$status"
