#!/usr/bin/env python3
"""Checks a LuaJIT FFI module as a LuaJIT user would: scripts/corpus-lua and
tests/grammar_lua.rs run it.

usage: hk_lua_check.py MODULE.lua IR.json SOURCE_LINES (--lib NAME | --stub | --impl FILE.c)
                       [--test FILE.lua] [-I DIR]... [-D NAME[=V]]...

MODULE.lua is the `-w lua` output, IR.json the same header's `-w json` output with
`--writer-opt json:dependencies=true`, SOURCE_LINES the C text a program needs to see the
header (its #include and anything it needs first).

Steps:
1. The C compiler measures every struct and union of the IR (in scope and dependencies): size,
   alignment, the bit offset of every member reachable by name (members of anonymous members
   included), and each bit-field's place and width (a generated program sets it to all ones).
2. The library: --lib NAME is the installed library (libNAME.so, as `gcc -lNAME` finds it);
   --stub builds one defining every function and variable the header declares (empty bodies);
   --impl builds FILE.c.
3. luajit requires the module (with M.lib_name set to that library), loads a second copy of it
   (two modules sharing types must load side by side), and reports ffi.sizeof/ffi.alignof/
   ffi.offsetof of every record and member, and whether M.lib[name] resolves for every function
   and variable; then runs --test FILE.lua, called with the module table.
4. Verdict. A record or member LuaJIT lacks is an error unless the module names it in a
   `/* skipped: ... */` comment (records of dependencies the module does not use are not
   checked); every number must equal the compiler's. A function or variable must resolve,
   unless the module skipped it, or the library does not export the symbol (`nm -D`): that is
   reported (`not_exported`), not counted as an error, since the header declares what the
   library lacks.

Prints one JSON line; exit status 0 when everything checked agrees.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser()
ap.add_argument("module")
ap.add_argument("ir")
ap.add_argument("source")
g = ap.add_mutually_exclusive_group(required=True)
g.add_argument("--lib")
g.add_argument("--stub", action="store_true")
g.add_argument("--impl")
ap.add_argument("--test")
ap.add_argument("-I", dest="incs", action="append", default=[])
ap.add_argument("-D", dest="defs", action="append", default=[])
ap.add_argument("--cc", default=os.environ.get("CC", "gcc"))
ap.add_argument("--luajit", default=os.environ.get("LUAJIT", "luajit"))
a = ap.parse_args()

res = {"loaded": False, "records": 0, "layouts_ok": 0, "layouts_bad": 0, "fields": 0,
       "symbols": 0, "resolved": 0, "skipped": 0, "not_exported": [], "errors": [],
       "error": None}


def done(code):
    if res["errors"] and not res["error"]:
        res["error"] = "; ".join(res["errors"][:5])
    print(json.dumps(res))
    sys.exit(code)


def fail(msg):
    res["errors"].append(msg)


cflags = [f"-I{d}" for d in a.incs] + [f"-D{d}" for d in a.defs]
module_text = open(a.module, encoding="utf-8", errors="replace").read()
skipped_text = "\n".join(re.findall(r"(?:/\* |^-- )skipped: ([^*\n]*)", module_text, re.M))
ir = json.load(open(a.ir))
tmp = tempfile.mkdtemp(prefix="hk-lua-")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


# ------------------------------------------------------------------------------------------
# 1. What the compiler says

records = []  # (spelling, in_scope, [(member, is_bitfield)], names it goes by in comments)


def members(fields, out):
    for f in fields:
        anon = f.get("anonymous_struct")
        if f.get("name"):
            out.append((f["name"], f.get("bit_width") is not None))
        elif anon and f.get("bit_width") is None:
            members(anon.get("fields", []), out)
    return out


seen = set()
for section, in_scope in (("declarations", True), ("dependencies", False)):
    for d in ir.get(section, []):
        if d.get("kind") not in ("struct", "union") or not d.get("name") or d.get("is_opaque"):
            continue
        spelling = d["name"] if d.get("is_typedef") else f'{d["kind"]} {d["name"]}'
        if spelling in seen:
            continue
        seen.add(spelling)
        records.append((spelling, in_scope, members(d.get("fields", []), []), d["name"]))

prog = [f"#define {k} {v or '1'}" for k, _, v in (x.partition("=") for x in a.defs)]
prog += [a.source, "#include <stdio.h>", "#include <string.h>", "#include <stddef.h>",
         "static void bits(const char *t, const char *m, const unsigned char *p, size_t n) {",
         "  size_t first = (size_t)-1, count = 0;",
         "  for (size_t i = 0; i < n * 8; i++) if (p[i / 8] >> (i % 8) & 1) { if (first == (size_t)-1) first = i; count++; }",
         '  printf("F\\t%s\\t%s\\t%zu\\t%zu\\n", t, m, first, count);',
         "}",
         "int main(void) {"]
for spelling, _, mems, name in records:
    guard = spelling.split()[-1]
    prog.append(f"#if !defined({guard})")
    prog.append(f'  printf("S\\t%s\\t%zu\\t%zu\\n", "{spelling}", sizeof({spelling}), '
                f"(size_t)_Alignof({spelling}));")
    for m, bitfield in mems:
        prog.append(f"#if !defined({m})")
        if bitfield:
            prog.append(f"  {{ {spelling} v; memset(&v, 0, sizeof v); v.{m} = -1; "
                        f'bits("{spelling}", "{m}", (const unsigned char *)&v, sizeof v); }}')
        else:
            prog.append(f'  printf("F\\t%s\\t%s\\t%zu\\t0\\n", "{spelling}", "{m}", '
                        f"offsetof({spelling}, {m}) * 8);")
        prog.append("#endif")
    prog.append("#endif")
prog += ["  return 0;", "}"]
csrc = os.path.join(tmp, "layout.c")
open(csrc, "w").write("\n".join(prog) + "\n")
exe = os.path.join(tmp, "layout")
r = run([a.cc, "-O0", "-w", "-o", exe, csrc] + cflags)
if r.returncode != 0:
    res["error"] = "layout program does not compile: " + " | ".join(
        l for l in r.stderr.splitlines() if "error" in l)[:600]
    done(1)
c_rec, c_fld = {}, {}
for line in run([exe]).stdout.splitlines():
    p = line.split("\t")
    if p[0] == "S":
        c_rec[p[1]] = (int(p[2]), int(p[3]))
    elif p[0] == "F":
        c_fld[(p[1], p[2])] = (int(p[3]), int(p[4]))

# The values of the integer, floating and string constants and of the enumerators, printed by
# a second program (a macro the compiler cannot evaluate alone fails only this part).
consts = []  # (name, kind: i/u/f/s)
for d in ir.get("declarations", []):
    k = d.get("kind")
    if k == "constant" and d.get("value") is not None:
        v = d["value"]
        if isinstance(v, bool):
            continue
        if isinstance(v, int):
            if -(1 << 63) <= v < (1 << 64):
                consts.append((d["name"], "i" if v < 0 else "u"))
        elif isinstance(v, float):
            consts.append((d["name"], "f"))
        elif isinstance(v, str) and v.startswith(("\"", "u8\"")):
            consts.append((d["name"], "s"))
    values = list(d.get("values", [])) if k == "enum" else []

    def inline(fields):
        for f in fields:
            if f.get("anonymous_enum"):
                values.extend(f["anonymous_enum"].get("values", []))
            if f.get("anonymous_struct"):
                inline(f["anonymous_struct"].get("fields", []))
    if k in ("struct", "union"):
        inline(d.get("fields", []))
    if k == "typedef":
        values.extend((d.get("anonymous_enum") or {}).get("values", []))
        inline((d.get("anonymous_struct") or {}).get("fields", []))
    for v in values:
        val = int(v["value"])
        if -(1 << 63) <= val < (1 << 64):
            consts.append((v["name"], "i" if val < 0 else "u"))
consts = list(dict.fromkeys(consts))
prog = [f"#define {k} {v or '1'}" for k, _, v in (x.partition("=") for x in a.defs)]
prog += [a.source, "#include <stdio.h>", "#include <string.h>", "int main(void) {"]
for name, kind in consts:
    if kind == "i":
        prog.append(f'  printf("K\\t%s\\t%lld\\n", "{name}", (long long)({name}));')
    elif kind == "u":
        prog.append(f'  printf("K\\t%s\\t%llu\\n", "{name}", (unsigned long long)({name}));')
    elif kind == "f":
        prog.append(f'  printf("K\\t%s\\t%.17g\\n", "{name}", (double)({name}));')
    else:
        prog.append(f'  {{ const unsigned char *p = (const unsigned char *)({name}); '
                    f'printf("K\\t%s\\t", "{name}"); '
                    f'for (size_t i = 0; i < strlen((const char *)p); i++) printf("%02x", p[i]); '
                    f'printf("\\n"); }}')
prog += ["  return 0;", "}"]
ksrc = os.path.join(tmp, "consts.c")
open(ksrc, "w").write("\n".join(prog) + "\n")
kexe = os.path.join(tmp, "consts")
r = run([a.cc, "-O0", "-w", "-o", kexe, ksrc] + cflags)
if r.returncode != 0:
    res["error"] = "constants program does not compile: " + " | ".join(
        l for l in r.stderr.splitlines() if "error" in l)[:600]
    done(1)
c_const = {}
for line in run([kexe]).stdout.splitlines():
    p = line.split("\t")
    if p[0] == "K":
        c_const[p[1]] = p[2] if len(p) > 2 else ""

# ------------------------------------------------------------------------------------------
# 2. The library

symbols = []  # (name as declared, symbol, kind)
for d in ir.get("declarations", []):
    if d.get("kind") == "function" and not d.get("is_static"):
        symbols.append((d["name"], d.get("asm_name") or d["name"], "function"))
    elif (d.get("kind") == "variable" and not d.get("is_static")
          and not d.get("is_thread_local")):
        symbols.append((d["name"], d.get("asm_name") or d["name"], "variable"))
symbols = list(dict.fromkeys(symbols))

if a.lib:
    r = run([a.cc, f"-print-file-name=lib{a.lib}.so"])
    libpath = os.path.realpath(r.stdout.strip())
    if not os.path.isfile(libpath):
        res["error"] = f"lib{a.lib}.so not found"
        done(1)
else:
    if a.impl:
        lsrc = a.impl
    else:
        lsrc = os.path.join(tmp, "stub.c")
        with open(lsrc, "w") as f:
            for _, sym, kind in symbols:
                if kind == "function":
                    f.write(f"void {sym}(void) {{}}\n")
                else:
                    f.write(f"char {sym}[256];\n")
    libpath = os.path.join(tmp, "libcase.so")
    r = run([a.cc, "-shared", "-fPIC", "-O0", "-w", "-o", libpath, lsrc] + cflags)
    if r.returncode != 0:
        res["error"] = "library does not build: " + r.stderr[:600]
        done(1)
exported = set()
r = run(["nm", "-D", "--defined-only", libpath])
for line in r.stdout.splitlines():
    parts = line.split()
    if parts:
        exported.add(parts[-1].split("@")[0])

# ------------------------------------------------------------------------------------------
# 3. What LuaJIT says


def lstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


moddir, modfile = os.path.split(os.path.abspath(a.module))
modname = modfile[:-4] if modfile.endswith(".lua") else modfile
lua = [
    'local ffi = require("ffi")',
    f"package.path = {lstr(moddir + '/?.lua;')} .. package.path",
    f"local ok, M = pcall(require, {lstr(modname)})",
    'if not ok then print("E\\tload\\t" .. tostring(M):gsub("\\n", " ")) os.exit(0) end',
    'print("L")',
    f"M.lib_name = {lstr(libpath)}",
    f"local ok2, err2 = pcall(dofile, {lstr(os.path.abspath(a.module))})",
    'if not ok2 then print("E\\treload\\t" .. tostring(err2):gsub("\\n", " ")) end',
    "local function index(t, k) return t[k] end",
    "local function rec(t, ms)",
    "  local ok, size = pcall(ffi.sizeof, t)",
    '  if not ok or size == nil then print("S\\t" .. t .. "\\tMISSING") return end',
    '  print("S\\t" .. t .. "\\t" .. size .. "\\t" .. ffi.alignof(t))',
    "  for _, m in ipairs(ms) do",
    "    local ok, ofs, bpos, bsize = pcall(ffi.offsetof, t, m)",
    "    if not ok or ofs == nil then",
    '      print("F\\t" .. t .. "\\t" .. m .. "\\tMISSING")',
    "    else",
    '      print("F\\t" .. t .. "\\t" .. m .. "\\t" .. (ofs * 8 + (bpos or 0)) .. "\\t" .. (bsize or 0))',
    "    end",
    "  end",
    "end",
]
for spelling, _, mems, _ in records:
    lua.append(f"rec({lstr(spelling)}, {{{', '.join(lstr(m) for m, _ in mems)}}})")
lua += [
    "local function sym(n)",
    "  local ok, err = pcall(function() return M.lib[n] end)",
    '  print("Y\\t" .. n .. "\\t" .. (ok and "OK" or tostring(err):gsub("\\n", " ")))',
    "end",
]
for name, _, _ in symbols:
    lua.append(f"sym({lstr(name)})")
lua += [
    "local function const(n, kind)",
    "  local ok, v",
    '  if n == "ffi" or n == "lib" or n == "lib_name" or n == "load" then',
    "    ok, v = pcall(index, M.lib, n)  -- the module's own fields hide these",
    "  else ok, v = pcall(index, M, n) end",
    '  if not ok then print("K\\t" .. n .. "\\tMISSING") return end',
    "  local s",
    '  if kind == "f" then s = string.format("%.17g", v)',
    '  elseif kind == "s" then s = (tostring(v):gsub(".", function(c) return string.format("%02x", c:byte()) end))',
    '  elseif type(v) == "number" then s = string.format("%d", v)',
    '  else s = (tostring(v):gsub("U?LL$", "")) end',
    '  print("K\\t" .. n .. "\\t" .. s)',
    "end",
]
for name, kind in consts:
    lua.append(f"const({lstr(name)}, {lstr(kind)})")
if a.test:
    lua += [f"local t = assert(loadfile({lstr(os.path.abspath(a.test))}))",
            "local okt, errt = pcall(t, M, ffi)",
            'print("T\\t" .. (okt and "OK" or tostring(errt):gsub("\\n", " ")))']
lsrc = os.path.join(tmp, "check.lua")
open(lsrc, "w").write("\n".join(lua) + "\n")
r = run([a.luajit, lsrc])
if r.returncode != 0:
    res["error"] = "luajit: " + (r.stderr.strip().splitlines() or ["?"])[-1][:400]
    done(1)

lj_rec, lj_fld, lj_sym, lj_const, test = {}, {}, {}, {}, None
for line in r.stdout.splitlines():
    p = line.split("\t")
    if p[0] == "E":
        res["error"] = f"module {p[1]}: {p[2][:400] if len(p) > 2 else ''}"
        done(1)
    elif p[0] == "L":
        res["loaded"] = True
    elif p[0] == "S":
        lj_rec[p[1]] = None if p[2] == "MISSING" else (int(p[2]), int(p[3]))
    elif p[0] == "F":
        lj_fld[(p[1], p[2])] = None if p[3] == "MISSING" else (int(p[3]), int(p[4]))
    elif p[0] == "Y":
        lj_sym[p[1]] = p[2]
    elif p[0] == "T":
        test = p[1]
    elif p[0] == "K":
        lj_const[p[1]] = p[2] if len(p) > 2 else ""

# ------------------------------------------------------------------------------------------
# 4. Verdict


def mentioned(*names):
    return any(re.search(r"(^|\W)" + re.escape(n) + r"(:|\W)", skipped_text) for n in names)


for spelling, in_scope, mems, name in records:
    if spelling not in c_rec:
        continue  # a macro of that name hides it from the compiler
    got = lj_rec.get(spelling)
    if got is None:
        if in_scope and not mentioned(spelling, f"typedef {name}"):
            fail(f"{spelling}: not declared, and not skipped")
        elif in_scope:
            res["skipped"] += 1
        continue
    res["records"] += 1
    bad = []
    if got != c_rec[spelling]:
        bad.append(f"size/align {got} != {c_rec[spelling]}")
    for m, bitfield in mems:
        c = c_fld.get((spelling, m))
        if c is None:
            continue
        lj = lj_fld.get((spelling, m))
        if lj is None:
            if not mentioned(m):
                bad.append(f"member {m} missing")
            continue
        res["fields"] += 1
        if (bitfield and lj != c) or (not bitfield and lj[0] != c[0]):
            bad.append(f"{m} at bit {lj} != {c}")
    if bad:
        res["layouts_bad"] += 1
        fail(f"{spelling}: " + ", ".join(bad[:3]))
    else:
        res["layouts_ok"] += 1

for name, symbol, kind in symbols:
    res["symbols"] += 1
    st = lj_sym.get(name, "not checked")
    if st == "OK" or (kind == "variable" and "cannot convert" in st):
        # (a long double variable resolves, but LuaJIT cannot read it as a Lua number)
        res["resolved"] += 1
    elif "missing declaration" in st:
        if mentioned(f"{kind} {name}"):
            res["skipped"] += 1
        else:
            fail(f"{kind} {name}: not declared, and not skipped")
    elif "undefined symbol" in st and symbol not in exported:
        res["not_exported"].append(name)
    else:
        fail(f"{kind} {name}: {st[:200]}")

res["constants"] = 0
for name, kind in consts:
    if name not in c_const:
        continue
    got = lj_const.get(name, "MISSING")
    if got == "MISSING":
        if mentioned(f"constant {name}"):
            res["skipped"] += 1
        else:
            fail(f"constant {name}: missing, and not skipped")
    elif got != c_const[name]:
        fail(f"constant {name}: {got} != {c_const[name]}")
    else:
        res["constants"] += 1

if a.test and test != "OK":
    fail(f"test {os.path.basename(a.test)}: {test}")

shutil.rmtree(tmp, ignore_errors=True)
done(0 if res["loaded"] and not res["errors"] else 1)
