#!/usr/bin/env python3
# tests/system/bmc.py: a BMC that a test plays, on the Unix socket that
# `baton daemon --ipmi SOCKET` takes for /dev/ipmi0 (daemon/ipmi.h gives
# the framing). It keeps the System Boot Options a real BMC keeps:
# parameter 5 (boot flags) lives in FLAGS as five hex bytes, which the test
# writes as an admin's `ipmitool chassis bootdev` would and reads back;
# every request is logged to LOG as "netfn cmd data...". FLAGS holding
# "silent" makes a BMC that takes requests and never answers.
#
#   bmc.py SOCKET FLAGS LOG
import os
import socket
import struct
import sys

NETFN_CHASSIS, NETFN_SE = 0x00, 0x04
SET_BOOT, GET_BOOT, PLATFORM_EVENT = 0x08, 0x09, 0x02


def read_flags(path):
    with open(path) as f:
        return bytes(int(x, 16) for x in f.read().split())


def write_flags(path, data):
    tmp = path + ".new"
    with open(tmp, "w") as f:
        f.write(" ".join("%02x" % b for b in data) + "\n")
    os.rename(tmp, path)


def answer(netfn, cmd, data, flags_path):
    if netfn == NETFN_CHASSIS and cmd == GET_BOOT:
        if len(data) != 3:
            return b"\xc7"                      # request data length invalid
        if data[0] & 0x7f != 5:
            return b"\x80"                      # parameter not supported
        return bytes([0x00, 0x01, 0x05]) + read_flags(flags_path)
    if netfn == NETFN_CHASSIS and cmd == SET_BOOT:
        if not data:
            return b"\xc7"
        if data[0] & 0x7f == 5:
            if len(data) != 6:
                return b"\xc7"
            write_flags(flags_path, data[1:])
        elif data[0] & 0x7f != 4:
            return b"\x80"
        return b"\x00"
    if netfn == NETFN_SE and cmd == PLATFORM_EVENT:
        return b"\x00" if len(data) == 8 else b"\xc7"
    return b"\xc1"                              # invalid command


def recv_all(conn, n):
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def main():
    sock_path, flags_path, log_path = sys.argv[1:4]
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock_path)
    srv.listen(4)
    while True:
        conn, _ = srv.accept()
        with conn:
            while True:
                hdr = recv_all(conn, 4)
                if hdr is None:
                    break
                netfn, cmd, n = hdr[0], hdr[1], struct.unpack("<H", hdr[2:])[0]
                data = recv_all(conn, n) if n else b""
                if data is None:
                    break
                with open(log_path, "a") as log:
                    log.write("%02x %02x %s\n" % (netfn, cmd, data.hex(" ")))
                with open(flags_path) as f:
                    if f.read().strip() == "silent":
                        continue
                reply = answer(netfn, cmd, data, flags_path)
                conn.sendall(struct.pack("<H", len(reply)) + reply)


if __name__ == "__main__":
    main()
