//! Data-driven tests of the cffi writer: every `grammar-tests/cffi/*.h` is a case, written by
//! `headerkit -D_GNU_SOURCE -DNDEBUG CASE.h -w cffi ARGS` (run in the case directory); the expected
//! output is `<case>.cdef.txt` beside it. See `grammar-tests/README.md`.
//!
//! The consumer is the oracle: every golden is also handed to real cffi by
//! `scripts/hk_cffi_check.py` (cdef accepted, module built with `set_source` against the case
//! header and imported, every struct and union measured by cffi and by the compiler). That needs
//! a Python with cffi and setuptools: `target/venv/bin/python` (what `scripts/test` creates),
//! else `$HEADERKIT_PYTHON`, else `python3`; without one the oracle is skipped with a note
//! (`HEADERKIT_CFFI=require` makes that a failure, `HEADERKIT_CFFI=0` disables the oracle).
//!
//! `-D_GNU_SOURCE -DNDEBUG`: cffi's module includes Python.h first, which defines the first,
//! and Python's compiler flags have the second.
//!
//! Environment knobs: `HEADERKIT_BLESS=1` rewrites goldens from the current output (only where
//! cffi accepts it; `force` rewrites regardless), `HEADERKIT_CASE=SUB` runs matching cases,
//! `HEADERKIT_BIN=PATH` runs another binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const CASE_DIR: &str = "grammar-tests/cffi";

/// `// args: ...` from the case's leading comment lines (split at whitespace; `'...'` quotes).
fn case_args(src: &str) -> Vec<String> {
    for line in src.lines() {
        let Some(rest) = line.strip_prefix("//") else {
            break;
        };
        if let Some(v) = rest.trim().strip_prefix("args:") {
            let mut args = Vec::new();
            let mut cur: Option<String> = None;
            let mut quoted = false;
            for c in v.chars() {
                match c {
                    '\'' => {
                        quoted = !quoted;
                        cur.get_or_insert_with(String::new);
                    }
                    c if c.is_whitespace() && !quoted => args.extend(cur.take()),
                    c => cur.get_or_insert_with(String::new).push(c),
                }
            }
            args.extend(cur);
            return args;
        }
    }
    Vec::new()
}

fn python() -> Option<PathBuf> {
    if std::env::var("HEADERKIT_CFFI").as_deref() == Ok("0") {
        return None;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cands = vec![root.join("target/venv/bin/python")];
    if let Ok(p) = std::env::var("HEADERKIT_PYTHON") {
        cands.insert(0, PathBuf::from(p));
    }
    cands.push(PathBuf::from("python3"));
    cands.into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import cffi, setuptools"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Runs the cffi oracle on `cdef` for the case header `name` in `dir`.
fn oracle(py: &Path, dir: &Path, name: &str, cdef: &str) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = tmp.path().join(format!("{name}.cdef.txt"));
    fs::write(&file, cdef).map_err(|e| e.to_string())?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/hk_cffi_check.py");
    let o = Command::new(py)
        .arg(&script)
        .arg(&file)
        .arg(format!("#include \"{name}.h\""))
        .arg("-I")
        .arg(dir)
        .arg("--stub-symbols")
        .env("TMPDIR", tmp.path())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", py.display()))?;
    let out = String::from_utf8_lossy(&o.stdout);
    let last = out.lines().last().unwrap_or("").to_string();
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "cffi rejects it: {last}\n{}",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .filter(|l| !l.contains("Warning") && !l.contains("warnings.warn"))
                .take(10)
                .collect::<Vec<_>>()
                .join("\n")
        ))
    }
}

#[test]
fn cffi_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join(CASE_DIR);
    let bin = std::env::var("HEADERKIT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_BIN_EXE_headerkit")));
    let bless = std::env::var("HEADERKIT_BLESS").unwrap_or_default();
    let only = std::env::var("HEADERKIT_CASE").unwrap_or_default();
    let py = python();
    if py.is_none() {
        let msg = "no Python with cffi and setuptools (run scripts/test, or \
                   python3 -m venv target/venv && target/venv/bin/pip install cffi setuptools)";
        assert!(
            std::env::var("HEADERKIT_CFFI").as_deref() != Ok("require"),
            "{msg}"
        );
        eprintln!("grammar_cffi: skipping the cffi oracle: {msg}");
    }
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.strip_suffix(".h").map(str::to_string)
        })
        .filter(|n| n.contains(&only))
        .collect();
    names.sort();
    assert!(
        !names.is_empty() || !only.is_empty(),
        "no cases in {CASE_DIR}"
    );
    let mut failures = Vec::new();
    for name in &names {
        let src = fs::read_to_string(dir.join(format!("{name}.h"))).unwrap();
        let o = Command::new(&bin)
            .current_dir(&dir)
            .args(["-D_GNU_SOURCE", "-DNDEBUG"])
            .arg(format!("{name}.h"))
            .args(["-w", "cffi"])
            .args(case_args(&src))
            .output()
            .unwrap();
        if !o.status.success() {
            failures.push(format!(
                "{name}: exit {:?}: {}",
                o.status.code(),
                String::from_utf8_lossy(&o.stderr)
            ));
            continue;
        }
        let actual = String::from_utf8_lossy(&o.stdout).into_owned();
        let verdict = match &py {
            Some(py) => oracle(py, &dir, name, &actual),
            None => Ok(()),
        };
        let golden = dir.join(format!("{name}.cdef.txt"));
        let expected = fs::read_to_string(&golden).unwrap_or_default();
        if actual != expected {
            if bless == "force" || (bless == "1" && verdict.is_ok()) {
                fs::write(&golden, &actual).unwrap();
            } else {
                failures.push(format!(
                    "{name}: output differs from {}:\n--- expected\n{expected}\n--- actual\n{actual}",
                    golden.display()
                ));
            }
        }
        if let Err(e) = verdict {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
