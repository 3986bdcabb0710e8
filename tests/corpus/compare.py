#!/usr/bin/python3
"""compare.py: check `baton scan --json` output against a corpus case.

usage: compare.py NAME EXPECTED.json ACTUAL.json [EXCEPTIONS.json]

EXPECTED is a u-root style list ({name, cmdline, kernel, initrd, dtb,
image_type, modules}; files as {"url": "file:///<folder>/<case>/<path>"} or
{"name": "<folder>/<case>/<path>"}). ACTUAL is baton's contract form.
EXCEPTIONS (optional) maps "<index>" -> {"why": "...", "expect": {...}}: the
entry baton must produce instead, where real GRUB disagrees with the corpus.
An exception may add "by": "<loader>" (default "GRUB"), the loader whose
behaviour it follows (syslinux, systemd-boot ...), for the TAP label.
Prints one TAP line per expected entry, plus one for the entry count.
"""
import json
import re
import sys


def corpus_path(f):
    """Path inside the partition for a corpus file object, or None."""
    if not f:
        return None
    p = f.get("url") or f.get("name") or ""
    p = re.sub(r"^file://", "", p).lstrip("/")
    parts = p.split("/")
    # <folder>/<case>/<path...>
    return "/" + "/".join(parts[2:]) if len(parts) > 2 else "/" + p


def corpus_entry(e):
    out = {
        "name": e.get("name"),
        "cmdline": e.get("cmdline", ""),
        "kind": e.get("image_type", "linux"),
        "kernel": corpus_path(e.get("kernel")),
        "initrds": [corpus_path(e["initrd"])] if e.get("initrd") else [],
        "dtb": corpus_path(e.get("dtb")),
    }
    if "modules" in e:
        out["modules"] = [[corpus_path(m), m.get("cmdline", "")]
                          for m in e["modules"]]
    return out


def baton_entry(o):
    def path(f):
        return f.get("path") if f else None
    out = {
        "name": o.get("name"),
        "cmdline": o.get("cmdline", ""),
        "kind": o.get("kind", "linux"),
        "kernel": path(o.get("kernel")),
        "initrds": [path(f) for f in o.get("initrds") or []],
        "dtb": path(o.get("dtb")),
    }
    if o.get("modules") is not None:
        out["modules"] = [[path(m.get("file")), m.get("cmdline", "")]
                          for m in o["modules"]]
    return out


def diff(want, got):
    return ["%s: want %r, got %r" % (k, want[k], got.get(k))
            for k in want if want[k] != got.get(k)]


def main():
    name, exp_file, act_file = sys.argv[1:4]
    exc = {}
    if len(sys.argv) > 4:
        with open(sys.argv[4]) as f:
            exc = json.load(f)
    with open(exp_file) as f:
        expected = [corpus_entry(e) for e in json.load(f)]
    with open(act_file) as f:
        actual = [baton_entry(o) for o in json.load(f)]
    for key, ex in exc.items():
        if key == "count":
            continue
        i = int(key)
        want = dict(expected[i]) if i < len(expected) else {}
        want.update(ex.get("expect", {}))
        if i < len(expected):
            expected[i] = want
        else:
            expected.append(want)
    want_n = exc.get("count", {}).get("expect", len(expected))
    failed = 0
    for i, want in enumerate(expected[:want_n]):
        got = actual[i] if i < len(actual) else {}
        d = diff(want, got)
        note = exc.get(str(i), {}).get("why")
        by = exc.get(str(i), {}).get("by", "GRUB")
        label = "%s entry %d %r%s" % (name, i, want.get("name"),
                                      " (%s differs from corpus: %s)" %
                                      (by, note) if note else "")
        if d:
            failed += 1
            print("not ok - " + label)
            for line in d:
                print("#   " + line)
        else:
            print("ok - " + label)
    if len(actual) != want_n:
        failed += 1
        print("not ok - %s: %d entries, want %d" % (name, len(actual), want_n))
        for o in actual[want_n:]:
            print("#   extra: %r" % o.get("name"))
    else:
        print("ok - %s: %d entries" % (name, want_n))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
