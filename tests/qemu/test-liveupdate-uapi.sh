#!/bin/bash
# tests/qemu/test-liveupdate-uapi.sh - baton's copy of the /dev/liveupdate interface (loader/luo-uapi.h) matches the kernel's own include/uapi/linux/liveupdate.h, in the source tree the live-update kernel is built from: every size, offset and ioctl number.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"

t_begin liveupdate-uapi
bq_init
src=$(sh "$BQ_REPO/scripts/kernel-build.sh" --source) ||
	bq_die "cannot unpack the Linux source"
DIR=$(test_dir liveupdate-uapi)
mkdir -p "$DIR/inc/linux"
cp "$src/include/uapi/linux/liveupdate.h" "$DIR/inc/linux/"

cat >"$DIR/check.c" <<'EOF2'
#include <stddef.h>
#include <linux/liveupdate.h>
#include "loader/luo-uapi.h"

#define SAME(a, b) _Static_assert((a) == (b), #a " != " #b)
#define FIELD(o, t, f) SAME(offsetof(struct o, f), offsetof(struct t, f))
#define LAYOUT(o, t) SAME(sizeof(struct o), sizeof(struct t))

SAME(LUO_IOCTL_TYPE, LIVEUPDATE_IOCTL_TYPE);
SAME(LUO_SESSION_NAME_LEN, LIVEUPDATE_SESSION_NAME_LENGTH);
SAME(LUO_IOCTL_CREATE_SESSION, LIVEUPDATE_IOCTL_CREATE_SESSION);
SAME(LUO_IOCTL_RETRIEVE_SESSION, LIVEUPDATE_IOCTL_RETRIEVE_SESSION);
SAME(LUO_SESSION_PRESERVE_FD, LIVEUPDATE_SESSION_PRESERVE_FD);
SAME(LUO_SESSION_RETRIEVE_FD, LIVEUPDATE_SESSION_RETRIEVE_FD);
SAME(LUO_SESSION_FINISH, LIVEUPDATE_SESSION_FINISH);
LAYOUT(luo_create_session, liveupdate_ioctl_create_session);
FIELD(luo_create_session, liveupdate_ioctl_create_session, size);
FIELD(luo_create_session, liveupdate_ioctl_create_session, fd);
FIELD(luo_create_session, liveupdate_ioctl_create_session, name);
LAYOUT(luo_retrieve_session, liveupdate_ioctl_retrieve_session);
FIELD(luo_retrieve_session, liveupdate_ioctl_retrieve_session, fd);
FIELD(luo_retrieve_session, liveupdate_ioctl_retrieve_session, name);
LAYOUT(luo_preserve_fd, liveupdate_session_preserve_fd);
FIELD(luo_preserve_fd, liveupdate_session_preserve_fd, fd);
FIELD(luo_preserve_fd, liveupdate_session_preserve_fd, token);
LAYOUT(luo_retrieve_fd, liveupdate_session_retrieve_fd);
FIELD(luo_retrieve_fd, liveupdate_session_retrieve_fd, fd);
FIELD(luo_retrieve_fd, liveupdate_session_retrieve_fd, token);
LAYOUT(luo_session_finish, liveupdate_session_finish);
FIELD(luo_session_finish, liveupdate_session_finish, reserved);

int main(void)
{
	return 0;
}
EOF2
if out=$(gcc -std=gnu11 -Wall -Werror -I "$DIR/inc" -I "$BQ_REPO" \
	-o "$DIR/check" "$DIR/check.c" 2>&1); then
	t_ok "liveupdate-uapi: loader/luo-uapi.h matches the kernel's liveupdate.h"
else
	t_fail "liveupdate-uapi: loader/luo-uapi.h matches the kernel's liveupdate.h" \
		"$(printf '%s\n' "$out" | grep -m 3 'error')"
fi
t_done
