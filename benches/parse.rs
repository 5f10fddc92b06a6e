//! Criterion benchmarks of the whole parse (preprocess, lang-c, lowering to the IR), in-process
//! through the library API `headerkit::parse`.
//!
//! * `parse/corpus/<name>`: `parse_file` on every header of `tests/corpus/libraries.psv` whose
//!   Debian package is installed (the others, and headers that do not parse, are skipped with a
//!   note), with its own prelude and flags and a file cache kept across iterations, so the number
//!   is parsing work, not file reading.
//! * `parse/corpus-all-many`: all of them in one `parse_many` call with the libraries' flags
//!   united (they are compatible: `scripts/bench-ir` checks that gcc -E gives the same output
//!   with them), a fresh file cache each iteration: what the one-process CLI run
//!   `headerkit H1 ... H22 -w json` costs, less process start-up and JSON writing.
//!
//! Run: `cargo bench --bench parse` (all), `cargo bench --bench parse -- corpus/zlib` (filter).
//! For the side-by-side comparison with `gcc -E` and peak memory use `scripts/bench-ir`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use headerkit::parse::{ParseOptions, parse_file, parse_many};
use headerkit::preprocess::{FileCache, MacroArg, Options};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// One corpus header and the options to parse it with.
struct Case {
    name: String,
    header: PathBuf,
    opts: ParseOptions,
}

/// Adds a `libraries.psv` line's prelude and flags to `opts` (flags are split on whitespace;
/// the list uses no quoting), skipping what is already there, so calling it once per library
/// unites the libraries' flags. Relative directories are relative to the repository root.
fn add_flags(opts: &mut Options, prelude: &str, flags: &str) {
    for inc in prelude.split(['<', '>']).skip(1).step_by(2) {
        let inc = PathBuf::from(inc.trim());
        if !opts.forced_includes.contains(&inc) {
            opts.forced_includes.push(inc);
        }
    }
    let mut words = flags.split_whitespace();
    while let Some(w) = words.next() {
        // "-Ifoo" or "-I foo"
        let mut arg = |prefix: &str| match &w[prefix.len()..] {
            "" => words.next().unwrap_or_default().to_string(),
            rest => rest.to_string(),
        };
        fn push<T: PartialEq>(v: &mut Vec<T>, x: T) {
            if !v.contains(&x) {
                v.push(x);
            }
        }
        if w.starts_with("-isystem") {
            push(&mut opts.system_dirs, Path::new(ROOT).join(arg("-isystem")));
        } else if w.starts_with("-I") {
            push(&mut opts.include_dirs, Path::new(ROOT).join(arg("-I")));
        } else if w.starts_with("-D") {
            push(&mut opts.macros, MacroArg::Define(arg("-D")));
        } else if w.starts_with("-U") {
            push(&mut opts.macros, MacroArg::Undef(arg("-U")));
        } else {
            eprintln!("benches/parse: ignoring flag {w}");
        }
    }
}

/// The directories gcc searches for `<...>` on Debian after the -I ones.
fn system_dirs() -> Vec<PathBuf> {
    let multiarch = Command::new("gcc")
        .arg("-print-multiarch")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("{}-linux-gnu", std::env::consts::ARCH));
    vec![
        PathBuf::from("/usr/local/include"),
        PathBuf::from(format!("/usr/include/{multiarch}")),
        PathBuf::from("/usr/include"),
    ]
}

/// The installed corpus headers, each with its own options, and the united options.
fn load() -> (Vec<Case>, ParseOptions) {
    let path = Path::new(ROOT).join("tests/corpus/libraries.psv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let sys = system_dirs();
    let mut cases = Vec::new();
    let mut united = ParseOptions::default();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('|').map(str::trim).collect();
        let [name, package, prelude, include, flags, _link] = f[..] else {
            panic!("libraries.psv: expected 6 fields: {line}");
        };
        let mut opts = ParseOptions::default();
        add_flags(&mut opts.preprocess, prelude, flags);
        let found = opts
            .preprocess
            .include_dirs
            .iter()
            .chain(&sys)
            .map(|d| d.join(include))
            .find(|p| p.is_file());
        let Some(header) = found else {
            eprintln!("benches/parse: skipping {name}: <{include}> not found (install {package})");
            continue;
        };
        // parse once outside the timing: a header that fails is reported and left out
        if let Err(e) = parse_file(&header, &opts, &FileCache::new()) {
            eprintln!("benches/parse: skipping {name}: {e}");
            continue;
        }
        add_flags(&mut united.preprocess, prelude, flags);
        cases.push(Case {
            name: name.to_string(),
            header,
            opts,
        });
    }
    (cases, united)
}

fn corpus(c: &mut Criterion) {
    let (cases, united) = load();
    if cases.is_empty() {
        eprintln!("benches/parse: no corpus header parses; nothing to measure");
        return;
    }
    let mut group = c.benchmark_group("parse/corpus");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for case in &cases {
        let cache = FileCache::new();
        group.bench_function(&case.name, |b| {
            b.iter(|| parse_file(black_box(&case.header), &case.opts, &cache).is_ok())
        });
    }
    group.finish();

    let headers: Vec<PathBuf> = cases.iter().map(|c| c.header.clone()).collect();
    let mut group = c.benchmark_group("parse");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("corpus-all-many", |b| {
        b.iter(|| {
            let results = parse_many(black_box(&headers), &united, &FileCache::new());
            results.iter().filter(|r| r.is_ok()).count()
        })
    });
    group.finish();
}

criterion_group!(benches, corpus);
criterion_main!(benches);
