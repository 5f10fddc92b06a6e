//! Data-driven tests of the cython writer: every `grammar-tests/cython/*.h` is a case, written by
//! `headerkit -D_GNU_SOURCE -DNDEBUG CASE.h -w cython ARGS` (run in the case directory); the
//! expected output is `<case>.pxd` beside it. See `grammar-tests/README.md`.
//!
//! The consumer is the oracle: every golden is also handed to real Cython by
//! `scripts/hk_cython_check.py`, which generates a `.pyx` that cimports it and uses every
//! declaration (each function assigned to a pointer of its declared signature, sizeof of each
//! record, the address and type of each member and global, each constant read), cythonizes it,
//! compiles it with gcc against the case header (incompatible pointer types are errors, so a
//! wrong signature or member type fails) and imports it, every function and global stubbed at
//! address 0. The `.pxd` may cimport only Cython's own `libc.*`/`posix.*` (and, in the
//! `stub_cimport_prefix` case, the stub modules under `grammar-tests/cython/stubs/`). That needs a
//! Python with Cython: `target/venv/bin/python` (what `scripts/test` creates), else
//! `$HEADERKIT_PYTHON`, else `python3`; without one the oracle is skipped with a note
//! (`HEADERKIT_CYTHON=require` makes that a failure, `HEADERKIT_CYTHON=0` disables the oracle).
//!
//! `-D_GNU_SOURCE -DNDEBUG`: the module Cython writes includes Python.h first, which defines
//! the first, and the check compiles with the second.
//!
//! Environment knobs: `HEADERKIT_BLESS=1` rewrites goldens from the current output (only where
//! Cython accepts it; `force` rewrites regardless), `HEADERKIT_CASE=SUB` runs matching cases,
//! `HEADERKIT_BIN=PATH` runs another binary.

use std::fs;
use std::path::Path;
use std::process::Command;

#[path = "support/writer_cases.rs"]
mod writer_cases;
use writer_cases::{Case, WriterCases, consumer_missing, python_with};

/// Modules a `.pxd` of the cases may cimport from.
const ALLOWED_CIMPORTS: &[&str] = &["libc.", "posix.", "stubs."];

/// Runs the Cython oracle on the case's output.
fn oracle(py: &Path, case: &Case) -> Result<(), String> {
    for line in case.output.lines() {
        if let Some(rest) = line
            .strip_prefix("from ")
            .or_else(|| line.strip_prefix("cimport "))
            && !ALLOWED_CIMPORTS.iter().any(|m| rest.starts_with(m))
        {
            return Err(format!("the .pxd cimports something of ours: {line}"));
        }
    }
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = tmp.path().join(format!("{}.pxd", case.name));
    fs::write(&file, case.output).map_err(|e| e.to_string())?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/hk_cython_check.py");
    let o = Command::new(py)
        .arg(&script)
        .arg(&file)
        .arg("-I")
        .arg(case.dir)
        .arg("--cimport-dir")
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
            "Cython rejects it: {last}\n{}",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .filter(|l| !l.contains("noexcept"))
                .take(10)
                .collect::<Vec<_>>()
                .join("\n")
        ))
    }
}

#[test]
fn cython_cases() {
    let py = if std::env::var("HEADERKIT_CYTHON").as_deref() == Ok("0") {
        None
    } else {
        python_with("Cython")
    };
    if py.is_none() {
        consumer_missing(
            "HEADERKIT_CYTHON",
            "no Python with Cython (run scripts/test, or \
             python3 -m venv target/venv && target/venv/bin/pip install cython)",
        );
    }
    let check = |case: &Case| oracle(py.as_deref().unwrap(), case);
    let cfg = WriterCases {
        dir: "grammar-tests/cython",
        writer: "cython",
        golden_ext: ".pxd",
        base_args: &["-D_GNU_SOURCE", "-DNDEBUG"],
    };
    writer_cases::run(
        &cfg,
        py.as_ref()
            .map(|_| &check as &dyn Fn(&Case) -> Result<(), String>),
    );
}
