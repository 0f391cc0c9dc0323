#!/usr/bin/env bash
# Sets up whatever is missing, builds the release (scripts/build_split.sh: Kafka's tools in a
# lazily loaded wasm chunk, as the tests measure it) and serves it on http://127.0.0.1:8080.
# For development, `trunk serve` rebuilds on every change (one wasm, without the split).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_rust
setup_split
setup_node
cd "$KPLAY_ROOT"
scripts/build_split.sh
exec node e2e/serve.mjs --port "${PORT:-8080}" dist
