#!/bin/sh
# scripts/br-offline/debian-binary.sh: unpacks the host's Debian binary
# packages (the candidate version apt has, amd64) into a folder, for the
# target packages that quirks.mk takes from Debian because the archive
# reached here serves no source for them.
#
#   debian-binary.sh CACHE DEST PACKAGE...
#
# Each .deb is fetched once into CACHE by `apt-get download` (apt checks it
# against the signed index) and unpacked into DEST with `dpkg-deb -x`. The
# toolchain br-offline makes is Debian 12's gcc and glibc: these binaries
# are built for the same glibc as the rest of the target.
set -eu

[ $# -ge 3 ] || { echo "usage: $0 CACHE DEST PACKAGE..." >&2; exit 2; }
cache=$1
dest=$2
shift 2
mkdir -p "$cache" "$dest"
for pkg in "$@"; do
	ver=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null |
		sed -n 's/^Version: //p' | head -n 1)
	[ -n "$ver" ] || { echo "debian-binary: apt knows no $pkg" >&2; exit 1; }
	deb=$cache/${pkg}_$(echo "$ver" | sed 's/:/%3a/')_amd64.deb
	if [ ! -f "$deb" ]; then
		(cd "$cache" && apt-get download -q "$pkg=$ver") >&2 ||
			{ echo "debian-binary: cannot download $pkg $ver" >&2; exit 1; }
		[ -f "$deb" ] || { echo "debian-binary: no $deb after download" >&2; exit 1; }
	fi
	dpkg-deb -x "$deb" "$dest"
	echo "debian-binary: $pkg $ver"
done
