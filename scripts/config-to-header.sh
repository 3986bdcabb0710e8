#!/bin/sh
# Turn a Kconfig .config into a C header (autoconf.h) without any Kconfig tool.
# CONFIG_X=y -> #define CONFIG_X 1; =m likewise; strings and numbers as given.
set -eu
echo "/* generated from $1: do not edit */"
sed -n \
	-e 's/^\(CONFIG_[A-Za-z0-9_]*\)=[ym]$/#define \1 1/p' \
	-e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(".*"\)$/#define \1 \2/p' \
	-e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(-\{0,1\}[0-9][0-9a-fA-Fx]*\)$/#define \1 \2/p' \
	"$1"
