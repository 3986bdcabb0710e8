#!/bin/sh
# scripts/linux-source.sh: fetch Debian's linux-source package of a newer
# suite once, cache its tarball, and print the tarball's path.
#
#   sh scripts/linux-source.sh            prints e.g.
#       /var/cache/baton/linux-source/linux-source-7.2_7.2.13.tar.xz
#
# One kernel source serves every build that needs one (the live-update
# kernel, the Buildroot image's kernel). The archive's address is read from
# this system's own apt sources; the suite's lists live in a private apt
# state under the cache, so the system's apt configuration is not touched.
#
# Environment: BATON_CACHE (default /var/cache/baton),
# LINUX_SOURCE_SUITE (default unstable), LINUX_SOURCE_PKG (default
# linux-source-7.2).
set -eu

cache=${BATON_CACHE:-/var/cache/baton}/linux-source
suite=${LINUX_SOURCE_SUITE:-unstable}
pkg=${LINUX_SOURCE_PKG:-linux-source-7.2}
apt_dir=$cache/apt

die() { echo "linux-source: $*" >&2; exit 1; }

# archive_uri: the first Debian archive (not -security) this system uses.
archive_uri() {
	{
		cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
			awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }'
		cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
			2>/dev/null |
			awk '$1 == "deb" { for (i = 2; i <= NF; i++)
				if ($i ~ /^[a-z]+:\/\//) { print $i; break } }'
	} | grep '/debian/*$' | grep -v security | head -n 1
}

apt_opts() {
	echo "-o Dir::Etc::sourcelist=$apt_dir/sources.list" \
		"-o Dir::Etc::sourceparts=- -o Dir::State::Lists=$apt_dir/lists" \
		"-o Dir::Cache=$apt_dir/cache -o APT::Get::List-Cleanup=0" \
		"-o Debug::NoLocking=1 -o APT::Sandbox::User=root"
}

# An unpacked tarball already cached: done, with no network at all.
found=$(ls "$cache"/"$pkg"_*.tar.xz 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$found" ]; then
	echo "$found"
	exit 0
fi

uri=$(archive_uri)
[ -n "$uri" ] || die "no Debian archive found in /etc/apt sources"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
echo "deb [signed-by=$keyring] $uri $suite main" > "$apt_dir/sources.list"
# shellcheck disable=SC2046
apt-get -qq $(apt_opts) update >&2 || die "apt-get update for $suite failed"
# shellcheck disable=SC2046
ver=$(apt-cache $(apt_opts) policy "$pkg" |
	awk '$1 == "Candidate:" { print $2 }')
case $ver in
''|'(none)') die "$suite has no $pkg" ;;
esac
work=$(mktemp -d "$cache/tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046
(cd "$work" && apt-get -qq $(apt_opts) download "$pkg=$ver" >&2) ||
	die "downloading $pkg $ver failed"
dpkg-deb -x "$work"/*.deb "$work/x"
tarball=$(ls "$work"/x/usr/src/"$pkg".tar.* | head -n 1)
[ -f "$tarball" ] || die "$pkg $ver holds no source tarball"
upstream=${ver%%-*}
out=$cache/${pkg}_$upstream.tar.xz
case $tarball in
*.tar.xz) mv "$tarball" "$out.tmp" ;;
*) die "unexpected tarball $tarball" ;;
esac
mv "$out.tmp" "$out"
echo "$out"
