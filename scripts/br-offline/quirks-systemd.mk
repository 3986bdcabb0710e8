# scripts/br-offline/quirks-systemd.mk: quirks.mk plus what an image under
# systemd (BR2_INIT_SYSTEMD) needs: scripts/buildroot-build.sh gives this file
# as BR2_PACKAGE_OVERRIDE_FILE to such a defconfig.
include $(dir $(lastword $(MAKEFILE_LIST)))quirks.mk

# Sources br-offline does not find: its table of Debian names cannot be
# extended from here. Each package below is built from the upstream tarball
# of the Debian source package named beside it, which debian-source.sh
# fetches (checked against Debian's signed index) and unpacks pristine under
# the cache when the package's source is first synced. The versions are
# Debian's, not Buildroot's: the newest the archive serves. A local site
# (`override`: the package's .mk sets its own) is what br-offline leaves
# alone; the host package inherits it.
BATON_DEBIAN_SOURCE_DIR = $(or $(BATON_CACHE),/var/cache/baton)/debian-source/src

# BATON_DEBIAN_SOURCE PKG,SOURCE,VERSION[,FOLDER]: the Buildroot package
# whose variables start with PKG (and its host variant) is built from
# FOLDER (default: the top) of Debian's source package SOURCE at VERSION.
define BATON_DEBIAN_SOURCE
$(1)_BATON_TREE = $(BATON_DEBIAN_SOURCE_DIR)/$(2)_$(lastword $(subst :, ,$(3)))
override $(1)_SITE = $$($(1)_BATON_TREE)$(if $(4),/$(4))
override $(1)_SITE_METHOD = local
define $(1)_BATON_FETCH
	$(BATON_BR_OFFLINE_DIR)/debian-source.sh $$($(1)_BATON_TREE) $(2) $(3)
endef
$(1)_PRE_RSYNC_HOOKS += $(1)_BATON_FETCH
HOST_$(1)_PRE_RSYNC_HOOKS += $(1)_BATON_FETCH
endef

$(eval $(call BATON_DEBIAN_SOURCE,LIBCAP,libcap2,1:2.75-10+deb13u1))
# expat: br-offline finds Debian's (2.5.0, the newest whose file the
# archive serves), but its tarball is upstream's git tree, the library in
# expat/ and no configure
$(eval $(call BATON_DEBIAN_SOURCE,EXPAT,expat,2.5.0-1+deb12u5,expat))
EXPAT_AUTORECONF = YES
HOST_EXPAT_AUTORECONF = YES
$(eval $(call BATON_DEBIAN_SOURCE,NINJA,ninja-build,1.12.1-1))
# flit's tarball holds flit_core (Buildroot's flit_core-VERSION.tar.gz) in
# a folder of its own
$(eval $(call BATON_DEBIAN_SOURCE,PYTHON_FLIT_CORE,flit,3.12.0-1,flit_core))
$(eval $(call BATON_DEBIAN_SOURCE,PYTHON_MARKUPSAFE,markupsafe,2.1.5-1))
$(eval $(call BATON_DEBIAN_SOURCE,PYTHON_PYPA_BUILD,python-build,1.2.2-2))
$(eval $(call BATON_DEBIAN_SOURCE,PYTHON_SETUPTOOLS,setuptools,78.1.1-0.1))

# host-autoconf-archive: the host's autoconf-archive package (in
# scripts/packages-build.txt) instead of a build: the archive reached here
# lists its source but serves no file of it. Its macros are what
# host-python3's autoreconf includes.
override AUTOCONF_ARCHIVE_SITE = $(BATON_BR_OFFLINE_DIR)/stub
override AUTOCONF_ARCHIVE_SITE_METHOD = local
define HOST_AUTOCONF_ARCHIVE_CONFIGURE_CMDS
	@true
endef
define HOST_AUTOCONF_ARCHIVE_BUILD_CMDS
	@true
endef
define HOST_AUTOCONF_ARCHIVE_INSTALL_CMDS
	dpkg -L autoconf-archive | grep '^/usr/share/aclocal/.*\.m4$$' \
		> $(@D)/m4.list
	test -s $(@D)/m4.list
	mkdir -p $(HOST_DIR)/share/autoconf-archive
	xargs cp -t $(HOST_DIR)/share/autoconf-archive < $(@D)/m4.list
endef

# host-python-wheel: the host's python3-wheel (in scripts/packages-build.txt;
# pure Python, for the same Python 3.11 as host-python3 below) instead of a
# build: the archive lists wheel's sources but serves no file of them.
override PYTHON_WHEEL_SITE = $(BATON_BR_OFFLINE_DIR)/stub
override PYTHON_WHEEL_SITE_METHOD = local
override HOST_PYTHON_WHEEL_DEPENDENCIES = host-python3
override define HOST_PYTHON_WHEEL_BUILD_CMDS
	@true
endef
override define HOST_PYTHON_WHEEL_INSTALL_CMDS
	dpkg -L python3-wheel | grep -E '^/usr/lib/python3/dist-packages/wheel[^/]*$$' \
		> $(@D)/wheel.list
	test -s $(@D)/wheel.list
	mkdir -p $(HOST_DIR)/lib/python$(PYTHON3_VERSION_MAJOR)/site-packages
	xargs cp -a -t $(HOST_DIR)/lib/python$(PYTHON3_VERSION_MAJOR)/site-packages \
		< $(@D)/wheel.list
endef

# host-zic: Debian's zic instead of a build. Buildroot builds zic from
# tzcode, which no Debian source package carries (Debian's tzdata tarball
# is the data alone; Debian compiles it with glibc's zic, from libc-bin,
# which every Debian host has). Only tzdata runs it. `override`: zic.mk's
# own site and commands are tzcode's.
override HOST_ZIC_DEPENDENCIES =
override ZIC_SITE = $(BATON_BR_OFFLINE_DIR)/stub
override ZIC_SITE_METHOD = local
override define HOST_ZIC_BUILD_CMDS
	@true
endef
override define HOST_ZIC_INSTALL_CMDS
	test -x /usr/sbin/zic
	mkdir -p $(HOST_DIR)/sbin
	ln -sf /usr/sbin/zic $(HOST_DIR)/sbin/zic
endef

# systemd: br-offline builds Debian's systemd (257, the newest the archive
# serves) with Buildroot's package, which is written for 258 (its version
# needs no change: a package built from an override is version "custom").
# 258's package passes two meson options 257 does not know, which meson
# refuses: -Dlibmount (257 always links libmount, which the package
# enables anyway) and -Dnspawn (257 always builds systemd-nspawn). 257's
# meson_options.txt gets both, inert; what -Dnspawn=disabled would leave
# out, 257's systemd-nspawn and its unit, is taken out of the target.
define BATON_SYSTEMD_257_OPTIONS
	grep -q "^option('nspawn'," $(@D)/meson_options.txt || \
	printf "%s\n" \
		"option('libmount', type : 'feature', description : 'baton: 258 option, 257 always links libmount')" \
		"option('nspawn', type : 'feature', description : 'baton: 258 option, 257 always builds nspawn')" \
		>> $(@D)/meson_options.txt
endef
SYSTEMD_POST_RSYNC_HOOKS += BATON_SYSTEMD_257_OPTIONS
HOST_SYSTEMD_POST_RSYNC_HOOKS += BATON_SYSTEMD_257_OPTIONS
ifneq ($(BR2_PACKAGE_SYSTEMD_NSPAWN),y)
define BATON_SYSTEMD_257_NO_NSPAWN
	rm -f $(TARGET_DIR)/usr/bin/systemd-nspawn \
		$(TARGET_DIR)/usr/lib/systemd/system/systemd-nspawn@.service
endef
SYSTEMD_POST_INSTALL_TARGET_HOOKS += BATON_SYSTEMD_257_NO_NSPAWN
endif

# host-python3: br-offline builds Debian 12's Python (3.11, the newest
# whose file the archive serves) with Buildroot's package for 3.14; the
# Python packages must go where 3.11 looks for them.
override PYTHON3_VERSION_MAJOR = 3.11

# The target's meson packages: br-offline builds Debian 12's meson (1.0.1,
# the newest whose file the archive serves), which knows pkg-config in a
# cross file only by its old key, pkgconfig (1.3 renamed it), and otherwise
# finds no pkg-config at all.
BATON_MESON_PKGCONFIG = pkgconfig='$(HOST_DIR)/bin/pkgconf'
DBUS_MESON_EXTRA_BINARIES += $(BATON_MESON_PKGCONFIG)
KMOD_MESON_EXTRA_BINARIES += $(BATON_MESON_PKGCONFIG)
SYSTEMD_MESON_EXTRA_BINARIES += $(BATON_MESON_PKGCONFIG)
