#!/usr/bin/env python3
"""Checks a generated ctypes module as its user would: scripts/corpus-ctypes and
tests/grammar_ctypes.rs run it.

usage: hk_ctypes_check.py MODULE.py SOURCE_LINES (--lib NAME | --stub [C_FILE])
                          [-I DIR]... [-D NAME[=V]]... [--ir IR.json] [--calls PY]
                          [--require-call NAME]...

SOURCE_LINES is the C text that declares what the module binds (the real header's #include and
what it needs first). --lib NAME: the module must load the real library libNAME.so itself (its
`library` option); --stub: a shared library is built for it, from C_FILE when given, else empty,
with every symbol the module binds that it lacks aliased to a stub (functions return 0,
variables are zeroed), and the module is pointed at it through its environment variable.

Checks, each against a C program compiled with gcc against SOURCE_LINES (and linked with the
library):
  * the module imports (without touching the library) and loads the library on first use;
  * every struct and union of `_c_types_`: ctypes.sizeof and ctypes.alignment equal sizeof and
    _Alignof, every member's offset equals offsetof (members of anonymous members included),
    and size, and every bit-field, set to all ones through ctypes, gives the bytes C gives (a class
    with `_align_` on a Python older than 3.13, where ctypes ignores it, is compared by its
    `_align_`; reported as `align_attr`);
  * every function and global variable is looked up (the counts of those the library does
    not export are reported); every function without parameters whose name contains
    "version" and that returns an integer or a string is called from Python and from C, and
    the results must be equal (--require-call names functions that must be among them);
    integer and string globals read through in_dll equal C's;
  * with --ir, every integer, floating and narrow-string macro constant and every enumerator
    of the IR that the module defines equals C's value;
  * with --calls, the Python file is run with `m` bound to the module (case-specific calls).

Prints one JSON line; exit status 0 when everything matched.
"""
import argparse
import ctypes
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser()
ap.add_argument("module")
ap.add_argument("source")
ap.add_argument("--lib")
ap.add_argument("--stub", nargs="?", const="", default=None)
ap.add_argument("-I", dest="incs", action="append", default=[])
ap.add_argument("-D", dest="defs", action="append", default=[])
ap.add_argument("--ir")
ap.add_argument("--calls")
ap.add_argument("--require-call", action="append", default=[])
ap.add_argument("--keep", help="directory for the C program and its output")
a = ap.parse_args()

res = {"imported": False, "records": 0, "layouts_ok": 0, "layouts_bad": 0, "bitfields": 0,
       "align_attr": 0, "unverifiable": 0, "functions": 0, "functions_missing": 0,
       "variables": 0, "variables_missing": 0, "calls": 0, "values": 0, "constants": 0,
       "error": None}


def fail(msg):
    if not res["error"]:
        res["error"] = msg[:500]


def done():
    print(json.dumps(res))
    sys.exit(0 if not res["error"] else 1)


tmp = a.keep or tempfile.mkdtemp(prefix="hkctypes")
os.makedirs(tmp, exist_ok=True)
cflags = [f"-I{d}" for d in a.incs] + [f"-D{d}" for d in a.defs]

# ---- import (the library is not loaded yet: everything binds lazily)
modname = "hk_ctypes_" + re.sub(r"\W", "_", os.path.basename(a.module)[:-3])
try:
    spec = importlib.util.spec_from_file_location(modname, a.module)
    m = importlib.util.module_from_spec(spec)
    sys.modules[modname] = m
    spec.loader.exec_module(m)
except Exception as e:
    fail(f"import: {type(e).__name__}: {e}")
    done()
if getattr(m, "_hk_handle", None) is not None:
    fail("the library was loaded at import time")
    done()
res["imported"] = True

# ---- the library: the real one (found by the module itself) or a stub
if a.stub is not None:
    stub_c = os.path.join(tmp, "stub.c")
    with open(stub_c, "w") as f:
        f.write("int _hk_stub(void) { return 0; }\n"
                "__attribute__((aligned(64))) char _hk_zero[1 << 16];\n")
    srcs = [stub_c] + ([a.stub] if a.stub else [])
    so = os.path.join(tmp, "libhkstub.so")
    base = ["gcc", "-shared", "-fPIC", "-O0", "-w"] + cflags
    r = subprocess.run(base + srcs + ["-o", so], capture_output=True, text=True)
    if r.returncode != 0:
        fail("stub library: " + r.stderr[:400])
        done()
    nm = subprocess.run(["nm", "-D", "--defined-only", so], capture_output=True, text=True).stdout
    have = {line.split()[-1] for line in nm.splitlines() if line.strip()}
    syms = []
    # with the case's own library, what it lacks stays missing; without one, everything is
    # stubbed
    for sym, *_ in ([] if a.stub else m._hk_functions.values()):
        if sym not in have:
            syms.append(f"-Wl,--defsym,\"{sym}\"=_hk_stub")
    for sym, _ in ([] if a.stub else m._hk_variables.values()):
        if sym not in have:
            syms.append(f"-Wl,--defsym,\"{sym}\"=_hk_zero")
    r = subprocess.run(base + srcs + syms + ["-o", so], capture_output=True, text=True)
    if r.returncode != 0:
        fail("stub library: " + r.stderr[:400])
        done()
    os.environ[m._hk_library_env] = so
    link = [so, f"-Wl,-rpath,{tmp}"]
else:
    link = [f"-l{a.lib}"] if a.lib else []
try:
    lib = m._lib if hasattr(m, "_lib") else m._hk_load()
except OSError as e:
    fail(f"load: {e}")
    done()
if a.lib:
    # the file the linker takes for -l<lib> must be the one the module mapped
    want = subprocess.run(["gcc", f"-print-file-name=lib{a.lib}.so"], capture_output=True,
                          text=True).stdout.strip()
    want = os.path.realpath(want)
    maps = {os.path.realpath(line.split()[-1]) for line in open("/proc/self/maps")
            if "/" in line}
    if want not in maps:
        fail(f"the module loaded {lib._name}, not {want} (lib{a.lib}.so)")
    # dlsym on the library's handle also finds its dependencies' symbols (libssl's handle
    # gives libcrypto's functions): the C program links with them too
    dyn = subprocess.run(["readelf", "-d", want], capture_output=True, text=True).stdout
    link += [f"-l:{n}" for n in re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dyn)]

# ---- C program pieces: each check prints "<id> <value>"
checks = []  # (id, C statement printing the value, python value or callable, kind)
prog = []


def add(c_stmt, py_value, what, guard=()):
    i = len(checks)
    checks.append((py_value, what))
    body = c_stmt.replace("@ID", str(i))
    for g in guard:
        body = f"#ifndef {g}\n{body}\n#else\nprintf(\"{i} MACRO\\n\");\n#endif"
    prog.append(body)


def c_hex(expr, size):
    return ("{ const unsigned char *_p = (const unsigned char *)(%s); printf(\"@ID \");"
            " for (size_t _i = 0; _i < (%s); _i++) printf(\"%%02x\", _p[_i]); printf(\"\\n\"); }"
            % (expr, size))


def is_signed(t):
    try:
        return t(-1).value < 0
    except Exception:
        return False


def members(cls, prefix=()):
    """(path, field type, bits or None, python offset) of every member, through anonymous ones."""
    anon = set(getattr(cls, "_anonymous_", ()))
    out = []
    for f in cls._fields_:
        name, t = f[0], f[1]
        if name.startswith("_hk_"):
            continue
        if name in anon:
            out += members(t, prefix + (name,))
        else:
            out.append((prefix, name, t, f[2] if len(f) > 2 else None))
    return out


records = getattr(m, "_c_types_", {})
res["records"] = len(records)
for spelling, cls in records.items():
    al = ctypes.alignment(cls)
    if hasattr(cls, "_align_") and sys.version_info < (3, 13):
        al = cls._align_
        res["align_attr"] += 1
    add(f'printf("@ID %zu\\n", sizeof({spelling}));', ctypes.sizeof(cls), f"sizeof({spelling})")
    add(f'printf("@ID %zu\\n", (size_t)_Alignof({spelling}));', al, f"_Alignof({spelling})")
    for path, name, t, bits in members(cls):
        guard = (name,)
        if bits is None:
            # the offset through anonymous members: the outer descriptor has the total offset
            off = getattr(cls, name).offset
            add(f'printf("@ID %zu\\n", offsetof({spelling}, {name}));', off,
                f"offsetof({spelling}, {name})", guard)
            size = getattr(cls, name).size
            if size:  # a flexible array member has no size in C
                add(f'printf("@ID %zu\\n", sizeof((({spelling} *)0)->{name}));',
                    size, f"sizeof({spelling}.{name})", guard)
        else:
            res["bitfields"] += 1
            o = cls()
            if t is ctypes.c_bool:
                v = True
            elif is_signed(t):
                v = -1
            else:
                v = (1 << bits) - 1
            inner = o
            setattr(inner, name, v)
            expect = bytes(o).hex()
            add("{ %s _v; memset(&_v, 0, sizeof _v); _v.%s = -1; %s }"
                % (spelling, name, c_hex("&_v", "sizeof _v")), expect,
                f"bit-field {spelling}.{name} set to all ones", guard)

# ---- functions and variables
version_calls = []
for name, (sym, restype, argtypes) in sorted(m._hk_functions.items()):
    res["functions"] += 1
    try:
        getattr(m, name)
    except AttributeError:
        res["functions_missing"] += 1
        continue
    if argtypes == [] and re.search("version", name, re.I):
        if restype in (ctypes.c_char_p, ctypes.POINTER(ctypes.c_char)):
            version_calls.append((name, "str"))
        elif restype in (ctypes.c_int, ctypes.c_uint, ctypes.c_long, ctypes.c_ulong,
                         ctypes.c_longlong, ctypes.c_ulonglong, ctypes.c_short, ctypes.c_ushort):
            version_calls.append((name, "u" if not is_signed(restype) else "s"))
        elif restype is not None and issubclass(restype, ctypes._SimpleCData) \
                and restype._type_ in "bBhHiIlLqQ":
            version_calls.append((name, "u" if not is_signed(restype) else "s"))
for name, kind in version_calls:
    try:
        r = getattr(m, name)()
    except Exception as e:
        fail(f"call {name}(): {type(e).__name__}: {e}")
        continue
    res["calls"] += 1
    if kind == "str":
        if not isinstance(r, bytes):
            r = ctypes.string_at(r) if r else None
        add('{ const char *_s = (const char *)%s(); if (!_s) printf("@ID null\\n"); else %s }'
            % (name, c_hex("_s", "strlen(_s)")), "null" if r is None else r.hex(), f"{name}()")
    elif kind == "u":
        add(f'printf("@ID %llu\\n", (unsigned long long){name}());', r, f"{name}()")
    else:
        add(f'printf("@ID %lld\\n", (long long){name}());', r, f"{name}()")
called = {n for n, _ in version_calls}
for want in a.require_call:
    if want not in called:
        fail(f"required call {want}() was not made (not bound or not a version function)")

for name, (sym, ctype) in sorted(m._hk_variables.items()):
    res["variables"] += 1
    try:
        v = getattr(m, name)
    except AttributeError:
        res["variables_missing"] += 1
        continue
    if ctype is ctypes.c_char_p:
        val = v.value
        add('{ const char *_s = (const char *)%s; if (!_s) printf("@ID null\\n"); else %s }'
            % (name, c_hex("_s", "strlen(_s)")), "null" if val is None else val.hex(), name)
        res["values"] += 1
    elif issubclass(ctype, ctypes._SimpleCData) and ctype._type_ in "bBhHiIlLqQ?":
        if is_signed(ctype):
            add(f'printf("@ID %lld\\n", (long long){name});', v.value, name)
        else:
            add(f'printf("@ID %llu\\n", (unsigned long long){name});', int(v.value), name)
        res["values"] += 1

# ---- constants and enumerators of the IR
if a.ir:
    ir = json.load(open(a.ir))
    names = []
    for d in ir.get("declarations", []):
        if d.get("kind") == "constant" and d.get("value") is not None:
            names.append(d["name"])
        elif d.get("kind") == "enum":
            names += [v["name"] for v in d.get("values", [])]
        elif d.get("kind") in ("struct", "union", "typedef"):
            def enums_in(o):
                if isinstance(o, dict):
                    if o.get("kind") == "enum":
                        yield from (v["name"] for v in o.get("values", []))
                    for x in o.values():
                        yield from enums_in(x)
                elif isinstance(o, list):
                    for x in o:
                        yield from enums_in(x)
            names += list(enums_in(d))
    seen = set()
    for n in names:
        if n in seen or n not in vars(m):
            continue
        seen.add(n)
        v = vars(m)[n]
        if isinstance(v, bool):
            continue
        if isinstance(v, int):
            add(f'if (({n}) < 0) printf("@ID %lld\\n", (long long)({n}));'
                f' else printf("@ID %llu\\n", (unsigned long long)({n}));', v, n)
        elif isinstance(v, float):
            add(f'printf("@ID %.17g\\n", (double)({n}));', v, n)
        elif isinstance(v, bytes):
            # a literal (an array) or a literal cast to a pointer
            size = (f"(__builtin_types_compatible_p(__typeof__({n}), __typeof__(&({n})[0]))"
                    f" ? strlen((const char *)({n})) : sizeof({n}) - 1)")
            add(c_hex(f"({n})", size), v.hex(), n)
        elif isinstance(v, (ctypes._Pointer, ctypes._CFuncPtr, ctypes.c_void_p, ctypes.c_char_p)):
            add(f'printf("@ID %llu\\n", (unsigned long long)(uintptr_t)({n}));',
                ctypes.cast(v, ctypes.c_void_p).value or 0, n)
        else:
            continue
        res["constants"] += 1

# ---- compile and run the C program
defs = "".join(f"#define {k} {v or '1'}\n" for k, _, v in (d.partition("=") for d in a.defs))
text = (defs + a.source + "\n#include <stddef.h>\n#include <stdint.h>\n#include <stdio.h>\n"
        "#include <string.h>\n")
# main in chunks, so a huge program compiles quickly at -O0
chunk = 400
fns = []
for k in range(0, len(prog), chunk):
    fns.append(f"static void _hk_part{k // chunk}(void) {{\n" + "\n".join(prog[k:k + chunk]) + "\n}\n")
text += "".join(fns)
text += "int main(void) {\n" + "".join(f"  _hk_part{k}();\n" for k in range(len(fns))) + "  return 0;\n}\n"
c_file = os.path.join(tmp, "check.c")
exe = os.path.join(tmp, "check")
open(c_file, "w").write(text)
r = subprocess.run(["gcc", "-O0", "-w", "-std=gnu11"] + cflags + [c_file, "-o", exe] + link,
                   capture_output=True, text=True)
if r.returncode != 0:
    errs = re.findall(r"\S+:\d+:\d+: error: .*", r.stderr)
    fail("C program: " + ("; ".join(errs[:3]) if errs else r.stderr[:400]))
    done()
env = dict(os.environ)
r = subprocess.run([exe], capture_output=True, text=True, env=env)
if r.returncode != 0:
    fail(f"C program exited with {r.returncode}: {r.stderr[:300]}")
    done()
got = {}
for line in r.stdout.splitlines():
    i, _, v = line.partition(" ")
    got[int(i)] = v
for i, (want, what) in enumerate(checks):
    c = got.get(i)
    if c == "MACRO":
        res["unverifiable"] += 1
        continue
    if isinstance(want, float):
        ok = c is not None and (float(c) == want or (want != want and c.lower() == "nan"))
    else:
        ok = c == str(want)
    if ok:
        res["layouts_ok"] += 1
    else:
        res["layouts_bad"] += 1
        fail(f"{what}: ctypes {want}, C {c}")

# ---- case-specific calls
if a.calls:
    try:
        exec(compile(open(a.calls).read(), a.calls, "exec"), {"m": m, "ctypes": ctypes})
    except Exception as e:
        fail(f"{os.path.basename(a.calls)}: {type(e).__name__}: {e}")
done()
