# scripts/br-offline/quirks.mk: the project's own quirks for br-offline,
# included before Buildroot reads its package .mk files (as the
# BR2_PACKAGE_OVERRIDE_FILE that scripts/buildroot-build.sh gives it), for
# what baton's images need and the shared tool does not cover.
BATON_BR_OFFLINE_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

# host-kmod: Debian's kmod instead of a build. Buildroot builds it with
# meson, which pulls host-python3 and Python modules (setuptools, wheel,
# flit, build) and ninja, for which br-offline finds no Debian source;
# Buildroot only runs its depmod, for kernel modules, and the images'
# kernels have none. `override`: the package's own assignments (its
# host-pkgconf, meson's host-meson) are then ignored.
override HOST_KMOD_DEPENDENCIES =
HOST_KMOD_OVERRIDE_SRCDIR = $(BATON_BR_OFFLINE_DIR)/stub
define HOST_KMOD_CONFIGURE_CMDS
	@true
endef
define HOST_KMOD_BUILD_CMDS
	@true
endef
define HOST_KMOD_INSTALL_CMDS
	test -x /usr/bin/kmod
	mkdir -p $(HOST_DIR)/bin $(HOST_DIR)/sbin
	ln -sf /usr/bin/kmod $(HOST_DIR)/bin/kmod
	for tool in depmod insmod lsmod modinfo modprobe rmmod; do \
		ln -sf ../bin/kmod $(HOST_DIR)/sbin/$$tool || exit 1; \
	done
endef

# libcurl with OpenSSL: its configure looks for openssl.pc with
# PKG_CONFIG_LIBDIR set to $(STAGING_DIR)/usr/lib/pkgconfig, while
# Buildroot's pkg-config wrapper names the sysroot by another spelling
# (HOST_DIR/bin/../TARGET/sysroot). The pkgconf br-offline builds (Debian's
# 1.8.1) applies a sysroot only to the .pc files it finds under that very
# string, so openssl.pc's -I/usr/include and -L/usr/lib64 came out
# unprefixed; the toolchain wrapper refuses such host paths, and configure
# said "OpenSSL could not be detected". The sysroot named as the staging
# folder itself matches.
LIBCURL_CONF_ENV += PKG_CONFIG_SYSROOT_DIR=$(STAGING_DIR)
