//! The cffi integration guide's example (`../shared/seeds/cffi-integration-guide.txt`), end to
//! end with the real libnng from Debian (`libnng-dev`):
//!
//! 1. a project outside any git checkout with the page's exact `pyproject.toml`
//!    (`fixtures/nng-project/`) and `include/nng/nng.h` copied from the system at test time;
//! 2. `headerkit` with no arguments and `NNG_INCLUDE_DIR` unset fails naming the variable and
//!    the key, and writes nothing; with it set, writes `nng/_nng.cdef.txt`;
//! 3. cffi's read-sources flow (`cffi-gen-src read-sources`; the CMake step below uses the
//!    page's `python -m cffi_buildtool read-sources`) turns that cdef and `nng/_nng.csrc.c` into C, which gcc compiles against libnng into a
//!    module that imports; its `NNG_FLAG_*`, version and `NNG_MAXADDRLEN` constants, and
//!    `nng_version()`, equal what a C program compiled against the header prints;
//! 4. the page's CMake recipe (`fixtures/nng-project/CMakeLists.txt`, its commands verbatim,
//!    `python -m headerkit` through `python/headerkit`) builds the same from scratch;
//! 5. the page's umbrella (`code = "#include <nng/nng.h>\n"` through the library API) gives
//!    nng's declarations plus the `#define NNG_FLAG_... ...` lines.
//!
//! Needs gcc, cmake, libnng-dev and a Python with cffi, setuptools and cffi-buildtool
//! (`target/venv`, made by `scripts/test`). Without them the test is skipped with a note;
//! `HEADERKIT_CONSUMERS=require` (set by `scripts/test` as root) makes that a failure.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/writer_cases.rs"]
mod writer_cases;

const NNG_H: &str = "/usr/include/nng/nng.h";
/// The constants the page's `define_patterns` name, as nng 1.x defines them.
const CONSTANTS: &[&str] = &[
    "NNG_FLAG_ALLOC",
    "NNG_FLAG_NONBLOCK",
    "NNG_MAJOR_VERSION",
    "NNG_MINOR_VERSION",
    "NNG_PATCH_VERSION",
    "NNG_MAXADDRLEN",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `cmd`, panicking with its output unless it succeeds; returns stdout.
fn ok(cmd: &mut Command, what: &str) -> String {
    let o = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(
        o.status.success(),
        "{what} failed ({:?}):\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// The functions `cdef` declares that the real libnng does not export, by `nm -D` (nng
/// 1.5.2's header declares `nng_getopt_ptr`, which its library lacks). cffi's API mode refers
/// to every declared function, so an import would fail on them.
fn unexported(cdef: &str) -> Vec<String> {
    let nm = ok(
        Command::new("nm").args([
            "-D",
            "--defined-only",
            "/usr/lib/x86_64-linux-gnu/libnng.so",
        ]),
        "nm -D libnng.so",
    );
    let exported: std::collections::HashSet<&str> = nm
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .collect();
    let mut out: Vec<String> = cdef
        .lines()
        .filter(|l| {
            l.ends_with(");") && !l.starts_with("extern \"Python\"") && !l.starts_with("typedef")
        })
        .filter_map(|l| {
            let name = l[..l.find('(')?].rsplit([' ', '*']).next()?;
            (!name.is_empty() && !exported.contains(name)).then(|| name.to_string())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A `Command` for the headerkit binary in `dir` with a clean environment for the test.
fn headerkit(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_headerkit"));
    c.current_dir(dir).env_remove("NNG_INCLUDE_DIR");
    c
}

/// What a C program compiled against the real header prints for [`CONSTANTS`] and
/// `nng_version()`, one `NAME VALUE` per line.
fn c_values(work: &Path) -> String {
    let mut src = String::from("#include <stdio.h>\n#include <nng/nng.h>\nint main(void) {\n");
    for c in CONSTANTS {
        src.push_str(&format!("  printf(\"{c} %lld\\n\", (long long)({c}));\n"));
    }
    src.push_str("  printf(\"version %s\\n\", nng_version());\n  return 0;\n}\n");
    fs::write(work.join("values.c"), src).unwrap();
    ok(
        Command::new("gcc")
            .current_dir(work)
            .args(["values.c", "-o", "values", "-lnng"]),
        "gcc values.c",
    );
    ok(&mut Command::new(work.join("values")), "values")
}

/// Builds `nng/_nng_cffi.c` in `proj` into an extension module and prints the same lines as
/// [`c_values`] from Python.
fn module_values(py: &Path, proj: &Path) -> String {
    let info = ok(
        Command::new(py).args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['include']); \
             print(sysconfig.get_config_var('EXT_SUFFIX'))",
        ]),
        "python sysconfig",
    );
    let mut lines = info.lines();
    let (inc, suffix) = (lines.next().unwrap(), lines.next().unwrap());
    ok(
        Command::new("gcc").current_dir(proj).args([
            "-shared",
            "-fPIC",
            "-O0",
            "-Werror=incompatible-pointer-types",
            &format!("-I{inc}"),
            "nng/_nng_cffi.c",
            "-o",
            &format!("nng/_nng_cffi{suffix}"),
            "-lnng",
        ]),
        "gcc nng/_nng_cffi.c",
    );
    let mut script = String::from("from nng._nng_cffi import ffi, lib\n");
    for c in CONSTANTS {
        script.push_str(&format!("print('{c}', lib.{c})\n"));
    }
    script.push_str("print('version', ffi.string(lib.nng_version()).decode())\n");
    ok(
        Command::new(py).current_dir(proj).args(["-c", &script]),
        "import nng._nng_cffi",
    )
}

#[test]
fn seed_page_nng_project() {
    let py = writer_cases::python_with("cffi, setuptools, cffi_buildtool");
    let missing: Vec<&str> = [
        (!Path::new(NNG_H).exists()).then_some("libnng-dev"),
        (!have("gcc")).then_some("gcc"),
        (!have("cmake")).then_some("cmake"),
        py.is_none()
            .then_some("a Python with cffi, setuptools and cffi-buildtool"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        writer_cases::consumer_missing(
            "HEADERKIT_NNG",
            &format!("cffi_nng: missing {}", missing.join(", ")),
        );
        return;
    }
    let py = py.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    // outside any git checkout (a temporary directory), as a CMake build tree may be
    let git = Command::new("git")
        .current_dir(tmp.path())
        .args(["rev-parse", "--show-toplevel"])
        .output();
    assert!(
        !git.is_ok_and(|o| o.status.success()),
        "the temporary directory is inside a git checkout"
    );
    let proj = tmp.path().join("proj");
    copy_dir(&root().join("fixtures/nng-project"), &proj);
    fs::create_dir_all(proj.join("include/nng")).unwrap();
    fs::copy(NNG_H, proj.join("include/nng/nng.h")).unwrap();
    let cdef_path = proj.join("nng/_nng.cdef.txt");
    let expected = c_values(tmp.path());

    // 2. the variable unset: one clear error, nothing written
    let o = headerkit(&proj).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "unset variable: {err}");
    assert!(
        err.contains("NNG_INCLUDE_DIR") && err.contains("include_dirs"),
        "the error names the variable and the key: {err}"
    );
    assert!(!cdef_path.exists(), "nothing may be written");

    // ... and set
    let o = headerkit(&proj)
        .env("NNG_INCLUDE_DIR", "/usr/include")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "headerkit: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let cdef = fs::read_to_string(&cdef_path).expect("nng/_nng.cdef.txt is written");
    for c in CONSTANTS {
        let line = format!("#define {c} ...");
        assert_eq!(
            cdef.lines().filter(|l| *l == line).count(),
            1,
            "'{line}' once in the cdef"
        );
        assert_eq!(
            cdef.matches(&format!(" {c} ")).count(),
            1,
            "{c} is defined once"
        );
    }
    assert!(cdef.contains("int nng_dial(nng_socket, const char *, nng_dialer *, int);"));
    assert_eq!(
        cdef.lines().last(),
        Some("extern \"Python\" void _async_complete(void *);"),
        "extra_cdef comes last, verbatim"
    );
    for internal in ["__USE_", "_FEATURES_H", "__pthread_", "__glibc"] {
        assert!(
            !cdef.contains(internal),
            "libc internals in the cdef: {internal}"
        );
    }

    // nng 1.5.2's header declares a function its library lacks (nm finds it): the `library`
    // option leaves out what the real library does not export, so the module imports
    let missing = unexported(&cdef);
    let o = headerkit(&proj)
        .env("NNG_INCLUDE_DIR", "/usr/include")
        .args(["--writer-opt", "cffi:library=nng"])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "--writer-opt cffi:library=nng: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let cdef_linkable = fs::read_to_string(&cdef_path).unwrap();
    assert!(unexported(&cdef_linkable).is_empty(), "{cdef_linkable}");
    for name in &missing {
        assert!(
            cdef_linkable.contains(&format!(
                "/* skipped: function {name}: not exported by library 'nng' */"
            )),
            "{name} is skipped with a comment"
        );
    }

    // 3. cffi's read-sources flow, the page's command, then build and import
    ok(
        Command::new(py.parent().unwrap().join("cffi-gen-src"))
            .current_dir(&proj)
            .args([
                "read-sources",
                "nng._nng_cffi",
                "nng/_nng.cdef.txt",
                "nng/_nng.csrc.c",
                "nng/_nng_cffi.c",
            ]),
        "cffi-gen-src read-sources",
    );
    assert_eq!(module_values(&py, &proj), expected, "module vs C");

    // 4. the page's CMake recipe, from scratch, with `python -m headerkit`
    for f in ["nng/_nng.cdef.txt", "nng/_nng_cffi.c"] {
        fs::remove_file(proj.join(f)).unwrap();
    }
    for e in fs::read_dir(proj.join("nng")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "so") {
            fs::remove_file(p).unwrap();
        }
    }
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_headerkit")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let cmake = |args: &[&str]| {
        let mut c = Command::new("cmake");
        c.current_dir(&proj)
            .args(args)
            .env("PATH", &path)
            .env("PYTHONPATH", root().join("python"))
            .env("PYTHONWARNINGS", "ignore::DeprecationWarning")
            .env("NNG_INCLUDE_DIR", "/usr/include")
            .env_remove("HEADERKIT_BIN");
        c
    };
    ok(
        &mut cmake(&[
            "-S",
            ".",
            "-B",
            ".",
            &format!("-DPython_EXECUTABLE={}", py.display()),
        ]),
        "cmake configure",
    );
    ok(&mut cmake(&["--build", "."]), "cmake --build");
    let from_cmake = fs::read_to_string(&cdef_path).expect("CMake wrote nng/_nng.cdef.txt");
    assert!(from_cmake.contains("#define NNG_FLAG_ALLOC ..."));
    assert!(proj.join("nng/_nng_cffi.c").exists());
    // the same cdef as `headerkit` with no arguments gave (the config's writer options apply;
    // only the header's spelling differs, which the cdef does not mention)
    assert_eq!(from_cmake, cdef, "CMake's cdef vs the configured run's");
    if missing.is_empty() {
        assert_eq!(module_values(&py, &proj), expected, "module (CMake) vs C");
    }

    // 5. the page's umbrella through the library API
    let out = headerkit::generate(
        &headerkit::Request::new("umbrella.h")
            .writer("cffi")
            .code("#include <nng/nng.h>\n")
            .include_dir("/usr/include")
            .option("define_patterns", r"NNG_FLAG_\w+"),
    )
    .expect("umbrella");
    assert!(out.contains("int nng_close(nng_socket);"), "{out}");
    assert!(out.contains("#define NNG_FLAG_ALLOC ...\n#define NNG_FLAG_NONBLOCK ...\n"));
    assert!(!out.contains("__USE_"));
}
