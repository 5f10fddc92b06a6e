//! Data-driven tests of the diff writer: every `grammar-tests/diff/*.h` is a case, compared
//! with its baseline (`grammar-tests/diff/old/`, named by the case's `// args: --baseline ...`)
//! by `headerkit --target x86_64-unknown-linux-gnu CASE.h -w diff ARGS`, run in the case
//! directory; the expected reports are `<case>.diff.json` and, with `format=markdown`,
//! `<case>.diff.md` beside it. See `grammar-tests/README.md`.
//!
//! The consumer is the oracle. Every JSON report must parse, list exactly the kinds the case's
//! `// expect: ...` lines name and agree with its own summary (checked here, always); and
//! `scripts/hk_diff_check.py` validates it against `docs/diff-schema.json` with `jsonschema`
//! and reads the Markdown report back with a CommonMark parser (markdown-it-py): every
//! entry's text must be what the JSON says. That needs a Python with jsonschema and
//! markdown-it-py: `target/venv/bin/python` (what `scripts/test` creates), else
//! `$HEADERKIT_PYTHON`, else `python3`; without one that part is skipped with a note
//! (`HEADERKIT_DIFF=require` makes that a failure, `HEADERKIT_DIFF=0` skips it).
//!
//! Environment knobs: `HEADERKIT_BLESS=1` rewrites goldens from the current output (only where
//! the oracle accepts it; `force` rewrites regardless), `HEADERKIT_CASE=SUB` runs matching
//! cases, `HEADERKIT_BIN=PATH` runs another binary.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/writer_cases.rs"]
mod writer_cases;
use writer_cases::{Case, WriterCases, consumer_missing, python_with};

const TARGET: [&str; 2] = ["--target", "x86_64-unknown-linux-gnu"];

/// The kinds a case expects: the words of its leading `// expect:` lines.
fn expected_kinds(dir: &Path, name: &str) -> BTreeSet<String> {
    let src = fs::read_to_string(dir.join(format!("{name}.h"))).unwrap();
    src.lines()
        .take_while(|l| l.starts_with("//"))
        .filter_map(|l| l.trim_start_matches('/').trim().strip_prefix("expect:"))
        .flat_map(|l| l.split_whitespace().map(str::to_string))
        .collect()
}

/// The checks that need nothing but the report: it parses, its summary agrees with its
/// entries, and its kinds are the expected ones.
fn check_json(case: &Case) -> Result<(), String> {
    let v: serde_json::Value =
        serde_json::from_str(case.output).map_err(|e| format!("not JSON: {e}"))?;
    let entries = v["entries"].as_array().ok_or("no entries array")?;
    if v["summary"]["total"].as_u64() != Some(entries.len() as u64) {
        return Err(format!(
            "summary total {} but {} entries",
            v["summary"]["total"],
            entries.len()
        ));
    }
    let kinds: BTreeSet<String> = entries
        .iter()
        .filter_map(|e| e["kind"].as_str().map(str::to_string))
        .collect();
    let want = expected_kinds(case.dir, case.name);
    if kinds != want {
        return Err(format!(
            "kinds: expected {want:?}, got {kinds:?} (the case's // expect: lines)"
        ));
    }
    Ok(())
}

/// Runs `scripts/hk_diff_check.py` on the JSON report (and the Markdown one).
fn python_check(py: &Path, json: &Path, markdown: Option<&Path>) -> Result<(), String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/hk_diff_check.py");
    let mut cmd = Command::new(py);
    cmd.arg(&script).arg(json);
    if let Some(md) = markdown {
        cmd.arg("--markdown").arg(md);
    }
    let o = cmd
        .output()
        .map_err(|e| format!("cannot run {}: {e}", py.display()))?;
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "hk_diff_check.py: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ))
    }
}

fn python() -> Option<PathBuf> {
    if std::env::var("HEADERKIT_DIFF").as_deref() == Ok("0") {
        return None;
    }
    let py = python_with("jsonschema, markdown_it");
    if py.is_none() {
        consumer_missing(
            "HEADERKIT_DIFF",
            "no Python with jsonschema and markdown-it-py (run scripts/test, or \
             python3 -m venv target/venv && target/venv/bin/pip install jsonschema markdown-it-py)",
        );
    }
    py
}

/// The JSON reports, then the Markdown ones (whose oracle reads the JSON goldens).
#[test]
fn diff_cases() {
    let py = python();
    json_cases(py.as_deref());
    markdown_cases(py.as_deref());
}

fn json_cases(py: Option<&Path>) {
    let check = |case: &Case| -> Result<(), String> {
        check_json(case)?;
        if let Some(py) = py {
            let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
            let file = tmp.path().join(format!("{}.diff.json", case.name));
            fs::write(&file, case.output).map_err(|e| e.to_string())?;
            python_check(py, &file, None)?;
        }
        Ok(())
    };
    let cfg = WriterCases {
        dir: "grammar-tests/diff",
        writer: "diff",
        golden_ext: ".diff.json",
        base_args: &TARGET,
    };
    writer_cases::run(&cfg, Some(&check));
}

/// The Markdown report of each case must say what its JSON golden says.
fn markdown_cases(py: Option<&Path>) {
    let check = |case: &Case| -> Result<(), String> {
        let Some(py) = py else { return Ok(()) };
        let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
        let file = tmp.path().join(format!("{}.diff.md", case.name));
        fs::write(&file, case.output).map_err(|e| e.to_string())?;
        let json = case.dir.join(format!("{}.diff.json", case.name));
        python_check(py, &json, Some(&file))
    };
    let cfg = WriterCases {
        dir: "grammar-tests/diff",
        writer: "diff",
        golden_ext: ".diff.md",
        base_args: &[TARGET[0], TARGET[1], "--writer-opt", "diff:format=markdown"],
    };
    writer_cases::run(&cfg, Some(&check));
}
