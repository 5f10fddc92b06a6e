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
use std::path::Path;
use std::process::Command;

#[path = "support/writer_cases.rs"]
mod writer_cases;
use writer_cases::{Case, WriterCases, consumer_missing, python_with};

/// Runs the cffi oracle on the case's output.
fn oracle(py: &Path, case: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = tmp.path().join(format!("{}.cdef.txt", case.name));
    fs::write(&file, case.output).map_err(|e| e.to_string())?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/hk_cffi_check.py");
    let o = Command::new(py)
        .arg(&script)
        .arg(&file)
        .arg(format!("#include \"{}.h\"", case.name))
        .arg("-I")
        .arg(case.dir)
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
    let py = if std::env::var("HEADERKIT_CFFI").as_deref() == Ok("0") {
        None
    } else {
        python_with("cffi, setuptools")
    };
    if py.is_none() {
        consumer_missing(
            "HEADERKIT_CFFI",
            "no Python with cffi and setuptools (run scripts/test, or \
             python3 -m venv target/venv && target/venv/bin/pip install cffi setuptools)",
        );
    }
    let check = |case: &Case| oracle(py.as_deref().unwrap(), case);
    let cfg = WriterCases {
        dir: "grammar-tests/cffi",
        writer: "cffi",
        golden_ext: ".cdef.txt",
        base_args: &["-D_GNU_SOURCE", "-DNDEBUG"],
    };
    writer_cases::run(&cfg, py.as_ref().map(|_| &check as &writer_cases::Oracle));
}
