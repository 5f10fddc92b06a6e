//! Oracle tests for headerkit's built-in headers.
//!
//! The headers are written to a directory and handed to real compilers in
//! place of their own include directory (`-nostdinc -isystem DIR`, plus the
//! C library's directories in hosted modes).  Each test program must compile
//! with `-Wall -Werror`, and the values, types and layouts our headers give
//! must equal what the same compiler computes with its OWN headers:
//!
//! * macros: the reference expansion comes from `-E` with the compiler's
//!   headers; our expansion must have the same value (in C and in `#if`)
//!   and the same type;
//! * types: the reference type, size and alignment are read back from the
//!   compiler's headers through failing `_Static_assert`s (one per candidate
//!   type and per bit of the size), so no program has to run and cross
//!   targets work too.
//!
//! gcc and clang are optional: a missing compiler or target is reported on
//! stderr and skipped.

use headerkit::preprocess::builtin;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

// ---------------------------------------------------------------------------
// Header sets and compilation modes
// ---------------------------------------------------------------------------

/// The standard freestanding headers (every target).
const STANDARD: &[&str] = &[
    "float.h",
    "iso646.h",
    "limits.h",
    "stdalign.h",
    "stdarg.h",
    "stdatomic.h",
    "stdbool.h",
    "stddef.h",
    "stdint.h",
    "stdnoreturn.h",
];

/// The x86 intrinsic headers (x86 targets only), lowest level first.
const X86: &[&str] = &[
    "mmintrin.h",
    "xmmintrin.h",
    "emmintrin.h",
    "pmmintrin.h",
    "tmmintrin.h",
    "smmintrin.h",
    "nmmintrin.h",
    "immintrin.h",
    "x86intrin.h",
];

/// The Arm intrinsic headers (AArch64 targets only).
const NEON: &[&str] = &["arm_neon.h"];

/// glibc headers that reach ours through the `__need_` protocol or
/// `#include_next`.
const LIBC: &[&str] = &[
    "stdio.h",
    "stdlib.h",
    "string.h",
    "wchar.h",
    "signal.h",
    "pthread.h",
    "sys/types.h",
    "inttypes.h",
    "err.h",
    "wctype.h",
    "uchar.h",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Arch {
    X86,
    Aarch64,
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cc {
    Gcc,
    Clang,
}

impl Cc {
    fn program(self) -> &'static str {
        match self {
            Cc::Gcc => "gcc",
            Cc::Clang => "clang",
        }
    }
}

struct Mode {
    name: &'static str,
    cc: Cc,
    target: &'static [&'static str],
    /// Hosted with glibc's headers after ours; otherwise `-ffreestanding`
    /// with nothing but our directory.
    hosted: bool,
    arch: Arch,
}

const MODES: &[Mode] = &[
    Mode {
        name: "gcc x86_64 hosted (glibc)",
        cc: Cc::Gcc,
        target: &[],
        hosted: true,
        arch: Arch::X86,
    },
    Mode {
        name: "gcc x86_64 freestanding",
        cc: Cc::Gcc,
        target: &[],
        hosted: false,
        arch: Arch::X86,
    },
    Mode {
        name: "gcc i386 freestanding",
        cc: Cc::Gcc,
        target: &["-m32"],
        hosted: false,
        arch: Arch::X86,
    },
    Mode {
        name: "clang x86_64-linux-gnu hosted (glibc)",
        cc: Cc::Clang,
        target: &["-target", "x86_64-linux-gnu"],
        hosted: true,
        arch: Arch::X86,
    },
    Mode {
        name: "clang aarch64-linux-gnu freestanding",
        cc: Cc::Clang,
        target: &["-target", "aarch64-linux-gnu"],
        hosted: false,
        arch: Arch::Aarch64,
    },
    Mode {
        name: "clang x86_64-pc-windows-msvc freestanding",
        cc: Cc::Clang,
        target: &["-target", "x86_64-pc-windows-msvc"],
        hosted: false,
        arch: Arch::X86,
    },
    Mode {
        name: "clang wasm32-unknown-unknown freestanding",
        cc: Cc::Clang,
        target: &["-target", "wasm32-unknown-unknown"],
        hosted: false,
        arch: Arch::Other,
    },
    Mode {
        name: "clang i686-linux-gnu freestanding",
        cc: Cc::Clang,
        target: &["-target", "i686-linux-gnu"],
        hosted: false,
        arch: Arch::X86,
    },
    Mode {
        name: "clang x86_64-apple-darwin freestanding",
        cc: Cc::Clang,
        target: &["-target", "x86_64-apple-darwin"],
        hosted: false,
        arch: Arch::X86,
    },
    Mode {
        name: "clang armv7-linux-gnueabihf freestanding",
        cc: Cc::Clang,
        target: &["-target", "armv7-linux-gnueabihf"],
        hosted: false,
        arch: Arch::Other,
    },
    Mode {
        name: "clang riscv64-linux-gnu freestanding",
        cc: Cc::Clang,
        target: &["-target", "riscv64-linux-gnu"],
        hosted: false,
        arch: Arch::Other,
    },
];

impl Mode {
    /// Our headers that this mode can use.
    fn headers(&self) -> Vec<&'static str> {
        let mut v = STANDARD.to_vec();
        match self.arch {
            Arch::X86 => v.extend_from_slice(X86),
            Arch::Aarch64 => v.extend_from_slice(NEON),
            Arch::Other => {}
        }
        v
    }

    fn libc(&self) -> &'static [&'static str] {
        if self.hosted { LIBC } else { &[] }
    }
}

// ---------------------------------------------------------------------------
// The environment: header directory, tools, targets
// ---------------------------------------------------------------------------

struct Env {
    /// Our headers, written from `builtin::lookup`.
    ours: PathBuf,
    /// A directory holding an empty `limits.h` (gcc's own limits.h insists
    /// on `#include_next`ing one) and a minimal `stdlib.h` (gcc's
    /// <mm_malloc.h> includes it): a bare gcc reference needs both.
    stub_libc: PathBuf,
    /// glibc's include directories, if installed.
    libc_dirs: Option<Vec<PathBuf>>,
    /// gcc's own include directory.
    gcc_include: Option<PathBuf>,
    /// clang's own include directory.
    clang_include: Option<PathBuf>,
    /// Which entries of MODES can run here.
    usable: Vec<bool>,
}

fn env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(build_env)
}

fn tmp_root() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("builtin_headers")
}

fn build_env() -> Env {
    let root = tmp_root();
    let ours = root.join("include");
    let _ = std::fs::remove_dir_all(&ours);
    std::fs::create_dir_all(&ours).unwrap();
    for name in builtin::names() {
        std::fs::write(ours.join(name), builtin::lookup(name).unwrap()).unwrap();
    }
    let stub_libc = root.join("stub-libc");
    std::fs::create_dir_all(&stub_libc).unwrap();
    std::fs::write(stub_libc.join("limits.h"), "/* empty */\n").unwrap();
    // gcc's <mm_malloc.h> wants a <stdlib.h>.
    std::fs::write(
        stub_libc.join("stdlib.h"),
        "#include <stddef.h>\nvoid *malloc(size_t);\nvoid free(void *);\n",
    )
    .unwrap();

    let gcc_include = tool_output("gcc", &["-print-file-name=include"])
        .map(|s| PathBuf::from(s.trim()))
        .filter(|p| p.join("stddef.h").is_file());
    let clang_include = tool_output("clang", &["-print-resource-dir"])
        .map(|s| PathBuf::from(s.trim()).join("include"))
        .filter(|p| p.join("stddef.h").is_file());
    let libc_dirs = {
        let multiarch = tool_output("gcc", &["-print-multiarch"])
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let mut dirs = Vec::new();
        if !multiarch.is_empty() {
            dirs.push(PathBuf::from("/usr/include").join(multiarch));
        }
        dirs.push(PathBuf::from("/usr/include"));
        let dirs: Vec<PathBuf> = dirs.into_iter().filter(|d| d.is_dir()).collect();
        let complete = ["stdio.h", "bits/libc-header-start.h", "gnu/stubs.h"]
            .iter()
            .all(|h| dirs.iter().any(|d| d.join(h).is_file()));
        complete.then_some(dirs)
    };

    let mut env = Env {
        ours,
        stub_libc,
        libc_dirs,
        gcc_include,
        clang_include,
        usable: Vec::new(),
    };
    let usable = MODES
        .iter()
        .map(|m| {
            let why_not = mode_problem(&env, m);
            if let Some(why) = &why_not {
                eprintln!("note: skipping mode `{}`: {why}", m.name);
            }
            why_not.is_none()
        })
        .collect();
    env.usable = usable;
    env
}

fn tool_output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Why `mode` cannot run here, if it cannot.
fn mode_problem(env: &Env, mode: &Mode) -> Option<String> {
    let program = mode.cc.program();
    tool_output(program, &["--version"])?;
    if mode.hosted && env.libc_dirs.is_none() {
        return Some("glibc headers are not installed".into());
    }
    let own_dir = match mode.cc {
        Cc::Gcc => &env.gcc_include,
        Cc::Clang => &env.clang_include,
    };
    if own_dir.is_none() {
        return Some(format!("{program}'s own include directory was not found"));
    }
    let probe = "#include <stddef.h>\n#include <stdint.h>\n#include <limits.h>\nint hk_probe;\n";
    let r = compile(mode.cc, &reference_args(env, mode, "c17"), probe, false);
    if !r.ok {
        return Some(format!(
            "{program} cannot compile for this target with its own headers:\n{}",
            r.stderr
        ));
    }
    None
}

/// Runs `f` for every usable mode, collecting failures.
fn for_each_mode(mut f: impl FnMut(&Env, &Mode, &mut Vec<String>)) {
    let env = env();
    let mut failures = Vec::new();
    let mut ran = 0;
    for (mode, usable) in MODES.iter().zip(&env.usable) {
        if *usable {
            ran += 1;
            f(env, mode, &mut failures);
        }
    }
    if ran == 0 {
        eprintln!("note: no C compiler available: nothing was checked");
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

// ---------------------------------------------------------------------------
// Running compilers
// ---------------------------------------------------------------------------

struct Outcome {
    ok: bool,
    stdout: String,
    stderr: String,
    /// The source file, kept for inspection.
    file: PathBuf,
}

fn compile(cc: Cc, args: &[String], source: &str, preprocess_only: bool) -> Outcome {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = tmp_root().join("src");
    std::fs::create_dir_all(&dir).unwrap();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let file = dir.join(format!("t{}_{n}.c", std::process::id()));
    std::fs::write(&file, source).unwrap();
    let mut cmd = Command::new(cc.program());
    cmd.args(args);
    if cc == Cc::Clang {
        cmd.arg("-ferror-limit=0");
    }
    if preprocess_only {
        cmd.args(["-E", "-P"]);
    } else {
        cmd.arg("-fsyntax-only");
    }
    cmd.arg(&file);
    let out = cmd.output().expect("compiler ran");
    Outcome {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        file,
    }
}

fn path_arg(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Arguments that put our directory in place of the compiler's own.
fn our_args(env: &Env, mode: &Mode, std: &str) -> Vec<String> {
    our_args_with(env, mode, std, "-isystem")
}

fn our_args_with(env: &Env, mode: &Mode, std: &str, dir_flag: &str) -> Vec<String> {
    let mut a: Vec<String> = mode.target.iter().map(|s| s.to_string()).collect();
    a.push("-nostdinc".into());
    a.push(dir_flag.into());
    a.push(path_arg(&env.ours));
    if mode.hosted {
        for d in env.libc_dirs.as_ref().unwrap() {
            a.push("-isystem".into());
            a.push(path_arg(d));
        }
    } else {
        a.push("-ffreestanding".into());
    }
    a.push(format!("-std={std}"));
    a.extend(["-Wall".into(), "-Werror".into()]);
    a
}

/// Arguments for the same compilation with the compiler's own headers.
fn reference_args(env: &Env, mode: &Mode, std: &str) -> Vec<String> {
    let mut a: Vec<String> = mode.target.iter().map(|s| s.to_string()).collect();
    if !mode.hosted {
        a.push("-ffreestanding".into());
        a.push("-nostdinc".into());
        match mode.cc {
            Cc::Gcc => {
                a.push("-isystem".into());
                a.push(path_arg(env.gcc_include.as_ref().unwrap()));
                a.push("-isystem".into());
                a.push(path_arg(&env.stub_libc));
            }
            Cc::Clang => {
                a.push("-isystem".into());
                a.push(path_arg(env.clang_include.as_ref().unwrap()));
            }
        }
    }
    a.push(format!("-std={std}"));
    a
}

fn expect_ok(failures: &mut Vec<String>, mode: &Mode, what: &str, args: &[String], source: &str) {
    let r = compile(mode.cc, args, source, false);
    if !r.ok {
        failures.push(format!(
            "[{}] {what}: compilation failed ({})\n{}",
            mode.name,
            r.file.display(),
            truncate(&r.stderr)
        ));
    }
}

fn truncate(s: &str) -> String {
    const MAX: usize = 6000;
    if s.len() <= MAX {
        s.to_string()
    } else {
        let mut cut = MAX;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}\n... ({} more bytes)", &s[..cut], s.len() - cut)
    }
}

fn includes(headers: &[&str]) -> String {
    headers.iter().fold(String::new(), |mut s, h| {
        let _ = writeln!(s, "#include <{h}>");
        s
    })
}

// ---------------------------------------------------------------------------
// Tests: the embedding itself
// ---------------------------------------------------------------------------

#[test]
fn shipped_names_match_the_source_tree() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/preprocess/include");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".h"))
        .collect();
    on_disk.sort();
    assert_eq!(builtin::names(), on_disk.as_slice());
    for name in builtin::names() {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        assert_eq!(builtin::lookup(name), Some(text.as_str()), "{name}");
        assert!(text.contains("headerkit's own"), "{name} lacks its note");
    }
    assert_eq!(builtin::BUILTIN_DIR, "<headerkit>");
    assert_eq!(builtin::lookup("stdio.h"), None);

    // Every shipped header is exercised by some mode below.
    let tested: BTreeSet<&str> = STANDARD.iter().chain(X86).chain(NEON).copied().collect();
    let shipped: BTreeSet<&str> = builtin::names().iter().copied().collect();
    assert_eq!(tested, shipped);
}

// ---------------------------------------------------------------------------
// Tests: inclusion in every combination
// ---------------------------------------------------------------------------

#[test]
fn each_header_alone_and_twice() {
    for_each_mode(|env, mode, failures| {
        for h in mode.headers() {
            let src = format!("#include <{h}>\n#include <{h}>\nint hk_unused;\n");
            expect_ok(
                failures,
                mode,
                &format!("<{h}> twice"),
                &our_args(env, mode, "c17"),
                &src,
            );
        }
    });
}

#[test]
fn headers_are_warning_free_as_user_headers() {
    // With -I instead of -isystem the compiler reports warnings inside our
    // files too.  (-pedantic is left out in hosted modes: #include_next is
    // itself an extension.)
    for_each_mode(|env, mode, failures| {
        let mut args = our_args_with(env, mode, "c17", "-I");
        args.push("-Wextra".into());
        if !mode.hosted {
            args.push("-pedantic".into());
        }
        let headers = mode.headers();
        let mut src = includes(&headers);
        src.push_str("int hk_unused;\n");
        expect_ok(failures, mode, "all headers via -I, -Wextra", &args, &src);
    });
}

#[test]
fn all_headers_together_in_both_orders() {
    for_each_mode(|env, mode, failures| {
        let args = our_args(env, mode, "c17");
        let mut headers = mode.headers();
        headers.extend_from_slice(mode.libc());
        for (order, list) in [
            ("forward", headers.clone()),
            ("reverse", {
                let mut r = headers.clone();
                r.reverse();
                r
            }),
        ] {
            let src = format!("{}int hk_unused;\n", includes(&list));
            expect_ok(
                failures,
                mode,
                &format!("all headers, {order}"),
                &args,
                &src,
            );
            let src = format!("#define _GNU_SOURCE 1\n{src}");
            expect_ok(
                failures,
                mode,
                &format!("all headers, {order}, _GNU_SOURCE"),
                &args,
                &src,
            );
        }
        // Each C library header first, then ours; and ours first, then it.
        for lib in mode.libc() {
            let src = format!(
                "#include <{lib}>\n{}int hk_unused;\n",
                includes(&mode.headers())
            );
            expect_ok(failures, mode, &format!("<{lib}> then ours"), &args, &src);
            let src = format!(
                "{}#include <{lib}>\nint hk_unused;\n",
                includes(&mode.headers())
            );
            expect_ok(failures, mode, &format!("ours then <{lib}>"), &args, &src);
        }
    });
}

#[test]
fn older_and_newer_language_modes() {
    let c89_safe = [
        "float.h",
        "iso646.h",
        "limits.h",
        "stdarg.h",
        "stdbool.h",
        "stddef.h",
        "stdint.h",
    ];
    for_each_mode(|env, mode, failures| {
        for std in ["gnu89", "c99", "gnu11", "c2x"] {
            let list: Vec<&str> = if std == "gnu89" || std == "c99" {
                c89_safe.to_vec()
            } else {
                mode.headers()
            };
            let mut list = list;
            list.extend_from_slice(mode.libc());
            let src = format!("{}int hk_unused;\n", includes(&list));
            expect_ok(
                failures,
                mode,
                &format!("-std={std}"),
                &our_args(env, mode, std),
                &src,
            );
        }
    });
}

// ---------------------------------------------------------------------------
// Tests: the glibc __need_ protocol
// ---------------------------------------------------------------------------

#[test]
fn need_protocol_gives_only_what_was_asked() {
    // A name that is NOT a typedef can be declared as an object; a name
    // that is one cannot.  So `int ptrdiff_t;` compiles only if <stddef.h>
    // kept ptrdiff_t back.
    let cases: &[(&str, &str)] = &[
        (
            "__need_size_t",
            "#define __need_size_t\n#include <stddef.h>\n\
             _Static_assert(_Generic((size_t)0, __SIZE_TYPE__: 1, default: 0), \"size_t\");\n\
             #ifdef NULL\n#error NULL\n#endif\n#ifdef offsetof\n#error offsetof\n#endif\n\
             #ifdef __need_size_t\n#error request not consumed\n#endif\n\
             int ptrdiff_t; int wchar_t; int max_align_t; int wint_t;\n",
        ),
        (
            "__need_NULL",
            "#define __need_NULL\n#include <stddef.h>\n\
             _Static_assert(_Generic(NULL, void *: 1, default: 0), \"NULL\");\n\
             #ifdef offsetof\n#error offsetof\n#endif\n\
             int size_t; int ptrdiff_t; int wchar_t;\n",
        ),
        (
            "__need_wchar_t",
            "#define __need_wchar_t\n#include <stddef.h>\n\
             _Static_assert(_Generic(L'x', wchar_t: 1, default: 0), \"wchar_t\");\n\
             #ifdef NULL\n#error NULL\n#endif\nint size_t; int ptrdiff_t;\n",
        ),
        (
            "__need_ptrdiff_t",
            "#define __need_ptrdiff_t\n#include <stddef.h>\n\
             _Static_assert(_Generic((char *)0 - (char *)0, ptrdiff_t: 1, default: 0), \"ptrdiff_t\");\n\
             int size_t; int wchar_t;\n",
        ),
        (
            "__need_wint_t",
            "#define __need_wint_t\n#include <stddef.h>\n\
             _Static_assert(_Generic((wint_t)0, __WINT_TYPE__: 1, default: 0), \"wint_t\");\n\
             #ifndef _WINT_T\n#error _WINT_T\n#endif\n\
             #ifdef NULL\n#error NULL\n#endif\nint size_t;\n",
        ),
        (
            "__need_max_align_t",
            "#define __need_max_align_t\n#include <stddef.h>\n\
             _Static_assert(_Alignof(max_align_t) >= _Alignof(long double), \"max_align_t\");\n\
             int size_t;\n",
        ),
        (
            "several requests, repeated, then the full header",
            "#define __need_size_t\n#define __need_NULL\n#include <stddef.h>\n\
             #define __need_size_t\n#include <stddef.h>\n\
             #define __need_wchar_t\n#include <stddef.h>\n\
             size_t a; wchar_t b; void *c = NULL;\n\
             #include <stddef.h>\n#include <stddef.h>\n\
             struct hk_pair { int x, y; };\n\
             ptrdiff_t d; max_align_t e; int f = offsetof(struct hk_pair, y);\n",
        ),
        (
            "__need___va_list",
            "#define __need___va_list\n#include <stdarg.h>\n\
             #ifndef __GNUC_VA_LIST\n#error __GNUC_VA_LIST\n#endif\n\
             #ifdef va_start\n#error va_start\n#endif\n\
             #ifdef __need___va_list\n#error request not consumed\n#endif\n\
             __gnuc_va_list ap; int va_list;\n",
        ),
        (
            "__need___va_list twice, then the full header",
            "#define __need___va_list\n#include <stdarg.h>\n\
             #define __need___va_list\n#include <stdarg.h>\n#include <stdarg.h>\n\
             static int sum(int n, ...) { va_list ap, aq; int s = 0; va_start(ap, n);\n\
             va_copy(aq, ap); while (n--) s += va_arg(ap, int); va_end(aq); va_end(ap); return s; }\n\
             int hk_total(void) { __gnuc_va_list *p = 0; (void)p; return sum(2, 1, 2); }\n\
             _Static_assert(_Generic((va_list *)0, __gnuc_va_list *: 1, default: 0), \"same\");\n",
        ),
    ];
    for_each_mode(|env, mode, failures| {
        let args = our_args(env, mode, "c17");
        // clang's MSVC compatibility predeclares size_t itself.
        let msvc = mode.target.iter().any(|t| t.contains("msvc"));
        for (what, src) in cases {
            let src = if msvc {
                src.replace("int size_t;", "")
            } else {
                src.to_string()
            };
            expect_ok(failures, mode, what, &args, &src);
        }
        if mode.hosted {
            // glibc's own users of the protocol, after a request of ours.
            let src = "#define __need_wint_t\n#include <stddef.h>\n#include <wchar.h>\n\
                       #include <wctype.h>\n#include <err.h>\n#include <stdio.h>\n\
                       wint_t w; FILE *f; __gnuc_va_list ap;\n\
                       _Static_assert(_Generic((__gnuc_va_list *)0, __builtin_va_list *: 1, default: 0), \"err.h keeps va_list\");\n";
            expect_ok(failures, mode, "__need_wint_t then <wchar.h>", &args, src);
            let src = "#include <wchar.h>\n#define __need_wint_t\n#include <stddef.h>\nwint_t w;\n";
            expect_ok(failures, mode, "<wchar.h> then __need_wint_t", &args, src);
        }
    });
}

// ---------------------------------------------------------------------------
// Tests: which headers reach the C library's
// ---------------------------------------------------------------------------

#[test]
fn include_next_reaches_the_c_library_only_where_intended() {
    for_each_mode(|env, mode, failures| {
        let args = our_args(env, mode, "c17");
        if mode.hosted {
            // <stdint.h> and <limits.h> hand over to glibc's.  Defining
            // _GCC_LIMITS_H_ stops glibc's limits.h from include_next'ing
            // past /usr/include (a hard error otherwise).
            let src = "#include <stdint.h>\n#ifndef __headerkit_stdint_from_libc\n#error stdint\n#endif\n\
                       #ifndef __GLIBC__\n#error glibc not reached\n#endif\n";
            expect_ok(failures, mode, "stdint.h from glibc", &args, src);
            let src = "#define _POSIX_C_SOURCE 200809L\n#include <limits.h>\n\
                       #ifndef _LIBC_LIMITS_H_\n#error glibc limits.h not reached\n#endif\n\
                       #if MB_LEN_MAX != 16\n#error MB_LEN_MAX\n#endif\n\
                       #ifndef PATH_MAX\n#error PATH_MAX\n#endif\n\
                       _Static_assert(INT_MAX == __INT_MAX__ && LLONG_MIN < 0, \"limits\");\n";
            expect_ok(failures, mode, "limits.h then glibc's", &args, src);
            // The rest are self-contained: they must not pull in glibc.
            let rest: Vec<&str> = mode
                .headers()
                .into_iter()
                .filter(|h| !["stdint.h", "limits.h", "stdatomic.h", "arm_neon.h"].contains(h))
                .collect();
            let src = format!(
                "{}#ifdef __GLIBC__\n#error a self-contained header reached glibc\n#endif\n",
                includes(&rest)
            );
            expect_ok(failures, mode, "self-contained headers", &args, &src);
        } else {
            let src = "#include <stdint.h>\n#include <limits.h>\n\
                       #ifdef __headerkit_stdint_from_libc\n#error stdint\n#endif\n\
                       #if MB_LEN_MAX != 1\n#error MB_LEN_MAX\n#endif\n";
            expect_ok(failures, mode, "own stdint.h and limits.h", &args, src);
        }
    });
    // Freestanding with glibc's directories on the path: <stdint.h> and
    // <limits.h> stay ours, and glibc's <inttypes.h> builds on our
    // <stdint.h>.
    let env = env();
    if let (Some(dirs), Some(mode)) = (
        &env.libc_dirs,
        MODES
            .iter()
            .zip(&env.usable)
            .find(|(m, u)| **u && m.cc == Cc::Gcc && !m.hosted && m.target.is_empty())
            .map(|(m, _)| m),
    ) {
        let mut args = our_args(env, mode, "c17");
        for d in dirs {
            args.push("-isystem".into());
            args.push(path_arg(d));
        }
        let src = "#include <limits.h>\n#include <stdint.h>\n#include <inttypes.h>\n\
                   #if defined(_LIBC_LIMITS_H_) || MB_LEN_MAX != 1\n#error limits\n#endif\n\
                   #ifdef __headerkit_stdint_from_libc\n#error stdint\n#endif\n\
                   intmax_t m = INTMAX_MAX; uint64_t u = UINT64_C(1);\n";
        let mut failures = Vec::new();
        expect_ok(
            &mut failures,
            mode,
            "freestanding with glibc on the path",
            &args,
            src,
        );
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }
}

// ---------------------------------------------------------------------------
// Tests: usability of atomics and vector types
// ---------------------------------------------------------------------------

#[test]
fn atomics_and_vectors_are_usable() {
    let atomics = "#include <stdatomic.h>\n#include <stdbool.h>\n\
        static atomic_int counter = ATOMIC_VAR_INIT(0);\n\
        static atomic_flag flag = ATOMIC_FLAG_INIT;\n\
        int hk_use(void) {\n\
          atomic_long l; atomic_init(&l, 5L);\n\
          atomic_store(&counter, 1);\n\
          atomic_store_explicit(&counter, 2, memory_order_release);\n\
          int expected = 2;\n\
          bool swapped = atomic_compare_exchange_strong(&counter, &expected, 3);\n\
          swapped |= atomic_compare_exchange_weak_explicit(&counter, &expected, 4,\n\
              memory_order_acq_rel, memory_order_relaxed);\n\
          int old = atomic_fetch_add(&counter, 1) + atomic_fetch_sub(&counter, 1);\n\
          old += atomic_fetch_or(&counter, 1) + atomic_fetch_and(&counter, 1) + atomic_fetch_xor(&counter, 1);\n\
          old += atomic_exchange(&counter, 7) + atomic_load_explicit(&counter, memory_order_acquire);\n\
          bool was = atomic_flag_test_and_set(&flag);\n\
          atomic_flag_clear_explicit(&flag, memory_order_release);\n\
          atomic_thread_fence(memory_order_seq_cst); atomic_signal_fence(memory_order_seq_cst);\n\
          bool lf = atomic_is_lock_free(&counter);\n\
          return old + (int)atomic_load(&l) + swapped + was + lf + kill_dependency(1);\n\
        }\n\
        _Static_assert(memory_order_relaxed == __ATOMIC_RELAXED && memory_order_consume == __ATOMIC_CONSUME\n\
          && memory_order_acquire == __ATOMIC_ACQUIRE && memory_order_release == __ATOMIC_RELEASE\n\
          && memory_order_acq_rel == __ATOMIC_ACQ_REL && memory_order_seq_cst == __ATOMIC_SEQ_CST, \"orders\");\n\
        _Static_assert(ATOMIC_INT_LOCK_FREE >= 1 && ATOMIC_POINTER_LOCK_FREE >= 1, \"lock free\");\n";
    let x86 = "#include <x86intrin.h>\n\
        __m64 a; __m128 b; __m128d c; __m128i d; __m256 e; __m256d f; __m256i g;\n\
        __m512 h; __m512d i; __m512i j; __mmask8 k8; __mmask16 k16; __mmask32 k32; __mmask64 k64;\n\
        void hk_add(__m128 *r, const __m128 *x) { *r = *r + *x * *r; }\n\
        void hk_xor(__m256i *r, const __m256i *x) { *r ^= *x; }\n\
        float hk_lane(const __m128 *x) { return (*x)[2]; }\n\
        _Static_assert(sizeof(__m64) == 8, \"m64\");\n\
        _Static_assert(sizeof(__m128) == 16 && _Alignof(__m128i) == 16 && _Alignof(__m128_u) == 1, \"m128\");\n\
        _Static_assert(sizeof(__m256d) == 32 && sizeof(__m512i) == 64, \"wide\");\n\
        _Static_assert(_MM_SHUFFLE(3, 2, 1, 0) == 0xe4 && _MM_FROUND_TO_ZERO == 3, \"macros\");\n\
        _Static_assert(sizeof(__mmask64) == 8 && sizeof(__mmask8) == 1, \"masks\");\n";
    let neon = "#include <arm_neon.h>\n\
        int8x8_t a; uint8x16_t b; float32x4_t c; float64x2_t d; poly16x8_t e; int64x1_t f;\n\
        uint8x16x4_t table; float32x4x2_t pair;\n\
        float32x4_t hk_fma(float32x4_t x, float32x4_t y) { return x * y + x; }\n\
        uint8x16_t hk_pick(uint8x16x4_t t) { return t.val[3] & t.val[0]; }\n\
        _Static_assert(sizeof(int8x8_t) == 8 && sizeof(uint8x16_t) == 16, \"sizes\");\n\
        _Static_assert(sizeof(uint8x16x4_t) == 64 && sizeof(float64x1x3_t) == 24, \"tuples\");\n\
        _Static_assert(_Generic(a[0], int8_t: 1, default: 0) && _Generic(c[1], float: 1, default: 0), \"lanes\");\n";
    for_each_mode(|env, mode, failures| {
        let args = our_args(env, mode, "c17");
        expect_ok(failures, mode, "atomics", &args, atomics);
        match mode.arch {
            Arch::X86 => expect_ok(failures, mode, "x86 vectors", &args, x86),
            Arch::Aarch64 => expect_ok(failures, mode, "NEON vectors", &args, neon),
            Arch::Other => {}
        }
    });
}

#[test]
fn limits_have_the_promoted_type_of_their_type() {
    // C17 7.20.2-7.20.4: each limit and constant macro has the type an
    // object of the corresponding type has after the integer promotions.
    let mut src = String::from("#include <stdint.h>\n#include <stddef.h>\n#include <limits.h>\n");
    let mut check = |macro_: &str, ty: &str| {
        let _ = writeln!(
            src,
            "_Static_assert(_Generic(({macro_}), __typeof__(+({ty})0): 1, default: 0), \"{macro_}\");"
        );
    };
    for n in [8, 16, 32, 64] {
        for kind in ["", "_LEAST", "_FAST"] {
            let lower = kind.to_lowercase();
            check(&format!("INT{kind}{n}_MIN"), &format!("int{lower}{n}_t"));
            check(&format!("INT{kind}{n}_MAX"), &format!("int{lower}{n}_t"));
            check(&format!("UINT{kind}{n}_MAX"), &format!("uint{lower}{n}_t"));
        }
        check(&format!("INT{n}_C(1)"), &format!("int_least{n}_t"));
        check(&format!("UINT{n}_C(1)"), &format!("uint_least{n}_t"));
    }
    for (m, t) in [
        ("INTPTR_MIN", "intptr_t"),
        ("INTPTR_MAX", "intptr_t"),
        ("UINTPTR_MAX", "uintptr_t"),
        ("INTMAX_MIN", "intmax_t"),
        ("INTMAX_MAX", "intmax_t"),
        ("UINTMAX_MAX", "uintmax_t"),
        ("INTMAX_C(1)", "intmax_t"),
        ("UINTMAX_C(1)", "uintmax_t"),
        ("PTRDIFF_MIN", "ptrdiff_t"),
        ("PTRDIFF_MAX", "ptrdiff_t"),
        ("SIZE_MAX", "size_t"),
        ("WCHAR_MIN", "wchar_t"),
        ("WCHAR_MAX", "wchar_t"),
        ("WINT_MIN", "__WINT_TYPE__"),
        ("WINT_MAX", "__WINT_TYPE__"),
        ("SCHAR_MIN", "signed char"),
        ("UCHAR_MAX", "unsigned char"),
        ("CHAR_MIN", "char"),
        ("CHAR_MAX", "char"),
        ("SHRT_MIN", "short"),
        ("USHRT_MAX", "unsigned short"),
        ("INT_MIN", "int"),
        ("UINT_MAX", "unsigned int"),
        ("LONG_MIN", "long"),
        ("ULONG_MAX", "unsigned long"),
        ("LLONG_MIN", "long long"),
        ("ULLONG_MAX", "unsigned long long"),
    ] {
        check(m, t);
    }
    for_each_mode(|env, mode, failures| {
        expect_ok(
            failures,
            mode,
            "promoted types of the limits",
            &our_args(env, mode, "c17"),
            &src,
        );
    });
}

// ---------------------------------------------------------------------------
// Tests: real library headers and headerkit's parser
// ---------------------------------------------------------------------------

#[test]
fn installed_library_headers_compile_against_ours() {
    // Library headers that reach ours (SDL2 pulls in <immintrin.h>, glib
    // and Python the __need_ protocol and <limits.h>); absent ones are
    // skipped.
    let libraries: &[(&str, &[&str])] = &[
        ("SDL2/SDL.h", &["-I/usr/include/SDL2", "-D_REENTRANT"]),
        ("python3.11/Python.h", &["-I/usr/include/python3.11"]),
        (
            "glib-2.0/glib.h",
            &[
                "-I/usr/include/glib-2.0",
                "-I/usr/lib/x86_64-linux-gnu/glib-2.0/include",
            ],
        ),
        ("zlib.h", &[]),
        ("png.h", &[]),
        ("expat.h", &[]),
        ("ncurses.h", &[]),
        ("X11/Xlib.h", &[]),
        ("GL/gl.h", &[]),
    ];
    for_each_mode(|env, mode, failures| {
        if !mode.hosted || mode.target.iter().any(|t| !t.contains("x86_64")) {
            return;
        }
        for (header, extra) in libraries {
            let present = env
                .libc_dirs
                .iter()
                .flatten()
                .any(|d| d.join(header).is_file());
            let extra_present = extra
                .iter()
                .filter_map(|a| a.strip_prefix("-I"))
                .all(|d| Path::new(d).is_dir());
            if !present || !extra_present {
                continue;
            }
            let mut args = our_args(env, mode, "gnu17");
            args.extend(extra.iter().map(|s| s.to_string()));
            let src = format!("#include <{header}>\nint hk_unused;\n");
            expect_ok(failures, mode, &format!("<{header}>"), &args, &src);
        }
    });
}

#[test]
fn preprocessed_headers_parse_with_lang_c() {
    // What the built-in headers expand to must be C that headerkit's parser
    // (lang-c) reads.  arm_neon.h is left out: its poly128_t is an
    // `unsigned __int128`, which lang-c does not know.
    for_each_mode(|env, mode, failures| {
        let mut headers = STANDARD.to_vec();
        if mode.arch == Arch::X86 {
            headers.extend_from_slice(X86);
        }
        let r = compile(
            mode.cc,
            &our_args(env, mode, "c17"),
            &includes(&headers),
            true,
        );
        if !r.ok {
            failures.push(format!(
                "[{}] -E failed:\n{}",
                mode.name,
                truncate(&r.stderr)
            ));
            return;
        }
        let config = lang_c::driver::Config::default();
        if let Err(e) = lang_c::driver::parse_preprocessed(&config, r.stdout.clone()) {
            let line = r.stdout.lines().nth(e.line.saturating_sub(1)).unwrap_or("");
            failures.push(format!(
                "[{}] lang-c rejects line {} of the output of {}:\n{line}\nexpected one of {:?}",
                mode.name,
                e.line,
                r.file.display(),
                e.expected
            ));
        }
    });
}

// ---------------------------------------------------------------------------
// Tests: values, types and layouts equal the compiler's own headers
// ---------------------------------------------------------------------------

/// Macros compared with the compiler's own headers (when those define them).
fn compared_macros() -> Vec<String> {
    let mut m: Vec<String> = [
        // <limits.h>
        "CHAR_BIT",
        "SCHAR_MIN",
        "SCHAR_MAX",
        "UCHAR_MAX",
        "CHAR_MIN",
        "CHAR_MAX",
        "SHRT_MIN",
        "SHRT_MAX",
        "USHRT_MAX",
        "INT_MIN",
        "INT_MAX",
        "UINT_MAX",
        "LONG_MIN",
        "LONG_MAX",
        "ULONG_MAX",
        "LLONG_MIN",
        "LLONG_MAX",
        "ULLONG_MAX",
        "MB_LEN_MAX",
        "CHAR_WIDTH",
        "SCHAR_WIDTH",
        "UCHAR_WIDTH",
        "SHRT_WIDTH",
        "USHRT_WIDTH",
        "INT_WIDTH",
        "UINT_WIDTH",
        "LONG_WIDTH",
        "ULONG_WIDTH",
        "LLONG_WIDTH",
        "ULLONG_WIDTH",
        "BOOL_MAX",
        "BOOL_WIDTH",
        // <stdint.h>, besides the families generated below
        "INTPTR_MIN",
        "INTPTR_MAX",
        "UINTPTR_MAX",
        "INTMAX_MIN",
        "INTMAX_MAX",
        "UINTMAX_MAX",
        "PTRDIFF_MIN",
        "PTRDIFF_MAX",
        "SIZE_MAX",
        "SIG_ATOMIC_MIN",
        "SIG_ATOMIC_MAX",
        "WCHAR_MIN",
        "WCHAR_MAX",
        "WINT_MIN",
        "WINT_MAX",
        "INTMAX_C(7)",
        "UINTMAX_C(7)",
        "INTPTR_WIDTH",
        "UINTPTR_WIDTH",
        "INTMAX_WIDTH",
        "UINTMAX_WIDTH",
        "PTRDIFF_WIDTH",
        "SIG_ATOMIC_WIDTH",
        "SIZE_WIDTH",
        "WCHAR_WIDTH",
        "WINT_WIDTH",
        // <float.h>
        "FLT_RADIX",
        "FLT_ROUNDS",
        "FLT_EVAL_METHOD",
        "DECIMAL_DIG",
        // <stddef.h>, <stdbool.h>, <stdalign.h>
        "NULL",
        "true",
        "false",
        "__bool_true_false_are_defined",
        "__alignas_is_defined",
        "__alignof_is_defined",
        // <stdatomic.h>
        "ATOMIC_BOOL_LOCK_FREE",
        "ATOMIC_CHAR_LOCK_FREE",
        "ATOMIC_CHAR16_T_LOCK_FREE",
        "ATOMIC_CHAR32_T_LOCK_FREE",
        "ATOMIC_WCHAR_T_LOCK_FREE",
        "ATOMIC_SHORT_LOCK_FREE",
        "ATOMIC_INT_LOCK_FREE",
        "ATOMIC_LONG_LOCK_FREE",
        "ATOMIC_LLONG_LOCK_FREE",
        "ATOMIC_POINTER_LOCK_FREE",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for n in [8, 16, 32, 64] {
        for kind in ["", "_LEAST", "_FAST"] {
            m.push(format!("INT{kind}{n}_MIN"));
            m.push(format!("INT{kind}{n}_MAX"));
            m.push(format!("UINT{kind}{n}_MAX"));
            m.push(format!("INT{kind}{n}_WIDTH"));
            m.push(format!("UINT{kind}{n}_WIDTH"));
        }
        m.push(format!("INT{n}_C(7)"));
        m.push(format!("UINT{n}_C(7)"));
    }
    for t in ["FLT", "DBL", "LDBL"] {
        for what in [
            "MANT_DIG",
            "DIG",
            "MIN_EXP",
            "MIN_10_EXP",
            "MAX_EXP",
            "MAX_10_EXP",
            "MAX",
            "EPSILON",
            "MIN",
            "DECIMAL_DIG",
            "HAS_SUBNORM",
            "TRUE_MIN",
            "NORM_MAX",
            "IS_IEC_60559",
        ] {
            m.push(format!("{t}_{what}"));
        }
    }
    m
}

/// Candidate types a typedef may resolve to.
fn candidate_types() -> Vec<(&'static str, Option<&'static str>)> {
    let ints = [
        "char",
        "signed char",
        "unsigned char",
        "short",
        "unsigned short",
        "int",
        "unsigned int",
        "long",
        "unsigned long",
        "long long",
        "unsigned long long",
        "_Bool",
    ];
    let mut v: Vec<(&'static str, Option<&'static str>)> =
        ints.iter().map(|t| (*t, None)).collect();
    for t in ["float", "double", "long double", "__builtin_va_list"] {
        v.push((t, None));
    }
    v.push(("__int128", Some("__SIZEOF_INT128__")));
    v.push(("unsigned __int128", Some("__SIZEOF_INT128__")));
    v.push(("_Float16", Some("__FLT16_MAX__")));
    v.push(("__fp16", Some("__ARM_FP16_FORMAT_IEEE")));
    for t in [
        "_Atomic(char)",
        "_Atomic(signed char)",
        "_Atomic(unsigned char)",
        "_Atomic(short)",
        "_Atomic(unsigned short)",
        "_Atomic(int)",
        "_Atomic(unsigned int)",
        "_Atomic(long)",
        "_Atomic(unsigned long)",
        "_Atomic(long long)",
        "_Atomic(unsigned long long)",
        "_Atomic(_Bool)",
    ] {
        v.push((t, None));
    }
    v
}

/// A type whose identity, size and alignment are compared.
struct TypeFact {
    /// A type name usable in `sizeof(...)` and `(T *)0`.
    ty: String,
    /// Our type is allowed to differ in identity (size and alignment must
    /// still agree), with the reason.
    identity_may_differ: Option<&'static str>,
}

fn fact(ty: impl Into<String>) -> TypeFact {
    TypeFact {
        ty: ty.into(),
        identity_may_differ: None,
    }
}

struct Group {
    name: &'static str,
    headers: Vec<&'static str>,
    types: Vec<TypeFact>,
    macros: Vec<String>,
    /// Extra options for the reference compilation only (to switch on the
    /// parts of the compiler's own headers that hide behind ISA flags).
    reference_extra: &'static [&'static str],
}

fn groups(mode: &Mode) -> Vec<Group> {
    let mut core_types: Vec<TypeFact> = [
        "size_t",
        "ptrdiff_t",
        "wchar_t",
        "max_align_t",
        "va_list",
        "__gnuc_va_list",
        "bool",
        "intptr_t",
        "uintptr_t",
        "intmax_t",
        "uintmax_t",
        "memory_order",
        "atomic_flag",
        "atomic_bool",
        "atomic_char",
        "atomic_schar",
        "atomic_uchar",
        "atomic_short",
        "atomic_ushort",
        "atomic_int",
        "atomic_uint",
        "atomic_long",
        "atomic_ulong",
        "atomic_llong",
        "atomic_ullong",
        "atomic_char16_t",
        "atomic_char32_t",
        "atomic_wchar_t",
        "atomic_intptr_t",
        "atomic_uintptr_t",
        "atomic_size_t",
        "atomic_ptrdiff_t",
        "atomic_intmax_t",
        "atomic_uintmax_t",
    ]
    .iter()
    .map(|t| fact(*t))
    .collect();
    for n in [8, 16, 32, 64] {
        for kind in ["", "_least", "_fast"] {
            core_types.push(fact(format!("int{kind}{n}_t")));
            core_types.push(fact(format!("uint{kind}{n}_t")));
            if !kind.is_empty() {
                core_types.push(fact(format!("atomic_int{kind}{n}_t")));
                core_types.push(fact(format!("atomic_uint{kind}{n}_t")));
            }
        }
    }
    let mut core_headers = STANDARD.to_vec();
    if mode.hosted {
        core_headers.extend_from_slice(LIBC);
        core_types.push(fact("wint_t"));
    }
    let mut groups = vec![Group {
        name: "standard headers",
        headers: core_headers,
        types: core_types,
        macros: compared_macros(),
        reference_extra: &[],
    }];
    let lane = |v: &str| format!("__typeof__((*({v} *)0)[0])");
    match mode.arch {
        Arch::X86 => {
            let vectors = [
                "__m64", "__m128", "__m128d", "__m128i", "__m256", "__m256d", "__m256i", "__m512",
                "__m512d", "__m512i",
            ];
            let mut types: Vec<TypeFact> = vectors.iter().map(|v| fact(*v)).collect();
            types.extend(vectors.iter().map(|v| fact(lane(v))));
            for t in [
                "__m128_u",
                "__m128d_u",
                "__m128i_u",
                "__m256_u",
                "__m256i_u",
                "__m512_u",
            ] {
                types.push(fact(t));
            }
            for t in ["__mmask8", "__mmask16", "__mmask32", "__mmask64"] {
                types.push(fact(t));
            }
            groups.push(Group {
                name: "x86 intrinsic types",
                headers: X86.to_vec(),
                types,
                macros: Vec::new(),
                // clang hides the AVX headers from MSVC targets unless the
                // ISA is enabled.  (Not for gcc: the ISA changes the
                // alignment gcc gives wide vectors.)
                reference_extra: if mode.target.iter().any(|t| t.contains("msvc")) {
                    &["-march=skylake-avx512"]
                } else {
                    &[]
                },
            });
        }
        Arch::Aarch64 => {
            let mut types = Vec::new();
            let vectors = [
                "int8x8_t",
                "int16x4_t",
                "int32x2_t",
                "int64x1_t",
                "uint8x8_t",
                "uint16x4_t",
                "uint32x2_t",
                "uint64x1_t",
                "float32x2_t",
                "float64x1_t",
                "poly8x8_t",
                "poly16x4_t",
                "poly64x1_t",
                "float16x4_t",
                "int8x16_t",
                "int16x8_t",
                "int32x4_t",
                "int64x2_t",
                "uint8x16_t",
                "uint16x8_t",
                "uint32x4_t",
                "uint64x2_t",
                "float32x4_t",
                "float64x2_t",
                "poly8x16_t",
                "poly16x8_t",
                "poly64x2_t",
                "float16x8_t",
            ];
            const FP16: &str = "float16 lanes are _Float16 here, __fp16 in clang's header";
            for v in vectors {
                types.push(fact(v));
                let mut l = fact(lane(v));
                if v.starts_with("float16") {
                    l.identity_may_differ = Some(FP16);
                }
                types.push(l);
                for k in 2..=4 {
                    let base = v.trim_end_matches("_t");
                    types.push(fact(format!("{base}x{k}_t")));
                }
            }
            for t in ["float32_t", "float64_t", "poly8_t", "poly16_t", "poly64_t"] {
                types.push(fact(t));
            }
            types.push(TypeFact {
                ty: "float16_t".into(),
                identity_may_differ: Some(FP16),
            });
            groups.push(Group {
                name: "NEON types",
                headers: NEON.to_vec(),
                types,
                macros: Vec::new(),
                reference_extra: &[],
            });
        }
        Arch::Other => {}
    }
    groups
}

/// What the compiler's own headers say about one type.
#[derive(Debug, Default)]
struct TypeTruth {
    identity: Option<usize>,
    size: usize,
    align: usize,
}

/// Reads the reference identity, size and alignment of every type in
/// `group` from failing static assertions.
fn reference_types(
    mode: &Mode,
    args: &[String],
    group: &Group,
    failures: &mut Vec<String>,
) -> Option<Vec<TypeTruth>> {
    let cands = candidate_types();
    let mut src = includes(&group.headers);
    for (i, f) in group.types.iter().enumerate() {
        let t = &f.ty;
        for (j, (c, guard)) in cands.iter().enumerate() {
            if let Some(g) = guard {
                let _ = writeln!(src, "#ifdef {g}");
            }
            let _ = writeln!(
                src,
                "_Static_assert(!_Generic(({t} *)0, {c} *: 1, default: 0), \"hk_identity {i} {j}\");"
            );
            if guard.is_some() {
                src.push_str("#endif\n");
            }
        }
        for b in 0..10 {
            let _ = writeln!(
                src,
                "_Static_assert(!(sizeof({t}) & {}), \"hk_size {i} {b}\");",
                1usize << b
            );
            let _ = writeln!(
                src,
                "_Static_assert(!(_Alignof({t}) & {}), \"hk_align {i} {b}\");",
                1usize << b
            );
        }
    }
    let r = compile(mode.cc, args, &src, false);
    let re = Regex::new(r"hk_(identity|size|align) (\d+) (\d+)").unwrap();
    let mut truths: Vec<TypeTruth> = group.types.iter().map(|_| TypeTruth::default()).collect();
    let mut unexpected = Vec::new();
    // Only diagnostics count: notes echo source lines that name markers too.
    for line in r.stderr.lines().filter(|l| l.contains("error")) {
        if let Some(c) = re.captures(line) {
            let i: usize = c[2].parse().unwrap();
            let v: usize = c[3].parse().unwrap();
            match &c[1] {
                "identity" => {
                    // Several candidates can be compatible (an enum and its
                    // underlying type); the first one listed is kept.
                    truths[i].identity.get_or_insert(v);
                }
                "size" => truths[i].size |= 1 << v,
                _ => truths[i].align |= 1 << v,
            }
        } else if line.contains("error:") {
            unexpected.push(line.to_string());
        }
    }
    if !unexpected.is_empty() || truths.iter().any(|t| t.size == 0 || t.align == 0) {
        failures.push(format!(
            "[{}] {}: the reference compilation with the compiler's own headers failed ({})\n{}",
            mode.name,
            group.name,
            r.file.display(),
            truncate(&unexpected.join("\n"))
        ));
        return None;
    }
    Some(truths)
}

/// Reads the expansion of every macro in `group` with `-E`.  `None` in the
/// result: the headers do not define it.
fn expansions(
    mode: &Mode,
    args: &[String],
    group: &Group,
    failures: &mut Vec<String>,
) -> Option<Vec<Option<String>>> {
    let mut src = includes(&group.headers);
    for (i, m) in group.macros.iter().enumerate() {
        let _ = writeln!(src, "hk_expansion_{i} = {m}");
    }
    let r = compile(mode.cc, args, &src, true);
    if !r.ok {
        failures.push(format!(
            "[{}] {}: preprocessing failed ({})\n{}",
            mode.name,
            group.name,
            r.file.display(),
            truncate(&r.stderr)
        ));
        return None;
    }
    let mut found: BTreeMap<usize, String> = BTreeMap::new();
    for line in r.stdout.lines() {
        if let Some(rest) = line.trim().strip_prefix("hk_expansion_")
            && let Some((i, e)) = rest.split_once(" = ")
        {
            found.insert(i.trim().parse().unwrap(), e.trim().to_string());
        }
    }
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    Some(
        group
            .macros
            .iter()
            .enumerate()
            .map(|(i, m)| found.get(&i).filter(|e| squeeze(e) != squeeze(m)).cloned())
            .collect(),
    )
}

/// Integer-only expansions, usable in `#if`.
fn usable_in_if(expansion: &str) -> bool {
    expansion
        .chars()
        .all(|c| c.is_ascii_hexdigit() || "xXuUlL()+-*/~|&<> ".contains(c))
        && !expansion.contains('.')
}

/// Where the compiler's own header is known to disagree with ours, and why.
/// Ours follows the standard (and gcc) in each case.
fn known_divergence(mode: &Mode, std: &str, expr: &str) -> Option<(Divergence, &'static str)> {
    if mode.cc != Cc::Clang {
        return None;
    }
    const PROMOTED: &[&str] = &[
        "UINT8_MAX",
        "UINT16_MAX",
        "UINT_LEAST8_MAX",
        "UINT_LEAST16_MAX",
        "UINT_FAST8_MAX",
        "UINT_FAST16_MAX",
        "UINT8_C(7)",
        "UINT16_C(7)",
        "WCHAR_MIN",
        "WINT_MIN",
        "WINT_MAX",
    ];
    if !mode.hosted && PROMOTED.contains(&expr) {
        return Some((
            Divergence::Type,
            "for types narrower than int clang 14's <stdint.h> gives unsigned int; C17 7.20.2, \
             7.20.3 and 7.20.4 ask for the promoted type, int (checked by \
             limits_have_the_promoted_type)",
        ));
    }
    if expr == "BOOL_WIDTH" {
        return Some((Divergence::All, "clang 14 says 8; C2x says 1, as gcc does"));
    }
    if std != "c17" && (expr == "true" || expr == "false") {
        return Some((
            Divergence::All,
            "clang 14 keeps int 1/0 in C2x; ours are of type bool, as gcc's",
        ));
    }
    None
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Divergence {
    /// The value agrees, the type does not.
    Type,
    /// Nothing is compared.
    All,
}

fn compare_with_own_headers(std: &str) {
    for_each_mode(|env, mode, failures| {
        let ours = our_args(env, mode, std);
        let cands = candidate_types();
        for group in groups(mode) {
            let mut reference = reference_args(env, mode, std);
            reference.extend(group.reference_extra.iter().map(|s| s.to_string()));
            let Some(types) = reference_types(mode, &reference, &group, failures) else {
                continue;
            };
            let Some(ref_macros) = expansions(mode, &reference, &group, failures) else {
                continue;
            };
            let Some(our_macros) = expansions(mode, &ours, &group, failures) else {
                continue;
            };
            let mut src = includes(&group.headers);
            let mut checked = 0;
            for (f, truth) in group.types.iter().zip(&types) {
                let t = &f.ty;
                match (truth.identity, f.identity_may_differ) {
                    (Some(j), None) => {
                        let (c, guard) = cands[j];
                        if let Some(g) = guard {
                            let _ = writeln!(src, "#ifndef {g}\n#error {g} differs\n#endif");
                        }
                        let _ = writeln!(
                            src,
                            "_Static_assert(_Generic(({t} *)0, {c} *: 1, default: 0), \"{t} is {c}\");"
                        );
                    }
                    (None, None) => {
                        // Not a candidate type in the reference: ours must not
                        // be one either.
                        for (c, guard) in &cands {
                            if let Some(g) = guard {
                                let _ = writeln!(src, "#ifdef {g}");
                            }
                            let _ = writeln!(
                                src,
                                "_Static_assert(!_Generic(({t} *)0, {c} *: 1, default: 0), \"{t} is not {c}\");"
                            );
                            if guard.is_some() {
                                src.push_str("#endif\n");
                            }
                        }
                    }
                    (_, Some(_)) => {}
                }
                let _ = writeln!(
                    src,
                    "_Static_assert(sizeof({t}) == {}, \"sizeof({t}) is {}\");",
                    truth.size, truth.size
                );
                let _ = writeln!(
                    src,
                    "_Static_assert(_Alignof({t}) == {}, \"_Alignof({t}) is {}\");",
                    truth.align, truth.align
                );
                checked += 1;
            }
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            for ((m, expected), got) in group.macros.iter().zip(&ref_macros).zip(&our_macros) {
                let Some(e) = expected else { continue };
                let divergence = known_divergence(mode, std, m).map(|d| d.0);
                if divergence == Some(Divergence::All) {
                    continue;
                }
                let Some(got) = got else {
                    failures.push(format!(
                        "[{}] -std={std}: {m} is missing (expected {e})",
                        mode.name
                    ));
                    continue;
                };
                if divergence != Some(Divergence::Type) {
                    let _ = writeln!(
                        src,
                        "_Static_assert(_Generic(({m}), __typeof__(({e})): 1, default: 0), \"type of {m}\");"
                    );
                }
                if usable_in_if(e) {
                    // An integer: the same value in C and in #if.
                    let _ = writeln!(src, "_Static_assert(({m}) == ({e}), \"value of {m}\");");
                    let _ = writeln!(
                        src,
                        "#if ({m}) != ({e})\n#error \"{m} differs in #if\"\n#endif"
                    );
                } else if squeeze(got) != squeeze(e) {
                    // Floating constants, NULL, builtin calls: both sides are
                    // spelt from the same predefined macros, so the
                    // expansions must be identical.
                    failures.push(format!(
                        "[{}] -std={std}: {m} expands to `{got}`, the compiler's own header to `{e}`",
                        mode.name
                    ));
                }
                checked += 1;
            }
            assert!(checked > 0);
            expect_ok(
                failures,
                mode,
                &format!("{} equal the compiler's own (-std={std})", group.name),
                &ours,
                &src,
            );
        }
    });
}

#[test]
fn values_types_and_layouts_match_the_compilers_own_headers_c17() {
    compare_with_own_headers("c17");
}

#[test]
fn values_types_and_layouts_match_the_compilers_own_headers_c2x() {
    compare_with_own_headers("c2x");
}
