//! Data-driven tests of the prompt writer: every `grammar-tests/prompt/*.h` is a case, written
//! by `headerkit CASE.h -w prompt ARGS` (run in the case directory); the expected output is
//! `<case>_prompt.txt` beside it. See `grammar-tests/README.md` and `docs/prompt-grammar.md`.
//!
//! The consumer is the oracle: a reader of the grammar, `scripts/hk_prompt.py` (its own
//! parser, sharing nothing with the writer), reads every golden back against the JSON IR of
//! the same header: every declaration once, with the same names, types, parameter names,
//! members, values and typedef targets, nothing else. It is then handed mutants of every line
//! (`--self-test`: a type, a name, a value, a parameter, a line dropped or doubled) and must
//! reject each, so the reader is shown able to fail. For the standard and verbose cases the
//! sizes, alignments and member offsets the text states are compiled into `_Static_assert`s and
//! bit-field probes after the real header and run (gcc).
//!
//! Needs python3 (standard library only); without it the oracle is skipped with a note
//! (`HEADERKIT_PROMPT=require` makes that a failure, `HEADERKIT_PROMPT=0` disables the oracle).
//! Without gcc the layout check is skipped the same way.
//!
//! Environment knobs: `HEADERKIT_BLESS=1` rewrites goldens from the current output (only where
//! the reader accepts it; `force` rewrites regardless), `HEADERKIT_CASE=SUB` runs matching
//! cases, `HEADERKIT_BIN=PATH` runs another binary.

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

fn have_gcc() -> bool {
    Command::new("gcc")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Reads the case's output back against its IR, checks the reader on mutants, and compiles
/// and runs the layout checks of the standard and verbose cases.
fn oracle(py: &Path, case: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let src =
        fs::read_to_string(case.dir.join(format!("{}.h", case.name))).map_err(|e| e.to_string())?;
    let ir = tmp.path().join("ir.json");
    let again = tmp.path().join("again.txt");
    let o = Command::new(bin())
        .current_dir(case.dir)
        .arg(format!("{}.h", case.name))
        .args(["-q", "-w", "json", "-w", "prompt"])
        .args(case_args(&src))
        .arg("-o")
        .arg(format!("json:{}", ir.display()))
        .arg("-o")
        .arg(format!("prompt:{}", again.display()))
        .output()
        .map_err(|e| e.to_string())?;
    if !o.status.success() {
        return Err(format!(
            "the JSON run fails: {}",
            String::from_utf8_lossy(&o.stderr)
        ));
    }
    // one run with json beside it writes the same text
    if fs::read_to_string(&again).map_err(|e| e.to_string())? != case.output {
        return Err("the prompt text differs when json is written in the same run".into());
    }
    let text = tmp.path().join("prompt.txt");
    fs::write(&text, case.output).map_err(|e| e.to_string())?;
    let layout = tmp.path().join("layout.c");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/hk_prompt.py");
    let o = Command::new(py)
        .arg(&script)
        .arg(&text)
        .arg(&ir)
        .arg("--base")
        .arg(case.dir)
        .arg("--self-test")
        .arg("--layout-c")
        .arg(&layout)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", py.display()))?;
    let report = String::from_utf8_lossy(&o.stdout).into_owned();
    if !o.status.success() {
        return Err(format!(
            "the reader rejects it: {report}{}",
            String::from_utf8_lossy(&o.stderr)
        ));
    }
    if !report.contains("\"mutants\": ") || report.contains("\"mutants\": 0,") {
        return Err(format!("the reader tried no mutants: {report}"));
    }
    if case.output.starts_with("// ") && !case.output.lines().next().unwrap().contains("compact") {
        if !have_gcc() {
            consumer_missing("HEADERKIT_PROMPT", "no gcc for the layout checks");
            return Ok(());
        }
        let prog = tmp.path().join("check.c");
        let body = fs::read_to_string(&layout).map_err(|e| e.to_string())?;
        fs::write(&prog, format!("#include \"{}.h\"\n{body}", case.name))
            .map_err(|e| e.to_string())?;
        let exe = tmp.path().join("check");
        let o = Command::new("gcc")
            .args(["-w", "-O0", "-I"])
            .arg(case.dir)
            .arg(&prog)
            .arg("-o")
            .arg(&exe)
            .output()
            .map_err(|e| e.to_string())?;
        if !o.status.success() {
            return Err(format!(
                "gcc rejects the layout the text states:\n{}",
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .filter(|l| l.contains("error"))
                    .take(10)
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
        let o = Command::new(&exe).output().map_err(|e| e.to_string())?;
        if !o.status.success() {
            return Err(format!(
                "the bit-field offsets the text states are wrong:\n{}",
                String::from_utf8_lossy(&o.stdout)
            ));
        }
    }
    Ok(())
}

#[test]
fn prompt_cases() {
    let py = if std::env::var("HEADERKIT_PROMPT").as_deref() == Ok("0") {
        None
    } else {
        python_with("json")
    };
    if py.is_none() {
        consumer_missing("HEADERKIT_PROMPT", "no python3 for scripts/hk_prompt.py");
    }
    let check = |case: &Case| oracle(py.as_deref().unwrap(), case);
    let cfg = WriterCases {
        dir: "grammar-tests/prompt",
        writer: "prompt",
        golden_ext: "_prompt.txt",
        base_args: &[],
    };
    writer_cases::run(
        &cfg,
        py.as_ref()
            .map(|_| &check as &dyn Fn(&Case) -> Result<(), String>),
    );
}

/// A bad verbosity is a usage error with the reference's message, before anything is read.
#[test]
fn unknown_verbosity_is_a_usage_error() {
    let o = Command::new(bin())
        .args([
            "nonexistent.h",
            "-w",
            "prompt",
            "--writer-opt",
            "prompt:verbosity=loud",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("Unknown verbosity: 'loud'. Use 'compact', 'standard', or 'verbose'."),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `-o x.txt` means the prompt writer, `-o x.cdef.txt` still the cffi writer; the default
/// output beside the header is `{stem}_prompt.txt`.
#[test]
fn output_names() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("a.h"), "int f(int x);\n").unwrap();
    fs::write(d.path().join("b.h"), "int g(void);\n").unwrap();
    let run = |args: &[&str]| {
        let o = Command::new(bin())
            .current_dir(d.path())
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    run(&["a.h", "-o", "x.txt"]);
    assert!(
        fs::read_to_string(d.path().join("x.txt"))
            .unwrap()
            .contains("FUNC f(x:int) -> int")
    );
    run(&["a.h", "-o", "y.cdef.txt"]);
    assert!(
        fs::read_to_string(d.path().join("y.cdef.txt"))
            .unwrap()
            .contains("int f(int x);")
    );
    run(&["a.h", "b.h", "-w", "prompt"]);
    for s in ["a", "b"] {
        assert!(d.path().join(format!("{s}_prompt.txt")).is_file());
    }
}
