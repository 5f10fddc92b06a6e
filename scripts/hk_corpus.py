"""Shared helpers for the corpus scripts (scripts/corpus-preprocess, scripts/bench-vs-gcc).

Python 3 standard library only. Knows the corpus list format (tests/corpus/libraries.psv),
how to find a corpus header the way the system compiler would, and how to split
preprocessed C into declarations we can compare.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LIST = ROOT / "tests" / "corpus" / "libraries.psv"


# --------------------------------------------------------------------------------------------
# The corpus list


@dataclass
class Library:
    name: str
    package: str
    prelude: list[str]  # header names the prelude includes, in order (`-include x` each)
    include: str  # what `#include <...>` names
    flags: list[str]  # extra -I/-D options
    link: str

    def include_dirs(self) -> list[str]:
        """The -I directories of `flags`, in order (both `-I DIR` and `-IDIR`)."""
        dirs, it = [], iter(self.flags)
        for f in it:
            if f == "-I":
                dirs.append(next(it, ""))
            elif f.startswith("-I"):
                dirs.append(f[2:])
        return [d for d in dirs if d]

    def preprocess_args(self) -> list[str]:
        """Options for `headerkit preprocess` and `gcc -E` alike (prelude as -include)."""
        args: list[str] = []
        for p in self.prelude:
            args += ["-include", p]
        return args + self.flags


def load(path: Path = DEFAULT_LIST, names: list[str] | None = None) -> list[Library]:
    """Libraries of the list, in file order; only `names` (in list order) when given."""
    libs = []
    for lineno, line in enumerate(Path(path).read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("|")
        if len(parts) != 6:
            sys.exit(f"{path}:{lineno}: expected 6 '|'-separated fields, found {len(parts)}")
        name, package, prelude, include, flags, link = (p.strip() for p in parts)
        libs.append(
            Library(
                name=name,
                package=package,
                prelude=re.findall(r"<([^>]+)>", prelude),
                include=include,
                flags=_absolute_dirs(shlex.split(flags)),
                link=link,
            )
        )
    if names:
        known = {lib.name for lib in libs}
        unknown = [n for n in names if n not in known]
        if unknown:
            sys.exit(f"unknown corpus library: {' '.join(unknown)} (known: {' '.join(sorted(known))})")
        libs = [lib for lib in libs if lib.name in names]
    return libs


def _absolute_dirs(flags: list[str]) -> list[str]:
    """-I/-isystem/-iquote/-idirafter directories relative to the repository root become
    absolute, so lists of our own fixtures work from any working directory."""
    out, prev = [], ""
    for f in flags:
        for opt in ("-I", "-isystem", "-iquote", "-idirafter"):
            if prev == opt and not os.path.isabs(f):
                f = str(ROOT / f)
            elif f.startswith(opt) and len(f) > len(opt) and opt == "-I" and not os.path.isabs(f[2:]):
                f = "-I" + str(ROOT / f[2:])
        out.append(f)
        prev = f
    return out


@functools.cache
def multiarch() -> str:
    try:
        out = subprocess.run(["gcc", "-print-multiarch"], capture_output=True, text=True, timeout=30)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return f"{os.uname().machine}-linux-gnu"


def system_dirs() -> list[str]:
    """The system include directories, in the order gcc searches them on Debian."""
    return ["/usr/local/include", f"/usr/include/{multiarch()}", "/usr/include"]


def find_header(lib: Library) -> str | None:
    """Resolve `#include <lib.include>` like the compiler: the -I dirs first, then the system dirs."""
    for d in lib.include_dirs() + system_dirs():
        p = os.path.join(d, lib.include)
        if os.path.isfile(p):
            return p
    return None


# --------------------------------------------------------------------------------------------
# Which files are "the library's own headers"

_QUOTE_INCLUDE = re.compile(rb'^\s*#\s*include\s*"([^"]+)"', re.M)


def _package_files(package: str) -> set[str]:
    """Header files the Debian package installed (empty when dpkg does not know it)."""
    if not package:
        return set()
    try:
        out = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    if out.returncode != 0:
        return set()
    return {
        os.path.realpath(line)
        for line in out.stdout.splitlines()
        if line.startswith("/usr/") and "/include/" in line and os.path.isfile(line)
    }


def library_files(lib: Library, header: str) -> set[str]:
    """Real paths of the files whose declarations the corpus check compares.

    The union of
      * the header files the library's Debian package installed (`dpkg -L`), when dpkg knows it;
      * when the include names a subdirectory (`curl/curl.h`, `SDL2/SDL.h`): every file under that
        subdirectory of each search directory (-I dirs and system dirs), so
        /usr/include/x86_64-linux-gnu/openssl/*.h count for openssl too;
      * the header itself and, transitively, every file it includes with quotes (resolved next to
        the including file, then on the search path) - this is what covers a header that lives
        directly in an include directory (zlib.h -> zconf.h, uv.h -> uv/unix.h).
    """
    files = _package_files(lib.package)
    search = lib.include_dirs() + system_dirs()
    sub = os.path.dirname(lib.include)
    if sub:
        for d in search:
            top = os.path.join(d, sub)
            if os.path.isdir(top):
                for dirpath, _dirs, names in os.walk(top):
                    files.update(os.path.realpath(os.path.join(dirpath, n)) for n in names)
    todo, seen = [os.path.realpath(header)], set()
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        files.add(f)
        try:
            text = Path(f).read_bytes()
        except OSError:
            continue
        for m in _QUOTE_INCLUDE.finditer(text):
            name = m.group(1).decode("utf-8", "replace")
            for d in [os.path.dirname(f)] + search:
                p = os.path.join(d, name)
                if os.path.isfile(p):
                    todo.append(os.path.realpath(p))
                    break
    return files


# --------------------------------------------------------------------------------------------
# Preprocessed C: line markers, tokens, declarations

_MARKER = re.compile(rb'^\s*#\s*(?:line\s+)?(\d+)\s+"((?:[^"\\]|\\.)*)"')
_TOKEN = re.compile(
    rb"""
      (?P<id>[A-Za-z_$][A-Za-z0-9_$]*)
    | (?P<num>\.?[0-9](?:[eEpP][+-]|[A-Za-z0-9_.])*)
    | (?P<str>(?:L|u8|u|U)?"(?:\\.|[^"\\\n])*")
    | (?P<chr>(?:L|u8|u|U)?'(?:\\.|[^'\\\n])*')
    | (?P<cmt>/\*.*?\*/|//[^\n]*)
    | (?P<punct>\.\.\.|->|[{}()\[\];,*=:])
    | (?P<other>\S)
    """,
    re.X | re.S,
)


def real(name: str) -> str:
    """Canonical form of a file name from a line marker or aux-info: the real path when the file
    exists (so /usr/include/SDL2/../SDL2/x.h and /usr/include/SDL2/x.h compare equal)."""
    return os.path.realpath(name) if os.path.exists(name) else name


def unescape_marker_name(raw: bytes) -> str:
    return re.sub(rb"\\(.)", rb"\1", raw).decode("utf-8", "surrogateescape")


_KEPT_DIRECTIVE = re.compile(rb"#\s*(pragma\b|ident\b|line\b|[0-9])")


def is_marker_or_pragma(line: bytes) -> bool:
    """Lines a preprocessor's output may keep: `# N "file"`, `#line`, `#pragma`, `#ident`."""
    return bool(_KEPT_DIRECTIVE.match(line.lstrip()))


def tokens_by_file(text: bytes) -> list[tuple[str, str]]:
    """Tokens of preprocessed C, each with the real path of the file a line marker names.

    Lines before the first marker belong to "<unknown>". `#pragma` and `#ident` lines are dropped.
    Only identifiers and the punctuation the declaration scanner needs are kept distinct; strings,
    numbers and other characters become placeholder tokens.
    """
    out: list[tuple[str, str]] = []
    current = "<unknown>"
    real_cache: dict[bytes, str] = {}
    for line in text.split(b"\n"):
        stripped = line.lstrip()
        if stripped.startswith(b"#"):
            m = _MARKER.match(line)
            if m:
                raw = m.group(2)
                if raw not in real_cache:
                    real_cache[raw] = real(unescape_marker_name(raw))
                current = real_cache[raw]
            continue  # pragma, ident or marker
        for m in _TOKEN.finditer(line):
            kind = m.lastgroup
            if kind == "cmt":
                continue
            if kind in ("id", "punct", "other"):
                out.append((m.group().decode("latin-1"), current))
            else:
                out.append(("<" + kind + ">", current))
    return out


TYPE_KEYWORDS = set(
    """void char short int long float double signed unsigned _Bool _Complex __complex__ __int128
    __signed __signed__ __unsigned _Float16 _Float32 _Float64 _Float128 _Float32x _Float64x
    _Float128x _Decimal32 _Decimal64 _Decimal128 __float128 __fp16 __bf16 __auto_type""".split()
)
QUALIFIERS = set(
    """const volatile restrict static extern register inline auto typedef _Thread_local __thread
    _Noreturn __const __const__ __volatile __volatile__ __restrict __restrict__ __inline __inline__
    __extension__ _Atomic __unaligned""".split()
)
SKIP_WITH_PARENS = {"__attribute__", "__attribute", "__asm__", "__asm", "asm", "__declspec", "_Alignas", "alignas"}
TAG_KEYWORDS = {"struct", "union", "enum"}
KEYWORDS = TYPE_KEYWORDS | QUALIFIERS | SKIP_WITH_PARENS | TAG_KEYWORDS | {
    "typeof", "__typeof__", "__typeof", "sizeof", "_Alignof", "__alignof__", "_Static_assert",
}
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")


def _is_ident(t: str) -> bool:
    return bool(_IDENT.match(t)) and t not in KEYWORDS


def _match(toks, i: int) -> int:
    """Index just after the bracket that closes toks[i]."""
    open_, close = toks[i][0], {"(": ")", "[": "]", "{": "}"}[toks[i][0]]
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j][0]
        if t == open_:
            depth += 1
        elif t == close:
            depth -= 1
            if depth == 0:
                return j + 1
    return len(toks)


def _strip_attributes(toks):
    out, i = [], 0
    while i < len(toks):
        t = toks[i][0]
        if t in SKIP_WITH_PARENS:
            i += 1
            while i < len(toks) and toks[i][0] in ("volatile", "__volatile__", "goto", "inline"):
                i += 1
            if i < len(toks) and toks[i][0] == "(":
                i = _match(toks, i)
            continue
        out.append(toks[i])
        i += 1
    return out


def declarator_names(toks) -> list[tuple[str, str]]:
    """Names (with files) declared by one declaration, given its tokens without the final ';'."""
    toks = _strip_attributes(toks)
    i, n, seen_type = 0, len(toks), False
    while i < n:
        t = toks[i][0]
        if t in TAG_KEYWORDS:
            i += 1
            if i < n and _is_ident(toks[i][0]):
                i += 1
            if i < n and toks[i][0] == "{":
                i = _match(toks, i)
            seen_type = True
        elif t in ("typeof", "__typeof__", "__typeof") or (t == "_Atomic" and i + 1 < n and toks[i + 1][0] == "("):
            i += 1
            if i < n and toks[i][0] == "(":
                i = _match(toks, i)
            seen_type = True
        elif t in TYPE_KEYWORDS:
            seen_type = True
            i += 1
        elif t in QUALIFIERS:
            i += 1
        elif _is_ident(t) and not seen_type:
            seen_type = True  # a typedef name used as the type
            i += 1
        else:
            break
    names, depth, first = [], 0, None
    for tok in toks[i:]:
        t = tok[0]
        if t in "([{":
            depth += 1
        elif t in ")]}":
            depth -= 1
        elif t == "," and depth == 0:
            if first:
                names.append(first)
            first = None
            continue
        # The first identifier of a declarator is its name: grouping parentheses come before
        # it, parameter lists and array sizes after it.
        if first is None and _is_ident(t):
            first = tok
    if first:
        names.append(first)
    return names


@dataclass
class Declarations:
    typedefs: dict[str, str] = field(default_factory=dict)  # name -> file
    tags: dict[str, str] = field(default_factory=dict)  # "struct X" -> file
    enumerators: dict[str, str] = field(default_factory=dict)


def scan_declarations(toks: list[tuple[str, str]]) -> Declarations:
    """typedef names (file scope), struct/union/enum tags (defined, forward-declared or named by
    a typedef; any depth) and enumeration constants of a token stream."""
    d = Declarations()
    toks = _strip_attributes(toks)
    n = len(toks)
    depth = 0
    stmt_start = True  # at the start of a declaration at the current depth
    i = 0
    while i < n:
        t = toks[i][0]
        if t in TAG_KEYWORDS and i + 1 < n and _is_ident(toks[i + 1][0]):
            nxt = toks[i + 2][0] if i + 2 < n else ""
            if nxt == "{" or (nxt == ";" and stmt_start):
                key = f"{t} {toks[i + 1][0]}"
                d.tags.setdefault(key, toks[i + 1][1])
        if t == "enum":
            j = i + 1
            if j < n and _is_ident(toks[j][0]):
                j += 1
            if j < n and toks[j][0] == ":":  # fixed underlying type (C23): enum e : int {
                j += 1
                while j < n and toks[j][0] not in ("{", ";"):
                    j += 1
            if j < n and toks[j][0] == "{":
                _enumerators(toks[j + 1 : _match(toks, j) - 1], d)
        if t == "typedef" and depth == 0:
            j = i
            bdepth = 0
            while j < n:
                tj = toks[j][0]
                if tj in "([{":
                    bdepth += 1
                elif tj in ")]}":
                    bdepth -= 1
                elif tj == ";" and bdepth == 0:
                    break
                j += 1
            for name, f in declarator_names(toks[i:j]):
                d.typedefs.setdefault(name, f)
            # `typedef struct X Y;` declares the tag X too (an incomplete type until defined)
            if i + 2 < j and toks[i + 1][0] in TAG_KEYWORDS and _is_ident(toks[i + 2][0]):
                d.tags.setdefault(f"{toks[i + 1][0]} {toks[i + 2][0]}", toks[i + 2][1])
        if t == "{":
            depth += 1
            stmt_start = True
        elif t == "}":
            depth = max(0, depth - 1)
            stmt_start = True
        elif t == ";":
            stmt_start = True
        elif t not in QUALIFIERS:
            stmt_start = False
        i += 1
    return d


def _enumerators(body, d: Declarations) -> None:
    expect_name, depth = True, 0
    for tok in body:
        t = tok[0]
        if t in "([{":
            depth += 1
        elif t in ")]}":
            depth -= 1
        elif t == "," and depth == 0:
            expect_name = True
            continue
        if expect_name and _is_ident(t):
            d.enumerators.setdefault(t, tok[1])
            expect_name = False


_AUX = re.compile(r"^/\* (.*):(\d+):([NO][CF]) \*/ (.*)$")


def aux_functions(aux_text: str) -> dict[str, tuple[str, set[str]]]:
    """Function name -> (real path of the declaring file, set of normalised declarations),
    from gcc -aux-info output."""
    funcs: dict[str, tuple[str, set[str]]] = {}
    real_cache: dict[str, str] = {}
    for line in aux_text.splitlines():
        m = _AUX.match(line)
        if not m:
            continue
        path, decl = m.group(1), m.group(4)
        if path not in real_cache:
            real_cache[path] = real(path)
        decl = decl.split(";", 1)[0]
        toks = [(t.group().decode("latin-1"), "") for t in _TOKEN.finditer(decl.encode("latin-1", "replace"))]
        names = declarator_names(toks)
        if not names:
            continue
        name = names[0][0]
        norm = " ".join(t for t, _ in toks if t not in ("extern", "static", "inline", "__inline", "__inline__"))
        f, decls = funcs.setdefault(name, (real_cache[path], set()))
        decls.add(norm)
    return funcs


# --------------------------------------------------------------------------------------------
# Macro tables (`-dM` output)

# C pp-tokens, longest match first; digraphs are kept as spelled so a respelling shows up.
_PP_TOKEN = re.compile(
    r"""
      (?:u8|u|U|L)?"(?:\\.|[^"\\])*"?
    | (?:u8|u|U|L)?'(?:\\.|[^'\\])*'?
    | \.?[0-9](?:[eEpP][+-]|[A-Za-z0-9_.$])*
    | [A-Za-z_$][A-Za-z0-9_$]*
    | %:%: | \.\.\. | <<= | >>=
    | -> | \+\+ | -- | << | >> | <= | >= | == | != | && | \|\| | \#\# | %: | <: | :> | <% | %>
    | [-+*/%&|^<>=!]= | \S
    """,
    re.X,
)
_DEFINE = re.compile(r"#\s*define\s+([A-Za-z_$][A-Za-z0-9_$]*)(\([^)]*\))?(.*)\Z", re.S)


def pp_tokens(text: str) -> tuple[str, ...]:
    """The pp-tokens of a macro body: whitespace-insensitive, spelling-sensitive."""
    return tuple(_PP_TOKEN.findall(text))


Macro = tuple  # (params: tuple[str, ...] | None, body: tuple[str, ...])


def parse_macros(text: str) -> dict[str, Macro]:
    """name -> (parameters or None for object-like, body tokens) from `-dM` output.

    A function-like macro has its `(` right after the name; parameters are compared without
    spaces (`F(a,b)` equals `F(a, b)`). Lines that are not `#define` are ignored.
    """
    out: dict[str, Macro] = {}
    for line in text.splitlines():
        m = _DEFINE.match(line.strip())
        if not m:
            continue
        name, params, body = m.group(1), m.group(2), m.group(3)
        if params is not None:
            params = tuple(p.strip() for p in params[1:-1].split(",")) if params[1:-1].strip() else ()
        out[name] = (params, pp_tokens(body))
    return out


def format_macro(name: str, macro: Macro) -> str:
    params, body = macro
    head = name if params is None else f"{name}({','.join(params)})"
    return f"#define {head} {' '.join(body)}".rstrip()


_DEFINED_NAME = re.compile(rb"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_$][A-Za-z0-9_$]*)", re.M)


def names_defined_in(files) -> set[str]:
    """Every macro name a `#define` line of these files names (whether or not it is active)."""
    names: set[str] = set()
    for f in files:
        try:
            text = Path(f).read_bytes()
        except OSError:
            continue
        names.update(m.group(1).decode("latin-1") for m in _DEFINED_NAME.finditer(text))
    return names


@dataclass
class MacroDiff:
    only_ref: list[str] = field(default_factory=list)  # defined by gcc only
    only_ours: list[str] = field(default_factory=list)
    different: list[str] = field(default_factory=list)  # both define it, parameters or body differ

    def total(self) -> int:
        return len(self.only_ref) + len(self.only_ours) + len(self.different)


def compare_macros(ref: dict[str, Macro], ours: dict[str, Macro], names) -> MacroDiff:
    """Differences between two macro tables, restricted to `names` (an iterable of names)."""
    d = MacroDiff()
    for n in sorted(names):
        a, b = ref.get(n), ours.get(n)
        if a is None and b is None:
            continue
        if b is None:
            d.only_ref.append(n)
        elif a is None:
            d.only_ours.append(n)
        elif a != b:
            d.different.append(n)
    return d
