//! Data-driven tests of the ctypes writer: every `grammar-tests/ctypes/*.h` is a case, written by
//! `headerkit CASE.h -w ctypes ARGS` (run in the case directory); the expected output is
//! `<case>_ctypes.py` beside it. See `grammar-tests/README.md`.
//!
//! The consumer is the oracle: every golden is also imported by Python and checked by
//! `scripts/hk_ctypes_check.py` against a C program compiled with gcc against the case header:
//! every struct and union's size, alignment, member offsets and bit-fields (written through
//! ctypes, compared byte for byte), every constant and enumerator, and global variables. The
//! library is built from `<case>.c` when the case has one (else every symbol is a stub), and
//! `<case>.calls.py`, when present, calls into it through the module. That needs `python3` and
//! `gcc`: `target/venv/bin/python` (what `scripts/test` creates), else `$HEADERKIT_PYTHON`, else
//! `python3`; without them the oracle is skipped with a note (`HEADERKIT_CTYPES=require` makes
//! that a failure, `HEADERKIT_CTYPES=0` disables the oracle).
//!
//! Environment knobs: `HEADERKIT_BLESS=1` rewrites goldens from the current output (only where
//! the oracle accepts it; `force` rewrites regardless), `HEADERKIT_CASE=SUB` runs matching cases,
//! `HEADERKIT_BIN=PATH` runs another binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/writer_cases.rs"]
mod writer_cases;
use writer_cases::{Case, WriterCases, case_args, consumer_missing, python_with};

fn bin() -> PathBuf {
    std::env::var("HEADERKIT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_BIN_EXE_headerkit")))
}

/// Runs the ctypes oracle on the case's output.
fn oracle(py: &Path, case: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let module = tmp.path().join(format!("{}_ctypes.py", case.name));
    fs::write(&module, case.output).map_err(|e| e.to_string())?;
    // the IR, for the constants and enumerators to compare
    let header = case.dir.join(format!("{}.h", case.name));
    let src = fs::read_to_string(&header).map_err(|e| e.to_string())?;
    let ir = tmp.path().join(format!("{}.json", case.name));
    let o = Command::new(bin())
        .current_dir(case.dir)
        .arg(format!("{}.h", case.name))
        .args(reader_args(&case_args(&src)))
        .args(["-w", "json", "-o"])
        .arg(format!("json:{}", ir.display()))
        .output()
        .map_err(|e| e.to_string())?;
    if !o.status.success() {
        return Err(format!(
            "json: {}",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .next()
                .unwrap_or("")
        ));
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/hk_ctypes_check.py");
    let mut cmd = Command::new(py);
    cmd.arg(&script)
        .arg(&module)
        .arg(format!("#include \"{}.h\"", case.name))
        .arg("-I")
        .arg(case.dir)
        .arg("--ir")
        .arg(&ir)
        .arg("--keep")
        .arg(tmp.path().join("check"))
        .arg("--stub");
    let lib = case.dir.join(format!("{}.c", case.name));
    if lib.exists() {
        cmd.arg(&lib);
    }
    let calls = case.dir.join(format!("{}.calls.py", case.name));
    if calls.exists() {
        cmd.arg("--calls").arg(&calls);
    }
    let o = cmd
        .env("TMPDIR", tmp.path())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", py.display()))?;
    let out = String::from_utf8_lossy(&o.stdout);
    let last = out.lines().last().unwrap_or("").to_string();
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "the ctypes check fails: {last}\n{}",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .take(10)
                .collect::<Vec<_>>()
                .join("\n")
        ))
    }
}

/// The case's arguments without the ctypes writer's options (for the json run).
fn reader_args(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--writer-opt" {
            it.next();
        } else if !a.starts_with("--writer-opt=") {
            out.push(a.clone());
        }
    }
    out
}

fn have_gcc() -> bool {
    Command::new("gcc")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn ctypes_cases() {
    let py = if std::env::var("HEADERKIT_CTYPES").as_deref() == Ok("0") {
        None
    } else {
        python_with("ctypes").filter(|_| have_gcc())
    };
    if py.is_none() {
        consumer_missing(
            "HEADERKIT_CTYPES",
            "no python3 with ctypes, or no gcc (install python3 and gcc)",
        );
    }
    let check = |case: &Case| oracle(py.as_deref().unwrap(), case);
    let cfg = WriterCases {
        dir: "grammar-tests/ctypes",
        writer: "ctypes",
        golden_ext: "_ctypes.py",
        base_args: &[],
    };
    writer_cases::run(
        &cfg,
        py.as_ref()
            .map(|_| &check as &dyn Fn(&Case) -> Result<(), String>),
    );
}
