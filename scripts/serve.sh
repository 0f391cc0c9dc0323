#!/usr/bin/env bash
# Sets up whatever is missing, then serves the playground on http://127.0.0.1:8080.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_rust
setup_node
cd "$KPLAY_ROOT"
echo "kplay: serving on http://127.0.0.1:8080"
exec trunk serve --release "$@"
