#!/usr/bin/env bash
# Prints the gzip size (bytes, gzip -9) of the SPA's first load, what the browser downloads to
# show sign-in and home: index.html, the CSS, the boot script, the JS loader with the chunk loader
# it imports (pkg/*.js) and the main wasm module. The lazy pages' wasm (pkg/split_<group>-*.wasm,
# one per group of pages, and pkg/chunk_*-*.wasm, code that several groups share) is not part of
# it: the breakdown on stderr lists each group with what its first visit fetches.
# Target: a first load of at most 500 KB (500000 bytes, decimal); over it, exits 1. `--json`
# prints JSON instead (and exits 0: `within_limit` tells). Run `make frontend` (or bash
# frontend/build.sh) first.
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${DIST:-dist}"
limit=500000
shopt -s nullglob
main=("$dist"/pkg/*_bg.wasm)
js=("$dist"/pkg/*.js "$dist"/assets/boot-*.js)
css=("$dist"/assets/*.css)
if [ "${#main[@]}" -ne 1 ] || [ "${#js[@]}" -lt 1 ] || [ ! -f "$dist/index.html" ]; then
  echo "wasm-size: no built bundle in $dist (run bash frontend/build.sh)" >&2
  exit 1
fi
gz() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
sum() {
  local t=0 f
  for f in "$@"; do t=$((t + $(gz "$f"))); done
  echo "$t"
}
w="$(gz "${main[0]}")"
j="$(sum "${js[@]}")"
c="$(sum "${css[@]}")"
h="$(gz "$dist/index.html")"
total=$((w + j + c + h))

lazy=("$dist"/pkg/split_*.wasm "$dist"/pkg/chunk_*.wasm)
lazy_total="$(sum "${lazy[@]}")"
{
  echo "first load: wasm ${main[0]##*/} $(stat -c %s "${main[0]}") bytes raw, $w gzip; js $j; css $c;" \
    "html $h; total $total gzip (limit $limit)"
  echo "lazy: ${#lazy[@]} wasm files, $lazy_total gzip in all; a group's first visit fetches:"
  # The chunk loader names each group's file and the shared chunks it needs first:
  # `export const __wasm_split_load_<group> = …"./split_<group>-<hash>.wasm"… , [__chunk_N, …]`,
  # each `const __chunk_N = …"./chunk_N-<hash>.wasm"…`.
  loader=("$dist"/pkg/__wasm_split-*.js)
  if [ "${#loader[@]}" -eq 1 ]; then
    awk '
      /^const __chunk_[0-9]+ = / { cur = $2 }
      /^export const __wasm_split_load_/ { cur = $3; sub(/^__wasm_split_load_/, "", cur); groups[++n] = cur }
      /new URL\("\.\// { f = $0; sub(/.*new URL\("\.\//, "", f); sub(/".*/, "", f); file[cur] = f }
      /^, \[/ { d = $0; gsub(/^, \[|\].*$|,/, "", d); deps[cur] = d }
      END {
        for (i = 1; i <= n; i++) {
          g = groups[i]; line = g " " file[g]
          k = split(deps[g], ds, " ")
          for (x = 1; x <= k; x++) line = line " " file[ds[x]]
          print line
        }
      }' "${loader[0]}" | sort | while read -r group files; do
      t=0
      n=0
      for f in $files; do
        t=$((t + $(gz "$dist/pkg/$f")))
        n=$((n + 1))
      done
      printf '  %-12s %7d gzip in %2d files\n' "$group" "$t" "$n"
    done
  fi
} >&2

within="$([ "$total" -le "$limit" ] && echo true || echo false)"
if [ "${1:-}" = "--json" ]; then
  printf '{"wasm_gzip_bytes":%d,"js_gzip_bytes":%d,"css_gzip_bytes":%d,"html_gzip_bytes":%d,"total_gzip_bytes":%d,"lazy_gzip_bytes":%d,"lazy_files":%d,"limit_bytes":%d,"within_limit":%s}\n' \
    "$w" "$j" "$c" "$h" "$total" "$lazy_total" "${#lazy[@]}" "$limit" "$within"
  exit 0
fi
echo "$total"
if [ "$within" != true ]; then
  echo "wasm-size: the first load is $total bytes gzip, over the $limit limit" >&2
  exit 1
fi
