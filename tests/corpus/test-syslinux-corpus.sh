#!/bin/sh
# test-syslinux-corpus.sh: the syslinux parser on u-root's syslinux corpus
# (Debian 9/10, Fedora 27, Qubes 3.2 install media, deep INCLUDE trees).
# Where real syslinux shows something else than the corpus JSON says, the
# entry baton must produce and the reason are in syslinux-exceptions/.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/corpus/lib.sh"

one() {
	corpus_check "$1" syslinux "$top/tests/corpus/syslinux-exceptions" \
		"$corpus/$1"
}

corpus_each "$top/../shared/corpora/u-root/pkg/boot/syslinux/testdata" \
	syslinux one
exit $rc
