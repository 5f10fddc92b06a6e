#!/usr/bin/env python3
"""Checks a .pxd as a Cython user would: scripts/corpus-cython and tests/grammar_cython.rs run it.

usage: hk_cython_check.py PXD [--lib NAME]... [-I DIR]... [-D NAME[=V]]... [--include H]...
                          [--cimport-dir DIR]... [--stub-symbols] [--keep DIR]

The .pxd (written by headerkit's cython writer) is read back declaration by declaration, and a
.pyx is generated that cimports it and uses every declaration:

* each function is assigned to a function pointer declared with the .pxd's own signature, so
  the C compiler compares that signature with the real header's (-Werror=incompatible-pointer-
  types); the address of each global is taken the same way, and each integer global is read;
* sizeof of each struct, union, enum and complete typedef; a pointer to every other typedef;
* each member of each struct and union: its address assigned to a pointer of the member's
  declared type (a bit-field is read instead);
* each enumerator and macro constant is read into a Python object.

The .pyx is cythonized, compiled with gcc (-O0) against the real header (-I/-D/--include as
the header needs) and linked with --lib; a symbol the libraries do not define is given the
address 0 with --defsym and reported (--stub-symbols: no library, every such symbol is stubbed
and globals are not read); then the module is imported, which runs the sizeof, address and
constant uses. Prints one JSON line; exit status 0 when the module imported.
"""
import argparse
import ctypes
import ctypes.util
import glob
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import uuid

ARITH = {
    "char", "signed char", "unsigned char", "short", "unsigned short", "int", "unsigned int",
    "long", "unsigned long", "long long", "unsigned long long", "float", "double",
    "long double", "size_t", "ssize_t", "ptrdiff_t", "bint", "bool",
} | {f"{p}int{n}_t" for p in ("", "u") for n in (8, 16, 32, 64)} | {
    f"{p}int_{k}{n}_t" for p in ("", "u") for k in ("least", "fast") for n in (8, 16, 32, 64)
} | {"intptr_t", "uintptr_t", "intmax_t", "uintmax_t"}
TYPE_WORDS = {"const", "volatile", "signed", "unsigned", "short", "long", "char", "int",
              "float", "double", "void", "complex", "bint", "size_t", "ssize_t", "ptrdiff_t",
              "Py_ssize_t"}
PRIMITIVE = TYPE_WORDS - {"const", "volatile", "complex"}


class Decl:
    """One top-level declaration of the .pxd's extern blocks."""

    def __init__(self, kind, name, text="", members=None, complete=True, form=""):
        self.kind = kind  # record, enum, typedef, function, variable, constant
        self.name = name  # Cython name
        self.text = text  # the declaration as written (C name strings removed)
        self.members = members or []  # record: [(name, text, is_bitfield)]; enum: [name]
        self.complete = complete
        self.form = form  # constant: "enum" or the declared type text


def strip_comment(line):
    out, quoted = [], False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        if ch == "#" and not quoted:
            break
        out.append(ch)
    return "".join(out).rstrip()


TOKEN = re.compile(r'"[^"]*"|[A-Za-z_][A-Za-z0-9_]*|\d+|\.\.\.|\S')


def split_decl(text):
    """(base tokens, index of the declared name, tokens) of a C declaration in .pxd form."""
    toks = TOKEN.findall(text)
    i, seen_primitive, seen_named = 0, False, False
    while i < len(toks):
        t = toks[i]
        if t in TYPE_WORDS:
            seen_primitive |= t in PRIMITIVE
            i += 1
        elif re.match(r"[A-Za-z_]", t) and not seen_primitive and not seen_named:
            seen_named = True  # a type name
            i += 1
        else:
            break
    j = i
    while j < len(toks) and not re.match(r"[A-Za-z_]", toks[j]):
        j += 1
    while j < len(toks) and toks[j] in ("const", "volatile"):
        j += 1
        while j < len(toks) and not re.match(r"[A-Za-z_]", toks[j]):
            j += 1
    return toks[:i], j, toks


def decl_name(text):
    _, j, toks = split_decl(text)
    return toks[j] if j < len(toks) else None


def retarget(text, new):
    """`text` with its declared name (and C name string) replaced by `(*new)`: the
    declaration of a pointer to what `text` declares."""
    _, j, toks = split_decl(text)
    rest = toks[j + 1:]
    if rest and rest[0].startswith('"'):
        rest = rest[1:]
    return " ".join(toks[:j] + ["(*" + new + ")"] + rest)


def is_function(text):
    _, j, toks = split_decl(text)
    rest = [t for t in toks[j + 1:] if not t.startswith('"')]
    return bool(rest) and rest[0] == "("


def drop_cnames(text):
    return re.sub(r'\s*"[^"]*"', "", text)


def parse_pxd(src):
    """The declarations of the extern blocks and the .pxd's cimport lines."""
    decls, cimports = [], []
    cur = None
    in_block = False
    open_paren = False
    in_constants = False  # after the "# macro constants" line of a block
    for raw in src.splitlines():
        if raw.strip() == "# macro constants":
            in_constants = True
        line = strip_comment(raw)
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        s = line.strip()
        if open_paren:  # inside `from X cimport (...)`
            cimports[-1] += " " + s
            open_paren = ")" not in s
            continue
        if indent == 0:
            cur = None
            in_block = s.startswith("cdef extern from")
            in_constants = False
            if s.startswith("from ") or s.startswith("cimport "):
                cimports.append(s)
                open_paren = "(" in s and ")" not in s
            continue
        if not in_block:
            continue
        if indent >= 8 and cur is not None:
            bit = "# bit-field" in raw
            if s == "pass":
                continue
            if cur.kind == "enum":
                cur.members.append(s.split()[0])
            else:
                cur.members.append((decl_name(s), drop_cnames(s), bit))
            continue
        cur = None
        m = re.match(r'(cdef|ctypedef) (struct|union|enum)\s*(\w*)\s*("[^"]*")?\s*(:?)$', s)
        if m:
            kind = "enum" if m.group(2) == "enum" else "record"
            name = m.group(3) or None
            d = Decl(kind, name, complete=bool(m.group(5)))
            decls.append(d)
            if m.group(5):
                cur = d
            continue
        m = re.match(r'enum: (\w+)', s)
        if m:
            decls.append(Decl("constant", m.group(1), form="enum"))
            continue
        if s.startswith("ctypedef "):
            text = drop_cnames(s[len("ctypedef "):])
            decls.append(Decl("typedef", decl_name(text), text))
            continue
        text = drop_cnames(s)
        if in_constants:
            base, j, toks = split_decl(text)
            decls.append(Decl("constant", toks[j], text, form=" ".join(toks[:j])))
            continue
        decls.append(Decl("function" if is_function(text) else "variable", decl_name(text), text))
    # a forward declaration completed later
    bodies = {d.name for d in decls if d.kind == "record" and d.complete}
    for d in decls:
        if d.kind == "record" and not d.complete and d.name in bodies:
            d.kind = "forward"
    return decls, cimports


def arithmetic_names(decls):
    names = set(ARITH)
    changed = True
    while changed:
        changed = False
        for d in decls:
            if d.kind == "typedef" and d.name not in names:
                base, j, toks = split_decl(d.text)
                plain = [t for t in base if t not in ("const", "volatile")]
                if toks[j + 1:] == [] and toks[len(base):j] == [] and plain and (
                        set(plain) <= PRIMITIVE - {"void"} or " ".join(plain) in names):
                    names.add(d.name)
                    changed = True
    return names


def complete_names(decls, arith):
    names = set(arith)
    for d in decls:
        if d.kind in ("record", "enum") and d.complete and d.name:
            names.add(d.name)
    changed = True
    while changed:
        changed = False
        for d in decls:
            if d.kind == "typedef" and d.name not in names and not is_function(d.text):
                base, j, toks = split_decl(d.text)
                plain = " ".join(t for t in base if t not in ("const", "volatile"))
                if "*" in toks[len(base):] or (plain in names and "[]" not in "".join(toks)):
                    names.add(d.name)
                    changed = True
    return names


def readable(text, arith):
    """Whether the object `text` declares converts to a Python object: a number, or a
    `char*` string."""
    base, j, toks = split_decl(text)
    plain = " ".join(t for t in base if t not in ("const", "volatile"))
    between = [t for t in toks[len(base):j] if t not in ("const", "volatile")]
    if toks[j + 1:]:
        return False
    return (not between and plain in arith) or (between == ["*"] and plain == "char")


def make_pyx(decls, cimports, module, read_globals):
    arith = arithmetic_names(decls)
    complete = complete_names(decls, arith)
    top, fields, gread, values = [], [], [], []
    counts = {"functions": 0, "records": 0, "fields": 0, "enums": 0, "enumerators": 0,
              "typedefs": 0, "constants": 0, "globals": 0}
    for n, d in enumerate(decls):
        if d.kind == "forward":
            continue
        if d.kind == "record":
            if d.name is None:
                continue
            counts["records"] += 1
            fields.append(f"    cdef {d.name}* r{n} = NULL")
            if d.complete:
                top.append(f"hk_n += sizeof({d.name})")
            for k, (fname, ftext, bit) in enumerate(d.members):
                counts["fields"] += 1
                if bit:
                    fields.append(f"    hk_o.append(r{n}.{fname})")
                else:
                    fields.append(f"    cdef {retarget(ftext, f'f{n}_{k}')}")
                    fields.append(f"    f{n}_{k} = &r{n}.{fname}")
        elif d.kind == "enum":
            if d.name:
                counts["enums"] += 1
                top.append(f"hk_n += sizeof({d.name})")
            for m in d.members:
                counts["enumerators"] += 1
                values.append(m)
        elif d.kind == "typedef":
            counts["typedefs"] += 1
            fields.append(f"    cdef {d.name}* t{n} = NULL")
            if d.name in complete:
                top.append(f"hk_n += sizeof({d.name})")
        elif d.kind == "constant":
            counts["constants"] += 1
            if d.form == "enum" or readable(d.text, arith):
                values.append(d.name)
            else:
                values.append(f"<size_t><const void*>{d.name}")
        elif d.kind == "function":
            counts["functions"] += 1
            top.append(f"cdef {retarget(d.text, f'hk_f{n}')}")
            top.append(f"hk_f{n} = {d.name}")
        elif d.kind == "variable":
            counts["globals"] += 1
            top.append(f"cdef {retarget(d.text, f'hk_g{n}')}")
            top.append(f"hk_g{n} = &{d.name}")
            base, j, toks = split_decl(d.text)
            plain = " ".join(t for t in base if t not in ("const", "volatile"))
            rest = toks[j + 1:]
            if not rest and plain in arith and "*" not in toks[len(base):j]:
                gread.append(f"    hk_o.append({d.name})")
            elif "*" in toks[len(base):] or "[" in rest:
                gread.append(f"    hk_o.append(<size_t><const void*>{d.name})")
            else:
                gread.append(f"    hk_o.append(sizeof({d.name}))")
    # the values go to Python in tuples of 100: one statement each keeps the C code small
    for i in range(0, len(values), 100):
        top.append("hk_o.append((" + ",\n    ".join(values[i:i + 100]) + ",))")
    lines = ["# cython: language_level=3, legacy_implicit_noexcept=True, emit_code_comments=False",
             "# generated by scripts/hk_cython_check.py"]
    lines += cimports
    lines += [f"from {module} cimport *",
              "cdef size_t hk_n = 0", "cdef void* hk_p = NULL", "hk_o = []"]
    lines += top
    lines += ["def hk_uses_members():  # compiled, never run"]
    lines += fields or ["    pass"]
    lines += ["def hk_read_globals():", "    hk_o.append(0)"]
    if read_globals:
        lines += gread
    lines += ["def hk_summary():", "    return hk_n, len(hk_o)"]
    return "\n".join(lines) + "\n", counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pxd")
    ap.add_argument("--lib", action="append", default=[])
    ap.add_argument("-I", dest="incs", action="append", default=[])
    ap.add_argument("-D", dest="defs", action="append", default=[])
    ap.add_argument("--include", action="append", default=[],
                    help="a header the C compiler reads first (-include)")
    ap.add_argument("--cimport-dir", action="append", default=[],
                    help="where Cython finds the .pxd files the .pxd cimports")
    ap.add_argument("--stub-symbols", action="store_true")
    ap.add_argument("--keep", help="keep the generated files in this directory")
    a = ap.parse_args()

    res = {"parsed": False, "cythonized": False, "compiled": False, "imported": False,
           "missing_symbols": [], "error": None}

    def done(code):
        print(json.dumps(res))
        sys.exit(code)

    src = open(a.pxd).read()
    decls, cimports = parse_pxd(src)
    res["parsed"] = True
    tmp = a.keep or tempfile.mkdtemp(prefix="hkcython")
    os.makedirs(tmp, exist_ok=True)
    module = "hk_decls"
    shutil.copy(a.pxd, os.path.join(tmp, module + ".pxd"))
    mod = "_hkc_" + uuid.uuid4().hex[:10]
    pyx, counts = make_pyx(decls, cimports, module, read_globals=not a.stub_symbols)
    res.update(counts)
    with open(os.path.join(tmp, mod + ".pyx"), "w") as f:
        f.write(pyx)

    cy = subprocess.run([sys.executable, "-m", "cython", "-3"]
                        + [f"-I{d}" for d in [tmp] + a.cimport_dir]
                        + [os.path.join(tmp, mod + ".pyx"), "-o", os.path.join(tmp, mod + ".c")],
                        capture_output=True, text=True)
    if cy.returncode != 0:
        errs = [l for l in (cy.stdout + cy.stderr).splitlines()
                if re.search(r":\d+:\d+: ", l) and "noexcept" not in l]
        res["error"] = "cython: " + ("; ".join(errs[:3]) or (cy.stdout + cy.stderr)[-400:])
        done(1)
    res["cythonized"] = True

    so = os.path.join(tmp, mod + sysconfig.get_config_var("EXT_SUFFIX"))
    pyinc = sysconfig.get_paths()["include"]
    base_cmd = (["gcc", "-O0", "-shared", "-fPIC", "-DNDEBUG",
                 "-Werror=incompatible-pointer-types", "-Werror=int-conversion",
                 "-Werror=implicit-function-declaration", f"-I{pyinc}", f"-I{tmp}"]
                + [f"-I{d}" for d in a.incs] + [f"-D{d}" for d in a.defs]
                + [x for h in a.include for x in ("-include", h)]
                + [os.path.join(tmp, mod + ".c"), "-o", so]
                + [f"-l{l}" for l in a.lib])

    def build(missing):
        cmd = base_cmd + [f'-Wl,--defsym,"{x}"=0' for x in missing]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            hits = re.findall(r"\S+:\d+:\d+: error: .*|.*undefined reference.*|.*multiple definition.*|\S*ld: .*|error: .*",
                              r.stderr)
            res["error"] = "compile: " + ("; ".join(hits[:3]) if hits else r.stderr[-400:])
            done(1)

    def unresolved():
        out = subprocess.run(["nm", "-D", "--undefined-only", so], capture_output=True,
                             text=True).stdout
        handles = [ctypes.CDLL(None)]
        for lib in a.lib:
            try:
                handles.append(ctypes.CDLL(ctypes.util.find_library(lib) or f"lib{lib}.so"))
            except OSError:
                pass
        names = [l.split()[-1].split("@")[0] for l in out.splitlines()
                 if len(l.split()) == 2 and l.split()[0] == "U"]
        return [n for n in names if not any(hasattr(h, n) for h in handles)]

    build([])
    missing = unresolved()
    if missing:
        build(missing)
    res["compiled"] = True
    res["missing_symbols"] = [] if a.stub_symbols else missing
    res["stubbed"] = len(missing) if a.stub_symbols else 0
    sys.path.insert(0, tmp)
    try:
        m = importlib.import_module(mod)
        m.hk_read_globals()
        res["sizes"], res["values"] = m.hk_summary()
    except Exception as e:  # ImportError, or anything the module's code raised
        res["error"] = f"import: {type(e).__name__}: {str(e)[:400]}"
        done(1)
    res["imported"] = True
    if not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    done(0)


if __name__ == "__main__":
    main()
