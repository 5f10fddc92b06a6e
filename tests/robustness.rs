//! Robustness: bad and strange input never panics, never hangs, and every error is a proper
//! diagnostic (`docs/architecture.md`, "Bad input never panics or hangs").
//!
//! A deterministic generator (xorshift, fixed seeds) builds a few thousand small inputs from
//! fragments: directives (valid and truncated), `#if` expressions, odd macro definitions and
//! calls, unterminated strings/comments/calls, self-inclusion, random bytes, very long lines and
//! deep nesting. Each runs in-process through `preprocess_source` (or `preprocess_file` for
//! inputs that include themselves) inside `catch_unwind`, on a thread with the default 2 MiB
//! stack that rayon workers and `std::thread::spawn` give a library user. A case must finish
//! within `BUDGET`; it must return `Ok` or an error diagnostic with a message and a position
//! (line 0 only for errors about a whole file or option, or after `#line 0`).
//!
//! Inputs range from clean (valid macros, calls and `#if`s, which reach deep into expansion)
//! to pure noise: each generated case picks how much of it comes from the nasty fragments.
//!
//! When a case fails, the report gives its seed and a minimised input. To find a case that
//! aborts the process (a stack overflow cannot be caught), run with `ROBUSTNESS_TRACE=1
//! cargo test --test robustness -- --nocapture --test-threads 1`: each case's label is printed
//! before it runs. `ROBUSTNESS_STATS=1` prints every error message, and `ROBUSTNESS_DUMP=DIR`
//! (with it) writes the inputs that failed, to compare with `gcc -E`.

mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use headerkit::diag::Diagnostic;
use headerkit::preprocess::{FileCache, MacroArg, Options, preprocess_file, preprocess_source};
use support::{Project, Rng, minimise, panic_text, show};

/// Longest a single case may take (debug build). It tells a hang or runaway expansion
/// (minutes, or forever) from a slow case on a busy two-core machine: the largest case takes
/// about 2 s alone and 7 s with the other test binaries and builds competing.
const BUDGET: Duration = Duration::from_secs(20);
/// A case that has not finished after this long is reported as a hang.
const HANG: Duration = Duration::from_secs(30);
/// The stack of the thread running the cases: Rust's default for spawned threads.
const STACK: usize = 2 << 20;

// ---------------------------------------------------------------------------------------
// Cases and the harness

struct Case {
    label: String,
    src: Vec<u8>,
    opts: Options,
    /// Run through `preprocess_file` on this path (the source is written there first).
    file: Option<PathBuf>,
}

impl Case {
    fn new(label: impl Into<String>, src: impl Into<Vec<u8>>) -> Case {
        Case {
            label: label.into(),
            src: src.into(),
            opts: Options {
                nostdinc: true,
                ..Options::default()
            },
            file: None,
        }
    }
}

#[derive(Debug)]
enum Outcome {
    Ok,
    Err(Box<Diagnostic>),
    Panic(String),
}

/// Runs one case, exercising everything a caller may ask of the result.
fn run_case(src: &[u8], opts: &Options, file: Option<&PathBuf>, cache: &FileCache) -> Outcome {
    let r = catch_unwind(AssertUnwindSafe(|| {
        let res = match file {
            Some(p) => {
                std::fs::write(p, src).expect("write case file");
                preprocess_file(p, opts, cache)
            }
            None => preprocess_source("case.h", src, opts, cache),
        };
        match res {
            Ok(out) => {
                let _ = out.defines_text();
                let _ = out.macros();
                for w in &out.warnings {
                    let _ = w.to_string();
                }
                Outcome::Ok
            }
            Err(d) => {
                let _ = d.to_string();
                Outcome::Err(d)
            }
        }
    }));
    r.unwrap_or_else(|p| Outcome::Panic(panic_text(&*p)))
}

/// What is wrong with an outcome, if anything.
fn problem(o: &Outcome, src: &[u8]) -> Option<String> {
    match o {
        Outcome::Ok => None,
        Outcome::Panic(m) => Some(format!("panic: {m}")),
        Outcome::Err(d) => {
            if d.message.trim().is_empty() {
                Some(format!("diagnostic without a message: {d:?}"))
            } else if d.line == 0 && d.col != 0 && !renumbers_lines(src) {
                Some(format!("diagnostic at line 0: {d}"))
            } else if d.line > 0 && d.col == 0 {
                Some(format!("diagnostic at column 0: {d}"))
            } else {
                None
            }
        }
    }
}

/// Line 0 is a real position after `#line 0` (or after line numbers wrap past 4294967295);
/// otherwise only errors about a whole file or option (`Diagnostic::plain`, column 0) have it.
fn renumbers_lines(src: &[u8]) -> bool {
    src.split(|&b| b == b'\n').any(|l| {
        let l = String::from_utf8_lossy(l);
        let l = l.trim_start();
        l.starts_with('#')
            && l[1..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == 'l')
    })
}

/// With `ROBUSTNESS_STATS=1`, prints each error message (to see what the generator reaches);
/// with `ROBUSTNESS_DUMP=DIR` as well, writes each failing input and its diagnostic to DIR (to
/// compare with `gcc -E`).
fn note_error(c: &Case, d: &Diagnostic) {
    if std::env::var_os("ROBUSTNESS_STATS").is_none() {
        return;
    }
    eprintln!("ERR {} -- {}", d.message, c.label);
    if let Some(dir) = std::env::var_os("ROBUSTNESS_DUMP") {
        let name = c.label.replace([' ', '(', ')', '%', ':'], "_");
        let dir = PathBuf::from(dir);
        let _ = std::fs::write(dir.join(format!("{name}.h")), &c.src);
        let _ = std::fs::write(dir.join(format!("{name}.err")), d.to_string());
    }
}

fn trace() -> bool {
    std::env::var_os("ROBUSTNESS_TRACE").is_some()
}

/// Runs every case on one worker thread and fails with a report of every problem.
fn run_cases(name: &str, cases: Vec<Case>) {
    let n = cases.len();
    let (tx, rx) = mpsc::channel::<(Outcome, Duration)>();
    let cases = std::sync::Arc::new(cases);
    let worker_cases = cases.clone();
    let label = name.to_string();
    std::thread::Builder::new()
        .name(format!("robustness-{name}"))
        .stack_size(STACK)
        .spawn(move || {
            let cache = FileCache::new();
            for c in worker_cases.iter() {
                if trace() {
                    eprintln!("[{label}] {}", c.label);
                }
                let t = Instant::now();
                let o = run_case(&c.src, &c.opts, c.file.as_ref(), &cache);
                if tx.send((o, t.elapsed())).is_err() {
                    return;
                }
            }
        })
        .expect("spawn worker");

    let started = Instant::now();
    let mut problems: Vec<(usize, String)> = Vec::new();
    let mut slowest = (Duration::ZERO, 0usize);
    let (mut oks, mut errs) = (0usize, 0usize);
    for i in 0..n {
        match rx.recv_timeout(HANG) {
            Ok((o, took)) => {
                if took > slowest.0 {
                    slowest = (took, i);
                }
                match &o {
                    Outcome::Ok => oks += 1,
                    Outcome::Err(d) => {
                        errs += 1;
                        note_error(&cases[i], d);
                    }
                    Outcome::Panic(_) => {}
                }
                if let Some(p) = problem(&o, &cases[i].src) {
                    problems.push((i, p));
                }
                if took > BUDGET {
                    problems.push((i, format!("took {took:?} (budget {BUDGET:?})")));
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                problems.push((i, format!("hang: no result after {HANG:?}")));
                break;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                problems.push((i, "the worker thread died".into()));
                break;
            }
        }
    }
    eprintln!(
        "{name}: {n} cases in {:?}: {oks} ok, {errs} errors; slowest {:?} ({})",
        started.elapsed(),
        slowest.0,
        cases[slowest.1].label
    );
    if problems.is_empty() {
        return;
    }
    let mut report = format!("{name}: {} problem(s) in {n} cases\n", problems.len());
    for (i, p) in problems.iter().take(8) {
        let c = &cases[*i];
        report.push_str(&format!(
            "\n* {} — {p}\n  input: {}\n",
            c.label,
            show(&c.src)
        ));
        if p.starts_with("panic") && c.file.is_none() {
            let opts = c.opts.clone();
            let small = std::thread::Builder::new()
                .stack_size(STACK)
                .spawn({
                    let src = c.src.clone();
                    move || {
                        let cache = FileCache::new();
                        minimise(&src, |s| {
                            matches!(run_case(s, &opts, None, &cache), Outcome::Panic(_))
                        })
                    }
                })
                .expect("spawn minimiser")
                .join()
                .unwrap_or_default();
            report.push_str(&format!("  minimised: {}\n", show(&small)));
        }
        report.push_str(&format!("  options: {:?}\n", c.opts));
    }
    panic!("{report}");
}

// ---------------------------------------------------------------------------------------
// The generator

const IDENTS: &[&str] = &[
    "A",
    "B",
    "C",
    "F",
    "G",
    "H",
    "V",
    "X",
    "a",
    "b",
    "x",
    "__VA_ARGS__",
    "__VA_OPT__",
    "defined",
    "__FILE__",
    "__LINE__",
    "__COUNTER__",
    "__INCLUDE_LEVEL__",
    "__BASE_FILE__",
    "__FILE_NAME__",
    "__DATE__",
    "__TIME__",
    "__TIMESTAMP__",
    "__has_include",
    "__has_include_next",
    "__has_attribute",
    "__has_builtin",
    "__has_feature",
    "__has_c_attribute",
    "_Pragma",
    "int",
    "STR",
    "CAT",
    "EMPTY",
];

const PUNCTS: &[&str] = &[
    "(", ")", ",", "#", "##", "+", "-", "*", "/", "%", "<<", ">>", "<", ">", "<=", ">=", "==",
    "!=", "&", "^", "|", "&&", "||", "!", "~", "?", ":", "...", ".", "[", "]", "{", "}", ";", "=",
    "->", "++", "--", "%:", "%:%:", "<:", ":>", "<%", "%>", "@", "$", "`", "\\", "..",
];

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "7",
    "63",
    "64",
    "65",
    "0x7fffffffffffffff",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775808",
    "99999999999999999999999",
    "0u",
    "1ULL",
    "1lu",
    "1LL",
    "1lL",
    "1uu",
    "077",
    "08",
    "0b101",
    "0b2",
    "0x",
    "0xg",
    "1.5",
    "1e10",
    "0x1p3",
    "1_000",
    "1'000",
    "'a'",
    "'\\377'",
    "L'x'",
    "'ab'",
    "'abcde'",
    "''",
    "u'x'",
    "U'\\xffffffff'",
    "'\\x'",
    "'\\u12'",
    "'\\U0001F600'",
    "u8'a'",
    "'\\0'",
    "'\\e'",
    "'\\q'",
    "L'\\xffffffffff'",
    "'\u{e9}'",
    "L'\u{1F600}'",
];

const STRINGS: &[&str] = &[
    "\"s\"",
    "\"a\\\"b\"",
    "\"unterminated",
    "'",
    "'a",
    "L\"w\"",
    "u8\"u\"",
    "u\"x\"",
    "U\"y\"",
    "\"\\\"",
    "\"\\x\"",
    "'\\'",
    "\"\"",
    "R\"(raw)\"",
    "<stddef.h>",
    "\"case.h\"",
    "\"\u{e9}t\u{e9}\"",
];

const EXPR_SPECIAL: &[&str] = &[
    "1/0",
    "1%0",
    "0 && 1/0",
    "1 || 1/0",
    "0 ? 1/0 : 2",
    "(-9223372036854775807-1)/-1",
    "(-9223372036854775807-1)%-1",
    "1<<64",
    "1<<-1",
    "-1>>65",
    "18446744073709551615/-1",
    "0x8000000000000000/-1",
    "-(-9223372036854775807-1)",
    "~0u/0",
    "1 ? 2 : (1/0)",
    "defined",
    "defined(",
    "defined X",
    "defined(X)",
    "defined(X",
    "defined 1",
    "defined()",
    "__has_include(<stddef.h>)",
    "__has_include(\"nope.h\")",
    "__has_include(",
    "__has_include(<stddef.h>",
    "__has_include()",
    "__has_include(X)",
    "__has_include(<>)",
    "__has_include_next(<stddef.h>)",
    "__has_attribute(packed)",
    "__has_attribute(",
    "__has_attribute(gnu::packed)",
    "__has_builtin(__builtin_expect)",
    "__has_builtin()",
    "__has_feature(c_alignas)",
    "__has_c_attribute(deprecated)",
    "__has_c_attribute(gnu::x)",
    "__has_cpp_attribute(x)",
    "__has_extension(x)",
    "__LINE__",
    "__COUNTER__",
    "\"str\"",
    "1.0",
    "x = 1",
    "1,2",
    "(1,2)",
    "a b",
    "",
    "(",
    ")",
    "?",
    ":",
    "1 ? 2",
    "1 : 2",
];

const DIRECTIVES: &[&str] = &[
    "#if",
    "#ifdef",
    "#ifndef",
    "#elif",
    "#else",
    "#endif",
    "#elifdef X",
    "#elifndef X",
    "#ifdef X junk",
    "#else junk",
    "#endif junk",
    "#if 1",
    "#if 0",
    "#ifndef 1",
    "#ifdef \"s\"",
    "#error",
    "#error msg 'x",
    "#warning msg",
    "#warning",
    "#ident \"x\"",
    "#ident x",
    "#sccs \"y\"",
    "#assert machine(x)",
    "#unassert x",
    "#",
    "# /* */",
    "#foo",
    "#1",
    "#\"s\"",
    "# define Z 1",
    "#define",
    "#define 1",
    "#define \"s\"",
    "#define X(",
    "#define X(a",
    "#define X(a,",
    "#define X(a) #b",
    "#define X ##",
    "#define X ## y",
    "#define X(a) a ##",
    "#define X(a) ## a",
    "#define X(a) #",
    "#define __VA_ARGS__ 1",
    "#define __VA_OPT__ 1",
    "#define defined 1",
    "#undef defined",
    "#undef __FILE__",
    "#define __FILE__ x",
    "#define __LINE__ 7",
    "#undef",
    "#undef X Y",
    "#undef 1",
    "#define X 1",
    "#define X 2",
    "#define X(a) a",
    "#embed \"x\"",
    "#include",
    "#include \"",
    "#include <",
    "#include <>",
    "#include \"\"",
    "#include X",
    "#include <stddef.h>",
    "#include <stdint.h>",
    "#include <limits.h>",
    "#include <stdarg.h>",
    "#include \"case.h\"",
    "#include __FILE__",
    "#include_next <stddef.h>",
    "#include_next \"x\"",
    "#import \"case.h\"",
    "#include \"/\"",
    "#include \"..\"",
    "#include \"/dev/null\"",
    "#include \"/dev/zero\"",
    "#include <stddef.h> junk",
    "#include \"a\" \"b\"",
    "#include L\"x\"",
    "#define HDR <stddef.h>\n#include HDR",
    "#define HDR(x) #x\n#include HDR(stddef.h)",
    "#define HDR < stddef . h >\n#include HDR",
    "#define HDR <\n#include HDR",
    "#line 0",
    "#line 1",
    "#line 4294967295",
    "#line 4294967294",
    "#line 4294967296",
    "#line 2147483647",
    "#line 2147483648",
    "#line 99999999999999999999",
    "#line -1",
    "#line 10 \"x.h\"",
    "#line 10 \"x.h\" 3",
    "#line X",
    "#line",
    "#line 5 L\"w\"",
    "#line 10 \"a\\\"b\"",
    "#line 0x10",
    "#line 1e3",
    "# 5 \"f.h\" 1 3 4",
    "# 5 \"f.h\" 2",
    "# 4294967295 \"f.h\"",
    "# 5 \"f.h\" 3 4 5 6",
    "# 0",
    "#pragma",
    "#pragma once",
    "#pragma GCC system_header",
    "#pragma GCC poison A",
    "#pragma GCC poison",
    "#pragma GCC poison 1",
    "#pragma push_macro(\"A\")",
    "#pragma pop_macro(\"A\")",
    "#pragma push_macro(",
    "#pragma pop_macro(A)",
    "#pragma push_macro(\"\")",
    "#pragma GCC warning \"w\"",
    "#pragma GCC error \"e\"",
    "#pragma GCC warning",
    "#pragma STDC FENV_ACCESS ON",
    "#pragma pack(push, 1)",
    "#pragma message(\"m\")",
    "#pragma GCC dependency \"case.h\"",
    "#pragma GCC push_options",
    "#pragma once junk",
    "_Pragma(\"once\")",
    "_Pragma(",
    "_Pragma(1)",
    "_Pragma()",
    "_Pragma(\"GCC poison X\") X",
    "_Pragma(\"push_macro(\\\"X\\\")\")",
    "_Pragma(L\"x\")",
    "_Pragma(\"_Pragma(\\\"once\\\")\")",
    "_Pragma(\"GCC error \\\"e\\\"\")",
    "_Pragma(\"GCC system_header\")",
    "_Pragma",
    "_Pragma \"x\"",
    "__LINE__ __FILE__ __COUNTER__ __COUNTER__ __INCLUDE_LEVEL__ __BASE_FILE__ __FILE_NAME__",
    "__DATE__ __TIME__ __TIMESTAMP__",
    "__has_include(<stddef.h>)",
    "defined(X)",
];

const SPECIAL_MACROS: &[&str] = &[
    "#define A A\nA",
    "#define A B\n#define B A\nA B",
    "#define F(x) F(x) x\nF(F(1))",
    "#define F(x) G(x)\n#define G(x) F(x)\nF(1) G(F)(2)",
    "#define CAT(a,b) a##b\nCAT(+,+) CAT(/,/) CAT(\"a\",b) CAT(,) CAT(-,>) CAT(<,<=) CAT(.,.) CAT(1,e) CAT(L, 'a') CAT(u8,\"s\") CAT(/,*) CAT(#,#)",
    "#define STR(x) #x\nSTR(\"\\\\\" '\"') STR() STR( a  b ) STR(\\) STR(\"unterminated) STR('\\')",
    "#define V(...) __VA_OPT__(x ## __VA_ARGS__ ## y) #__VA_ARGS__\nV() V(1) V(,) V(a,b)",
    "#define V(a,...) a __VA_OPT__(,) __VA_ARGS__ , ## __VA_ARGS__\nV() V(1) V(1,) V(1,2,3)",
    "#define V(...) __VA_OPT__(\nV(1)",
    "#define V(...) __VA_OPT__(__VA_OPT__())\nV(1)",
    "#define V(...) #__VA_OPT__(a)\nV(1) V()",
    "#define V(x...) #x x\nV() V(1,2)",
    "#define EMPTY\n#define LPAREN (\n#define F(x) [x]\nF LPAREN 1 ) F EMPTY (2)",
    "#define f(a) a*g\n#define g(a) f(a)\nf(2)(9)",
    "#define obj(x) x\n#define call obj(\ncall 1)",
    "#define obj(x) x\n#define call obj(\ncall",
    "#define P _Pragma(\"once\") _Pragma(\nP",
    "#define F(x) x\nF(\n#define Y 1\nY)",
    "#define F(x) x\nF(\n#include \"case.h\"\n)",
    "#define F(x) x\nF(\n#pragma once\n)",
    "#define F() 1\nF() F( ) F(1) F(,)",
    "#define F(a,b) a b\nF() F(1) F(1,2,3) F((1,2),3) F([1,2],3)",
    "#define F(x) #x ## #x\nF(a)",
    "#define F(x) x ## __LINE__ ## x\nF(1) F()",
    "#define F(x) -x\n-F(-1) F(-)- F(F(F(F)))",
    "#define defined\n#if defined\n#endif",
    "#define D defined(X)\n#if D\n#endif",
    "#define D defined\n#if D X\n#endif",
    "#define H __has_include\n#if H(<stddef.h>)\n#endif",
    "#define H __has_include(\n#if H <stddef.h>)\n#endif",
    "#define LP (\n#if defined LP X)\n#endif",
    "#define F(x) x\n#if F(\n1)\n#endif",
    "#define F(x) x\n#if F(1\n#endif",
    "#define E\n#if E\n#endif",
    "#define N 1/0\n#if N\n#endif",
    "#define Z __COUNTER__\n#if Z == 0 && Z == 1\n#endif",
    "#pragma push_macro(\"A\")\n#define A 2\n#pragma push_macro(\"A\")\n#undef A\n#pragma pop_macro(\"A\")\n#pragma pop_macro(\"A\")\n#pragma pop_macro(\"A\")\nA",
    "#pragma GCC poison P\n#define P 1\nP\n#ifdef P\n#endif",
    "#define X 1\n#pragma GCC poison X\nX",
    "#define S(x) #x\n#define XS(x) S(x)\nXS(__FILE__) XS(__LINE__) S(__LINE__)",
    "#define CAT(a,b) a##b\nCAT(__LI,NE__) CAT(_,Pragma)(\"once\") CAT(defin,ed)",
    "#define CAT(a,b) a##b\nCAT(\"a\",\"b\") CAT('a',b) CAT(1,+) CAT(=,=) CAT(%:,%:) CAT(<:, :>)",
];

fn pick_ident(r: &mut Rng) -> String {
    r.pick(IDENTS).to_string()
}

fn token(r: &mut Rng) -> String {
    match r.below(10) {
        0..=3 => pick_ident(r),
        4..=6 => r.pick(PUNCTS).to_string(),
        7 | 8 => r.pick(NUMBERS).to_string(),
        _ => r.pick(STRINGS).to_string(),
    }
}

fn tokens(r: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(&token(r));
        if r.chance(80) {
            s.push(' ');
        }
    }
    s
}

fn expr(r: &mut Rng, depth: u32) -> String {
    let choices = if depth > 5 { 3 } else { 11 };
    match r.below(choices) {
        0 => r.pick(NUMBERS).to_string(),
        1 => pick_ident(r),
        2 => r.pick(EXPR_SPECIAL).to_string(),
        3 => {
            let inner = expr(r, depth + 1);
            match r.below(12) {
                0 => format!("({inner}"),
                1 => format!("{inner})"),
                _ => format!("({inner})"),
            }
        }
        4 => format!(
            "{}{}",
            r.pick(&["-", "+", "!", "~", "- -", "!!", "&", "*"]),
            expr(r, depth + 1)
        ),
        5..=7 => format!(
            "{} {} {}",
            expr(r, depth + 1),
            r.pick(&[
                "+", "-", "*", "/", "%", "<<", ">>", "<", ">", "<=", ">=", "==", "!=", "&", "^",
                "|", "&&", "||", ",", "=", "+=", ".", "->", "##", "#",
            ]),
            expr(r, depth + 1)
        ),
        8 => {
            let (c, a, b) = (expr(r, depth + 1), expr(r, depth + 1), expr(r, depth + 1));
            if r.chance(10) {
                format!("{c} ? {a} {b}")
            } else {
                format!("{c} ? {a} : {b}")
            }
        }
        9 => format!("defined {}", pick_ident(r)),
        _ => format!("defined({})", pick_ident(r)),
    }
}

fn if_block(r: &mut Rng) -> String {
    let mut s = format!("#if {}\n", expr(r, 0));
    s.push_str(&tokens(r, 3));
    s.push('\n');
    if r.chance(40) {
        s.push_str(&format!("#elif {}\n", expr(r, 0)));
        s.push_str(&tokens(r, 2));
        s.push('\n');
    }
    if r.chance(30) {
        s.push_str("#else\n");
    }
    if r.chance(90) {
        s.push_str("#endif\n");
    }
    s
}

fn macro_def(r: &mut Rng) -> String {
    let name = match r.below(12) {
        0 => r
            .pick(&["defined", "__LINE__", "__VA_ARGS__", "1bad", "", "_Pragma"])
            .to_string(),
        _ => r
            .pick(&["A", "B", "F", "G", "H", "V", "X", "STR", "CAT", "EMPTY"])
            .to_string(),
    };
    let params = r.pick(&[
        "",
        "",
        "",
        "()",
        "(a)",
        "(a,b)",
        "(a, b)",
        "(...)",
        "(a,...)",
        "(x...)",
        "(a,a)",
        "(a,)",
        "(1)",
        "(a",
        "(__VA_ARGS__)",
        "(a b)",
        "( )",
        "(,)",
        "(a,...,b)",
        "(... x)",
    ]);
    let space = if r.chance(10) { " " } else { "" };
    let mut body = String::new();
    for _ in 0..r.below(8) {
        let t = match r.below(12) {
            0 => "#".to_string(),
            1 => "##".to_string(),
            2 => "#a".to_string(),
            3 => "a##b".to_string(),
            4 => "__VA_ARGS__".to_string(),
            5 => format!("__VA_OPT__({})", tokens(r, 2)),
            6 => ",##__VA_ARGS__".to_string(),
            7 => r.pick(&["a", "b", "x"]).to_string(),
            _ => token(r),
        };
        body.push_str(&t);
        body.push(' ');
    }
    format!("#define {name}{space}{params} {body}")
}

fn invocation(r: &mut Rng) -> String {
    let mut s = r
        .pick(&["F", "G", "H", "V", "STR", "CAT", "A", "X"])
        .to_string();
    if r.chance(90) {
        s.push('(');
    }
    let mut depth = 0i32;
    for _ in 0..r.below(10) {
        match r.below(10) {
            0 => {
                s.push('(');
                depth += 1;
            }
            1 if depth > 0 => {
                s.push(')');
                depth -= 1;
            }
            2 | 3 => s.push(','),
            4 => s.push('\n'),
            _ => {
                s.push_str(&token(r));
                s.push(' ');
            }
        }
    }
    if r.chance(85) {
        for _ in 0..depth {
            s.push(')');
        }
        s.push(')');
    }
    s
}

fn random_bytes(r: &mut Rng) -> Vec<u8> {
    let n = r.range(1, 80);
    let allow_nul = r.chance(10);
    (0..n)
        .map(|_| {
            let b = (r.next_u64() & 0xff) as u8;
            if b == 0 && !allow_nul { b'0' } else { b }
        })
        .collect()
}

fn long_line(r: &mut Rng) -> String {
    let n = r.range(2_000, 40_000);
    match r.below(10) {
        0 => "x ".repeat(n),
        1 => "1".repeat(n),
        2 => format!("\"{}\"", "a".repeat(n)),
        3 => format!("/*{}*/", "*".repeat(n)),
        4 => format!("#define LONG {}a\nLONG", "a+".repeat(n / 2)),
        5 => format!("#if {}1\n#endif", "1+".repeat(n / 4)),
        6 => "a\\\n".repeat(n / 4),
        7 => "i".repeat(n),
        8 => format!("#if {}\n#endif", "1".repeat(n)),
        _ => format!("#define F(x) x\nF({})", "a,".repeat(n / 2)),
    }
}

fn deep_if(r: &mut Rng) -> String {
    let n = r.range(10, 3000);
    let open = r
        .pick(&[
            "#if 1",
            "#if 0",
            "#ifdef X",
            "#ifndef X",
            "#if defined(A) || 1",
        ])
        .to_string();
    let mut s = format!("{open}\n").repeat(n);
    s.push_str("x\n");
    if r.chance(30) {
        s.push_str("#else\ny\n");
    }
    let closes = if r.chance(80) { n } else { r.below(n + 2) };
    s.push_str(&"#endif\n".repeat(closes));
    s
}

fn oddity(r: &mut Rng) -> String {
    r.pick(&[
        "/*",
        "/* unterminated",
        "// line \\\ncontinued",
        "a /* c */ b",
        "??/\n",
        "\\",
        "\\ \n",
        "#define X /* multi\nline */ 1",
        "\r\n",
        "\r",
        "\x0c",
        "\t#\tdefine\tT\t1",
        "#\\\ndefine Q 1",
        "#def\\\nine Q 2",
        "/\\\n* spliced comment *\\\n/",
        "\"\\\n\"",
        "'\\\n'",
        "a\\",
        "\u{feff}x",
        "\u{e9}t\u{e9}",
        "\\u00e9",
        "\\U0001F600",
        "$ident",
        "@",
        "`",
        "\u{2028}",
    ])
    .to_string()
}

fn fragment(r: &mut Rng) -> Vec<u8> {
    let s = match r.below(100) {
        0..=14 => r.pick(DIRECTIVES).to_string(),
        15..=27 => macro_def(r),
        28..=39 => invocation(r),
        40..=51 => if_block(r),
        52..=59 => r.pick(SPECIAL_MACROS).to_string(),
        60..=69 => tokens(r, 6),
        70..=75 => oddity(r),
        76..=81 => return random_bytes(r),
        82..=85 => {
            // an exponential chain (#define a b b), kept below the time budget
            let d = r.range(1, 16);
            let mut s = "#define E0 x\n".to_string();
            for i in 1..=d {
                s.push_str(&format!("#define E{i} E{} E{}\n", i - 1, i - 1));
            }
            s.push_str(&format!("E{d}"));
            s
        }
        86..=88 => {
            let k = r.range(1, 12);
            format!("#define D(x) x x\n{}1{}", "D(".repeat(k), ")".repeat(k))
        }
        89..=91 => long_line(r),
        92..=94 => deep_if(r),
        _ => {
            let n = r.range(1, 200);
            match r.below(4) {
                0 => format!("#if {}1{}\n#endif", "(".repeat(n), ")".repeat(n)),
                1 => format!("#if {}1\n#endif", "!".repeat(n)),
                2 => format!("#define F(x) x\n{}1{}", "F(".repeat(n), ")".repeat(n)),
                _ => format!("#if {}1{}\n#endif", "1?".repeat(n), ":0".repeat(n)),
            }
        }
    };
    s.into_bytes()
}

/// Valid macros that clean fragments call.
const PRELUDE: &str = "#define F(x) [x]\n#define G(a, b) a + b\n#define H(...) {__VA_ARGS__}\n\
#define V(a, ...) a __VA_OPT__(,) __VA_ARGS__\n#define GV(a, ...) f(a, ##__VA_ARGS__)\n\
#define STR(x) #x\n#define XSTR(x) STR(x)\n#define CAT(a, b) a##b\n#define XCAT(a, b) CAT(a, b)\n\
#define EMPTY\n#define A B\n#define B A\n#define X 1\n#define TWICE(x) x x\n";

const CLEAN_NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "42",
    "0x10",
    "077",
    "1u",
    "100ULL",
    "'a'",
    "'\\n'",
    "2147483647",
    "0b11",
];

fn clean_token(r: &mut Rng) -> String {
    match r.below(10) {
        0..=3 => r
            .pick(&[
                "a",
                "b",
                "x",
                "int",
                "X",
                "A",
                "B",
                "EMPTY",
                "foo",
                "__LINE__",
                "__COUNTER__",
            ])
            .to_string(),
        4..=6 => r
            .pick(&[
                "+", "-", "*", "(", ")", ",", ";", "{", "}", "[", "]", "=", "->", ".", "<<", "&&",
            ])
            .to_string(),
        7 | 8 => r.pick(CLEAN_NUMBERS).to_string(),
        _ => r
            .pick(&["\"s\"", "L\"w\"", "'c'", "\"a\\\"b\""])
            .to_string(),
    }
}

/// Tokens with balanced parentheses and no commas (usable as one macro argument).
fn clean_arg(r: &mut Rng, depth: u32) -> String {
    let mut s = String::new();
    for _ in 0..r.below(4) {
        if depth < 3 && r.chance(25) {
            s.push_str(&clean_call(r, depth + 1));
        } else {
            let t = clean_token(r);
            if matches!(t.as_str(), "(" | ")" | ",") {
                s.push_str("(x)");
            } else {
                s.push_str(&t);
            }
        }
        s.push(' ');
    }
    s
}

fn clean_call(r: &mut Rng, depth: u32) -> String {
    let mut arg = || clean_arg(r, depth);
    let (a, b, c) = (arg(), arg(), arg());
    match r.below(11) {
        0 => format!("F({a})"),
        1 => format!("G({a}, {b})"),
        2 => format!("H({a}, {b}, {c})"),
        3 => format!("V({a})"),
        4 => format!("V({a}, {b}, {c})"),
        5 => format!("GV({a})"),
        6 => format!("STR({a})"),
        7 => format!("XSTR({})", clean_token(r).replace([',', '(', ')'], "x")),
        8 => format!("XCAT(x, {})", r.pick(&["1", "y", "_z", "EMPTY", ""])),
        9 => format!("TWICE({a})"),
        _ => format!("F EMPTY ({a})"),
    }
}

fn clean_expr(r: &mut Rng, depth: u32) -> String {
    let choices = if depth > 4 { 3 } else { 9 };
    match r.below(choices) {
        0 => r.pick(CLEAN_NUMBERS).to_string(),
        1 => r
            .pick(&[
                "X",
                "A",
                "UNDEFINED",
                "F",
                "__LINE__",
                "__INCLUDE_LEVEL__",
                "-1",
                "!0",
            ])
            .to_string(),
        2 => r
            .pick(&[
                "defined X",
                "defined(F)",
                "defined EMPTY",
                "__has_include(<stddef.h>)",
                "__has_include(\"nope.h\")",
                "__has_attribute(packed)",
                "__has_builtin(__builtin_expect)",
                "G(1, 2)",
                "XCAT(1, 0)",
            ])
            .to_string(),
        3 => format!("({})", clean_expr(r, depth + 1)),
        4 => format!(
            "{}{}",
            r.pick(&["-", "+", "!", "~"]),
            clean_expr(r, depth + 1)
        ),
        5 => format!(
            "{} {} {}",
            clean_expr(r, depth + 1),
            r.pick(&["/ 2", "% 3", "<< 3", ">> 1"]),
            ""
        ),
        6 | 7 => format!(
            "{} {} {}",
            clean_expr(r, depth + 1),
            r.pick(&[
                "+", "-", "*", "<", ">", "<=", ">=", "==", "!=", "&", "^", "|", "&&", "||"
            ]),
            clean_expr(r, depth + 1)
        ),
        _ => format!(
            "{} ? {} : {}",
            clean_expr(r, depth + 1),
            clean_expr(r, depth + 1),
            clean_expr(r, depth + 1)
        ),
    }
}

fn clean_fragment(r: &mut Rng, depth: u32) -> String {
    match r.below(100) {
        0..=24 if depth < 4 => {
            let mut s = format!("#if {}\n", clean_expr(r, 0));
            s.push_str(&clean_fragment(r, depth + 1));
            if r.chance(40) {
                s.push_str(&format!("\n#elif {}\n", clean_expr(r, 0)));
                s.push_str(&clean_fragment(r, depth + 1));
            }
            if r.chance(40) {
                s.push_str("\n#else\n");
                s.push_str(&clean_fragment(r, depth + 1));
            }
            s.push_str("\n#endif");
            s
        }
        0..=44 => {
            let mut s = String::new();
            for _ in 0..r.range(1, 4) {
                s.push_str(&clean_call(r, 0));
                s.push(' ');
            }
            s
        }
        45..=59 => {
            let name = r.pick(&["M", "N", "P", "Q"]);
            match r.below(4) {
                0 => format!("#define {name} {}", clean_arg(r, 0)),
                1 => format!("#define {name}(p) F(p) #p {}", clean_arg(r, 0)),
                2 => format!("#define {name}(p, q) p##q q G(p, q)"),
                _ => format!("#define {name}(...) H(__VA_ARGS__) __VA_OPT__(STR(__VA_ARGS__))"),
            }
        }
        60..=69 => {
            let mut s = String::new();
            for _ in 0..r.range(1, 12) {
                s.push_str(&clean_token(r));
                s.push(' ');
            }
            s
        }
        70..=77 => r
            .pick(&[
                "#undef X",
                "#undef M",
                "#ifdef M\nM\n#endif",
                "#ifndef N\n#define N 3\n#endif",
                "#line 100 \"renamed.h\"\n__LINE__ __FILE__",
                "#line 7\n__LINE__",
                "__FILE__ __LINE__ __COUNTER__ __INCLUDE_LEVEL__ __FILE_NAME__ __BASE_FILE__",
                "#if __has_include(<stddef.h>)\n#include <stddef.h>\n#endif",
                "#if __has_include(<stdint.h>)\n#include <stdint.h>\n#endif",
                "#ifdef __GNUC__\n__GNUC__ __STDC_VERSION__\n#endif",
            ])
            .to_string(),
        78..=87 => r
            .pick(&[
                "#pragma once",
                "#pragma push_macro(\"X\")\n#undef X\n#pragma pop_macro(\"X\")",
                "_Pragma(\"GCC diagnostic push\") x _Pragma(\"GCC diagnostic pop\")",
                "#pragma pack(push, 1)\nstruct s { char c; int i; };\n#pragma pack(pop)",
                "#pragma GCC system_header",
                "#define PR(x) _Pragma(#x)\nPR(message(\"m\"))",
                "#pragma STDC FP_CONTRACT ON",
                "#ident \"v1\"",
            ])
            .to_string(),
        _ => format!(
            "#define E{0} TWICE(E{1}) E{1}\nE{0}",
            r.below(4) + 1,
            r.below(1)
        ),
    }
}

fn source(r: &mut Rng) -> (Vec<u8>, u32) {
    // How much of the input comes from the nasty fragments: clean inputs reach the code that
    // an early error would skip.
    let mess = *r.pick(&[0u32, 0, 3, 10, 30, 100]);
    let mut out = Vec::new();
    if r.chance(70) {
        out.extend_from_slice(PRELUDE.as_bytes());
    }
    let crlf = r.chance(5);
    for _ in 0..r.range(1, 12) {
        let frag = if r.chance(mess) {
            fragment(r)
        } else {
            clean_fragment(r, 0).into_bytes()
        };
        if crlf {
            for &b in &frag {
                if b == b'\n' {
                    out.push(b'\r');
                }
                out.push(b);
            }
        } else {
            out.extend_from_slice(&frag);
        }
        out.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
    }
    if r.chance(10) {
        out.pop();
    }
    (out, mess)
}

fn options(r: &mut Rng, odd_macros: bool) -> Options {
    let mut o = Options {
        line_markers: r.chance(50),
        undef: r.chance(15),
        dump_macros: r.chance(10),
        nostdinc: r.chance(60),
        ..Options::default()
    };
    if r.chance(15) {
        o.target = Some(
            r.pick(&[
                "aarch64-linux-gnu",
                "i686-linux-gnu",
                "x86_64-pc-windows-msvc",
                "wasm32-unknown-unknown",
                "arm64-apple-macos11.0",
                "armv7-unknown-linux-gnueabihf",
            ])
            .to_string(),
        );
    }
    if odd_macros && r.chance(15) {
        for _ in 0..r.range(1, 3) {
            let text = r
                .pick(&[
                    "X",
                    "X=1",
                    "F(a)=a+1",
                    "A=A",
                    "=",
                    "",
                    "X=(",
                    "F(=1",
                    "1X=2",
                    "X Y",
                    "V(...)=__VA_ARGS__",
                    "L=\"unterminated",
                    "C=/*",
                    "X=1\n#include \"case.h\"",
                    "defined",
                    "__FILE__=1",
                    "F(a,a)=a",
                    "E=",
                    "P=_Pragma(\"once\")",
                ])
                .to_string();
            o.macros.push(if r.chance(75) {
                MacroArg::Define(text)
            } else {
                MacroArg::Undef(text)
            });
        }
    }
    o
}

fn generated(seeds: std::ops::Range<u64>) -> Vec<Case> {
    seeds
        .map(|seed| {
            let mut r = Rng::new(seed);
            let (src, mess) = source(&mut r);
            let opts = options(&mut r, mess > 0);
            Case {
                label: format!("seed {seed} (mess {mess}%)"),
                src,
                opts,
                file: None,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Tests

#[test]
fn generated_inputs_part_1() {
    run_cases("generated-1", generated(0..2000));
}

#[test]
fn generated_inputs_part_2() {
    run_cases("generated-2", generated(2000..4000));
}

#[test]
fn generated_inputs_part_3() {
    run_cases("generated-3", generated(4000..6000));
}

/// Inputs concentrated on `#if` expressions: valid ones (which reach the arithmetic) mixed
/// with broken ones.
#[test]
fn generated_if_expressions() {
    let cases = (0..2500u64)
        .map(|seed| {
            let mut r = Rng::new(1_000_000 + seed);
            let mut s = PRELUDE.to_string();
            let mess = *r.pick(&[0u32, 5, 30]);
            for _ in 0..r.range(1, 8) {
                if r.chance(mess) {
                    if r.chance(30) {
                        s.push_str(&macro_def(&mut r));
                        s.push('\n');
                    }
                    s.push_str(&if_block(&mut r));
                } else {
                    s.push_str(&format!(
                        "#if {}\nyes\n#elif {}\nelif\n#else\nno\n#endif\n",
                        clean_expr(&mut r, 0),
                        clean_expr(&mut r, 0)
                    ));
                }
            }
            Case::new(format!("if-expression seed {seed} (mess {mess}%)"), s)
        })
        .collect();
    run_cases("if-expressions", cases);
}

/// Inputs concentrated on macro definitions and calls.
#[test]
fn generated_macros() {
    let cases = (0..2500u64)
        .map(|seed| {
            let mut r = Rng::new(2_000_000 + seed);
            let mut s = PRELUDE.to_string();
            let mess = *r.pick(&[0u32, 5, 30]);
            for _ in 0..r.range(2, 12) {
                if r.chance(mess) {
                    match r.below(3) {
                        0 => s.push_str(r.pick(SPECIAL_MACROS).as_ref()),
                        1 => s.push_str(&macro_def(&mut r)),
                        _ => s.push_str(&invocation(&mut r)),
                    }
                } else if r.chance(10) {
                    s.push_str(r.pick(SPECIAL_MACROS).as_ref());
                } else {
                    s.push_str(&clean_call(&mut r, 0));
                }
                s.push('\n');
            }
            Case::new(format!("macro seed {seed} (mess {mess}%)"), s)
        })
        .collect();
    run_cases("macros", cases);
}

/// Files that include themselves, directly or through macros: the include depth bound.
#[test]
fn self_including_files() {
    let p = Project::new();
    let bodies = [
        "#include __FILE__\n",
        "#include \"case.h\"\nint x;\n",
        "#ifndef G\n#include __FILE__\n#endif\n",
        "#define SELF __FILE__\n#include SELF\n",
        "#if __INCLUDE_LEVEL__ < 50\n#include __FILE__\n#endif\nint l = __INCLUDE_LEVEL__;\n",
        "#define F(x) x\nF(\n#include __FILE__\n)\n",
        "#pragma once\n#include __FILE__\nint once;\n",
        "#include_next __FILE__\n",
        "__COUNTER__\n#include __FILE__\n",
        "#if __has_include(__FILE__)\n#include __FILE__\n#endif\n",
    ];
    let cases = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let path = p.mkdir(&format!("c{i}")).join("case.h");
            let mut c = Case::new(format!("self-include {i}"), *b);
            c.file = Some(path);
            c
        })
        .collect();
    run_cases("self-include", cases);
}

/// Hand-written extremes, each well past what the generator produces.
#[test]
fn pathological_inputs() {
    let mut cases: Vec<Case> = Vec::new();
    let mut add = |label: &str, src: String| cases.push(Case::new(label, src));
    add(
        "100k nested parens in #if",
        format!(
            "#if {}1{}\n#endif\n",
            "(".repeat(100_000),
            ")".repeat(100_000)
        ),
    );
    add(
        "100k '!' in #if",
        format!("#if {}1\n#endif\n", "!".repeat(100_001)),
    );
    add(
        "100k '-' in #if",
        format!("#if {}1\n#endif\n", "- ".repeat(100_000)),
    );
    add(
        "50k nested ?: in #if",
        format!(
            "#if {}1{}\n#endif\n",
            "1?".repeat(50_000),
            ":0".repeat(50_000)
        ),
    );
    add(
        "50k chained ?: in #if",
        format!("#if {}1\n#endif\n", "0?1:".repeat(50_000)),
    );
    add(
        "10k nested macro calls",
        format!(
            "#define F(x) x\n{}1{}\n",
            "F(".repeat(10_000),
            ")".repeat(10_000)
        ),
    );
    add(
        "10k nested unterminated calls",
        format!("#define F(x) x\n{}1\n", "F(".repeat(10_000)),
    );
    add(
        "100k nested parens in a call",
        format!(
            "#define F(x) x\nF({}1{})\n",
            "(".repeat(100_000),
            ")".repeat(100_000)
        ),
    );
    add(
        "20k #if levels",
        format!(
            "{}x\n{}",
            "#if 1\n".repeat(20_000),
            "#endif\n".repeat(20_000)
        ),
    );
    add(
        "20k skipped #if levels",
        format!(
            "#if 0\n{}x\n{}#endif\n",
            "#if 1\n".repeat(20_000),
            "#endif\n".repeat(20_000)
        ),
    );
    add("20k unclosed #if", "#if 1\n".repeat(20_000));
    add("20k stray #endif", "#endif\n".repeat(20_000));
    add("20k object-like chain", {
        let mut s = String::new();
        for i in 0..20_000 {
            s.push_str(&format!("#define M{i} M{}\n", i + 1));
        }
        s.push_str("M0\n");
        s
    });
    add("20k function-like chain", {
        let mut s = String::new();
        for i in 0..20_000 {
            s.push_str(&format!("#define M{i}(x) M{}(x)\n", i + 1));
        }
        s.push_str("M0(1)\n");
        s
    });
    add("1 MB line of tokens", "x ".repeat(500_000));
    add("1 MB identifier", "i".repeat(1 << 20));
    add(
        "1 MB pp-number in #if",
        format!("#if {}\n#endif\n", "9".repeat(1 << 20)),
    );
    add("1 MB string", format!("\"{}\"", "s".repeat(1 << 20)));
    add(
        "1 MB unterminated string",
        format!("\"{}", "s".repeat(1 << 20)),
    );
    add("1 MB comment", format!("/*{}*/", "*".repeat(1 << 20)));
    add("100k line splices", "a\\\n".repeat(100_000));
    add("100k empty lines", "\n".repeat(100_000));
    add(
        "100k macro arguments",
        format!("#define F(...) __VA_ARGS__\nF({}x)\n", "a,".repeat(100_000)),
    );
    add(
        "100k-arg stringify",
        format!(
            "#define S(...) #__VA_ARGS__\nS({}x)\n",
            "a,".repeat(100_000)
        ),
    );
    add("10k parameters", {
        let params: String = (0..10_000).map(|i| format!("p{i},")).collect();
        format!(
            "#define F({params}z) z p9999\nF({}1)\n",
            "0,".repeat(10_000)
        )
    });
    add("exponential 2^18", {
        let mut s = "#define E0 x\n".to_string();
        for i in 1..=18 {
            s.push_str(&format!("#define E{i} E{} E{}\n", i - 1, i - 1));
        }
        s.push_str("E18\n");
        s
    });
    add("10k __COUNTER__", "__COUNTER__ ".repeat(10_000));
    add(
        "line number overflow",
        "#line 4294967295\n\n\n__LINE__\n#line 4294967294\n\n\n\n__LINE__\n".to_string(),
    );
    add(
        "10k push_macro",
        format!(
            "#define A 1\n{}A\n{}A\n",
            "#pragma push_macro(\"A\")\n".repeat(10_000),
            "#pragma pop_macro(\"A\")\n".repeat(10_001)
        ),
    );
    add(
        "nested _Pragma strings",
        format!("{}\"once\"{}", "_Pragma(".repeat(1000), ")".repeat(1000)),
    );
    run_cases("pathological", cases);
}

/// Odd options through the library API: missing, unreadable or special paths, bad targets,
/// strange `-D`/`-U` text.
#[test]
fn odd_options() {
    let p = Project::new();
    let file = p.write("plain.h", "int plain;\n");
    let dir = p.mkdir("dir");
    p.write("dir/x.h", "int x;\n");
    let src = "#include <stddef.h>\n#if __has_include(<x.h>)\n#include <x.h>\n#endif\nint a = X;\n";
    let base = Options::default();
    let mut variants: Vec<(&str, Options)> = Vec::new();
    let mut with = |label: &'static str, f: &dyn Fn(&mut Options)| {
        let mut o = base.clone();
        f(&mut o);
        variants.push((label, o));
    };
    with("forced include /", &|o| {
        o.forced_includes = vec!["/".into()]
    });
    with("forced include /dev/null", &|o| {
        o.forced_includes = vec!["/dev/null".into()]
    });
    with("forced include missing", &|o| {
        o.forced_includes = vec!["missing.h".into()]
    });
    with("forced include a directory", &|o| {
        o.forced_includes = vec![dir.clone()]
    });
    with("forced include twice", &|o| {
        o.forced_includes = vec![file.clone(), file.clone()]
    });
    with("-I a file", &|o| o.include_dirs = vec![file.clone()]);
    with("-I empty", &|o| o.include_dirs = vec!["".into()]);
    with("-I missing", &|o| {
        o.include_dirs = vec!["/nonexistent/dir".into()]
    });
    with("-I dir twice", &|o| {
        o.include_dirs = vec![dir.clone(), dir.clone()]
    });
    with("-iquote/-isystem/-idirafter same dir", &|o| {
        o.quote_dirs = vec![dir.clone()];
        o.system_dirs = vec![dir.clone()];
        o.after_dirs = vec![dir.clone()];
    });
    with("sysroot missing", &|o| {
        o.sysroot = Some("/nonexistent".into())
    });
    with("sysroot a file", &|o| o.sysroot = Some(file.clone()));
    with("target empty", &|o| o.target = Some(String::new()));
    with("target garbage", &|o| o.target = Some("-\u{e9}-".into()));
    with("target with sysroot", &|o| {
        o.target = Some("aarch64-linux-gnu".into());
        o.sysroot = Some(p.path().to_path_buf());
    });
    with("nostdinc and undef", &|o| {
        o.nostdinc = true;
        o.undef = true;
    });
    for m in [
        "",
        "=",
        "X=",
        "X=1=2",
        "X(",
        "X(a",
        "X(a)",
        "X(a)=",
        "X(a,a)=a",
        "X=\"",
        "X=/*",
        "X=\\",
        "X=1\nY=2",
        "X\n",
        "\u{e9}=1",
        "X=\u{e9}",
        "X Y=1",
        "__FILE__=2",
        "defined=1",
    ] {
        with("odd -D", &|o| {
            o.macros = vec![MacroArg::Define(m.to_string())]
        });
        with("odd -U", &|o| {
            o.macros = vec![MacroArg::Undef(m.to_string())]
        });
    }
    let cases = variants
        .into_iter()
        .map(|(label, opts)| Case {
            label: format!("{label}: {:?}", opts.macros),
            src: src.as_bytes().to_vec(),
            opts,
            file: None,
        })
        .collect();
    run_cases("odd-options", cases);
}

/// Exponential macros (`#define a b b`) stop at the job's token bound (50 million tokens), but
/// reaching it takes ~15 s in a debug build (~1.4 s in release), over the per-case budget.
/// Kept out of the default run; see the report in the commit that added it.
#[test]
#[ignore = "known: reaching the 50M-token expansion bound takes ~15 s in a debug build"]
fn exponential_expansion_stops_within_budget() {
    let mut s = "#define E0 x\n".to_string();
    for i in 1..=30 {
        s.push_str(&format!("#define E{i} E{} E{}\n", i - 1, i - 1));
    }
    s.push_str("E30\n");
    run_cases("exponential", vec![Case::new("2^30 tokens", s)]);
}

/// The binary on generated inputs: exit 0 or 1, never a panic (101) or a signal.
#[test]
fn binary_exit_codes() {
    let p = Project::new();
    let mut inputs: Vec<(String, Vec<u8>)> = (0..12u64)
        .map(|seed| {
            let mut r = Rng::new(3_000_000 + seed);
            (format!("seed {}", 3_000_000 + seed), source(&mut r).0)
        })
        .collect();
    inputs.push((
        "deep parens".into(),
        format!(
            "#if {}1{}\n#endif\n",
            "(".repeat(50_000),
            ")".repeat(50_000)
        )
        .into_bytes(),
    ));
    inputs.push(("NUL bytes".into(), b"int a;\0\0\xff\n".to_vec()));
    inputs.push((
        "unterminated call".into(),
        b"#define F(x) x\nF(1, (2\n".to_vec(),
    ));
    for (label, src) in &inputs {
        p.write("in.h", src);
        for args in [
            &["preprocess", "in.h"][..],
            &["preprocess", "-P", "-"][..],
            &["preprocess", "-dM", "in.h"][..],
        ] {
            let r = if args.contains(&"-") {
                support::headerkit_stdin(args, p.path(), src)
            } else {
                p.run(args)
            };
            support::assert_no_crash_text(&r, &format!("{label} {args:?}"));
            assert!(
                matches!(r.code, Some(0 | 1)),
                "{label} {args:?}: exit {:?}\n{}",
                r.code,
                r.describe()
            );
            if r.code == Some(1) {
                let first = r.first_stderr_line();
                assert!(
                    first.contains(": error: "),
                    "{label} {args:?}: first stderr line is not a diagnostic: {first:?}"
                );
            }
        }
    }
}

/// The minimiser used in reports works (it only runs when something fails otherwise).
#[test]
fn minimiser_shrinks_to_the_failing_part() {
    let src = b"line one\nline two BAD here\nline three\n";
    let small = minimise(src, |s| s.windows(3).any(|w| w == b"BAD"));
    assert_eq!(small, b"BAD");
}
