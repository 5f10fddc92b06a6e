#!/usr/bin/env python3
"""A slow stand-in for `headerkit HEADER... FLAGS -w json -o json:TEMPLATE`, built from gcc.

Only for checking scripts/corpus-ir and scripts/bench-ir before (or besides) the real parser: it
writes JSON of the IR's shape (src/ir.rs, Header::to_json) from what gcc says about a header:

* functions from `gcc -aux-info` (parameter types are gcc's text in a `ctype`);
* typedefs (all `int`), struct/union tags (no fields), enums (one per file, values computed by
  compiling a small C program), variables, from hk_corpus's scanner of `gcc -E` output;
* macros from `gcc -dM`: a numeric literal body (`12`, `0x1fu`, `(-3)`, `1.5f`) becomes a
  constant with its value, other object-like ones a constant without value, function-like ones
  a macro_function.

Only declarations of the library's own files are kept (hk_corpus.library_files, the library
found in tests/corpus/libraries.psv, or by `dpkg -S`). Locations have the real file; lines are
exact for functions only.

HK_STANDIN_BREAK=WHAT fakes one bug (for `scripts/corpus-ir --self-test`): crash, drop-function,
param-count, void-param, variadic, leak-file, leak-name, leak-tag, no-location, enum-value, macro-value,
macro-type, float-value, fake-constant. When there is nothing to break (no enum, say) it
fails with `nothing to break`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hk_corpus as hk  # noqa: E402
import hk_ir  # noqa: E402

_INT = re.compile(r"(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)\Z")
_FLT = re.compile(r"([0-9]*\.[0-9]+(?:[eE][-+]?[0-9]+)?|[0-9]+\.(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+"
                  r"|0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*[pP][-+]?[0-9]+)([fFlL]?)\Z")


def literal_value(body: tuple[str, ...]):
    """The value of a macro body that is one numeric literal, maybe in parentheses, a decimal one
    maybe negated; None for anything else."""
    toks = list(body)
    while len(toks) >= 3 and toks[0] == "(" and toks[-1] == ")":
        toks = toks[1:-1]
    neg = False
    if len(toks) == 2 and toks[0] == "-":
        neg, toks = True, toks[1:]
    if len(toks) != 1:
        return None
    t = toks[0]
    m = _INT.match(t)
    if m:
        digits = m.group(1)
        if neg and not re.fullmatch(r"[1-9][0-9]*", digits):
            return None  # -0x80000000 is unsigned in C
        if digits[:2] in ("0x", "0X"):
            v = int(digits, 16)
        elif digits[:2] in ("0b", "0B"):
            v = int(digits[2:], 2)
        elif digits.startswith("0"):
            v = int(digits, 8)
        else:
            v = int(digits)
        return -v if neg else v
    m = _FLT.match(t)
    if m:
        text = m.group(1)
        v = float.fromhex(text) if text[:2] in ("0x", "0X") else float(text)
        return -v if neg else v
    return None


def find_library(header: str, flags: list[str]) -> hk.Library:
    real = os.path.realpath(header)
    for lib in hk.load():
        h = hk.find_header(lib)
        if h and os.path.realpath(h) == real:
            return lib
    out = subprocess.run(["dpkg", "-S", real], capture_output=True, text=True)
    package = out.stdout.split(":", 1)[0] if out.returncode == 0 else ""
    return hk.Library(name=Path(header).stem, package=package, prelude=[], include=Path(header).name,
                      flags=flags, link="")


def loc(file: str, line: int = 1) -> dict:
    return {"file": file, "line": line}


def ctype(name: str) -> dict:
    return {"kind": "ctype", "name": name}


def enum_values(names: list[str], args: list[str], header: str) -> dict[str, int]:
    """name -> value of enumeration constants, by compiling and running a C program."""
    names = list(names)
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = Path(tmp) / "e.c", Path(tmp) / "e"
        for _ in range(6):
            lines = [f'#include "{header}"', "#include <stdio.h>", "int main(void) {"]
            first = len(lines) + 1
            lines += [f'if (({n}) < 0) printf("%lld\\n", (long long)({n})); else printf("%llu\\n", '
                      f'(unsigned long long)({n}));' for n in names]
            lines += ["return 0; }"]
            src.write_text("\n".join(lines) + "\n")
            p = subprocess.run(["gcc", "-w", "-ftrack-macro-expansion=0", "-fmax-errors=0", *args, str(src),
                                "-o", str(exe)], capture_output=True, text=True)
            if p.returncode == 0:
                break
            bad = {int(m.group(1)) - first for m in re.finditer(re.escape(str(src)) + r":(\d+):\d+: error", p.stderr)}
            if not bad:
                return {}
            names = [n for i, n in enumerate(names) if i not in bad]
        else:
            return {}
        out = subprocess.run([str(exe)], capture_output=True, text=True).stdout.split()
    return {n: int(v) for n, v in zip(names, out)}


def standin(header: str, args: list[str], flags: list[str]) -> dict:
    lib = find_library(header, flags)
    own = hk.library_files(lib, header)
    text = subprocess.run(["gcc", "-E", "-x", "c", *args, header], capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        aux = Path(tmp) / "aux"
        subprocess.run(["gcc", "-fsyntax-only", "-w", "-aux-info", str(aux), "-x", "cpp-output", "-"],
                       input=text, capture_output=True, check=True)
        protos = hk_ir.aux_prototypes(aux.read_text(encoding="latin-1"))
    toks = [t for t in hk.tokens_by_file(text) if t[1] in own]
    d = hk.scan_declarations(toks)
    decls: list[dict] = []
    for name, ps in protos.items():
        p = next((p for p in ps if p.file in own), None)
        if p is None:
            continue
        decls.append({"kind": "function", "name": name, "return_type": ctype("int"),
                      "parameters": [{"type": ctype(f"param{i}")} for i in range(p.params)],
                      "is_variadic": p.variadic, **({"has_prototype": False} if p.knr else {}),
                      "location": loc(p.file, p.line)})
    for name, f in d.typedefs.items():
        decls.append({"kind": "typedef", "name": name, "underlying_type": ctype("int"), "location": loc(f)})
    for key, f in d.tags.items():
        kind, name = key.split(" ", 1)
        if kind != "enum":
            decls.append({"kind": kind, "name": name, "fields": [], "location": loc(f)})
    values = enum_values(list(d.enumerators), args, header)
    by_file: dict[str, list] = {}
    for name, f in d.enumerators.items():
        if name in values:
            by_file.setdefault(f, []).append({"name": name, "value": values[name]})
    for f, vals in by_file.items():
        decls.append({"kind": "enum", "name": None, "values": vals, "location": loc(f)})
    for name, f in hk_ir.scan_variables(toks).items():
        decls.append({"kind": "variable", "name": name, "type": ctype("int"), "location": loc(f)})

    dm = hk.parse_macros(subprocess.run(["gcc", "-dM", "-E", "-x", "c", *args, header],
                                        capture_output=True, check=True).stdout.decode("latin-1"))
    pre = hk.parse_macros(subprocess.run(["gcc", "-dM", "-E", "-x", "c", *flags, os.devnull],
                                         capture_output=True, check=True).stdout.decode("latin-1"))
    where: dict[str, str] = {}
    for f in sorted(own):
        try:
            for m in hk._DEFINED_NAME.finditer(Path(f).read_bytes()):
                where.setdefault(m.group(1).decode("latin-1"), f)
        except OSError:
            pass
    for name, (params, body) in dm.items():
        if name not in where or dm[name] == pre.get(name):
            continue
        if params is None:
            c = {"kind": "constant", "name": name}
            v = literal_value(body)
            if v is not None:
                c["value"] = v
            c.update({"is_macro": True, "raw_expression": " ".join(body), "location": loc(where[name])})
        else:
            c = {"kind": "macro_function", "name": name, "parameters": [{"name": p} for p in params],
                 "is_variadic": bool(params) and params[-1].endswith("..."), "body": " ".join(body),
                 "location": loc(where[name])}
        decls.append(c)
    brk = os.environ.get("HK_STANDIN_BREAK", "")
    if brk:
        breakage(brk, decls, header, text, own)
    return {"path": header, "declarations": decls,
            "included_headers": sorted({t[1] for t in hk.tokens_by_file(text)}), "target": "x86_64-unknown-linux-gnu"}


def breakage(brk: str, decls: list[dict], header: str, text: bytes, own: set[str]) -> None:
    def first(pred):
        found = next((x for x in sorted(decls, key=lambda x: str(x.get("name"))) if pred(x)), None)
        if found is None:
            sys.exit(f"hk_ir_standin: HK_STANDIN_BREAK={brk}: nothing to break in {header}")
        return found

    here = loc(os.path.realpath(header))
    if brk == "crash":
        sys.exit(f"{header}:1:1: error: told to crash (HK_STANDIN_BREAK=crash)")
    elif brk == "drop-function":
        decls.remove(first(lambda x: x["kind"] == "function"))
    elif brk == "param-count":
        first(lambda x: x["kind"] == "function" and x["parameters"])["parameters"].append({"type": ctype("int")})
    elif brk == "void-param":
        first(lambda x: x["kind"] == "function" and not x["parameters"] and x.get("has_prototype", True)
              )["parameters"] = [{"type": ctype("void")}]
    elif brk == "variadic":
        f = first(lambda x: x["kind"] == "function")
        f["is_variadic"] = not f["is_variadic"]
    elif brk == "leak-file":
        decls.append({"kind": "function", "name": "hk_leaked", "return_type": ctype("int"), "parameters": [],
                      "is_variadic": False, "location": loc("/usr/include/stdio.h", 1)})
    elif brk == "leak-name":
        decls.append({"kind": "typedef", "name": "size_t", "underlying_type": ctype("unsigned long"),
                      "location": here})
    elif brk == "leak-tag":
        sys_tags = hk.scan_declarations([t for t in hk.tokens_by_file(text) if t[1] not in own]).tags
        kind, name = sorted(k for k in sys_tags if not k.startswith("enum"))[0].split(" ", 1)
        decls.append({"kind": kind, "name": name, "fields": [], "location": here})
    elif brk == "no-location":
        del first(lambda x: x["kind"] == "typedef")["location"]
    elif brk == "enum-value":
        first(lambda x: x["kind"] == "enum" and x["values"])["values"][0]["value"] += 1
    elif brk == "macro-value":
        first(lambda x: x["kind"] == "constant" and isinstance(x.get("value"), int))["value"] += 1
    elif brk == "macro-type":
        c = first(lambda x: x["kind"] == "constant" and isinstance(x.get("value"), int))
        c["value"] = float(c["value"])
    elif brk == "float-value":
        c = first(lambda x: x["kind"] == "constant" and isinstance(x.get("value"), float))
        c["value"] *= 1 + 1e-6
    elif brk == "fake-constant":
        decls.append({"kind": "constant", "name": "HK_NO_SUCH_NAME", "value": 1, "is_macro": True,
                      "location": here})
    else:
        sys.exit(f"hk_ir_standin: unknown HK_STANDIN_BREAK={brk}")


def main(argv: list[str]) -> int:
    headers, args, flags, writer, template = [], [], [], None, None
    it = iter(argv)
    for a in it:
        if a in ("-I", "-D", "-U", "-include"):
            v = next(it)
            args += [a, v]
            if a != "-include":
                flags += [a, v]
        elif a[:2] in ("-I", "-D", "-U"):
            args.append(a)
            flags.append(a)
        elif a == "-w":
            writer = next(it)
        elif a == "-o":
            template = next(it)
        elif a.startswith("-"):
            print(f"hk_ir_standin: unknown option {a}", file=sys.stderr)
            return 2
        else:
            headers.append(a)
    if writer != "json" or not headers:
        print("usage: hk_ir_standin.py HEADER... [-I DIR] [-D X] [-include F] -w json [-o json:TEMPLATE]",
              file=sys.stderr)
        return 2
    for h in headers:
        try:
            doc = standin(h, args, flags)
        except subprocess.CalledProcessError as e:
            print(f"{h}: error: {e.stderr.decode(errors='replace')[:300]}", file=sys.stderr)
            return 1
        data = json.dumps(doc, indent=2)
        if template is None:
            print(data)
            continue
        path = template.split(":", 1)[1].format(stem=Path(h).stem, name=Path(h).name, dir=str(Path(h).parent))
        Path(path).write_text(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
