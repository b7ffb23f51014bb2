#!/usr/bin/env bash
# Builds the SvelteKit app when build/ is missing or older than any source file (the routes bundle server/ modules too).
set -euo pipefail
if [ ! -f build/handler.js ] || [ -n "$(find src server static svelte.config.js vite.config.ts package-lock.json -newer build/handler.js -print -quit 2>/dev/null)" ]; then
	echo "Building the app (vite build)…"
	npx vite build --logLevel warn
fi
