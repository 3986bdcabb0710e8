# scripts/br-offline/quirks-sysvinit.mk: quirks.mk plus what an image under
# sysvinit (BR2_INIT_SYSV) needs: scripts/buildroot-build.sh gives this file
# as BR2_PACKAGE_OVERRIDE_FILE to such a defconfig.
include $(dir $(lastword $(MAKEFILE_LIST)))quirks.mk

# sysvinit: Debian's binaries instead of a build. The archive reached here
# serves no source of sysvinit (neither bookworm's 3.06 nor trixie's 3.14):
# init, halt, shutdown and killall5 come from bookworm's sysvinit-core and
# sysvinit-utils, built for the glibc of br-offline's toolchain, with the
# libraries Debian's init links (libselinux, which needs libpcre2-8).
# `override`: sysvinit.mk sets its site and its commands build from source;
# a local site (the empty stub) is what br-offline leaves alone. The rest is
# sysvinit.mk's: Buildroot's inittab and links.
BATON_DEBIAN_BINARY_CACHE = $(or $(BATON_CACHE),/var/cache/baton)/debian-binary
override SYSVINIT_SITE = $(BATON_BR_OFFLINE_DIR)/stub
override SYSVINIT_SITE_METHOD = local
override define SYSVINIT_BUILD_CMDS
	rm -rf $(@D)/debian
	$(BATON_BR_OFFLINE_DIR)/debian-binary.sh $(BATON_DEBIAN_BINARY_CACHE) \
		$(@D)/debian sysvinit-core sysvinit-utils libselinux1 libpcre2-8-0
endef
override define SYSVINIT_INSTALL_TARGET_CMDS
	for x in init halt shutdown killall5; do \
		$(INSTALL) -D -m 0755 $(@D)/debian/sbin/$$x \
			$(TARGET_DIR)/sbin/$$x || exit 1; \
	done
	$(INSTALL) -D -m 0644 $(@D)/debian/lib/x86_64-linux-gnu/libselinux.so.1 \
		$(TARGET_DIR)/usr/lib/libselinux.so.1
	cp -a $(@D)/debian/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0* \
		$(TARGET_DIR)/usr/lib/
	$(INSTALL) -D -m 0644 package/sysvinit/inittab $(TARGET_DIR)/etc/inittab
	ln -sf /sbin/halt $(TARGET_DIR)/sbin/reboot
	ln -sf /sbin/halt $(TARGET_DIR)/sbin/poweroff
	ln -sf killall5 $(TARGET_DIR)/sbin/pidof
endef
