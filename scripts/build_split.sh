#!/usr/bin/env bash
# The release build with the engine's behaviour in a lazily loaded wasm chunk (`lazy-engine`):
# trunk cannot split a wasm (trunk-rs/trunk#1022), so this is the pipeline trunk runs, with
# wasm-split-cli (crate wasm_split_cli_support) between the link and wasm-bindgen:
#   cargo build (linked with --emit-relocs, which wasm-split-cli reads)
#   → wasm-split-cli (main module, chunk(s), __wasm_split.js loaders)
#   → wasm-bindgen --target web --keep-lld-exports on the main module
#   → wasm-opt -Oz on every wasm → dist/ with index.html and the stylesheet.
# Writes into dist/ (or $1). Needs wasm-split-cli, wasm-bindgen and wasm-opt on PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="${1:-$root/dist}"
# A target directory of its own: the RUSTFLAGS differ from trunk's, and sharing one would
# rebuild everything at each switch.
target_dir="${CARGO_TARGET_DIR:-$root/target}/lazy-engine"
cd "$root"
t0=$(date +%s)
RUSTFLAGS="-Clink-args=--emit-relocs" cargo build --release --target wasm32-unknown-unknown \
  --bin kplay --features lazy-engine --target-dir "$target_dir"
t1=$(date +%s)
raw="$target_dir/wasm32-unknown-unknown/release/kplay.wasm"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
wasm-split-cli "$raw" "$work/split" --target web --out-name kplay
# The split main module keeps its name section: e2e/bench/size.mjs breaks it down by module.
cp "$work/split/kplay.wasm" "$target_dir/kplay.split-main.wasm"
t2=$(date +%s)
wasm-bindgen --target web --keep-lld-exports --no-typescript --out-dir "$work/bindgen" \
  --out-name kplay "$work/split/kplay.wasm"
t3=$(date +%s)
rm -rf "$dist"
mkdir -p "$dist"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$work/bindgen/kplay_bg.wasm" -o "$dist/kplay_bg.wasm"
for chunk in "$work"/split/*.wasm; do
  name="$(basename "$chunk")"
  [ "$name" = kplay.wasm ] && continue
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$chunk" -o "$dist/$name"
done
t4=$(date +%s)
cp "$work/bindgen/kplay.js" "$dist/kplay.js"
cp "$work/split/__wasm_split.js" "$dist/__wasm_split.js"
cp styles/main.css "$dist/main.css"
sed -e 's|<link data-trunk rel="rust"[^>]*/>|<link rel="modulepreload" href="/kplay.js" /><link rel="preload" href="/kplay_bg.wasm" as="fetch" type="application/wasm" crossorigin="" />|' \
    -e 's|<link data-trunk rel="css" href="styles/main.css" />|<link rel="stylesheet" href="/main.css" />|' \
    -e 's|</body>|<script type="module">import init from "/kplay.js"; init({ module_or_path: "/kplay_bg.wasm" });</script></body>|' \
  index.html > "$dist/index.html"
echo "build_split: cargo $((t1 - t0)) s, wasm-split-cli $((t2 - t1)) s, wasm-bindgen $((t3 - t2)) s, wasm-opt $((t4 - t3)) s"
ls -l "$dist"
