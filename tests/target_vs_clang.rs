//! Checks the predefined-macro tables of `headerkit::preprocess::target`
//! against the installed clang (`clang -target T -dM -E -x c -`).
//!
//! Rules (see the module documentation of `target` and docs/targets.md):
//! * every macro clang defines that is not in the exclusion set below must be
//!   in our table with the same value (whitespace-normalised);
//! * every macro of ours that clang also defines must have clang's value, except
//!   the documented deliberate differences;
//! * every macro of ours that clang does not define must be a documented
//!   addition, and none of ours may be in the exclusion set.
//!
//! The first rule is enforced strictly only for clang 14, the version the
//! tables were taken from; newer clangs add macros, which are then only listed.
//! Without clang on PATH the tests print a note and pass.

use headerkit::preprocess::target::{Endian, Os, Target};
use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

/// Macro names clang defines that we deliberately leave out.
const EXCLUDED: &[&str] = &[
    // Compiler identity: we are not clang.
    "__clang__",
    "__clang_major__",
    "__clang_minor__",
    "__clang_patchlevel__",
    "__clang_version__",
    "__clang_literal_encoding__",
    "__clang_wide_literal_encoding__",
    "__llvm__",
    // Objective-C and blocks.
    "__OBJC_BOOL_IS_BOOL",
    "__BLOCKS__",
    "__block",
    "__weak",
    "__strong",
    "__unsafe_unretained",
    "__nonnull",
    "__nullable",
    "__null_unspecified",
    "__CONSTANT_CFSTRINGS__",
    // Code generation.
    "__PIC__",
    "__pic__",
    "__PIE__",
    "__pie__",
    "__SSP__",
    "__DYNAMIC__",
    "__OPTIMIZE__",
    "__code_model_small__",
    "__AARCH64_CMODEL_SMALL__",
    "__GCC_HAVE_DWARF2_CFI_ASM",
    // CPU features and CPU models.
    "__MMX__",
    "__SSSE3__",
    "__FXSR__",
    "__LAHF_SAHF__",
    "__k8",
    "__k8__",
    "__core2",
    "__core2__",
    "__pentiumpro",
    "__pentiumpro__",
    "__ARM_ACLE",
    "__AARCH64_SIMD__",
];

/// Prefixes of excluded macro names.
const EXCLUDED_PREFIXES: &[&str] = &[
    "__CLANG_ATOMIC_",
    "__OPENCL_",
    "__SSE",
    "__AVX",
    "__tune_",
    "__ARM_NEON",
    "__ARM_FEATURE_",
    "__ARM_FP",
    "__ARM_VFPV",
];

fn excluded(name: &str) -> bool {
    EXCLUDED.contains(&name) || EXCLUDED_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Our value deliberately differs from clang's.
fn deliberately_different(t: &Target, name: &str) -> bool {
    // The GNU version is 7.5.0, not clang's 4.2.1 (see docs/targets.md).
    matches!(
        name,
        "__VERSION__" | "__GNUC__" | "__GNUC_MINOR__" | "__GNUC_PATCHLEVEL__"
    ) || (name == "__STDC_HOSTED__" && t.os() == Os::None)
}

/// A macro of ours that clang does not define.
fn documented_addition(name: &str) -> bool {
    // GCC's predefined names that clang lacks (see docs/targets.md).
    if matches!(
        name,
        "__headerkit__"
            | "__FLOAT_WORD_ORDER__"
            | "__WCHAR_MIN__"
            | "__WINT_MIN__"
            | "__SIG_ATOMIC_TYPE__"
            | "__SIG_ATOMIC_MIN__"
            | "__SCHAR_WIDTH__"
            | "__LONG_LONG_WIDTH__"
    ) {
        return true;
    }
    // GCC-style function-like constant macros.
    let Some(mid) = name.strip_prefix("__").and_then(|n| n.strip_suffix("_C")) else {
        return false;
    };
    let mid = mid.strip_prefix('U').unwrap_or(mid);
    matches!(mid, "INT8" | "INT16" | "INT32" | "INT64" | "INTMAX")
}

/// Whitespace-normalised macro value (`##` spacing ignored too).
fn normalize(value: &str) -> String {
    value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ##", "##")
        .replace("## ", "##")
}

/// Parses `#define` lines into name (without parameters) → normalised value
/// (with the parameter list in front for function-like macros).
fn parse_defines(text: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in text.lines() {
        let Some(rest) = line.trim_start().strip_prefix("#define ") else {
            continue;
        };
        let end = rest.find([' ', '\t', '(']).unwrap_or(rest.len());
        let name = rest[..end].to_string();
        map.insert(name, normalize(&rest[end..]));
    }
    map
}

fn clang_available() -> bool {
    let ok = Command::new("clang")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("note: clang is not on PATH; skipping the comparison with clang");
    }
    ok
}

/// Runs clang on `input` (C source on stdin) and returns its stdout.
fn run_clang(args: &[&str], input: &str) -> Result<String, String> {
    let mut child = Command::new("clang")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("running clang: {e}"))?;
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .map_err(|e| format!("writing to clang: {e}"))?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "clang {} failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// clang's arguments selecting target `t`.
fn target_args(t: &Target) -> Vec<&str> {
    let mut args = vec!["-target", t.triple()];
    if t.os() == Os::Windows {
        args.push("-fms-compatibility-version=19.30");
    }
    args
}

fn clang_defines(t: &Target) -> BTreeMap<String, String> {
    let mut args = target_args(t);
    args.extend(["-dM", "-E", "-x", "c", "-"]);
    parse_defines(&run_clang(&args, "").unwrap_or_else(|e| panic!("{e}")))
}

/// The supported targets plus a few other spellings whose tables differ
/// (macOS versions).
fn targets() -> Vec<Target> {
    let mut list: Vec<&str> = Target::supported_triples().to_vec();
    list.extend([
        "x86_64-apple-macos10.9",
        "x86_64-apple-darwin19",
        "arm64-apple-darwin21",
        "aarch64-apple-macos13.1",
    ]);
    list.iter()
        .map(|s| Target::parse(s).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

#[test]
fn macros_match_clang() {
    if !clang_available() {
        return;
    }
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    for t in targets() {
        let ours = parse_defines(&t.predefined_source());
        let theirs = clang_defines(&t);
        let strict = theirs.get("__clang_major__").map(String::as_str) == Some("14");
        let tr = t.triple();
        for (name, value) in &theirs {
            if excluded(name) {
                continue;
            }
            match ours.get(name) {
                None if strict => problems.push(format!("{tr}: missing {name} {value}")),
                None => notes.push(format!("{tr}: clang also defines {name} {value}")),
                Some(v) if v != value && !deliberately_different(&t, name) => {
                    problems.push(format!("{tr}: {name}: ours `{v}`, clang `{value}`"));
                }
                Some(_) => {}
            }
        }
        for name in ours.keys() {
            if excluded(name) {
                problems.push(format!("{tr}: defines excluded macro {name}"));
            } else if !theirs.contains_key(name) && !documented_addition(name) {
                problems.push(format!("{tr}: {name} is neither clang's nor documented"));
            }
        }
    }
    for note in &notes {
        eprintln!("note: {note}");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn our_source_is_valid_for_clang() {
    if !clang_available() {
        return;
    }
    for t in targets() {
        let src = t.predefined_source();
        let ours = parse_defines(&src);
        let mut args = target_args(&t);
        args.extend(["-undef", "-dM", "-E", "-x", "c", "-"]);
        let out = run_clang(&args, &src).unwrap_or_else(|e| panic!("{e}"));
        let seen = parse_defines(&out);
        for (name, value) in &ours {
            assert_eq!(
                seen.get(name),
                Some(value),
                "{}: {name} did not survive clang",
                t.triple()
            );
        }
    }
}

#[test]
fn data_model_matches_clang() {
    if !clang_available() {
        return;
    }
    for t in targets() {
        let dm = t.data_model();
        let mut src = String::new();
        let mut check = |cond: String, what: &str| {
            src.push_str(&format!("_Static_assert({cond}, \"{what}\");\n"));
        };
        for (ty, sa) in [
            ("char", dm.char),
            ("short", dm.short),
            ("int", dm.int),
            ("long", dm.long),
            ("long long", dm.long_long),
            ("void *", dm.pointer),
            ("float", dm.float),
            ("double", dm.double),
            ("long double", dm.long_double),
            ("_Bool", dm.bool),
            ("__WCHAR_TYPE__", dm.wchar),
        ] {
            check(
                format!(
                    "sizeof({ty}) == {} && _Alignof({ty}) == {}",
                    sa.size, sa.align
                ),
                ty,
            );
        }
        check(
            format!("((char)-1 < 0) == {}", i32::from(dm.char_signed)),
            "char signedness",
        );
        for (macro_type, name) in [
            ("__SIZE_TYPE__", dm.size_type),
            ("__PTRDIFF_TYPE__", dm.ptrdiff_type),
            ("__WCHAR_TYPE__", dm.wchar_type),
            ("__INTMAX_TYPE__", dm.intmax_type),
        ] {
            check(
                format!("_Generic(({macro_type})0, {name}: 1, default: 0)"),
                macro_type,
            );
        }
        check(
            format!("__BIGGEST_ALIGNMENT__ == {}", dm.max_align),
            "max alignment",
        );
        let order = match dm.endian {
            Endian::Little => "__ORDER_LITTLE_ENDIAN__",
            Endian::Big => "__ORDER_BIG_ENDIAN__",
        };
        check(format!("__BYTE_ORDER__ == {order}"), "byte order");
        let mut args = target_args(&t);
        args.extend(["-fsyntax-only", "-x", "c", "-"]);
        if let Err(e) = run_clang(&args, &src) {
            panic!("{}: data model differs from clang:\n{e}", t.triple());
        }
    }
}
