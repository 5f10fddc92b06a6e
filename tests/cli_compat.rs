//! The CFFI integration page, end to end: its `pyproject.toml` project and its CMake command
//! line, reproduced in temporary directories with a small nng-like header of our own.
//!
//! The page's writer is `cffi`. Until that writer is registered these tests run the same
//! project through `json` (the configuration adapted: `writers`, `[writer.*]`, `[output]`),
//! checking everything but the cdef text itself.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The page's `pyproject.toml`, as printed.
const PAGE_PYPROJECT: &str = r#"[build-system]
requires = ["headerkit", "hatchling"]
build-backend = "headerkit.build_backend"

[tool.headerkit]
backend = "libclang"
writers = ["cffi"]

[[tool.headerkit.headers]]
pattern = "include/nng/nng.h"
include_dirs = ["${NNG_INCLUDE_DIR}"]

[tool.headerkit.writer.cffi]
define_patterns = ["NNG_FLAG_\\w+", "NNG_\\w+_VERSION", "NNG_MAXADDRLEN"]
extra_cdef = ['extern "Python" void _async_complete(void *);']

[tool.headerkit.output]
cffi = "nng/_nng.cdef.txt"
"#;

/// A small header shaped like nng's (not nng's text).
const FAKE_NNG_H: &str = r#"#ifndef FAKE_NNG_H
#define FAKE_NNG_H
#include <stddef.h>
#include <stdint.h>

#define NNG_MAJOR_VERSION 1
#define NNG_MINOR_VERSION 9
#define NNG_PATCH_VERSION 0
#define NNG_MAXADDRLEN (128)
#define NNG_FLAG_ALLOC 1u
#define NNG_FLAG_NONBLOCK 2u

typedef struct nng_socket_s {
    uint32_t id;
} nng_socket;

typedef struct nng_msg nng_msg;

int nng_close(nng_socket);
const char *nng_strerror(int);
int nng_send(nng_socket, void *, size_t, int);
void nng_msg_free(nng_msg *);
#endif
"#;

/// The writer the page uses, or `json` while `cffi` is not registered.
fn page_writer() -> &'static str {
    if headerkit::writers::get("cffi").is_some() {
        "cffi"
    } else {
        "json"
    }
}

/// The page's `pyproject.toml` for [`page_writer`].
fn pyproject() -> String {
    if page_writer() == "cffi" {
        return PAGE_PYPROJECT.to_string();
    }
    let start = PAGE_PYPROJECT.find("[tool.headerkit.writer.cffi]").unwrap();
    let end = PAGE_PYPROJECT.find("[tool.headerkit.output]").unwrap();
    format!(
        "{}[tool.headerkit.writer.json]\nindent = 0\n\n{}",
        &PAGE_PYPROJECT[..start],
        &PAGE_PYPROJECT[end..]
    )
    .replace("writers = [\"cffi\"]", "writers = [\"json\"]")
    .replace("cffi = \"nng/", "json = \"nng/")
}

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    fn describe(&self) -> String {
        format!(
            "exit {:?}\n--- stderr ---\n{}\n--- stdout ---\n{}",
            self.code, self.stderr, self.stdout
        )
    }
}

fn hk(dir: &Path, args: &[&str], nng_include_dir: Option<&Path>) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_headerkit"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NNG_INCLUDE_DIR");
    if let Some(d) = nng_include_dir {
        cmd.env("NNG_INCLUDE_DIR", d);
    }
    let o = cmd.output().expect("run headerkit");
    let out = Out {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    assert!(
        !out.stderr.contains("panicked") && !out.stderr.contains("internal error"),
        "{}",
        out.describe()
    );
    out
}

fn ok(o: &Out) {
    assert_eq!(o.code, Some(0), "expected success\n{}", o.describe());
}

fn write(p: &Path, text: &str) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// The page's project: `pyproject.toml`, `include/nng/nng.h`, `nng/_nng.csrc.c`, in a git
/// checkout.
fn page_project() -> tempfile::TempDir {
    let d = tempfile::Builder::new()
        .prefix("headerkit-compat-")
        .tempdir()
        .unwrap();
    std::fs::create_dir(d.path().join(".git")).unwrap();
    write(&d.path().join("pyproject.toml"), &pyproject());
    write(&d.path().join("include/nng/nng.h"), FAKE_NNG_H);
    write(&d.path().join("nng/_nng.csrc.c"), "#include <nng/nng.h>\n");
    d
}

/// Checks a generated `_nng.cdef.txt` (cdef or, until cffi exists, JSON).
fn check_generated(path: &Path, with_page_options: bool) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for name in [
        "nng_close",
        "nng_strerror",
        "nng_send",
        "nng_msg_free",
        "NNG_FLAG_ALLOC",
    ] {
        assert!(text.contains(name), "{name} missing from\n{text}");
    }
    if page_writer() == "cffi" {
        if with_page_options {
            // extra_cdef is one line, verbatim, once (the reference split it per character).
            let line = "extern \"Python\" void _async_complete(void *);";
            assert_eq!(
                text.lines().filter(|l| l.trim() == line).count(),
                1,
                "{text}"
            );
            assert!(text.contains("NNG_MAXADDRLEN"), "{text}");
        }
    } else {
        let v: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert!(v["declarations"].is_array());
        if with_page_options {
            // [tool.headerkit.writer.json] indent = 0: one line.
            assert_eq!(text.trim_end().lines().count(), 1, "{text}");
        }
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn page_project_with_no_arguments() {
    let d = page_project();
    let inc = d.path().join("include");
    // At the project root.
    let o = hk(d.path(), &[], Some(&inc));
    ok(&o);
    let out = d.path().join("nng/_nng.cdef.txt");
    check_generated(&out, true);
    assert!(o.stderr.contains("nng/_nng.cdef.txt"), "{}", o.describe());
    // From a subdirectory (a build directory inside the checkout): the same file, at the
    // project root, and nothing in the subdirectory.
    std::fs::remove_file(&out).unwrap();
    let build = d.path().join("build");
    std::fs::create_dir(&build).unwrap();
    ok(&hk(&build, &[], Some(&inc)));
    check_generated(&out, true);
    assert!(files_under(&build).is_empty());
    // The same run twice gives the same bytes.
    let first = std::fs::read(&out).unwrap();
    ok(&hk(d.path(), &[], Some(&inc)));
    assert!(
        std::fs::read(&out).unwrap() == first,
        "output depends on the directory"
    );
}

#[test]
fn page_project_without_the_variable() {
    let d = page_project();
    let before = files_under(d.path());
    let o = hk(d.path(), &[], None);
    assert_eq!(o.code, Some(1), "{}", o.describe());
    assert_eq!(o.stderr.lines().count(), 1, "{}", o.describe());
    for needle in [
        "pyproject.toml",
        "tool.headerkit.headers[0].include_dirs[0]",
        "NNG_INCLUDE_DIR",
    ] {
        assert!(o.stderr.contains(needle), "{needle}\n{}", o.describe());
    }
    assert_eq!(files_under(d.path()), before, "something was written");
    // Set but empty is a value: the project directory itself is searched.
    ok(&hk(d.path(), &[], Some(Path::new(""))));
    check_generated(&d.path().join("nng/_nng.cdef.txt"), true);
}

/// The page's CMake command: an absolute header under the build tree's `_deps`, `-w`, a
/// relative `-o` and `-I`, run from a build directory that is outside any git checkout.
#[test]
fn cmake_command_from_a_build_directory_outside_any_checkout() {
    let top = tempfile::Builder::new()
        .prefix("headerkit-cmake-")
        .tempdir()
        .unwrap();
    let build = top.path().join("build");
    let nng_source_dir = build.join("_deps/nng-src");
    write(&nng_source_dir.join("include/nng/nng.h"), FAKE_NNG_H);
    let header = nng_source_dir.join("include/nng/nng.h");
    let include = nng_source_dir.join("include");
    let w = page_writer();
    let out_spec = format!("{w}:nng/_nng.cdef.txt");
    let args = [
        header.to_str().unwrap(),
        "-w",
        w,
        "-o",
        out_spec.as_str(),
        "-I",
        include.to_str().unwrap(),
    ];
    let o = hk(&build, &args, None);
    ok(&o);
    // A relative -o is relative to the directory the command runs in.
    check_generated(&build.join("nng/_nng.cdef.txt"), false);
    assert!(o.stdout.is_empty());

    // The same command from the project's checkout (the header outside it): the project's
    // configuration applies (its writer options), the -o path is the checkout's.
    let src = page_project();
    let o = hk(src.path(), &args, Some(&src.path().join("include")));
    ok(&o);
    check_generated(&src.path().join("nng/_nng.cdef.txt"), true);
}

/// The page's umbrella example for the library API: `code=` with an include directory.
#[test]
fn umbrella_code_through_the_api() {
    let d = page_project();
    let mut req = headerkit::Request::new("umbrella.h")
        .writer(page_writer())
        .code("#include <nng/nng.h>\n")
        .include_dir(d.path().join("include"));
    if page_writer() == "cffi" {
        req = req.option("define_patterns", r"NNG_FLAG_\w+");
    }
    let out = headerkit::generate(&req).unwrap();
    assert!(out.contains("nng_close"), "{out}");
    assert!(out.contains("NNG_FLAG_ALLOC"), "{out}");
}

/// Single values of list options are one item, never split into characters (the reference's
/// bug with `--writer-opt cffi:exclude_patterns=^__` and one-element config lists).
#[test]
fn single_values_of_list_options_stay_whole() {
    if page_writer() != "cffi" {
        eprintln!("note: the cffi writer is not registered yet; skipping");
        return;
    }
    let d = page_project();
    write(
        &d.path().join("pyproject.toml"),
        "[tool.headerkit]\nwriters = [\"cffi\"]\n\
         [tool.headerkit.writer.cffi]\ndefine_patterns = [\"NNG_FLAG_\\\\w+\"]\n\
         extra_cdef = 'extern \"Python\" void cb(void *);'\n",
    );
    let o = hk(
        d.path(),
        &[
            "include/nng/nng.h",
            "--writer-opt",
            "cffi:exclude_patterns=^__",
        ],
        None,
    );
    ok(&o);
    assert!(o.stdout.contains("nng_close"), "{}", o.describe());
    assert!(
        o.stdout
            .lines()
            .any(|l| l.trim() == "extern \"Python\" void cb(void *);"),
        "{}",
        o.describe()
    );
}
