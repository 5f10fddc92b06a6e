//! Robustness of the parse stage: bad and strange declarations never panic, never hang, and
//! every error is a proper diagnostic (`docs/architecture.md`, "Bad input never panics or
//! hangs"). `tests/robustness.rs` does the same for the preprocessor; this file starts where
//! it ends: at text the preprocessor accepts (mostly) and the parser, the lowering, the
//! constant evaluator and the layout engine must digest.
//!
//! A deterministic generator (xorshift, fixed seeds) builds a few thousand small headers from
//! fragments: valid and broken declarations of every shape (nested declarators, function
//! pointers returning function pointers, arrays of odd sizes, odd bit-fields, enums with odd
//! values, `sizeof` of incomplete types, self-containing structs, odd alignments and packing,
//! `__int128`, `_Float128`, K&R, attributes everywhere, macro constants with casts and odd
//! arithmetic, `__typeof__`, anonymous members, long identifiers, UTF-8 and stray bytes),
//! some of them mutated (a token dropped, doubled or replaced). Each case runs in-process
//! through `parse_code` (or `parse_file` for input that is not UTF-8), with and without
//! `keep_going`, inside `catch_unwind`, on a thread with the default 2 MiB stack that rayon
//! workers and `std::thread::spawn` give a library user. A case must finish within `BUDGET`
//! and give `Ok` or an error diagnostic with a message and a plausible position. On `Ok`, the
//! JSON writer must render the header (with and without dependencies) as valid JSON, and
//! `Header::from_json(&h.to_json(true))` must give the header back.
//!
//! Hand-written extremes are in `deep_nesting` (hundreds to tens of thousands of levels of
//! nesting of every shape, long operator chains, long typedef and `__typeof__` chains, long
//! lists) and `pathological_declarations` (sizes, offsets, alignments, bit-fields, enum
//! values and constants at the edges of their types, on several targets).
//! `prepared_text_never_panics` feeds the text preparation (`parse::text::prepare`) bytes no
//! preprocessor would write, and `binary_exit_codes` runs the binary.
//!
//! When a case fails, the report gives its label and a minimised input. To find a case that
//! aborts the process (a stack overflow cannot be caught), run with `ROBUSTNESS_TRACE=1
//! cargo test --test parse_robustness -- --nocapture --test-threads 1`: each case's label is
//! printed before it runs. `ROBUSTNESS_STATS=1` prints every error message,
//! `ROBUSTNESS_ONLY='seed 42'` runs only the cases with that label and `ROBUSTNESS_DUMP=1`
//! prints the inputs.

mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use headerkit::diag::{Diagnostic, Severity};
use headerkit::ir::{ConstValue, Declaration, Header};
use headerkit::parse::{ParseOptions, parse_code, parse_file};
use headerkit::preprocess::FileCache;
use headerkit::writers::{self, WriterOptions};
use support::{Project, Rng, minimise, panic_text, show};

/// Longest a single case may take (debug build); generous, so that a busy two-core machine
/// (other test binaries, builds) does not fail a case that takes well under a second alone.
const BUDGET: Duration = Duration::from_secs(8);
/// A case that has not finished after this long is reported as a hang.
const HANG: Duration = Duration::from_secs(30);
/// The stack of the thread running the cases: Rust's default for spawned threads.
const STACK: usize = 2 << 20;

// ---------------------------------------------------------------------------------------
// Cases and the harness

#[derive(Clone)]
struct Case {
    label: String,
    src: Vec<u8>,
    keep_going: bool,
    target: Option<&'static str>,
}

impl Case {
    fn new(label: impl Into<String>, src: impl Into<Vec<u8>>) -> Case {
        Case {
            label: label.into(),
            src: src.into(),
            keep_going: false,
            target: None,
        }
    }

    fn options(&self) -> ParseOptions {
        let mut o = ParseOptions {
            keep_going: self.keep_going,
            ..ParseOptions::default()
        };
        o.preprocess.nostdinc = true;
        o.preprocess.target = self.target.map(str::to_string);
        o
    }
}

#[derive(Debug)]
enum Outcome {
    Ok,
    Err(Box<Diagnostic>),
    /// The parse or a check of its result panicked.
    Panic(String),
    /// The result is wrong (a bad diagnostic, JSON that does not round-trip...).
    Bad(String),
}

/// The number of lines of `src` (a diagnostic may point one past the last).
fn line_count(src: &[u8]) -> u32 {
    src.split(|&b| b == b'\n').count() as u32
}

/// Whether `line:col` can be a position in `src`: on one of its lines, or at the end of
/// the input (the start of the line after the last when the file lacks a final newline: the
/// preprocessor supplies it).
fn in_source(src: &[u8], line: u32, col: u32) -> bool {
    line <= line_count(src) || (line == line_count(src) + 1 && col == 1)
}

/// What is wrong with a diagnostic, if anything: no message, or a position that cannot be
/// in the input (the generator writes no `#line`, so lines are the input's own).
fn bad_diagnostic(d: &Diagnostic, src: &[u8], path: &str) -> Option<String> {
    if d.message.trim().is_empty() {
        return Some(format!("diagnostic without a message: {d:?}"));
    }
    if d.path != path {
        return Some(format!("diagnostic about another file: {d}"));
    }
    if renumbers_lines(src) {
        // `#line`: any line is possible, 0 too (line numbers wrap past 4294967295)
        return None;
    }
    if d.line == 0 || d.col == 0 {
        return Some(format!("diagnostic without a position: {d}"));
    }
    if !in_source(src, d.line, d.col) {
        return Some(format!(
            "diagnostic past the last line ({}): {d}",
            line_count(src)
        ));
    }
    None
}

/// Whether `src` has a `#line` directive (the generator writes none; hand-written cases do).
fn renumbers_lines(src: &[u8]) -> bool {
    src.windows(5).any(|w| w == b"#line")
}

/// `h` with every NaN constant (equal to nothing, itself included) replaced by a marker, so
/// two headers compare equal when their NaNs are in the same places.
fn comparable(h: &Header) -> Header {
    let mut h = h.clone();
    for d in &mut h.declarations {
        if let Declaration::Constant(c) = d
            && matches!(c.value, Some(ConstValue::Float(f)) if f.is_nan())
        {
            c.value = Some(ConstValue::Str("NaN".into()));
        }
    }
    h
}

/// Everything a caller may do with a parsed header: write it with every writer, as JSON (with
/// and without dependencies) and read it back, and compare it with what was read back.
fn check_header(h: &Header) -> Option<String> {
    let json = writers::get("json").expect("the json writer");
    let mut with_deps = WriterOptions::default();
    with_deps
        .set(json.options(), "dependencies", "true")
        .expect("dependencies=true");
    for opts in [WriterOptions::default(), with_deps] {
        match json.write(h, &opts) {
            Ok(bytes) => {
                if let Err(e) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                    // serde_json stops at 128 levels of nesting, which a type 60 levels deep
                    // reaches: that is not invalid JSON
                    if !e.to_string().contains("recursion limit") {
                        return Some(format!("the json writer wrote invalid JSON ({e})"));
                    }
                }
            }
            Err(e) => return Some(format!("the json writer failed: {e}")),
        }
    }
    // the binding writers may refuse a header (an Err is a message for the user), never panic:
    // a panic here is caught and reported by the caller like any other. Not on the
    // pathological giants (thousands of declarations, typedef chains thousands deep): the
    // ctypes writer's time grows with the square of a typedef chain's depth (5 s in release
    // for 30,000 levels), over the per-case budget in a debug build.
    let giant = h.declarations.len() > 1000;
    for name in ["cffi", "ctypes", "cython", "lua"]
        .into_iter()
        .filter(|_| !giant)
    {
        let w = writers::get(name).expect("a binding writer");
        let _ = w.write(h, &WriterOptions::default());
    }
    // the prompt writer says everything in any verbosity: it never fails
    let prompt = writers::get("prompt").expect("the prompt writer");
    for v in ["compact", "standard", "verbose"] {
        let mut opts = WriterOptions::default();
        opts.set(prompt.options(), "verbosity", v)
            .expect("a verbosity");
        if let Err(e) = prompt.write(h, &opts) {
            return Some(format!("the prompt writer failed ({v}): {e}"));
        }
    }
    let v = h.to_json(true);
    match Header::from_json(&v) {
        Ok(back) => {
            let (expected, got) = (comparable(h), comparable(&back));
            if got != expected || back.to_json(true) != v {
                return Some(format!(
                    "the IR JSON does not round-trip:\n  before: {expected:?}\n  after:  {got:?}"
                ));
            }
            // the header against its own saved IR: no change
            let diff = writers::get("diff").expect("the diff writer");
            let mut opts = WriterOptions::default();
            opts.set_header(diff.options(), "baseline", "saved.json", back)
                .expect("a baseline");
            match diff.write(h, &opts) {
                Ok(bytes) => {
                    let report: serde_json::Value =
                        serde_json::from_slice(&bytes).unwrap_or_default();
                    if report["summary"]["total"] != 0 {
                        return Some(format!(
                            "a self-diff reports changes: {}",
                            String::from_utf8_lossy(&bytes)
                        ));
                    }
                }
                Err(e) => return Some(format!("the diff writer failed: {e}")),
            }
        }
        Err(e) => {
            return Some(format!(
                "Header::from_json fails on to_json's output: {e:?}"
            ));
        }
    }
    None
}

/// Runs one case and checks the result.
fn run_case(c: &Case, cache: &FileCache, dir: &std::path::Path) -> Outcome {
    let opts = c.options();
    let r = catch_unwind(AssertUnwindSafe(|| {
        let (res, path) = match std::str::from_utf8(&c.src) {
            Ok(code) => (
                parse_code("case.h", code, &opts, cache),
                "case.h".to_string(),
            ),
            Err(_) => {
                // a fresh cache: the shared one holds the last case written to this path
                let p = dir.join("case.h");
                std::fs::write(&p, &c.src).expect("write case file");
                let res = parse_file(&p, &opts, &FileCache::new());
                (res, p.to_string_lossy().into_owned())
            }
        };
        match res {
            Ok(parsed) => {
                for w in &parsed.warnings {
                    let _ = w.to_string();
                    if w.message.trim().is_empty() {
                        return Outcome::Bad(format!("warning without a message: {w:?}"));
                    }
                    if w.path == path
                        && !renumbers_lines(&c.src)
                        && !in_source(&c.src, w.line, w.col)
                    {
                        return Outcome::Bad(format!("warning past the last line: {w}"));
                    }
                }
                match check_header(&parsed.header) {
                    Some(p) => Outcome::Bad(p),
                    None => Outcome::Ok,
                }
            }
            Err(d) => {
                let _ = d.to_string();
                if d.severity != Severity::Error {
                    return Outcome::Bad(format!("an error that is not an error: {d}"));
                }
                match bad_diagnostic(&d, &c.src, &path) {
                    Some(p) => Outcome::Bad(p),
                    None => Outcome::Err(d),
                }
            }
        }
    }));
    r.unwrap_or_else(|p| Outcome::Panic(panic_text(&*p)))
}

fn trace() -> bool {
    std::env::var_os("ROBUSTNESS_TRACE").is_some()
}

fn stats() -> bool {
    std::env::var_os("ROBUSTNESS_STATS").is_some()
}

/// The kind of a problem, to tell whether a smaller input still has it.
fn same_kind(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Outcome::Panic(x), Outcome::Panic(y)) => {
            // the panic site, without the values in the message
            x.split(':').next() == y.split(':').next()
        }
        (Outcome::Bad(x), Outcome::Bad(y)) => x.split(':').next() == y.split(':').next(),
        _ => false,
    }
}

/// Runs every case on one worker thread and fails with a report of every problem.
fn run_cases(name: &str, mut cases: Vec<Case>) {
    if let Ok(only) = std::env::var("ROBUSTNESS_ONLY") {
        cases.retain(|c| c.label == only);
    }
    let n = cases.len();
    let (tx, rx) = mpsc::channel::<(Outcome, Duration)>();
    let cases = std::sync::Arc::new(cases);
    let worker_cases = cases.clone();
    let label = name.to_string();
    let scratch = Project::new();
    let dir = scratch.path().to_path_buf();
    std::thread::Builder::new()
        .name(format!("parse-robustness-{name}"))
        .stack_size(STACK)
        .spawn(move || {
            let cache = FileCache::new();
            for c in worker_cases.iter() {
                if trace() {
                    eprintln!("[{label}] {}", c.label);
                }
                let t = Instant::now();
                let o = run_case(c, &cache, &dir);
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
                        if stats() {
                            eprintln!("ERR {} -- {}", d.message, cases[i].label);
                        }
                    }
                    Outcome::Panic(m) => problems.push((i, format!("panic: {m}"))),
                    Outcome::Bad(m) => problems.push((i, m.clone())),
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
        cases.get(slowest.1).map_or("-", |c| c.label.as_str())
    );
    if std::env::var_os("ROBUSTNESS_DUMP").is_some() {
        for c in cases.iter() {
            eprintln!(
                "--- {} (keep_going: {})\n{}",
                c.label,
                c.keep_going,
                String::from_utf8_lossy(&c.src)
            );
        }
    }
    if problems.is_empty() {
        return;
    }
    let mut report = format!("{name}: {} problem(s) in {n} cases\n", problems.len());
    for (i, p) in problems.iter().take(8) {
        let c = &cases[*i];
        report.push_str(&format!(
            "\n* {} (keep_going: {}, target: {:?}) — {p}\n  input: {}\n",
            c.label,
            c.keep_going,
            c.target,
            show(&c.src)
        ));
        if !p.starts_with("took") && !p.starts_with("hang") {
            let case = c.clone();
            let small = std::thread::Builder::new()
                .stack_size(STACK)
                .spawn(move || {
                    let cache = FileCache::new();
                    let scratch = Project::new();
                    let first = run_case(&case, &cache, scratch.path());
                    minimise(&case.src, |s| {
                        let c = Case {
                            src: s.to_vec(),
                            ..case.clone()
                        };
                        same_kind(&run_case(&c, &cache, scratch.path()), &first)
                    })
                })
                .expect("spawn minimiser")
                .join()
                .unwrap_or_default();
            report.push_str(&format!("  minimised: {}\n", show(&small)));
        }
    }
    panic!("{report}");
}

// ---------------------------------------------------------------------------------------
// The generator

const NAMES: &[&str] = &["a", "b", "c", "x", "y", "f", "g", "p", "n", "v"];
const TYPEDEF_NAMES: &[&str] = &["T0", "T1", "T2", "FP", "size_t"];
const TAGS: &[&str] = &["S0", "S1", "S2", "U0", "Big"];
const ENUM_CONSTS: &[&str] = &["A", "B", "C", "K0", "K1", "LAST"];
const MACROS: &[&str] = &["M0", "M1", "M2", "MSHIFT", "MDIV"];

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "7",
    "8",
    "15",
    "16",
    "31",
    "32",
    "33",
    "63",
    "64",
    "65",
    "127",
    "128",
    "255",
    "256",
    "4096",
    "-1",
    "-2147483648",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "0x7fffffff",
    "0x80000000",
    "0xffffffff",
    "0x7fffffffffffffff",
    "0x8000000000000000",
    "0xffffffffffffffff",
    "0xffffffffffffffffULL",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "170141183460469231731687303715884105727",
    "170141183460469231731687303715884105728",
    "340282366920938463463374607431768211455",
    "340282366920938463463374607431768211456",
    "99999999999999999999999999999999999999999999",
    "1u",
    "1U",
    "1l",
    "1ll",
    "1ull",
    "1LLU",
    "1uu",
    "1lul",
    "1i64",
    "0b1010",
    "0b",
    "0x",
    "08",
    "0777",
    "1.5",
    "0.5f",
    "1e10",
    "1e308",
    "1e999",
    "-1e999",
    "1e-999",
    "0x1p3",
    "0x1p-1074",
    "0x1.fffffffffffffp1023",
    "1.0L",
    "1.5e",
    "'a'",
    "'\\0'",
    "'\\377'",
    "'\\xff'",
    "'abcd'",
    "'abcde'",
    "L'x'",
    "L'\\xffffffff'",
    "u'x'",
    "U'\\U0010ffff'",
    "u8'a'",
    "'\\u00e9'",
];

const STRINGS: &[&str] = &[
    "\"s\"",
    "\"\"",
    "\"a\" \"b\"",
    "L\"wide\"",
    "u8\"utf8\"",
    "u\"16\"",
    "U\"32\"",
    "\"\\xff\\0\"",
    "\"caf\u{e9}\"",
    "L\"a\" \"b\"",
    "u\"a\" U\"b\"",
];

const BASE_TYPES: &[&str] = &[
    "int",
    "unsigned",
    "char",
    "signed char",
    "unsigned char",
    "short",
    "unsigned short int",
    "long",
    "unsigned long",
    "long long",
    "long long unsigned int",
    "int long",
    "float",
    "double",
    "long double",
    "_Bool",
    "void",
    "__int128",
    "unsigned __int128",
    "__int128 unsigned",
    "signed __int128",
    "__int128_t",
    "__uint128_t",
    "_Float128",
    "__float128",
    "_Float16",
    "_Float32x",
    "_Float64",
    "_Decimal64",
    "__fp16",
    "__bf16",
    "__float80",
    "_Complex double",
    "float _Complex",
    "_Complex",
    "const int",
    "volatile unsigned long",
    "const volatile char",
    "int const",
    "_Atomic(int)",
    "_Atomic int",
    "__typeof__(int)",
    "__typeof__(1ULL)",
    "__typeof__(1.0f)",
    "__typeof__(\"s\")",
    "__typeof__(x)",
    "__typeof__(f)",
    "__typeof__(T0)",
    "__typeof__(int[3])",
    "__typeof__(int (*)(void))",
    "__typeof__(sizeof(int))",
    "__typeof__(undefined_thing)",
    "__typeof__(1/0)",
    "typeof(2)",
    "__typeof(struct S0)",
];

/// Base types that are not types.
const BAD_BASE_TYPES: &[&str] = &[
    "long long long",
    "short double",
    "unsigned float",
    "signed void",
    "long char",
    "_Bool long",
    "int int",
    "unsigned signed",
    "struct",
    "union",
    "enum",
    "T9",
];

const ATTRIBUTES: &[&str] = &[
    "packed",
    "__packed__",
    "aligned",
    "aligned(0)",
    "aligned(1)",
    "aligned(2)",
    "aligned(3)",
    "aligned(8)",
    "aligned(16)",
    "__aligned__(64)",
    "aligned(4096)",
    "aligned(1<<28)",
    "aligned(1<<31)",
    "aligned(1<<40)",
    "aligned(1ULL<<63)",
    "aligned(-1)",
    "aligned(-8)",
    "aligned(sizeof(long))",
    "aligned(sizeof(struct S9))",
    "aligned(x)",
    "aligned(1/0)",
    "aligned(\"s\")",
    "aligned(8, 16)",
    "aligned(1.5)",
    "mode(DI)",
    "mode(QI)",
    "mode(HI)",
    "mode(SI)",
    "mode(TI)",
    "mode(__TI__)",
    "mode(word)",
    "mode(pointer)",
    "mode(byte)",
    "mode(XF)",
    "mode(V4SI)",
    "mode(42)",
    "mode()",
    "vector_size(16)",
    "vector_size(3)",
    "vector_size(0)",
    "vector_size(-16)",
    "vector_size(1<<40)",
    "deprecated",
    "deprecated(\"use something else\")",
    "deprecated(\"caf\u{e9}\")",
    "deprecated(42)",
    "unavailable(\"gone\")",
    "stdcall",
    "cdecl",
    "fastcall",
    "ms_abi",
    "sysv_abi",
    "regparm(3)",
    "regparm(-1)",
    "nonnull",
    "nonnull(1, 2)",
    "format(printf, 1, 2)",
    "noreturn",
    "const",
    "pure",
    "unused",
    "visibility(\"hidden\")",
    "cleanup(f)",
    "alloc_size(1)",
    "warn_unused_result",
    "transparent_union",
    "may_alias",
    "__unknown_attribute__",
    "",
    "packed, aligned(4)",
    "aligned(4), packed",
];

/// One of `xs` (by value: what `Rng::pick` gives is a reference).
fn pick<T: Copy>(r: &mut Rng, xs: &[T]) -> T {
    *r.pick(xs)
}

fn attribute(r: &mut Rng) -> String {
    match r.below(20) {
        0 => format!(
            "__declspec({})",
            r.pick(&[
                "dllimport",
                "dllexport",
                "align(16)",
                "noreturn",
                "deprecated",
                ""
            ])
        ),
        1 => r
            .pick(&[
                "__cdecl",
                "__stdcall",
                "__fastcall",
                "__vectorcall",
                "[[deprecated]]",
                "[[nodiscard]]",
                "[[gnu::packed]]",
                "_Alignas(8)",
                "_Alignas(int)",
                "_Alignas(0)",
                "_Alignas(3)",
                "_Alignas(struct S9)",
                "__asm__(\"sym\")",
                "__asm(\"x\" \"y\")",
                "_Nonnull",
                "_Nullable",
                "__restrict",
                "__extension__",
            ])
            .to_string(),
        _ => {
            let mut s = format!("__attribute__(({}", r.pick(ATTRIBUTES));
            if r.chance(20) {
                s.push_str(&format!(", {}", r.pick(ATTRIBUTES)));
            }
            s.push_str("))");
            s
        }
    }
}

/// Attributes in `chance` percent of the places that may have them.
fn maybe_attr(r: &mut Rng, chance: u32) -> String {
    if r.chance(chance) {
        format!(" {} ", attribute(r))
    } else {
        " ".to_string()
    }
}

fn long_ident(r: &mut Rng) -> String {
    let n = pick(r, &[63usize, 255, 1024, 5000, 40_000]);
    let mut s = String::from("id_");
    for i in 0..n {
        s.push((b'a' + (i % 26) as u8) as char);
    }
    s
}

fn name(r: &mut Rng) -> String {
    match r.below(40) {
        0 => long_ident(r),
        1 => r
            .pick(&[
                "caf\u{e9}",
                "\u{3b1}\u{3b2}",
                "x\u{1F600}",
                "\\u00e9t\\u00e9",
                "$dollar",
            ])
            .to_string(),
        2 => r.pick(ENUM_CONSTS).to_string(),
        3 => r.pick(TYPEDEF_NAMES).to_string(),
        4 => r
            .pick(&[
                "int",
                "sizeof",
                "struct",
                "_Bool",
                "inline",
                "__attribute__",
            ])
            .to_string(),
        _ => format!("{}{}", r.pick(NAMES), r.below(4)),
    }
}

/// An expression: mostly constant, sometimes not, sometimes broken.
fn expr(r: &mut Rng, depth: u32) -> String {
    let leaf = depth >= 4 || r.chance(35);
    if leaf {
        return match r.below(14) {
            0..=5 => r.pick(NUMBERS).to_string(),
            6 => r.pick(ENUM_CONSTS).to_string(),
            7 => r.pick(MACROS).to_string(),
            8 => r.pick(STRINGS).to_string(),
            9 => format!("sizeof({})", type_name(r, depth + 1)),
            10 => format!(
                "{}({})",
                r.pick(&["_Alignof", "__alignof__", "__alignof", "alignof"]),
                type_name(r, depth + 1)
            ),
            11 => format!(
                "__builtin_offsetof({}, {})",
                r.pick(&[
                    "struct S0",
                    "struct S1",
                    "union U0",
                    "T0",
                    "struct S9",
                    "int"
                ]),
                r.pick(&[
                    "f0",
                    "f1",
                    "f0.f1",
                    "f2[3]",
                    "f2[-1]",
                    "f2[1<<62]",
                    "nope",
                    "f0[1]"
                ])
            ),
            12 => r.pick(NAMES).to_string(),
            _ => r
                .pick(&[
                    "__LINE__",
                    "__builtin_huge_val()",
                    "__builtin_inf()",
                    "__builtin_nan(\"\")",
                    "(void *)0",
                    "(char *)1",
                    "&x",
                    "x.y",
                    "p->q",
                    "f(1)",
                    "(int){1}",
                    "_Generic(1, int: 2, default: 3)",
                    "x = 1",
                    "x++",
                    "--x",
                    "({ 1; })",
                    "__builtin_types_compatible_p(int, long)",
                    "__builtin_constant_p(1)",
                    "__builtin_choose_expr(1, 2, 3)",
                ])
                .to_string(),
        };
    }
    let d = depth + 1;
    match r.below(12) {
        0 => format!("({})", expr(r, d)),
        1 => format!(
            "{}{}",
            r.pick(&[
                "-", "+", "~", "!", "- -", "!!", "~-", "*", "&", "sizeof ", "++"
            ]),
            expr(r, d)
        ),
        2 => format!("({}){}", type_name(r, d), expr(r, d)),
        3 => format!("sizeof {}", expr(r, d)),
        4 => format!("{} ? {} : {}", expr(r, d), expr(r, d), expr(r, d)),
        5 => format!(
            "{} {} {}",
            expr(r, d),
            r.pick(&["/", "%"]),
            r.pick(&["0", "0u", "(1-1)", "-1", "0.0", "A-A"])
        ),
        6 => format!(
            "{} {} {}",
            expr(r, d),
            r.pick(&["<<", ">>"]),
            r.pick(&[
                "0", "1", "31", "32", "63", "64", "65", "127", "128", "200", "-1", "-64",
                "1000000", "1ULL<<62",
            ])
        ),
        7 => format!("({}, {})", expr(r, d), expr(r, d)),
        _ => format!(
            "{} {} {}",
            expr(r, d),
            r.pick(&[
                "+", "-", "*", "/", "%", "<<", ">>", "<", ">", "<=", ">=", "==", "!=", "&", "^",
                "|", "&&", "||",
            ]),
            expr(r, d)
        ),
    }
}

/// A type name (for casts, `sizeof` and `__typeof__`): a base type and an abstract
/// declarator.
fn type_name(r: &mut Rng, depth: u32) -> String {
    let base = base_type(r, depth + 1);
    if r.chance(60) {
        return base;
    }
    let abs = r
        .pick(&[
            "*",
            "**",
            "* const",
            "[3]",
            "[]",
            "[0]",
            "[-1]",
            "[1/0]",
            "(*)(void)",
            "(*)(int, ...)",
            "(*[2])(void)",
            "(*(*)(int))(char)",
            "(void)",
            "()",
            "(*)[4]",
            "[2][3]",
            "*restrict",
        ])
        .to_string();
    format!("{base} {abs}")
}

fn base_type(r: &mut Rng, depth: u32) -> String {
    match r.below(16) {
        0 if r.chance(30) => r.pick(BAD_BASE_TYPES).to_string(),
        0..=6 => r.pick(BASE_TYPES).to_string(),
        7 | 8 => r.pick(TYPEDEF_NAMES).to_string(),
        9 | 10 => format!(
            "{} {}",
            r.pick(&["struct", "struct", "union", "enum"]),
            r.pick(&["S0", "S1", "S2", "U0", "E0", "E1", "S9", "Big"])
        ),
        11 if depth < 3 => record(r, depth + 1, None),
        12 if depth < 3 => enumeration(r, depth + 1, None),
        13 if depth < 3 => format!("__typeof__({})", expr(r, depth + 1)),
        14 if depth < 3 => format!("__typeof__({})", type_name(r, depth + 1)),
        _ => "int".to_string(),
    }
}

fn array_size(r: &mut Rng) -> String {
    match r.below(12) {
        0 => String::new(),
        1 => r.pick(NUMBERS).to_string(),
        2 => r
            .pick(&[
                "0",
                "-1",
                "-0x80000000",
                "1/0",
                "1%0",
                "0x7fffffffffffffff",
                "0xffffffffffffffffULL",
                "1ULL<<63",
                "(size_t)-1",
                "1e3",
                "2.5",
                "\"s\"",
                "sizeof(struct S9)",
                "sizeof(void)",
                "sizeof(int[0x7fffffff][0x7fffffff])",
                "n",
                "*",
                "static 4",
                "const 2",
                "static const *",
                "A",
                "LAST",
                "M0",
            ])
            .to_string(),
        _ => expr(r, 2),
    }
}

fn params(r: &mut Rng, depth: u32) -> String {
    match r.below(10) {
        0 => String::new(),
        1 => "void".into(),
        2 => "...".into(),
        3 => "a, b, c".into(), // K&R identifier list
        4 => "int, ...".into(),
        _ => {
            let n = r.range(1, 4);
            let mut ps: Vec<String> = (0..n)
                .map(|_| {
                    let t = base_type(r, depth + 1);
                    let d = if r.chance(50) {
                        let n = name(r);
                        declarator(r, depth + 1, &n)
                    } else {
                        declarator(r, depth + 1, "")
                    };
                    format!("{}{t} {d}", maybe_attr(r, 5))
                })
                .collect();
            if r.chance(15) {
                ps.push("...".into());
            }
            ps.join(", ")
        }
    }
}

/// A declarator of `inner` (an identifier, or empty for an abstract declarator).
fn declarator(r: &mut Rng, depth: u32, inner: &str) -> String {
    if depth >= 5 || r.chance(30) {
        return inner.to_string();
    }
    let d = depth + 1;
    match r.below(10) {
        0..=2 => {
            let quals = r.pick(&[
                "",
                "",
                " const",
                " volatile",
                " restrict",
                " const volatile",
                " __restrict",
                " _Atomic",
                " const const",
            ]);
            let attr = maybe_attr(r, 10);
            declarator(r, d, &format!("*{quals}{attr}{inner}"))
        }
        3 | 4 => {
            let s = array_size(r);
            declarator(r, d, &format!("{inner}[{s}]"))
        }
        5 | 6 => {
            let ps = params(r, d);
            declarator(r, d, &format!("{inner}({ps})"))
        }
        7 => {
            // a pointer to a function returning a function pointer
            let a = params(r, d);
            let b = params(r, d);
            format!("(*(*{inner})({a}))({b})")
        }
        8 => {
            let a = maybe_attr(r, 20);
            declarator(r, d, &format!("({a}{inner})"))
        }
        _ => {
            let a = maybe_attr(r, 100);
            declarator(r, d, &format!("{inner}{a}"))
        }
    }
}

fn named_declarator(r: &mut Rng, depth: u32) -> String {
    let n = name(r);
    declarator(r, depth, &n)
}

fn bit_width(r: &mut Rng) -> String {
    r.pick(&[
        "0",
        "1",
        "3",
        "7",
        "8",
        "16",
        "31",
        "32",
        "33",
        "63",
        "64",
        "65",
        "128",
        "129",
        "-1",
        "-0",
        "1<<40",
        "0x100000000",
        "1.5",
        "\"s\"",
        "x",
        "A",
        "M0",
        "sizeof(int)*8",
        "sizeof(struct S9)",
        "1/0",
    ])
    .to_string()
}

fn field(r: &mut Rng, depth: u32, own_tag: Option<&str>) -> String {
    match r.below(14) {
        // anonymous struct/union member
        0 if depth < 4 => format!("{};", record(r, depth + 1, Some(""))),
        // unnamed bit-field
        1 => format!("{} : {};", base_type(r, depth + 1), bit_width(r)),
        // flexible array member
        2 => format!("{} {}[];", base_type(r, depth + 1), name(r)),
        // the struct itself, by value or by pointer
        3 => match own_tag {
            Some(t) if !t.is_empty() => {
                format!(
                    "struct {t} {};",
                    r.pick(&["self", "*next", "arr[2]", "(*fn)(struct S0)"])
                )
            }
            _ => "struct S0 *link;".into(),
        },
        4 => format!(
            "{} {} : {};",
            r.pick(&[
                "int",
                "unsigned",
                "_Bool",
                "char",
                "long long",
                "unsigned __int128",
                "enum E0",
                "T0",
                "float",
                "int *",
                "struct S0",
            ]),
            name(r),
            bit_width(r)
        ),
        5 => format!(
            "{} f{} {};",
            base_type(r, depth + 1),
            r.below(3),
            maybe_attr(r, 80)
        ),
        6 => format!("_Static_assert({}, \"m\");", expr(r, 2)),
        7 => ";".into(),
        _ => {
            let t = base_type(r, depth + 1);
            let n = r.range(1, 3);
            let ds: Vec<String> = (0..n)
                .map(|i| {
                    let nm = if r.chance(70) {
                        format!("f{i}")
                    } else {
                        name(r)
                    };
                    let mut d = declarator(r, depth + 2, &nm);
                    if r.chance(10) {
                        d.push_str(&format!(" : {}", bit_width(r)));
                    }
                    d
                })
                .collect();
            format!("{}{t} {};", maybe_attr(r, 10), ds.join(", "))
        }
    }
}

/// A struct or union definition (or reference); `tag` forces the tag (`Some("")`:
/// anonymous).
fn record(r: &mut Rng, depth: u32, tag: Option<&str>) -> String {
    let kw = if r.chance(75) { "struct" } else { "union" };
    let tag = match tag {
        Some(t) => t.to_string(),
        None if r.chance(25) => String::new(),
        None => r.pick(TAGS).to_string(),
    };
    if r.chance(10) && !tag.is_empty() {
        return format!("{kw} {tag}");
    }
    let mut body = String::new();
    for _ in 0..r.below(6) {
        body.push_str(&field(r, depth, Some(&tag)));
        body.push(' ');
    }
    format!(
        "{kw}{}{tag}{} {{ {body}}}{}",
        maybe_attr(r, 15),
        maybe_attr(r, 5),
        maybe_attr(r, 20)
    )
}

fn enumeration(r: &mut Rng, depth: u32, tag: Option<&str>) -> String {
    let tag = match tag {
        Some(t) => t.to_string(),
        None if r.chance(30) => String::new(),
        None => r.pick(&["E0", "E1", "E2"]).to_string(),
    };
    if r.chance(10) && !tag.is_empty() {
        return format!("enum {tag}");
    }
    let underlying = if r.chance(10) {
        format!(
            " : {}",
            r.pick(&["int", "unsigned char", "long long", "T0", "float"])
        )
    } else {
        String::new()
    };
    let mut items = Vec::new();
    for i in 0..r.range(0, 6) {
        let nm = if r.chance(70) {
            r.pick(ENUM_CONSTS).to_string()
        } else {
            format!("K{}_{i}", r.below(9))
        };
        let v = match r.below(10) {
            0..=3 => String::new(),
            4 => format!(" = {}", nm), // self-referential
            5 => format!(" = {}", r.pick(NUMBERS)),
            6 => format!(
                " = {}",
                r.pick(&[
                    "0x7fffffff",
                    "0x7fffffffffffffff",
                    "0xffffffffffffffff",
                    "-0x8000000000000000",
                    "170141183460469231731687303715884105727",
                    "(unsigned __int128)-1",
                    "-(__int128)1 << 127",
                    "(__int128)1 << 127",
                    "undefined_name",
                    "LAST + 1",
                    "1.5",
                    "\"s\"",
                    "sizeof(struct S9)",
                    "1/0",
                ])
            ),
            _ => format!(" = {}", expr(r, depth + 2)),
        };
        items.push(format!("{nm}{}{v}", maybe_attr(r, 5)));
    }
    let comma = if r.chance(30) { "," } else { "" };
    format!(
        "enum{}{tag}{underlying} {{ {}{comma} }}",
        maybe_attr(r, 10),
        items.join(", ")
    )
}

fn storage(r: &mut Rng) -> &'static str {
    pick(
        r,
        &[
            "",
            "",
            "",
            "",
            "extern ",
            "static ",
            "_Thread_local ",
            "__thread ",
            "static inline ",
            "inline ",
            "__inline__ ",
            "register ",
            "auto ",
            "extern static ",
            "__extension__ ",
        ],
    )
}

fn pragma_pack(r: &mut Rng) -> String {
    format!(
        "#pragma pack({})",
        r.pick(&[
            "",
            "0",
            "1",
            "2",
            "3",
            "4",
            "8",
            "16",
            "32",
            "64",
            "-1",
            "1<<40",
            "push",
            "push, 1",
            "push, 3",
            "push, 0",
            "pop",
            "pop, 4",
            "x",
            "push, id, 2",
            "pop, id",
            "show",
            "4096",
            "99999999999999999999",
        ])
    )
}

fn initializer(r: &mut Rng) -> String {
    match r.below(5) {
        0 => format!(" = {{ {}, {} }}", expr(r, 2), expr(r, 2)),
        1 => " = { .f0 = 1, [3] = 2, [0 ... 2] = 3 }".into(),
        2 => " = {}".into(),
        _ => format!(" = {}", expr(r, 1)),
    }
}

/// A function body: lang-c never sees it (the text preparation blanks it), so anything goes.
fn body(r: &mut Rng) -> String {
    r.pick(&[
        "{ return 0; }",
        "{}",
        "{ int x = 1; { { x++; } } return x; }",
        "{ __asm__ volatile(\"nop\"); }",
        "{ return ({ int y = 2; y; }); }",
        "{ label: goto label; }",
        "{ if (a) { } else { } }",
        "{ char s[] = \"}\"; return '}'; }",
        "{ /* } */ }",
    ])
    .to_string()
}

fn macro_def(r: &mut Rng) -> String {
    let name = r.pick(MACROS);
    let body = match r.below(8) {
        0 => format!("(({}){})", type_name(r, 2), expr(r, 2)),
        1 => r
            .pick(&[
                "1/0",
                "1%0",
                "(1 << 200)",
                "(1ULL << 64)",
                "(1 << -1)",
                "(-1 >> 1000)",
                "((int)0x80000000 / -1)",
                "(-2147483647-1) % -1",
                "(-9223372036854775807LL-1) / -1",
                "((__int128)1 << 127) / -1",
                "sizeof(struct S9)",
                "sizeof(void)",
                "sizeof(int[-1])",
                "sizeof(char[0x7fffffffffffffff])",
                "_Alignof(struct S9)",
                "__builtin_offsetof(struct S0, nope)",
                "(char)300",
                "(_Bool)0.5",
                "(float)1e300",
                "(int)1e300",
                "(unsigned)-1.0",
                "(__int128)1e40",
                "(unsigned __int128)-1",
                "1e999",
                "(0.0/0.0)",
                "-(0.0/0.0)",
                "\"str\" \"cat\"",
                "L\"wide\" u8\"mixed\"",
                "'\\400'",
                "M0",
                "M1 + 1",
                "(M0, M1)",
                "MDIV",
                "(T0)1",
                "(T0 *)0",
                "((void *)0)",
                "(struct S0 *)0",
                "(int (*)(void))0",
                "+",
                "(",
                ")",
                "1 +",
                "? :",
                "{ 1 }",
                "x ## y",
                "#",
            ])
            .to_string(),
        _ => expr(r, 1),
    };
    format!("#define {name} {body}")
}

/// One top-level item: a declaration, a directive or noise.
fn item(r: &mut Rng) -> String {
    match r.below(30) {
        0..=2 => {
            let t = if r.chance(30) {
                record(r, 1, None)
            } else if r.chance(20) {
                enumeration(r, 1, None)
            } else {
                base_type(r, 0)
            };
            let n = r.range(1, 3);
            let ds: Vec<String> = (0..n).map(|_| named_declarator(r, 0)).collect();
            format!("typedef{}{t} {};", maybe_attr(r, 10), ds.join(", "))
        }
        3..=5 => format!("{};", record(r, 0, None)),
        6 | 7 => format!("{};", enumeration(r, 0, None)),
        8..=10 => {
            // a function prototype
            format!(
                "{}{}{} {}({}){};",
                storage(r),
                maybe_attr(r, 15),
                base_type(r, 0),
                named_declarator(r, 2),
                params(r, 0),
                maybe_attr(r, 25)
            )
        }
        11 => {
            // a function definition
            format!(
                "{}{} {}({}){} {}",
                storage(r),
                base_type(r, 0),
                name(r),
                params(r, 0),
                maybe_attr(r, 10),
                body(r)
            )
        }
        12 => {
            // a K&R definition
            format!(
                "{} {}(a, b) int a; {} b; {}",
                r.pick(&["int", "char *", "", "static long"]),
                name(r),
                r.pick(&["char *", "double", "struct S0", "T0", ""]),
                body(r)
            )
        }
        13..=16 => {
            let init = if r.chance(20) {
                initializer(r)
            } else {
                String::new()
            };
            format!(
                "{}{}{} {}{}{init};",
                storage(r),
                maybe_attr(r, 10),
                base_type(r, 0),
                named_declarator(r, 0),
                maybe_attr(r, 10)
            )
        }
        17..=19 => macro_def(r),
        20 => pragma_pack(r),
        21 => format!("_Static_assert({}, \"msg\");", expr(r, 1)),
        22 => format!(
            "{} {};",
            r.pick(&["struct", "union", "enum"]),
            r.pick(&["S0", "S9", "U0", "E0", "E9", "Fwd"])
        ),
        23 => format!(
            "typedef {} {};",
            r.pick(&[
                "T0",
                "T1",
                "struct S0",
                "struct S0 *",
                "enum E9",
                "int",
                "FP",
                "__typeof__(x)"
            ]),
            r.pick(&["T0", "T1", "T2", "FP", "size_t"])
        ),
        24 => format!(
            "{}({});",
            r.pick(&["int f", "int (*fp)", "void g", "T0 h"]),
            params(r, 0)
        ),
        25 => r
            .pick(&[
                "__asm__(\"nop\");",
                "asm(\"x\");",
                "__extension__ typedef long long ll_t;",
                ";",
                ";;",
                "int;",
                "struct;",
                "typedef;",
                "typedef int;",
                "static;",
                "extern int x = 1;",
                "int a, *b, c[3], (*d)(void);",
                "int f(void), g(int), h;",
                "#pragma once",
                "#pragma GCC visibility push(default)",
                "#pragma weak f",
                "#pragma",
                "_Pragma(\"pack(1)\")",
                "_Pragma(\"pack(0)\")",
            ])
            .to_string(),
        26 => noise(r),
        _ => format!(
            "{} {}{};",
            base_type(r, 0),
            named_declarator(r, 0),
            maybe_attr(r, 30)
        ),
    }
}

/// Odd text that is not a declaration.
fn noise(r: &mut Rng) -> String {
    match r.below(10) {
        0 => "int caf\u{e9} = 1; int \u{3b1};".into(),
        1 => "int x\u{200b}y;".into(),
        2 => "@ $ ` \\".into(),
        3 => "int a[\"\\\"]\"];".into(),
        4 => "}".into(),
        5 => "{".into(),
        6 => "((((".into(),
        7 => "int (*)(void);".into(),
        8 => format!("int {};", long_ident(r)),
        _ => r
            .pick(&[
                "struct S0 { struct S0 { int x; } y; };",
                "struct R { struct R r; };",
                "union V { union V v; int i; };",
                "typedef struct Loop Loop; struct Loop { Loop l; };",
                "typedef T0 T0;",
                "typedef int I; typedef I I;",
                "typedef struct A A; typedef struct A *A;",
                "enum Self { SELF = sizeof(enum Self) };",
                "struct Sz { char c[sizeof(struct Sz)]; };",
                "struct Off { int a; int b[__builtin_offsetof(struct Off, a)]; };",
                "int arr[sizeof(arr)];",
                "extern int undefined_size[];",
                "struct Inc; int z = sizeof(struct Inc);",
                "struct F { int a; int b[]; } fv = { 1, { 2, 3 } };",
                "int f(int a[static -1]);",
                "void v; void w[3];",
                "int fn(void)(void);",
                "int arrfn[3](void);",
                "int (*fparr(void))[3];",
                "typedef int FN(int); FN fn_decl;",
                "typedef int VLA[n];",
            ])
            .to_string(),
    }
}

/// Applies a random edit to `src`: drop, double or replace a byte run at a random place.
fn mutate(r: &mut Rng, src: &mut String) {
    if src.is_empty() {
        return;
    }
    let mut at = r.below(src.len());
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + r.range(1, 6)).min(src.len());
    while !src.is_char_boundary(end) {
        end += 1;
    }
    match r.below(4) {
        0 => src.replace_range(at..end, ""),
        1 => {
            let dup = src[at..end].to_string();
            src.insert_str(at, &dup);
        }
        2 => src.insert_str(
            at,
            pick(
                r,
                &[
                    "(", ")", "[", "]", "{", "}", ";", ",", "*", "=", "struct ", "int ", "\n",
                ],
            ),
        ),
        _ => src.replace_range(
            at..end,
            pick(r, &["", " ", "(", "}", ";", "__attribute__((", "0"]),
        ),
    }
}

/// Declarations of the names the fragments refer to.
const PRELUDE: &str = "typedef int T0; typedef unsigned long size_t; typedef T0 *T1;
typedef int (*FP)(void); typedef struct S1 T2;
struct S0 { int f0; int f1; char f2[8]; };
";

/// A generated header: `(source, label details)`.
fn source(r: &mut Rng) -> Vec<u8> {
    let mut s = String::new();
    // declare some of the names the fragments refer to, so that they resolve
    if r.chance(90) {
        s.push_str(PRELUDE);
    }
    if r.chance(70) {
        s.push_str("enum E0 { A, B = 5, C }; int x; int n;\n");
    }
    if r.chance(30) {
        s.push_str("#define MSHIFT (1 << 62)\n#define MDIV (1 / 0)\n");
    }
    for _ in 0..r.range(1, 8) {
        s.push_str(&item(r));
        s.push('\n');
    }
    let mutations = pick(r, &[0usize, 0, 0, 0, 0, 1, 2, 5]);
    for _ in 0..mutations {
        mutate(r, &mut s);
    }
    let mut bytes = s.into_bytes();
    if r.chance(3) {
        // stray bytes that are not UTF-8 (and a NUL now and then)
        let at = r.below(bytes.len() + 1);
        let junk: &[u8] = pick(
            r,
            &[
                &b"\xff"[..],
                b"\xc3",
                b"\xe2\x82",
                b"\0",
                b"\x80\x80",
                b"\xfe\xff",
            ],
        );
        bytes.splice(at..at, junk.iter().copied());
    }
    bytes
}

const TARGETS: &[&str] = &[
    "i686-unknown-linux-gnu",
    "x86_64-pc-windows-msvc",
    "i686-pc-windows-msvc",
    "armv7-unknown-linux-gnueabihf",
    "aarch64-apple-macos11.0",
    "wasm32-unknown-unknown",
];

fn generated(seeds: std::ops::Range<u64>) -> Vec<Case> {
    seeds
        .map(|seed| {
            let mut r = Rng::new(seed);
            let src = source(&mut r);
            let mut c = Case::new(format!("seed {seed}"), src);
            c.keep_going = r.chance(50);
            if r.chance(15) {
                c.target = Some(*r.pick(TARGETS));
            }
            c
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Tests

#[test]
fn generated_declarations_part_1() {
    run_cases("generated-1", generated(0..1500));
}

#[test]
fn generated_declarations_part_2() {
    run_cases("generated-2", generated(1500..3000));
}

#[test]
fn generated_declarations_part_3() {
    run_cases("generated-3", generated(3000..4500));
}

/// More seeds, for a longer search: `ROBUSTNESS_SEEDS=4500..100000 cargo test --test
/// parse_robustness -- --ignored`.
#[test]
#[ignore]
fn generated_declarations_more() {
    let range = std::env::var("ROBUSTNESS_SEEDS").unwrap_or_else(|_| "4500..20000".into());
    let (a, b) = range.split_once("..").expect("ROBUSTNESS_SEEDS=FROM..TO");
    let (a, b): (u64, u64) = (a.parse().expect("FROM"), b.parse().expect("TO"));
    run_cases("generated-more", generated(a..b));
}

/// Each generated item alone, both with and without `keep_going` (the item's own errors are
/// then the only ones, so positions are checked exactly).
#[test]
fn generated_items_alone() {
    let mut cases = Vec::new();
    for seed in 0..800u64 {
        let mut r = Rng::new(500_000 + seed);
        let it = item(&mut r);
        for keep_going in [false, true] {
            let mut c = Case::new(format!("item {seed}"), format!("{PRELUDE}{it}\n"));
            c.keep_going = keep_going;
            cases.push(c);
        }
    }
    run_cases("items", cases);
}

/// A labelled input of a given depth or length.
type Shape = (&'static str, fn(usize) -> String);

/// Every shape of nesting at depths around the bound (`text::MAX_NESTING`, 256) and far
/// beyond: an error or a header, never a stack overflow, on the caller's 2 MiB stack.
#[test]
fn deep_nesting() {
    let shapes: &[Shape] = &[
        ("parenthesised declarator", |n| {
            format!("int {}x{};", "(".repeat(n), ")".repeat(n))
        }),
        ("parenthesised size", |n| {
            format!("int a[{}1{}];", "(".repeat(n), ")".repeat(n))
        }),
        ("pointers", |n| format!("int {}x;", "*".repeat(n))),
        ("const pointers", |n| {
            format!("int {}x;", "* const ".repeat(n))
        }),
        ("array dimensions", |n| format!("int x{};", "[1]".repeat(n))),
        ("sum", |n| format!("int a[1{}];", "+1".repeat(n))),
        ("or chain in an enum", |n| {
            format!("enum {{ E = 1{} }};", " | 1".repeat(n))
        }),
        ("negations", |n| format!("int a[{}1];", "- ".repeat(n))),
        ("nots", |n| format!("int a[{}1];", "!".repeat(n))),
        ("casts", |n| format!("int a[{}1];", "(int)".repeat(n))),
        ("conditionals", |n| {
            format!("int a[{}1{}];", "1?".repeat(n), ":0".repeat(n))
        }),
        ("else chain", |n| format!("int a[{}1];", "0?0:".repeat(n))),
        ("sizeof", |n| format!("int a[{}1];", "sizeof ".repeat(n))),
        ("sizeof types", |n| {
            format!("int a[{}int{}];", "sizeof(".repeat(n), ")".repeat(n))
        }),
        ("__typeof__", |n| {
            format!("{}int{} x;", "__typeof__(".repeat(n), ")".repeat(n))
        }),
        ("__extension__", |n| {
            format!("int a[{}1];", "__extension__ ".repeat(n))
        }),
        ("structs", |n| {
            format!("{}int x;{};", "struct {".repeat(n), "} m;".repeat(n))
        }),
        ("anonymous members", |n| {
            format!(
                "struct S {{ {} int x; {} }};",
                "struct { ".repeat(n),
                "}; ".repeat(n)
            )
        }),
        ("function pointers", |n| {
            format!("int {}f{};", "(*".repeat(n), ")(void)".repeat(n))
        }),
        ("parameters of parameters", |n| {
            format!("void f{};", "(void (*)".repeat(n) + &")".repeat(n))
        }),
        ("initializer braces", |n| {
            format!("int x = {}1{};", "{".repeat(n), "}".repeat(n))
        }),
        ("attributes", |n| {
            format!("int {}a;", "__attribute__((packed)) ".repeat(n))
        }),
        ("nested aligned", |n| {
            format!(
                "int a __attribute__((aligned({}8{})));",
                "(".repeat(n),
                ")".repeat(n)
            )
        }),
        ("unbalanced", |n| format!("int a[{};", "(".repeat(n))),
        ("closers", |n| format!("int a{};", ")".repeat(n))),
        ("macro parentheses", |n| {
            format!("#define X {}1{}\n", "(".repeat(n), ")".repeat(n))
        }),
        ("macro sum", |n| format!("#define X 1{}\n", "+1".repeat(n))),
        ("macro negations", |n| {
            format!("#define X {}1\n", "- ".repeat(n))
        }),
        ("macro casts", |n| {
            format!("#define X {}1\n", "(long)".repeat(n))
        }),
        ("macro pointer cast", |n| {
            format!("#define X ((char {})0)\n", "*".repeat(n))
        }),
        ("macro conditionals", |n| {
            format!("#define X {}1{}\n", "1?".repeat(n), ":0".repeat(n))
        }),
        ("macro sizeof", |n| {
            format!("#define X {}1\n", "sizeof ".repeat(n))
        }),
        ("macro commas", |n| {
            format!("#define X (1{})\n", ",1".repeat(n))
        }),
        ("typedef chain", |n| {
            let mut s = "typedef int T0;\n".to_string();
            for i in 1..n.min(3000) {
                s.push_str(&format!("typedef T{} T{i};\n", i - 1));
            }
            s + "int a[sizeof(T1)];\n"
        }),
        ("__typeof__ chain", |n| {
            // from a deep start, so that the chain passes 256 levels with a short output
            let mut s = format!("int {}a0;\n", "*".repeat(n.min(250)));
            for i in 1..12 {
                s.push_str(&format!("__typeof__(a{}) *a{i};\n", i - 1));
            }
            s
        }),
        ("many parameters", |n| {
            let ps: Vec<String> = (0..n.min(5000)).map(|i| format!("int *p{i}")).collect();
            format!("void f({});", ps.join(", "))
        }),
        ("many members", |n| {
            let fs: String = (0..n.min(5000))
                .map(|i| format!("int f{i} : 3; "))
                .collect();
            format!("struct S {{ {fs}}};")
        }),
        ("many enumerators", |n| {
            let es: Vec<String> = (0..n.min(5000)).map(|i| format!("E{i}")).collect();
            format!("enum {{ {} }};", es.join(", "))
        }),
        ("many string pieces", |n| {
            format!(
                "#define S {}\nchar s[sizeof({})];\n",
                "\"ab\" ".repeat(n),
                "\"c\" ".repeat(n)
            )
        }),
    ];
    let mut cases = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for &(what, make) in shapes {
        for n in [100, 255, 256, 257, 2000, 30_000] {
            let src = make(n);
            // the chains and lists stop growing at some point
            if !seen.insert(src.clone()) {
                continue;
            }
            let mut c = Case::new(format!("{what} x{n}"), src);
            // half of them skip what they cannot read
            c.keep_going = n % 2 == 1;
            cases.push(c);
        }
    }
    // a deep declaration between two good ones: skipped with --keep-going, the others kept
    for &(what, make) in &shapes[..8] {
        let mut c = Case::new(
            format!("{what} between others"),
            format!("int before;\n{}\nint after;\n", make(5000)),
        );
        c.keep_going = true;
        cases.push(c);
    }
    run_cases("deep", cases);
}

/// Declarations at the edges of sizes, offsets, alignments, bit-fields and values, each on
/// several targets (each record-layout rule set and data model).
#[test]
fn pathological_declarations() {
    const SOURCES: &[&str] = &[
        // sizes whose sums or sizes in bits overflow 64 bits
        "struct S { char a[0x7fffffffffffffff]; char b[0x7fffffffffffffff]; char c[4]; };\nenum { E = sizeof(struct S), F = __builtin_offsetof(struct S, c) };",
        "union U { char a[0xffffffffffffffff]; int b; }; enum { E = sizeof(union U) };",
        "struct S { int a[0x7fffffffffffffff]; }; int x[sizeof(struct S)];",
        "struct S { long long a[0x2000000000000000]; }; enum { E = sizeof(struct S) };",
        "enum { E = sizeof(int[0x7fffffffffffffff][0x7fffffffffffffff]) };",
        "struct S { char c; } __attribute__((packed, aligned(0x80000000))); struct T { char x; struct S s[0x7fffffffffffffff]; }; enum { E = sizeof(struct T) };",
        "typedef int A[0x7fffffffffffffff] __attribute__((aligned(0x40000000))); enum { E = sizeof(A) };",
        // offsetof with huge or negative indices
        "struct S0 { int f2[2]; }; enum { E = __builtin_offsetof(struct S0, f2[0x7fffffffffffffff]) };",
        "struct S0 { int f2[2]; }; enum { E = __builtin_offsetof(struct S0, f2[-0x7fffffffffffffff]) };",
        "struct S0 { int f2[2]; }; enum { E = __builtin_offsetof(struct S0, f2[(__int128)1 << 126]) };",
        "struct S0 { int f2[2][3]; }; enum { E = __builtin_offsetof(struct S0, f2[1][2][3]) };",
        "struct S0 { int a; }; enum { E = __builtin_offsetof(struct S0, a.b) };",
        "#define M __builtin_offsetof(struct S0, f2[(__int128)1 << 126])\nstruct S0 { int f2[2]; };",
        // alignments
        "struct __attribute__((aligned(0x80000000))) S { int a; }; enum { E = sizeof(struct S) };",
        "struct __attribute__((aligned(3))) S { int a; }; enum { E = sizeof(struct S) };",
        "struct __attribute__((aligned(0))) S { int a; }; enum { E = sizeof(struct S) };",
        "struct __attribute__((aligned(1ULL << 40))) S { int a; }; enum { E = sizeof(struct S) };",
        "struct S { int a __attribute__((aligned(0x80000000))); char b; }; enum { E = sizeof(struct S) };",
        "struct S { int a : 3 __attribute__((aligned(0x80000000))); }; enum { E = sizeof(struct S) };",
        "struct S { _Alignas(0x40000000) char c; }; enum { E = sizeof(struct S) };",
        "struct S { _Alignas(3) char c; _Alignas(-1) char d; _Alignas(struct S) char e; };",
        "_Alignas(0x100000000) int x; _Alignas(0) int y;",
        "typedef int V __attribute__((vector_size(0x80000000))); enum { E = sizeof(V), F = _Alignof(V) };",
        "typedef int V __attribute__((vector_size(3))); typedef int W __attribute__((vector_size(0))); enum { E = sizeof(V) + sizeof(W) };",
        // packing
        "#pragma pack(3)\nstruct S { char c; int a; }; enum { E = sizeof(struct S) };",
        "#pragma pack(0)\nstruct S { char c; int a; }; enum { E = sizeof(struct S) };",
        "#pragma pack(4294967296)\nstruct S { char c; int a; }; enum { E = sizeof(struct S) };",
        "#pragma pack(push, 0x80000000)\nstruct S { char c; int a; }; enum { E = sizeof(struct S) };",
        "#pragma pack(push)\n#pragma pack(push, 1)\nstruct S { char c; int a; };\n#pragma pack(pop)\n#pragma pack(pop)\n#pragma pack(pop)\nstruct T { char c; int a; };",
        "#pragma pack(1)\nstruct S { char c; int a : 31; long long b : 64; }; enum { E = sizeof(struct S) };",
        // bit-fields
        "struct S { char c; int : 0x7fffffff; char d; }; enum { E = sizeof(struct S) };",
        "struct S { unsigned __int128 x : 128; unsigned __int128 y : 129; }; enum { E = sizeof(struct S) };",
        "struct S { int x : 4294967296; int y : -1; int z : 1/0; };",
        "struct S { _Bool b : 2; float f : 3; int *p : 3; struct S0 { int a; } s : 3; }; enum { E = sizeof(struct S) };",
        "struct S { enum E0 { Z } e : 64; long long : 0; char d; }; enum { E = sizeof(struct S) };",
        // self-reference and incomplete types
        "struct S { struct S s; }; enum { E = sizeof(struct S) };",
        "struct S { struct T { struct S s; } t; }; enum { E = sizeof(struct S) };",
        "typedef struct S S; struct S { S s[2]; }; enum { E = sizeof(struct S) };",
        "struct S { char b[]; }; struct T { struct S s; struct S t; }; enum { E = sizeof(struct T) };",
        "typedef void V; enum { E = sizeof(V[3]), F = sizeof(void (void)), G = _Alignof(int[]) };",
        "enum E { A = sizeof(enum E) }; enum F { B = C, C = B };",
        "struct Sz { char c[sizeof(struct Sz)]; }; int arr[sizeof(arr)];",
        // enum values at the edges of __int128
        "enum { A = (__int128)(((unsigned __int128)1 << 127) - 1), B, C };",
        "enum { A = 0x7fffffffffffffff, B }; enum { F = sizeof(enum E0), G = B }; enum E0 { H = 0xffffffffffffffff, I };",
        "enum __attribute__((packed)) E { A = -((__int128)1 << 100) }; enum { F = sizeof(enum E) };",
        "enum E : unsigned char { A = 256 }; enum { F = sizeof(enum E) };",
        "enum { A = ((__int128)1 << 127) / -1, B = (-9223372036854775807LL-1) % -1, C = (int)1e300 };",
        // constants at the edges of their types
        "#define M ((unsigned __int128)-1 * (unsigned __int128)-1)\n#define N (5 << (__int128)-1)\n#define O (1 << 200)",
        "#define M 0x.1p-9223372036854775808\n#define N 0x1p9223372036854775807\n#define O 0x1000000000000000000000000000000000000000p9223372036854775807",
        "#define M '\\\u{e9}'\n#define N sizeof(\"a\\\u{e9}b\")\n#define O L'\\\u{1F600}'",
        "#define M \"\\xffffffffffffffffff\"\n#define N L\"\\U7fffffff\"\n#define O '\\U7fffffff'\n#define P u'\\U0010ffff'",
        "#define M (0.0/0.0)\n#define N -1e999\n#define O (float)1e300\n#define P (__int128)1e300",
        "#define M -170141183460469231731687303715884105728\n#define N 340282366920938463463374607431768211455u\n#define O 0xffffffffffffffffffffffffffffffffu",
        "#define M ((char *)0 - (char *)0)\n#define N (&((struct S0 *)0)->f1)\n#define O ((void)0, 1)",
        // line numbers past 4294967295
        "#line 4294967295\nint x;\nint y\n",
        "#line 4294967294\nint x;\nint y;\nint z;\n",
        // __typeof__ of odd things
        "int a[3]; __typeof__(a) b; __typeof__(b[0]) c; __typeof__(&a) d; __typeof__(1/0) e; __typeof__(undefined) f;",
        "__typeof__(__typeof__(int *) *) x; __typeof__(sizeof(struct S9)) y; __typeof__(\"s\") z;",
    ];
    let targets = [
        None,
        Some("i686-unknown-linux-gnu"),
        Some("x86_64-pc-windows-msvc"),
        Some("armv7-unknown-linux-gnueabihf"),
        Some("aarch64-apple-macos11.0"),
    ];
    let mut cases = Vec::new();
    for (i, src) in SOURCES.iter().enumerate() {
        for target in targets {
            for keep_going in [false, true] {
                let mut c = Case::new(format!("pathological {i} on {target:?}"), *src);
                c.target = target;
                c.keep_going = keep_going;
                cases.push(c);
            }
        }
    }
    run_cases("pathological", cases);
}

/// The text preparation on bytes no preprocessor writes: odd line markers and pragmas,
/// unterminated literals and groups, stray bytes. It keeps its length and newlines, and
/// every offset locates.
#[test]
fn prepared_text_never_panics() {
    const FRAGMENTS: &[&str] = &[
        "__attribute__((",
        "__attribute__",
        "((",
        "))",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        ";",
        "=",
        ",",
        "struct ",
        "union ",
        "enum ",
        "S ",
        "x ",
        "int ",
        "unsigned ",
        "signed ",
        "__int128 ",
        "__int128",
        "unsigned",
        " ",
        "\n",
        "\r",
        "\r\n",
        "\x0b",
        "\x0c",
        "\"",
        "'",
        "\\",
        "\"s\"",
        "'c'",
        "/*",
        "*/",
        "//",
        "#pragma pack(",
        "#pragma pack(push, 4)\n",
        "#pragma pack(pop)\n",
        "#pragma pack()\n",
        "#pragma pack(1)\n",
        "#pragma pack(99999999999999999999)\n",
        "# 1 \"a.h\"\n",
        "# 99999999999999999999 \"b.h\" 1\n",
        "# 4294967295 \"c.h\" 2\n",
        "# 0 \"d.h\" 3 4\n",
        "# \n",
        "#\n",
        "# 5\n",
        "# 5 \"unterminated\n",
        "# 5 \"esc\\\"aped\" 1\n",
        "_Alignas(",
        "_Alignas",
        "__thread ",
        "__stdcall ",
        "__cdecl",
        "__declspec(",
        "__declspec",
        "[[",
        "]]",
        "_Nonnull ",
        "_Nullable",
        "__nonnull",
        "asm(",
        "__asm__(",
        "__asm__ volatile (",
        "__const__ ",
        "__float128 ",
        "__extension__ ",
        "\u{e9}",
        "\u{1F600}",
        "0x1p3",
        "1.5e+3",
        "'\\''",
        "\"\\\"\"",
        "typedef ",
        "f(void) ",
        ") {",
        "{ }",
    ];
    for seed in 0..20_000u64 {
        let mut r = Rng::new(7_000_000 + seed);
        let mut src: Vec<u8> = Vec::new();
        for _ in 0..r.range(1, 40) {
            if r.chance(3) {
                src.push((r.next_u64() & 0xff) as u8);
            } else {
                src.extend_from_slice(r.pick(FRAGMENTS).as_bytes());
            }
        }
        let res = catch_unwind(|| {
            let p = headerkit::parse::text::prepare(&src);
            assert_eq!(p.text.len(), p.prelude_len + src.len(), "length changed");
            for (i, &b) in src.iter().enumerate() {
                assert_eq!(
                    b == b'\n',
                    p.text.as_bytes()[p.prelude_len + i] == b'\n',
                    "newline moved at {i}"
                );
            }
            for o in 0..p.text.len() + 2 {
                let pos = p.lines.locate(o);
                let _ = p.lines.file_name(pos);
            }
            let _ = headerkit::parse::text::too_deep(p.text.as_bytes(), p.prelude_len);
        });
        if let Err(e) = res {
            panic!("seed {seed}: {}\n  input: {}", panic_text(&*e), show(&src));
        }
    }
}

/// The binary on a few inputs of each kind: exit 0 or 1, never a panic (101, or
/// "internal error") nor a signal; an error's first line is a diagnostic.
#[test]
fn binary_exit_codes() {
    let p = Project::new();
    let mut inputs: Vec<(String, Vec<u8>)> = (0..10u64)
        .map(|seed| {
            let mut r = Rng::new(9_000_000 + seed);
            (format!("seed {}", 9_000_000 + seed), source(&mut r))
        })
        .collect();
    for (label, src) in [
        ("deep parentheses", format!("int {}x{};", "(".repeat(100_000), ")".repeat(100_000))),
        ("deep structs", format!("{}int x;{};", "struct {".repeat(5000), "} m;".repeat(5000))),
        ("deep macro", format!("#define X {}1{}\n", "(".repeat(50_000), ")".repeat(50_000))),
        ("long sum", format!("int a[1{}];", "+1".repeat(100_000))),
        ("huge struct", "struct S { char a[0x7fffffffffffffff]; char b[0x7fffffffffffffff]; }; enum { E = sizeof(struct S) };".to_string()),
        ("enum overflow", "enum { A = (__int128)(((unsigned __int128)1 << 127) - 1), B };".to_string()),
        ("hex float", "#define M 0x.1p-9223372036854775808\n#define N 0x1p9223372036854775807\n".to_string()),
        ("escaped UTF-8", "#define M '\\\u{e9}'\n".to_string()),
        ("line overflow", "#line 4294967295\nint x;\nint y\n".to_string()),
        ("UTF-8 identifier", "int caf\u{e9};\nint ok;\n".to_string()),
    ] {
        inputs.push((label.to_string(), src.into_bytes()));
    }
    inputs.push(("stray bytes".into(), b"int a;\xff\xfe\nint b;\n".to_vec()));
    for (label, src) in &inputs {
        p.write("in.h", src);
        for args in [
            &["in.h", "-w", "json", "-nostdinc"][..],
            &["in.h", "-w", "json", "-nostdinc", "--keep-going"][..],
            &["in.h", "-w", "json", "--target", "x86_64-pc-windows-msvc"][..],
        ] {
            let r = p.run(args);
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
                    first.contains(": error: ") || first.contains(": warning: "),
                    "{label} {args:?}: first stderr line is not a diagnostic: {first:?}"
                );
            } else {
                let out: Result<serde_json::Value, _> = serde_json::from_slice(&r.stdout);
                assert!(
                    out.is_ok() || r.stdout.len() > 100_000,
                    "{label} {args:?}: not JSON: {}",
                    r.describe()
                );
            }
        }
    }
}
