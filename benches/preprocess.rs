//! Criterion benchmarks of the preprocessor, in-process through the library API.
//!
//! * `preprocess/fixtures/<case>`: our own fixture headers (always present), each with a fresh
//!   file cache per iteration (files are read every time, as a one-shot CLI run would).
//! * `preprocess/corpus/<name>`: every header of `tests/corpus/libraries.psv` whose Debian
//!   package is installed (the others are skipped with a note), with a file cache kept across
//!   iterations, so the number is preprocessing work, not file reading.
//! * `preprocess/corpus-all-cold`: all installed corpus headers one after the other, fresh cache
//!   each iteration - one number for "the whole corpus".
//!
//! Run: `cargo bench --bench preprocess` (all), `cargo bench --bench preprocess -- corpus/zlib`
//! (filter). For the side-by-side comparison with `gcc -E` use `scripts/bench-vs-gcc`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use headerkit::preprocess::{FileCache, MacroArg, Options, preprocess_file};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// One header to preprocess and the options to preprocess it with.
struct Case {
    name: String,
    header: PathBuf,
    opts: Options,
}

/// Options for a `libraries.psv` line's prelude and flags (flags are split on whitespace; the
/// list uses no quoting). Relative directories are relative to the repository root.
fn options(prelude: &str, flags: &str) -> Options {
    let mut opts = Options {
        line_markers: true,
        ..Options::default()
    };
    for inc in prelude.split(['<', '>']).skip(1).step_by(2) {
        opts.forced_includes.push(PathBuf::from(inc.trim()));
    }
    let abs = |d: String| Path::new(ROOT).join(d);
    let mut words = flags.split_whitespace();
    while let Some(w) = words.next() {
        // "-Ifoo" or "-I foo"
        let mut arg = |prefix: &str| match &w[prefix.len()..] {
            "" => words.next().unwrap_or_default().to_string(),
            rest => rest.to_string(),
        };
        if w.starts_with("-isystem") {
            opts.system_dirs.push(abs(arg("-isystem")));
        } else if w.starts_with("-I") {
            opts.include_dirs.push(abs(arg("-I")));
        } else if w.starts_with("-D") {
            opts.macros.push(MacroArg::Define(arg("-D")));
        } else if w.starts_with("-U") {
            opts.macros.push(MacroArg::Undef(arg("-U")));
        } else {
            eprintln!("benches/preprocess: ignoring flag {w}");
        }
    }
    opts
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

/// Cases of a `.psv` list (name|package|prelude|include|flags|link) whose header exists.
fn load(list: &str) -> Vec<Case> {
    let path = Path::new(ROOT).join(list);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let sys = system_dirs();
    let mut cases = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('|').map(str::trim).collect();
        let [name, package, prelude, include, flags, _link] = f[..] else {
            panic!("{list}: expected 6 fields: {line}");
        };
        let opts = options(prelude, flags);
        let found = opts
            .include_dirs
            .iter()
            .chain(&sys)
            .map(|d| d.join(include))
            .find(|p| p.is_file());
        match found {
            Some(header) => cases.push(Case {
                name: name.to_string(),
                header,
                opts,
            }),
            None => eprintln!(
                "benches/preprocess: skipping {name}: <{include}> not found (install {package})"
            ),
        }
    }
    cases
}

/// Preprocess once outside the timing: fails loudly on an error, gives the output size.
fn output_len(case: &Case) -> Option<u64> {
    match preprocess_file(&case.header, &case.opts, &FileCache::new()) {
        Ok(out) => Some(out.text.len() as u64),
        Err(_) => {
            eprintln!(
                "benches/preprocess: skipping {}: preprocessing fails",
                case.name
            );
            None
        }
    }
}

fn fixtures(c: &mut Criterion) {
    let mut group = c.benchmark_group("preprocess/fixtures");
    for case in load("tests/corpus/fixtures.psv") {
        let Some(len) = output_len(&case) else {
            continue;
        };
        group.throughput(Throughput::Bytes(len));
        group.bench_function(&case.name, |b| {
            b.iter(|| {
                preprocess_file(black_box(&case.header), &case.opts, &FileCache::new()).is_ok()
            })
        });
    }
    group.finish();
}

fn corpus(c: &mut Criterion) {
    let cases: Vec<(Case, u64)> = load("tests/corpus/libraries.psv")
        .into_iter()
        .filter_map(|case| output_len(&case).map(|len| (case, len)))
        .collect();
    if cases.is_empty() {
        return;
    }
    let mut group = c.benchmark_group("preprocess/corpus");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (case, len) in &cases {
        let cache = FileCache::new();
        group.throughput(Throughput::Bytes(*len));
        group.bench_function(&case.name, |b| {
            b.iter(|| preprocess_file(black_box(&case.header), &case.opts, &cache).is_ok())
        });
    }
    group.finish();

    let mut group = c.benchmark_group("preprocess");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Bytes(cases.iter().map(|(_, len)| len).sum()));
    group.bench_function("corpus-all-cold", |b| {
        b.iter(|| {
            for (case, _) in &cases {
                black_box(preprocess_file(&case.header, &case.opts, &FileCache::new()).ok());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, fixtures, corpus);
criterion_main!(benches);
