#!/usr/bin/env bash
# Prints the gzip size (bytes, gzip -9) of the SPA bundle the browser downloads to start:
# the wasm module, its JS loader and the boot script. Breakdown on stderr; `--json` prints JSON.
# Target: at most 500 KB (500000 bytes, decimal). Run `make frontend` (or bash frontend/build.sh) first.
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${DIST:-dist}"
shopt -s nullglob
wasm=("$dist"/pkg/*_bg.wasm)
js=("$dist"/pkg/*.js "$dist"/assets/boot-*.js)
if [ "${#wasm[@]}" -ne 1 ] || [ "${#js[@]}" -lt 1 ]; then
  echo "wasm-size: no built bundle in $dist (run bash frontend/build.sh)" >&2
  exit 1
fi
gz() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
w="$(gz "${wasm[0]}")"
j=0
for f in "${js[@]}"; do j=$((j + $(gz "$f"))); done
total=$((w + j))
echo "wasm ${wasm[0]}: $(stat -c %s "${wasm[0]}") bytes raw, $w gzip; js: $j gzip; total $total gzip (limit 500000)" >&2
if [ "${1:-}" = "--json" ]; then
  printf '{"wasm_gzip_bytes":%d,"js_gzip_bytes":%d,"total_gzip_bytes":%d,"limit_bytes":500000,"within_limit":%s}\n' \
    "$w" "$j" "$total" "$([ "$total" -le 500000 ] && echo true || echo false)"
else
  echo "$total"
fi
