//! Data-driven tests of the parse stage: every `grammar-tests/parse/*.h` is a case, read by
//! `headerkit CASE.h -w json ARGS`; the expected JSON lives beside it (`<case>.json`, and
//! `<case>.err` for standard error when not empty). See `grammar-tests/README.md`.
//!
//! Every golden of a successful case is also judged by the gcc oracle
//! (`tests/support/c_oracle.rs`): the IR is rendered back into C checks that gcc must accept
//! (and probes it must reject) against the case header. A golden only proves that the output
//! did not change; the oracle proves that it says what gcc says.
//!
//! Environment knobs:
//! - `HEADERKIT_BLESS=1`     rewrite goldens from the current output, except where that output
//!   fails the oracle or the exit status is wrong (`HEADERKIT_BLESS=force` rewrites those too);
//! - `HEADERKIT_CASE=SUB`    only run cases whose name contains SUB;
//! - `HEADERKIT_BIN=PATH`    run PATH instead of the crate's binary;
//! - `HEADERKIT_GCC=PATH|0`  the gcc of the oracle (`0` disables it).

#[path = "support/c_oracle.rs"]
mod c_oracle;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use headerkit::ir::Header;
use serde_json::Value;

const CASE_DIR: &str = "grammar-tests/parse";
const TIMEOUT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------
// Case description

#[derive(Debug, Default, Clone)]
struct Case {
    name: String,
    /// The header handed to headerkit (the case file unless `// input:` says otherwise),
    /// relative to the case directory.
    input: String,
    args: Vec<String>,
    exit: i32,
    /// `// oracle: skip REASON`
    oracle_skip: Option<String>,
}

/// Leading `//` lines: `// args: ...`, `// input: path`, `// exit: N`, `// oracle: skip why`.
fn parse_case(name: &str, file: &str, src: &str) -> Result<Case, String> {
    let mut case = Case {
        name: name.into(),
        input: file.into(),
        ..Case::default()
    };
    for line in src.lines() {
        let Some(rest) = line.strip_prefix("//") else {
            break;
        };
        let Some((key, value)) = rest.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "args" => case.args = split_args(value)?,
            "input" => case.input = value.to_string(),
            "exit" => case.exit = value.parse().map_err(|_| format!("bad exit {value:?}"))?,
            "oracle" => {
                let why = value
                    .strip_prefix("skip")
                    .map(str::trim)
                    .filter(|w| !w.is_empty())
                    .ok_or(format!("`// oracle:` wants `skip REASON`, got {value:?}"))?;
                case.oracle_skip = Some(why.to_string());
            }
            _ => {}
        }
    }
    Ok(case)
}

/// Splits like a shell would: whitespace, '…' and "…" quoting, backslash escapes.
fn split_args(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' | '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some(d) if d == c => break,
                        Some('\\') if c == '"' => cur.push(chars.next().unwrap_or('\\')),
                        Some(d) => cur.push(d),
                        None => return Err(format!("unterminated quote in {s:?}")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                cur.push(chars.next().unwrap_or('\\'));
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Running headerkit

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn run_headerkit(bin: &Path, dir: &Path, case: &Case) -> Result<Run, String> {
    let mut child = Command::new(bin)
        .current_dir(dir)
        .arg(&case.input)
        .args(["-w", "json"])
        .args(&case.args)
        .env("LC_ALL", "C")
        .env_remove("CPATH")
        .env_remove("C_INCLUDE_PATH")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out, &mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {}s", TIMEOUT.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Ok(Run {
        code: status.code(),
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    })
}

/// The JSON as goldens hold it: the system headers' absolute paths are dropped from
/// `included_headers` (they name this machine's C library, not the case), then the document
/// is printed with two-space indentation.
fn normalize_json(stdout: &[u8]) -> Result<String, String> {
    let mut v: Value = serde_json::from_slice(stdout).map_err(|e| {
        format!(
            "output is not JSON ({e}): {}",
            String::from_utf8_lossy(stdout)
        )
    })?;
    if let Some(Value::Array(inc)) = v.get_mut("included_headers") {
        inc.retain(|p| !p.as_str().is_some_and(|s| s.starts_with('/')));
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap();
    s.push('\n');
    Ok(s)
}

// ---------------------------------------------------------------------------
// Line diff for golden mismatches

fn short_diff(expected: &str, actual: &str) -> String {
    const MAX: usize = 30;
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let (n, m) = (e.len(), a.len());
    let mut out = Vec::new();
    if n * m > 4_000_000 {
        let i = (0..).find(|&i| e.get(i) != a.get(i)).unwrap();
        out.push(format!("      first difference at line {}", i + 1));
    } else {
        let mut lcs = vec![vec![0u32; m + 1]; n + 1];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i][j] = if e[i] == a[j] {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        let (mut i, mut j, mut hunk) = (0, 0, false);
        while i < n || j < m {
            if i < n && j < m && e[i] == a[j] {
                i += 1;
                j += 1;
                hunk = false;
                continue;
            }
            if !hunk {
                out.push(format!(
                    "      @@ golden line {}, output line {}",
                    i + 1,
                    j + 1
                ));
                hunk = true;
            }
            if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.push(format!("      -{}", e[i]));
                i += 1;
            } else {
                out.push(format!("      +{}", a[j]));
                j += 1;
            }
        }
    }
    if out.len() > MAX {
        let more = out.len() - MAX;
        out.truncate(MAX);
        out.push(format!("      … {more} more diff lines"));
    }
    out.join("\n")
}

// ---------------------------------------------------------------------------
// The suite

#[derive(Clone, Copy, PartialEq, Debug)]
enum Bless {
    No,
    Safe,
    Force,
}

struct Options {
    bin: PathBuf,
    gcc: Option<PathBuf>,
    bless: Bless,
    filter: Option<String>,
}

#[derive(Default)]
struct Report {
    cases: usize,
    golden_equal: usize,
    /// Goldens judged by the oracle, and how many it accepted.
    oracle_checked: usize,
    oracle_ok: usize,
    /// Current outputs judged by the oracle (when they differ from the golden).
    output_oracle_checked: usize,
    output_oracle_ok: usize,
    checks: usize,
    failures: Vec<String>,
    notes: Vec<String>,
}

fn run_suite(dir: &Path, opts: &Options) -> Report {
    let mut report = Report::default();
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "h"))
        .collect();
    files.sort();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let name = file.strip_suffix(".h").unwrap().to_string();
        if opts
            .filter
            .as_ref()
            .is_some_and(|f| !name.contains(f.as_str()))
        {
            continue;
        }
        report.cases += 1;
        let src = fs::read_to_string(&path).unwrap_or_default();
        match parse_case(&name, &file, &src) {
            Ok(case) => check_case(dir, &case, opts, &mut report),
            Err(e) => report
                .failures
                .push(format!("{name}: bad case header: {e}")),
        }
    }
    report
}

/// Runs the oracle on a JSON document; `Err` lists its failures.
fn oracle(
    json: &str,
    dir: &Path,
    case: &Case,
    gcc: &Path,
    report: &mut Report,
    what: &str,
) -> Result<(), Vec<String>> {
    let header = serde_json::from_str::<Value>(json)
        .map_err(|e| e.to_string())
        .and_then(|v| Header::from_json(&v).map_err(|e| e.to_string()))
        .map_err(|e| vec![format!("oracle: the {what} does not read back as IR: {e}")])?;
    let args = match c_oracle::gcc_args(&case.args) {
        Ok(a) => a,
        Err(why) => {
            report
                .notes
                .push(format!("{}: oracle skipped: {why}", case.name));
            return Ok(());
        }
    };
    let include = dir.join(&case.input);
    let r = c_oracle::check(&header, &include, gcc, dir, &args);
    report.checks += r.checks;
    if what == "golden" {
        for s in &r.skipped {
            report
                .notes
                .push(format!("{}: not checked: {s}", case.name));
        }
    }
    if r.failures.is_empty() {
        Ok(())
    } else {
        Err(r.failures)
    }
}

fn check_case(dir: &Path, case: &Case, opts: &Options, report: &mut Report) {
    let name = &case.name;
    let ours = match run_headerkit(&opts.bin, dir, case) {
        Ok(r) => r,
        Err(e) => {
            report.failures.push(format!("{name}: {e}"));
            return;
        }
    };
    let mut problems: Vec<String> = Vec::new();
    let exit_ok = ours.code == Some(case.exit);
    if !exit_ok {
        let mut p = format!("expected exit {}, got {:?}", case.exit, ours.code);
        for l in String::from_utf8_lossy(&ours.stderr).lines().take(3) {
            p.push_str(&format!("\n      stderr: {l}"));
        }
        problems.push(p);
    }
    let json_path = dir.join(format!("{name}.json"));
    let err_path = dir.join(format!("{name}.err"));
    let actual_json = if case.exit == 0 && ours.code == Some(0) {
        match normalize_json(&ours.stdout) {
            Ok(j) => Some(j),
            Err(e) => {
                problems.push(e);
                None
            }
        }
    } else {
        None
    };
    let actual_err = String::from_utf8_lossy(&ours.stderr).into_owned();
    let golden_json = fs::read_to_string(&json_path).ok();
    let golden_err = fs::read_to_string(&err_path).unwrap_or_default();

    // The oracle judges the current output first (blessing depends on it), then the golden.
    let gcc = opts.gcc.as_ref().filter(|_| case.exit == 0);
    if let Some(why) = case.oracle_skip.as_ref().filter(|_| gcc.is_some()) {
        report.notes.push(format!("{name}: oracle skipped: {why}"));
    }
    let gcc = gcc.filter(|_| case.oracle_skip.is_none());
    let mut output_verdict: Option<Result<(), Vec<String>>> = None;
    if let (Some(gcc), Some(j)) = (gcc, &actual_json)
        && (golden_json.as_ref() != Some(j) || opts.bless != Bless::No)
    {
        report.output_oracle_checked += 1;
        let v = oracle(j, dir, case, gcc, report, "output");
        if v.is_ok() {
            report.output_oracle_ok += 1;
        }
        output_verdict = Some(v);
    }

    let bless = match opts.bless {
        Bless::No => false,
        Bless::Force => true,
        Bless::Safe => {
            let suspect = !exit_ok || matches!(output_verdict, Some(Err(_)));
            if suspect {
                problems.push(
                    "not blessed: the output is suspect (wrong exit status or the oracle rejects it; HEADERKIT_BLESS=force overrides)"
                        .into(),
                );
            }
            !suspect
        }
    };
    if bless {
        match &actual_json {
            Some(j) => fs::write(&json_path, j).unwrap(),
            None => {
                let _ = fs::remove_file(&json_path);
            }
        }
        if actual_err.is_empty() {
            let _ = fs::remove_file(&err_path);
        } else {
            fs::write(&err_path, &actual_err).unwrap();
        }
    }
    let golden_json = if bless {
        actual_json.clone()
    } else {
        golden_json
    };
    let golden_err = if bless {
        actual_err.clone()
    } else {
        golden_err
    };

    if case.exit == 0 {
        match (&golden_json, &actual_json) {
            (None, _) => problems.push(format!(
                "no golden {name}.json (run with HEADERKIT_BLESS=1)"
            )),
            (Some(g), Some(a)) if g != a => problems.push(format!(
                "stdout differs from {name}.json:\n{}",
                short_diff(g, a)
            )),
            _ => {}
        }
    } else if json_path.exists() {
        problems.push(format!("stale golden {name}.json for a failing case"));
    }
    if golden_err != actual_err {
        problems.push(format!(
            "stderr differs from {}:\n{}",
            if err_path.exists() {
                format!("{name}.err")
            } else {
                "the empty stderr expected (no .err)".into()
            },
            short_diff(&golden_err, &actual_err)
        ));
    }
    if problems.is_empty() {
        report.golden_equal += 1;
    }

    // The oracle on the golden: it must say what gcc says.
    if let (Some(gcc), Some(g)) = (gcc, &golden_json) {
        report.oracle_checked += 1;
        match oracle(g, dir, case, gcc, report, "golden") {
            Ok(()) => report.oracle_ok += 1,
            Err(fs) => {
                problems.push(format!("the golden fails the gcc oracle ({}):", fs.len()));
                problems.extend(fs.into_iter().map(|f| format!("  {f}")));
            }
        }
    }
    if let Some(Err(fs)) = &output_verdict
        && golden_json != actual_json
    {
        problems.push(format!(
            "the current output fails the gcc oracle ({}):",
            fs.len()
        ));
        problems.extend(fs.iter().take(12).map(|f| format!("  {f}")));
    }
    if !problems.is_empty() {
        let mut msg = format!("{name}:");
        for p in problems {
            msg.push_str("\n    ");
            msg.push_str(&p);
        }
        report.failures.push(msg);
    }
}

fn options(root: &Path) -> (Options, Option<String>) {
    let (gcc, note) = match c_oracle::find_gcc() {
        Ok(g) => (Some(g), None),
        Err(n) => (None, Some(n)),
    };
    let opts = Options {
        bin: std::env::var_os("HEADERKIT_BIN")
            .map(PathBuf::from)
            .map(|p| {
                if p.is_relative() && p.components().count() > 1 {
                    root.join(p)
                } else {
                    p
                }
            })
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_headerkit"))),
        gcc,
        bless: match std::env::var("HEADERKIT_BLESS").as_deref() {
            Err(_) | Ok("" | "0") => Bless::No,
            Ok("force") => Bless::Force,
            Ok(_) => Bless::Safe,
        },
        filter: std::env::var("HEADERKIT_CASE")
            .ok()
            .filter(|s| !s.is_empty()),
    };
    (opts, note)
}

#[test]
fn parse_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join(CASE_DIR);
    let (opts, note) = options(root);
    let mut report = run_suite(&dir, &opts);
    report.notes.extend(note);
    let mut summary = format!(
        "{CASE_DIR}: {}/{} equal to golden",
        report.golden_equal, report.cases
    );
    if opts.gcc.is_some() {
        summary.push_str(&format!(
            ", {}/{} goldens pass the gcc oracle ({} checks)",
            report.oracle_ok, report.oracle_checked, report.checks
        ));
        if report.output_oracle_checked > 0 {
            summary.push_str(&format!(
                ", {}/{} differing outputs pass it",
                report.output_oracle_ok, report.output_oracle_checked
            ));
        }
    }
    if opts.bless != Bless::No {
        summary.push_str(" (blessed)");
    }
    let mut err = std::io::stderr().lock();
    if std::env::var_os("HEADERKIT_NOTES").is_some() {
        for n in &report.notes {
            let _ = writeln!(err, "{n}");
        }
    } else {
        let skipped = report
            .notes
            .iter()
            .filter(|n| n.contains("not checked"))
            .count();
        for n in report.notes.iter().filter(|n| !n.contains("not checked")) {
            let _ = writeln!(err, "{n}");
        }
        if skipped > 0 {
            let _ = writeln!(
                err,
                "{skipped} oracle checks not made, each for a stated reason (HEADERKIT_NOTES=1 lists them)"
            );
        }
    }
    let _ = writeln!(err, "{summary}");
    drop(err);
    assert!(report.cases > 0, "no cases found in {}", dir.display());
    if !report.failures.is_empty() {
        panic!(
            "{} of {} parse cases failed:\n\n{}\n\n{summary}",
            report.failures.len(),
            report.cases,
            report.failures.join("\n\n")
        );
    }
}

// ---------------------------------------------------------------------------
// Tests of the harness and the oracle themselves

#[test]
fn case_header_options() {
    let c = parse_case(
        "c",
        "c.h",
        "// args: -I inc --scope 'a b'\n// input: proj/x.h\n// oracle: skip why not\n// exit: 1\nint x;\n// args: no\n",
    )
    .unwrap();
    assert_eq!(c.args, ["-I", "inc", "--scope", "a b"]);
    assert_eq!(c.input, "proj/x.h");
    assert_eq!(c.oracle_skip.as_deref(), Some("why not"));
    assert_eq!(c.exit, 1);
    assert!(parse_case("d", "d.h", "// oracle: skip\n").is_err());
    assert_eq!(
        c_oracle::gcc_args(
            &split_args("-I inc -DX=1 --scope '*.h' --keep-going -include p.h").unwrap()
        )
        .unwrap(),
        ["-I", "inc", "-DX=1", "-include", "p.h"]
    );
}

#[test]
fn renderer_spells_declarators() {
    let t = |j: &str| headerkit::ir::Type::from_json(&serde_json::from_str(j).unwrap()).unwrap();
    let int = r#"{"kind":"ctype","name":"int"}"#;
    let p = |x: &str, q: &str| format!(r#"{{"kind":"pointer","pointee":{x},"qualifiers":[{q}]}}"#);
    let a = |x: &str, n: &str| format!(r#"{{"kind":"array","element_type":{x}{n}}}"#);
    let f = |r: &str, ps: &[&str], va: bool| {
        let ps: Vec<String> = ps.iter().map(|p| format!(r#"{{"type":{p}}}"#)).collect();
        format!(
            r#"{{"kind":"function_pointer","return_type":{r},"parameters":[{}],"is_variadic":{va}}}"#,
            ps.join(",")
        )
    };
    let r = |j: &str, n: &str| c_oracle::render(&t(j), n).unwrap();
    assert_eq!(r(&p(&p(int, ""), r#""const""#), "x"), "int **const x");
    assert_eq!(r(&p(&a(int, r#","size":3"#), ""), "p"), "int (*p)[3]");
    assert_eq!(r(&a(&p(int, ""), r#","size":3"#), "p"), "int *p[3]");
    assert_eq!(
        r(&a(&a(int, r#","size":3"#), r#","size":2"#), "g"),
        "int g[2][3]"
    );
    let sig = f(int, &[], false);
    assert_eq!(r(&sig, ""), "int (void)");
    let handler = p(&f(r#"{"kind":"ctype","name":"void"}"#, &[int], false), "");
    let signal = f(&handler, &[int, &handler], false);
    assert_eq!(
        r(&signal, "signal"),
        "void (*signal(int, void (*)(int)))(int)"
    );
    assert_eq!(r(&a(&handler, r#","size":8"#), "h"), "void (*h[8])(int)");
    assert_eq!(r(&f(int, &[int], true), "v"), "int v(int, ...)");
    assert_eq!(c_oracle::int_literal(-1), "(-1LL)");
    assert_eq!(
        c_oracle::int_literal(i64::MIN as i128),
        "(-9223372036854775807LL - 1)"
    );
    assert_eq!(
        c_oracle::int_literal(u64::MAX as i128),
        "18446744073709551615ULL"
    );
}

/// The oracle must catch wrong IR: a small header, its right IR, and corruptions of it, each
/// of which must fail while the right IR passes.
#[test]
fn oracle_catches_wrong_ir() {
    let Ok(gcc) = c_oracle::find_gcc() else {
        eprintln!("note: no gcc; the oracle self-test is skipped");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::write(
        d.join("t.h"),
        "#define N 3\n#define S \"ab\"\n#define F 1.5f\n\
         enum e { A = 1, B = -2 };\n\
         struct s { unsigned bits : 3; const char *name; int (*cb)(int, ...); union { int i; float f; }; };\n\
         typedef const int ci;\n\
         int f(int, char **);\nint g();\nint h(void);\nextern long v[4];\n\
         int lab(void) __asm__(\"real_lab\");\n\
         int dep(void) __attribute__((deprecated(\"no\")));\n\
         struct __attribute__((packed)) pk { char c; int i; };\n\
         struct opaque;\n\
         typedef struct { int a; } *anon_ptr;\n",
    )
    .unwrap();
    let good = r#"{"path":"t.h","declarations":[
 {"kind":"constant","name":"N","value":3,"is_macro":true,"type":{"kind":"ctype","name":"int"},"raw_expression":"3"},
 {"kind":"constant","name":"S","value":"\"ab\"","is_macro":true,"type":{"kind":"pointer","pointee":{"kind":"ctype","name":"char","qualifiers":["const"]}},"raw_expression":"\"ab\""},
 {"kind":"constant","name":"F","value":1.5,"is_macro":true,"type":{"kind":"ctype","name":"float"},"raw_expression":"1.5f"},
 {"kind":"enum","name":"e","values":[{"name":"A","value":1},{"name":"B","value":-2}]},
 {"kind":"struct","name":"s","fields":[
   {"name":"bits","type":{"kind":"ctype","name":"unsigned int"},"bit_width":3},
   {"name":"name","type":{"kind":"pointer","pointee":{"kind":"ctype","name":"char","qualifiers":["const"]}}},
   {"name":"cb","type":{"kind":"pointer","pointee":{"kind":"function_pointer","return_type":{"kind":"ctype","name":"int"},"parameters":[{"type":{"kind":"ctype","name":"int"}}],"is_variadic":true}}},
   {"name":"","type":{"kind":"ctype","name":"union"},"anonymous_struct":{"kind":"union","name":null,"fields":[
     {"name":"i","type":{"kind":"ctype","name":"int"}},{"name":"f","type":{"kind":"ctype","name":"float"}}]}}]},
 {"kind":"typedef","name":"ci","underlying_type":{"kind":"ctype","name":"int","qualifiers":["const"]}},
 {"kind":"function","name":"f","return_type":{"kind":"ctype","name":"int"},"parameters":[{"type":{"kind":"ctype","name":"int"}},{"type":{"kind":"pointer","pointee":{"kind":"pointer","pointee":{"kind":"ctype","name":"char"}}}}],"is_variadic":false},
 {"kind":"function","name":"g","return_type":{"kind":"ctype","name":"int"},"parameters":[],"is_variadic":false,"has_prototype":false},
 {"kind":"function","name":"h","return_type":{"kind":"ctype","name":"int"},"parameters":[],"is_variadic":false},
 {"kind":"variable","name":"v","type":{"kind":"array","element_type":{"kind":"ctype","name":"long"},"size":4}},
 {"kind":"function","name":"lab","return_type":{"kind":"ctype","name":"int"},"parameters":[],"is_variadic":false,"asm_name":"real_lab"},
 {"kind":"function","name":"dep","return_type":{"kind":"ctype","name":"int"},"parameters":[],"is_variadic":false,"deprecated":"no"},
 {"kind":"struct","name":"pk","fields":[{"name":"c","type":{"kind":"ctype","name":"char"}},{"name":"i","type":{"kind":"ctype","name":"int"}}],"is_packed":true},
 {"kind":"struct","name":"opaque","fields":[],"is_opaque":true},
 {"kind":"typedef","name":"anon_ptr","underlying_type":{"kind":"pointer","pointee":{"kind":"ctype","name":"struct"}},
  "anonymous_struct":{"kind":"struct","name":null,"fields":[{"name":"a","type":{"kind":"ctype","name":"int"}}]}}
]}"#;
    let judge = |json: &str| {
        let h = Header::from_json(&serde_json::from_str(json).unwrap()).unwrap();
        c_oracle::check(&h, &d.join("t.h"), &gcc, d, &[])
    };
    let r = judge(good);
    assert!(
        r.failures.is_empty(),
        "the right IR fails:\n{}",
        r.failures.join("\n")
    );
    assert!(r.checks > 30, "{} checks", r.checks);
    let corruptions: &[(&str, &str, &str)] = &[
        (
            "constant value",
            r#""name":"N","value":3"#,
            r#""name":"N","value":4"#,
        ),
        (
            "constant type",
            r#""type":{"kind":"ctype","name":"int"},"raw_expression":"3""#,
            r#""type":{"kind":"ctype","name":"long"},"raw_expression":"3""#,
        ),
        (
            "constant raw expression",
            r#""raw_expression":"3""#,
            r#""raw_expression":"(3)""#,
        ),
        (
            "string constant",
            r#""value":"\"ab\"""#,
            r#""value":"\"ac\"""#,
        ),
        ("float constant", r#""value":1.5,"#, r#""value":1.25,"#),
        (
            "float constant type",
            r#""name":"float"},"raw_expression":"1.5f""#,
            r#""name":"double"},"raw_expression":"1.5f""#,
        ),
        (
            "enum value",
            r#""name":"B","value":-2"#,
            r#""name":"B","value":2"#,
        ),
        ("bit width narrower", r#""bit_width":3"#, r#""bit_width":2"#),
        ("bit width wider", r#""bit_width":3"#, r#""bit_width":4"#),
        (
            "bit-field signedness",
            r#""name":"unsigned int"},"bit_width""#,
            r#""name":"int"},"bit_width""#,
        ),
        (
            "field pointee qualifier",
            r#""name":"name","type":{"kind":"pointer","pointee":{"kind":"ctype","name":"char","qualifiers":["const"]}}"#,
            r#""name":"name","type":{"kind":"pointer","pointee":{"kind":"ctype","name":"char"}}"#,
        ),
        (
            "function pointer variadic",
            r#""is_variadic":true}}}"#,
            r#""is_variadic":false}}}"#,
        ),
        (
            "anonymous member field type",
            r#""name":"f","type":{"kind":"ctype","name":"float"}"#,
            r#""name":"f","type":{"kind":"ctype","name":"double"}"#,
        ),
        (
            "anonymous union as struct",
            r#""anonymous_struct":{"kind":"union""#,
            r#""anonymous_struct":{"kind":"struct""#,
        ),
        (
            "typedef top-level qualifier",
            r#""name":"int","qualifiers":["const"]}}"#,
            r#""name":"int"}}"#,
        ),
        (
            "parameter type",
            r#""parameters":[{"type":{"kind":"ctype","name":"int"}},{"type":{"kind":"pointer""#,
            r#""parameters":[{"type":{"kind":"ctype","name":"long"}},{"type":{"kind":"pointer""#,
        ),
        (
            "parameter count",
            r#"{"type":{"kind":"ctype","name":"int"}},{"type":{"kind":"pointer","pointee":{"kind":"pointer""#,
            r#"{"type":{"kind":"pointer","pointee":{"kind":"pointer""#,
        ),
        (
            "return type",
            r#""name":"f","return_type":{"kind":"ctype","name":"int"}"#,
            r#""name":"f","return_type":{"kind":"ctype","name":"unsigned int"}"#,
        ),
        (
            "f() read as f(void)",
            r#""is_variadic":false,"has_prototype":false"#,
            r#""is_variadic":false"#,
        ),
        (
            "f(void) read as f()",
            r#""name":"h","return_type":{"kind":"ctype","name":"int"},"parameters":[],"is_variadic":false"#,
            r#""name":"h","return_type":{"kind":"ctype","name":"int"},"parameters":[],"is_variadic":false,"has_prototype":false"#,
        ),
        (
            "array size",
            r#""name":"long"},"size":4"#,
            r#""name":"long"},"size":5"#,
        ),
        (
            "array of unknown size",
            r#""name":"long"},"size":4"#,
            r#""name":"long"}"#,
        ),
        (
            "static function",
            r#""name":"h","return_type":{"kind":"ctype","name":"int"},"parameters":[],"is_variadic":false"#,
            r#""name":"h","return_type":{"kind":"ctype","name":"int"},"parameters":[],"is_variadic":false,"is_static":true"#,
        ),
        ("missing asm name", r#","asm_name":"real_lab""#, ""),
        ("missing deprecation", r#","deprecated":"no""#, ""),
        (
            "deprecation message",
            r#""deprecated":"no""#,
            r#""deprecated":"yes""#,
        ),
        ("missing packed", r#","is_packed":true"#, ""),
        (
            "struct read as union",
            r#"{"kind":"struct","name":"pk""#,
            r#"{"kind":"union","name":"pk""#,
        ),
        (
            "anonymous struct definition lost",
            r#""anonymous_struct":{"kind":"struct","name":null"#,
            r#""unused":{"kind":"struct","name":null"#,
        ),
        (
            "anonymous struct field type",
            r#"[{"name":"a","type":{"kind":"ctype","name":"int"}}]"#,
            r#"[{"name":"a","type":{"kind":"ctype","name":"long"}}]"#,
        ),
        (
            "opaque struct with a body",
            r#""name":"opaque","fields":[],"is_opaque":true"#,
            r#""name":"opaque","fields":[]"#,
        ),
    ];
    let mut missed = Vec::new();
    for (what, from, to) in corruptions {
        assert!(
            good.contains(from),
            "corruption {what:?}: {from:?} not in the IR"
        );
        let bad = good.replacen(from, to, 1);
        if judge(&bad).failures.is_empty() {
            missed.push(*what);
        }
    }
    assert!(missed.is_empty(), "the oracle missed: {missed:?}");
}

/// The same on a real golden: `decl-signal.json` passes, and with the `int` parameter of the
/// returned handler changed to `long` it must fail.
#[test]
fn oracle_rejects_a_corrupted_golden() {
    let Ok(gcc) = c_oracle::find_gcc() else {
        eprintln!("note: no gcc; the oracle self-test is skipped");
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(CASE_DIR);
    let golden: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("decl-signal.json")).unwrap()).unwrap();
    let judge = |v: &Value| {
        let h = Header::from_json(v).unwrap();
        c_oracle::check(&h, &dir.join("decl-signal.h"), &gcc, &dir, &[])
    };
    let r = judge(&golden);
    assert!(r.failures.is_empty(), "{}", r.failures.join("\n"));
    let mut bad = golden.clone();
    let p = &mut bad["declarations"][0]["return_type"]["pointee"]["parameters"][0]["type"]["name"];
    assert_eq!(p, "int");
    *p = Value::from("long");
    let r = judge(&bad);
    assert!(
        r.failures
            .iter()
            .any(|f| f.contains("conflicting types for 'signal'")),
        "{:#?}",
        r.failures
    );
}
