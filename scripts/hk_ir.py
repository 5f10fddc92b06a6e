"""Helpers for scripts/corpus-ir: what gcc says a corpus header declares, and the IR JSON.

Python 3 standard library only. Builds on hk_corpus (the corpus list, the library's own files,
the declaration scanner of preprocessed C).

* `gcc_facts` runs gcc on one corpus header and collects what the IR is checked against: the
  function prototypes of the library's own files (from `gcc -aux-info`), the names declared only
  in other files (libc, compiler, other libraries), and the library's object-like macros.
* `ir_*` functions read the JSON that `headerkit HEADER -w json` writes.
* `evaluate` compiles and runs one C program that prints the value of each given name, the
  compiler's answer for enum constants and macro constants.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import hk_corpus as hk

TIMEOUT = int(os.environ.get("TIMEOUT", "300"))


def run(cmd, stdin: bytes | None = None, cwd=None, env: dict | None = None):
    """(exit code, stdout, stderr); a command that cannot start or times out gives -1.
    `env`: variables added to the environment."""
    try:
        p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=TIMEOUT, cwd=cwd,
                           env={**os.environ, **env} if env else None,
                           stdin=None if stdin is not None else subprocess.DEVNULL)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return -1, b"", f"timed out after {TIMEOUT}s".encode()
    except OSError as e:
        return -1, b"", f"cannot run {cmd[0]}: {e}".encode()


def first_error(err: bytes) -> str:
    lines = err.decode("utf-8", "replace").splitlines()
    for line in lines:
        if "error" in line.lower():
            return line.strip()[:240]
    return lines[0].strip()[:240] if lines else "(no message)"


# --------------------------------------------------------------------------------------------
# Function prototypes from gcc -aux-info


@dataclass
class Proto:
    name: str
    file: str  # real path
    line: int
    params: int  # named parameters: `(void)` and `()` are 0, `...` is not counted
    variadic: bool
    knr: bool  # declared without a prototype: `int f()`
    definition: bool  # a function body (static inline in a header)
    text: str  # the declaration as gcc prints it

    def shape(self) -> str:
        if self.knr:
            return "()"
        return f"({self.params}{', ...' if self.variadic else ''})"


def _tokens(decl: str) -> list[str]:
    return [m.group().decode("latin-1") for m in hk._TOKEN.finditer(decl.encode("latin-1", "replace"))
            if m.lastgroup != "cmt"]


def split_top(toks: list[str], sep: str = ",") -> list[list[str]]:
    """`toks` split at `sep` outside brackets (empty input: no parts)."""
    parts, cur, depth = [], [], 0
    for t in toks:
        if t in "([{":
            depth += 1
        elif t in ")]}":
            depth -= 1
        elif t == sep and depth == 0:
            parts.append(cur)
            cur = []
            continue
        cur.append(t)
    if cur or parts:
        parts.append(cur)
    return parts


def parse_aux_line(line: str) -> Proto | None:
    """One `/* file:line:NC */ extern int f (int, char *);` line of -aux-info output."""
    m = hk._AUX.match(line)
    if not m:
        return None
    path, lineno, kind, decl = m.group(1), int(m.group(2)), m.group(3), m.group(4)
    decl = decl.split(";", 1)[0]  # definitions: `...; /* (a, b) int a; int b; */`
    toks = _tokens(decl)
    names = hk.declarator_names([(t, "") for t in toks])
    if not names:
        return None
    name = names[0][0]
    # the parameter list is the parenthesis right after the name (also for `void (*f (int))(int)`)
    for i, t in enumerate(toks):
        if t == name and i + 1 < len(toks) and toks[i + 1] == "(":
            depth, j = 0, i + 1
            for j in range(i + 1, len(toks)):
                if toks[j] == "(":
                    depth += 1
                elif toks[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
            inner = toks[i + 2 : j]
            break
    else:
        return None
    parts = split_top(inner)
    variadic = any(p == ["..."] for p in parts)
    parts = [p for p in parts if p != ["..."]]
    knr = kind.startswith("O") and not parts
    if parts == [["void"]]:
        parts = []
    return Proto(name=name, file=hk.real(path), line=lineno, params=len(parts), variadic=variadic,
                 knr=knr, definition=kind.endswith("F"), text=decl.strip())


def aux_prototypes(aux_text: str) -> dict[str, list[Proto]]:
    """name -> every declaration gcc reports for it, in order."""
    out: dict[str, list[Proto]] = {}
    for line in aux_text.splitlines():
        p = parse_aux_line(line)
        if p:
            out.setdefault(p.name, []).append(p)
    return out


# --------------------------------------------------------------------------------------------
# Variables (hk_corpus scans typedefs, tags and enumerators; functions come from aux-info)


def scan_variables(toks: list[tuple[str, str]]) -> dict[str, str]:
    """name -> file of every object declared at file scope (not typedefs, not functions)."""
    toks = hk._strip_attributes(toks)
    out: dict[str, str] = {}
    stmt: list[tuple[str, str]] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i][0]
        if t == "{":
            j = hk._match(toks, i)
            if stmt and stmt[-1][0] == ")":  # a function body: the definition ends here
                stmt, i = [], j
                continue
            stmt.extend(toks[i:j])
            i = j
        elif t in "([":
            j = hk._match(toks, i)
            stmt.extend(toks[i:j])
            i = j
        elif t == ";":
            _variables_of(stmt, out)
            stmt = []
            i += 1
        else:
            stmt.append(toks[i])
            i += 1
    return out


def _variables_of(stmt, out: dict[str, str]) -> None:
    if not stmt or stmt[0][0] in ("_Static_assert", "static_assert"):
        return
    if any(t == "typedef" for t, _ in stmt):
        return
    for tok in hk.declarator_names(stmt):
        pos = next((k for k, x in enumerate(stmt) if x is tok), None)
        if pos is None:
            continue
        if pos + 1 < len(stmt) and stmt[pos + 1][0] == "(":
            continue  # a function
        out.setdefault(tok[0], tok[1])


# --------------------------------------------------------------------------------------------
# What gcc says about one corpus header


@dataclass
class GccFacts:
    header: str
    args: list[str]
    own: set[str]  # real paths of the library's own files
    functions: dict[str, list[Proto]]  # declared in own files
    other_functions: dict[str, list[Proto]]  # declared only in other files
    sys_ordinary: dict[str, str]  # ordinary identifiers declared only in other files -> what
    sys_tags: set[str]  # "struct X" declared only in other files
    lib_macros: set[str]  # macros named by a #define of the library's files
    objlike_macros: set[str]  # the library's object-like macros that gcc -dM defines
    counts: dict[str, int] = field(default_factory=dict)


def gcc_facts(lib: hk.Library, header: str, workdir: Path) -> GccFacts:
    """Runs gcc on the header; raises RuntimeError when gcc fails (a corpus problem)."""
    args = lib.preprocess_args()
    code, text, err = run(["gcc", "-E", "-x", "c", *args, header])
    if code != 0:
        raise RuntimeError(f"(corpus problem) gcc -E failed: {first_error(err)}")
    (workdir / f"{lib.name}.gcc.i").write_bytes(text)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        aux = Path(tmp) / "aux"
        code, _o, err = run(["gcc", "-fsyntax-only", "-w", "-aux-info", str(aux), "-x", "cpp-output", "-"], text)
        if code != 0:
            raise RuntimeError(f"(corpus problem) gcc -aux-info failed: {first_error(err)}")
        protos = aux_prototypes(aux.read_text(encoding="latin-1"))
    code, dm, err = run(["gcc", "-dM", "-E", "-x", "c", *args, header])
    if code != 0:
        raise RuntimeError(f"(corpus problem) gcc -dM -E failed: {first_error(err)}")
    code, pre, err = run(["gcc", "-dM", "-E", "-x", "c", *lib.flags, os.devnull])
    if code != 0:
        raise RuntimeError(f"(corpus problem) gcc -dM -E {os.devnull} failed: {first_error(err)}")
    macros = hk.parse_macros(dm.decode("latin-1"))
    predefined = hk.parse_macros(pre.decode("latin-1"))

    own = hk.library_files(lib, header)
    toks = hk.tokens_by_file(text)
    own_toks = [t for t in toks if t[1] in own]
    sys_toks = [t for t in toks if t[1] not in own]
    own_d, sys_d = hk.scan_declarations(own_toks), hk.scan_declarations(sys_toks)
    own_v, sys_v = scan_variables(own_toks), scan_variables(sys_toks)

    functions = {n: [p for p in ps if p.file in own] for n, ps in protos.items()}
    functions = {n: ps for n, ps in functions.items() if ps}
    other_functions = {n: ps for n, ps in protos.items() if n not in functions}
    lib_macros = hk.names_defined_in(own)
    # object-like macros of the library, as corpus-preprocess counts them: named by a #define of
    # the library's files and not left as the compiler predefines them
    objlike = {n for n, (params, _body) in macros.items()
               if params is None and n in lib_macros and macros[n] != predefined.get(n)}

    own_ordinary = set(own_d.typedefs) | set(own_d.enumerators) | set(own_v) | set(functions) | lib_macros
    sys_ordinary: dict[str, str] = {}
    for what, names in (("macro", macros), ("typedef", sys_d.typedefs), ("enum constant", sys_d.enumerators),
                        ("variable", sys_v), ("function", other_functions)):
        for n in names:
            if n not in own_ordinary:
                sys_ordinary.setdefault(n, what)
    sys_tags = set(sys_d.tags) - set(own_d.tags)
    facts = GccFacts(header=header, args=args, own=own, functions=functions,
                     other_functions=other_functions, sys_ordinary=sys_ordinary, sys_tags=sys_tags,
                     lib_macros=lib_macros, objlike_macros=objlike)
    facts.counts = {"typedefs": len(own_d.typedefs), "tags": len(own_d.tags),
                    "enum constants": len(own_d.enumerators), "variables": len(own_v)}
    return facts


# --------------------------------------------------------------------------------------------
# The IR JSON

ORDINARY_KINDS = {"function", "typedef", "variable", "constant", "macro_function"}
TAG_KINDS = {"struct", "union", "enum"}
LOCATED_KINDS = ORDINARY_KINDS | TAG_KINDS


def ir_enums(node, out: list | None = None) -> list[dict]:
    """Every enum object anywhere in a JSON value (top level, typedefs, fields, nested structs)."""
    if out is None:
        out = []
    if isinstance(node, dict):
        if node.get("kind") == "enum" and isinstance(node.get("values"), list):
            out.append(node)
        for v in node.values():
            if isinstance(v, (dict, list)):
                ir_enums(v, out)
    elif isinstance(node, list):
        for v in node:
            ir_enums(v, out)
    return out


def ir_int(v) -> int | None:
    """An integer value of the JSON (ints beyond 64 bits are written as strings)."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, str) and re.fullmatch(r"-?[0-9]+", v):
        return int(v)
    return None


def real_location(loc, cwd: str) -> str | None:
    if not isinstance(loc, dict) or not isinstance(loc.get("file"), str):
        return None
    f = loc["file"]
    if not os.path.isabs(f) and not f.startswith("<"):
        f = os.path.join(cwd, f)
    return hk.real(f)


# --------------------------------------------------------------------------------------------
# Values the compiler computes

_PRELUDE = r"""
#include <stdio.h>
#define HK_KIND(x) _Generic((x), float: 1, double: 2, long double: 3, default: 0)
#define HK_NEG(x) _Generic((x), float: 0, double: 0, long double: 0, default: ((x) < 0))
#define HK_INT(x) _Generic((x), float: 0, double: 0, long double: 0, default: (x))
#define HK_FLT(x) _Generic((x), float: (x), double: (x), long double: (x), default: 0)
/* the array size makes gcc reject an integer that is not an integer constant expression (a
   function or object address, which a static initializer would otherwise accept) */
#define HK_ICE(x) (int)sizeof(char[1 + 0 * !!(HK_INT(x))])
#define HK_ROW(x) { HK_ICE(x), HK_KIND(x), HK_NEG(x), (long long)HK_INT(x), (unsigned long long)HK_INT(x), \
                    (double)HK_FLT(x) }
struct hk_row { int ice, kind, neg; long long s; unsigned long long u; double d; };
static const struct hk_row hk_rows[] = {
"""
_MAIN = r"""};
int main(void) {
    for (unsigned i = 0; i < sizeof hk_rows / sizeof hk_rows[0]; i++) {
        const struct hk_row *r = &hk_rows[i];
        if (r->kind) printf("%u f%d %.17g\n", i, r->kind, r->d);
        else if (r->neg) printf("%u i %lld\n", i, r->s);
        else printf("%u i %llu\n", i, r->u);
    }
    return 0;
}
"""


@dataclass
class CValue:
    kind: str  # "int", "float", "double", "long double"
    value: int | float


@dataclass
class Evaluation:
    values: dict[str, CValue]  # names the compiler accepts as arithmetic constant expressions
    rejected: dict[str, str]  # name -> the compiler's first error about it
    error: str | None = None  # the program could not be built or run at all


_C_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def evaluate(lib: hk.Library, names: list[str], base: Path, must: set[str] = frozenset()) -> Evaluation:
    """The value of each name after `#include <header>` (with the library's prelude and flags),
    as gcc computes it: every name goes into a static table initializer, so only arithmetic
    constant expressions are accepted. Names gcc rejects are dropped and the program rebuilt
    (a few rounds at most). The names of `must` that were rejected get a program of their own,
    so an error that spills over from a neighbour's line cannot reject them.
    Writes BASE.values.c and BASE.values.out (BASE.recheck.* for the second program)."""
    ev = _evaluate(lib, names, base)
    again = [n for n in names if n in must and n in ev.rejected]
    if again and not ev.error:
        ev2 = _evaluate(lib, again, base.with_name(base.name + ".recheck"))
        if ev2.error is None:
            ev.values.update(ev2.values)
            ev.rejected = {n: e for n, e in ev.rejected.items() if n not in ev2.values}
            ev.rejected.update(ev2.rejected)
    return ev


def _evaluate(lib: hk.Library, names: list[str], base: Path) -> Evaluation:
    rejected: dict[str, str] = {n: "not a C identifier" for n in names if not _C_NAME.match(n)}
    todo = [n for n in dict.fromkeys(names) if n not in rejected]
    src, exe = base.with_suffix(".values.c"), base.with_suffix(".values.exe")
    err_line = re.compile(re.escape(str(src)) + r":(\d+):(?:\d+:)? (?:fatal )?error: (.*)")
    link: list[str] = []  # the library, only if something in the header needs it
    for _round in range(8):
        head = f"#include <{lib.include}>\n" + _PRELUDE
        first = head.count("\n") + 1
        body = "".join(f"HK_ROW({n}),\n" for n in todo)
        src.write_text(head + body + _MAIN)
        if not todo:
            break
        cmd = ["gcc", "-w", "-O0", "-ftrack-macro-expansion=0", "-fmax-errors=0", *lib.preprocess_args(),
               str(src), "-o", str(exe), *link]
        code, _o, err = run(cmd)
        if code == 0:
            break
        if b"undefined reference" in err and not link and lib.link:
            link = [f"-l{lib.link}"]
            continue
        bad: dict[str, str] = {}
        for line in err.decode("utf-8", "replace").splitlines():
            m = err_line.match(line)
            if m:
                k = int(m.group(1)) - first
                if 0 <= k < len(todo):
                    bad.setdefault(todo[k], m.group(2).strip())
        if not bad:
            return Evaluation({}, rejected, f"the value program does not build: {first_error(err)}")
        rejected.update(bad)
        todo = [n for n in todo if n not in bad]
    else:
        return Evaluation({}, rejected, "the value program does not build after 8 rounds")
    if not todo:
        return Evaluation({}, rejected)
    code, out, err = run([str(exe)])
    base.with_suffix(".values.out").write_bytes(out)
    exe.unlink(missing_ok=True)
    if code != 0:
        return Evaluation({}, rejected, f"the value program exits {code}: {first_error(err)}")
    values: dict[str, CValue] = {}
    kinds = {"f1": "float", "f2": "double", "f3": "long double"}
    for line in out.decode().splitlines():
        idx, tag, text = line.split(" ", 2)
        name = todo[int(idx)]
        if tag == "i":
            values[name] = CValue("int", int(text))
        else:
            values[name] = CValue(kinds[tag], float(text))
    return Evaluation(values, rejected)


def f32(x: float) -> float:
    try:
        return struct.unpack("f", struct.pack("f", x))[0]
    except OverflowError:
        return float("inf") if x > 0 else float("-inf")


def same_value(ir_value, c: CValue) -> str | None:
    """None when the IR's value is the compiler's, else what differs."""
    if isinstance(ir_value, float):
        if c.kind == "int":
            return f"IR {ir_value!r} (floating), C {c.value} (integer)"
        a, b = (f32(ir_value), f32(c.value)) if c.kind == "float" else (ir_value, c.value)
        if a == b or (a != a and b != b):
            return None
        return f"IR {ir_value!r}, C {c.value!r} ({c.kind})"
    iv = ir_int(ir_value)
    if iv is None:
        return f"IR value {ir_value!r} is not a number"
    if c.kind != "int":
        return f"IR {iv} (integer), C {c.value!r} ({c.kind})"
    return None if iv == c.value else f"IR {iv}, C {c.value}"
