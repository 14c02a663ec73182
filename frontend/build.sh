#!/usr/bin/env bash
# Builds the SPA into dist/: dist/index.html, dist/pkg/yanpan-<hash>.js + yanpan-<hash>_bg.wasm,
# dist/assets/* (CSS, boot script, images), every asset name carrying a content hash.
# Called by `make frontend` from the repository root; needs the wasm32 target and wasm-bindgen.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
dist="$(cd .. && pwd)/dist"

cargo build --release --target wasm32-unknown-unknown

wasm_in=target/wasm32-unknown-unknown/release/yanpan_frontend.wasm
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name yanpan "$wasm_in"

# Optional: shrink further when a recent binaryen is on PATH (Debian's is too old; skip it).
if command -v wasm-opt >/dev/null 2>&1; then
  ver="$(wasm-opt --version | grep -oE '[0-9]+' | head -n1 || echo 0)"
  if [ "${ver:-0}" -ge 116 ]; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types -o "$tmp/yanpan_bg.opt.wasm" "$tmp/yanpan_bg.wasm" \
      && mv "$tmp/yanpan_bg.opt.wasm" "$tmp/yanpan_bg.wasm" || echo "wasm-opt failed; keeping the unoptimised module" >&2
  fi
fi

hash8() { sha256sum "$1" | cut -c1-8; }

rm -rf "$dist"
mkdir -p "$dist/pkg" "$dist/assets"

wasm_name="yanpan-$(hash8 "$tmp/yanpan_bg.wasm")_bg.wasm"
cp "$tmp/yanpan_bg.wasm" "$dist/pkg/$wasm_name"
js_name="yanpan-$(hash8 "$tmp/yanpan.js").js"
cp "$tmp/yanpan.js" "$dist/pkg/$js_name"

css_name="app-$(hash8 assets/app.css).css"
cp assets/app.css "$dist/assets/$css_name"
icon_name="favicon-$(hash8 assets/favicon.svg).svg"
cp assets/favicon.svg "$dist/assets/$icon_name"

sed -e "s|{{JS}}|$js_name|g" -e "s|{{WASM}}|$wasm_name|g" boot.js > "$tmp/boot.js"
boot_name="boot-$(hash8 "$tmp/boot.js").js"
cp "$tmp/boot.js" "$dist/assets/$boot_name"

sed -e "s|{{JS}}|$js_name|g" -e "s|{{WASM}}|$wasm_name|g" -e "s|{{CSS}}|$css_name|g" \
    -e "s|{{BOOT}}|$boot_name|g" -e "s|{{FAVICON}}|$icon_name|g" index.html > "$dist/index.html"

if grep -q '{{' "$dist/index.html"; then
  echo "build.sh: unreplaced placeholder in dist/index.html" >&2
  exit 1
fi
echo "frontend built into $dist:"
ls -l "$dist" "$dist/pkg" "$dist/assets"
