#!/bin/sh
# scripts/br-offline/post-build.sh: puts back in the target the symlinks that
# the shared Buildroot tree lost (it was copied without symlinks: each is a
# small file holding the link's target, e.g. the skeleton's var/run holding
# "../run", busybox's S02sysctl holding "../procps-ng/S02sysctl").
# scripts/buildroot-build.sh and buildroot-aarch64.sh add it as
# BR2_ROOTFS_POST_BUILD_SCRIPT; it runs from Buildroot's top folder, with
# the target folder as $1.
set -eu
target=$1
top=$PWD

find "$target/etc" "$target/var" "$target/dev" -type f -size -128c 2>/dev/null |
	while read -r f; do
		# a link target: one line, no newline, a relative or absolute path
		[ "$(wc -l <"$f")" = 0 ] || continue
		link=$(cat "$f")
		case $link in ../* | /*) ;; *) continue ;; esac
		case $link in *" "*) continue ;; esac
		case $f in
		"$target"/etc/init.d/*)
			# an init script shared with another package's folder
			src=$top/package/${link#../}
			if [ -f "$src" ] && [ "$(wc -l <"$src")" != 0 ]; then
				cp "$src" "$f"
				chmod 755 "$f"
				echo "post-build: ${f#"$target"} copied from ${src#"$top"/}"
			else
				echo "post-build: ${f#"$target"}: $link not found; removed"
				rm -f "$f"
			fi ;;
		*)
			ln -sfn "$link" "$f"
			echo "post-build: ${f#"$target"} -> $link" ;;
		esac
	done
