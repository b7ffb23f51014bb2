#!/usr/bin/env bash
# npm run demo: install what is missing, build, then run server + workers + a live simulated feed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh redis
bash scripts/install-deps.sh
bash scripts/build-if-stale.sh
# node takes this shell's place; it is told who started us, to notice if that dies before node runs
DEMO_LAUNCHER_PID=$PPID exec node --import tsx scripts/demo.ts "$@"
