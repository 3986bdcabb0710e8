# Top-level Makefile of baton: configured with Kconfig, built out of tree in $(O).
#
#   make [O=build]                 build $(O)/baton (from configs/$(DEFCONFIG)
#                                  when $(O)/.config does not exist yet)
#   make NAME_defconfig            start $(O)/.config from configs/NAME_defconfig
#   make menuconfig | olddefconfig | savedefconfig   (python3-kconfiglib)
#   make initramfs [KMOD_DIR=DIR] [TRUST=DIR] [SSH_KEYS=FILE] [SSH=1]
#                                  $(O)/initramfs.cpio.gz (TRUST: certificates
#                                  for signed boot; SSH_KEYS: root's SSH keys,
#                                  with dropbear; SSH=1: dropbear alone)
#   make install DESTDIR=...       install the binary, its DHCP hook and docs
#   make check                     the whole test suite (tests/run)
#   make fuzz | fuzz-check         libFuzzer targets (tests/fuzz/Makefile.inc)
#   make demo                      install deps, build and boot the demo in QEMU
#
# CC, CFLAGS, LDFLAGS, PKG_CONFIG and DESTDIR are taken from the environment,
# so a cross or Buildroot build only sets those (and CONFIG_CROSS_COMPILE).

O ?= build
override O := $(patsubst %/,%,$(O))
srctree := $(CURDIR)
KCONFIG_CONFIG := $(O)/.config
KCONFIG_PY ?= $(firstword $(wildcard /usr/bin/python3) python3)
KCONFIG_ENV := KCONFIG_CONFIG=$(KCONFIG_CONFIG) srctree=$(srctree)
HOST_ARCH := $(shell uname -m)
DEFCONFIG ?= $(if $(filter aarch64 arm64,$(HOST_ARCH)),aarch64,x86_64)_defconfig

config-targets := %config %_defconfig menuconfig
no-config-targets := clean distclean help deps demo
need-config := $(if $(filter-out $(config-targets) $(no-config-targets),\
		$(or $(MAKECMDGOALS),all)),y)

ifeq ($(need-config),y)
-include $(KCONFIG_CONFIG)
endif

# V=1 shows whole commands
ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-7s %s\n'
endif

# ---- toolchain -----------------------------------------------------------
CROSS_COMPILE ?= $(patsubst "%",%,$(CONFIG_CROSS_COMPILE))
ifneq ($(filter default undefined,$(origin CC)),)
CC := $(CROSS_COMPILE)gcc
endif
ifeq ($(origin PKG_CONFIG),undefined)
PKG_CONFIG := $(if $(CROSS_COMPILE),$(CROSS_COMPILE)pkg-config,pkg-config)
endif
AR := $(CROSS_COMPILE)ar
PKG_STATIC := $(if $(CONFIG_STATIC),--static)
pkg-cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pkg-libs = $(shell $(PKG_CONFIG) $(PKG_STATIC) --libs $(1) 2>/dev/null || echo $(2))

CFLAGS ?= -O2 -g
BATON_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wshadow -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes \
	-D_GNU_SOURCE -I$(srctree) -I$(O)/include \
	-include $(O)/include/generated/autoconf.h \
	-MMD -MP
LIBS :=
TEST_LIBS :=

ifeq ($(CONFIG_SANITIZE),y)
BATON_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif
ifeq ($(CONFIG_STATIC),y)
LDFLAGS += -static
endif
BATON_CFLAGS += $(patsubst "%",%,$(CONFIG_EXTRA_CFLAGS))

BATON_CFLAGS += $(call pkg-cflags,jansson blkid)
LIBS += $(call pkg-libs,jansson,-ljansson) $(call pkg-libs,blkid,-lblkid)
ifeq ($(CONFIG_UI_NCURSES),y)
BATON_CFLAGS += $(call pkg-cflags,ncursesw)
LIBS += $(call pkg-libs,ncursesw,-lncursesw -ltinfo)
endif
ifeq ($(CONFIG_LOADER_FDT),y)
BATON_CFLAGS += $(call pkg-cflags,libfdt)
# Debian 12 has no libfdt.pc; a cross build may only have libfdt1:ARCH
# (libfdt-dev cannot be installed for two architectures at once).
fdt-fallback = $(if $(wildcard $(shell $(CC) -print-file-name=libfdt.so)),-lfdt,-l:libfdt.so.1)
LIBS += $(call pkg-libs,libfdt,$(fdt-fallback))
endif
ifeq ($(CONFIG_LOADER_ELF),y)
BATON_CFLAGS += $(call pkg-cflags,libelf)
LIBS += $(call pkg-libs,libelf,-lelf -lz)
endif
# libcrypto is loaded by the first trust_new() (loader/crypto-api.c):
# linked only into a static build and into the tests, which sign with it
ifeq ($(CONFIG_LOADER_VERIFY),y)
BATON_CFLAGS += $(call pkg-cflags,libcrypto)
TEST_LIBS += $(call pkg-libs,libcrypto,-lcrypto)
ifeq ($(CONFIG_STATIC),y)
LIBS += $(call pkg-libs,libcrypto,-lcrypto)
else
LIBS += -ldl
endif
endif
ifeq ($(CONFIG_NET),y)
# libcurl is loaded at the first fetch (discover/curl-api.c): linked only
# into a static build
BATON_CFLAGS += $(call pkg-cflags,libcurl)
ifeq ($(CONFIG_STATIC),y)
LIBS += $(call pkg-libs,libcurl,-lcurl)
else
LIBS += -ldl
endif
endif
LIBS += -lpthread

# ---- objects: each directory lists its own in Makefile.inc ---------------
lib-y :=
daemon-y :=
discover-y :=
parsers-y :=
loader-y :=
ui-y :=
board-y :=
include lib/Makefile.inc
include daemon/Makefile.inc
include discover/Makefile.inc
include discover/parsers/Makefile.inc
include loader/Makefile.inc
include ui/Makefile.inc
include board/Makefile.inc

# Link order: users before what they use.
baton-objs := baton.o $(ui-y) $(daemon-y) $(discover-y) $(loader-y) $(board-y) \
	$(parsers-y) $(lib-y)
baton-objs := $(addprefix $(O)/,$(baton-objs))

.PHONY: all
all: $(O)/baton

$(O)/baton: $(baton-objs)
	$(quiet) LD $@
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

# The compiler and its flags, in a file rewritten only when they change:
# every object depends on it, so that `make CFLAGS=...` (or a new
# pkg-config answer) builds them all again instead of linking old ones.
cc-line := $(CC) $(BATON_CFLAGS) $(CFLAGS)
$(O)/.cc-line: FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '$(subst ','\'',$(cc-line))' > $@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

.PHONY: FORCE
FORCE:

$(O)/%.o: %.c $(O)/include/generated/autoconf.h $(O)/.cc-line
	@mkdir -p $(@D)
	$(quiet) CC $<
	$(Q)$(CC) $(BATON_CFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/%.o: %.S $(O)/include/generated/autoconf.h $(O)/.cc-line
	@mkdir -p $(@D)
	$(quiet) AS $<
	$(Q)$(CC) $(BATON_CFLAGS) $(CFLAGS) -c -o $@ $<

# autoconf.h from .config without any Kconfig tool, so a plain .config
# handed over by Buildroot builds as is.
$(O)/include/generated/autoconf.h: $(KCONFIG_CONFIG) scripts/config-to-header.sh
	@mkdir -p $(@D)
	$(Q)sh scripts/config-to-header.sh $< > $@.tmp && mv $@.tmp $@

$(KCONFIG_CONFIG):
	@echo "no $(KCONFIG_CONFIG): using configs/$(DEFCONFIG)"
	@$(MAKE) --no-print-directory O=$(O) $(DEFCONFIG)

# ---- Kconfig (python3-kconfiglib; optional) ------------------------------
have-kconfiglib = $(shell $(KCONFIG_PY) -c 'import kconfiglib' 2>/dev/null && echo y)

%_defconfig: configs/%_defconfig
	@mkdir -p $(O)
	@if [ "$(have-kconfiglib)" = y ]; then \
		$(KCONFIG_ENV) $(KCONFIG_PY) -m defconfig --kconfig Kconfig $<; \
	else \
		cp $< $(KCONFIG_CONFIG); \
		echo "kconfiglib not found: copied $< as is"; \
	fi

.PHONY: defconfig menuconfig olddefconfig savedefconfig
defconfig: $(DEFCONFIG)

menuconfig olddefconfig savedefconfig: | $(KCONFIG_CONFIG)
	@[ "$(have-kconfiglib)" = y ] || \
		{ echo "make $@ needs python3-kconfiglib (scripts/install-deps.sh)"; exit 1; }
	@case $@ in savedefconfig) \
		$(KCONFIG_ENV) $(KCONFIG_PY) -m savedefconfig --kconfig Kconfig \
			--out $(O)/defconfig;; \
	*) $(KCONFIG_ENV) $(KCONFIG_PY) -m $@ Kconfig;; esac

# ---- initramfs, install --------------------------------------------------
ARCH ?= $(if $(CONFIG_ARCH_AARCH64),aarch64,x86_64)
.PHONY: initramfs
initramfs: $(O)/baton
	BATON=$(O)/baton OUT=$(O)/initramfs.cpio.gz KMOD_DIR=$(KMOD_DIR) \
		TRUST=$(TRUST) O=$(O) ARCH=$(ARCH) \
		SSH_KEYS=$(or $(SSH_KEYS),$(SSH_AUTHORIZED_KEYS)) SSH=$(SSH) \
		sh initramfs/mkinitramfs.sh

PREFIX ?= /usr
.PHONY: install
install: $(O)/baton
	install -D -m 0755 $(O)/baton $(DESTDIR)$(PREFIX)/sbin/baton
	install -D -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/baton/README.md
ifeq ($(CONFIG_NET),y)
	# where the daemon runs it from (DHCP_HOOK_DEFAULT), whatever PREFIX is
	install -D -m 0755 initramfs/dhcp-hook $(DESTDIR)/usr/share/baton/dhcp-hook
endif

# ---- tests, demo ---------------------------------------------------------
include tests/Makefile.inc
include tests/fuzz/Makefile.inc

.PHONY: deps demo check clean distclean help
# make check also installs the arm64 cross toolchain and libraries: its QEMU
# tests build and boot baton for arm64.
check: DEPS_LISTS := build test arm64
deps:
	sh scripts/install-deps.sh $(DEPS_LISTS)

demo:
	sh scripts/demo.sh

check: deps
	O=$(O) sh tests/run

clean:
	rm -rf $(O)/lib $(O)/daemon $(O)/discover $(O)/loader $(O)/ui \
		$(O)/board $(O)/tests $(O)/baton $(O)/baton.[od] $(O)/include

distclean:
	rm -rf $(O)

help:
	@sed -n '2,/^$$/s/^# \{0,1\}//p' Makefile

-include $(shell find $(O) -name '*.d' 2>/dev/null)
