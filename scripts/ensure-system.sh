#!/usr/bin/env bash
# Installs the system programs the product needs (redis-server, chromium) when missing.
# As root it uses apt; otherwise it names what is missing in one line and fails.
set -euo pipefail

need=()
for what in "$@"; do
	case "$what" in
		redis) [ -n "${REDIS_URL:-}" ] || command -v redis-server >/dev/null 2>&1 || need+=(redis-server) ;;
		chromium) [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium) ;;
		*) echo "ensure-system: unknown requirement $what" >&2; exit 2 ;;
	esac
done
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing ${need[*]} with apt-get…"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	# fonts-dejavu-core gives chromium cyrillic glyphs for the wall's text
	extra=()
	[[ " ${need[*]} " == *" chromium "* ]] && extra+=(fonts-dejavu-core)
	apt-get install -y -qq --no-install-recommends "${need[@]}" "${extra[@]}" >/dev/null
	exit 0
fi
echo "Missing: ${need[*]} — install with: sudo apt-get install ${need[*]}" >&2
exit 1
