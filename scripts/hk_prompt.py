#!/usr/bin/env python3
"""Reads the prompt writer's text back (docs/prompt-grammar.md) and checks it against the IR.

usage: scripts/hk_prompt.py PROMPT IR_JSON [--base DIR] [--layout-c FILE] [--self-test]

PROMPT is the output of `headerkit HEADER -w prompt` (any verbosity), IR_JSON the output of
`headerkit HEADER -w json` with the same options. The reader parses every line of PROMPT with
its own parser for the grammar (it shares no code with the writer) and checks:

  * every declaration of the IR is one line, once: functions (return type, parameter names and
    types, variadic, prototype, calling convention, static/inline, asm label), structs and
    unions (members with names, types, bit widths, inline anonymous records and enums, packing
    and alignment), enums (every value), typedefs (the target type), variables, constants (the
    value) and function-like macros (parameters); an anonymous enum a member or typedef defines
    may be written there instead; nothing else is written;
  * from `standard` on: every line's `FILE`/`@L` location, deprecation messages, macro bodies;
    with `verbose`: constant types and expressions;
  * the size: the bytes of PROMPT against the bytes of the header's own files, i.e. the
    distinct `location.file` of the IR's declarations (relative names are taken from --base,
    default the current directory).

With --layout-c FILE it also writes a C program stating every size, alignment and member
offset the text claims (standard and verbose): `_Static_assert`s, and probes for bit-fields,
for the caller to compile after the header and run (scripts/corpus-prompt and
tests/grammar_prompt.rs hand it to gcc). With --self-test it also gives the reader mutants of
every line of a text that reads back cleanly, and fails if it accepts any (the reader is shown
able to fail).

Prints one JSON object: {"ok", "errors" (the first 20), "error_count", "lines",
"declarations", "prompt_bytes", "header_bytes", "header_files", "verbosity",
"layout_checks", "mutants"}; exits 0
when ok, 1 otherwise, 2 on a usage error. Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict

KINDS = {
    "CONST": "constant",
    "MACRO": "macro_function",
    "STRUCT": "struct",
    "UNION": "union",
    "ENUM": "enum",
    "TYPEDEF": "typedef",
    "VAR": "variable",
    "FUNC": "function",
}
QUALS = {
    "const": "const",
    "__const": "const",
    "__const__": "const",
    "volatile": "volatile",
    "__volatile": "volatile",
    "__volatile__": "volatile",
    "restrict": "restrict",
    "__restrict": "restrict",
    "__restrict__": "restrict",
    "_Atomic": "_Atomic",
}
IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
IDENT_FULL = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")


class ParseError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Lexical helpers: top-level splitting that respects brackets and string literals


def _skip_literal(s: str, i: int) -> int:
    """Index after the string or character literal starting at s[i] (a quote)."""
    q = s[i]
    i += 1
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if s[i] == q:
            return i + 1
        i += 1
    raise ParseError(f"unterminated literal in {s!r}")


def split_top(s: str, sep: str) -> list[str]:
    """`s` split at every `sep` outside brackets and literals."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(s):
        c = s[i]
        if c in "\"'":
            i = _skip_literal(s, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and s.startswith(sep, i):
            parts.append(s[start:i])
            i += len(sep)
            start = i
            continue
        i += 1
    if depth != 0:
        raise ParseError(f"unbalanced brackets in {s!r}")
    parts.append(s[start:])
    return parts


def matching(s: str, i: int) -> int:
    """Index of the bracket closing s[i]."""
    depth = 0
    while i < len(s):
        c = s[i]
        if c in "\"'":
            i = _skip_literal(s, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ParseError(f"unbalanced brackets in {s!r}")


def split_tags(s: str) -> tuple[str, list[str]]:
    """(the text before the first top-level ` @`, the tags without their `@`)."""
    parts = split_top(s, " @")
    return parts[0], [p.strip() for p in parts[1:]]


# --------------------------------------------------------------------------------------------
# Types (C abstract declarators, parameters as `name:type`) into canonical tuples:
#   ("c", name, quals, anon) | ("p", pointee, quals) | ("a", element, size)
#   | ("f", return, ((name, type), ...), variadic, prototype, cc)
# anon: None, ("S", is_union, fields, record_tags) or ("E", ((name, value), ...)).


class TypeParser:
    def __init__(self, s: str):
        self.s = s
        self.i = 0

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] == " ":
            self.i += 1

    def peek(self) -> str:
        self.ws()
        return self.s[self.i] if self.i < len(self.s) else ""

    def word(self) -> str | None:
        self.ws()
        m = IDENT.match(self.s, self.i)
        if not m:
            return None
        self.i = m.end()
        return m.group()

    def type(self):
        base = self.specifiers()
        t = self.abstract(base, self.s[self.i :])
        return t

    def specifiers(self):
        """Qualifiers and the words of the type name, up to the declarator (which starts with
        `*`, `(` or `[`, never with a word)."""
        quals, words, anon = [], [], None
        while True:
            w = self.word()
            if w is None:
                break
            if w in QUALS:
                quals.append(QUALS[w])
                continue
            if w in ("struct", "union", "enum") and self.peek() == "{":
                start = self.i
                end = matching(self.s, start)
                body = self.s[start + 1 : end]
                self.i = end + 1
                anon = parse_enum_body(body) if w == "enum" else parse_record_body(body, w == "union")
            words.append(w)
        if not words:
            raise ParseError(f"no type name in {self.s!r}")
        return ("c", " ".join(words), tuple(sorted(quals)), anon)

    def abstract(self, base, _rest):
        """Parses the abstract declarator at self.i (to the end of the string) around `base`."""
        text = self.s[self.i :].strip()
        self.i = len(self.s)
        return apply_declarator(text, base)


def apply_declarator(d: str, t):
    """The type an abstract declarator `d` gives when applied to type `t`."""
    d = d.strip()
    ptrs = []
    while d.startswith("*"):
        d = d[1:].lstrip()
        q = []
        while True:
            m = IDENT.match(d)
            if m and m.group() in QUALS:
                q.append(QUALS[m.group()])
                d = d[m.end() :].lstrip()
            else:
                break
        ptrs.append(tuple(sorted(q)))
    for q in ptrs:
        t = ("p", t, q)
    if not d:
        return t
    inner = None
    if d.startswith("(") and d[1:].lstrip().startswith(("*", "(")):
        end = matching(d, 0)
        inner = d[1:end]
        d = d[end + 1 :].lstrip()
    suffixes = []
    while d:
        if d[0] == "[":
            end = matching(d, 0)
            suffixes.append(("a", d[1:end].strip()))
        elif d[0] == "(":
            end = matching(d, 0)
            suffixes.append(("f", d[1:end]))
        else:
            raise ParseError(f"unexpected {d!r} in a declarator")
        d = d[end + 1 :].lstrip()
    for kind, text in reversed(suffixes):
        if kind == "a":
            size = None if text == "" else (int(text) if text.isdigit() else text.replace(" ", ""))
            t = ("a", t, size)
        else:
            t = ("f", t) + parse_params(text)
    if inner is not None:
        t = apply_declarator(inner, t)
    return t


CC = re.compile(r"\s*@cc\(([^()]*)\)\s*\Z")


def parse_params(text: str):
    """(((name, type), ...), variadic, prototype, cc) of a parameter list's inside."""
    cc = None
    m = CC.search(text)
    if m:
        cc = m.group(1)
        text = text[: m.start()]
    text = text.strip()
    if text == "":
        return ((), False, False, cc)
    if text == "void":
        return ((), False, True, cc)
    params, variadic = [], False
    for item in split_top(text, ","):
        item = item.strip()
        if item == "...":
            variadic = True
            continue
        name, ty = None, item
        m = re.match(r"([A-Za-z_$][A-Za-z0-9_$]*):(?!:)", item)
        if m:
            name, ty = m.group(1), item[m.end() :]
        params.append((name, parse_type(ty)))
    return (tuple(params), variadic, True, cc)


def parse_type(s: str):
    return TypeParser(s.strip()).type()


def parse_enum_body(body: str):
    values = []
    body = body.strip()
    if body:
        for item in split_top(body, ","):
            name, _, v = item.strip().partition("=")
            values.append((name.strip(), int(v)))
    return ("E", tuple(values))


def parse_record_body(body: str, is_union: bool):
    """An inline anonymous record: fields and, after `;`, the record's own tags."""
    parts = split_top(body, ";")
    fields = parse_fields(parts[0])
    tags = record_tags(split_tags(" " + parts[1])[1]) if len(parts) > 1 else ()
    return ("S", is_union, tuple(fields), tags)


def record_tags(tags: list[str]) -> tuple:
    """The layout-relevant tags of a record, canonical (size/align/location excluded)."""
    keep = []
    for t in tags:
        if t in ("packed",) or t.startswith(("pack(", "aligned(")) or t.startswith("deprecated"):
            keep.append("deprecated" if t.startswith("deprecated") else t)
    return tuple(sorted(keep))


def parse_fields(text: str):
    """[(name, type, bit_width, field_tags, offset)] of `{...}`'s inside; offset: bytes or
    (bytes, bit) from the `@+` tag, or None."""
    out = []
    if not text.strip():
        return out
    for item in split_top(text, ","):
        decl, tags = split_tags(item.strip())
        parts = split_top(decl, ":")
        name, width = "", None
        if len(parts) == 3:
            name, ty, width = parts
        elif len(parts) == 2 and parts[1].strip().isdigit():
            ty, width = parts
        elif len(parts) == 2:
            name, ty = parts
        elif len(parts) == 1:
            ty = parts[0]
        else:
            raise ParseError(f"bad member {item!r}")
        offset = None
        ftags = []
        for t in tags:
            if t.startswith("+"):
                o = t[1:]
                offset = tuple(int(x) for x in o.split(".")) if "." in o else int(o)
            else:
                ftags.append(t)
        out.append((name.strip(), parse_type(ty), int(width) if width is not None else None,
                    tuple(sorted(ftags)), offset))
    return out


# --------------------------------------------------------------------------------------------
# Lines


class Line:
    def __init__(self, lineno: int, kind: str, name: str | None, text: str):
        self.lineno, self.kind, self.name, self.text = lineno, kind, name, text
        self.tags: list[str] = []
        self.file: str | None = None
        self.data: dict = {}

    def tag_values(self, prefix: str) -> list[str]:
        return [t[len(prefix) + 1 : -1] for t in self.tags if t.startswith(prefix + "(") and t.endswith(")")]

    def flag(self, name: str) -> bool:
        return name in self.tags

    def tag_values_l(self) -> list[int]:
        """The line numbers of `@L<line>` tags."""
        return [int(t[1:]) for t in self.tags if re.fullmatch(r"L\d+", t)]


MACRO_LINE = re.compile(r"MACRO ([A-Za-z_$][\w$]*)\(([^()]*)\)((?: @L\d+)*)(?: =(?: (.*))?)?\Z")


def parse_prompt(text: str) -> tuple[str, list[Line]]:
    """(the first line's comment, the declaration lines)."""
    raw = text.split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    else:
        raise ParseError("the text does not end with a newline")
    if not raw or not raw[0].startswith("// "):
        raise ParseError("the first line is not the `// HEADER (headerkit VERBOSITY)` comment")
    lines, file = [], None
    for n, line in enumerate(raw[1:], 2):
        try:
            kw, _, rest = line.partition(" ")
            if kw == "FILE":
                file = rest
                continue
            if kw not in KINDS:
                raise ParseError(f"unknown line kind {kw!r}")
            ln = parse_line(n, kw, rest, line)
            ln.file = file
            lines.append(ln)
        except (ParseError, ValueError) as e:
            raise ParseError(f"line {n}: {e}: {line[:200]}") from None
    return raw[0], lines


def parse_line(n: int, kw: str, rest: str, line: str) -> Line:
    kind = KINDS[kw]
    if kw == "MACRO":
        m = MACRO_LINE.match(line)
        if not m:
            raise ParseError("bad MACRO line")
        ln = Line(n, kind, m.group(1), line)
        ln.data["params"] = [p.strip() for p in m.group(2).split(",")] if m.group(2).strip() else []
        ln.tags = [t for t in m.group(3).split(" @") if t]
        ln.data["body"] = None if line.find(" =", m.end(3)) < 0 else (m.group(4) or "")
        return ln
    head, tags = split_tags(rest)
    if kw == "CONST":
        name, eq, value = head.partition("=")
        if not eq or not IDENT_FULL.match(name):
            raise ParseError("bad CONST line")
        ln = Line(n, kind, name, line)
        ln.data["value"] = value
    elif kw in ("STRUCT", "UNION", "ENUM"):
        name, body = head, None
        b = head.find("{")
        if b >= 0:
            if matching(head, b) != len(head) - 1:
                raise ParseError("text after the body")
            name, body = head[:b].strip(), head[b + 1 : -1]
        name = name.strip() or None
        if name is not None and not IDENT_FULL.match(name):
            raise ParseError(f"bad name {name!r}")
        ln = Line(n, kind, name, line)
        if body is None:
            ln.data["body"] = None
        elif kw == "ENUM":
            ln.data["body"] = parse_enum_body(body)[1]
        else:
            ln.data["body"] = parse_fields(body)
    elif kw == "TYPEDEF":
        name, eq, ty = head.partition(" = ")
        if not eq or not IDENT_FULL.match(name):
            raise ParseError("bad TYPEDEF line")
        ln = Line(n, kind, name, line)
        ln.data["type"] = parse_type(ty)
    elif kw == "VAR":
        name, colon, ty = head.partition(":")
        if not colon or not IDENT_FULL.match(name):
            raise ParseError("bad VAR line")
        ln = Line(n, kind, name, line)
        ln.data["type"] = parse_type(ty)
    else:  # FUNC
        m = IDENT.match(head)
        if not m or m.end() >= len(head) or head[m.end()] != "(":
            raise ParseError("bad FUNC line")
        close = matching(head, m.end())
        arrow = head[close + 1 :]
        if not arrow.startswith(" -> "):
            raise ParseError("no ` -> ` after the parameters")
        ln = Line(n, kind, m.group(), line)
        ln.data["sig"] = ("f", parse_type(arrow[4:])) + parse_params(head[m.end() + 1 : close])
    ln.tags = tags
    return ln


# --------------------------------------------------------------------------------------------
# The IR in the same canonical form


def ir_quals(t) -> tuple:
    return tuple(sorted(QUALS.get(q, q) for q in t.get("qualifiers", [])))


def ir_type(t, anon=None):
    """Canonical tuple of an IR JSON type; `anon` is the canonical inline definition that a bare
    struct/union/enum base stands for."""
    k = t["kind"]
    if k == "ctype":
        name = " ".join(t["name"].split())
        return ("c", name, ir_quals(t), anon if name in ("struct", "union", "enum") else None)
    if k == "pointer":
        return ("p", ir_type(t["pointee"], anon), ir_quals(t))
    if k == "array":
        size = t.get("size")
        if isinstance(size, str):
            size = size.replace(" ", "")
        return ("a", ir_type(t["element_type"], anon), size)
    if k == "function_pointer":
        params = tuple((p.get("name") or None, ir_type(p["type"])) for p in t.get("parameters", []))
        return ("f", ir_type(t["return_type"], anon), params, bool(t.get("is_variadic")),
                t.get("has_prototype", True), t.get("calling_convention"))
    raise ValueError(f"unknown type kind {k!r}")


def ir_anon(struct=None, enum=None):
    if struct is not None:
        return ("S", struct["kind"] == "union", tuple(ir_field(f) for f in struct["fields"]),
                ir_record_tags(struct))
    if enum is not None:
        return ("E", tuple((v["name"], int(v["value"])) for v in enum["values"]))
    return None


def ir_record_tags(s) -> tuple:
    tags = []
    if s.get("is_packed"):
        tags.append("packed")
    if s.get("pack") is not None:
        tags.append(f"pack({s['pack']})")
    if s.get("aligned") is not None:
        tags.append(f"aligned({s['aligned']})")
    if s.get("deprecated") is not None:
        tags.append("deprecated")
    return tuple(sorted(tags))


def ir_field(f):
    anon = ir_anon(f.get("anonymous_struct"), f.get("anonymous_enum"))
    tags = []
    if f.get("is_packed"):
        tags.append("packed")
    if f.get("aligned") is not None:
        tags.append(f"aligned({f['aligned']})")
    return (f.get("name") or "", ir_type(f["type"], anon), f.get("bit_width"), tuple(sorted(tags)), None)


def ir_inline_enums(decls) -> list:
    """Canonical anonymous enums that members and typedefs define inline."""
    out = []

    def fields(fs):
        for f in fs:
            if f.get("anonymous_enum"):
                out.append(ir_anon(enum=f["anonymous_enum"]))
            if f.get("anonymous_struct"):
                fields(f["anonymous_struct"]["fields"])

    for d in decls:
        if d["kind"] in ("struct", "union"):
            fields(d["fields"])
        elif d["kind"] == "typedef":
            if d.get("anonymous_enum"):
                out.append(ir_anon(enum=d["anonymous_enum"]))
            if d.get("anonymous_struct"):
                fields(d["anonymous_struct"]["fields"])
    return out


# --------------------------------------------------------------------------------------------
# The check


def value_equal(ir_value, text: str) -> bool:
    if ir_value is None:
        return text in ("?", "inf", "-inf", "nan")
    if isinstance(ir_value, bool):
        return False
    if isinstance(ir_value, int):
        return re.fullmatch(r"-?\d+", text) is not None and int(text) == ir_value
    if isinstance(ir_value, float):
        try:
            return float(text) == ir_value and not re.fullmatch(r"-?\d+", text)
        except ValueError:
            return False
    if isinstance(ir_value, str):
        if re.fullmatch(r"-?\d+", ir_value):  # an integer beyond 64 bits
            return text == ir_value
        return text == ir_value
    return False


def show(t) -> str:
    return repr(t)[:300]


class Checker:
    def __init__(self, ir: dict, lines: list[Line], verbosity: str):
        self.ir, self.lines, self.v = ir, lines, verbosity
        self.errors: list[str] = []

    def err(self, msg: str):
        self.errors.append(msg)

    def run(self):
        decls = self.ir["declarations"]
        by_key: dict[tuple, list[Line]] = defaultdict(list)
        for ln in self.lines:
            by_key[(ln.kind, ln.name)].append(ln)
        inline = Counter(ir_inline_enums(decls))
        inline_written = Counter()
        for ln in self.lines:
            for t in _types_of_line(ln):
                _collect_enums(t, inline_written)
        used: set[int] = set()
        for d in decls:
            kind, name = d["kind"], d.get("name")
            cands = [ln for ln in by_key.get((kind, name), []) if id(ln) not in used]
            if name is None:
                # anonymous: the line with the same content
                match = None
                for ln in cands:
                    if not self.compare(d, ln, quiet=True):
                        match = ln
                        break
                if match is None:
                    anon = ir_anon(enum=d) if kind == "enum" else None
                    if anon is not None and inline[anon] and inline_written[anon]:
                        continue  # written inline where a member or typedef defines it
                    self.err(f"{kind} (anonymous) at {_loc(d)} is missing")
                    continue
                used.add(id(match))
                self.compare(d, match)
                continue
            if not cands:
                self.err(f"{kind} {name} is missing")
                continue
            used.add(id(cands[0]))
            self.compare(d, cands[0])
        for ln in self.lines:
            if id(ln) not in used:
                self.err(f"line {ln.lineno}: {ln.kind} {ln.name} is not an IR declaration (or is written twice)")

    def compare(self, d: dict, ln: Line, quiet: bool = False) -> list[str]:
        errs: list[str] = []
        e = errs.append
        k = d["kind"]
        if k == "constant":
            if not value_equal(d.get("value"), ln.data["value"]):
                e(f"value {ln.data['value']!r}, IR {d.get('value')!r}")
            raw = (d.get("raw_expression") or "").strip().replace("\n", " ").replace("\r", " ")
            exprs = ln.tag_values("expr")
            if raw and (d.get("value") is None or self.v == "verbose"):
                # the expression as written: with no value always, when verbose unless it is
                # the value's own text
                if exprs != [raw] and not (not exprs and raw == ln.data["value"] and d.get("value") is not None):
                    e(f"expression {exprs}, IR {raw!r}")
            elif exprs:
                e(f"expression {exprs} where none is due")
            got = [parse_type(t) for t in ln.tag_values("type")]
            want = [ir_type(d["type"])] if self.v == "verbose" and d.get("type") is not None else []
            if got != want:
                e(f"type {ln.tag_values('type')}, IR {show(want)}")
        elif k == "macro_function":
            params = [p["name"] for p in d.get("parameters", [])]
            if ln.data["params"] != params:
                e(f"parameters {ln.data['params']}, IR {params}")
            if self.v != "compact":
                body = " ".join((d.get("body") or "").split())
                got = " ".join((ln.data["body"] or "").split())
                if ln.data["body"] is None or got != body:
                    e(f"body {ln.data['body']!r}, IR {d.get('body')!r}")
        elif k in ("struct", "union"):
            opaque = bool(d.get("is_opaque"))
            if opaque != (ln.data["body"] is None) or opaque != ln.flag("opaque"):
                e("opaque differs")
            if not opaque:
                want = [norm(ir_field(f)[:-1]) for f in d["fields"]]
                got = [norm(f[:-1]) for f in ln.data["body"]]
                if want != got:
                    e(f"members {show(got)}, IR {show(want)}")
            if bool(d.get("is_typedef")) != ln.flag("typedef"):
                e("@typedef differs")
            got_tags = record_tags(ln.tags)
            if got_tags != ir_record_tags(d):
                e(f"record tags {got_tags}, IR {ir_record_tags(d)}")
        elif k == "enum":
            opaque = bool(d.get("is_opaque"))
            if opaque != (ln.data["body"] is None) or opaque != ln.flag("opaque"):
                e("opaque differs")
            if not opaque:
                want = tuple((v["name"], int(v["value"])) for v in d["values"])
                if ln.data["body"] != want:
                    e(f"values {show(ln.data['body'])}, IR {show(want)}")
            for flag, key in (("typedef", "is_typedef"), ("packed", "is_packed")):
                if bool(d.get(key)) != ln.flag(flag):
                    e(f"@{flag} differs")
        elif k == "typedef":
            anon = ir_anon(d.get("anonymous_struct"), d.get("anonymous_enum"))
            want = norm(ir_type(d["underlying_type"], anon))
            if norm(ln.data["type"]) != want:
                e(f"type {show(ln.data['type'])}, IR {show(want)}")
        elif k == "variable":
            want = ir_type(d["type"])
            if ln.data["type"] != want:
                e(f"type {show(ln.data['type'])}, IR {show(want)}")
            for flag, key in (("static", "is_static"), ("tls", "is_thread_local")):
                if bool(d.get(key)) != ln.flag(flag):
                    e(f"@{flag} differs")
            if ln.tag_values("aligned") != ([str(d["aligned"])] if d.get("aligned") is not None else []):
                e("@aligned differs")
            self.asm(d, ln, e)
        elif k == "function":
            want = ("f", ir_type(d["return_type"]),
                    tuple((p.get("name") or None, ir_type(p["type"])) for p in d.get("parameters", [])),
                    bool(d.get("is_variadic")), d.get("has_prototype", True), d.get("calling_convention"))
            if ln.data["sig"] != want:
                e(f"signature {show(ln.data['sig'])}, IR {show(want)}")
            for flag, key in (("static", "is_static"), ("inline", "is_inline")):
                if bool(d.get(key)) != ln.flag(flag):
                    e(f"@{flag} differs")
            self.asm(d, ln, e)
        if k in ("struct", "union", "typedef", "variable", "function"):
            dep = [t for t in ln.tags if t == "deprecated" or t.startswith("deprecated(")]
            if (d.get("deprecated") is not None) != bool(dep):
                e("@deprecated differs")
            elif dep and self.v != "compact" and d["deprecated"]:
                if ln.tag_values("deprecated") != [json.dumps(d["deprecated"])]:
                    e(f"deprecation message {dep}, IR {d['deprecated']!r}")
        if self.v != "compact" and d.get("location"):
            loc = d["location"]
            if ln.tag_values_l() != [loc["line"]] or ln.file != loc["file"]:
                e(f"location {ln.file}:{ln.tag_values_l()}, IR {loc['file']}:{loc['line']}")
        if not quiet:
            for x in errs:
                self.err(f"line {ln.lineno}: {k} {d.get('name') or '(anonymous)'}: {x}")
        return errs

    def asm(self, d, ln, e):
        want = [json.dumps(d["asm_name"])] if d.get("asm_name") else []
        if ln.tag_values("asm") != want:
            e(f"@asm {ln.tag_values('asm')}, IR {want}")


def _types_of_line(ln: Line):
    if "type" in ln.data:
        yield ln.data["type"]
    if "sig" in ln.data:
        yield ln.data["sig"]
    if ln.kind in ("struct", "union") and ln.data.get("body"):
        for f in ln.data["body"]:
            yield f[1]


def _collect_enums(t, out: Counter):
    """Counts the inline anonymous enums in a canonical type."""
    if not isinstance(t, tuple):
        return
    if t and t[0] == "E":
        out[t] += 1
    for x in t:
        if isinstance(x, tuple):
            _collect_enums(x, out)


def _loc(d) -> str:
    loc = d.get("location") or {}
    return f"{loc.get('file')}:{loc.get('line')}"


# --------------------------------------------------------------------------------------------
# Sizes and layout assertions


def own_files(ir: dict, base: str) -> list[str]:
    """The header's own files: the distinct files of the IR's declarations."""
    files = {d["location"]["file"] for d in ir["declarations"] if d.get("location")}
    return sorted(os.path.normpath(os.path.join(base, f)) for f in files)


def c_type_name(ln: Line) -> str | None:
    if ln.name is None:
        return None
    if ln.flag("typedef"):
        return ln.name
    return {"struct": "struct ", "union": "union ", "enum": "enum "}[ln.kind] + ln.name


def norm(t):
    """A canonical type or member without the offsets the text may state (`@+N`)."""
    if not isinstance(t, tuple):
        return t
    if t and t[0] == "S":
        return ("S", t[1], tuple(norm(f[:-1]) for f in t[2]), t[3])
    return tuple(norm(x) for x in t)


def layout_program(lines: list[Line]) -> tuple[str, int]:
    """A C program (to follow the header) checking every size, alignment and member offset
    the lines state: `_Static_assert`s for sizes, alignments and offsets, and for bit-fields
    (which `offsetof` cannot take) code in `main` that sets the field's bits in a zeroed object
    and finds the first one. Returns (the program, the number of checks)."""
    static, runtime = [], []

    def guarded(names, text, out):
        # a member or type name that is also a macro would be expanded: leave it out
        cond = " && ".join(f"!defined({n})" for n in sorted(set(names)))
        out.append(f"#if {cond}\n{text}\n#endif")

    def members(tname, fields, path, base, names):
        for name, ty, width, _tags, off in fields:
            if off is None:
                continue
            p = path + ([name] if name else [])
            member = ".".join(p)
            if width is not None:
                bit = (base + off[0]) * 8 + off[1] if isinstance(off, tuple) else None
                if name and bit is not None and width > 0 and "const" not in ty[2]:
                    guarded(names + p, f"  {{ {tname} v; memset(&v, 0, sizeof v); v.{member} = -1; "
                            f"check(\"bit offset of {member} in {tname}\", first_bit(&v, sizeof v), {bit}); }}",
                            runtime)
                continue
            if isinstance(off, tuple):
                continue
            if name:
                guarded(names + p, f"_Static_assert(offsetof({tname}, {member}) == {base + off}, "
                        f"\"offset of {member} in {tname}\");", static)
            anon = ty[3] if ty[0] == "c" else None
            if anon and anon[0] == "S":
                # an inline record: its members' offsets are relative to it
                members(tname, anon[2], p, base + off, names)

    for ln in lines:
        if ln.kind not in ("struct", "union", "enum"):
            continue
        tname = c_type_name(ln)
        if tname is None:
            continue
        names = [ln.name]
        for tag, op in (("size", "sizeof"), ("align", "_Alignof")):
            for v in ln.tag_values(tag):
                guarded(names, f"_Static_assert({op}({tname}) == {v}, \"{op} {tname}\");", static)
        if ln.kind != "enum" and ln.data.get("body") and ln.tag_values("size"):
            members(tname, ln.data["body"], [], 0, names)
    prog = "\n".join([
        "#include <stddef.h>", "#include <stdio.h>", "#include <string.h>",
        *static,
        "static int bad;",
        "static long first_bit(const void *p, size_t n) {",
        "  const unsigned char *b = p;",
        "  for (size_t i = 0; i < n * 8; i++) if (b[i / 8] >> (i % 8) & 1) return (long)i;",
        "  return -1;",
        "}",
        "static void check(const char *what, long got, long want) {",
        "  if (got != want) { printf(\"%s: %ld, the text says %ld\\n\", what, got, want); bad = 1; }",
        "}",
        "int main(void) {",
        *runtime,
        "  return bad;",
        "}",
        "",
    ])
    return prog, len(static) + len(runtime)


def check(raw: bytes, ir: dict, base: str = ".", layout: bool = False) -> tuple[dict, str | None]:
    """Reads `raw` (the prompt text) back against `ir` (the JSON IR). Returns the result
    object main prints and, with `layout`, the layout-checking C program."""
    result = {"ok": False, "errors": [], "error_count": 0, "lines": 0,
              "declarations": len(ir["declarations"]), "prompt_bytes": len(raw)}
    files = own_files(ir, base)
    result["header_files"] = len(files)
    result["header_bytes"] = sum(os.path.getsize(f) for f in files if os.path.isfile(f))
    missing = [f for f in files if not os.path.isfile(f)]
    try:
        first, lines = parse_prompt(raw.decode("utf-8"))
    except (ParseError, UnicodeDecodeError) as e:
        result["errors"] = [f"parse: {e}"]
        result["error_count"] = 1
        return result, None
    m = re.fullmatch(r"// .* \(headerkit (compact|standard|verbose)\)", first)
    verbosity = m.group(1) if m else "compact"
    ck = Checker(ir, lines, verbosity)
    if not m:
        ck.err(f"line 1: {first!r} does not name the verbosity")
    ck.run()
    for f in missing:
        ck.err(f"the header file {f} does not exist (--base?)")
    result["lines"] = len(lines)
    result["verbosity"] = verbosity
    prog = None
    if layout:
        prog, result["layout_checks"] = layout_program(lines)
    result["errors"] = ck.errors[:20]
    result["error_count"] = len(ck.errors)
    result["ok"] = not ck.errors
    return result, prog


# Mutations for --self-test: each changes what a line says, so the reader must object.
MUTATIONS = [
    (r"\bint\b", "long"),
    (r"\*", ""),
    (r"const ", ""),
    (r"=(-?\d+)", lambda m: "=%d" % (int(m.group(1)) + 1)),
    (r"\b([a-z_]\w*):", r"\1x:"),
    (r" @typedef", ""),
    (r"\.\.\.", "x:int"),
    (r"\(void\)", "()"),
    (r":(\d+)\b", lambda m: ":%d" % (int(m.group(1)) + 1)),
    (r"\[(\d*)\]", lambda m: "[%s]" % ((m.group(1) or "0") + "1")),
    (r'"', "'"),
    (r", ", ", x:int, "),
    (r"@L(\d+)", lambda m: "@L%d" % (int(m.group(1)) + 1)),
]


def self_test(raw: bytes, ir: dict, base: str) -> tuple[int, list[str]]:
    """Applies every mutation to every declaration line of a text that reads back cleanly
    (and deletes and doubles each line); returns (mutants tried, mutants the reader accepted)."""
    lines = raw.decode("utf-8").split("\n")
    tried, missed = 0, []
    for i in range(1, len(lines) - 1):
        if lines[i].startswith("FILE "):
            continue
        variants = [lines[:i] + lines[i + 1 :], lines[:i] + [lines[i]] + lines[i:]]
        for pat, rep in MUTATIONS:
            new = re.sub(pat, rep, lines[i], count=1)
            if new != lines[i]:
                variants.append(lines[:i] + [new] + lines[i + 1 :])
        for v in variants:
            tried += 1
            res, _ = check("\n".join(v).encode(), ir, base)
            if res["ok"]:
                changed = [x for x in v if x not in lines] or ["(line %d deleted or doubled)" % (i + 1)]
                missed.append(changed[0][:200])
    return tried, missed


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("prompt")
    ap.add_argument("ir")
    ap.add_argument("--base", default=".", help="directory the IR's relative file names start from")
    ap.add_argument("--layout-c", help="write the layout-checking C program here")
    ap.add_argument("--self-test", action="store_true",
                    help="also check that the reader rejects every mutant of each line")
    a = ap.parse_args(argv)
    with open(a.prompt, "rb") as f:
        raw = f.read()
    with open(a.ir) as f:
        ir = json.load(f)
    result, prog = check(raw, ir, a.base, bool(a.layout_c))
    if a.layout_c and prog is not None:
        with open(a.layout_c, "w") as f:
            f.write(prog)
    if a.self_test and result["ok"]:
        tried, missed = self_test(raw, ir, a.base)
        result["mutants"] = tried
        result["mutants_accepted"] = missed[:20]
        if missed:
            result["ok"] = False
            result["errors"] = [f"the reader accepts a mutant: {m}" for m in missed[:20]]
            result["error_count"] = len(missed)
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
