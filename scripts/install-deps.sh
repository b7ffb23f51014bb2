#!/usr/bin/env bash
# Installs npm packages from the committed lockfile when node_modules is missing or differs from it.
set -euo pipefail
in_sync() {
	[ -f node_modules/.package-lock.json ] && node -e "
		const a = require('./package-lock.json').packages, b = require('./node_modules/.package-lock.json').packages;
		const v = (p) => Object.fromEntries(Object.entries(p).filter(([k]) => k).map(([k, x]) => [k, x.version]));
		const x = v(a), y = v(b);
		process.exit(Object.keys(y).every((k) => x[k] === y[k]) && Object.keys(x).filter((k) => !a[k].optional).every((k) => y[k] === x[k]) ? 0 : 1);
	" 2>/dev/null
}
in_sync && exit 0
echo "Installing npm packages from package-lock.json (npm ci)…"
if ! npm ci --no-audit --no-fund --loglevel=error 2>/tmp/npm-ci-$$.log; then
	# some registry mirrors lack other platforms' optional binaries, so their lock entries are absent and
	# `npm ci` refuses the lock; `npm install` honours the same locked versions and skips what it cannot fetch
	if grep -q "from lock file" /tmp/npm-ci-$$.log; then
		echo "npm ci refused the lockfile over other platforms' optional packages; installing the locked versions with npm install"
		npm install --no-audit --no-fund --loglevel=error
	else
		cat /tmp/npm-ci-$$.log >&2
		rm -f /tmp/npm-ci-$$.log
		exit 1
	fi
fi
rm -f /tmp/npm-ci-$$.log
