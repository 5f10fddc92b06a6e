//! The one harness for writer golden cases (`grammar-tests/<writer>/`), shared by
//! `tests/grammar_<writer>.rs`. Include it with
//! `#[path = "support/writer_cases.rs"] mod writer_cases;`.
//!
//! A case is `<dir>/<name>.h`. It is run as `headerkit [base args] <name>.h -w <writer> [case
//! args]` in the case directory, where the case args come from a leading comment line
//! `// args: ...` (split at whitespace, `'...'` quotes). Its stdout is compared with the golden
//! `<dir>/<name><golden_ext>`, and handed to the writer's real consumer (the oracle) in the
//! same run: a golden only proves the output did not change, the oracle proves it works.
//!
//! Environment knobs, the same for every writer:
//! * `HEADERKIT_BLESS=1` rewrites goldens from the current output where the oracle accepts it
//!   (`force`: regardless);
//! * `HEADERKIT_CASE=SUB` runs only cases whose name contains SUB;
//! * `HEADERKIT_BIN=PATH` runs another binary.
#![allow(dead_code, clippy::type_complexity)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One writer's case directory and how its cases are run.
pub struct WriterCases<'a> {
    /// The case directory, relative to the repository root (`grammar-tests/cffi`).
    pub dir: &'a str,
    /// The writer (`-w` value).
    pub writer: &'a str,
    /// The golden's suffix after the case name (`.cdef.txt`).
    pub golden_ext: &'a str,
    /// Arguments before the header on every run.
    pub base_args: &'a [&'a str],
}

/// What the oracle is given for one case.
pub struct Case<'a> {
    /// The case directory (absolute).
    pub dir: &'a Path,
    /// The case name (file stem of the header).
    pub name: &'a str,
    /// The writer's output.
    pub output: &'a str,
}

/// A consumer check: `Err(why)` when the consumer rejects a case's output.
pub type Oracle<'a> = dyn Fn(&Case) -> Result<(), String> + 'a;

/// `// args: ...` from the case's leading comment lines.
pub fn case_args(src: &str) -> Vec<String> {
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

/// A Python that can `import <imports>` (comma-separated module list): `$HEADERKIT_PYTHON`,
/// then `target/venv/bin/python` (what `scripts/test` creates), then `python3`.
pub fn python_with(imports: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cands = vec![root.join("target/venv/bin/python")];
    if let Ok(p) = std::env::var("HEADERKIT_PYTHON") {
        cands.insert(0, PathBuf::from(p));
    }
    cands.push(PathBuf::from("python3"));
    cands.into_iter().find(|p| {
        Command::new(p)
            .args(["-c", &format!("import {imports}")])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Reports a missing consumer: a panic when `knob` (an environment variable) or
/// `HEADERKIT_CONSUMERS` is `require` (`scripts/test` sets the latter where it can install
/// every consumer), else a note on stderr (the oracle is then skipped).
pub fn consumer_missing(knob: &str, what: &str) {
    for k in [knob, "HEADERKIT_CONSUMERS"] {
        assert!(
            std::env::var(k).as_deref() != Ok("require"),
            "{what} ({k}=require)"
        );
    }
    eprintln!("skipping the oracle: {what}");
}

/// Runs every case of `cfg`, comparing with the golden and asking `oracle` (when given)
/// whether the consumer accepts the output. Panics with every failure at the end.
pub fn run(cfg: &WriterCases, oracle: Option<&Oracle>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join(cfg.dir);
    let bin = std::env::var("HEADERKIT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_BIN_EXE_headerkit")));
    let bless = std::env::var("HEADERKIT_BLESS").unwrap_or_default();
    let only = std::env::var("HEADERKIT_CASE").unwrap_or_default();
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.strip_suffix(".h").map(str::to_string)
        })
        .filter(|n| n.contains(&only))
        .collect();
    names.sort();
    assert!(
        !names.is_empty() || !only.is_empty(),
        "no cases in {}",
        cfg.dir
    );
    let mut failures = Vec::new();
    for name in &names {
        let src = fs::read_to_string(dir.join(format!("{name}.h"))).unwrap();
        let o = Command::new(&bin)
            .current_dir(&dir)
            .args(cfg.base_args)
            .arg(format!("{name}.h"))
            .args(["-w", cfg.writer])
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
        let verdict = match oracle {
            Some(f) => f(&Case {
                dir: &dir,
                name,
                output: &actual,
            }),
            None => Ok(()),
        };
        let golden = dir.join(format!("{name}{}", cfg.golden_ext));
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
