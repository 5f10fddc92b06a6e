#!/usr/bin/env python3
"""The diff writer's consumer check: a report read the way its users read it.

usage: hk_diff_check.py REPORT.json [--expect 'KIND ...'] [--markdown REPORT.md]
                        [--schema docs/diff-schema.json]

* The JSON report is validated against the schema with `jsonschema` (Draft 2020-12), and its
  summary must agree with its entries (total, breaking, non_breaking, by_kind).
* --expect: the set of entry kinds must be exactly these (space-separated; '' for none).
* --markdown: the Markdown report of the same comparison is parsed by a CommonMark parser
  (markdown-it-py, tables on) and read back: the title, the summary table, and, per severity
  section and kind heading, every entry's name, detail, baseline, target and location as the
  reader sees them; all must equal the JSON's (so escaping loses nothing).

Prints `ok: N entries` or the problems; exits 0 or 1 (2 when a package is missing).
Importable: check_report(), check_markdown().
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "docs" / "diff-schema.json"

try:
    import jsonschema
    from markdown_it import MarkdownIt
except ImportError as e:  # pragma: no cover - reported to the caller
    print(f"hk_diff_check: missing package: {e.name} (pip install jsonschema markdown-it-py)")
    sys.exit(2)

SECTIONS = {"Breaking Changes": "breaking", "Non-Breaking Changes": "non_breaking"}


def check_report(report: dict, schema: dict) -> list[str]:
    """Schema validation and summary consistency."""
    problems = []
    validator = jsonschema.Draft202012Validator(schema)
    for err in sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in err.absolute_path) or "(root)"
        problems.append(f"schema: {where}: {err.message}")
    if problems:
        return problems
    entries = report["entries"]
    s = report["summary"]
    breaking = sum(e["severity"] == "breaking" for e in entries)
    by_kind: dict[str, int] = {}
    for e in entries:
        by_kind[e["kind"]] = by_kind.get(e["kind"], 0) + 1
    if s["total"] != len(entries):
        problems.append(f"summary: total {s['total']} but {len(entries)} entries")
    if s["breaking"] != breaking or s["non_breaking"] != len(entries) - breaking:
        problems.append(f"summary: breaking {s['breaking']}/non_breaking {s['non_breaking']} "
                        f"but the entries say {breaking}/{len(entries) - breaking}")
    if s["by_kind"] != by_kind:
        problems.append(f"summary: by_kind {s['by_kind']} but the entries say {by_kind}")
    if list(s["by_kind"]) != sorted(s["by_kind"]):
        problems.append("summary: by_kind keys are not sorted")
    return problems


def _inline_text(tok) -> str:
    """What a reader sees of an inline token: text and code, markup gone."""
    out = []
    for c in tok.children or []:
        if c.type in ("text", "code_inline"):
            out.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def read_markdown(text: str) -> dict:
    """The Markdown report as data: title, summary rows, and entries in reading order."""
    md = MarkdownIt("commonmark").enable("table")
    toks = md.parse(text)
    doc = {"title": None, "summary": {}, "entries": [], "no_changes": False, "stray": []}
    severity = kind = None
    cell_row: list[str] = []
    in_body = in_head = False
    list_depth = 0
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.type == "heading_open":
            text_ = _inline_text(toks[i + 1])
            if t.tag == "h1":
                doc["title"] = text_
            elif t.tag == "h2":
                severity = SECTIONS.get(text_)
                kind = None
            elif t.tag == "h3":
                kind = text_
            i += 3
            continue
        if t.type in ("thead_open", "thead_close"):
            in_head = t.type == "thead_open"
        elif t.type == "tbody_open":
            in_body = True
        elif t.type == "tbody_close":
            in_body = False
        elif t.type == "tr_open":
            cell_row = []
        elif t.type == "inline" and in_body:
            cell_row.append(_inline_text(t))
        elif t.type == "tr_close" and in_body and len(cell_row) == 2:
            doc["summary"][cell_row[0]] = cell_row[1]
        elif t.type == "bullet_list_open":
            list_depth += 1
        elif t.type == "bullet_list_close":
            list_depth -= 1
        elif t.type == "inline" and in_head:
            pass
        elif t.type == "inline" and list_depth == 1:
            # `**name**: detail`
            ch = [c for c in t.children or [] if not (c.type == "text" and not c.content)]
            if len(ch) >= 3 and ch[0].type == "strong_open":
                close = next(k for k, c in enumerate(ch) if c.type == "strong_close")
                name = "".join(c.content for c in ch[1:close] if c.type in ("text", "code_inline"))
                rest = "".join(c.content for c in ch[close + 1:] if c.type in ("text", "code_inline"))
                detail = rest[2:] if rest.startswith(": ") else None
                doc["entries"].append({"severity": severity, "kind": kind, "name": name,
                                       "detail": detail})
            else:
                doc["stray"].append(_inline_text(t))
        elif t.type == "inline" and list_depth == 2 and doc["entries"]:
            ch = [c for c in t.children or [] if not (c.type == "text" and not c.content)]
            label = ch[0].content if ch and ch[0].type == "text" else ""
            code = [c.content for c in ch if c.type == "code_inline"]
            key = {"Baseline: ": "baseline", "Target: ": "target", "Location: ": "location"}.get(label)
            if key and len(code) == 1 and len(ch) == 2:
                doc["entries"][-1][key] = code[0]
            else:
                doc["stray"].append(_inline_text(t))
        elif t.type == "inline" and list_depth == 0:
            text_ = _inline_text(t)
            if text_ == "No changes detected.":
                doc["no_changes"] = True
            else:
                doc["stray"].append(text_)
        i += 1
    return doc


def check_markdown(text: str, report: dict) -> list[str]:
    """The Markdown report must say what the JSON report says."""
    problems = []
    doc = read_markdown(text)
    base = report["baseline"] if report["baseline"] is not None else "(no baseline)"
    want_title = f"API Diff: {base} -> {report['target']}"
    if doc["title"] != want_title:
        problems.append(f"markdown: title {doc['title']!r}, expected {want_title!r}")
    s = report["summary"]
    want_rows = {"Breaking": str(s["breaking"]), "Non-breaking": str(s["non_breaking"]),
                 "Total": str(s["total"])}
    if doc["summary"] != want_rows:
        problems.append(f"markdown: summary table {doc['summary']}, expected {want_rows}")
    if doc["stray"]:
        problems.append(f"markdown: unexpected text {doc['stray'][:3]}")
    if doc["no_changes"] != (not report["entries"]):
        problems.append("markdown: 'No changes detected.' does not match the entries")
    # The JSON entries in the Markdown's reading order: by severity section, then by kind in
    # order of first appearance, then in report order.
    want = []
    for sev in ("breaking", "non_breaking"):
        mine = [e for e in report["entries"] if e["severity"] == sev]
        kinds = list(dict.fromkeys(e["kind"] for e in mine))
        for k in kinds:
            for e in mine:
                if e["kind"] != k:
                    continue
                w = {"severity": sev, "kind": k,
                     "name": e["name"] if e["name"] is not None else "(anonymous enum)",
                     "detail": e["detail"]}
                for key in ("baseline", "target", "location"):
                    if key in e:
                        w[key] = " ".join(e[key].splitlines())
                want.append(w)
    got = doc["entries"]
    if len(got) != len(want):
        problems.append(f"markdown: {len(got)} entries, the JSON has {len(want)}")
    for n, (g, w) in enumerate(zip(got, want)):
        if g != w:
            problems.append(f"markdown: entry {n}: read {g}, expected {w}")
            break
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("--expect", help="the exact set of kinds, space-separated")
    ap.add_argument("--markdown", type=Path)
    ap.add_argument("--schema", type=Path, default=SCHEMA)
    a = ap.parse_args()
    try:
        report = json.loads(a.report.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"not a JSON report: {a.report}: {e}")
        return 1
    schema = json.loads(a.schema.read_text(encoding="utf-8"))
    problems = check_report(report, schema)
    if not problems and a.expect is not None:
        got = {e["kind"] for e in report["entries"]}
        want = set(a.expect.split())
        if got != want:
            problems.append(f"kinds: missing {sorted(want - got)}, unexpected {sorted(got - want)}")
    if not problems and a.markdown:
        problems += check_markdown(a.markdown.read_text(encoding="utf-8"), report)
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"ok: {len(report['entries'])} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
