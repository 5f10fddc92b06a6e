#!/usr/bin/env python3
"""Checks a cdef as a cffi user would: scripts/corpus-cffi and tests/grammar_cffi.rs run it.

usage: hk_cffi_check.py CDEF_FILE SOURCE_LINES [--lib NAME]... [-I DIR]... [-D NAME[=V]]...

SOURCE_LINES is the C text handed to ffi.set_source (the real header's #include and anything it
needs first). Steps: ffi.cdef(text) must accept the cdef; the module must compile (gcc errors on
incompatible pointer types, int conversions and implicit declarations) and import (a symbol the
library does not define is given the address 0 with --defsym and reported);
then every struct and union the cdef completes is measured twice, by cffi (ffi.sizeof,
ffi.offsetof) and by the C compiler (sizeof/offsetof compiled into the module), and the numbers
must agree. cffi also verifies every layout it was told when the module is built and imported.

Prints one JSON line; exit status 0 when imported with every layout equal.
"""
import argparse
import importlib
import json
import os
import re
import sys
import tempfile
import uuid

ap = argparse.ArgumentParser()
ap.add_argument("cdef")
ap.add_argument("source")
ap.add_argument("--lib", action="append", default=[])
ap.add_argument("-I", dest="incs", action="append", default=[])
ap.add_argument("-D", dest="defs", action="append", default=[])
ap.add_argument("--stub-symbols", action="store_true",
                help="no library: every declared function and variable gets the address 0 "
                     "(variables are then not read)")
a = ap.parse_args()

from cffi import FFI  # noqa: E402

res = {"accepted": False, "compiled": False, "imported": False, "records": 0,
       "layouts_ok": 0, "layouts_bad": 0, "symbols": 0, "missing_symbols": [], "error": None}


def done(code):
    print(json.dumps(res))
    sys.exit(code)


text = open(a.cdef).read()
try:
    probe = FFI()
    probe.cdef(text)
    res["accepted"] = True
except Exception as e:  # cffi raises several unrelated classes
    res["error"] = f"cdef: {type(e).__name__}: {str(e)[:400]}"
    done(1)

# The records to measure: every struct/union tag and every typedef naming a record, with their
# named, non-bit-field members (as cffi sees them, anonymous members flattened).
records = []  # (C spelling, [member names])
structs, unions = probe.list_types()[1:3]
typedefs = probe.list_types()[0]
cands = [f"struct {n}" for n in structs] + [f"union {n}" for n in unions] + list(typedefs)
for c in cands:
    try:
        t = probe.typeof(c)
        if t.kind not in ("struct", "union"):
            continue
        flds = t.fields
        if flds is None:
            continue  # opaque
    except Exception:
        continue  # opaque, partial (the compiler fills it) or not a record
    names = []

    def walk(fs, prefix=""):
        for n, f in fs or []:
            if f.bitsize >= 0:
                continue
            if n == "" or n is None:
                continue
            names.append(prefix + n)
    walk(flds)
    if c.startswith("struct $") or c.startswith("union $"):
        continue
    records.append((c, names))

checks = []  # (C expression, label)
for c, names in records:
    checks.append((f"sizeof({c})", (c, None)))
    for n in names:
        checks.append((f"offsetof({c}, {n})", (c, n)))

defs = []
for d in a.defs:
    k, _, v = d.partition("=")
    defs.append(f"#define {k} {v or '1'}\n")
src = "".join(defs) + a.source + "\n#include <stddef.h>\n"
if checks:
    src += "size_t _hk_layout[] = {\n" + "".join(f"  {e},\n" for e, _ in checks) + "};\n"
    text_c = text + f"\nextern size_t _hk_layout[{len(checks)}];\n"
else:
    text_c = text

def unresolved(mod):
    """The undefined symbols of the built module that neither the libraries nor the process
    (libc, Python) define, all at once (nm + dlsym), so one rebuild gives them all."""
    import ctypes
    import ctypes.util
    import glob
    import subprocess
    so = glob.glob(os.path.join(tmp, mod + "*.so"))
    if not so:
        return []
    try:
        out = subprocess.run(["nm", "-D", "--undefined-only", so[0]], capture_output=True,
                             text=True).stdout
    except OSError:
        return []
    handles = [ctypes.CDLL(None)]
    for lib in a.lib:
        path = ctypes.util.find_library(lib)
        try:
            handles.append(ctypes.CDLL(path or f"lib{lib}.so"))
        except OSError:
            pass
    found = []
    for line in out.splitlines():
        name = line.split()[-1].split("@")[0]
        if not any(hasattr(h, name) for h in handles):
            found.append(name)
    return found


tmp = tempfile.mkdtemp(prefix="hkcffi")
sys.path.insert(0, tmp)
missing = []
variables = set()
if a.stub_symbols:
    for key in probe._parser._declarations:
        kind, _, name = key.partition(" ")
        if kind == "function":
            missing.append(name)
        elif kind == "variable":
            missing.append(name)
            variables.add(name)
stubbed = len(missing)
m = None
for attempt in range(41):
    mod = "_hk_" + uuid.uuid4().hex[:10]
    ffi = FFI()
    ffi.cdef(text_c)
    ffi.set_source(mod, src, libraries=a.lib, include_dirs=a.incs,
                   extra_compile_args=["-Werror=incompatible-pointer-types",
                                       "-Werror=int-conversion",
                                       "-Werror=implicit-function-declaration"],
                   extra_link_args=[f"-Wl,--defsym,\"{x}\"=0" for x in missing])
    log = tempfile.TemporaryFile(mode="w+")
    sys.stdout.flush()
    saved, saved1 = os.dup(2), os.dup(1)
    os.dup2(log.fileno(), 2)
    os.dup2(log.fileno(), 1)
    try:
        ffi.compile(tmpdir=tmp, verbose=False)
    except Exception as e:
        os.dup2(saved, 2)
        os.dup2(saved1, 1)
        log.seek(0)
        msg = log.read() + str(e)
        hits = re.findall(r"\S+:\d+:\d+: error: .*|.*undefined reference.*|.*multiple definition.*|error: .*", msg)
        res["error"] = "compile: " + ("; ".join(hits[:3]) if hits else msg)[:400]
        done(1)
    finally:
        os.dup2(saved, 2)
        os.dup2(saved1, 1)
    res["compiled"] = True
    try:
        m = importlib.import_module(mod)
        break
    except ImportError as e:
        u = re.search(r"undefined symbol: (\S+)", str(e))
        if not u or attempt == 40:
            res["error"] = f"import: {str(e)[:400]}"
            done(1)
        missing.append(u.group(1))
        missing.extend(x for x in unresolved(mod) if x not in missing)
res["imported"] = True
res["missing_symbols"] = missing[stubbed:]
rffi, lib = m.ffi, m.lib

# cffi's numbers against the compiler's
res["records"] = len(records)
for i, (_, (c, n)) in enumerate(checks):
    try:
        ours = rffi.sizeof(c) if n is None else rffi.offsetof(c, n)
    except Exception as e:
        ours = f"error {e}"
    if ours == lib._hk_layout[i]:
        res["layouts_ok"] += 1
    else:
        res["layouts_bad"] += 1
        if not res["error"]:
            what = f"sizeof({c})" if n is None else f"offsetof({c}, {n})"
            res["error"] = f"layout: {what}: cffi {ours}, compiler {lib._hk_layout[i]}"
# every partial or verified record the compiled module knows must be measurable
for kind, names in (("struct", rffi.list_types()[1]), ("union", rffi.list_types()[2])):
    for n in names:
        try:
            rffi.sizeof(f"{kind} {n}")
        except Exception as e:
            s = str(e)
            if "opaque" in s or "incomplete" in s or "know the size" in s:
                continue
            res["layouts_bad"] += 1
            if not res["error"]:
                res["error"] = f"layout: {kind} {n}: {s[:300]}"
for n in dir(lib):
    if n == "_hk_layout" or n in variables:
        continue
    try:
        getattr(lib, n)
        res["symbols"] += 1
    except Exception as e:
        if not res["error"]:
            res["error"] = f"symbol {n}: {str(e)[:300]}"
        res["layouts_bad"] += 1
done(0 if res["layouts_bad"] == 0 else 1)
