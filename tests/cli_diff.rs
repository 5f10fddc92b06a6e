//! The diff writer's command line, end to end through the binary: how a baseline is given
//! (`--baseline`, `--writer-opt diff:baseline=`, a configuration, a template per header), read
//! (a header with the same preprocessor options, or a saved JSON IR), and where reports go;
//! and a saved JSON IR as an input. The reports themselves are checked by
//! `tests/grammar_diff.rs`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headerkit"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run headerkit")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "stderr:\n{}", stderr(o));
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, text).unwrap();
    p
}

fn report(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// `(kind, name)` of every entry.
fn entries(v: &Value) -> Vec<(String, String)> {
    v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["name"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

const OLD: &str = "\
#ifdef FEATURE
int feature(void);
#endif
int kept(int a);
int gone(void);
";

const NEW: &str = "\
#ifdef FEATURE
int feature(void);
#endif
int kept(long a);
int added(void);
";

fn project() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "old/api.h", OLD);
    write(d.path(), "api.h", NEW);
    d
}

#[test]
fn baseline_from_the_command_line() {
    let d = project();
    let dir = d.path();
    let o = run(dir, &["api.h", "-w", "diff", "--baseline", "old/api.h"]);
    ok(&o);
    let v = report(&stdout(&o));
    assert_eq!(v["baseline"], "old/api.h");
    assert_eq!(v["target"], "api.h");
    assert_eq!(
        entries(&v),
        [
            ("function_removed".into(), "gone".into()),
            ("function_added".into(), "added".into()),
            ("function_parameter_type_changed".into(), "kept".into()),
        ]
    );
    // The same through --writer-opt, and --baseline=PATH.
    let o2 = run(
        dir,
        &[
            "api.h",
            "-w",
            "diff",
            "--writer-opt",
            "diff:baseline=old/api.h",
        ],
    );
    ok(&o2);
    assert_eq!(stdout(&o2), stdout(&o));
    let o3 = run(dir, &["api.h", "-w", "diff", "--baseline=old/api.h"]);
    assert_eq!(stdout(&o3), stdout(&o));
    // The baseline is read with the same preprocessor options: `feature` is in both or in
    // neither.
    let o = run(
        dir,
        &[
            "api.h",
            "-DFEATURE",
            "-w",
            "diff",
            "--baseline",
            "old/api.h",
        ],
    );
    ok(&o);
    assert_eq!(entries(&report(&stdout(&o))).len(), 3);
    // Markdown.
    let o = run(
        dir,
        &[
            "api.h",
            "-w",
            "diff",
            "--baseline",
            "old/api.h",
            "--writer-opt",
            "diff:format=markdown",
        ],
    );
    ok(&o);
    assert!(stdout(&o).starts_with("# API Diff: old/api.h -> api.h\n"));
}

#[test]
fn baseline_mistakes() {
    let d = project();
    let dir = d.path();
    // --baseline belongs to the diff writer.
    let o = run(dir, &["api.h", "-w", "json", "--baseline", "old/api.h"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--baseline"), "{}", stderr(&o));
    // A baseline that cannot be read fails the header, naming the baseline.
    let o = run(dir, &["api.h", "-w", "diff", "--baseline", "old/nope.h"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("old/nope.h"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    write(
        dir,
        "bad.json",
        "{\"declarations\": [{\"kind\": \"bogus\"}]}",
    );
    let o = run(dir, &["api.h", "-w", "diff", "--baseline", "bad.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bogus"), "{}", stderr(&o));
    // A bad format is a usage error.
    let o = run(
        dir,
        &["api.h", "-w", "diff", "--writer-opt", "diff:format=yaml"],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn saved_ir_as_baseline_and_as_input() {
    let d = project();
    let dir = d.path();
    ok(&run(
        dir,
        &[
            "old/api.h",
            "-w",
            "json",
            "--writer-opt",
            "json:dependencies=true",
            "-o",
            "json:saved.json",
        ],
    ));
    let from_header = run(dir, &["api.h", "-w", "diff", "--baseline", "old/api.h"]);
    let from_json = run(dir, &["api.h", "-w", "diff", "--baseline", "saved.json"]);
    ok(&from_json);
    // The same report: the saved IR names the header it was read from.
    assert_eq!(stdout(&from_json), stdout(&from_header));
    // A .json input is read as IR: written again, the same bytes.
    let o = run(
        dir,
        &[
            "saved.json",
            "-w",
            "json",
            "--writer-opt",
            "json:dependencies=true",
        ],
    );
    ok(&o);
    assert_eq!(
        stdout(&o),
        fs::read_to_string(dir.join("saved.json")).unwrap()
    );
    // ... and any writer takes it.
    let o = run(dir, &["saved.json", "-w", "cffi"]);
    ok(&o);
    assert!(stdout(&o).contains("int gone(void);"), "{}", stdout(&o));
}

#[test]
fn batch_reports_and_baseline_templates() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    write(dir, "v1/a.h", "int a(int);\n");
    write(dir, "v1/b.h", "int b(int);\n");
    write(dir, "v2/a.h", "int a(long);\n");
    write(dir, "v2/b.h", "int b(int);\nint b2(void);\n");
    // The baseline is a template, expanded per header like -o's.
    let o = run(
        dir,
        &["v2/a.h", "v2/b.h", "-w", "diff", "--baseline", "v1/{name}"],
    );
    ok(&o);
    let a = report(&fs::read_to_string(dir.join("v2/a_diff.json")).unwrap());
    let b = report(&fs::read_to_string(dir.join("v2/b_diff.json")).unwrap());
    assert_eq!(a["baseline"], "v1/a.h");
    assert_eq!(
        entries(&a),
        [("function_parameter_type_changed".into(), "a".into())]
    );
    assert_eq!(entries(&b), [("function_added".into(), "b2".into())]);
    // Markdown reports default to .md.
    let o = run(
        dir,
        &[
            "v2/a.h",
            "v2/b.h",
            "-w",
            "diff",
            "--baseline",
            "v1/{name}",
            "--writer-opt",
            "diff:format=markdown",
        ],
    );
    ok(&o);
    assert!(
        fs::read_to_string(dir.join("v2/a_diff.md"))
            .unwrap()
            .starts_with("# API Diff: v1/a.h -> v2/a.h")
    );
    // A bare -o ending in _diff.json is the diff writer's; one ending in .json still json's.
    let o = run(
        dir,
        &["v2/a.h", "--baseline", "v1/a.h", "-o", "out_diff.json"],
    );
    ok(&o);
    assert!(
        fs::read_to_string(dir.join("out_diff.json"))
            .unwrap()
            .contains("schema_version")
    );
    let o = run(dir, &["v2/a.h", "-o", "out.json"]);
    ok(&o);
    assert!(
        fs::read_to_string(dir.join("out.json"))
            .unwrap()
            .contains("\"declarations\"")
    );
}

#[test]
fn baseline_from_a_configuration() {
    let d = project();
    let dir = d.path();
    write(
        dir,
        ".headerkit.toml",
        "writers = [\"diff\"]\n[writer.diff]\nbaseline = \"old/api.h\"\n",
    );
    let o = run(dir, &["api.h"]);
    ok(&o);
    assert_eq!(entries(&report(&stdout(&o))).len(), 3);
    write(
        dir,
        ".headerkit.toml",
        "writers = [\"diff\"]\n[writer.diff]\nbaseline = 3\n",
    );
    let o = run(dir, &["api.h"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("baseline"), "{}", stderr(&o));
}

#[test]
fn library_api_takes_a_baseline() {
    let d = project();
    let dir = d.path();
    let out = headerkit::generate(
        &headerkit::Request::new(dir.join("api.h"))
            .writer("diff")
            .option("baseline", dir.join("old/api.h").to_string_lossy()),
    )
    .unwrap();
    assert_eq!(entries(&report(&out)).len(), 3);
    let e = headerkit::generate(
        &headerkit::Request::new(dir.join("api.h"))
            .writer("diff")
            .option("baseline", dir.join("old/missing.h").to_string_lossy()),
    )
    .unwrap_err();
    assert!(e.to_string().contains("missing.h"), "{e}");
}

/// The writer on many real IRs: every parse grammar case against itself (directly and through
/// its saved JSON) reports nothing, and against the next case (two unrelated headers) writes
/// a report that parses, agrees with its summary and uses only listed kinds, in both formats.
#[test]
fn every_parse_case_pair() {
    use headerkit::ir::Header;
    use headerkit::parse::{self, ParseOptions};
    use headerkit::preprocess::FileCache;
    use headerkit::writers::{Writer, WriterOptions, diff};

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar-tests/parse");
    let mut names: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "h"))
        .collect();
    names.sort();
    let cache = FileCache::new();
    let opts = ParseOptions {
        keep_going: true,
        ..ParseOptions::default()
    };
    let headers: Vec<Header> = names
        .iter()
        .filter_map(|p| parse::parse_file(p, &opts, &cache).ok().map(|r| r.header))
        .collect();
    assert!(
        headers.len() > 50,
        "only {} parse cases read",
        headers.len()
    );
    let known: Vec<&str> = diff::KINDS.iter().map(|(k, _)| *k).collect();
    let w = diff::DiffWriter;
    for (i, h) in headers.iter().enumerate() {
        assert!(diff::diff(h, h).is_empty(), "{}: self-diff", h.path);
        let saved = Header::from_json(&h.to_json(true)).unwrap();
        assert!(diff::diff(&saved, h).is_empty(), "{}: saved IR", h.path);
        let next = &headers[(i + 1) % headers.len()];
        // What one direction removes, the other adds.
        let ends = |entries: &[diff::Entry], suffix: &str| -> Vec<(String, Option<String>)> {
            let mut v: Vec<_> = entries
                .iter()
                .filter_map(|e| {
                    e.kind
                        .strip_suffix(suffix)
                        .map(|k| (k.to_string(), e.name.clone().or(e.member.clone())))
                })
                .collect();
            v.sort();
            v
        };
        let (forth, back) = (diff::diff(next, h), diff::diff(h, next));
        assert_eq!(
            ends(&forth, "_removed"),
            ends(&back, "_added"),
            "{}",
            h.path
        );
        assert_eq!(
            ends(&forth, "_added"),
            ends(&back, "_removed"),
            "{}",
            h.path
        );
        for format in ["json", "markdown"] {
            let mut o = WriterOptions::default();
            o.set_header(w.options(), "baseline", &next.path, next.clone())
                .unwrap();
            o.set(w.options(), "format", format).unwrap();
            let out = String::from_utf8(w.write(h, &o).unwrap()).unwrap();
            if format == "markdown" {
                assert!(out.starts_with("# API Diff: "), "{out}");
                continue;
            }
            let v = report(&out);
            let entries = v["entries"].as_array().unwrap();
            assert_eq!(v["summary"]["total"].as_u64(), Some(entries.len() as u64));
            for e in entries {
                let k = e["kind"].as_str().unwrap();
                assert!(known.contains(&k), "{}: unlisted kind {k}", h.path);
            }
        }
    }
}
