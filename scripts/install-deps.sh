#!/bin/sh
# Install the Debian packages baton needs to build and test (idempotent).
# Lists live in scripts/packages-*.txt; only missing packages are installed.
set -eu
here=$(dirname "$0")
want=$(sed -e 's/#.*//' "$here"/packages-*.txt | tr -s ' \n' '\n' | sed '/^$/d' | sort -u)
missing=
for p in $want; do
	s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$s" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing (run as root)" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
