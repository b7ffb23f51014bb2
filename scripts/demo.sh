#!/usr/bin/env bash
# npm run demo: install what is missing, build, then run server + workers + a live simulated feed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh redis
bash scripts/install-deps.sh
bash scripts/build-if-stale.sh
exec node --import tsx scripts/demo.ts "$@"
