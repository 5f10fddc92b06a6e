//! Data-driven tests of `headerkit preprocess`: every `grammar-tests/preprocess/*.h`
//! is a case; its expected output lives beside it (`<case>.i` for stdout of a
//! successful run, `<case>.err` for stderr).  See `grammar-tests/README.md`.
//!
//! Environment knobs:
//! - `HEADERKIT_BLESS=1`   rewrite the goldens from the current output;
//! - `HEADERKIT_BIN=PATH`  run PATH instead of the crate's binary (a stand-in);
//! - `HEADERKIT_CASE=SUB`  only run cases whose name contains SUB;
//! - `HEADERKIT_GCC=PATH`  the gcc to compare against (`0` disables the differential).

use std::collections::BTreeSet;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CASE_DIR: &str = "grammar-tests/preprocess";
const DEFAULT_ARGS: &[&str] = &["-P", "-undef"];
const TIMEOUT: Duration = Duration::from_secs(20);
/// Variables that change what gcc (or a faithful preprocessor) does.
const SCRUBBED_ENV: &[&str] = &[
    "CPATH",
    "C_INCLUDE_PATH",
    "CPLUS_INCLUDE_PATH",
    "OBJC_INCLUDE_PATH",
    "DEPENDENCIES_OUTPUT",
    "SUNPRO_DEPENDENCIES",
    "SOURCE_DATE_EPOCH",
    "GCC_EXEC_PREFIX",
    "COMPILER_PATH",
    "GCC_COLORS",
    "LANGUAGE",
    "LC_MESSAGES",
];

// ---------------------------------------------------------------------------
// Case description (first-lines `// key: value` comments)

#[derive(Debug, Default, Clone)]
struct Case {
    name: String,
    file: String,
    args: Vec<String>,
    env: Vec<(String, String)>,
    gcc_skip: Option<String>,
    exit: i32,
}

fn parse_case(name: &str, file: &str, src: &[u8]) -> Result<Case, String> {
    let mut case = Case {
        name: name.to_string(),
        file: file.to_string(),
        args: DEFAULT_ARGS.iter().map(|s| s.to_string()).collect(),
        ..Case::default()
    };
    let src = src.strip_prefix(b"\xef\xbb\xbf").unwrap_or(src);
    for line in src.split(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(line);
        let Some(rest) = line.trim_end_matches('\r').strip_prefix("//") else {
            break;
        };
        let Some((key, value)) = rest.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "args" => case.args = split_args(value)?,
            "env" => {
                for kv in split_args(value)? {
                    let (k, v) = kv.split_once('=').ok_or(format!("bad env entry {kv:?}"))?;
                    case.env.push((k.to_string(), v.to_string()));
                }
            }
            "gcc" => {
                let reason = value
                    .strip_prefix("skip")
                    .ok_or(format!("unknown `// gcc:` value {value:?}"))?;
                case.gcc_skip = Some(reason.trim().to_string());
            }
            "exit" => {
                case.exit = value
                    .parse()
                    .map_err(|_| format!("bad exit code {value:?}"))?
            }
            _ => {}
        }
    }
    Ok(case)
}

/// Splits an `// args:` value like a shell would (whitespace, '…' and "…" quoting).
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
// Running a process with a timeout

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    timed_out: bool,
}

impl Run {
    fn describe_exit(&self) -> String {
        match (self.timed_out, self.code) {
            (true, _) => format!("timed out after {}s", TIMEOUT.as_secs()),
            (false, Some(c)) => format!("exit {c}"),
            (false, None) => "killed by a signal".to_string(),
        }
    }
}

fn run(mut cmd: Command, case: &Case) -> Result<Run, String> {
    for v in SCRUBBED_ENV {
        cmd.env_remove(v);
    }
    cmd.env("LC_ALL", "C").env("LANG", "C");
    for (k, v) in &case.env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(st) = child.try_wait().map_err(|e| e.to_string())? {
            break st;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            timed_out = true;
            break child.wait().map_err(|e| e.to_string())?;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Ok(Run {
        code: status.code(),
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
        timed_out,
    })
}

// ---------------------------------------------------------------------------
// C preprocessing-token splitter, for comparing with gcc modulo whitespace

/// Splits preprocessed text into pp-tokens (C17 6.4, plus `$` in identifiers and
/// digraphs). Whitespace is dropped; everything else is kept verbatim, so two
/// outputs compare equal iff they spell the same token sequence.
fn pp_tokens(s: &[u8]) -> Vec<Vec<u8>> {
    // `//` and `/*` are no C tokens, but output that spells them would re-lex
    // as a comment: keep them whole so that such output never compares equal.
    const PUNCT: &[&str] = &[
        "//", "/*", "%:%:", "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==",
        "!=", "&&", "||", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##", "<:", ":>", "<%",
        "%>", "%:",
    ];
    let is_ws = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let ucn_len = |i: usize| -> usize {
        if s.get(i) != Some(&b'\\') {
            return 0;
        }
        let n = match s.get(i + 1) {
            Some(b'u') => 4,
            Some(b'U') => 8,
            _ => return 0,
        };
        if s.len() >= i + 2 + n && s[i + 2..i + 2 + n].iter().all(|b| b.is_ascii_hexdigit()) {
            2 + n
        } else {
            0
        }
    };
    let id_char = |i: usize, first: bool| -> usize {
        match s.get(i) {
            Some(&b) if b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80 => 1,
            Some(&b) if !first && b.is_ascii_digit() => 1,
            Some(b'\\') => ucn_len(i),
            _ => 0,
        }
    };
    let mut toks = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if is_ws(b) {
            i += 1;
            continue;
        }
        let start = i;
        let quoted = |mut j: usize| -> usize {
            // j at the opening quote; returns the index after the literal
            let q = s[j];
            j += 1;
            while j < s.len() && s[j] != q && s[j] != b'\n' {
                j += if s[j] == b'\\' && j + 1 < s.len() {
                    2
                } else {
                    1
                };
            }
            if j < s.len() && s[j] == q { j + 1 } else { j }
        };
        if b.is_ascii_digit() || (b == b'.' && s.get(i + 1).is_some_and(|c| c.is_ascii_digit())) {
            i += 1;
            loop {
                match s.get(i) {
                    Some(b'e' | b'E' | b'p' | b'P')
                        if matches!(s.get(i + 1), Some(b'+' | b'-')) =>
                    {
                        i += 2
                    }
                    Some(b'.') => i += 1,
                    _ => match id_char(i, false) {
                        0 => break,
                        n => i += n,
                    },
                }
            }
        } else if id_char(i, true) > 0 {
            while let n @ 1.. = id_char(i, false) {
                i += n;
            }
            let word = &s[start..i];
            if matches!(word, b"L" | b"u" | b"U" | b"u8") && matches!(s.get(i), Some(b'"' | b'\''))
            {
                i = quoted(i);
            }
        } else if b == b'"' || b == b'\'' {
            i = quoted(i);
        } else if let Some(p) = PUNCT.iter().find(|p| s[i..].starts_with(p.as_bytes())) {
            i += p.len();
        } else {
            i += 1;
        }
        toks.push(s[start..i].to_vec());
    }
    toks
}

/// Drops `# N "file" flags` / `#line` marker lines (gcc is run with -P).
fn strip_line_markers(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in s.split_inclusive(|&b| b == b'\n') {
        let t = String::from_utf8_lossy(line);
        let t = t.trim_start();
        let marker = t.strip_prefix('#').is_some_and(|r| {
            let r = r.trim_start();
            r.starts_with("line") && !r[4..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                || r.starts_with(|c: char| c.is_ascii_digit())
        });
        if !marker {
            out.extend_from_slice(line);
        }
    }
    out
}

fn show_toks(t: &[Vec<u8>]) -> String {
    t.iter()
        .map(|t| String::from_utf8_lossy(t).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Identifiers (and pp-numbers) are compared by what they denote: a UCN and the
/// UTF-8 spelling of the same character are one identifier (gcc 12 prints
/// `caf\u00e9` as `caf\U000000e9`). Literals keep their spelling.
fn normalize_ucns(tok: Vec<u8>) -> Vec<u8> {
    if tok.iter().any(|&b| b == b'"' || b == b'\'') || !tok.contains(&b'\\') {
        return tok;
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < tok.len() {
        let n = match (tok[i], tok.get(i + 1)) {
            (b'\\', Some(b'u')) => 4,
            (b'\\', Some(b'U')) => 8,
            _ => 0,
        };
        let cp = (n > 0 && tok.len() >= i + 2 + n)
            .then(|| std::str::from_utf8(&tok[i + 2..i + 2 + n]).ok())
            .flatten()
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match cp {
            Some(c) => {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                i += 2 + n;
            }
            None => {
                out.push(tok[i]);
                i += 1;
            }
        }
    }
    out
}

/// Compares two outputs as pp-token streams; `Err` describes the first difference.
fn compare_tokens(ours: &[u8], theirs: &[u8]) -> Result<(), String> {
    let a: Vec<_> = pp_tokens(ours).into_iter().map(normalize_ucns).collect();
    let b: Vec<_> = pp_tokens(theirs).into_iter().map(normalize_ucns).collect();
    let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) else {
        return Ok(());
    };
    let lo = i.saturating_sub(6);
    let ctx = |t: &[Vec<u8>]| {
        let hi = (i + 6).min(t.len());
        let mut s = show_toks(&t[lo.min(t.len())..hi]);
        if hi < t.len() {
            s.push_str(" …");
        }
        if lo > 0 {
            s.insert_str(0, "… ");
        }
        s
    };
    let tok = |t: &[Vec<u8>]| match t.get(i) {
        Some(x) => format!("`{}`", String::from_utf8_lossy(x)),
        None => "end of output".to_string(),
    };
    Err(format!(
        "token #{i} differs: ours {} vs gcc {} ({} vs {} tokens)\n      ours: {}\n      gcc:  {}",
        tok(&a),
        tok(&b),
        a.len(),
        b.len(),
        ctx(&a),
        ctx(&b)
    ))
}

/// For `-dM`: compares the sets of (token-normalised) lines, order aside.
fn compare_line_sets(ours: &[u8], theirs: &[u8]) -> Result<(), String> {
    let set = |s: &[u8]| -> BTreeSet<String> {
        s.split(|&b| b == b'\n')
            .map(|l| show_toks(&pp_tokens(l)))
            .filter(|l| !l.is_empty())
            .collect()
    };
    let (a, b) = (set(ours), set(theirs));
    if a == b {
        return Ok(());
    }
    let mut msg = String::from("-dM line sets differ:");
    for l in a.difference(&b).take(10) {
        msg.push_str(&format!("\n      only ours: {l}"));
    }
    for l in b.difference(&a).take(10) {
        msg.push_str(&format!("\n      only gcc:  {l}"));
    }
    Err(msg)
}

// ---------------------------------------------------------------------------
// Short line diff (LCS) for golden mismatches

fn short_diff(expected: &[u8], actual: &[u8]) -> String {
    const MAX_LINES: usize = 24;
    let e: Vec<String> = String::from_utf8_lossy(expected)
        .lines()
        .map(str::to_owned)
        .collect();
    let a: Vec<String> = String::from_utf8_lossy(actual)
        .lines()
        .map(str::to_owned)
        .collect();
    let mut out = Vec::new();
    if e == a {
        out.push(format!(
            "      (same lines; bytes differ, e.g. trailing newline/CR: {} vs {} bytes)",
            expected.len(),
            actual.len()
        ));
    } else if e.len() * a.len() > 4_000_000 {
        let i = (0..).find(|&i| e.get(i) != a.get(i)).unwrap();
        out.push(format!("      first difference at line {}", i + 1));
        out.push(format!("      -{}", e.get(i).map_or("<eof>", |s| s)));
        out.push(format!("      +{}", a.get(i).map_or("<eof>", |s| s)));
    } else {
        // lcs[i][j] = LCS length of e[i..], a[j..]
        let (n, m) = (e.len(), a.len());
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
        let (mut i, mut j) = (0, 0);
        let mut in_hunk = false;
        while i < n || j < m {
            if i < n && j < m && e[i] == a[j] {
                i += 1;
                j += 1;
                in_hunk = false;
                continue;
            }
            if !in_hunk {
                out.push(format!(
                    "      @@ golden line {}, output line {}",
                    i + 1,
                    j + 1
                ));
                in_hunk = true;
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
    if out.len() > MAX_LINES {
        let more = out.len() - MAX_LINES;
        out.truncate(MAX_LINES);
        out.push(format!("      … {more} more diff lines"));
    }
    out.join("\n")
}

// ---------------------------------------------------------------------------
// The suite

#[derive(Clone, Copy, PartialEq, Debug)]
enum Bless {
    No,
    /// rewrite goldens, except for cases with a wrong exit status or a gcc mismatch
    Safe,
    /// rewrite every golden
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
    gcc_checked: usize,
    gcc_equal: usize,
    failures: Vec<String>,
    notes: Vec<String>,
}

fn run_suite(dir: &Path, opts: &Options) -> Report {
    let mut report = Report::default();
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
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
        let src = fs::read(&path).unwrap();
        let case = match parse_case(&name, &file, &src) {
            Ok(c) => c,
            Err(e) => {
                report
                    .failures
                    .push(format!("{name}: bad case header: {e}"));
                continue;
            }
        };
        check_case(dir, &case, opts, &mut report);
    }
    report
}

fn check_case(dir: &Path, case: &Case, opts: &Options, report: &mut Report) {
    let name = &case.name;
    let mut cmd = Command::new(&opts.bin);
    cmd.current_dir(dir)
        .arg("preprocess")
        .arg(&case.file)
        .args(&case.args);
    let ours = match run(cmd, case) {
        Ok(r) => r,
        Err(e) => {
            report.failures.push(format!("{name}: {e}"));
            return;
        }
    };
    // Differential against gcc first: blessing depends on it.
    let gcc_problem = match (&opts.gcc, &case.gcc_skip) {
        (Some(gcc), None) => {
            report.gcc_checked += 1;
            let p = gcc_differential(gcc, dir, case, &ours);
            if p.is_none() {
                report.gcc_equal += 1;
            }
            p
        }
        _ => None,
    };
    let mut problems = Vec::new();
    let exit_ok = ours.code == Some(case.exit);
    if !exit_ok {
        let mut p = format!("expected exit {}, got {}", case.exit, ours.describe_exit());
        let err = String::from_utf8_lossy(&ours.stderr);
        for l in err.lines().take(3) {
            p.push_str(&format!("\n      stderr: {l}"));
        }
        problems.push(p);
    }

    // Goldens: `.i` (stdout) for expected successes, `.err` (stderr) for
    // failures and for successes with diagnostics (e.g. #warning).
    let i_path = dir.join(format!("{name}.i"));
    let err_path = dir.join(format!("{name}.err"));
    let mut expected: Vec<(&str, PathBuf, &[u8])> = Vec::new();
    if case.exit == 0 {
        expected.push(("stdout", i_path.clone(), &ours.stdout));
        expected.push(("stderr", err_path.clone(), &ours.stderr));
    } else {
        expected.push(("stderr", err_path.clone(), &ours.stderr));
    }
    // A wrong exit status or a gcc mismatch means the output is suspect: a
    // golden (possibly corrected by hand) is then only overwritten by `force`.
    let bless = match opts.bless {
        Bless::No => false,
        Bless::Force => true,
        Bless::Safe if exit_ok && gcc_problem.is_none() => true,
        Bless::Safe => {
            problems
                .push("not blessed: output is suspect (HEADERKIT_BLESS=force overrides)".into());
            false
        }
    };
    if bless {
        if case.exit == 0 {
            fs::write(&i_path, &ours.stdout).unwrap();
            if ours.stderr.is_empty() {
                let _ = fs::remove_file(&err_path);
            } else {
                fs::write(&err_path, &ours.stderr).unwrap();
            }
        } else {
            let _ = fs::remove_file(&i_path);
            fs::write(&err_path, &ours.stderr).unwrap();
        }
    } else {
        for (what, path, actual) in &expected {
            let golden = match fs::read(path) {
                Ok(g) => g,
                // a success case without `.err` expects an empty stderr
                Err(_) if *what == "stderr" && case.exit == 0 => Vec::new(),
                Err(_) => {
                    problems.push(format!(
                        "no golden {} (run with HEADERKIT_BLESS=1)",
                        path.file_name().unwrap().to_string_lossy()
                    ));
                    continue;
                }
            };
            if golden != *actual {
                problems.push(format!(
                    "{what} differs from {}:\n{}",
                    path.file_name().unwrap().to_string_lossy(),
                    short_diff(&golden, actual)
                ));
            }
        }
        if case.exit != 0 && i_path.exists() {
            problems.push(format!("stale golden {name}.i for a failing case"));
        }
    }
    if problems.is_empty() {
        report.golden_equal += 1;
    }
    problems.extend(gcc_problem);

    if !problems.is_empty() {
        let mut msg = format!("{name}:");
        for p in problems {
            msg.push_str("\n    ");
            msg.push_str(&p);
        }
        report.failures.push(msg);
    }
}

/// Runs `gcc -E -P -undef ARGS FILE`; `Some` describes a disagreement.
fn gcc_differential(gcc: &Path, dir: &Path, case: &Case, ours: &Run) -> Option<String> {
    let mut cmd = Command::new(gcc);
    cmd.current_dir(dir)
        .args(["-E", "-P", "-undef"])
        .args(&case.args)
        .arg(&case.file);
    let g = match run(cmd, case) {
        Ok(g) => g,
        Err(e) => return Some(format!("gcc: {e}")),
    };
    if case.exit != 0 {
        return if g.code == Some(0) {
            Some("gcc accepts this input (exit 0) but the case expects failure".into())
        } else if ours.code == Some(0) {
            Some("gcc fails but we exit 0".into())
        } else {
            None
        };
    }
    let res = if g.code != Some(0) {
        let err = String::from_utf8_lossy(&g.stderr);
        let first = err.lines().find(|l| l.contains("error")).unwrap_or("");
        Err(format!("gcc failed ({}): {first}", g.describe_exit()))
    } else if ours.code != Some(0) {
        Err("gcc succeeds but we do not".to_string())
    } else if case.args.iter().any(|a| a == "-dM") {
        compare_line_sets(&ours.stdout, &g.stdout)
    } else {
        compare_tokens(&strip_line_markers(&ours.stdout), &g.stdout)
    };
    res.err().map(|e| format!("differs from gcc: {e}"))
}

fn find_gcc() -> (Option<PathBuf>, Option<String>) {
    let var = std::env::var("HEADERKIT_GCC").ok();
    if var.as_deref() == Some("0") {
        return (
            None,
            Some("gcc differential disabled by HEADERKIT_GCC=0".into()),
        );
    }
    let gcc = PathBuf::from(var.unwrap_or_else(|| "gcc".into()));
    match Command::new(&gcc).arg("--version").output() {
        Ok(o) if o.status.success() => (Some(gcc), None),
        _ => (
            None,
            Some(format!(
                "note: {} not runnable; skipping the gcc differential",
                gcc.display()
            )),
        ),
    }
}

#[test]
fn preprocess_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join(CASE_DIR);
    let (gcc, note) = find_gcc();
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
    let mut report = run_suite(&dir, &opts);
    report.notes.extend(note);
    let mut summary = format!(
        "{CASE_DIR}: {}/{} equal to golden",
        report.golden_equal, report.cases
    );
    if opts.gcc.is_some() {
        summary.push_str(&format!(
            ", {}/{} equal to gcc",
            report.gcc_equal, report.gcc_checked
        ));
    }
    if opts.bless != Bless::No {
        summary.push_str(" (blessed)");
    }
    // Written straight to stderr so that it shows even when the test passes.
    let mut err = std::io::stderr().lock();
    for n in &report.notes {
        let _ = writeln!(err, "{n}");
    }
    let _ = writeln!(err, "{summary}");
    drop(err);
    assert!(report.cases > 0, "no cases found in {}", dir.display());
    if !report.failures.is_empty() {
        panic!(
            "{} of {} grammar cases failed:\n\n{}\n\n{summary}",
            report.failures.len(),
            report.cases,
            report.failures.join("\n\n")
        );
    }
}

// ---------------------------------------------------------------------------
// Tests of the harness itself

#[test]
fn tokenizer_splits_pp_tokens() {
    let t = |s: &str| show_toks(&pp_tokens(s.as_bytes()));
    assert_eq!(t("a+++++b"), "a ++ ++ + b");
    assert_eq!(t("x<<=y>>=z...w..v"), "x <<= y >>= z ... w . . v");
    assert_eq!(
        t("1e+5 0x1p-3 1.2.3 0x1e+1 .5e-x 1+5"),
        "1e+5 0x1p-3 1.2.3 0x1e+1 .5e-x 1 + 5"
    );
    assert_eq!(
        t("L\"a\\\"b\" u8\"x\" U'y' u'\\'' Lx \"s\""),
        "L\"a\\\"b\" u8\"x\" U'y' u'\\'' Lx \"s\""
    );
    assert_eq!(t("%:%: %:%> <::><%%>"), "%:%: %: %> <: :> <% %>");
    assert_eq!(t("a\\u00e9b \\u12 $x @ `"), "a\\u00e9b \\ u12 $x @ `");
    assert_eq!(t("  a\n\t b  "), "a b");
    assert_eq!(t("'unterminated\nx"), "'unterminated x");
    assert_eq!(t("a//b /*c / /"), "a // b /* c / /");
}

#[test]
fn comparator_is_whitespace_blind_but_token_exact() {
    assert!(compare_tokens(b"int  a ;\n\n", b"int a;").is_ok());
    assert!(compare_tokens(b"a + +b", b"a ++b").is_err());
    assert!(compare_tokens(b"x y", b"x y z").is_err());
    assert!(compare_tokens(b"\"a b\"", b"\"a  b\"").is_err());
    assert!(compare_tokens(b"%:", b"#").is_err());
    assert!(
        compare_tokens(
            "caf\\u00e9 caf\\U000000E9".as_bytes(),
            "café café".as_bytes()
        )
        .is_ok()
    );
    assert!(compare_tokens(b"\"\\u00e9\"", "\"é\"".as_bytes()).is_err());
    assert!(compare_tokens(b"a\\u00e9", b"a\\u00e8").is_err());
    assert_eq!(
        strip_line_markers(b"# 1 \"a.h\"\nint x;\n#line 3\n# 2 \"a.h\" 2\n#pragma once\n"),
        b"int x;\n#pragma once\n"
    );
    assert!(compare_line_sets(b"#define A 1\n#define B 2\n", b"#define B  2\n#define A 1").is_ok());
    assert!(compare_line_sets(b"#define A 1\n", b"#define A 2\n").is_err());
}

#[test]
fn split_args_handles_quotes() {
    assert_eq!(
        split_args("-D 'X=a b' -I inc \"-DY=\\\"s\\\"\"").unwrap(),
        ["-D", "X=a b", "-I", "inc", "-DY=\"s\""]
    );
    let c = parse_case(
        "c",
        "c.h",
        b"// args: -DA\n// gcc: skip ours\n// exit: 1\n// env: K=V\nint x;\n// args: nope\n",
    )
    .unwrap();
    assert_eq!(c.args, ["-DA"]);
    assert_eq!(c.gcc_skip.as_deref(), Some("ours"));
    assert_eq!((c.exit, c.env.clone()), (1, vec![("K".into(), "V".into())]));
    assert_eq!(
        parse_case("d", "d.h", b"int x;\n").unwrap().args,
        DEFAULT_ARGS
    );
}

/// The suite must be able to fail: run it on a scratch directory with a
/// stand-in binary that echoes the file, and check every kind of failure shows.
#[test]
fn harness_detects_failures() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let bin = d.join("standin.sh");
    // prints the case file; exits 1 with a message when the file says `FAIL`
    fs::write(
        &bin,
        "#!/bin/sh\nshift\nif grep -q FAIL \"$1\"; then echo \"$1:1:1: error: no\" >&2; exit 1; fi\ncat \"$1\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
    fs::write(d.join("good.h"), "int x;\n").unwrap();
    fs::write(d.join("good.i"), "int x;\n").unwrap();
    fs::write(d.join("wrong.h"), "int x;\n").unwrap();
    fs::write(d.join("wrong.i"), "int y;\n").unwrap();
    fs::write(d.join("nogolden.h"), "int x;\n").unwrap();
    fs::write(d.join("badexit.h"), "// exit: 1\nint x;\n").unwrap();
    fs::write(d.join("err.h"), "// exit: 1\nFAIL\n").unwrap();
    fs::write(d.join("err.err"), "err.h:1:1: error: no\n").unwrap();
    fs::write(d.join("errwrong.h"), "// exit: 1\nFAIL\n").unwrap();
    fs::write(d.join("errwrong.err"), "errwrong.h:9:9: error: no\n").unwrap();
    let opts = Options {
        bin: bin.clone(),
        gcc: None,
        bless: Bless::No,
        filter: None,
    };
    let r = run_suite(d, &opts);
    assert_eq!(r.cases, 6);
    assert_eq!(r.golden_equal, 2, "{:#?}", r.failures);
    let failed: Vec<_> = r
        .failures
        .iter()
        .map(|f| f.split(':').next().unwrap())
        .collect();
    assert_eq!(failed, ["badexit", "errwrong", "nogolden", "wrong"]);
    assert!(
        r.failures[3].contains("-int y;") && r.failures[3].contains("+int x;"),
        "{}",
        r.failures[3]
    );

    // blessing makes everything but the exit-code mismatch pass, and leaves
    // the golden of that suspect case alone unless forced
    fs::write(d.join("badexit.err"), "hand-written\n").unwrap();
    let r = run_suite(
        d,
        &Options {
            bless: Bless::Safe,
            bin: bin.clone(),
            gcc: None,
            filter: None,
        },
    );
    assert!(
        r.failures.iter().any(|f| f.contains("not blessed")),
        "{:#?}",
        r.failures
    );
    assert_eq!(
        fs::read_to_string(d.join("badexit.err")).unwrap(),
        "hand-written\n"
    );
    let r = run_suite(
        d,
        &Options {
            bin: bin.clone(),
            gcc: None,
            bless: Bless::No,
            filter: None,
        },
    );
    assert_eq!(r.golden_equal, 5, "{:#?}", r.failures);
    assert_eq!(r.failures.len(), 1);
    run_suite(
        d,
        &Options {
            bless: Bless::Force,
            bin: bin.clone(),
            gcc: None,
            filter: None,
        },
    );
    assert_eq!(fs::read_to_string(d.join("badexit.err")).unwrap(), "");
}
