/*
 * grub2-loopback.h: what an ISO image's own GRUB config offers when it is
 * booted by GRUB's loopback convention (discover/parsers/grub2/).
 */
#ifndef BATON_PARSERS_GRUB2_LOOPBACK_H
#define BATON_PARSERS_GRUB2_LOOPBACK_H

#include "discover/parsers/parser.h"

/* Where an image's config for loopback boots is, inside the image. */
#define GRUB2_LOOPBACK_CFG "/boot/grub/loopback.cfg"

/*
 * Run the image iso_path of ctx->source (absolute) as GRUB's loopback
 * convention does: iso_path set and exported, the image attached as
 * (loop), $root set to it and GRUB2_LOOPBACK_CFG run as a configfile.
 * The image's files are read through a source among ctx->sources named
 * "SOURCE:ISO_PATH" (the image mounted by the caller); the options' files
 * are files inside the image (boot_file.iso). A path GRUB's script could
 * not quote is refused with a diagnostic. Returns 0 or -ENOMEM.
 */
int grub2_parse_iso_loopback(struct parse_ctx *ctx, const char *iso_path);

#endif
