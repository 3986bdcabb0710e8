#!/usr/bin/python3
"""make-expect.py: write tests/data/grub2/<fixture>.json from real GRUB.

usage (as root, from anywhere): make-expect.py FIXTURE[:gpt] ...

Runs ../shared/tools/grub-oracle/oracle.sh (GRUB 2.06 in grub-emu) on the
fixture's partition(s) (its SOURCES file, if any, gives them and their
identity) and writes what GRUB boots, in the form test-grub2-fixtures
checks. Only for writing expectations: the tests never need the oracle.
Review the result; where baton must differ from GRUB, edit it by hand and
say why ("expect", "note").
"""
import json, os, re, subprocess, sys
D = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(D, "../../../../shared/tools/grub-oracle/oracle.sh")
CFGS = ["boot/grub/grub.cfg", "grub/grub.cfg", "boot/grub2/grub.cfg", "grub2/grub.cfg", "EFI/BOOT/grub.cfg"]
LIN = {"linux", "linux16", "linuxefi"}; MB = {"multiboot", "multiboot2"}; INI = {"initrd", "initrd16", "initrdefi"}

def grub_cmdline(args):
    out = []
    for a in args:
        s = re.sub(r'([\\\'"])', r'\\\1', a)
        out.append('"%s"' % s if " " in a else s)
    return " ".join(out)

def sources(fx):
    p = os.path.join(D, fx, "SOURCES")
    if not os.path.exists(p):
        return [(".", {})]
    out = []
    for l in open(p):
        l = l.strip()
        if not l: continue
        d, _, kv = l.partition(" ")
        out.append((d, dict(x.split("=", 1) for x in kv.split(",") if x)))
    return out

def find_cfg(root):
    for c in CFGS:
        if os.path.exists(os.path.join(root, c)): return c
    for base in ("EFI", "boot/efi/EFI"):
        b = os.path.join(root, base)
        if os.path.isdir(b):
            for n in sorted(os.listdir(b)):
                if os.path.exists(os.path.join(b, n, "grub.cfg")): return "%s/%s/grub.cfg" % (base, n)

def conv(f, root, names, pt):
    m = re.match(r"^\(([^)]*)\)(.*)$", f)
    dev, path = (m.group(1), m.group(2)) if m else (root, f)
    m2 = re.match(r"^hd0,(?:%s)?(\d+)$" % pt, dev or "")
    if m2 and 1 <= int(m2.group(1)) <= len(names):
        n = int(m2.group(1))
        return path if n == 1 else "%s:%s" % (names[n - 1], path)
    return "device=%s:%s" % (dev, path)

def run(fx, extra):
    srcs = sources(fx)
    names = [fx if d == "." else os.path.basename(d) for d, _ in srcs]
    parts = []
    for d, kv in srcs:
        s = os.path.normpath(os.path.join(D, fx, d))
        for k in ("uuid", "label"):
            if k in kv: s += ",%s=%s" % (k, kv[k])
        if kv.get("fstype") == "vfat": s += ",fs=fat"
        parts.append(s)
    root0 = os.path.normpath(os.path.join(D, fx, srcs[0][0]))
    cfg = find_cfg(root0)
    plat = "efi" if cfg.startswith("EFI/") or cfg.startswith("boot/efi/") else "pc"
    pt = "gpt" if "gpt" in extra else "msdos"
    cmd = [ORACLE, "--platform", plat, "--ptable", pt] + parts
    out = subprocess.run(cmd, capture_output=True, text=True)
    lines = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
    cfgl = lines[0]; opts = []
    for d in lines[1:]:
        kern = kind = cmd_ = None; initrds = []; mods = []; dtb = None
        for c in d["calls"]:
            name, root, args = c[0], c[1], c[2:]
            if name in LIN:
                kern, kind, cmd_, initrds, mods = conv(args[0], root, names, pt), "linux", grub_cmdline(args[1:]), [], []
            elif name in MB:
                a = args
                if name == "multiboot":
                    while a and a[0].startswith("--quirk"): a = a[1:]
                kern, kind, cmd_, initrds, mods = conv(a[0], root, names, pt), "multiboot", grub_cmdline(a[1:]), [], []
            elif name in INI and kind == "linux":
                initrds = [conv(x, root, names, pt) for x in args]
            elif name in ("module", "module2") and kind == "multiboot" and (name == "module2") == (d["calls"] and any(x[0] == "multiboot2" for x in d["calls"])):
                a = args
                if a and a[0] == "--nounzip": a = a[1:]
                mods.append([conv(a[0], root, names, pt), grub_cmdline(a[1:])])
            elif name == "devicetree":
                dtb = conv(args[0], root, names, pt)
            elif name in ("chainloader", "kfreebsd", "ntldr"):
                kern = kind = None
        if not kern: continue
        o = {"name": d["title"], "kind": kind, "kernel": kern, "initrds": initrds, "dtb": dtb, "cmdline": cmd_, "default": d["is_default"]}
        if kind == "multiboot": o["modules"] = mods
        opts.append(o)
    return cfgl, opts

for fx in sys.argv[1:]:
    extra = []
    if ":" in fx: fx, e = fx.split(":", 1); extra = e.split(",")
    cfgl, opts = run(fx, extra)
    res = {"expect": "real GRUB 2.06 (grub-oracle)", "options": opts}
    path = os.path.join(D, fx + ".json")
    with open(path, "w") as f:
        json.dump(res, f, indent=1, ensure_ascii=False); f.write("\n")
    print(fx, len(opts), "entries; config errors:", cfgl.get("config_errors"))
