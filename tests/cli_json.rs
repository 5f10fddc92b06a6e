//! The main command with the json writer, end to end through the binary, on small headers
//! written to a temporary directory.
//!
//! Until the lowering (issue 3) lands, parsing yields no declarations, so these tests check
//! the structure (valid JSON, `path`, `declarations`, `included_headers`, where files go,
//! exit codes); checks of declaration contents run only when a declaration is present.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_headerkit"))
}

/// Runs headerkit in `dir`.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .current_dir(dir)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
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

fn read(p: impl AsRef<Path>) -> String {
    let p = p.as_ref();
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const SAMPLE: &str = "\
#include \"dep.h\"
#define N 3
struct s { int a; unsigned b : 3; };
int f(int x, const char *fmt, ...);
extern dep_t counter;
";

/// A temporary project: `inc/dep.h`, `sample.h` (including it), `other.h`.
fn project() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "inc/dep.h", "typedef long dep_t;\n");
    write(d.path(), "sample.h", SAMPLE);
    write(d.path(), "other.h", "int g(void);\n");
    d
}

/// Checks the JSON document's top-level shape and returns it.
fn check_doc(text: &str, path: &str) -> Value {
    assert!(text.ends_with("}\n"), "no final newline: {text:?}");
    let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let o = v.as_object().expect("top level is an object");
    let keys: Vec<&str> = o.keys().map(String::as_str).collect();
    assert_eq!(keys[..2], ["path", "declarations"], "key order");
    assert_eq!(v["path"], path);
    assert!(v["declarations"].is_array());
    if let Some(inc) = o.get("included_headers") {
        let inc: Vec<&str> = inc
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let mut sorted = inc.clone();
        sorted.sort();
        assert_eq!(inc, sorted, "included_headers sorted");
    }
    // The IR reads it back.
    headerkit::ir::Header::from_json(&v).expect("IR reads the JSON back");
    v
}

fn decl<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    v["declarations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
}

#[test]
fn one_header_goes_to_stdout() {
    let d = project();
    let o = run(d.path(), &["sample.h", "-I", "inc", "-w", "json"]);
    ok(&o);
    let text = stdout(&o);
    assert!(text.starts_with("{\n  \"path\": \"sample.h\",\n  \"declarations\": "));
    let v = check_doc(&text, "sample.h");
    let inc = v["included_headers"].as_array().expect("included_headers");
    assert!(
        inc.iter()
            .any(|s| s.as_str().unwrap().ends_with("inc/dep.h")),
        "{inc:?}"
    );
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    // Nothing written beside the header.
    assert!(!d.path().join("sample.json").exists());

    // Declaration contents, once the lowering produces them.
    if let Some(f) = decl(&v, "f") {
        assert_eq!(f["kind"], "function");
        assert_eq!(f["is_variadic"], true);
        assert_eq!(f["parameters"][0]["name"], "x");
        assert_eq!(f["parameters"][0]["type"]["name"], "int");
        assert_eq!(f["parameters"][1]["type"]["kind"], "pointer");
        assert_eq!(f["location"]["line"], 4);
    }
    if let Some(s) = decl(&v, "s") {
        assert_eq!(s["kind"], "struct");
        assert_eq!(s["fields"][1]["bit_width"], 3);
    }
    if let Some(n) = decl(&v, "N") {
        assert_eq!(n["kind"], "constant");
        assert_eq!(n["value"], 3);
        assert_eq!(n["is_macro"], true);
    }
    if let Some(c) = decl(&v, "counter") {
        assert_eq!(c["kind"], "variable");
        assert_eq!(c["type"]["name"], "dep_t");
    }
}

#[test]
fn default_writer_and_flags() {
    let d = project();
    // No -w: the default writer (json until cffi exists).
    let o = run(d.path(), &["other.h"]);
    ok(&o);
    if headerkit::writers::default_writer().name() == "json" {
        check_doc(&stdout(&o), "other.h");
    }
    // Preprocessor options reach the parse: -D, -U, -include, --target.
    write(
        d.path(),
        "cond.h",
        "#ifndef ON\n#error ON is not defined\n#endif\n",
    );
    let o = run(
        d.path(),
        &[
            "-w",
            "json",
            "-DON",
            "-include",
            "inc/dep.h",
            "--target",
            "aarch64-linux-gnu",
            "cond.h",
        ],
    );
    ok(&o);
    let v = check_doc(&stdout(&o), "cond.h");
    assert!(v["target"].as_str().unwrap().starts_with("aarch64"), "{v}");
    let o = run(d.path(), &["-w", "json", "-DON", "-UON", "cond.h"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cond.h:2:2: error: "), "{}", stderr(&o));
    // Accepted for compatibility.
    ok(&run(
        d.path(),
        &["other.h", "-w", "json", "--no-cache", "--keep-going"],
    ));
}

#[test]
fn indent_option() {
    let d = project();
    let compact = stdout(&run(
        d.path(),
        &["other.h", "-w", "json", "--writer-opt", "json:indent=0"],
    ));
    assert_eq!(compact.matches('\n').count(), 1, "{compact}");
    assert!(compact.starts_with("{\"path\": \"other.h\", \"declarations\": ["));
    check_doc(&compact, "other.h");
    let none = stdout(&run(
        d.path(),
        &["other.h", "-w", "json", "--writer-opt=json:indent=none"],
    ));
    assert_eq!(none, compact);
    let four = stdout(&run(
        d.path(),
        &["other.h", "--writer-opt", "json:indent=4", "-w", "json"],
    ));
    assert!(
        four.starts_with("{\n    \"path\": \"other.h\",\n"),
        "{four}"
    );
    check_doc(&four, "other.h");
}

#[test]
fn non_ascii_is_escaped() {
    let d = project();
    write(d.path(), "caf\u{e9}.h", "int g(void);\n");
    let o = run(d.path(), &["caf\u{e9}.h", "-w", "json"]);
    ok(&o);
    assert!(stdout(&o).contains("\"path\": \"caf\\u00e9.h\""));
    check_doc(&stdout(&o), "caf\u{e9}.h");
    let o = run(
        d.path(),
        &[
            "caf\u{e9}.h",
            "-w",
            "json",
            "--writer-opt",
            "json:ensure_ascii=false",
        ],
    );
    assert!(stdout(&o).contains("\"path\": \"caf\u{e9}.h\""));
}

#[test]
fn several_headers_write_beside_each() {
    let d = project();
    write(d.path(), "sub/deep/x.h", "int x(void);\n");
    let o = run(
        d.path(),
        &["sample.h", "sub/deep/x.h", "-I", "inc", "-w", "json"],
    );
    ok(&o);
    assert!(o.stdout.is_empty(), "batch mode writes no stdout");
    check_doc(&read(d.path().join("sample.json")), "sample.h");
    check_doc(&read(d.path().join("sub/deep/x.json")), "sub/deep/x.h");
    let err = stderr(&o);
    assert!(err.contains("processed 2 headers, 2 outputs"), "{err}");
    assert!(err.contains("json: sub/deep/x.json"), "{err}");
    // -q: no summary.
    let o = run(d.path(), &["-q", "sample.h", "other.h", "-I", "inc"]);
    ok(&o);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn templates() {
    let d = project();
    write(d.path(), "sub/x.h", "int x(void);\n");
    let o = run(
        d.path(),
        &[
            "-I",
            "inc",
            "sample.h",
            "sub/x.h",
            "-o",
            "json:out/{dir}/{stem}--{name}.json",
        ],
    );
    ok(&o);
    check_doc(
        &read(d.path().join("out/sample--sample.h.json")),
        "sample.h",
    );
    check_doc(&read(d.path().join("out/sub/x--x.h.json")), "sub/x.h");

    // One header with -o writes the file and nothing to stdout; an absolute header under
    // the current directory gets a relative {dir}; {{ }} are literal braces.
    let abs = d.path().join("sub/x.h");
    let o = run(
        d.path(),
        &[abs.to_str().unwrap(), "-o", "json:o2/{dir}/{{{stem}}}.json"],
    );
    ok(&o);
    assert!(o.stdout.is_empty());
    check_doc(
        &read(d.path().join("o2/sub/{x}.json")),
        abs.to_str().unwrap(),
    );

    // A bare template: the one active writer, or the writer its extension names.
    ok(&run(
        d.path(),
        &["other.h", "-w", "json", "-o", "bare/{stem}.out"],
    ));
    check_doc(&read(d.path().join("bare/other.out")), "other.h");
    ok(&run(d.path(), &["other.h", "-o", "bare/{stem}.json"]));
    check_doc(&read(d.path().join("bare/other.json")), "other.h");
}

#[test]
fn same_output_whatever_the_thread_count() {
    let d = project();
    let mut headers = vec![];
    for i in 0..8 {
        let name = format!("h{i}.h");
        let body = format!(
            "#include \"dep.h\"\n#define V{i} {i}\nstruct s{i} {{ int a[{i} + 1]; dep_t d; }};\nint f{i}(struct s{i} *p);\n"
        );
        write(d.path(), &name, &body);
        headers.push(name);
    }
    let mut outputs = vec![];
    for jobs in ["1", "4"] {
        let mut args: Vec<&str> = headers.iter().map(String::as_str).collect();
        let dir = format!("out{jobs}");
        let tpl = format!("json:{dir}/{{stem}}.json");
        args.extend(["-I", "inc", "-j", jobs, "-q", "-o", &tpl]);
        let o = run(d.path(), &args);
        ok(&o);
        let texts: Vec<String> = headers
            .iter()
            .map(|h| read(d.path().join(&dir).join(h.replace(".h", ".json"))))
            .collect();
        for (t, h) in texts.iter().zip(&headers) {
            check_doc(t, h);
        }
        outputs.push((texts, o.stderr));
    }
    assert!(outputs[0] == outputs[1], "-j 1 and -j 4 differ");
}

#[test]
fn failed_header_writes_nothing() {
    let d = project();
    write(d.path(), "bad.h", "int ok(void);\n#error boom\n");
    write(d.path(), "out/bad.json", "OLD\n");
    write(d.path(), "out/sample.json", "OLD\n");
    let o = run(
        d.path(),
        &[
            "sample.h",
            "bad.h",
            "other.h",
            "-I",
            "inc",
            "-o",
            "json:out/{stem}.json",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("bad.h:2:2: error: "), "{err}");
    assert!(err.contains("1 of 3 headers failed"), "{err}");
    // The failed header's output is untouched; the others are written.
    assert_eq!(read(d.path().join("out/bad.json")), "OLD\n");
    check_doc(&read(d.path().join("out/sample.json")), "sample.h");
    check_doc(&read(d.path().join("out/other.json")), "other.h");
    // No temporary files are left behind.
    let names: Vec<String> = fs::read_dir(d.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");

    // One header to stdout: nothing on stdout when it fails.
    let o = run(d.path(), &["bad.h"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());

    // A missing header is an error of that header.
    let o = run(d.path(), &["nothere.h", "other.h", "-q", "-w", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nothere.h: error: No such file or directory"));
    assert!(d.path().join("other.json").exists());
    assert!(!d.path().join("nothere.json").exists());
}

#[test]
fn usage_errors_exit_2() {
    let d = project();
    let cases: &[&[&str]] = &[
        &[],
        &["-w", "json"],
        &["other.h", "--frobnicate"],
        &["other.h", "-w", "nosuch"],
        &["other.h", "-o", "nosuch:x.txt"],
        &["other.h", "-o", "json:"],
        &["other.h", "-o", "x.unknownext"],
        &["other.h", "-o", "json:a.json", "-o", "json:b.json"],
        &["other.h", "--writer-opt", "indent=4"],
        &["other.h", "-w", "json", "--writer-opt", "json:indent"],
        &["other.h", "-w", "json", "--writer-opt", "json:indent=four"],
        &["other.h", "-w", "json", "--writer-opt", "json:indent=-3"],
        &["other.h", "-w", "json", "--writer-opt", "json:nosuch=1"],
        &["other.h", "--writer-opt", "nosuch:k=v"],
        &["other.h", "-o", "json:{nosuch}.json"],
        &["other.h", "sample.h", "-o", "json:same.json"],
        &["other.h", "-o", "json:{name}"],
        &["other.h", "-j", "0"],
        &["other.h", "-w"],
        &["other.h", "--target", "nonsense"],
        &["other.h", "-D", "1X"],
        &["other.h", "-"],
        &["preproces", "x.h"],
    ];
    for args in cases {
        let o = run(d.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(stderr(&o).contains("usage") || stderr(&o).contains("error: "));
    }
    // Nothing was written.
    assert!(!d.path().join("same.json").exists());
    assert_eq!(read(d.path().join("other.h")), "int g(void);\n");
}

#[test]
fn help_and_version() {
    let d = project();
    for flag in ["--help", "-h"] {
        let o = run(d.path(), &[flag]);
        ok(&o);
        let out = stdout(&o);
        assert!(out.contains("usage: headerkit HEADER..."), "{out}");
        assert!(out.contains("json:indent=N|none"), "{out}");
    }
    let o = run(d.path(), &["other.h", "--help"]);
    ok(&o);
    let o = run(d.path(), &["--version"]);
    ok(&o);
    assert_eq!(
        stdout(&o),
        format!("headerkit {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn header_named_like_a_subcommand() {
    let d = project();
    write(d.path(), "preprocess", "int p(void);\n");
    // As the first argument, the name is the subcommand.
    let o = run(d.path(), &["preprocess", "-P", "other.h"]);
    ok(&o);
    assert!(stdout(&o).contains("int g(void);"));
    // A path, or any later position, is a header.
    let o = run(d.path(), &["./preprocess", "-w", "json"]);
    ok(&o);
    check_doc(&stdout(&o), "./preprocess");
    let o = run(d.path(), &["-w", "json", "preprocess"]);
    ok(&o);
    check_doc(&stdout(&o), "preprocess");
    let o = run(d.path(), &["-w", "json", "--", "preprocess"]);
    ok(&o);
    check_doc(&stdout(&o), "preprocess");
    // Several: written by template, {stem} of `preprocess` is `preprocess`.
    let o = run(d.path(), &["./preprocess", "other.h", "-q", "-w", "json"]);
    ok(&o);
    check_doc(&read(d.path().join("preprocess.json")), "./preprocess");
}
