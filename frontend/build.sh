#!/usr/bin/env bash
# Builds the SPA into dist/: dist/index.html, dist/pkg/ (the JS loader yanpan-<hash>.js, the main
# module yanpan-<hash>_bg.wasm, the chunk loader __wasm_split-<hash>.js and the lazily loaded
# chunks split_*-<hash>.wasm / chunk_*-<hash>.wasm), dist/assets/* (CSS, boot script, images),
# every name carrying a content hash. Called by `make frontend` from the repository root; needs the
# wasm32 target, wasm-bindgen and wasm-split-cli (`make tools` installs both at pinned versions).
#
# Code splitting (Leptos `LazyRoute`: `lazy_pages!` in src/app.rs), done as cargo-leptos does it:
# link with relocations, split the raw module, then wasm-bindgen the main part only. At run time
# the chunk loader fetches a chunk with `new URL("./<chunk>.wasm", import.meta.url)`, i.e. from
# /pkg/ next to itself.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
dist="$(cd .. && pwd)/dist"

for tool in wasm-bindgen wasm-split-cli; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build.sh: $tool is missing; run \`make tools\`" >&2
    exit 1
  fi
done

# wasm-split finds the split points and every function's callers through the linker's relocations,
# so the final link keeps them (--emit-relocs). Passed to this crate alone (not RUSTFLAGS), the
# flag leaves the dependencies' artifacts as they are: no rebuild of them for it.
cargo rustc --lib --release --target wasm32-unknown-unknown -- -C link-arg=--emit-relocs

wasm_in=target/wasm32-unknown-unknown/release/yanpan_frontend.wasm
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# split/yanpan.wasm: the main module, still to go through wasm-bindgen; split/{split,chunk}_*.wasm:
# the lazy parts; split/__wasm_split.js: their loader, which imports `initSync` from ./yanpan.js.
wasm-split-cli --target web --out-name yanpan "$wasm_in" "$tmp/split"
# The chunks import the main module's memory, function table and shared functions from its
# exports; the table is the linker's export, which wasm-bindgen drops without --keep-lld-exports.
# --no-demangle as cargo-leptos passes it for a split build.
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$tmp/out" --out-name yanpan "$tmp/split/yanpan.wasm"
link="$tmp/split/__wasm_split.js"
chunks=()
for f in "$tmp"/split/*.wasm; do
  [ "$(basename "$f")" = yanpan.wasm ] || chunks+=("$f")
done

# Optional: shrink further when a recent binaryen is on PATH (Debian's is too old; skip it).
if command -v wasm-opt >/dev/null 2>&1; then
  ver="$(wasm-opt --version | grep -oE '[0-9]+' | head -n1 || echo 0)"
  if [ "${ver:-0}" -ge 116 ]; then
    for f in "$tmp/out/yanpan_bg.wasm" "${chunks[@]}"; do
      wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types -o "$f.opt" "$f" \
        && mv "$f.opt" "$f" || echo "wasm-opt failed on $f; keeping it unoptimised" >&2
    done
  fi
fi

hash8() { sha256sum "$1" | cut -c1-8; }
# Replaces every occurrence of $2 by $3 in file $1, and fails unless there are exactly $4 (or, for
# "+", at least one): a changed tool output must stop the build, not ship a loader that points at
# a file that is not there.
replace() {
  local n
  n="$(grep -oF -- "$2" "$1" | wc -l || true)"
  if { [ "$4" = + ] && [ "$n" -lt 1 ]; } || { [ "$4" != + ] && [ "$n" != "$4" ]; }; then
    echo "build.sh: expected $4 of \`$2\` in $(basename "$1"), found $n" >&2
    exit 1
  fi
  awk -v old="$2" -v new="$3" '{
    out = ""
    while ((i = index($0, old)) > 0) { out = out substr($0, 1, i - 1) new; $0 = substr($0, i + length(old)) }
    print out $0
  }' "$1" > "$1.tmp"
  mv "$1.tmp" "$1"
}

rm -rf "$dist"
mkdir -p "$dist/pkg" "$dist/assets"

wasm_name="yanpan-$(hash8 "$tmp/out/yanpan_bg.wasm")_bg.wasm"
cp "$tmp/out/yanpan_bg.wasm" "$dist/pkg/$wasm_name"

# Chunks are named by their content; the loader names each one in a string literal.
for f in "${chunks[@]}"; do
  stem="$(basename "$f" .wasm)"
  hashed="$stem-$(hash8 "$f").wasm"
  cp "$f" "$dist/pkg/$hashed"
  replace "$link" "\"./$stem.wasm\"" "\"./$hashed\"" 1
done

# yanpan.js imports the loader (the chunks' entry points) and the loader imports yanpan.js
# (`initSync`, for the main module's exports): each names the other, so the two share one hash,
# of both contents, taken before the names go in.
pair="$(cat "$tmp/out/yanpan.js" "$link" | sha256sum | cut -c1-8)"
js_name="yanpan-$pair.js"
split_name="__wasm_split-$pair.js"
replace "$link" 'from "./yanpan.js"' "from \"./$js_name\"" 1
# One `import * as importN from "./__wasm_split.js"` per imported chunk loader; the same string is
# also the key of each in the imports object, which must stay: it is the wasm's import module.
replace "$tmp/out/yanpan.js" 'from "./__wasm_split.js"' "from \"./$split_name\"" +
cp "$tmp/out/yanpan.js" "$dist/pkg/$js_name"
cp "$link" "$dist/pkg/$split_name"

css_name="app-$(hash8 assets/app.css).css"
cp assets/app.css "$dist/assets/$css_name"
icon_name="favicon-$(hash8 assets/favicon.svg).svg"
cp assets/favicon.svg "$dist/assets/$icon_name"

sed -e "s|{{JS}}|$js_name|g" -e "s|{{WASM}}|$wasm_name|g" boot.js > "$tmp/boot.js"
boot_name="boot-$(hash8 "$tmp/boot.js").js"
cp "$tmp/boot.js" "$dist/assets/$boot_name"

sed -e "s|{{JS}}|$js_name|g" -e "s|{{WASM}}|$wasm_name|g" -e "s|{{CSS}}|$css_name|g" \
    -e "s|{{SPLIT}}|$split_name|g" -e "s|{{BOOT}}|$boot_name|g" -e "s|{{FAVICON}}|$icon_name|g" \
    index.html > "$dist/index.html"

if grep -q '{{' "$dist/index.html"; then
  echo "build.sh: unreplaced placeholder in dist/index.html" >&2
  exit 1
fi
echo "frontend built into $dist:"
ls -l "$dist" "$dist/pkg" "$dist/assets"
