//! `headerkit::parse::text::prepare` on the corpus (`tests/corpus/libraries.psv`): every
//! installed header, preprocessed by our preprocessor and prepared, must parse with stock
//! lang-c (GNU flavour); the rewriting must keep lengths and newlines; no struct may come out
//! as a function definition (the hiredis `struct __attribute__((packed)) sdshdr8 {…}` trap);
//! `locate` must agree with a naive line-marker scan at every top-level declaration.
//!
//! Headers whose package is not installed are skipped with a note; `HK_CORPUS=zlib,sdl2` checks
//! only the libraries named. `-- --nocapture` prints the
//! time `prepare` takes per header (meaningful in a release build).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use headerkit::parse::text::{Note, Prepared, prepare};
use headerkit::preprocess::{FileCache, MacroArg, Options, preprocess_file};
use lang_c::ast::{DeclaratorKind, DerivedDeclarator, ExternalDeclaration};
use lang_c::driver::{Config, parse_preprocessed};
use lang_c::visit::Visit;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

struct Case {
    name: String,
    header: PathBuf,
    opts: Options,
}

fn options(prelude: &str, flags: &str) -> Options {
    let mut opts = Options::default();
    for inc in prelude.split(['<', '>']).skip(1).step_by(2) {
        opts.forced_includes.push(PathBuf::from(inc.trim()));
    }
    let mut words = flags.split_whitespace();
    while let Some(w) = words.next() {
        let mut arg = |prefix: &str| match &w[prefix.len()..] {
            "" => words.next().unwrap_or_default().to_string(),
            rest => rest.to_string(),
        };
        if w.starts_with("-isystem") {
            opts.system_dirs.push(Path::new(ROOT).join(arg("-isystem")));
        } else if w.starts_with("-I") {
            opts.include_dirs.push(Path::new(ROOT).join(arg("-I")));
        } else if w.starts_with("-D") {
            opts.macros.push(MacroArg::Define(arg("-D")));
        } else if w.starts_with("-U") {
            opts.macros.push(MacroArg::Undef(arg("-U")));
        } else {
            panic!("libraries.psv: unknown flag {w}");
        }
    }
    opts
}

fn cases() -> Vec<Case> {
    let list = Path::new(ROOT).join("tests/corpus/libraries.psv");
    let text = std::fs::read_to_string(&list).unwrap();
    let sys = [
        PathBuf::from("/usr/local/include"),
        PathBuf::from(format!("/usr/include/{}-linux-gnu", std::env::consts::ARCH)),
        PathBuf::from("/usr/include"),
    ];
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('|').map(str::trim).collect();
        let [name, package, prelude, include, flags, _link] = f[..] else {
            panic!("libraries.psv: expected 6 fields: {line}");
        };
        if let Ok(only) = std::env::var("HK_CORPUS")
            && !only.split(',').any(|n| n == name)
        {
            continue;
        }
        let opts = options(prelude, flags);
        match opts
            .include_dirs
            .iter()
            .chain(&sys)
            .map(|d| d.join(include))
            .find(|p| p.is_file())
        {
            Some(header) => out.push(Case {
                name: name.to_string(),
                header,
                opts,
            }),
            None => {
                eprintln!("parse_text: skipping {name}: <{include}> not found (install {package})")
            }
        }
    }
    out
}

/// The name a declarator declares, if any.
fn declarator_name(d: &lang_c::ast::Declarator) -> Option<&str> {
    match &d.kind.node {
        DeclaratorKind::Identifier(id) => Some(&id.node.name),
        DeclaratorKind::Declarator(inner) => declarator_name(&inner.node),
        DeclaratorKind::Abstract => None,
    }
}

/// Whether a declarator declares a function (a function suffix at some level).
fn is_function_declarator(d: &lang_c::ast::Declarator) -> bool {
    d.derived.iter().any(|x| {
        matches!(
            x.node,
            DerivedDeclarator::Function(_) | DerivedDeclarator::KRFunction(_)
        )
    }) || matches!(&d.kind.node, DeclaratorKind::Declarator(inner) if is_function_declarator(&inner.node))
}

/// (file, line) of each offset in `offsets` (ascending), by walking the prepared text line by
/// line and following the markers: the obvious way, to check `LineIndex` against.
fn naive_locations(p: &Prepared, offsets: &[usize]) -> Vec<(String, u32)> {
    let mut out = Vec::with_capacity(offsets.len());
    let mut file = "<input>".to_string();
    let mut line = 1u32;
    let mut next = 0;
    let mut start = p.prelude_len;
    let text = p.text.as_bytes();
    while next < offsets.len() {
        let end = text[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |k| start + k);
        let l = &p.text[start..end];
        let mut marker = None;
        if let Some(rest) = l.strip_prefix('#') {
            let mut parts = rest.split_whitespace();
            if let Some(n) = parts.next().and_then(|n| n.parse::<u32>().ok())
                && let Some(q) = rest.find('"')
            {
                let name_end = rest.rfind('"').unwrap();
                marker = Some((rest[q + 1..name_end].replace("\\\\", "\\"), n));
            }
        }
        while next < offsets.len() && offsets[next] <= end {
            assert!(marker.is_none(), "a declaration on a marker line");
            out.push((file.clone(), line));
            next += 1;
        }
        match marker {
            Some((f, n)) => {
                file = f;
                line = n;
            }
            None => line += 1,
        }
        start = end + 1;
    }
    out
}

struct Struct<'a> {
    names: &'a mut Vec<String>,
}

impl<'ast> Visit<'ast> for Struct<'_> {
    fn visit_struct_type(
        &mut self,
        s: &'ast lang_c::ast::StructType,
        span: &'ast lang_c::span::Span,
    ) {
        if let (Some(id), Some(_)) = (&s.identifier, &s.declarations) {
            self.names.push(id.node.name.clone());
        }
        lang_c::visit::visit_struct_type(self, s, span);
    }
}

/// What `check` learned about one header.
struct Checked {
    /// The time `prepare` took.
    took: Duration,
    /// Tags of the structs and unions defined.
    structs: Vec<String>,
    /// Names of the function definitions.
    functions: Vec<String>,
    prepared: Prepared,
}

/// Prepares, checks and parses one preprocessed text.
fn check(name: &str, pp: &[u8]) -> Checked {
    let t = Instant::now();
    let p = prepare(pp);
    let took = t.elapsed();

    // Length and newlines preserved.
    let body = &p.text.as_bytes()[p.prelude_len..];
    assert_eq!(body.len(), pp.len(), "{name}: length changed");
    let nl = |b: &[u8]| memchr::memchr_iter(b'\n', b).collect::<Vec<_>>();
    assert!(nl(body) == nl(pp), "{name}: newlines moved");
    assert!(
        p.notes.windows(2).all(|w| w[0].0 <= w[1].0),
        "{name}: notes not sorted"
    );

    let parsed = match parse_preprocessed(&Config::with_gcc(), p.text.clone()) {
        Ok(x) => x,
        Err(e) => {
            let pos = p.lines.locate(e.offset);
            let line_start = p.text[..e.offset].rfind('\n').map_or(0, |k| k + 1);
            let line_end = p.text[e.offset..]
                .find('\n')
                .map_or(p.text.len(), |k| e.offset + k);
            panic!(
                "{name}: lang-c fails at {}:{}:{}: expected {:?}\n{}<<HERE>>{}",
                p.lines.file_name(pos),
                pos.line,
                pos.column,
                e.expected,
                &p.text[line_start..e.offset],
                &p.text[e.offset..line_end]
            );
        }
    };

    let mut offsets = Vec::new();
    let mut functions = Vec::new();
    for d in &parsed.unit.0 {
        if d.span.start < p.prelude_len {
            continue;
        }
        offsets.push(d.span.start);
        if let ExternalDeclaration::FunctionDefinition(f) = &d.node {
            let decl = &f.node.declarator.node;
            functions.extend(declarator_name(decl).map(str::to_string));
            assert!(
                is_function_declarator(decl),
                "{name}: function definition of a non-function {:?} at {:?}",
                declarator_name(decl),
                p.lines.locate(d.span.start)
            );
            // A blanked body.
            assert!(
                matches!(&f.node.statement.node, lang_c::ast::Statement::Compound(v) if v.is_empty()),
                "{name}: function body not blanked"
            );
        }
    }
    assert!(!offsets.is_empty(), "{name}: nothing declared");
    let naive = naive_locations(&p, &offsets);
    for (&o, (file, line)) in offsets.iter().zip(&naive) {
        let pos = p.lines.locate(o);
        assert_eq!(
            (p.lines.file_name(pos), pos.line),
            (file.as_str(), *line),
            "{name}: locate({o}) disagrees with the markers"
        );
        let line_start = p.text[..o].rfind('\n').map_or(0, |k| k + 1);
        assert_eq!(
            pos.column as usize,
            o - line_start + 1,
            "{name}: column at {o}"
        );
    }

    let mut names = Vec::new();
    Struct { names: &mut names }.visit_translation_unit(&parsed.unit);
    Checked {
        took,
        structs: names,
        functions,
        prepared: p,
    }
}

#[test]
fn corpus_parses_with_lang_c() {
    let cases = cases();
    let cache = FileCache::new();
    let mut total = Duration::ZERO;
    let mut bytes = 0usize;
    for case in &cases {
        let pp = preprocess_file(&case.header, &case.opts, &cache)
            .unwrap_or_else(|e| panic!("{}: preprocessing fails: {e:?}", case.name));
        let Checked {
            took,
            structs,
            functions,
            prepared,
        } = check(&case.name, &pp.text);
        total += took;
        bytes += pp.text.len();
        eprintln!(
            "parse_text: {:<8} {:>9} bytes  prepare {:>8.3} ms",
            case.name,
            pp.text.len(),
            took.as_secs_f64() * 1e3
        );
        if case.name == "hiredis" {
            // sds.h: `struct __attribute__ ((__packed__)) sdshdr8 {…}` must be a struct, not
            // a K&R function definition named sdshdr8.
            for s in ["sdshdr5", "sdshdr8", "sdshdr16", "sdshdr32", "sdshdr64"] {
                assert!(
                    structs.iter().any(|n| n == s),
                    "hiredis: struct {s} not defined"
                );
                assert!(
                    !functions.iter().any(|n| n == s),
                    "hiredis: {s} is a function"
                );
            }
        }
        if case.name == "sodium" {
            // crypto_generichash_blake2b.h: #pragma pack(push, 1) … #pragma pack(pop).
            let packs: Vec<&Note> = prepared
                .notes
                .iter()
                .map(|(_, n)| n)
                .filter(|n| matches!(n, Note::Pack(_)))
                .collect();
            assert_eq!(packs, [&Note::Pack(Some(1)), &Note::Pack(None)]);
        }
    }
    eprintln!(
        "parse_text: {} headers, {bytes} bytes, prepare {:.3} ms in all",
        cases.len(),
        total.as_secs_f64() * 1e3
    );
}

/// SDL2 as `gcc -E` preprocesses it (1.8 MB with GCC's x86 intrinsics headers, thousands of
/// inline bodies): a stress test of body blanking. Skipped without gcc or SDL2.
#[test]
fn sdl2_preprocessed_by_gcc() {
    let header = Path::new("/usr/include/SDL2/SDL.h");
    if !header.is_file() {
        eprintln!("parse_text: skipping: no SDL2");
        return;
    }
    let out = match Command::new("gcc")
        .args(["-E", "-I/usr/include/SDL2", "-D_REENTRANT"])
        .arg(header)
        .output()
    {
        Ok(o) if o.status.success() => o.stdout,
        _ => {
            eprintln!("parse_text: skipping: gcc -E fails or is missing");
            return;
        }
    };
    let took = check("sdl2 (gcc -E)", &out).took;
    // Best of a few runs for the timing.
    let best = (0..5)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(prepare(std::hint::black_box(&out)));
            t.elapsed()
        })
        .min()
        .unwrap()
        .min(took);
    eprintln!(
        "parse_text: sdl2 (gcc -E) {} bytes  prepare {:.3} ms (best of 6)",
        out.len(),
        best.as_secs_f64() * 1e3
    );
}
