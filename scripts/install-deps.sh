#!/usr/bin/env bash
# npm ci from the committed lockfile when node_modules is missing or older than the lockfile.
set -euo pipefail
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s <(node -e "const l=require('./package-lock.json');delete l.name;console.log(JSON.stringify(l.packages))") <(node -e "const l=require('./node_modules/.package-lock.json');console.log(JSON.stringify(l.packages))" 2>/dev/null); then
	echo "Installing npm packages (npm ci)…"
	npm ci --no-audit --no-fund --loglevel=error
fi
