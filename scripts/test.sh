#!/usr/bin/env bash
# npm test: the whole suite — unit, integration (PGlite, PostgreSQL when reachable, private redis-server)
# and end-to-end (Playwright driving Debian's chromium against the production build).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh redis chromium
bash scripts/install-deps.sh
npx svelte-kit sync >/dev/null
bash scripts/build-if-stale.sh
mkdir -p test-results
set +e
# types first (app, server, workers, tests, benches): a wrong type fails the run, after the tests have run too
npx svelte-check --tsconfig ./tsconfig.json --threshold error --output human
types=$?
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
code=$?
set -e
[ $types -eq 0 ] || { echo "svelte-check found type errors (see above)"; [ $code -ne 0 ] || code=$types; }
node -e "
const r = require('./test-results/vitest.json');
const skipped = r.numPendingTests + r.numTodoTests;
console.log('tests: ' + r.numPassedTests + ' passed, ' + r.numFailedTests + ' failed' + (skipped ? ', ' + skipped + ' skipped' : ''));
" || true
exit $code
