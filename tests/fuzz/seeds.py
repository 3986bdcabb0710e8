#!/usr/bin/env python3
"""seeds.py: writes the generated seeds of one fuzz target into a folder:
small but well-formed inputs (PE/UKI images, kernel headers, ELF kernels,
protocol frames, settings files, command lines) for the readers whose
inputs tests/data holds no files of.

    tests/fuzz/seeds.py NAME DIR
"""
import json
import os
import struct
import sys


def pe(machine, sections):
    """A PE32+ EFI application with the given (name, bytes) sections, each
    padded to 512 bytes (as tests/unit/lib/pebuild.h builds them)."""
    lfanew, opt = 0x40, 240
    table = lfanew + 24 + opt
    align = lambda v: (v + 511) // 512 * 512
    pos = align(table + 40 * len(sections))
    out = bytearray(pos)
    out[0:2] = b"MZ"
    struct.pack_into("<I", out, 0x3C, lfanew)
    out[lfanew:lfanew + 4] = b"PE\0\0"
    struct.pack_into("<HH", out, lfanew + 4, machine, len(sections))
    struct.pack_into("<H", out, lfanew + 20, opt)
    struct.pack_into("<H", out, lfanew + 24, 0x20B)
    struct.pack_into("<H", out, lfanew + 24 + 68, 10)
    for i, (name, data) in enumerate(sections):
        struct.pack_into("<8sIIII", out, table + 40 * i, name.encode(),
                         len(data), 0x1000 * (i + 1), align(len(data)),
                         len(out) if data else 0)
        out += data + bytes(align(len(data)) - len(data))
    return bytes(out)


def bzimage(version=0x020F, xloadflags=0x3, relocatable=1, size=0x4000):
    b = bytearray(size)
    b[0x1F1] = 4                                  # setup_sects
    struct.pack_into("<H", b, 0x1FE, 0xAA55)
    b[0x200:0x202] = b"\xeb\x6a"                   # jump over the header
    b[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", b, 0x206, version)
    b[0x211] = 0x01                               # LOADED_HIGH
    struct.pack_into("<I", b, 0x22C, 0x7FFFFFFF)  # initrd_addr_max
    struct.pack_into("<I", b, 0x230, 0x200000)    # kernel_alignment
    b[0x234] = relocatable
    struct.pack_into("<H", b, 0x236, xloadflags)
    struct.pack_into("<I", b, 0x238, 2047)        # cmdline_size
    struct.pack_into("<Q", b, 0x258, 0x1000000)   # pref_address
    struct.pack_into("<I", b, 0x260, 0x2000000)   # init_size
    return bytes(b)


def image(riscv=False, image_size=0x20000, text_offset=0, size=0x2000):
    b = bytearray(size)
    b[0:2] = b"MZ"
    struct.pack_into("<QQQ", b, 8, text_offset, image_size, 0x0A)
    if riscv:
        b[48:56] = b"RISCV\0\0\0"
        b[56:60] = b"RSC\x05"
    else:
        b[56:60] = b"ARM\x64"
    return bytes(b)


def elf64(machine=0xB7, segments=((0x40200000, 0x1000, 0x3000),)):
    """An ELF64 executable with PT_LOAD (paddr, filesz, memsz) segments."""
    ehsize, phsize = 64, 56
    data_off = ehsize + phsize * len(segments)
    data_off = (data_off + 0xFFF) & ~0xFFF
    ph = b""
    off = data_off
    for paddr, filesz, memsz in segments:
        ph += struct.pack("<IIQQQQQQ", 1, 7, off, paddr | 0xFFFF000000000000,
                          paddr, filesz, memsz, 0x1000)
        off += (filesz + 0xFFF) & ~0xFFF
    eh = struct.pack("<16sHHIQQQIHHHHHH",
                     b"\x7fELF\x02\x01\x01" + bytes(9), 2, machine, 1,
                     segments[0][0], ehsize, 0, 0, ehsize, phsize,
                     len(segments), 64, 0, 0)
    out = bytearray(eh + ph)
    out += bytes(data_off - len(out))
    for _, filesz, _ in segments:
        out += b"\x90" * filesz + bytes(((filesz + 0xFFF) & ~0xFFF) - filesz)
    return bytes(out)


def frame(kind, payload, version=1):
    body = json.dumps(payload, separators=(",", ":")).encode()
    return struct.pack(">III", 0x4241544E, version << 16 | kind,
                       len(body)) + body


OSREL = b'NAME="Fedora Linux"\nVERSION_ID=40\nPRETTY_NAME="Fedora Linux 40"\n'


def seeds(name):
    if name in ("pe", "uki"):
        yield "uki-x64", pe(0x8664, [(".osrel", OSREL),
                                     (".cmdline", b"root=/dev/vda2 quiet\n"),
                                     (".uname", b"6.8.5-301.fc40.x86_64"),
                                     (".linux", bzimage(size=0x1000)),
                                     (".initrd", b"07070100"),
                                     (".sbat", b"sbat,1\n")])
        yield "uki-profiles", pe(0xAA64, [(".osrel", OSREL),
                                          (".linux", image(size=0x400)),
                                          (".profile", b"ID=debug\n"),
                                          (".cmdline", b"debug\n"),
                                          (".profile", b"ID=rescue\n"),
                                          (".cmdline", b"rescue\n")])
        yield "pe-empty", pe(0x8664, [])
    if name == "bzimage":
        yield "bzimage-2.15", bzimage()
        yield "bzimage-fixed", bzimage(relocatable=0)
        yield "bzimage-2.10-32bit", bzimage(version=0x020A, xloadflags=0)
    if name == "image":
        yield "arm64-image", image()
        yield "arm64-old", image(image_size=0)
        yield "riscv-image", image(riscv=True, text_offset=0x200000)
        yield "zboot", b"MZ\0\0zimg" + struct.pack("<IIII", 0x100, 0x40,
                                                  0, 0) + b"gzip" + bytes(0x200)
        yield "gzip", b"\x1f\x8b\x08\x00" + bytes(60)
        yield "uki-arm64", pe(0xAA64, [(".osrel", OSREL),
                                       (".linux", image(size=0x400))])
    if name == "elf":
        yield "elf-arm64", elf64()
        yield "elf-two", elf64(0x3E, ((0x1000000, 0x2000, 0x4000),
                                      (0x1400000, 0x1000, 0x1000)))
    if name == "protocol":
        yield "hello", b"\x00" + frame(1, {"client": "menu", "events": True})
        yield "requests", b"\x83" + b"".join([
            frame(8, {"id": "sda2:fedora"}),
            frame(9, {"id": "sda2:fedora"}),
            frame(10, {}),
            frame(15, {"values": {"timeout": "5", "default": "F*"},
                       "save": True}),
            frame(16, {"password": "secret"}),
            frame(13, {}), frame(17, {}), frame(19, {})])
        yield "state", b"\x01" + frame(2, {
            "options": [{"id": "a", "name": "A", "cmdline": "x=1",
                         "kernel": {"source": "sda2", "path": "/vmlinuz"}}],
            "sources": [{"name": "sda2", "uuid": "1234"}],
            "default": "a", "countdown": 5, "status": [],
            "booting": None})
        yield "bad-magic", b"\x10" + b"BATX" + bytes(8)
    if name == "config":
        yield "settings", (b"# baton settings\ntimeout = 5\n"
                           b"default = \"Advanced options>Debian*\"\n"
                           b"boot_order = usb uuid=1234-ABCD label=boot any\n"
                           b"next = sda2:fedora\nconfig_default = on\n"
                           b"fall_through = yes\nheadless = off\n"
                           b"password = $6$salt$abcdefghijklmnop\n"
                           b"kexec_load = false\nunknown = 1\nno equals\n")
    if name == "cmdline":
        yield "cmdline", (b"BOOT_IMAGE=/vmlinuz root=/dev/vda2 ro "
                          b"baton.timeout=0 \"baton.default=Fedora Linux*\" "
                          b"baton.boot_order=usb,disk baton.password=$6$x "
                          b"baton.headless=on baton.term=vt100 quiet\n")


def main():
    name, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for fname, data in seeds(name):
        with open(os.path.join(out, "gen-" + fname), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
