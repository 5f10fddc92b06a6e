//! End-to-end tests of `headerkit preprocess`: what a user does at the command line, checked
//! for real on small projects made in temporary directories. Where gcc is installed it is the
//! oracle: the token stream of `headerkit preprocess -P` must equal that of `gcc -E -P` with
//! the same options (without gcc those comparisons are skipped with a note).

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use headerkit::preprocess::{FileCache, Options, Output, preprocess_file, preprocess_source};
use support::{Project, Run, assert_no_crash_text, c_tokens, have_gcc, headerkit, root};

/// `headerkit ARGS` run from the repository root.
fn at_root(args: &[&str]) -> Run {
    headerkit(args, &root())
}

/// Asserts a successful run and returns its standard output as text.
fn ok(r: Run, what: &str) -> String {
    assert_no_crash_text(&r, what);
    assert_eq!(
        r.code,
        Some(0),
        "{what}: expected success\n{}",
        r.describe()
    );
    r.stdout_str()
}

/// Asserts a run that failed on bad input (exit 1) with a located diagnostic first.
fn fails_with_diagnostic(r: &Run, what: &str) {
    assert_no_crash_text(r, what);
    assert_eq!(r.code, Some(1), "{what}: expected exit 1\n{}", r.describe());
    assert!(
        is_located_error(r.first_stderr_line()),
        "{what}: first stderr line is not `path:line:col: error: …`\n{}",
        r.describe()
    );
}

/// `path:line:col: error: message` with numeric line and column and a message.
fn is_located_error(line: &str) -> bool {
    let Some((head, msg)) = line.split_once(": error: ") else {
        return false;
    };
    let mut parts = head.rsplitn(3, ':');
    let (Some(col), Some(ln), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !path.is_empty()
        && !msg.trim().is_empty()
        && ln.parse::<u32>().is_ok_and(|n| n >= 1)
        && col.parse::<u32>().is_ok_and(|n| n >= 1)
}

/// Compares the token streams of `headerkit preprocess -P FILE ARGS` and `gcc -E -P FILE ARGS`
/// run in the project directory; prints a note and returns when gcc is absent.
fn same_tokens_as_gcc(p: &Project, file: &str, args: &[&str]) {
    if !have_gcc() {
        eprintln!("note: gcc not found; skipping the gcc comparison for {file} {args:?}");
        return;
    }
    let mut ours_args = vec!["preprocess", "-P", file];
    ours_args.extend_from_slice(args);
    let ours = ok(p.run(&ours_args), &format!("headerkit {ours_args:?}"));
    let mut gcc_args = vec!["-E", "-P", "-x", "c", file];
    gcc_args.extend_from_slice(args);
    let gcc = support::run_program("gcc", &gcc_args, p.path(), None);
    assert_eq!(
        gcc.code,
        Some(0),
        "gcc {gcc_args:?} failed\n{}",
        gcc.describe()
    );
    let (a, b) = (c_tokens(ours.as_bytes()), c_tokens(&gcc.stdout));
    assert_eq!(
        a,
        b,
        "token streams differ for {file} {args:?}\n--- headerkit ---\n{ours}\n--- gcc ---\n{}",
        gcc.stdout_str()
    );
}

/// The line markers of an output: `(line, file, flags)`.
fn markers(text: &str) -> Vec<(u32, String, String)> {
    text.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("# ")?;
            let (num, rest) = rest.split_once(' ')?;
            let num = num.parse().ok()?;
            let rest = rest.strip_prefix('"')?;
            let (name, flags) = rest.rsplit_once('"')?;
            Some((num, name.to_string(), flags.trim().to_string()))
        })
        .collect()
}

fn has_marker_lines(text: &str) -> bool {
    text.lines().any(|l| {
        l.strip_prefix("# ")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// Non-blank lines that are not line markers, trimmed.
fn code_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("# "))
        .map(|l| l.trim().to_string())
        .collect()
}

fn files_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Bad input: fixtures/bad/cases.psv

#[test]
fn bad_inputs_from_cases_psv() {
    let list = std::fs::read_to_string(root().join("fixtures/bad/cases.psv")).expect("cases.psv");
    let mut n = 0;
    for line in list.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('|').collect();
        assert_eq!(fields.len(), 4, "malformed cases.psv line: {line}");
        let (file, extra, code, expect) = (fields[0], fields[1], fields[2], fields[3]);
        let mut args = vec!["preprocess", file];
        args.extend(extra.split_whitespace());
        let r = at_root(&args);
        let what = format!("cases.psv: {line}");
        assert_no_crash_text(&r, &what);
        assert_eq!(
            r.code,
            Some(code.parse().expect("exit code")),
            "{what}\n{}",
            r.describe()
        );
        assert!(
            r.stdout.is_empty(),
            "{what}: output on failure\n{}",
            r.describe()
        );
        let first = r.first_stderr_line();
        assert!(
            is_located_error(first),
            "{what}: not `path:line:col: error: …`: {first:?}"
        );
        assert!(
            first.starts_with(expect),
            "{what}: first stderr line {first:?} does not start with {expect:?}"
        );
        // An error in another file than the one given must show how it was reached: the
        // chain ends at the file given on the command line.
        let error_path = first.split(':').next().unwrap_or("");
        if error_path != file {
            let chain: Vec<&str> = r
                .stderr
                .lines()
                .filter_map(|l| l.strip_prefix("  in file included from "))
                .collect();
            assert!(
                !chain.is_empty(),
                "{what}: no include chain\n{}",
                r.describe()
            );
            let outermost = chain.last().expect("non-empty");
            assert!(
                outermost.starts_with(&format!("{file}:")),
                "{what}: the chain should end at {file}, ends at {outermost}"
            );
        }
        n += 1;
    }
    assert!(n >= 5, "only {n} cases in cases.psv");
}

#[test]
fn nested_error_shows_the_whole_include_chain() {
    let r = at_root(&["preprocess", "fixtures/bad/missing-nested/main.h"]);
    fails_with_diagnostic(&r, "missing-nested");
    let chain: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("  in file included from "))
        .collect();
    assert_eq!(
        chain,
        [
            "  in file included from fixtures/bad/missing-nested/outer.h:4",
            "  in file included from fixtures/bad/missing-nested/main.h:4",
        ],
        "{}",
        r.describe()
    );
    // the source line and a caret under the file name
    assert!(r.stderr.contains("#include \"does_not_exist.h\""));
}

#[test]
fn missing_input_file_is_bad_input() {
    let p = Project::new();
    let r = p.run(&["preprocess", "nope.h"]);
    assert_no_crash_text(&r, "missing input");
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(
        r.first_stderr_line().starts_with("nope.h: error: "),
        "{}",
        r.describe()
    );
    let r = p.run(&["preprocess", "."]);
    assert_eq!(r.code, Some(1), "a directory as input\n{}", r.describe());
}

// ---------------------------------------------------------------------------------------
// Usage

#[test]
fn usage_errors_exit_2_with_a_one_line_reason() {
    let p = Project::new();
    p.write("a.h", "int a;\n");
    p.write("b.h", "int b;\n");
    let cases: &[(&[&str], &str)] = &[
        (
            &["preprocess", "a.h", "--bogus"],
            "unknown option '--bogus'",
        ),
        (&["preprocess", "-Q", "a.h"], "unknown option '-Q'"),
        (&["preprocess"], "no input file"),
        (&["preprocess", "-P"], "no input file"),
        (&["preprocess", "a.h", "b.h"], "more than one input file"),
        (&["preprocess", "a.h", "-"], "more than one input file"),
        (&["preprocess", "a.h", "-I"], "missing argument to '-I'"),
        (
            &["preprocess", "a.h", "-include"],
            "missing argument to '-include'",
        ),
        (&["preprocess", "a.h", "-o"], "missing argument to '-o'"),
        (
            &["preprocess", "a.h", "--target"],
            "missing argument to '--target'",
        ),
        (
            &["preprocess", "a.h", "--target", "foo-bar"],
            "unsupported target `foo-bar`",
        ),
        (
            &["preprocess", "a.h", "--target=pdp11-dec-unix"],
            "unsupported target",
        ),
        (
            &["preprocess", "a.h", "-D1X"],
            "macro name missing or invalid in '1X'",
        ),
        (
            &["preprocess", "a.h", "-D", "A-B=1"],
            "macro name missing or invalid",
        ),
        (
            &["preprocess", "a.h", "-D="],
            "macro name missing or invalid",
        ),
        (
            &["preprocess", "a.h", "-U", "x.y"],
            "macro name missing or invalid",
        ),
        (&["frobnicate"], "neither a header nor a subcommand"),
    ];
    for (args, reason) in cases {
        let r = p.run(args);
        let what = format!("{args:?}");
        assert_no_crash_text(&r, &what);
        assert_eq!(r.code, Some(2), "{what}\n{}", r.describe());
        assert!(
            r.stdout.is_empty(),
            "{what}: stdout not empty\n{}",
            r.describe()
        );
        let first = r.first_stderr_line();
        assert!(
            first.contains(": error: ") && first.contains(reason),
            "{what}: first stderr line {first:?} should give the reason {reason:?}"
        );
        if args[0] == "preprocess" {
            // the reason, then at most a pointer to --help
            assert!(
                r.stderr.lines().count() <= 2,
                "{what}: more than a one-line reason\n{}",
                r.describe()
            );
        }
    }
    // no arguments at all: usage on stdout, exit 2
    let r = p.run(&[]);
    assert_eq!(r.code, Some(2), "{}", r.describe());
}

#[test]
fn help_and_version() {
    let p = Project::new();
    for args in [
        &["preprocess", "--help"][..],
        &["preprocess", "-h"],
        &["--help"],
        &["help"],
    ] {
        let out = ok(p.run(args), &format!("{args:?}"));
        assert!(out.contains("headerkit preprocess FILE"), "{args:?}: {out}");
        assert!(out.contains("-idirafter"), "{args:?}: {out}");
    }
    for args in [&["--version"][..], &["-V"]] {
        let out = ok(p.run(args), &format!("{args:?}"));
        assert_eq!(
            out.trim(),
            format!("headerkit {}", env!("CARGO_PKG_VERSION")),
            "{args:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Output file

fn small_project() -> Project {
    let p = Project::new();
    p.write("inc/h.h", "#define H 1\nint h = H;\n");
    p.write(
        "main.c",
        "#include \"inc/h.h\"\n#define TWICE(x) x x\nint m = TWICE(H);\n",
    );
    p.write("bad.h", "int ok;\n#error this header is broken\n");
    p
}

#[test]
fn output_file_holds_what_stdout_would() {
    let p = small_project();
    for extra in [&[][..], &["-P"], &["-dM"]] {
        let mut args = vec!["preprocess", "main.c"];
        args.extend_from_slice(extra);
        let stdout = ok(p.run(&args), "to stdout");
        args.extend_from_slice(&["-o", "out.i"]);
        let r = p.run(&args);
        assert_eq!(r.code, Some(0), "{}", r.describe());
        assert!(r.stdout.is_empty(), "-o still wrote to stdout");
        let file = std::fs::read_to_string(p.path().join("out.i")).expect("out.i");
        assert_eq!(file, stdout, "{extra:?}");
    }
    // `-o -` is standard output, as for compilers: no file named `-`
    let r = p.run(&["preprocess", "main.c", "-P", "-o", "-"]);
    assert_eq!(r.code, Some(0), "{}", r.describe());
    assert_eq!(
        r.stdout_str(),
        ok(p.run(&["preprocess", "main.c", "-P"]), "stdout")
    );
    assert!(
        !p.path().join("-").exists(),
        "-o - created a file named '-'"
    );
    // `-oFILE` spelling, and an existing file is replaced
    let stdout = ok(p.run(&["preprocess", "main.c", "-P"]), "stdout");
    p.write(
        "out2.i",
        "old contents that are longer than the new ones ".repeat(100),
    );
    ok(p.run(&["preprocess", "-oout2.i", "main.c", "-P"]), "-oFILE");
    assert_eq!(
        std::fs::read_to_string(p.path().join("out2.i")).unwrap(),
        stdout
    );
}

#[test]
fn failing_run_leaves_output_file_untouched() {
    let p = small_project();
    let precious = b"precious\x00bytes \xff that must survive\n".to_vec();
    p.write("out.i", &precious);
    let before = files_in(p.path());
    let r = p.run(&["preprocess", "bad.h", "-o", "out.i"]);
    fails_with_diagnostic(&r, "bad.h -o out.i");
    assert!(
        r.first_stderr_line().starts_with("bad.h:2:"),
        "{}",
        r.describe()
    );
    assert_eq!(std::fs::read(p.path().join("out.i")).unwrap(), precious);
    assert_eq!(
        files_in(p.path()),
        before,
        "a temporary file was left behind"
    );
    // same with a missing input
    let r = p.run(&["preprocess", "missing.h", "-o", "out.i"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(std::fs::read(p.path().join("out.i")).unwrap(), precious);
    assert_eq!(files_in(p.path()), before);
}

#[test]
fn output_into_missing_directory_fails_clearly() {
    let p = small_project();
    let r = p.run(&["preprocess", "main.c", "-o", "no/such/dir/out.i"]);
    assert_no_crash_text(&r, "-o into a missing directory");
    assert_eq!(r.code, Some(1), "{}", r.describe());
    let first = r.first_stderr_line();
    assert!(
        first.starts_with("no/such/dir/out.i: error: ")
            && first.contains("No such file or directory"),
        "unclear message: {first:?}"
    );
    assert!(
        !first.contains(".tmp"),
        "the message names an internal temporary file: {first:?}"
    );
    assert!(!p.path().join("no").exists());
}

// ---------------------------------------------------------------------------------------
// Input from stdin, line markers

#[test]
fn stdin_input_is_named_stdin() {
    let p = small_project();
    let src = b"#include \"inc/h.h\"\nint a = __LINE__; const char *f = __FILE__;\n";
    let r = support::headerkit_stdin(&["preprocess", "-"], p.path(), src);
    let out = ok(r, "stdin");
    assert!(out.contains("# 1 \"<stdin>\""), "{out}");
    assert!(out.contains("const char *f = \"<stdin>\";"), "{out}");
    assert!(out.contains("int a = 2;"), "{out}");
    // `#include "..."` from stdin is searched in the current directory
    assert!(out.contains("# 1 \"inc/h.h\" 1"), "{out}");
    assert!(out.contains("# 2 \"<stdin>\" 2"), "{out}");
    if have_gcc() {
        let g = support::run_program("gcc", &["-E", "-x", "c", "-"], p.path(), Some(src));
        let m = |t: &str| {
            markers(t)
                .into_iter()
                .filter(|(_, _, f)| f.contains('1') || f.contains('2'))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            m(&out),
            m(&g.stdout_str()),
            "enter/leave markers differ from gcc"
        );
        assert_eq!(c_tokens(out.as_bytes()), c_tokens(&g.stdout));
    } else {
        eprintln!("note: gcc not found; skipping the gcc comparison for stdin");
    }
    let out = ok(
        support::headerkit_stdin(&["preprocess", "-P", "-"], p.path(), src),
        "stdin -P",
    );
    assert!(!has_marker_lines(&out), "{out}");
}

#[test]
fn line_markers_by_default_none_with_p() {
    let p = Project::new();
    p.write("sys/sys.h", "int in_system;\n");
    p.write("user.h", "int in_user;\n");
    p.write(
        "main.c",
        "#include \"user.h\"\n#include <sys.h>\nint in_main;\n",
    );
    let args = ["preprocess", "main.c", "-isystem", "sys"];
    let out = ok(p.run(&args), "markers");
    let m = markers(&out);
    let has = |line: u32, file: &str, flags: &str| {
        m.iter()
            .any(|(l, f, fl)| *l == line && f == file && fl == flags)
    };
    assert!(has(1, "main.c", ""), "{out}");
    assert!(has(1, "user.h", "1"), "{out}");
    assert!(has(2, "main.c", "2"), "{out}");
    assert!(has(1, "sys/sys.h", "1 3 4"), "{out}");
    assert!(has(3, "main.c", "2"), "{out}");
    // the code lands on the right lines
    assert_eq!(
        code_lines(&out),
        ["int in_user;", "int in_system;", "int in_main;"]
    );

    if have_gcc() {
        let g = support::run_program("gcc", &["-E", "main.c", "-isystem", "sys"], p.path(), None);
        let enter_leave = |t: &str| {
            markers(t)
                .into_iter()
                .filter(|(_, _, f)| f.starts_with('1') || f.starts_with('2'))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            enter_leave(&out),
            enter_leave(&g.stdout_str()),
            "markers differ from gcc"
        );
    } else {
        eprintln!("note: gcc not found; skipping the marker comparison");
    }

    let out = ok(
        p.run(&["preprocess", "-P", "main.c", "-isystem", "sys"]),
        "-P",
    );
    assert!(!has_marker_lines(&out), "{out}");
    assert!(!out.contains("# "), "{out}");
    assert_eq!(
        code_lines(&out),
        ["int in_user;", "int in_system;", "int in_main;"]
    );
    same_tokens_as_gcc(&p, "main.c", &["-isystem", "sys"]);
}

// ---------------------------------------------------------------------------------------
// Include search options

#[test]
fn include_dirs_first_wins() {
    let p = Project::new();
    p.write("a/x.h", "int from_a;\n");
    p.write("b/x.h", "int from_b;\n");
    p.write("b/only_b.h", "int only_b;\n");
    p.write(
        "main.c",
        "#include <x.h>\n#include \"x.h\"\n#include <only_b.h>\n",
    );
    let out = ok(
        p.run(&["preprocess", "-P", "main.c", "-I", "a", "-Ib"]),
        "-I a -I b",
    );
    assert_eq!(
        code_lines(&out),
        ["int from_a;", "int from_a;", "int only_b;"]
    );
    let out = ok(
        p.run(&["preprocess", "-P", "main.c", "-Ib", "-I", "a"]),
        "-I b -I a",
    );
    assert_eq!(
        code_lines(&out),
        ["int from_b;", "int from_b;", "int only_b;"]
    );
    same_tokens_as_gcc(&p, "main.c", &["-I", "a", "-Ib"]);
    same_tokens_as_gcc(&p, "main.c", &["-Ib", "-I", "a"]);
    // the including file's own directory comes first for quotes
    p.write("main2.c", "#include \"sub/inner.h\"\n");
    p.write("sub/inner.h", "#include \"x.h\"\n");
    p.write("sub/x.h", "int from_sub;\n");
    let out = ok(
        p.run(&["preprocess", "-P", "main2.c", "-I", "a"]),
        "quote dir first",
    );
    assert_eq!(code_lines(&out), ["int from_sub;"]);
    same_tokens_as_gcc(&p, "main2.c", &["-I", "a"]);
}

#[test]
fn iquote_is_only_for_quoted_includes() {
    let p = Project::new();
    p.write("q/q.h", "int from_q;\n");
    p.write("i/q.h", "int from_i;\n");
    p.write("quoted.c", "#include \"q.h\"\n");
    p.write("angled.c", "#include <q.h>\n");
    let out = ok(
        p.run(&["preprocess", "-P", "quoted.c", "-iquote", "q"]),
        "quoted",
    );
    assert_eq!(code_lines(&out), ["int from_q;"]);
    // -iquote comes before -I for quotes
    let out = ok(
        p.run(&["preprocess", "-P", "quoted.c", "-I", "i", "-iquote", "q"]),
        "quoted",
    );
    assert_eq!(code_lines(&out), ["int from_q;"]);
    let r = p.run(&["preprocess", "angled.c", "-iquote", "q"]);
    fails_with_diagnostic(&r, "<q.h> with only -iquote");
    assert!(
        r.first_stderr_line()
            .starts_with("angled.c:1:10: error: q.h: No such file or directory"),
        "{}",
        r.describe()
    );
    let out = ok(
        p.run(&["preprocess", "-P", "angled.c", "-iquote", "q", "-I", "i"]),
        "angled",
    );
    assert_eq!(code_lines(&out), ["int from_i;"]);
    same_tokens_as_gcc(&p, "quoted.c", &["-I", "i", "-iquote", "q"]);
    same_tokens_as_gcc(&p, "angled.c", &["-iquote", "q", "-I", "i"]);
}

#[test]
fn isystem_marks_system_headers() {
    let p = Project::new();
    p.write("s/s.h", "#include \"t.h\"\nint from_s;\n");
    p.write("s/t.h", "int from_t;\n");
    p.write("u/u.h", "int from_u;\n");
    p.write("main.c", "#include <s.h>\n#include <u.h>\n");
    let out = ok(
        p.run(&["preprocess", "main.c", "-isystem", "s", "-I", "u"]),
        "-isystem",
    );
    let m = markers(&out);
    assert!(m.contains(&(1, "s/s.h".into(), "1 3 4".into())), "{out}");
    // a header included from a system header is a system header too
    assert!(m.contains(&(1, "s/t.h".into(), "1 3 4".into())), "{out}");
    assert!(m.contains(&(2, "s/s.h".into(), "2 3 4".into())), "{out}");
    assert!(m.contains(&(1, "u/u.h".into(), "1".into())), "{out}");
    // -isystem is searched after -I
    p.write("u/s.h", "int s_from_u;\n");
    let out = ok(
        p.run(&["preprocess", "-P", "main.c", "-isystem", "s", "-I", "u"]),
        "order",
    );
    assert_eq!(code_lines(&out), ["int s_from_u;", "int from_u;"]);
    same_tokens_as_gcc(&p, "main.c", &["-isystem", "s", "-I", "u"]);
}

#[test]
fn idirafter_is_searched_last() {
    let p = Project::new();
    p.write("after/late.h", "int late_from_after;\n");
    p.write("after/both.h", "int both_from_after;\n");
    p.write("inc/both.h", "int both_from_inc;\n");
    p.write(
        "after/stddef.h",
        "#error the real stddef.h must win over -idirafter\n",
    );
    p.write(
        "main.c",
        "#include <late.h>\n#include <both.h>\n#include <stddef.h>\nsize_t n;\n",
    );
    let args = ["preprocess", "main.c", "-idirafter", "after", "-I", "inc"];
    let out = ok(p.run(&args), "-idirafter");
    assert!(out.contains("int late_from_after;"), "{out}");
    assert!(out.contains("int both_from_inc;"), "{out}");
    assert!(!out.contains("both_from_after"), "{out}");
    assert!(out.contains("size_t n;"), "{out}");
    // like gcc, -idirafter directories count as system directories
    assert!(
        markers(&out).contains(&(1, "after/late.h".into(), "1 3 4".into())),
        "{out}"
    );
}

#[test]
fn include_next_continues_in_the_next_directory() {
    let p = Project::new();
    p.write("one/n.h", "#include_next <n.h>\nint n_one;\n");
    p.write("two/n.h", "#include_next <n.h>\nint n_two;\n");
    p.write("three/n.h", "int n_three;\n");
    p.write("main.c", "#include <n.h>\nint after;\n");
    let args = ["main.c", "-I", "one", "-I", "two", "-I", "three"];
    let out = ok(
        p.run(&[&["preprocess", "-P"][..], &args].concat()),
        "#include_next",
    );
    assert_eq!(
        code_lines(&out),
        ["int n_three;", "int n_two;", "int n_one;", "int after;"]
    );
    same_tokens_as_gcc(&p, "main.c", &args[1..]);
    // the same through quotes in the first directory
    p.write("one/q.h", "#include_next \"q.h\"\nint q_one;\n");
    p.write("two/q.h", "int q_two;\n");
    p.write("mainq.c", "#include <q.h>\n");
    let out = ok(
        p.run(&["preprocess", "-P", "mainq.c", "-I", "one", "-I", "two"]),
        "quoted #include_next",
    );
    assert_eq!(code_lines(&out), ["int q_two;", "int q_one;"]);
    same_tokens_as_gcc(&p, "mainq.c", &["-I", "one", "-I", "two"]);
}

#[test]
fn forced_includes_come_first_in_order() {
    let p = Project::new();
    p.write("p1.h", "#define FROM_P1 7\nint p1;\n");
    p.write("p2.h", "int p2 = FROM_P1;\n#define FROM_P2 8\n");
    p.write("main.c", "int m = FROM_P1 + FROM_P2;\n");
    let args = ["main.c", "-include", "p1.h", "-include", "p2.h"];
    let out = ok(
        p.run(&[&["preprocess", "-P"][..], &args].concat()),
        "-include",
    );
    assert_eq!(
        code_lines(&out),
        ["int p1;", "int p2 = 7;", "int m = 7 + 8;"]
    );
    let out = ok(
        p.run(&[&["preprocess"][..], &args].concat()),
        "-include markers",
    );
    let m = markers(&out);
    let pos = |file: &str| {
        m.iter()
            .position(|(_, f, fl)| f == file && fl.starts_with('1'))
            .unwrap_or_else(|| panic!("no marker entering {file}\n{out}"))
    };
    let main_pos = m
        .iter()
        .position(|(l, f, fl)| *l == 1 && f == "main.c" && fl.is_empty())
        .expect("marker for main.c");
    assert!(pos("p1.h") < pos("p2.h") && pos("p2.h") < main_pos, "{out}");
    same_tokens_as_gcc(&p, "main.c", &args[1..]);
    // the other order: p2 no longer sees FROM_P1
    let out = ok(
        p.run(&[
            "preprocess",
            "-P",
            "main.c",
            "-include",
            "p2.h",
            "-include",
            "p1.h",
        ]),
        "reversed",
    );
    assert_eq!(
        code_lines(&out),
        ["int p2 = FROM_P1;", "int p1;", "int m = 7 + 8;"]
    );
    // a missing forced include is an error
    let r = p.run(&["preprocess", "main.c", "-include", "nope.h"]);
    assert_no_crash_text(&r, "-include nope.h");
    assert_eq!(r.code, Some(1), "{}", r.describe());
    assert!(r.stderr.contains("nope.h"), "{}", r.describe());
}

// ---------------------------------------------------------------------------------------
// Macros from the command line

#[test]
fn defines_and_undefines_apply_in_order() {
    let p = Project::new();
    p.write(
        "main.c",
        "#ifdef X\nint x_is = X;\n#else\nint x_undefined;\n#endif\nint y = Y; int f = F(2); int g = G(1, 2);\n",
    );
    let run = |args: &[&str]| {
        let mut a = vec!["preprocess", "-P", "main.c"];
        a.extend_from_slice(args);
        code_lines(&ok(p.run(&a), &format!("{args:?}"))).join(" ")
    };
    let cases: &[(&[&str], &str)] = &[
        (&["-DX=1", "-UX"], "int x_undefined;"),
        (&["-UX", "-DX=2"], "int x_is = 2;"),
        (&["-DX"], "int x_is = 1;"),
        (&["-D", "X=3"], "int x_is = 3;"),
        (&["-DX=1", "-DX=2"], "int x_is = 2;"),
        (&["-DX=", "-DY=5"], "int x_is = ;"),
        (&["-DF(a)=a+1"], "int f = 2+1;"),
        (&["-D", "G(a,b)=a*b", "-DF(a)=(a)"], "int g = 1*2;"),
    ];
    for (args, want) in cases {
        // spacing may differ from the source (`2 +1`): compare without blanks
        let got = run(args).replace(' ', "");
        let want = want.replace(' ', "");
        assert!(
            got.contains(&want),
            "{args:?}: {got:?} does not contain {want:?}"
        );
    }
    assert!(run(&["-DY=5"]).contains("int y = 5;"));
    for (args, _) in cases {
        same_tokens_as_gcc(&p, "main.c", args);
    }
}

#[test]
fn nostdinc_makes_standard_headers_unfindable() {
    let p = Project::new();
    p.write("main.c", "#include <stddef.h>\nsize_t n;\n");
    let out = ok(p.run(&["preprocess", "-P", "main.c"]), "stddef.h");
    assert!(out.contains("size_t n;"));
    let r = p.run(&["preprocess", "main.c", "-nostdinc"]);
    fails_with_diagnostic(&r, "-nostdinc");
    assert!(
        r.first_stderr_line()
            .starts_with("main.c:1:10: error: stddef.h: No such file or directory"),
        "{}",
        r.describe()
    );
    // -I still works under -nostdinc
    p.write("mine/stddef.h", "typedef unsigned long size_t;\n");
    let out = ok(
        p.run(&["preprocess", "-P", "main.c", "-nostdinc", "-Imine"]),
        "own stddef",
    );
    assert_eq!(
        code_lines(&out),
        ["typedef unsigned long size_t;", "size_t n;"]
    );
    same_tokens_as_gcc(&p, "main.c", &["-nostdinc", "-Imine"]);
}

#[test]
fn undef_keeps_only_the_standard_macros() {
    let p = Project::new();
    p.write(
        "main.c",
        "#ifdef __GNUC__\nint gnuc;\n#endif\n#ifdef __STDC__\nint stdc = __STDC__;\n#endif\n#ifdef __x86_64__\nint x86;\n#endif\n#ifdef __linux__\nint linux_;\n#endif\n",
    );
    let out = ok(p.run(&["preprocess", "-P", "-undef", "main.c"]), "-undef");
    assert_eq!(code_lines(&out), ["int stdc = 1;"]);
    let out = ok(p.run(&["preprocess", "-P", "main.c"]), "default");
    assert!(
        out.contains("int gnuc;") && out.contains("int stdc = 1;"),
        "{out}"
    );
    same_tokens_as_gcc(&p, "main.c", &["-undef"]);
    let dm = ok(
        p.run(&["preprocess", "-dM", "-undef", "main.c"]),
        "-dM -undef",
    );
    assert!(dm.contains("#define __STDC__ 1"), "{dm}");
    assert!(!dm.contains("__GNUC__"), "{dm}");
    assert!(!dm.contains("__CHAR_BIT__"), "{dm}");
}

#[test]
fn dump_macros_lists_file_and_target_macros() {
    let p = Project::new();
    p.write(
        "main.c",
        "#define MINE 42\n#define FN(a, b) a ## b\n#define GONE 1\n#undef GONE\nint not_printed;\n",
    );
    let out = ok(p.run(&["preprocess", "-dM", "main.c"]), "-dM");
    assert!(!out.contains("not_printed"), "{out}");
    assert!(out.lines().all(|l| l.starts_with("#define ")), "{out}");
    let lines: BTreeSet<&str> = out.lines().collect();
    assert!(lines.contains("#define MINE 42"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.replace(' ', "") == "#defineFN(a,b)a##b"),
        "{out}"
    );
    assert!(!out.contains("GONE"), "{out}");
    assert!(lines.contains("#define __CHAR_BIT__ 8"), "{out}");
    assert!(lines.contains("#define __STDC__ 1"), "{out}");
    // -D macros are listed too
    let out = ok(
        p.run(&["preprocess", "-dM", "main.c", "-DFROM_CLI=3"]),
        "-dM -D",
    );
    assert!(out.lines().any(|l| l == "#define FROM_CLI 3"), "{out}");
    if have_gcc() {
        // every macro the file defines appears in gcc's list with the same body
        let g = support::run_program("gcc", &["-E", "-dM", "main.c"], p.path(), None);
        let gl = g.stdout_str();
        for name in ["MINE", "FN", "__CHAR_BIT__", "__STDC__", "__x86_64__"] {
            let norm = |t: &str| {
                t.lines()
                    .find(|l| {
                        l.strip_prefix("#define ").is_some_and(|r| {
                            r.starts_with(name)
                                && !r[name.len()..]
                                    .starts_with(|c: char| c.is_alphanumeric() || c == '_')
                        })
                    })
                    .map(|l| l.replace(' ', ""))
            };
            if cfg!(target_arch = "x86_64") || name != "__x86_64__" {
                assert_eq!(norm(&out), norm(&gl), "{name} differs from gcc -dM");
            }
        }
    } else {
        eprintln!("note: gcc not found; skipping the -dM comparison");
    }
}

#[test]
fn target_option_changes_predefined_macros() {
    let p = Project::new();
    p.write("empty.h", "");
    let dm = |target: &str| {
        ok(
            p.run(&["preprocess", "-dM", "empty.h", "--target", target]),
            target,
        )
    };
    let a64 = dm("aarch64-linux-gnu");
    let lines: BTreeSet<&str> = a64.lines().collect();
    assert!(lines.contains("#define __aarch64__ 1"), "{a64}");
    assert!(lines.contains("#define __CHAR_UNSIGNED__ 1"), "{a64}");
    assert!(lines.contains("#define __SIZEOF_POINTER__ 8"), "{a64}");
    assert!(!a64.contains("__x86_64__"), "{a64}");
    let i686 = dm("i686-linux-gnu");
    let lines: BTreeSet<&str> = i686.lines().collect();
    assert!(lines.contains("#define __SIZEOF_POINTER__ 4"), "{i686}");
    assert!(lines.contains("#define __i386__ 1"), "{i686}");
    assert!(!i686.contains("__CHAR_UNSIGNED__"), "{i686}");
    // `--target=T` is the same as `--target T`
    let eq = ok(
        p.run(&["preprocess", "-dM", "empty.h", "--target=i686-linux-gnu"]),
        "=",
    );
    assert_eq!(eq, i686);
    // and the macros steer the text
    p.write(
        "arch.h",
        "#if defined(__aarch64__) && __CHAR_UNSIGNED__\nint arm64;\n#elif __SIZEOF_POINTER__ == 4\nint ilp32;\n#else\nint other;\n#endif\n",
    );
    let t = |target: &str| {
        code_lines(&ok(
            p.run(&["preprocess", "-P", "arch.h", "--target", target]),
            target,
        ))
    };
    assert_eq!(t("aarch64-linux-gnu"), ["int arm64;"]);
    assert_eq!(t("i686-linux-gnu"), ["int ilp32;"]);
    assert_eq!(t("x86_64-linux-gnu"), ["int other;"]);
}

#[test]
fn sysroot_is_used_for_system_headers() {
    let p = Project::new();
    p.write("root/usr/include/x.h", "int x_from_sysroot;\n");
    p.write(
        "root/usr/include/aarch64-linux-gnu/arch.h",
        "int arch_from_multiarch;\n",
    );
    p.write("main.c", "#include <x.h>\n#include <arch.h>\n");
    let root_dir = p.path().join("root");
    let root_s = root_dir.to_str().expect("utf-8 temp path");
    let out = ok(
        p.run(&[
            "preprocess",
            "main.c",
            "--target",
            "aarch64-linux-gnu",
            "--sysroot",
            root_s,
        ]),
        "--sysroot",
    );
    assert!(out.contains("int x_from_sysroot;"), "{out}");
    assert!(out.contains("int arch_from_multiarch;"), "{out}");
    let x_path = format!("{root_s}/usr/include/x.h");
    assert!(
        markers(&out).contains(&(1, x_path.clone(), "1 3 4".into())),
        "{out}"
    );
    // `--sysroot=DIR` spelling
    let out2 = ok(
        p.run(&[
            "preprocess",
            "main.c",
            "--target=aarch64-linux-gnu",
            &format!("--sysroot={root_s}"),
        ]),
        "--sysroot=",
    );
    assert_eq!(out2, out);
    // a foreign target without a sysroot finds no system headers
    let r = p.run(&["preprocess", "main.c", "--target", "aarch64-linux-gnu"]);
    fails_with_diagnostic(&r, "foreign target without sysroot");
    assert!(
        r.first_stderr_line()
            .starts_with("main.c:1:10: error: x.h:"),
        "{}",
        r.describe()
    );
    // built-in headers are still found with a sysroot
    p.write(
        "std.c",
        "#include <stddef.h>\n#include <stdint.h>\nsize_t s; uint32_t u;\n",
    );
    let out = ok(
        p.run(&[
            "preprocess",
            "-P",
            "std.c",
            "--target",
            "aarch64-linux-gnu",
            "--sysroot",
            root_s,
        ]),
        "builtin headers with sysroot",
    );
    assert!(out.contains("size_t s; uint32_t u;"), "{out}");
}

// ---------------------------------------------------------------------------------------
// Determinism

#[test]
fn same_run_twice_gives_identical_bytes() {
    let args = [
        "preprocess",
        "fixtures/demo/include/demo/demo.h",
        "-I",
        "fixtures/demo/include",
    ];
    let a = at_root(&args);
    let b = at_root(&args);
    assert_eq!(a.code, Some(0), "{}", a.describe());
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout, "two runs differ");
    assert_eq!(a.stderr, b.stderr);
    let dm = [&args[..], &["-dM"]].concat();
    assert_eq!(at_root(&dm).stdout, at_root(&dm).stdout, "-dM differs");
}

/// Everything a job produced, in comparable form.
fn summary(r: &Result<Output, Box<headerkit::diag::Diagnostic>>) -> String {
    match r {
        Ok(o) => format!(
            "OK\n{}\n--files--\n{:?}\n--warnings--\n{:?}\n--macros--\n{}",
            String::from_utf8_lossy(&o.text),
            o.files,
            o.warnings,
            o.defines_text()
        ),
        Err(d) => format!("ERR {d}"),
    }
}

/// A job of the determinism test: a file, or source code with a name.
enum Job {
    File(std::path::PathBuf),
    Source(&'static str, &'static str),
}

fn run_job(job: &Job, opts: &Options, cache: &FileCache) -> String {
    summary(&match job {
        Job::File(p) => preprocess_file(p, opts, cache),
        Job::Source(name, src) => preprocess_source(name, src.as_bytes(), opts, cache),
    })
}

fn headers_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            headers_under(&p, out);
        } else if p.extension().is_some_and(|e| e == "h") {
            out.push(p);
        }
    }
}

#[test]
fn parallel_jobs_sharing_one_cache_match_sequential_runs() {
    let mut files = Vec::new();
    headers_under(Path::new("fixtures"), &mut files);
    assert!(files.len() >= 8, "fixture headers: {files:?}");
    let mut jobs: Vec<Job> = files.into_iter().map(Job::File).collect();
    jobs.push(Job::Source(
        "umbrella.h",
        "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n",
    ));
    jobs.push(Job::Source(
        "umbrella2.h",
        "#include <stdlib.h>\n#include <stdio.h>\n",
    ));
    jobs.push(Job::Source(
        "umbrella3.h",
        "#include <stdint.h>\n#include <limits.h>\n",
    ));
    let opts = Options {
        include_dirs: vec!["fixtures/demo/include".into()],
        ..Options::default()
    };
    let opts_p = Options {
        line_markers: false,
        macros: vec![headerkit::preprocess::MacroArg::Define(
            "DEMO_SMALL=1".into(),
        )],
        ..opts.clone()
    };
    let all_opts = [opts, opts_p];

    // Reference: one job after another, each option set with its own cache.
    let expected: Vec<Vec<String>> = all_opts
        .iter()
        .map(|o| {
            let cache = FileCache::new();
            jobs.iter().map(|j| run_job(j, o, &cache)).collect()
        })
        .collect();
    assert!(
        expected[0].iter().filter(|s| s.starts_with("OK")).count() >= 4,
        "too few successful jobs"
    );

    // 8 threads, one shared cache, each thread starting at a different job.
    let cache = FileCache::new();
    let n = jobs.len();
    let results: Vec<Vec<(usize, usize, String)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|t| {
                let (jobs, cache, all_opts) = (&jobs, &cache, &all_opts);
                s.spawn(move || {
                    let mut got = Vec::new();
                    for k in 0..n * 2 {
                        let j = (t * 3 + k) % n;
                        let o = (t + k / n) % 2;
                        got.push((o, j, run_job(&jobs[j], &all_opts[o], cache)));
                    }
                    got
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let mut compared = 0;
    for got in results {
        for (o, j, s) in got {
            assert!(
                s == expected[o][j],
                "job {j} (options {o}) differs when run in parallel\n--- parallel ---\n{}\n--- sequential ---\n{}",
                &s[..s.len().min(3000)],
                &expected[o][j][..expected[o][j].len().min(3000)]
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 8 * 2 * n);
}

// ---------------------------------------------------------------------------------------
// Bytes that are not UTF-8

#[test]
fn latin1_bytes_pass_through() {
    let p = Project::new();
    let src: &[u8] = b"/* caf\xe9: a Latin-1 comment \xff */\nconst char *s = \"d\xe9j\xe0 vu \xff\";\nchar c = '\xe9';\n#define GREETING \"gr\xfc\xdf\"\nconst char *g = GREETING;\n";
    p.write("latin1.h", src);
    for extra in [&[][..], &["-P"]] {
        let mut args = vec!["preprocess", "latin1.h"];
        args.extend_from_slice(extra);
        let r = p.run(&args);
        assert_no_crash_text(&r, "latin1");
        assert_eq!(r.code, Some(0), "{}", r.describe());
        let out = &r.stdout;
        let contains = |needle: &[u8]| out.windows(needle.len()).any(|w| w == needle);
        assert!(
            contains(b"const char *s = \"d\xe9j\xe0 vu \xff\";"),
            "{extra:?}"
        );
        assert!(contains(b"char c = '\xe9';"), "{extra:?}");
        assert!(contains(b"const char *g = \"gr\xfc\xdf\";"), "{extra:?}");
        assert!(!contains(b"caf\xe9"), "comments are removed");
    }
    // through the library, too
    let o = preprocess_source(
        "l.h",
        src,
        &Options {
            line_markers: false,
            ..Options::default()
        },
        &FileCache::new(),
    )
    .expect("latin-1 source");
    assert!(o.text.windows(4).any(|w| w == b"d\xe9j\xe0"));
    assert!(o.macros().iter().any(|m| m.name == "GREETING"));
}
