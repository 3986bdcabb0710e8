################################################################################
#
# baton
#
################################################################################

# baton is built from the source tree this external tree belongs to.
BATON_SITE = $(BR2_EXTERNAL_BATON_PATH)/..
BATON_SITE_METHOD = local
BATON_VERSION = $(shell git -C $(BATON_SITE) describe --always 2>/dev/null || echo local)
BATON_DEPENDENCIES = host-pkgconf jansson util-linux uthash \
	$(if $(BR2_PACKAGE_LIBXCRYPT),libxcrypt) \
	$(if $(BR2_PACKAGE_BATON_MENU),ncurses) \
	$(if $(BR2_PACKAGE_BATON_FDT),dtc) \
	$(if $(BR2_PACKAGE_BATON_ELF),elfutils) \
	$(if $(BR2_PACKAGE_BATON_NET),libcurl) \
	$(if $(BR2_PACKAGE_BATON_VERIFY),openssl)

# Only the sources: not the project's build folders, tests, benchmarks or
# this external tree.
BATON_OVERRIDE_SRCDIR_RSYNC_EXCLUSIONS = \
	--include=/tests/ --include=/tests/Makefile.inc \
	--include=/tests/fuzz/ --include=/tests/fuzz/Makefile.inc \
	--exclude=/tests/fuzz/* --exclude=/tests/* \
	--exclude=/build* --exclude=/bench --exclude=/buildroot \
	--exclude='*.o' --exclude='*.d' --exclude=.config

# baton's own Kconfig symbols, from the package's options
BATON_CONFIG_Y = \
	$(if $(BR2_aarch64),ARCH_AARCH64,ARCH_X86_64) \
	$(if $(BR2_PACKAGE_BATON_PARSER_GRUB2),PARSER_GRUB2) \
	$(if $(BR2_PACKAGE_BATON_PARSER_BLS),PARSER_BLS) \
	$(if $(BR2_PACKAGE_BATON_PARSER_UKI),PARSER_UKI) \
	$(if $(BR2_PACKAGE_BATON_PARSER_SYSLINUX),PARSER_SYSLINUX) \
	$(if $(BR2_PACKAGE_BATON_PARSER_KBOOT),PARSER_KBOOT) \
	$(if $(BR2_PACKAGE_BATON_PARSER_YABOOT),PARSER_YABOOT) \
	$(if $(BR2_PACKAGE_BATON_LVM),DISCOVER_LVM) \
	$(if $(BR2_PACKAGE_BATON_MDRAID),DISCOVER_MDRAID) \
	$(if $(BR2_PACKAGE_BATON_MENU),UI_NCURSES) \
	$(if $(BR2_PACKAGE_BATON_FDT),LOADER_FDT) \
	$(if $(BR2_PACKAGE_BATON_ELF),LOADER_ELF) \
	$(if $(BR2_PACKAGE_BATON_NET),NET) \
	$(if $(BR2_PACKAGE_BATON_VERIFY),LOADER_VERIFY) \
	$(if $(BR2_PACKAGE_BATON_BMC),BMC_IPMI)
BATON_BOARD = $(call qstrip,$(BR2_PACKAGE_BATON_BOARD))

BATON_MAKE_OPTS = O=$(@D)/build

# .config is replaced only when it changes: a reconfigure with the same
# options then rebuilds only the sources that changed.
define BATON_CONFIGURE_CMDS
	mkdir -p $(@D)/build
	( \
		echo '# written by Buildroot (package/baton) from BR2_PACKAGE_BATON_*'; \
		$(foreach c,$(BATON_CONFIG_Y),echo 'CONFIG_$(c)=y';) \
		echo 'CONFIG_BOARD="$(BATON_BOARD)"' \
	) > $(@D)/build/.config.new
	if cmp -s $(@D)/build/.config.new $(@D)/build/.config; then \
		rm $(@D)/build/.config.new; \
	else \
		mv $(@D)/build/.config.new $(@D)/build/.config; \
	fi
endef

define BATON_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(TARGET_CONFIGURE_OPTS) $(MAKE) -C $(@D) \
		$(BATON_MAKE_OPTS)
endef

define BATON_INSTALL_TARGET_CMDS
	$(TARGET_MAKE_ENV) $(TARGET_CONFIGURE_OPTS) $(MAKE) -C $(@D) \
		$(BATON_MAKE_OPTS) DESTDIR=$(TARGET_DIR) install
	$(INSTALL) -D -m 0755 $(BATON_PKGDIR)/baton-console \
		$(TARGET_DIR)/usr/libexec/baton/baton-console
	$(INSTALL) -D -m 0755 $(BATON_PKGDIR)/baton-daemon \
		$(TARGET_DIR)/usr/libexec/baton/baton-daemon
endef

define BATON_INSTALL_INIT_SYSV
	$(INSTALL) -D -m 0755 $(BATON_PKGDIR)/S15baton \
		$(TARGET_DIR)/etc/init.d/S15baton
endef

BATON_CONSOLES = $(call qstrip,$(BR2_PACKAGE_BATON_CONSOLES))

# systemd: baton.service, and with the menu baton-menu@.service on each
# console in place of a getty: the preset (which Buildroot's
# `systemctl preset-all` applies, before systemd's own presets) enables
# them and disables the gettys, and the getty generator, which would start
# one on the kernel's console, is masked.
ifeq ($(BR2_PACKAGE_BATON_MENU),y)
define BATON_INSTALL_MENU_SYSTEMD
	$(INSTALL) -D -m 0644 $(BATON_PKGDIR)/baton-menu@.service \
		$(TARGET_DIR)/usr/lib/systemd/system/baton-menu@.service
	printf '%s\n' 'enable baton-menu@.service $(BATON_CONSOLES)' \
		'disable getty@.service' 'disable serial-getty@.service' \
		>> $(TARGET_DIR)/usr/lib/systemd/system-preset/80-baton.preset
	mkdir -p $(TARGET_DIR)/etc/systemd/system-generators
	ln -sf /dev/null \
		$(TARGET_DIR)/etc/systemd/system-generators/systemd-getty-generator
endef
endif

define BATON_INSTALL_INIT_SYSTEMD
	$(INSTALL) -D -m 0644 $(BATON_PKGDIR)/baton.service \
		$(TARGET_DIR)/usr/lib/systemd/system/baton.service
	mkdir -p $(TARGET_DIR)/usr/lib/systemd/system-preset
	echo 'enable baton.service' \
		> $(TARGET_DIR)/usr/lib/systemd/system-preset/80-baton.preset
	$(BATON_INSTALL_MENU_SYSTEMD)
endef

# A menu on each console, in place of a getty: inittab lines for busybox
# init and sysvinit (systemd: baton-menu@.service, above). The kexec
# hand-over needs nothing from init: baton's daemon unmounts what it
# mounted, syncs and calls reboot(LINUX_REBOOT_CMD_KEXEC) itself.
ifeq ($(BR2_PACKAGE_BATON_MENU),y)
ifeq ($(BR2_INIT_BUSYBOX),y)
define BATON_INITTAB
	$(SED) '/baton-console/d' $(TARGET_DIR)/etc/inittab
	for tty in $(BATON_CONSOLES); do \
		printf '%s::respawn:/usr/libexec/baton/baton-console %s\n' \
			"$$tty" "$$tty" >> $(TARGET_DIR)/etc/inittab; \
	done
endef
else ifeq ($(BR2_INIT_SYSV),y)
define BATON_INITTAB
	$(SED) '/baton-console/d' $(TARGET_DIR)/etc/inittab
	n=0; for tty in $(BATON_CONSOLES); do \
		n=$$((n + 1)); \
		printf 'bm%d:2345:respawn:/usr/libexec/baton/baton-console %s\n' \
			"$$n" "$$tty" >> $(TARGET_DIR)/etc/inittab; \
	done
endef
endif
BATON_TARGET_FINALIZE_HOOKS += BATON_INITTAB
endif

$(eval $(generic-package))
