//! Data-driven tests of the lua writer: every `grammar-tests/lua/*.h` is a case, written by
//! `headerkit CASE.h -w lua ARGS` (run in the case directory); the expected output is
//! `<case>_ffi.lua` beside it. See `grammar-tests/README.md`.
//!
//! The consumer is the oracle: every golden is also loaded by real LuaJIT through
//! `scripts/hk_lua_check.py`: the case header is built into a shared library with gcc (stub
//! definitions, or `<case>.c` when present), the module is required (and loaded a second
//! time, as a second module sharing its types would be), every function and variable must
//! resolve in the library, and `ffi.sizeof`/`ffi.alignof`/`ffi.offsetof` of every struct,
//! union and member must equal what a gcc-compiled program prints; `<case>.test.lua`, when
//! present, then runs with the module (real calls). That needs `luajit`, `gcc`, `nm` and
//! `python3`; without luajit the oracle is skipped with a note (`HEADERKIT_LUAJIT=require`
//! makes that a failure, `HEADERKIT_LUAJIT=0` disables the oracle).
//!
//! Environment knobs: `HEADERKIT_BLESS=1` rewrites goldens from the current output (only where
//! LuaJIT accepts it; `force` rewrites regardless), `HEADERKIT_CASE=SUB` runs matching cases,
//! `HEADERKIT_BIN=PATH` runs another binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/writer_cases.rs"]
mod writer_cases;
use writer_cases::{Case, WriterCases, case_args, consumer_missing};

fn bin() -> PathBuf {
    std::env::var("HEADERKIT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_BIN_EXE_headerkit")))
}

/// Runs the LuaJIT oracle on the case's output.
fn oracle(case: &Case) -> Result<(), String> {
    check_module(case.dir, case.name, case.output)
}

/// Loads `output` (the module written for `dir/name.h`) in LuaJIT and compares it with gcc.
fn check_module(dir: &Path, name: &str, output: &str) -> Result<(), String> {
    let case = Case { dir, name, output };
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let module = tmp.path().join(format!("{}_ffi.lua", case.name));
    fs::write(&module, case.output).map_err(|e| e.to_string())?;
    // the IR with its dependencies: what the checker measures
    let header = case.dir.join(format!("{}.h", case.name));
    let src = fs::read_to_string(&header).map_err(|e| e.to_string())?;
    let ir = tmp.path().join("ir.json");
    let o = Command::new(bin())
        .current_dir(case.dir)
        .arg(format!("{}.h", case.name))
        .args(["-w", "json", "--writer-opt", "json:dependencies=true"])
        .args(case_args(&src))
        .arg("-o")
        .arg(format!("json:{}", ir.display()))
        .arg("-q")
        .output()
        .map_err(|e| e.to_string())?;
    if !o.status.success() {
        return Err(format!("json: {}", String::from_utf8_lossy(&o.stderr)));
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/hk_lua_check.py");
    let mut cmd = Command::new("python3");
    cmd.arg(&script)
        .arg(&module)
        .arg(&ir)
        .arg(format!("#include \"{}.h\"", case.name))
        .arg("-I")
        .arg(case.dir);
    let imp = case.dir.join(format!("{}.c", case.name));
    if imp.exists() {
        cmd.arg("--impl").arg(&imp);
    } else {
        cmd.arg("--stub");
    }
    let test = case.dir.join(format!("{}.test.lua", case.name));
    if test.exists() {
        cmd.arg("--test").arg(&test);
    }
    let o = cmd
        .env("TMPDIR", tmp.path())
        .output()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    let out = String::from_utf8_lossy(&o.stdout);
    let last = out.lines().last().unwrap_or("").to_string();
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "LuaJIT check failed: {last}\n{}",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .take(10)
                .collect::<Vec<_>>()
                .join("\n")
        ))
    }
}

fn have(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The parse grammar cases (every declaration construct the parser knows), through the lua
/// writer and LuaJIT: no golden, only the oracle. `error-*` cases are not C.
#[test]
fn parse_cases_in_luajit() {
    let enabled = std::env::var("HEADERKIT_LUAJIT").as_deref() != Ok("0");
    if !(enabled && have("luajit", "-v") && have("gcc", "--version") && have("python3", "-V")) {
        consumer_missing("HEADERKIT_LUAJIT", "no luajit, gcc or python3");
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar-tests/parse");
    let only = std::env::var("HEADERKIT_CASE").unwrap_or_default();
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.strip_suffix(".h").map(str::to_string)
        })
        .filter(|n| !n.starts_with("error-") && n.contains(&only))
        .collect();
    names.sort();
    let mut failures = Vec::new();
    for name in &names {
        let src = fs::read_to_string(dir.join(format!("{name}.h"))).unwrap();
        let o = Command::new(bin())
            .current_dir(&dir)
            .arg(format!("{name}.h"))
            .args(["-w", "lua"])
            .args(case_args(&src))
            .output()
            .unwrap();
        if !o.status.success() {
            failures.push(format!("{name}: {}", String::from_utf8_lossy(&o.stderr)));
            continue;
        }
        if let Err(e) = check_module(&dir, name, &String::from_utf8_lossy(&o.stdout)) {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn lua_cases() {
    let enabled = std::env::var("HEADERKIT_LUAJIT").as_deref() != Ok("0");
    let tools =
        enabled && have("luajit", "-v") && have("gcc", "--version") && have("python3", "-V");
    if enabled && !tools {
        consumer_missing(
            "HEADERKIT_LUAJIT",
            "no luajit, gcc or python3 (run scripts/test, or apt-get install luajit gcc python3)",
        );
    }
    let check = |case: &Case| oracle(case);
    let cfg = WriterCases {
        dir: "grammar-tests/lua",
        writer: "lua",
        golden_ext: "_ffi.lua",
        base_args: &[],
    };
    writer_cases::run(
        &cfg,
        tools.then_some(&check as &dyn Fn(&Case) -> Result<(), String>),
    );
}
