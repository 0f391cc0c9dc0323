#!/usr/bin/env bash
# Sets up whatever is missing, then runs every test: formatting and lints (host and wasm32),
# native tests (engine, storage, CLI; clippy --all-targets also checks the benchmarks), browser tests in headless Chromium, end-to-end tests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_all
cd "$KPLAY_ROOT"

step "cargo fmt --check"
cargo fmt --check

step "clippy (host)"
cargo clippy --all-targets --locked -- -D warnings
step "clippy (wasm32)"
# Every target but the criterion benchmarks, which are host-only (criterion and proptest are
# host dev-dependencies; unit tests run natively, browser tests are the `browser` test target).
cargo clippy --lib --bins --tests --locked --target wasm32-unknown-unknown -- -D warnings
step "clippy (wasm32, the release build's lazy-engine feature)"
cargo clippy --lib --bins --locked --target wasm32-unknown-unknown --features lazy-engine -- -D warnings

step "native tests"
cargo test --locked

step "browser tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --locked --target wasm32-unknown-unknown --test browser

step "release build (the engine's behaviour in a lazily loaded wasm chunk)"
scripts/build_split.sh
# Reports the first-load size against the 500 KB target; never fails the run.
node e2e/bench/size.mjs

step "end-to-end tests (Playwright against the release build on 127.0.0.1)"
node e2e/run.mjs
