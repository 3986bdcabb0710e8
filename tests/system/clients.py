#!/usr/bin/env python3
"""clients.py: raw control-socket clients for tests/system/test-clients-*.sh.

  clients.py SOCK garbage        hello, then junk: prints "closed" once the
                                 daemon hangs up (and "oversized" for a
                                 frame announcing 16 MiB)
  clients.py SOCK sleeper        hello with events, then never reads
  clients.py SOCK driver N ID... N set-default requests (cycling the ids),
                                 pipelined in batches; prints "ok N"
  clients.py SOCK slow LEN SECS  a frame header announcing LEN bytes, then
                                 one byte every 0.1 s for SECS seconds;
                                 prints "closed after N bytes" or "open"
  clients.py SOCK churn SECS     connects, says hello and hangs up, again
                                 and again for SECS s; prints "churned N"
  clients.py SOCK ticks SECS     watches the countdown events for at most
                                 SECS s; prints "TIME REMAINING" per event
  clients.py SOCK slowreader GO SECS  hello with events, reads nothing
                                 until the file GO exists (a menu busy
                                 drawing on a slow line; at most 300 s),
                                 then reads 2 KiB every 5 ms for SECS s;
                                 prints "states N frames M" (state
                                 messages, all messages) or "dropped ..."
  clients.py SOCK editboot ID CMDLINE  boots option ID with its command
                                 line edited to CMDLINE (as the menu's `e`
                                 does); prints the reply's JSON
"""
import json
import os
import socket
import struct
import sys
import time

MAGIC = 0x4241544E
HELLO, STATE, COUNTDOWN, BOOT, SET_DEFAULT, REPLY = 1, 2, 6, 8, 9, 11


def frame(type_, body):
    data = body.encode()
    return struct.pack("!IHHI", MAGIC, 1, type_, len(data)) + data


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def split_frames(buf):
    """The whole frames at the start of buf, as (type, body), and the
    bytes after them."""
    out = []
    while len(buf) >= 12:
        _, _, t, n = struct.unpack("!IHHI", buf[:12])
        if len(buf) < 12 + n:
            break
        out.append((t, buf[12:12 + n]))
        buf = buf[12 + n:]
    return out, buf


def read_frames(s, want, type_):
    """Read until want frames of type_ (replies: saying ok) arrived;
    returns how many did."""
    buf, got = b"", 0
    while got < want:
        chunk = s.recv(65536)
        if not chunk:
            break
        frames, buf = split_frames(buf + chunk)
        got += sum(1 for t, body in frames if t == type_ and
                   (t != REPLY or b'"ok":true' in body))
    return got


def hung_up(s, secs=5):
    s.settimeout(secs)
    try:
        while s.recv(65536):
            pass
        return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def garbage(path):
    s = connect(path)
    s.sendall(frame(HELLO, '{"client":"garbage","events":true}'))
    try:
        s.sendall(os.urandom(4096))
    except (ConnectionResetError, BrokenPipeError):
        pass
    print("closed" if hung_up(s) else "still open")
    s = connect(path)
    s.sendall(struct.pack("!IHHI", MAGIC, 1, SET_DEFAULT, 16 << 20))
    try:
        s.sendall(b"{" * 65536)
    except (ConnectionResetError, BrokenPipeError):
        pass
    print("oversized" if hung_up(s) else "oversized still open")


def sleeper(path):
    s = connect(path)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.sendall(frame(HELLO, '{"client":"sleeper","events":true}'))
    print("sleeping", flush=True)
    while True:
        time.sleep(3600)


def driver(path, n, ids):
    s = connect(path)
    s.sendall(frame(HELLO, '{"client":"driver","events":false}'))
    read_frames(s, 1, 2)            # the state
    ok, batch = 0, 100
    for start in range(0, n, batch):
        k = min(batch, n - start)
        s.sendall(b"".join(frame(SET_DEFAULT, '{"id":"%s"}' %
                                 ids[(start + i) % len(ids)])
                           for i in range(k)))
        ok += read_frames(s, k, REPLY)
    print("ok", ok)


def slow(path, length, secs):
    s = connect(path)
    s.sendall(struct.pack("!IHHI", MAGIC, 1, SET_DEFAULT, length))
    sent, end = 0, time.monotonic() + secs
    s.settimeout(0.1)
    while time.monotonic() < end:
        try:
            s.sendall(b" ")
            sent += 1
            if s.recv(1) == b"":
                print("closed after %d bytes" % sent)
                return
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            print("closed after %d bytes" % sent)
            return
    print("open after %d bytes" % sent)


def churn(path, secs):
    n, end = 0, time.monotonic() + secs
    while time.monotonic() < end:
        s = connect(path)
        if n % 2:
            s.sendall(frame(HELLO, '{"client":"churn","events":true}'))
        s.close()
        n += 1
    print("churned", n)


def ticks(path, secs):
    import json
    s = connect(path)
    s.sendall(frame(HELLO, '{"client":"ticks","events":true}'))
    start = time.monotonic()
    buf = b""
    s.settimeout(0.5)
    while time.monotonic() - start < secs:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            break
        frames, buf = split_frames(buf + chunk)
        for t, body in frames:
            if t != COUNTDOWN:
                continue
            left = json.loads(body)["remaining"]
            print("%.3f %d" % (time.monotonic() - start, left), flush=True)
            if left < 0:
                return


def slowreader(path, go, secs):
    s = connect(path)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.sendall(frame(HELLO, '{"client":"slow","events":true}'))
    s.settimeout(0.02)
    give_up = time.monotonic() + 300
    while not os.path.exists(go) and time.monotonic() < give_up:
        time.sleep(0.05)
    buf, states, frames, end = b"", 0, 0, time.monotonic() + secs
    what = "states"
    while time.monotonic() < end:
        time.sleep(0.005)
        try:
            chunk = s.recv(2048)
        except socket.timeout:
            continue
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            what = "dropped states"
            break
        got, buf = split_frames(buf + chunk)
        states += sum(1 for t, _ in got if t == 2)
        frames += len(got)
    print(what, states, "frames", frames, flush=True)


def editboot(path, id_, cmdline):
    s = connect(path)
    s.sendall(frame(HELLO, '{"client":"editboot","events":false}'))
    buf, state = b"", None
    while state is None:
        chunk = s.recv(65536)
        if not chunk:
            sys.exit("closed before the state")
        frames, buf = split_frames(buf + chunk)
        state = next((json.loads(b) for t, b in frames if t == STATE), None)
    opt = next(o for o in state["options"] if o["id"] == id_)
    opt["cmdline"] = cmdline
    s.sendall(frame(BOOT, json.dumps({"option": opt})))
    while True:
        chunk = s.recv(65536)
        if not chunk:
            sys.exit("closed before the reply")
        frames, buf = split_frames(buf + chunk)
        for t, body in frames:
            if t == REPLY:
                print(body.decode())
                return


def main():
    path, mode = sys.argv[1], sys.argv[2]
    if mode == "garbage":
        garbage(path)
    elif mode == "sleeper":
        sleeper(path)
    elif mode == "slow":
        slow(path, int(sys.argv[3]), float(sys.argv[4]))
    elif mode == "churn":
        churn(path, float(sys.argv[3]))
    elif mode == "ticks":
        ticks(path, float(sys.argv[3]))
    elif mode == "editboot":
        editboot(path, sys.argv[3], sys.argv[4])
    elif mode == "slowreader":
        slowreader(path, sys.argv[3], float(sys.argv[4]))
    else:
        driver(path, int(sys.argv[3]), sys.argv[4:])


if __name__ == "__main__":
    main()
