//! Parsing: the preprocessor's output → lang-c's C11 parser (GNU flavour) → the IR.
//!
//! Steps, each its own module:
//! 1. [`text::prepare`] makes the preprocessed text palatable to lang-c (inline function bodies
//!    blanked, attribute placements and GNU keywords lang-c misreads rewritten in place) and
//!    indexes the line markers so byte offsets map back to `header:line:col`;
//! 2. lang-c parses it (`parse_preprocessed`, unmodified crates.io lang-c);
//! 3. [`lower`] turns the AST into IR declarations, evaluating constant expressions with
//!    [`consteval`] and [`layout`], and keeps only the declarations in scope.
//!
//! lang-c types never leave this module: the IR is the only output.

pub mod consteval;
pub mod layout;
pub mod lower;
pub mod scope;
pub mod text;

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::ir;
use crate::preprocess::{self, FileCache};

/// Options of a parse: the preprocessor's, plus the parse stage's own.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    pub preprocess: preprocess::Options,
    /// Report a bad declaration as a warning and keep the others (default: fail).
    pub keep_going: bool,
    /// Globs of files whose declarations are in scope, besides the default rule.
    pub scope: Vec<String>,
}

/// The result of parsing one header.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub header: ir::Header,
    pub warnings: Vec<Diagnostic>,
}

/// Parses the header at `path`.
pub fn parse_file(
    path: &Path,
    opts: &ParseOptions,
    cache: &FileCache,
) -> Result<Parsed, Box<Diagnostic>> {
    let pp = preprocess::preprocess_file(path, &with_expansions(&opts.preprocess), cache)?;
    parse_preprocessed(&path.to_string_lossy(), pp, opts)
}

/// Parses `code` (an umbrella of `#include`s, say) as if it were the file `name`.
pub fn parse_code(
    name: &str,
    code: &str,
    opts: &ParseOptions,
    cache: &FileCache,
) -> Result<Parsed, Box<Diagnostic>> {
    let pp = preprocess::preprocess_source(
        name,
        code.as_bytes(),
        &with_expansions(&opts.preprocess),
        cache,
    )?;
    parse_preprocessed(name, pp, opts)
}

/// Parses several headers in parallel (one independent job each, sharing `cache`); results
/// come back in input order, so output does not depend on the thread count.
pub fn parse_many(
    paths: &[PathBuf],
    opts: &ParseOptions,
    cache: &FileCache,
) -> Vec<Result<Parsed, Box<Diagnostic>>> {
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|p| parse_file(p, opts, cache))
        .collect()
}

/// The parse stage evaluates macro constants from their full expansions.
fn with_expansions(o: &preprocess::Options) -> preprocess::Options {
    preprocess::Options {
        expand_macros: true,
        ..o.clone()
    }
}

/// How many bad declarations `--keep-going` skips before giving up.
const MAX_SKIPPED: usize = 100;

/// The stack of the thread that parses and lowers: enough for [`text::MAX_NESTING`] levels of
/// the deepest-recursing construct (nested struct definitions, about 30 KiB a level in a debug
/// build) several times over. Only the pages used are committed.
const PARSE_STACK: usize = 64 << 20;

/// Parses and lowers preprocessed text on a thread with a [`PARSE_STACK`] stack: lang-c and
/// the lowering recurse once per level of nesting (bounded by [`text::MAX_NESTING`]), which a
/// caller's thread (2 MiB for rayon workers and `std::thread::spawn`) may not hold. If no
/// thread can be started, the caller's thread does the work.
fn parse_preprocessed(
    name: &str,
    mut pp: preprocess::Output,
    opts: &ParseOptions,
) -> Result<Parsed, Box<Diagnostic>> {
    let mut warnings = std::mem::take(&mut pp.warnings);
    let pp = &pp;
    let job = move || parse_on_this_thread(name, pp, opts);
    let res = std::thread::scope(|s| {
        match std::thread::Builder::new()
            .name("headerkit-parse".into())
            .stack_size(PARSE_STACK)
            .spawn_scoped(s, job)
        {
            Ok(h) => Some(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
            Err(_) => None,
        }
    });
    let mut parsed = match res {
        Some(r) => r?,
        None => parse_on_this_thread(name, pp, opts)?,
    };
    warnings.append(&mut parsed.warnings);
    parsed.warnings = warnings;
    Ok(parsed)
}

/// What [`parse_preprocessed`] does, on the current thread; the preprocessor's warnings are
/// not included.
fn parse_on_this_thread(
    name: &str,
    pp: &preprocess::Output,
    opts: &ParseOptions,
) -> Result<Parsed, Box<Diagnostic>> {
    let mut prepared = text::prepare(&pp.text);
    let scope = skip_out_of_scope(&mut prepared, pp, opts);
    text::blank_unused_attributes(&mut prepared.text, prepared.prelude_len);
    let config = lang_c::driver::Config::with_gcc();
    let mut skipped: Vec<Diagnostic> = Vec::new();
    let parsed = loop {
        // too deep for the stack first, then lang-c's verdict
        let failure = match text::too_deep(prepared.text.as_bytes(), prepared.prelude_len) {
            Some(offset) => Err((
                offset,
                format!(
                    "declaration nested too deeply (more than {} levels of brackets and operators)",
                    text::MAX_NESTING
                ),
            )),
            None => {
                lang_c::driver::parse_preprocessed(&config, prepared.text.clone()).map_err(|e| {
                    let mut expected: Vec<&str> = e.expected.iter().copied().collect();
                    expected.sort_unstable();
                    (
                        e.offset,
                        format!("syntax error: expected one of {}", expected.join(", ")),
                    )
                })
            }
        };
        match failure {
            Ok(p) => break p,
            Err((offset, msg)) => {
                let pos = prepared.lines.locate(offset);
                let file = prepared
                    .lines
                    .files
                    .get(pos.file as usize)
                    .map_or(name.to_string(), |f| f.name.clone());
                let mut d = Diagnostic::error(file, pos.line, pos.column, msg);
                if !opts.keep_going || skipped.len() >= MAX_SKIPPED {
                    return Err(Box::new(d));
                }
                // Blank the top-level declaration holding the error and parse again: lang-c
                // has no error recovery, so this is how one bad declaration spares the rest.
                let (start, end) =
                    declaration_bounds(prepared.text.as_bytes(), prepared.prelude_len, offset);
                // a range already blank would fail the same way again
                if !blank(&mut prepared.text, start, end) {
                    return Err(Box::new(d));
                }
                d.severity = crate::diag::Severity::Warning;
                d.message.push_str(" (declaration skipped: --keep-going)");
                skipped.push(d);
            }
        }
    };
    let target = match &opts.preprocess.target {
        Some(t) => preprocess::target::Target::parse(t)
            .map_err(|e| Box::new(Diagnostic::plain(name, e)))?,
        None => preprocess::target::Target::host(),
    };
    let mut lowered = lower::lower(&parsed.unit, &prepared, pp, &scope, &target);
    let mut included: Vec<String> = pp.files.iter().map(|f| f.path.clone()).collect();
    included.sort();
    included.dedup();
    lowered.header.path = name.to_string();
    lowered.header.included_headers = included;
    lowered.header.target = target.triple().to_string();
    lowered.header.object_macros = pp.object_macro_names();
    let mut warnings = skipped;
    warnings.extend(lowered.warnings);
    Ok(Parsed {
        header: lowered.header,
        warnings,
    })
}

/// Computes the scope and blanks the out-of-scope declarations nothing in scope can need:
/// function prototypes, function definitions and variables of the C library and other
/// headers (typedefs, struct/union/enum definitions and anything else stay, for name
/// resolution). This spares lang-c and the lowering most of libc.
fn skip_out_of_scope(
    prepared: &mut text::Prepared,
    pp: &preprocess::Output,
    opts: &ParseOptions,
) -> scope::Scope {
    let chunks = top_level_chunks(prepared.text.as_bytes(), prepared.prelude_len);
    let main = pp
        .files
        .iter()
        .find(|f| f.included_from.is_none())
        .map_or("", |f| f.path.as_str());
    let file_of = |off: usize| prepared.lines.locate(off).file;
    // An input that declares nothing itself is an umbrella: what it includes is in scope.
    let umbrella = !chunks.iter().any(|c| {
        let f = file_of(c.first);
        prepared
            .lines
            .files
            .get(f as usize)
            .is_some_and(|m| m.name == main)
    });
    let scope = scope::Scope::new(pp, &prepared.lines, &opts.scope, umbrella);
    let mut blank_ranges: Vec<(usize, usize)> = Vec::new();
    for c in &chunks {
        if !c.has_typedef && !c.has_record_body && !scope.contains(file_of(c.first)) {
            blank_ranges.push((c.start, c.end));
        }
    }
    for (s, e) in blank_ranges {
        blank(&mut prepared.text, s, e);
    }
    scope
}

/// Overwrites `text[start..end]` with spaces, keeping its newlines and its length (every
/// byte of a non-ASCII character becomes a space too: lang-c rejects them outside string
/// literals). `start..end` must lie on character boundaries (top-level declarations do: they
/// start and end at ASCII characters). Returns whether anything changed.
fn blank(text: &mut str, start: usize, end: usize) -> bool {
    if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    // SAFETY: every byte of the range, which holds whole characters, becomes an ASCII space
    // or stays a newline, so the text stays UTF-8.
    let bytes = unsafe { text.as_bytes_mut() };
    let mut changed = false;
    for b in &mut bytes[start..end] {
        if *b != b'\n' && *b != b' ' {
            *b = b' ';
            changed = true;
        }
    }
    changed
}

/// A top-level declaration of the prepared text.
struct Chunk {
    start: usize,
    end: usize,
    /// Offset of its first significant character.
    first: usize,
    has_typedef: bool,
    /// A `{` at file scope that is not a function body: a struct, union or enum definition
    /// or an initializer.
    has_record_body: bool,
}

/// Splits the text after `from` into top-level declarations (ends: a `;` at depth 0 or the
/// `}` of a function body). Strings, character constants and `#` lines are skipped.
fn top_level_chunks(text: &[u8], from: usize) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut i = from;
    let mut cur = Chunk {
        start: from,
        end: from,
        first: usize::MAX,
        has_typedef: false,
        has_record_body: false,
    };
    let mut last_sig = b';';
    let mut body_at_depth0 = false;
    let close = |cur: &mut Chunk, end: usize, out: &mut Vec<Chunk>| {
        cur.end = end;
        if cur.first != usize::MAX {
            out.push(Chunk { ..*cur });
        }
        *cur = Chunk {
            start: end,
            end,
            first: usize::MAX,
            has_typedef: false,
            has_record_body: false,
        };
    };
    while i < text.len() {
        let c = text[i];
        if c == b'#' && (i == 0 || text[i - 1] == b'\n') {
            while i < text.len() && text[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if !c.is_ascii_whitespace() && cur.first == usize::MAX {
            cur.first = i;
        }
        match c {
            b'"' | b'\'' => {
                i += 1;
                while i < text.len() && text[i] != c && text[i] != b'\n' {
                    if text[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let s = i;
                while i < text.len() && (text[i].is_ascii_alphanumeric() || text[i] == b'_') {
                    i += 1;
                }
                if depth == 0 && &text[s..i] == b"typedef" {
                    cur.has_typedef = true;
                }
                last_sig = b'a';
                continue;
            }
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b'{' => {
                if depth == 0 {
                    body_at_depth0 = last_sig == b')';
                    if !body_at_depth0 {
                        cur.has_record_body = true;
                    }
                }
                depth += 1;
            }
            b'}' => {
                depth -= 1;
                if depth == 0 && body_at_depth0 {
                    body_at_depth0 = false;
                    close(&mut cur, i + 1, &mut out);
                    last_sig = b';';
                    i += 1;
                    continue;
                }
            }
            b';' if depth == 0 => {
                close(&mut cur, i + 1, &mut out);
                last_sig = b';';
                i += 1;
                continue;
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            last_sig = c;
        }
        i += 1;
    }
    close(&mut cur, text.len(), &mut out);
    out
}

/// The byte range of the top-level declaration that holds `offset` (see
/// [`top_level_chunks`]).
fn declaration_bounds(text: &[u8], from: usize, offset: usize) -> (usize, usize) {
    top_level_chunks(text, from)
        .into_iter()
        .find(|c| offset < c.end)
        .map_or((from, text.len()), |c| (c.start, c.end))
}

#[cfg(test)]
mod tests {
    /// A name and a generator of nested text of a given depth.
    type Shape = (&'static str, fn(usize) -> String);

    use super::*;

    #[test]
    fn blanking_keeps_length_and_newlines_and_clears_non_ascii() {
        let mut t = String::from("int a;\nint caf\u{e9}\n(;\nint b;");
        let (s, e) = (7, t.find("(;").unwrap() + 2);
        assert!(blank(&mut t, s, e));
        assert_eq!(t, format!("int a;\n{}\n  \nint b;", " ".repeat(9)));
        // nothing left to blank: no progress
        assert!(!blank(&mut t, s, e));
        // not on character boundaries: refused
        let mut u = String::from("\u{e9}\u{e9}");
        assert!(!blank(&mut u, 1, 3));
        assert_eq!(u, "\u{e9}\u{e9}");
    }

    /// `--keep-going` skips a declaration whose error is at a non-ASCII character (lang-c
    /// takes no UTF-8 identifiers) instead of parsing the whole text a hundred times over.
    #[test]
    fn keep_going_skips_a_declaration_with_non_ascii_characters() {
        let mut opts = ParseOptions {
            keep_going: true,
            ..ParseOptions::default()
        };
        opts.preprocess.nostdinc = true;
        let p = parse_code("t.h", "int x\u{1F600};\nint y;\n", &opts, &FileCache::new())
            .expect("the bad declaration is skipped");
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
        let names: Vec<_> = p
            .header
            .declarations
            .iter()
            .filter_map(|d| d.name())
            .collect();
        assert_eq!(names, ["y"]);
    }

    /// An out-of-scope prototype is blanked whole, non-ASCII characters of its strings
    /// included (a stray `é` left behind was a syntax error in the system header).
    #[test]
    fn out_of_scope_prototypes_with_non_ascii_strings_are_blanked() {
        let dir = tempfile::tempdir().unwrap();
        let sys = dir.path().join("sys");
        let app = dir.path().join("app");
        std::fs::create_dir_all(&sys).unwrap();
        std::fs::create_dir_all(&app).unwrap();
        std::fs::write(
            sys.join("inc.h"),
            "void f(void) __attribute__((deprecated(\"caf\u{e9}\")));\n",
        )
        .unwrap();
        let main = app.join("main.h");
        std::fs::write(&main, "#include <inc.h>\nint y;\n").unwrap();
        let mut opts = ParseOptions::default();
        opts.preprocess.nostdinc = true;
        opts.preprocess.system_dirs = vec![sys];
        let p = parse_file(&main, &opts, &FileCache::new()).expect("parses");
        let names: Vec<_> = p
            .header
            .declarations
            .iter()
            .filter_map(|d| d.name())
            .collect();
        assert_eq!(names, ["y"]);
    }

    fn nostdinc(keep_going: bool) -> ParseOptions {
        let mut opts = ParseOptions {
            keep_going,
            ..ParseOptions::default()
        };
        opts.preprocess.nostdinc = true;
        opts
    }

    /// Runs `f` on a thread with the 2 MiB stack of rayon workers and spawned threads.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(f)
            .unwrap()
            .join()
            .unwrap()
    }

    /// Nesting up to the limit parses (lang-c and the lowering recurse on their own large
    /// stack: 250 nested struct definitions overflowed a 2 MiB stack at about 76 levels);
    /// beyond it, an error at the token that crosses the limit instead of a stack overflow.
    #[test]

    fn deep_nesting_is_bounded_whatever_the_callers_stack() {
        let shapes: &[Shape] = &[
            ("parentheses", |n| {
                format!("int {}x{};", "(".repeat(n), ")".repeat(n))
            }),
            ("expression", |n| {
                format!("int a[{}1{}];", "(".repeat(n), ")".repeat(n))
            }),
            ("structs", |n| {
                format!("{}int x;{};", "struct {".repeat(n), "} m;".repeat(n))
            }),
            ("pointers", |n| format!("int {}x;", "*".repeat(n))),
            ("negations", |n| format!("int a[{}1];", "- ".repeat(n))),
            ("casts", |n| format!("int a[{}1];", "(int)".repeat(n / 3))),
            ("initializer", |n| {
                format!("int x = {}1{};", "{".repeat(n), "}".repeat(n))
            }),
            ("function pointers", |n| {
                format!("int {}f{};", "(*".repeat(n / 2), ")(void)".repeat(n / 2))
            }),
        ];
        for &(what, make) in shapes {
            let ok = make(250);
            let deep = make(5000);
            let (ok, deep) = on_small_stack(move || {
                let cache = FileCache::new();
                (
                    parse_code("t.h", &ok, &nostdinc(false), &cache).map(|p| p.header),
                    parse_code("t.h", &deep, &nostdinc(false), &cache).map(|p| p.header),
                )
            });
            assert!(ok.is_ok(), "{what}: {ok:?}");
            let e = deep.expect_err(what);
            assert!(e.message.contains("nested too deeply"), "{what}: {e}");
            assert_eq!(e.line, 1, "{what}: {e}");
            assert!(e.col > 250, "{what}: {e}");
        }
    }

    /// With `--keep-going`, a declaration nested too deeply is skipped like a syntax error.
    #[test]
    fn keep_going_skips_a_declaration_nested_too_deeply() {
        let src = format!("int a;\nint b[{}1];\nint c;\n", "-".repeat(1000));
        let p = parse_code("t.h", &src, &nostdinc(true), &FileCache::new()).unwrap();
        let names: Vec<_> = p
            .header
            .declarations
            .iter()
            .filter_map(|d| d.name())
            .collect();
        assert_eq!(names, ["a", "c"]);
        assert_eq!(p.warnings.len(), 1);
        assert_eq!((p.warnings[0].line, p.warnings[0].col), (2, 262));
    }

    #[test]
    fn declaration_bounds_find_the_enclosing_declaration() {
        let t = b"int a; struct s { int x; } v; int f(void) { return 1; } int g;";
        let at = |needle: &str| {
            t.windows(needle.len())
                .position(|w| w == needle.as_bytes())
                .unwrap()
        };
        let (s, e) = declaration_bounds(t, 0, at("int x"));
        assert_eq!(
            std::str::from_utf8(&t[s..e]).unwrap().trim(),
            "struct s { int x; } v;"
        );
        let (s, e) = declaration_bounds(t, 0, at("return"));
        assert_eq!(
            std::str::from_utf8(&t[s..e]).unwrap().trim(),
            "int f(void) { return 1; }"
        );
        let (s, e) = declaration_bounds(t, 0, at("int g"));
        assert_eq!(std::str::from_utf8(&t[s..e]).unwrap().trim(), "int g;");
    }
}
