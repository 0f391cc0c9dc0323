#!/usr/bin/env bash
# Installs whatever kplay's build and tests need and is missing; idempotent and quick when all is there.
# Sourced by scripts/serve.sh and scripts/test.sh. Uses only crates.io, npm, rustup and Debian's packages:
# nothing downloads a prebuilt binary (see ../shared/toolchain.md for what was verified here).
set -euo pipefail

KPLAY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
# wasm-split-cli (scripts/build_split.sh) reads the link-time metadata of the wasm_split_helpers
# version in Cargo.lock: the two crates are released together and change together.
WASM_SPLIT_CLI_VERSION="0.2.4"
export PATH="$HOME/.cargo/bin:$KPLAY_ROOT/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

step() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# The wasm-bindgen version the crate is locked to: the CLI must equal it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$KPLAY_ROOT/Cargo.lock"
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

setup_rust() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    step "installing trunk $TRUNK_VERSION from crates.io (several minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  local wb
  wb="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb\b"; then
    step "installing wasm-bindgen-cli $wb from crates.io (a few minutes, once)"
    # Its own lock file can name a version the registry no longer serves: then resolve afresh.
    cargo install wasm-bindgen-cli --version "$wb" --locked || cargo install wasm-bindgen-cli --version "$wb" --force
  fi
}

setup_split() {
  if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_CLI_VERSION:"; then
    step "installing wasm-split-cli $WASM_SPLIT_CLI_VERSION from crates.io (a few minutes, once)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_CLI_VERSION" --features build-binary --locked
  fi
}

setup_node() {
  # binaryen (wasm-opt, recent enough for current wasm-bindgen output) and the end-to-end test packages.
  if [ ! -x "$KPLAY_ROOT/node_modules/.bin/wasm-opt" ] || [ ! -d "$KPLAY_ROOT/node_modules/playwright-core" ] \
     || [ "$KPLAY_ROOT/package-lock.json" -nt "$KPLAY_ROOT/node_modules/.package-lock.json" ]; then
    step "installing npm packages (binaryen, playwright-core)"
    (cd "$KPLAY_ROOT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}

setup_chromium() {
  # fonts-nanum: a Korean font, so headless screenshots show Hangul rather than empty boxes.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -d /usr/share/fonts/truetype/nanum ]; then
    step "installing Debian's chromium, chromium-driver and a Korean font"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    if ! as_root apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium chromium-driver fonts-nanum; then
      # A first install has been seen to break half-way; finishing the configuration and retrying mends it.
      as_root dpkg --configure -a
      as_root apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium chromium-driver fonts-nanum
    fi
  fi
}

setup_all() {
  setup_rust
  setup_split
  setup_node
  setup_chromium
}
