#!/bin/sh
# Install the Debian packages baton needs to build and test (idempotent).
#
#   scripts/install-deps.sh [LIST...]    LIST: build, test, arm64 (default: build test)
#
# Lists live in scripts/packages-LIST.txt; only missing packages are
# installed. A NAME:ARCH entry (packages-arm64.txt) first adds ARCH to dpkg's
# architectures. apt-get never removes a package here (--no-remove): an
# arm64 package that would replace an amd64 one is refused, not installed.
set -eu
here=$(dirname "$0")
lists=${*:-build test}
files=
for l in $lists; do
	[ -f "$here/packages-$l.txt" ] || { echo "install-deps: no list $here/packages-$l.txt" >&2; exit 2; }
	files="$files $here/packages-$l.txt"
done
# shellcheck disable=SC2086
want=$(sed -e 's/#.*//' $files | tr -s ' \n' '\n' | sed '/^$/d' | sort -u)
native=$(dpkg --print-architecture)

# installed NAME[:ARCH]: true when that package is installed for ARCH (default:
# this machine's architecture, or all). A plain name may also be installed
# for a foreign architecture, which does not count.
installed() {
	case $1 in *:*) a=${1##*:} ;; *) a="$native|all" ;; esac
	dpkg-query -W -f='${db:Status-Status} ${Architecture}\n' "$1" 2>/dev/null |
		grep -qE "^installed ($a)\$"
}

missing=
for p in $want; do
	installed "$p" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing (run as root)" >&2
	exit 1
fi
echo "install-deps: installing$missing"
# Foreign architectures named by the missing packages (NAME:ARCH).
# shellcheck disable=SC2086
for arch in $(printf '%s\n' $missing | sed -n 's/.*:\([a-z0-9]*\)$/\1/p' | sort -u); do
	[ "$arch" = "$native" ] && continue
	dpkg --print-foreign-architectures | grep -qx "$arch" || dpkg --add-architecture "$arch"
done
export DEBIAN_FRONTEND=noninteractive
# mdadm (for the MD RAID test images) must never act on this machine's own
# disks: no monitor daemon, no periodic checks, no assembly at boot.
case " $missing " in *" mdadm "*)
	debconf-set-selections <<-EOF
	mdadm mdadm/start_daemon boolean false
	mdadm mdadm/autocheck boolean false
	mdadm mdadm/autoscan boolean false
	mdadm mdadm/initrdstart string none
	EOF
esac
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends --no-remove $missing >/dev/null
