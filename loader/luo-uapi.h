/*
 * luo-uapi.h: the parts of Linux's /dev/liveupdate interface (the Live
 * Update Orchestrator, include/uapi/linux/liveupdate.h since 6.19) that
 * baton uses, written here because Debian 12's kernel headers predate it.
 * tests/qemu/test-liveupdate-uapi.sh checks every value against the
 * kernel's own header.
 */
#ifndef BATON_LOADER_LUO_UAPI_H
#define BATON_LOADER_LUO_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define LUO_DEVICE		"/dev/liveupdate"
#define LUO_IOCTL_TYPE		0xBA
#define LUO_SESSION_NAME_LEN	64	/* with the terminating NUL */

/* On /dev/liveupdate. */
struct luo_create_session {
	__u32 size;
	__s32 fd;		/* out: the new session */
	__u8 name[LUO_SESSION_NAME_LEN];
};

struct luo_retrieve_session {
	__u32 size;
	__s32 fd;		/* out: the incoming session */
	__u8 name[LUO_SESSION_NAME_LEN];
};

#define LUO_IOCTL_CREATE_SESSION	_IO(LUO_IOCTL_TYPE, 0x00)
#define LUO_IOCTL_RETRIEVE_SESSION	_IO(LUO_IOCTL_TYPE, 0x01)

/* On a session's fd. */
struct luo_preserve_fd {
	__u32 size;
	__s32 fd;		/* in: the file to preserve */
	__aligned_u64 token;	/* in: its name within the session */
};

struct luo_retrieve_fd {
	__u32 size;
	__s32 fd;		/* out: the restored file */
	__aligned_u64 token;
};

struct luo_session_finish {
	__u32 size;
	__u32 reserved;
};

#define LUO_SESSION_PRESERVE_FD		_IO(LUO_IOCTL_TYPE, 0x40)
#define LUO_SESSION_RETRIEVE_FD		_IO(LUO_IOCTL_TYPE, 0x41)
#define LUO_SESSION_FINISH		_IO(LUO_IOCTL_TYPE, 0x42)

#endif
