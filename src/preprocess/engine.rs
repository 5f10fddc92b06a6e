//! Translation phase 4: directives, conditional inclusion, source file inclusion and macro
//! expansion (C17 6.10), driven token by token.
//!
//! Token flow: file frames (one per open `#include`, each lexed whole on entry) feed a stack
//! of expansion contexts. A macro's replacement is pushed as a context and the macro is
//! disabled until that context is exhausted; an identifier naming a disabled macro is painted
//! [`NO_EXPAND`] for good (the standard's non-replacement rule). Function-like macro
//! arguments are collected across context ends (re-enabling the macros whose contexts end),
//! which is how gcc resolves the standard's `f(2)(9)` example.

use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

use super::builtin;
use super::date::{self, Civil};
use super::expr::{self, CharModel};
use super::files::{self, FileBytes, FileCache};
use super::intern::{Interner, Sym, sym};
use super::lexer;
use super::output::Printer;
use super::target::{Env, Os, Target};
use super::token::*;
use super::{IncludedFile, MacroArg, MacroDef, MacroOrigin, Options, Output};
use crate::diag::{Diagnostic, Severity};

/// `#include` nesting limit (gcc's default).
const MAX_INCLUDE_DEPTH: usize = 200;
/// Bound on macro expansion contexts open at once: only runaway input comes near it.
const MAX_CONTEXT_DEPTH: usize = 10_000;
/// Bound on the tokens all macro expansions of a job may produce (exponential macros).
const MAX_EXPANDED_TOKENS: usize = 50_000_000;
/// Bound on nested full expansions of token lists (a macro call in an argument of a macro call
/// in an argument …). Each level recurses through `expand_list`; 200 levels fit in a 2 MiB
/// thread stack even in a debug build, where some 400 overflowed it and aborted the process.
const MAX_LIST_NESTING: usize = 200;

type Result<T> = std::result::Result<T, Box<Diagnostic>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Builtin {
    File,
    FileName,
    Line,
    Counter,
    IncludeLevel,
    BaseFile,
    Date,
    Time,
    Timestamp,
    /// `__has_include` and friends: only meaningful inside `#if`.
    HasOperator,
}

#[derive(Debug, Clone)]
struct Macro {
    /// `None` for object-like macros.
    params: Option<Vec<Sym>>,
    variadic: bool,
    body: Vec<Token>,
    loc: Loc,
    builtin: Option<Builtin>,
    origin: MacroOrigin,
    seq: u32,
    disabled: bool,
}

impl Macro {
    fn same_definition(&self, other: &Macro) -> bool {
        const SIG: u8 = LEADING_SPACE | PASTE_LEFT | PASTE_SPACE | STRINGIFY;
        self.params == other.params
            && self.variadic == other.variadic
            && self.body.len() == other.body.len()
            && self.body.iter().zip(&other.body).all(|(a, b)| {
                a.kind == b.kind && a.sym == b.sym && (a.flags & SIG) == (b.flags & SIG)
            })
    }
}

/// Bytes of a source file: from disk (shared through the cache) or built into the binary.
#[derive(Clone)]
pub(super) enum Src {
    Disk(FileBytes),
    Static(&'static str),
    Owned(std::rc::Rc<[u8]>),
}

impl Src {
    fn bytes(&self) -> &[u8] {
        match self {
            Src::Disk(b) => b,
            Src::Static(s) => s.as_bytes(),
            Src::Owned(b) => b,
        }
    }
}

struct FileEntry {
    /// The presumed name: as printed in line markers and diagnostics.
    name: String,
    src: Option<Src>,
    system: bool,
    /// Not a real file (`<built-in>`, `<command-line>`).
    virtual_file: bool,
    /// Lines of `src` are renumbered by `#line`, so snippets cannot be looked up.
    renumbered: bool,
}

struct Frame {
    file: u32,
    toks: Vec<Token>,
    pos: usize,
    cond_base: usize,
    /// Index in the search chain of the directory the file was found in.
    dir_index: Option<usize>,
    included_at: Option<Loc>,
    key: PathBuf,
    /// Macro of a `#ifndef X` that opens the file, while it may still be an include guard.
    guard: Option<Sym>,
    /// Token index just after the guard's `#endif` line.
    guard_end: Option<usize>,
    /// Directory used for `#include "..."` relative look-ups.
    dir: PathBuf,
}

struct Cond {
    loc: Loc,
    directive: &'static str,
    taken: bool,
    seen_else: bool,
}

struct Context {
    toks: Vec<Token>,
    pos: usize,
    mac: Option<Sym>,
}

#[derive(Debug, Clone)]
struct SearchDir {
    path: PathBuf,
    system: bool,
    builtin: bool,
}

struct Found {
    /// Named with quotes in the `#include`.
    quoted: bool,
    display: String,
    key: PathBuf,
    dir_index: Option<usize>,
    system: bool,
    src: Src,
    dir: PathBuf,
}

/// The macros live at the end of a job, kept in the engine's own form; [`MacroDef`]s are
/// made from it only when asked for (most runs never need them).
#[derive(Clone)]
pub(super) struct MacroTable {
    /// Full expansions of object-like macros, when asked for (`Options::expand_macros`).
    expansions: FxHashMap<Sym, String>,
    interner: Interner,
    macros: Vec<(Sym, Macro)>,
    file_names: Vec<std::sync::Arc<str>>,
}

impl std::fmt::Debug for MacroTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MacroTable({} macros)", self.macros.len())
    }
}

impl MacroTable {
    pub(super) fn len(&self) -> usize {
        self.macros.len()
    }

    /// The names of the object-like macros with a non-empty body that a `#define` in a file
    /// made (not predefined, not from the command line), in definition order.
    pub(super) fn object_names(&self) -> Vec<String> {
        self.macros
            .iter()
            .filter(|(_, m)| {
                m.params.is_none() && m.origin == MacroOrigin::Source && !m.body.is_empty()
            })
            .map(|(name, _)| self.interner.text(*name).into_owned())
            .collect()
    }

    /// Every macro in definition order.
    pub(super) fn defs(&self) -> Vec<MacroDef> {
        self.defs_where(|_| true)
    }

    /// The macros defined by the files for which `keep(file)` holds.
    pub(super) fn defs_where(&self, keep: impl Fn(&str) -> bool) -> Vec<MacroDef> {
        let text = |s: Sym| self.interner.text(s).into_owned();
        let file_ok: Vec<bool> = self.file_names.iter().map(|f| keep(f)).collect();
        self.macros
            .iter()
            .filter(|(_, m)| file_ok.get(m.loc.file as usize).copied().unwrap_or(false))
            .map(|(name, m)| MacroDef {
                name: text(*name),
                params: m.params.as_ref().map(|ps| {
                    ps.iter()
                        .enumerate()
                        .map(
                            |(i, &p)| match (m.variadic && i + 1 == ps.len(), p == sym::VA_ARGS) {
                                (true, true) => "...".to_string(),
                                (true, false) => format!("{}...", text(p)),
                                _ => text(p),
                            },
                        )
                        .collect()
                }),
                variadic: m.variadic,
                body: body_text(m, &self.interner),
                file: self
                    .file_names
                    .get(m.loc.file as usize)
                    .cloned()
                    .unwrap_or_else(|| "".into()),
                line: m.loc.line,
                origin: m.origin,
                expansion: self.expansions.get(name).cloned(),
            })
            .collect()
    }
}

/// The arguments of one macro call while its replacement list is being built.
struct Subst<'a> {
    args: &'a [Vec<Token>],
    expanded: Vec<Option<Vec<Token>>>,
    /// Index of the variable argument, for variadic macros.
    va: Option<usize>,
    /// The call gave no variable argument at all (`f(x)` for `f(x, ...)`).
    va_absent: bool,
}

enum Entered {
    Yes,
    No,
    Token(Token),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum IncludeKind {
    Include,
    Next,
    Import,
}

pub(super) struct Engine<'c> {
    opts: &'c Options,
    cache: &'c FileCache,
    interner: Interner,
    macros: FxHashMap<Sym, Macro>,
    seq: u32,
    origin: MacroOrigin,
    files: Vec<FileEntry>,
    frames: Vec<Frame>,
    conds: Vec<Cond>,
    contexts: Vec<Context>,
    search: Vec<SearchDir>,
    angle_start: usize,
    once: FxHashSet<PathBuf>,
    guards: FxHashMap<PathBuf, Sym>,
    pushed: FxHashMap<Sym, Vec<Option<Macro>>>,
    counter: u32,
    printer: Printer,
    warnings: Vec<Diagnostic>,
    chars: CharModel,
    base_file: String,
    time: Civil,
    included: Vec<IncludedFile>,
    target: Target,
    expanded_tokens: usize,
    /// How many `expand_list` calls are running (they nest for arguments of arguments).
    list_depth: usize,
    /// Set when a directive runs; tells a macro name that its '(' came after one.
    directive_seen: bool,
    poisoned: FxHashSet<Sym>,
    /// How many dynamic macros (`__LINE__`, `__COUNTER__`...) were expanded so far.
    dynamic_uses: u64,
    /// Token buffers of closed files, reused for the next files (fewer large allocations).
    spare_tokens: Vec<Vec<Token>>,
}

impl<'c> Engine<'c> {
    pub(super) fn new(opts: &'c Options, cache: &'c FileCache) -> Result<Engine<'c>> {
        let target = match &opts.target {
            Some(t) => Target::parse(t).map_err(|e| Box::new(Diagnostic::plain("headerkit", e)))?,
            None => Target::host(),
        };
        let dm = target.data_model();
        let chars = CharModel {
            char_signed: dm.char_signed,
            wchar_bits: dm.wchar.size * 8,
            wchar_signed: !dm.wchar_type.contains("unsigned"),
        };
        let (search, angle_start) = build_search(opts, &target);
        let mut e = Engine {
            opts,
            cache,
            interner: Interner::new(),
            macros: FxHashMap::default(),
            seq: 0,
            origin: MacroOrigin::Predefined,
            files: Vec::new(),
            frames: Vec::new(),
            conds: Vec::new(),
            contexts: Vec::new(),
            search,
            angle_start,
            once: FxHashSet::default(),
            guards: FxHashMap::default(),
            pushed: FxHashMap::default(),
            counter: 0,
            printer: Printer::new(opts.line_markers && !opts.dump_macros, !opts.dump_macros),
            warnings: Vec::new(),
            chars,
            base_file: String::new(),
            time: date::civil(date::build_time()),
            included: Vec::new(),
            target,
            expanded_tokens: 0,
            list_depth: 0,
            directive_seen: false,
            poisoned: FxHashSet::default(),
            spare_tokens: Vec::new(),
            dynamic_uses: 0,
        };
        e.define_builtins();
        Ok(e)
    }

    fn define_builtins(&mut self) {
        let list: &[(&str, Builtin)] = &[
            ("__FILE__", Builtin::File),
            ("__FILE_NAME__", Builtin::FileName),
            ("__LINE__", Builtin::Line),
            ("__COUNTER__", Builtin::Counter),
            ("__INCLUDE_LEVEL__", Builtin::IncludeLevel),
            ("__BASE_FILE__", Builtin::BaseFile),
            ("__DATE__", Builtin::Date),
            ("__TIME__", Builtin::Time),
            ("__TIMESTAMP__", Builtin::Timestamp),
            ("__has_include", Builtin::HasOperator),
            ("__has_include_next", Builtin::HasOperator),
            ("__has_attribute", Builtin::HasOperator),
            ("__has_builtin", Builtin::HasOperator),
            ("__has_feature", Builtin::HasOperator),
            ("__has_extension", Builtin::HasOperator),
            ("__has_c_attribute", Builtin::HasOperator),
            ("__has_cpp_attribute", Builtin::HasOperator),
        ];
        for &(name, b) in list {
            let s = self.interner.intern_str(name);
            self.macros.insert(
                s,
                Macro {
                    params: None,
                    variadic: false,
                    body: Vec::new(),
                    loc: Loc::default(),
                    builtin: Some(b),
                    origin: MacroOrigin::Predefined,
                    seq: 0,
                    disabled: false,
                },
            );
        }
    }

    // ----------------------------------------------------------------------------------
    // Driving a translation unit
    // ----------------------------------------------------------------------------------

    /// Preprocesses `main` (shown as `name`) after the predefined and command-line macros.
    pub(super) fn run(mut self, name: &str, main: Src) -> Result<Output> {
        self.base_file = name.to_string();
        let predefined = if self.opts.undef {
            Target::std_only_source()
        } else {
            self.target.predefined_source()
        };
        // The opening markers follow gcc's: the main file, then the two virtual files.
        self.printer.marker(u32::MAX, 0, name, "");
        self.origin = MacroOrigin::Predefined;
        self.run_virtual("<built-in>", predefined.into_bytes())?;

        self.origin = MacroOrigin::CommandLine;
        let mut cmdline = String::new();
        for m in &self.opts.macros {
            match m {
                MacroArg::Define(d) => {
                    let d = d.lines().next().unwrap_or("");
                    match d.split_once('=') {
                        Some((n, v)) => cmdline.push_str(&format!("#define {n} {v}\n")),
                        None => cmdline.push_str(&format!("#define {d} 1\n")),
                    }
                }
                MacroArg::Undef(u) => cmdline.push_str(&format!("#undef {u}\n")),
            }
        }
        if let Some(p) = self.implicit_predef() {
            cmdline.push_str(&format!("#include \"{}\"\n", escape_path(&p)));
        }
        for inc in &self.opts.forced_includes {
            cmdline.push_str(&format!(
                "#include \"{}\"\n",
                escape_path(&inc.to_string_lossy())
            ));
        }
        self.run_virtual("<command-line>", cmdline.into_bytes())?;

        self.origin = MacroOrigin::Source;
        let dir = Path::new(name)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let key = if name == "<stdin>" {
            PathBuf::from(name)
        } else {
            files::identity(Path::new(name))
        };
        let found = Found {
            quoted: false,
            display: name.to_string(),
            key,
            dir_index: None,
            system: false,
            src: main,
            dir,
        };
        self.push_file(found, None)?;
        self.drive(0)?;
        Ok(self.finish())
    }

    fn run_virtual(&mut self, name: &str, text: Vec<u8>) -> Result<()> {
        let id = self.add_file(
            name.to_string(),
            Some(Src::Owned(text.clone().into())),
            false,
        );
        self.files[id as usize].virtual_file = true;
        self.printer.marker(id, 0, name, "");
        let toks = self.lex(id, &text)?;
        self.frames.push(Frame {
            file: id,
            toks,
            pos: 0,
            cond_base: self.conds.len(),
            dir_index: None,
            included_at: None,
            key: PathBuf::from(name),
            guard: None,
            guard_end: None,
            dir: PathBuf::new(),
        });
        self.drive(0)
    }

    /// `stdc-predef.h`, which gcc includes implicitly on GNU/Linux, if the system has one.
    fn implicit_predef(&self) -> Option<String> {
        if self.opts.nostdinc || self.target.os() != Os::Linux || self.target.env() != Env::Gnu {
            return None;
        }
        self.search
            .iter()
            .filter(|d| d.system && !d.builtin)
            .map(|d| files::join(&d.path, "stdc-predef.h"))
            .find(|p| self.cache.get(p).is_some())
            .map(|p| p.to_string_lossy().into_owned())
    }

    /// Runs until the frame stack is back to `depth` frames.
    fn drive(&mut self, depth: usize) -> Result<()> {
        loop {
            let t = self.next_expanded()?;
            match t.kind {
                Kind::Eof => {
                    self.end_of_file()?;
                    if self.frames.len() == depth {
                        return Ok(());
                    }
                }
                Kind::Pragma => {
                    let text = self.interner.get(t.sym).to_vec();
                    self.printer.directive(&text, t.loc);
                    self.resync_after_directive(t.loc);
                }
                Kind::End => return Err(self.error(t.loc, "internal error: stray end of list")),
                _ => {
                    if t.has(UNTERMINATED) {
                        let q = self
                            .interner
                            .get(t.sym)
                            .iter()
                            .find(|&&c| c == b'"' || c == b'\'')
                            .copied();
                        return Err(self.error(
                            t.loc,
                            format!(
                                "missing terminating {} character",
                                q.map_or('\'', char::from)
                            ),
                        ));
                    }
                    self.printer.token(&t, &self.interner);
                }
            }
        }
    }

    fn resync_after_directive(&mut self, loc: Loc) {
        if let Some(f) = self.frames.last() {
            let name = self.files[f.file as usize].name.clone();
            // Line numbers wrap like gcc's after `#line 4294967295`.
            let next = loc.line.wrapping_add(1);
            if self.printer.line_of_output() != next && !self.files[f.file as usize].virtual_file {
                self.printer.marker(f.file, next, &name, "");
            }
        }
    }

    fn end_of_file(&mut self) -> Result<()> {
        let f = self.frames.last().expect("a frame is open");
        if self.conds.len() > f.cond_base {
            let c = self.conds.last().expect("a conditional is open");
            return Err(self.error(c.loc, format!("unterminated #{}", c.directive)));
        }
        let mut f = self.frames.pop().expect("a frame is open");
        if let (Some(g), Some(end)) = (f.guard, f.guard_end)
            && end == f.toks.len()
        {
            self.guards.insert(f.key.clone(), g);
        }
        self.spare_tokens.push(std::mem::take(&mut f.toks));
        if let (Some(parent), Some(at)) = (self.frames.last(), f.included_at) {
            let pf = &self.files[parent.file as usize];
            let flags = if pf.system { "2 3 4" } else { "2" };
            let line = if pf.virtual_file {
                0
            } else {
                at.line.wrapping_add(1)
            };
            let name = pf.name.clone();
            self.printer.marker(parent.file, line, &name, flags);
        }
        Ok(())
    }

    fn finish(mut self) -> Output {
        let expansions = if self.opts.expand_macros {
            self.expand_object_macros()
        } else {
            FxHashMap::default()
        };
        let mut macros: Vec<(Sym, Macro)> = self
            .macros
            .into_iter()
            .filter(|(_, m)| m.builtin.is_none())
            .collect();
        macros.sort_by_key(|(_, m)| m.seq);
        let file_names = self
            .files
            .iter()
            .map(|f| std::sync::Arc::from(f.name.as_str()))
            .collect();
        Output {
            text: self.printer.finish(),
            files: self.included,
            warnings: self.warnings,
            search_dirs: self
                .search
                .iter()
                .skip(self.angle_start)
                .map(|d| super::SearchDir {
                    path: d.path.clone(),
                    system: d.system,
                    builtin: d.builtin,
                })
                .collect(),
            table: MacroTable {
                expansions,
                interner: self.interner,
                macros,
                file_names,
            },
        }
    }

    /// The full macro expansion of every object-like macro defined in a source file, as
    /// later stages evaluate it (`#define E UV__ERR(ENOENT)` → `(-(2))`). A macro whose
    /// expansion fails has none.
    fn expand_object_macros(&mut self) -> FxHashMap<Sym, String> {
        let names: Vec<(Sym, Loc)> = self
            .macros
            .iter()
                        .filter(|(_, m)| {
                m.builtin.is_none()
                    && m.params.is_none()
                    && m.origin == MacroOrigin::Source
                    // a body that names no macro and pastes nothing expands to itself
                    && m.body.iter().any(|t| {
                        t.has(PASTE_LEFT) || (t.kind == Kind::Ident && self.macros.contains_key(&t.sym))
                    })
            })
            .map(|(&s, m)| (s, m.loc))
            .collect();
        let mut out = FxHashMap::default();
        for (name, loc) in names {
            let tok = Token::new(Kind::Ident, name, loc);
            let depth = self.contexts.len();
            let dynamic_before = self.dynamic_uses;
            let Ok(toks) = self.expand_list(&[tok]) else {
                self.contexts.truncate(depth);
                for m in self.macros.values_mut() {
                    m.disabled = false;
                }
                continue;
            };
            // `#define L __LINE__` has no value of its own: it depends on where it is used
            if self.dynamic_uses != dynamic_before {
                continue;
            }
            let mut s = Vec::new();
            for (i, t) in toks.iter().enumerate() {
                if i > 0 {
                    s.push(b' ');
                }
                s.extend_from_slice(spelling(t, &self.interner));
            }
            out.insert(name, String::from_utf8_lossy(&s).into_owned());
        }
        out
    }

    // ----------------------------------------------------------------------------------
    // Files
    // ----------------------------------------------------------------------------------

    fn add_file(&mut self, name: String, src: Option<Src>, system: bool) -> u32 {
        self.files.push(FileEntry {
            name,
            src,
            system,
            virtual_file: false,
            renumbered: false,
        });
        (self.files.len() - 1) as u32
    }

    fn lex(&mut self, file: u32, bytes: &[u8]) -> Result<Vec<Token>> {
        let buf = self.spare_tokens.pop().unwrap_or_default();
        lexer::lex_into(bytes, file, &mut self.interner, buf).map_err(|e| {
            self.error(
                Loc {
                    file,
                    line: e.line,
                    col: e.col,
                },
                e.message,
            )
        })
    }

    fn push_file(&mut self, f: Found, included_at: Option<Loc>) -> Result<()> {
        if self.frames.len() >= MAX_INCLUDE_DEPTH {
            let at = included_at.unwrap_or_default();
            return Err(self.error(
                at,
                format!(
                    "#include nested depth {} exceeds maximum of {MAX_INCLUDE_DEPTH}",
                    self.frames.len()
                ),
            ));
        }
        let id = self.add_file(f.display.clone(), Some(f.src.clone()), f.system);
        let toks = match self.lex(id, f.src.bytes()) {
            Ok(t) => t,
            Err(mut d) => {
                // the chain must include the directive that brought this file in
                if let Some(at) = included_at {
                    let parent = self.files[at.file as usize].name.clone();
                    d.included_from.insert(0, (parent, at.line));
                }
                return Err(d);
            }
        };
        let guard = detect_guard_open(&toks);
        self.included.push(IncludedFile {
            path: f.display.clone(),
            system: f.system,
            included_from: included_at.map(|l| (self.files[l.file as usize].name.clone(), l.line)),
            quoted: f.quoted,
        });
        self.frames.push(Frame {
            file: id,
            toks,
            pos: 0,
            cond_base: self.conds.len(),
            dir_index: f.dir_index,
            included_at,
            key: f.key,
            guard,
            guard_end: None,
            dir: f.dir,
        });
        let flags = match (included_at.is_some(), f.system) {
            (true, true) => "1 3 4",
            (true, false) => "1",
            (false, _) => "",
        };
        self.printer.marker(id, 1, &f.display, flags);
        Ok(())
    }

    /// Finds `name` for an include; `from` is the first index of the search chain to try,
    /// `quote_dir` the including file's directory for `"..."` forms.
    fn find_include(&self, name: &str, quote_dir: Option<&Path>, from: usize) -> Option<Found> {
        if Path::new(name).is_absolute() {
            let p = PathBuf::from(name);
            let system = self
                .search
                .iter()
                .any(|d| d.system && !d.builtin && p.starts_with(&d.path));
            return self.cache.get(&p).map(|b| Found {
                quoted: false,
                display: name.to_string(),
                key: files::identity(&p),
                dir_index: None,
                system,
                src: Src::Disk(b),
                dir: p.parent().map(Path::to_path_buf).unwrap_or_default(),
            });
        }
        if let Some(dir) = quote_dir {
            let p = files::join(dir, name);
            if let Some(b) = self.cache.get(&p) {
                let system = self
                    .frames
                    .last()
                    .is_some_and(|f| self.files[f.file as usize].system);
                return Some(Found {
                    quoted: false,
                    display: p.to_string_lossy().into_owned(),
                    key: files::identity(&p),
                    dir_index: None,
                    system,
                    dir: p.parent().map(Path::to_path_buf).unwrap_or_default(),
                    src: Src::Disk(b),
                });
            }
        }
        for (i, d) in self.search.iter().enumerate().skip(from) {
            if d.builtin {
                if let Some(text) = builtin::lookup(name) {
                    let display = format!("{}/{name}", builtin::BUILTIN_DIR);
                    return Some(Found {
                        quoted: false,
                        key: PathBuf::from(&display),
                        display,
                        dir_index: Some(i),
                        system: true,
                        src: Src::Static(text),
                        dir: PathBuf::from(builtin::BUILTIN_DIR),
                    });
                }
                continue;
            }
            let p = files::join(&d.path, name);
            if let Some(b) = self.cache.get(&p) {
                return Some(Found {
                    quoted: false,
                    display: p.to_string_lossy().into_owned(),
                    key: files::identity(&p),
                    dir_index: Some(i),
                    system: d.system,
                    dir: p.parent().map(Path::to_path_buf).unwrap_or_default(),
                    src: Src::Disk(b),
                });
            }
        }
        None
    }

    /// Resolves an include of `name` as the current file would.
    fn resolve(&self, name: &str, angled: bool, kind: IncludeKind) -> Option<Found> {
        let f = self.frames.last()?;
        if kind == IncludeKind::Next {
            let from = f.dir_index.map_or(self.angle_start, |i| i + 1);
            return self.find_include(name, None, from);
        }
        if angled {
            self.find_include(name, None, self.angle_start)
        } else if f.dir.as_os_str() == builtin::BUILTIN_DIR {
            // a built-in header including a sibling with quotes
            let from = self.search.iter().position(|d| d.builtin).unwrap_or(0);
            self.find_include(name, None, from)
        } else {
            self.find_include(name, Some(&f.dir), 0)
        }
    }

    // ----------------------------------------------------------------------------------
    // Token sources
    // ----------------------------------------------------------------------------------

    /// Next token of the current file, running directives and skipping dead groups; `Eof`
    /// (repeatedly) at the end of the file.
    fn lex_file(&mut self) -> Result<Token> {
        loop {
            let f = self.frames.last_mut().expect("a frame is open");
            let Some(&t) = f.toks.get(f.pos) else {
                let line = f.toks.last().map_or(1, |t| t.loc.line.wrapping_add(1));
                return Ok(Token {
                    kind: Kind::Eof,
                    flags: BOL,
                    sym: sym::EMPTY,
                    loc: Loc {
                        file: f.file,
                        line,
                        col: 1,
                    },
                });
            };
            f.pos += 1;
            if t.kind == Kind::Ident && !self.poisoned.is_empty() && self.poisoned.contains(&t.sym)
            {
                return Err(self.error(
                    t.loc,
                    format!("attempt to use poisoned \"{}\"", self.interner.text(t.sym)),
                ));
            }
            if t.kind == Kind::Punct && t.sym == sym::HASH && t.has(BOL) {
                self.directive_seen = true;
                if let Some(p) = self.directive(t)? {
                    return Ok(p);
                }
                continue;
            }
            return Ok(t);
        }
    }

    /// Next token with no macro expansion at this level (contexts first, then the file).
    fn next_unexpanded(&mut self) -> Result<Token> {
        while let Some(ctx) = self.contexts.last_mut() {
            if let Some(&t) = ctx.toks.get(ctx.pos) {
                if t.kind != Kind::End {
                    ctx.pos += 1;
                }
                return Ok(t);
            }
            let ctx = self.contexts.pop().expect("checked above");
            if let Some(m) = ctx.mac
                && let Some(m) = self.macros.get_mut(&m)
            {
                m.disabled = false;
            }
        }
        self.lex_file()
    }

    fn push_back(&mut self, t: Token) {
        self.contexts.push(Context {
            toks: vec![t],
            pos: 0,
            mac: None,
        });
    }

    /// Next fully macro-expanded token.
    fn next_expanded(&mut self) -> Result<Token> {
        loop {
            let mut t = self.next_unexpanded()?;
            if t.kind != Kind::Ident || t.has(NO_EXPAND) {
                return Ok(t);
            }
            if t.sym == sym::PRAGMA_OP {
                match self.pragma_operator(t)? {
                    Some(p) => return Ok(p),
                    None => continue,
                }
            }
            let Some(m) = self.macros.get(&t.sym) else {
                return Ok(t);
            };
            if m.disabled {
                t.flags |= NO_EXPAND;
                return Ok(t);
            }
            match self.enter_macro(t)? {
                Entered::Yes => continue,
                Entered::No => return Ok(t),
                Entered::Token(r) => return Ok(r),
            }
        }
    }

    /// Fully expands a token list on its own (a macro argument, a directive line).
    fn expand_list(&mut self, toks: &[Token]) -> Result<Vec<Token>> {
        if let Some(first) = toks.first()
            && self.list_depth >= MAX_LIST_NESTING
        {
            return Err(self.error(
                first.loc,
                format!("macro arguments nested too deeply (more than {MAX_LIST_NESTING} levels)"),
            ));
        }
        self.list_depth += 1;
        let r = self.expand_list_inner(toks);
        self.list_depth -= 1;
        r
    }

    fn expand_list_inner(&mut self, toks: &[Token]) -> Result<Vec<Token>> {
        let mut list = Vec::with_capacity(toks.len() + 1);
        list.extend_from_slice(toks);
        list.push(Token::new(Kind::End, sym::EMPTY, Loc::default()));
        let depth = self.contexts.len();
        self.contexts.push(Context {
            toks: list,
            pos: 0,
            mac: None,
        });
        let mut out = Vec::with_capacity(toks.len());
        loop {
            let t = self.next_expanded()?;
            if t.kind == Kind::End {
                break;
            }
            out.push(t);
        }
        self.contexts.truncate(depth);
        Ok(out)
    }

    // ----------------------------------------------------------------------------------
    // Macro expansion
    // ----------------------------------------------------------------------------------

    fn enter_macro(&mut self, name: Token) -> Result<Entered> {
        if self.contexts.len() > MAX_CONTEXT_DEPTH {
            return Err(self.error(name.loc, "macro expansion nested too deeply"));
        }
        let m = &self.macros[&name.sym];
        if let Some(b) = m.builtin {
            return self.builtin_token(b, name).map(Entered::Token);
        }
        let Some(params) = &m.params else {
            let body = m.body.clone();
            let toks = if body.iter().any(|t| t.has(PASTE_LEFT)) {
                self.paste_all(body)?
            } else {
                body
            };
            self.push_expansion(name, toks)?;
            return Ok(Entered::Yes);
        };
        let nparams = params.len();
        let variadic = m.variadic;
        // A function-like macro name not followed by '(' is not an invocation; nor is one
        // whose '(' comes after a directive line (gcc).
        self.directive_seen = false;
        let next = self.next_unexpanded()?;
        if !next.is_punct(sym::LPAREN) || self.directive_seen {
            if !next.is_end() {
                self.push_back(next);
            }
            return Ok(Entered::No);
        }
        // The definition in force at the call is used even if an argument #undefs it.
        let body = self.macros[&name.sym].body.clone();
        let (args, va_absent) = self.collect_args(name, nparams, variadic)?;
        let toks = self.substitute(&body, variadic, &args, va_absent)?;
        self.push_expansion(name, toks)?;
        Ok(Entered::Yes)
    }

    fn push_expansion(&mut self, name: Token, mut toks: Vec<Token>) -> Result<()> {
        if toks.is_empty() {
            return Ok(());
        }
        self.expanded_tokens += toks.len();
        if self.expanded_tokens > MAX_EXPANDED_TOKENS {
            return Err(self.error(
                name.loc,
                format!(
                    "macro expansion of \"{}\" exceeds {MAX_EXPANDED_TOKENS} tokens",
                    self.interner.text(name.sym)
                ),
            ));
        }
        for t in toks.iter_mut() {
            t.loc = name.loc;
            t.flags &= !BOL;
        }
        toks[0].flags = (toks[0].flags & !LEADING_SPACE) | (name.flags & (LEADING_SPACE | BOL));
        if let Some(m) = self.macros.get_mut(&name.sym) {
            m.disabled = true;
        }
        self.contexts.push(Context {
            toks,
            pos: 0,
            mac: Some(name.sym),
        });
        Ok(())
    }

    /// Collects the arguments of a call whose '(' was just read. Also says whether the
    /// variable argument was left out entirely (not merely empty).
    fn collect_args(
        &mut self,
        name: Token,
        nparams: usize,
        variadic: bool,
    ) -> Result<(Vec<Vec<Token>>, bool)> {
        let mut args: Vec<Vec<Token>> = Vec::new();
        let mut cur: Vec<Token> = Vec::new();
        let mut depth = 0usize;
        loop {
            let mut t = self.next_unexpanded()?;
            if t.is_end() {
                return Err(self.error(
                    name.loc,
                    format!(
                        "unterminated argument list invoking macro \"{}\"",
                        self.interner.text(name.sym)
                    ),
                ));
            }
            if t.kind == Kind::Pragma {
                // A #pragma inside arguments is written out before the expansion (gcc).
                let text = self.interner.get(t.sym).to_vec();
                self.printer.directive(&text, t.loc);
                continue;
            }
            if t.has(BOL) {
                t.flags = (t.flags & !BOL) | LEADING_SPACE;
            }
            if t.kind == Kind::Ident
                && !t.has(NO_EXPAND)
                && let Some(m) = self.macros.get(&t.sym)
                && m.disabled
            {
                t.flags |= NO_EXPAND;
            }
            if t.kind == Kind::Punct {
                match t.sym {
                    sym::LPAREN => depth += 1,
                    sym::RPAREN if depth == 0 => {
                        args.push(cur);
                        break;
                    }
                    sym::RPAREN => depth -= 1,
                    sym::COMMA if depth == 0 && !(variadic && args.len() + 1 >= nparams) => {
                        args.push(std::mem::take(&mut cur));
                        continue;
                    }
                    _ => {}
                }
            }
            cur.push(t);
        }
        let name_text = self.interner.text(name.sym).into_owned();
        if nparams == 0 {
            if args.len() == 1 && args[0].is_empty() {
                args.clear();
            } else {
                return Err(self.error(
                    name.loc,
                    format!(
                        "macro \"{name_text}\" passed {} arguments, but takes just 0",
                        args.len()
                    ),
                ));
            }
        } else if args.len() < nparams {
            if variadic && args.len() + 1 == nparams {
                args.push(Vec::new());
                return Ok((args, true));
            } else {
                return Err(self.error(
                    name.loc,
                    format!(
                        "macro \"{name_text}\" requires {nparams} arguments, but only {} given",
                        args.len()
                    ),
                ));
            }
        } else if args.len() > nparams {
            return Err(self.error(
                name.loc,
                format!(
                    "macro \"{name_text}\" passed {} arguments, but takes just {nparams}",
                    args.len()
                ),
            ));
        }
        // gcc: with only a variable parameter, an empty argument counts as left out.
        let absent = variadic && nparams == 1 && args[0].is_empty();
        Ok((args, absent))
    }

    /// Replaces the parameters of `body` by the arguments and performs `#` and `##`
    /// (C17 6.10.3.1–3, C23 `__VA_OPT__`, GNU comma deletion).
    fn substitute(
        &mut self,
        body: &[Token],
        variadic: bool,
        args: &[Vec<Token>],
        va_absent: bool,
    ) -> Result<Vec<Token>> {
        let mut sub = Subst {
            args,
            expanded: vec![None; args.len()],
            va: if variadic { Some(args.len() - 1) } else { None },
            va_absent,
        };
        let out = self.subst_range(body, 0, body.len(), &mut sub)?;
        if out
            .iter()
            .any(|t| t.has(PASTE_LEFT) || t.kind == Kind::Placemarker)
        {
            self.paste_all(out)
        } else {
            Ok(out)
        }
    }

    fn subst_range(
        &mut self,
        body: &[Token],
        start: usize,
        end: usize,
        sub: &mut Subst<'_>,
    ) -> Result<Vec<Token>> {
        let args = sub.args;
        let va = sub.va;
        let mut out: Vec<Token> = Vec::with_capacity(end - start);
        let placemarker = |loc| Token::new(Kind::Placemarker, sym::EMPTY, loc);
        let mut i = start;
        while i < end {
            let t = body[i];
            if let (Some(va_index), true) = (va, t.kind == Kind::Ident && t.sym == sym::VA_OPT) {
                let close = match_paren(body, i + 1, end).unwrap_or(end - 1);
                // C23: present when the variable argument has tokens after expansion
                let present = !self.expanded_arg(sub, va_index)?.is_empty();
                let mut part = if present {
                    self.subst_range(body, i + 2, close, sub)?
                } else {
                    Vec::new()
                };
                if t.has(STRINGIFY) {
                    let pasted = self.paste_all(part)?;
                    part = vec![self.stringify(&pasted, t.loc)];
                }
                if part.is_empty() {
                    part.push(placemarker(t.loc));
                }
                part[0].flags = (part[0].flags & !LEADING_SPACE) | (t.flags & LEADING_SPACE);
                if body[close].has(PASTE_LEFT) {
                    part.last_mut().expect("non-empty").flags |= PASTE_LEFT;
                }
                out.extend(part);
                i = close + 1;
                continue;
            }
            if t.kind != Kind::Param {
                out.push(t);
                i += 1;
                continue;
            }
            let p = t.sym.0 as usize;
            if t.has(STRINGIFY) {
                let mut s = self.stringify(&args[p], t.loc);
                s.flags |= t.flags & (LEADING_SPACE | PASTE_LEFT);
                out.push(s);
                i += 1;
                continue;
            }
            let pasted_left = i > start && body[i - 1].has(PASTE_LEFT);
            let pasted_right = t.has(PASTE_LEFT);
            // GNU: `, ## __VA_ARGS__` drops the comma when the variable arguments are empty,
            // and pastes nothing otherwise.
            if pasted_left && Some(p) == va && out.last().is_some_and(|c| c.is_punct(sym::COMMA)) {
                if sub.va_absent {
                    out.pop();
                    if pasted_right {
                        let mut pm = placemarker(t.loc);
                        pm.flags |= PASTE_LEFT;
                        out.push(pm);
                    }
                } else {
                    out.last_mut().expect("checked").flags &= !PASTE_LEFT;
                    let mut seg = args[p].clone();
                    if let Some(first) = seg.first_mut() {
                        first.flags = (first.flags & !LEADING_SPACE) | (t.flags & LEADING_SPACE);
                    }
                    if pasted_right {
                        match seg.last_mut() {
                            Some(last) => last.flags |= PASTE_LEFT,
                            None => {
                                let mut pm = placemarker(t.loc);
                                pm.flags |= PASTE_LEFT;
                                seg.push(pm);
                            }
                        }
                    }
                    out.extend(seg);
                }
                i += 1;
                continue;
            }
            let mut seg = if pasted_left || pasted_right {
                args[p].clone()
            } else {
                self.expanded_arg(sub, p)?.to_vec()
            };
            if seg.is_empty() {
                seg.push(placemarker(t.loc));
            }
            seg[0].flags = (seg[0].flags & !LEADING_SPACE) | (t.flags & LEADING_SPACE);
            if pasted_right {
                seg.last_mut().expect("non-empty").flags |= PASTE_LEFT;
            }
            out.extend(seg);
            i += 1;
        }
        Ok(out)
    }

    /// Argument `p` fully macro-expanded on its own (computed once per call).
    fn expanded_arg<'s>(&mut self, sub: &'s mut Subst<'_>, p: usize) -> Result<&'s [Token]> {
        if sub.expanded[p].is_none() {
            sub.expanded[p] = Some(self.expand_list(&sub.args[p])?);
        }
        Ok(sub.expanded[p].as_deref().expect("just set"))
    }

    /// Performs the `##` operations marked in `toks` and drops placemarkers.
    fn paste_all(&mut self, toks: Vec<Token>) -> Result<Vec<Token>> {
        let mut res = Vec::with_capacity(toks.len());
        let mut i = 0;
        while i < toks.len() {
            let mut t = toks[i];
            while t.has(PASTE_LEFT) && i + 1 < toks.len() {
                t = self.paste(t, toks[i + 1])?;
                i += 1;
            }
            t.flags &= !PASTE_LEFT;
            if t.kind != Kind::Placemarker {
                res.push(t);
            }
            i += 1;
        }
        Ok(res)
    }

    fn paste(&mut self, l: Token, r: Token) -> Result<Token> {
        if l.kind == Kind::Placemarker {
            let mut r = r;
            r.flags = (r.flags & !LEADING_SPACE) | (l.flags & LEADING_SPACE);
            return Ok(r);
        }
        if r.kind == Kind::Placemarker {
            return Ok(Token {
                flags: (l.flags & !PASTE_LEFT) | (r.flags & PASTE_LEFT),
                ..l
            });
        }
        let mut text = spelling(&l, &self.interner).to_vec();
        text.extend_from_slice(spelling(&r, &self.interner));
        let lexed = lexer::lex(&text, l.loc.file, &mut self.interner);
        match lexed {
            Ok(v) if v.len() == 1 && !v[0].has(UNTERMINATED) && v[0].kind != Kind::HeaderName => {
                let mut t = v[0];
                t.loc = l.loc;
                t.flags = (l.flags & LEADING_SPACE) | (r.flags & PASTE_LEFT) | (t.flags & DIGRAPH);
                Ok(t)
            }
            _ => Err(self.error(
                l.loc,
                format!(
                    "pasting \"{}\" and \"{}\" does not give a valid preprocessing token",
                    String::from_utf8_lossy(spelling(&l, &self.interner)),
                    String::from_utf8_lossy(spelling(&r, &self.interner))
                ),
            )),
        }
    }

    /// The `#` operator: spells `toks` as a string literal (C17 6.10.3.2).
    fn stringify(&mut self, toks: &[Token], loc: Loc) -> Token {
        let mut s = vec![b'"'];
        let mut first = true;
        for t in toks {
            if t.kind == Kind::Placemarker {
                continue;
            }
            if !first && t.flags & (LEADING_SPACE | BOL) != 0 {
                s.push(b' ');
            }
            first = false;
            let sp = spelling(t, &self.interner);
            if matches!(t.kind, Kind::Str | Kind::Char) || t.has(UNTERMINATED) {
                for &c in sp {
                    if c == b'"' || c == b'\\' {
                        s.push(b'\\');
                    }
                    s.push(c);
                }
            } else {
                s.extend_from_slice(sp);
            }
        }
        s.push(b'"');
        Token::new(Kind::Str, self.interner.intern(&s), loc)
    }

    fn builtin_token(&mut self, b: Builtin, name: Token) -> Result<Token> {
        self.dynamic_uses += 1;
        let (kind, text) = match b {
            Builtin::File => {
                let f = self.current_real_frame_file();
                (Kind::Str, quote(&self.files[f as usize].name))
            }
            Builtin::Line => (Kind::Number, name.loc.line.to_string()),
            Builtin::FileName => {
                let f = self.current_real_frame_file();
                (Kind::Str, quote(file_name(&self.files[f as usize].name)))
            }
            Builtin::Counter => {
                self.counter += 1;
                (Kind::Number, (self.counter - 1).to_string())
            }
            // The main file, <built-in> and <command-line> are level 0; `-include` files 1.
            Builtin::IncludeLevel => (
                Kind::Number,
                self.frames.len().saturating_sub(1).to_string(),
            ),
            Builtin::BaseFile => (Kind::Str, quote(&self.base_file)),
            Builtin::Date => (Kind::Str, date::date_string(&self.time)),
            Builtin::Time => (Kind::Str, date::time_string(&self.time)),
            Builtin::Timestamp => (Kind::Str, date::timestamp_string(&self.time)),
            Builtin::HasOperator => {
                return Err(self.error(
                    name.loc,
                    format!(
                        "\"{}\" used outside of preprocessing directive",
                        self.interner.text(name.sym)
                    ),
                ));
            }
        };
        let sym = self.interner.intern_str(&text);
        Ok(Token {
            kind,
            flags: name.flags & LEADING_SPACE,
            sym,
            loc: name.loc,
        })
    }

    fn current_real_frame_file(&self) -> u32 {
        self.frames.last().map_or(0, |f| f.file)
    }

    // ----------------------------------------------------------------------------------
    // Directives
    // ----------------------------------------------------------------------------------

    /// The rest of the current logical line (the directive's tokens after `#`).
    fn read_line(&mut self) -> Vec<Token> {
        let f = self.frames.last_mut().expect("a frame is open");
        let start = f.pos;
        let mut end = start;
        while end < f.toks.len() && !f.toks[end].has(BOL) {
            end += 1;
        }
        f.pos = end;
        f.toks[start..end].to_vec()
    }

    /// Runs the directive whose `#` is `hash`; returns a token for the output if the
    /// directive passes through (`#pragma`, `#ident`).
    fn directive(&mut self, hash: Token) -> Result<Option<Token>> {
        let line = self.read_line();
        let Some(&name) = line.first() else {
            return Ok(None);
        };
        let rest = &line[1..];
        if name.kind == Kind::Number {
            // GNU line marker `# 33 "file" 1`
            self.do_line(&line, hash)?;
            return Ok(None);
        }
        if name.kind != Kind::Ident {
            return Err(self.error(
                name.loc,
                format!(
                    "invalid preprocessing directive #{}",
                    self.interner.text(name.sym)
                ),
            ));
        }
        match name.sym {
            sym::INCLUDE => self.do_include(IncludeKind::Include, rest, name)?,
            sym::INCLUDE_NEXT => self.do_include(IncludeKind::Next, rest, name)?,
            sym::IMPORT => self.do_include(IncludeKind::Import, rest, name)?,
            sym::DEFINE => self.do_define(rest, name)?,
            sym::UNDEF => self.do_undef(rest, name)?,
            sym::IF => {
                let v = self.eval_if(rest, name)?;
                self.open_cond(name, "if", v)?;
            }
            sym::IFDEF | sym::IFNDEF => {
                let v = self.eval_ifdef(rest, name)?;
                let v = if name.sym == sym::IFDEF { v } else { !v };
                self.open_cond(
                    name,
                    if name.sym == sym::IFDEF {
                        "ifdef"
                    } else {
                        "ifndef"
                    },
                    v,
                )?;
            }
            sym::ELIF | sym::ELSE | sym::ELIFDEF | sym::ELIFNDEF => {
                // The group before was live, so everything up to #endif is skipped.
                let is_else = name.sym == sym::ELSE;
                let c = self.current_cond(name)?;
                if c.seen_else {
                    let d = if is_else { "#else" } else { "#elif" };
                    return Err(self.error(name.loc, format!("{d} after #else")));
                }
                c.seen_else = is_else;
                self.cond_changed_branch();
                self.skip_group()?;
            }
            sym::ENDIF => {
                self.current_cond(name)?;
                self.close_cond();
            }
            sym::LINE => self.do_line(rest, hash)?,
            sym::ERROR => {
                let msg = self.spell_tokens(rest);
                return Err(self.error(name.loc, format!("#error {msg}")));
            }
            sym::WARNING => {
                let msg = self.spell_tokens(rest);
                self.warn(name.loc, format!("#warning {msg}"));
            }
            sym::PRAGMA => return self.do_pragma(rest, hash.loc),
            sym::IDENT | sym::SCCS => {
                let text = format!("ident {}", self.spell_tokens(rest));
                let s = self.interner.intern_str(&text);
                return Ok(Some(Token::new(Kind::Pragma, s, hash.loc)));
            }
            // Obsolete GNU assertions: accepted and ignored.
            sym::ASSERT | sym::UNASSERT => {}
            _ => {
                return Err(self.error(
                    name.loc,
                    format!(
                        "invalid preprocessing directive #{}",
                        self.interner.text(name.sym)
                    ),
                ));
            }
        }
        Ok(None)
    }

    fn spell_tokens(&self, toks: &[Token]) -> String {
        let mut s = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if i > 0 && t.flags & (LEADING_SPACE | BOL) != 0 {
                s.push(b' ');
            }
            s.extend_from_slice(spelling(t, &self.interner));
        }
        String::from_utf8_lossy(&s).into_owned()
    }

    fn do_include(&mut self, kind: IncludeKind, rest: &[Token], name: Token) -> Result<()> {
        let directive = self.interner.text(name.sym).into_owned();
        let (file, angled) = self.header_name(rest, name, &directive, true)?;
        let Some(found) = self.resolve(&file, angled, kind) else {
            let at = rest.first().map_or(name.loc, |t| t.loc);
            return Err(self.error(at, format!("{file}: No such file or directory")));
        };
        if self.once.contains(&found.key) {
            return Ok(());
        }
        if let Some(g) = self.guards.get(&found.key)
            && self.macros.contains_key(g)
        {
            return Ok(());
        }
        if kind == IncludeKind::Import {
            self.once.insert(found.key.clone());
        }
        let found = Found {
            quoted: !angled,
            ..found
        };
        self.push_file(found, Some(name.loc))
    }

    /// Parses the operand of `#include` (or `__has_include`): `"file"`, `<file>`, or tokens
    /// that macro-expand to one of those. Returns the name and whether it was `<...>`.
    fn header_name(
        &mut self,
        rest: &[Token],
        at: Token,
        what: &str,
        expand: bool,
    ) -> Result<(String, bool)> {
        let first = rest.first().copied();
        let (name, angled, used) = match first {
            Some(t) if t.kind == Kind::HeaderName => {
                let s = self.interner.get(t.sym);
                (
                    String::from_utf8_lossy(&s[1..s.len() - 1]).into_owned(),
                    true,
                    1,
                )
            }
            Some(t) if t.kind == Kind::Str && self.interner.get(t.sym).starts_with(b"\"") => {
                let s = self.interner.get(t.sym);
                (
                    String::from_utf8_lossy(&s[1..s.len() - 1]).into_owned(),
                    false,
                    1,
                )
            }
            Some(_) if expand => {
                let toks = self.expand_list(rest)?;
                return self.header_name_from_tokens(&toks, at, what);
            }
            Some(_) => return self.header_name_from_tokens(rest, at, what),
            None => {
                return Err(self.error(
                    at.loc,
                    format!("#{what} expects \"FILENAME\" or <FILENAME>"),
                ));
            }
        };
        if rest.len() > used && expand {
            self.warn(
                rest[used].loc,
                format!("extra tokens at end of #{what} directive"),
            );
        }
        if name.is_empty() {
            return Err(self.error(at.loc, format!("empty filename in #{what}")));
        }
        Ok((name, angled))
    }

    fn header_name_from_tokens(
        &mut self,
        toks: &[Token],
        at: Token,
        what: &str,
    ) -> Result<(String, bool)> {
        match toks.first() {
            Some(t) if t.kind == Kind::Str && self.interner.get(t.sym).starts_with(b"\"") => {
                let s = self.interner.get(t.sym);
                let name = String::from_utf8_lossy(&s[1..s.len() - 1]).into_owned();
                if name.is_empty() {
                    return Err(self.error(at.loc, format!("empty filename in #{what}")));
                }
                Ok((name, false))
            }
            Some(t) if t.is_punct(sym::LT) => {
                let mut s = Vec::new();
                for (i, t) in toks[1..].iter().enumerate() {
                    if t.is_punct(sym::GT) {
                        let name = String::from_utf8_lossy(&s).into_owned();
                        if name.is_empty() {
                            return Err(self.error(at.loc, format!("empty filename in #{what}")));
                        }
                        return Ok((name, true));
                    }
                    if i > 0 && t.has(LEADING_SPACE) {
                        s.push(b' ');
                    }
                    s.extend_from_slice(spelling(t, &self.interner));
                }
                Err(self.error(
                    at.loc,
                    format!("missing terminating > character in #{what}"),
                ))
            }
            _ => Err(self.error(
                at.loc,
                format!("#{what} expects \"FILENAME\" or <FILENAME>"),
            )),
        }
    }

    fn do_define(&mut self, rest: &[Token], directive: Token) -> Result<()> {
        let Some(&name) = rest.first() else {
            return Err(self.error(directive.loc, "no macro name given in #define directive"));
        };
        if name.kind != Kind::Ident {
            return Err(self.error(name.loc, "macro names must be identifiers"));
        }
        if name.sym == sym::DEFINED {
            return Err(self.error(name.loc, "\"defined\" cannot be used as a macro name"));
        }
        let mut i = 1;
        let mut params: Option<Vec<Sym>> = None;
        let mut variadic = false;
        if rest
            .get(1)
            .is_some_and(|t| t.is_punct(sym::LPAREN) && !t.has(LEADING_SPACE))
        {
            i = 2;
            let mut ps: Vec<Sym> = Vec::new();
            loop {
                let Some(&t) = rest.get(i) else {
                    return Err(self.error(directive.loc, "missing ')' in macro parameter list"));
                };
                i += 1;
                if t.is_punct(sym::RPAREN) && ps.is_empty() {
                    break;
                }
                if t.is_punct(sym::ELLIPSIS) {
                    ps.push(sym::VA_ARGS);
                    variadic = true;
                } else if t.kind == Kind::Ident && t.sym != sym::VA_ARGS {
                    if ps.contains(&t.sym) {
                        return Err(self.error(
                            t.loc,
                            format!(
                                "duplicate macro parameter \"{}\"",
                                self.interner.text(t.sym)
                            ),
                        ));
                    }
                    ps.push(t.sym);
                    if rest.get(i).is_some_and(|t| t.is_punct(sym::ELLIPSIS)) {
                        variadic = true;
                        i += 1;
                    }
                } else {
                    return Err(self.error(
                        t.loc,
                        "expected parameter name, found \"".to_string()
                            + &self.interner.text(t.sym)
                            + "\"",
                    ));
                }
                match rest.get(i) {
                    Some(t) if t.is_punct(sym::RPAREN) => {
                        i += 1;
                        break;
                    }
                    Some(t) if t.is_punct(sym::COMMA) && !variadic => i += 1,
                    Some(t) => {
                        let msg = if variadic {
                            "expected ')' after \"...\""
                        } else {
                            "expected ',' or ')'"
                        };
                        return Err(self.error(
                            t.loc,
                            format!("{msg}, found \"{}\"", self.interner.text(t.sym)),
                        ));
                    }
                    None => {
                        return Err(
                            self.error(directive.loc, "missing ')' in macro parameter list")
                        );
                    }
                }
            }
            params = Some(ps);
        } else if rest.get(1).is_some_and(|t| !t.has(LEADING_SPACE)) {
            self.warn(rest[1].loc, "missing whitespace after the macro name");
        }
        let body = self.parse_body(&rest[i..], params.as_deref(), variadic)?;
        let m = Macro {
            params,
            variadic,
            body,
            loc: name.loc,
            builtin: None,
            origin: self.origin,
            seq: self.seq,
            disabled: false,
        };
        self.seq += 1;
        if let Some(old) = self.macros.get(&name.sym) {
            if old.builtin.is_some() || !old.same_definition(&m) {
                let mut w = self.diag(
                    name.loc,
                    format!("\"{}\" redefined", self.interner.text(name.sym)),
                    Severity::Warning,
                );
                if old.builtin.is_none() {
                    let prev = &self.files[old.loc.file as usize].name;
                    w.notes.push(format!(
                        "{prev}:{}:{}: this is the location of the previous definition",
                        old.loc.line, old.loc.col
                    ));
                }
                self.warnings.push(w);
            } else {
                // identical redefinition: keep the original location and order
                return Ok(());
            }
        }
        self.macros.insert(name.sym, m);
        Ok(())
    }

    /// Turns a replacement list into its stored form: parameters become [`Kind::Param`],
    /// `#` and `##` become flags on their operands.
    fn parse_body(
        &mut self,
        toks: &[Token],
        params: Option<&[Sym]>,
        variadic: bool,
    ) -> Result<Vec<Token>> {
        let mut body: Vec<Token> = Vec::with_capacity(toks.len());
        let mut stringify_next: Option<Token> = None;
        let mut va_opt_depth: Option<usize> = None;
        let mut paren = 0usize;
        for (k, &t0) in toks.iter().enumerate() {
            let mut t = t0;
            if k == 0 {
                t.flags &= !LEADING_SPACE;
            }
            t.flags &= !BOL;
            if let Some(ps) = params {
                if t.kind == Kind::Ident {
                    if let Some(p) = ps.iter().position(|&p| p == t.sym) {
                        if t.sym != sym::VA_ARGS || variadic {
                            t.kind = Kind::Param;
                            t.sym = Sym(p as u32);
                        }
                    } else if t.sym == sym::VA_ARGS {
                        self.warn(
                            t.loc,
                            "__VA_ARGS__ can only appear in the expansion of a C99 variadic macro",
                        );
                    }
                }
                if let Some(h) = stringify_next.take() {
                    let is_va_opt = t.kind == Kind::Ident && t.sym == sym::VA_OPT && variadic;
                    if t.kind != Kind::Param && !is_va_opt {
                        return Err(self.error(h.loc, "'#' is not followed by a macro parameter"));
                    }
                    t.flags = (t.flags & !LEADING_SPACE) | (h.flags & LEADING_SPACE) | STRINGIFY;
                    body.push(t);
                    continue;
                }
                if t.is_punct(sym::HASH) {
                    stringify_next = Some(t);
                    continue;
                }
                if variadic && t.kind == Kind::Ident && t.sym == sym::VA_OPT {
                    if va_opt_depth.is_some() {
                        return Err(self.error(t.loc, "__VA_OPT__ may not appear in a __VA_OPT__"));
                    }
                    if !toks.get(k + 1).is_some_and(|n| n.is_punct(sym::LPAREN)) {
                        return Err(
                            self.error(t.loc, "__VA_OPT__ must be followed by an open parenthesis")
                        );
                    }
                    va_opt_depth = Some(paren);
                } else if t.is_punct(sym::LPAREN) {
                    paren += 1;
                } else if t.is_punct(sym::RPAREN) {
                    paren = paren.saturating_sub(1);
                    if va_opt_depth == Some(paren) {
                        va_opt_depth = None;
                    }
                }
            }
            if t.is_punct(sym::HASHHASH) {
                if body.is_empty() || k + 1 == toks.len() {
                    return Err(self.error(
                        t.loc,
                        "'##' cannot appear at either end of a macro expansion",
                    ));
                }
                let prev = body.last_mut().expect("checked");
                prev.flags |= PASTE_LEFT;
                if t.has(LEADING_SPACE) {
                    prev.flags |= PASTE_SPACE;
                }
                continue;
            }
            body.push(t);
        }
        if let Some(h) = stringify_next {
            return Err(self.error(h.loc, "'#' is not followed by a macro parameter"));
        }
        if va_opt_depth.is_some() {
            return Err(self.error(toks[0].loc, "unterminated __VA_OPT__"));
        }
        Ok(body)
    }

    fn do_undef(&mut self, rest: &[Token], directive: Token) -> Result<()> {
        let Some(&name) = rest.first() else {
            return Err(self.error(directive.loc, "no macro name given in #undef directive"));
        };
        if name.kind != Kind::Ident {
            return Err(self.error(name.loc, "macro names must be identifiers"));
        }
        if name.sym == sym::DEFINED {
            return Err(self.error(name.loc, "\"defined\" cannot be used as a macro name"));
        }
        if rest.len() > 1 {
            self.warn(rest[1].loc, "extra tokens at end of #undef directive");
        }
        if self
            .macros
            .get(&name.sym)
            .is_some_and(|m| m.builtin.is_some())
        {
            self.warn(
                name.loc,
                format!("undefining \"{}\"", self.interner.text(name.sym)),
            );
        }
        self.macros.remove(&name.sym);
        Ok(())
    }

    fn eval_ifdef(&mut self, rest: &[Token], directive: Token) -> Result<bool> {
        let Some(&name) = rest.first() else {
            let d = self.interner.text(directive.sym).into_owned();
            return Err(self.error(
                directive.loc,
                format!("no macro name given in #{d} directive"),
            ));
        };
        if name.kind != Kind::Ident {
            return Err(self.error(name.loc, "macro names must be identifiers"));
        }
        if rest.len() > 1 {
            let d = self.interner.text(directive.sym).into_owned();
            self.warn(
                rest[1].loc,
                format!("extra tokens at end of #{d} directive"),
            );
        }
        Ok(self.macros.contains_key(&name.sym))
    }

    fn open_cond(&mut self, at: Token, directive: &'static str, value: bool) -> Result<()> {
        self.conds.push(Cond {
            loc: at.loc,
            directive,
            taken: value,
            seen_else: false,
        });
        let f = self.frames.last_mut().expect("a frame is open");
        // Only the first directive of a file can open its include guard.
        if f.guard.is_some()
            && !(self.conds.len() == f.cond_base + 1
                && f.guard_end.is_none()
                && is_first_directive(f))
            && self.conds.len() == f.cond_base + 1
        {
            f.guard = None;
        }
        if !value { self.skip_group() } else { Ok(()) }
    }

    fn current_cond(&mut self, at: Token) -> Result<&mut Cond> {
        let base = self.frames.last().expect("a frame is open").cond_base;
        if self.conds.len() <= base {
            let d = self.interner.text(at.sym).into_owned();
            return Err(self.error(at.loc, format!("#{d} without #if")));
        }
        Ok(self.conds.last_mut().expect("checked"))
    }

    /// An `#elif`/`#else` on the file's outermost conditional: it is no include guard.
    fn cond_changed_branch(&mut self) {
        let f = self.frames.last_mut().expect("a frame is open");
        if self.conds.len() == f.cond_base + 1 {
            f.guard = None;
        }
    }

    fn close_cond(&mut self) {
        let f = self.frames.last_mut().expect("a frame is open");
        if self.conds.len() == f.cond_base + 1 && f.guard.is_some() && f.guard_end.is_none() {
            f.guard_end = Some(f.pos);
        }
        self.conds.pop();
    }

    /// Skips a dead group, up to the `#elif`/`#else` that revives it or the closing `#endif`.
    fn skip_group(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            let f = self.frames.last_mut().expect("a frame is open");
            let toks = &f.toks;
            let mut i = f.pos;
            while i < toks.len()
                && !(toks[i].has(BOL) && toks[i].kind == Kind::Punct && toks[i].sym == sym::HASH)
            {
                i += 1;
            }
            if i >= toks.len() {
                f.pos = toks.len();
                let c = self.conds.last().expect("skipping inside a conditional");
                return Err(self.error(c.loc, format!("unterminated #{}", c.directive)));
            }
            f.pos = i + 1;
            let Some(&name) = toks
                .get(i + 1)
                .filter(|t| !t.has(BOL) && t.kind == Kind::Ident)
            else {
                continue;
            };
            match name.sym {
                sym::IF | sym::IFDEF | sym::IFNDEF => depth += 1,
                sym::ENDIF if depth > 0 => depth -= 1,
                sym::ENDIF => {
                    f.pos = i + 2;
                    self.read_line();
                    self.close_cond();
                    return Ok(());
                }
                sym::ELSE if depth == 0 => {
                    f.pos = i + 2;
                    self.read_line();
                    let c = self.conds.last_mut().expect("inside a conditional");
                    if c.seen_else {
                        let loc = name.loc;
                        return Err(self.error(loc, "#else after #else"));
                    }
                    c.seen_else = true;
                    let revive = !c.taken;
                    c.taken = true;
                    self.cond_changed_branch();
                    if revive {
                        return Ok(());
                    }
                }
                sym::ELIF | sym::ELIFDEF | sym::ELIFNDEF if depth == 0 => {
                    f.pos = i + 2;
                    let rest = self.read_line();
                    self.cond_changed_branch();
                    let c = self.conds.last().expect("inside a conditional");
                    if c.seen_else {
                        return Err(self.error(name.loc, "#elif after #else"));
                    }
                    if c.taken {
                        continue;
                    }
                    let v = match name.sym {
                        sym::ELIF => self.eval_if(&rest, name)?,
                        sym::ELIFDEF => self.eval_ifdef(&rest, name)?,
                        _ => !self.eval_ifdef(&rest, name)?,
                    };
                    if v {
                        self.conds.last_mut().expect("inside a conditional").taken = true;
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
    }

    /// Evaluates a `#if`/`#elif` line.
    fn eval_if(&mut self, rest: &[Token], directive: Token) -> Result<bool> {
        let mut list = Vec::with_capacity(rest.len() + 1);
        list.extend_from_slice(rest);
        let end_loc = rest.last().map_or(directive.loc, |t| Loc {
            col: t.loc.col + 1,
            ..t.loc
        });
        list.push(Token::new(Kind::End, sym::EMPTY, end_loc));
        let depth = self.contexts.len();
        self.contexts.push(Context {
            toks: list,
            pos: 0,
            mac: None,
        });
        let mut out: Vec<Token> = Vec::with_capacity(rest.len());
        let r = self.collect_if_tokens(&mut out);
        self.contexts.truncate(depth);
        r?;
        expr::evaluate(&out, &self.interner, self.chars, end_loc)
            .map_err(|(loc, msg)| self.error(loc, msg))
    }

    fn collect_if_tokens(&mut self, out: &mut Vec<Token>) -> Result<()> {
        loop {
            let mut t = self.next_unexpanded()?;
            match t.kind {
                Kind::End => return Ok(()),
                Kind::Ident if !t.has(NO_EXPAND) => {}
                _ => {
                    out.push(t);
                    continue;
                }
            }
            let value = match t.sym {
                sym::DEFINED => Some(self.defined_operand(t)?),
                sym::HAS_INCLUDE | sym::HAS_INCLUDE_NEXT => Some(self.has_include_operand(t)?),
                sym::HAS_ATTRIBUTE
                | sym::HAS_BUILTIN
                | sym::HAS_FEATURE
                | sym::HAS_EXTENSION
                | sym::HAS_C_ATTRIBUTE
                | sym::HAS_CPP_ATTRIBUTE => Some(self.has_feature_operand(t)?),
                _ => None,
            };
            if let Some(v) = value {
                out.push(Token::new(
                    Kind::Number,
                    if v { sym::ONE } else { sym::ZERO },
                    t.loc,
                ));
                continue;
            }
            match self.macros.get(&t.sym) {
                Some(m) if m.disabled => {
                    t.flags |= NO_EXPAND;
                    out.push(t);
                }
                Some(_) => match self.enter_macro(t)? {
                    Entered::Yes => {}
                    Entered::No => out.push(t),
                    Entered::Token(r) => out.push(r),
                },
                None => out.push(t),
            }
        }
    }

    fn expect_punct(&mut self, s: Sym, after: Token, what: &str) -> Result<Token> {
        let t = self.next_unexpanded()?;
        if t.is_punct(s) {
            Ok(t)
        } else {
            let loc = if t.is_end() { after.loc } else { t.loc };
            Err(self.error(loc, what.to_string()))
        }
    }

    fn defined_operand(&mut self, at: Token) -> Result<bool> {
        let mut t = self.next_unexpanded()?;
        let paren = t.is_punct(sym::LPAREN);
        if paren {
            t = self.next_unexpanded()?;
        }
        if t.kind != Kind::Ident {
            return Err(self.error(
                if t.is_end() { at.loc } else { t.loc },
                "operator \"defined\" requires an identifier",
            ));
        }
        if paren {
            self.expect_punct(sym::RPAREN, t, "missing ')' after \"defined\"")?;
        }
        Ok(self.macros.contains_key(&t.sym))
    }

    fn has_include_operand(&mut self, at: Token) -> Result<bool> {
        let what = self.interner.text(at.sym).into_owned();
        self.expect_punct(sym::LPAREN, at, &format!("missing '(' after \"{what}\""))?;
        let mut toks = Vec::new();
        let mut depth = 0;
        loop {
            let t = self.next_unexpanded()?;
            if t.is_end() {
                return Err(self.error(at.loc, format!("missing ')' after \"{what}\" operand")));
            }
            if t.is_punct(sym::LPAREN) {
                depth += 1;
            } else if t.is_punct(sym::RPAREN) {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            toks.push(t);
        }
        let expand = !toks
            .first()
            .is_some_and(|t| t.kind == Kind::Str || t.is_punct(sym::LT));
        let toks = if expand {
            self.expand_list(&toks)?
        } else {
            toks
        };
        let (name, angled) = self.header_name_from_tokens(&toks, at, &what)?;
        let kind = if at.sym == sym::HAS_INCLUDE_NEXT {
            IncludeKind::Next
        } else {
            IncludeKind::Include
        };
        Ok(self.resolve(&name, angled, kind).is_some())
    }

    fn has_feature_operand(&mut self, at: Token) -> Result<bool> {
        let what = self.interner.text(at.sym).into_owned();
        self.expect_punct(sym::LPAREN, at, &format!("missing '(' after \"{what}\""))?;
        let mut name = self.next_unexpanded()?;
        if name.kind != Kind::Ident {
            return Err(self.error(
                if name.is_end() { at.loc } else { name.loc },
                format!("macro \"{what}\" requires an identifier"),
            ));
        }
        // scoped attribute names: gnu::packed (`::` is two `:` tokens in C17)
        let mut scope: Option<String> = None;
        let mut t = self.next_unexpanded()?;
        if t.is_punct(sym::COLON) {
            self.expect_punct(sym::COLON, t, "expected ':'")?;
            scope = Some(self.interner.text(name.sym).into_owned());
            name = self.next_unexpanded()?;
            t = self.next_unexpanded()?;
        }
        if !t.is_punct(sym::RPAREN) {
            return Err(self.error(
                if t.is_end() { at.loc } else { t.loc },
                format!("missing ')' after \"{what}\" operand"),
            ));
        }
        let n = self.interner.text(name.sym).into_owned();
        Ok(super::features::answer(at.sym, scope.as_deref(), &n))
    }

    fn do_line(&mut self, rest: &[Token], hash: Token) -> Result<()> {
        let toks = if rest.first().is_some_and(|t| t.kind == Kind::Number) {
            rest.to_vec()
        } else {
            self.expand_list(rest)?
        };
        let Some(num) = toks.first().filter(|t| t.kind == Kind::Number) else {
            let loc = toks.first().map_or(hash.loc, |t| t.loc);
            return Err(self.error(loc, "#line directive requires a positive integer argument"));
        };
        let digits = self.interner.text(num.sym).into_owned();
        let Ok(n) = digits.parse::<u32>() else {
            return Err(self.error(
                num.loc,
                format!("\"{digits}\" after #line is not a positive integer"),
            ));
        };
        let new_name = match toks.get(1) {
            Some(t) if t.kind == Kind::Str => {
                let s = self.interner.get(t.sym);
                Some(unescape(&s[1..s.len() - 1]))
            }
            Some(t)
                if rest.first().is_some_and(|t| t.kind == Kind::Number) && t.kind != Kind::Str =>
            {
                return Err(self.error(
                    t.loc,
                    format!("invalid filename \"{}\"", self.interner.text(t.sym)),
                ));
            }
            _ => None,
        };
        let last_line = rest.last().map_or(hash.loc.line, |t| t.loc.line);
        let delta = n as i64 - (last_line as i64 + 1);
        let f = self.frames.last().expect("a frame is open");
        let old_file = f.file;
        let new_file = match new_name {
            Some(name) => {
                let system = self.files[old_file as usize].system;
                let src = self.files[old_file as usize].src.clone();
                let id = self.add_file(name, src, system);
                self.files[id as usize].renumbered = true;
                id
            }
            None => old_file,
        };
        self.files[old_file as usize].renumbered = true;
        let f = self.frames.last_mut().expect("a frame is open");
        f.file = new_file;
        for t in &mut f.toks[f.pos..] {
            if t.loc.file == old_file {
                t.loc.file = new_file;
                t.loc.line = (t.loc.line as i64 + delta).max(0) as u32;
            }
        }
        let name = self.files[new_file as usize].name.clone();
        self.printer.marker(new_file, n, &name, "");
        Ok(())
    }

    fn do_pragma(&mut self, rest: &[Token], loc: Loc) -> Result<Option<Token>> {
        let first = rest.first().map(|t| t.sym);
        match first {
            Some(sym::ONCE) => {
                if let Some(f) = self.frames.last() {
                    self.once.insert(f.key.clone());
                }
                return Ok(None);
            }
            Some(sym::PUSH_MACRO) | Some(sym::POP_MACRO) => {
                if let Some(name) = self.pragma_macro_name(rest) {
                    let s = self.interner.intern_str(&name);
                    if first == Some(sym::PUSH_MACRO) {
                        let saved = self.macros.get(&s).cloned();
                        self.pushed.entry(s).or_default().push(saved);
                    } else if let Some(saved) = self.pushed.get_mut(&s).and_then(Vec::pop) {
                        match saved {
                            Some(mut m) => {
                                m.disabled = false;
                                self.macros.insert(s, m);
                            }
                            None => {
                                self.macros.remove(&s);
                            }
                        }
                    }
                }
                // consumed, like gcc -E
                return Ok(None);
            }
            Some(sym::GCC) => match rest.get(1).map(|t| t.sym) {
                Some(sym::SYSTEM_HEADER) => {
                    if let Some(f) = self.frames.last() {
                        let id = f.file;
                        if self.frames.len() > 1 && !self.files[id as usize].system {
                            self.files[id as usize].system = true;
                            let name = self.files[id as usize].name.clone();
                            self.printer
                                .marker(id, loc.line.wrapping_add(1), &name, "3");
                        }
                    }
                    return Ok(None);
                }
                Some(sym::POISON) => {
                    for t in &rest[2..] {
                        if t.kind != Kind::Ident {
                            return Err(self.error(t.loc, "invalid #pragma GCC poison directive"));
                        }
                        if self.macros.get(&t.sym).is_some_and(|m| m.builtin.is_none()) {
                            self.warn(
                                t.loc,
                                format!(
                                    "poisoning existing macro \"{}\"",
                                    self.interner.text(t.sym)
                                ),
                            );
                        }
                        self.poisoned.insert(t.sym);
                    }
                    return Ok(None);
                }
                Some(s) if s == sym::WARNING || s == sym::ERROR => {
                    let msg = match &rest[2..] {
                        [t] if t.kind == Kind::Str => {
                            let b = self.interner.get(t.sym);
                            unescape(&b[1..b.len() - 1])
                        }
                        other => self.spell_tokens(other),
                    };
                    if s == sym::ERROR {
                        return Err(self.error(rest[1].loc, msg));
                    }
                    self.warn(rest[1].loc, msg);
                    return Ok(None);
                }
                _ => {}
            },
            _ => {}
        }
        let mut body = rest.to_vec();
        if first == Some(sym::PACK) {
            // `#pragma pack(N)` takes macro-expanded arguments, as in gcc.
            let expanded = self.expand_list(&rest[1..])?;
            body.truncate(1);
            body.extend(expanded);
        }
        let text = format!("pragma {}", self.spell_tokens(&body));
        let s = self.interner.intern_str(text.trim_end());
        Ok(Some(Token::new(Kind::Pragma, s, loc)))
    }

    fn pragma_macro_name(&self, rest: &[Token]) -> Option<String> {
        match rest {
            [_, l, s, r, ..]
                if l.is_punct(sym::LPAREN) && s.kind == Kind::Str && r.is_punct(sym::RPAREN) =>
            {
                let b = self.interner.get(s.sym);
                Some(String::from_utf8_lossy(&b[1..b.len() - 1]).into_owned())
            }
            _ => None,
        }
    }

    /// The `_Pragma("...")` operator (C17 6.10.9).
    fn pragma_operator(&mut self, at: Token) -> Result<Option<Token>> {
        let l = self.next_unexpanded()?;
        let s = self.next_unexpanded()?;
        let r = self.next_unexpanded()?;
        if !l.is_punct(sym::LPAREN) || s.kind != Kind::Str || !r.is_punct(sym::RPAREN) {
            return Err(self.error(at.loc, "_Pragma takes a parenthesized string literal"));
        }
        let raw = self.interner.get(s.sym).to_vec();
        let start = raw.iter().position(|&c| c == b'"').unwrap_or(0) + 1;
        let text = unescape(&raw[start..raw.len() - 1]);
        let toks = lexer::lex(text.as_bytes(), at.loc.file, &mut self.interner)
            .map_err(|e| self.error(at.loc, e.message))?;
        let toks: Vec<Token> = toks
            .into_iter()
            .map(|mut t| {
                t.loc = at.loc;
                t.flags &= !BOL;
                t
            })
            .collect();
        if toks.first().is_some_and(|t| t.sym == sym::PRAGMA) {
            return Ok(None);
        }
        self.do_pragma(&toks, at.loc)
    }

    // ----------------------------------------------------------------------------------
    // Diagnostics
    // ----------------------------------------------------------------------------------

    fn diag(&self, loc: Loc, message: impl Into<String>, severity: Severity) -> Diagnostic {
        let entry = self.files.get(loc.file as usize);
        let mut d = Diagnostic::error(
            entry.map_or("<unknown>", |f| f.name.as_str()),
            loc.line,
            loc.col,
            message,
        );
        d.severity = severity;
        if let Some(f) = entry.filter(|f| !f.renumbered && !f.virtual_file)
            && let Some(src) = &f.src
        {
            d.source_line = source_line(src.bytes(), loc.line);
        }
        // include chain: from the innermost frame showing this file outwards
        let shown = self
            .frames
            .iter()
            .rposition(|f| f.file == loc.file)
            .map_or(self.frames.len(), |i| i + 1);
        for f in self.frames[..shown].iter().rev() {
            if let Some(at) = f.included_at {
                let parent = &self.files[at.file as usize];
                if !parent.virtual_file {
                    d.included_from.push((parent.name.clone(), at.line));
                }
            }
        }
        d
    }

    fn error(&self, loc: Loc, message: impl Into<String>) -> Box<Diagnostic> {
        Box::new(self.diag(loc, message, Severity::Error))
    }

    fn warn(&mut self, loc: Loc, message: impl Into<String>) {
        let d = self.diag(loc, message, Severity::Warning);
        self.warnings.push(d);
    }
}

// --------------------------------------------------------------------------------------
// Helpers
// --------------------------------------------------------------------------------------

fn build_search(opts: &Options, target: &Target) -> (Vec<SearchDir>, usize) {
    let mut dirs: Vec<SearchDir> = Vec::new();
    let exists = |p: &Path| p.is_dir();
    for d in &opts.quote_dirs {
        if exists(d) {
            dirs.push(SearchDir {
                path: d.clone(),
                system: false,
                builtin: false,
            });
        }
    }
    let angle_start = dirs.len();
    let mut chain: Vec<SearchDir> = Vec::new();
    for d in &opts.include_dirs {
        chain.push(SearchDir {
            path: d.clone(),
            system: false,
            builtin: false,
        });
    }
    for d in &opts.system_dirs {
        chain.push(SearchDir {
            path: d.clone(),
            system: true,
            builtin: false,
        });
    }
    if !opts.nostdinc {
        chain.push(SearchDir {
            path: PathBuf::from(builtin::BUILTIN_DIR),
            system: true,
            builtin: true,
        });
        for d in system_dirs(target, opts.sysroot.as_deref()) {
            chain.push(SearchDir {
                path: d,
                system: true,
                builtin: false,
            });
        }
    }
    for d in &opts.after_dirs {
        chain.push(SearchDir {
            path: d.clone(),
            system: true,
            builtin: false,
        });
    }
    // Like gcc: drop missing directories, duplicates, and user directories that duplicate a
    // system directory (the system one keeps its place).
    let mut seen: Vec<PathBuf> = Vec::new();
    for (i, d) in chain.iter().enumerate() {
        if !d.builtin && !exists(&d.path) {
            continue;
        }
        let id = files::identity(&d.path);
        if seen.contains(&id) {
            continue;
        }
        if !d.system
            && chain[i + 1..]
                .iter()
                .any(|o| o.system && files::identity(&o.path) == id)
        {
            continue;
        }
        seen.push(id);
        dirs.push(d.clone());
    }
    (dirs, angle_start)
}

/// The C library's include directories for `target` under `sysroot` (or `/`), found
/// without running a compiler.
fn system_dirs(target: &Target, sysroot: Option<&Path>) -> Vec<PathBuf> {
    let root = sysroot.unwrap_or(Path::new("/"));
    let host = Target::host();
    let native = sysroot.is_some() || target.triple() == host.triple();
    let mut v = Vec::new();
    match target.os() {
        Os::Linux => {
            if native {
                v.push(root.join("usr/local/include"));
            }
            if let Some(m) = target.multiarch() {
                if !native {
                    v.push(root.join("usr").join(m).join("include"));
                }
                v.push(root.join("usr/include").join(m));
            }
            let multi_ok = target
                .multiarch()
                .is_some_and(|m| root.join("usr/include").join(m).is_dir());
            if native || multi_ok {
                v.push(root.join("usr/include"));
            }
        }
        _ => {
            if sysroot.is_some() {
                v.push(root.join("usr/local/include"));
                v.push(root.join("usr/include"));
                v.push(root.join("include"));
            }
        }
    }
    v
}

/// If the file opens with `#ifndef X` or `#if !defined X`, the guard candidate `X`.
fn detect_guard_open(toks: &[Token]) -> Option<Sym> {
    let is = |i: usize, s: Sym| toks.get(i).is_some_and(|t| t.sym == s && !t.has(BOL));
    let hash = toks
        .first()
        .is_some_and(|t| t.is_punct(sym::HASH) && t.has(BOL));
    if !hash {
        return None;
    }
    let line_end = toks
        .iter()
        .skip(1)
        .position(|t| t.has(BOL))
        .map_or(toks.len(), |p| p + 1);
    let line = &toks[1..line_end];
    match line {
        [d, x] if d.is_ident(sym::IFNDEF) && x.kind == Kind::Ident => Some(x.sym),
        [i, n, d, x]
            if i.is_ident(sym::IF)
                && n.is_punct(sym::NOT)
                && d.is_ident(sym::DEFINED)
                && x.kind == Kind::Ident =>
        {
            Some(x.sym)
        }
        [i, n, d, l, x, r]
            if i.is_ident(sym::IF)
                && n.is_punct(sym::NOT)
                && d.is_ident(sym::DEFINED)
                && l.is_punct(sym::LPAREN)
                && r.is_punct(sym::RPAREN)
                && x.kind == Kind::Ident =>
        {
            let _ = is;
            Some(x.sym)
        }
        _ => None,
    }
}

/// Whether the frame's only conditional so far is the one opening the file.
fn is_first_directive(f: &Frame) -> bool {
    let first_line_end = f
        .toks
        .iter()
        .skip(1)
        .position(|t| t.has(BOL))
        .map_or(f.toks.len(), |p| p + 1);
    f.pos == first_line_end
}

fn match_paren(body: &[Token], open: usize, end: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, t) in body.iter().enumerate().take(end).skip(open) {
        if t.is_punct(sym::LPAREN) {
            depth += 1;
        } else if t.is_punct(sym::RPAREN) {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// How a token is written: digraphs as written, everything else by its spelling.
pub(super) fn spelling<'a>(t: &Token, interner: &'a Interner) -> &'a [u8] {
    if t.has(DIGRAPH) {
        return match interner.get(t.sym) {
            b"[" => b"<:",
            b"]" => b":>",
            b"{" => b"<%",
            b"}" => b"%>",
            b"#" => b"%:",
            _ => b"%:%:",
        };
    }
    interner.get(t.sym)
}

/// Rebuilds the text of a stored replacement list (for `-dM` and the macro table).
fn body_text(m: &Macro, interner: &Interner) -> String {
    let mut s: Vec<u8> = Vec::with_capacity(m.body.len() * 6);
    let params = m.params.as_deref().unwrap_or(&[]);
    for (i, t) in m.body.iter().enumerate() {
        if i > 0 && t.has(LEADING_SPACE) {
            s.push(b' ');
        }
        if t.has(STRINGIFY) {
            s.push(b'#');
        }
        if t.kind == Kind::Param {
            s.extend_from_slice(interner.get(params[t.sym.0 as usize]));
        } else {
            s.extend_from_slice(spelling(t, interner));
        }
        if t.has(PASTE_LEFT) {
            // spaced as written: `a##b` stays `a##b`, `a ## b` stays `a ## b`
            if t.has(PASTE_SPACE) {
                s.push(b' ');
            }
            s.extend_from_slice(b"##");
        }
    }
    String::from_utf8(s).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    q
}

fn escape_path(s: &str) -> String {
    let q = quote(s);
    q[1..q.len() - 1].to_string()
}

/// Undoes the `\"` and `\\` escapes of a string literal's body (for `#line` and `_Pragma`).
fn unescape(s: &[u8]) -> String {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'\\' && i + 1 < s.len() && (s[i + 1] == b'"' || s[i + 1] == b'\\') {
            out.push(s[i + 1]);
            i += 2;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn file_name(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

fn source_line(src: &[u8], line: u32) -> Option<String> {
    let mut n = 1;
    let mut start = 0;
    for (i, &c) in src.iter().enumerate() {
        if n == line {
            start = i;
            break;
        }
        if c == b'\n' {
            n += 1;
            if n == line {
                start = i + 1;
                break;
            }
        }
    }
    if n != line {
        return None;
    }
    let end = src[start..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(src.len(), |p| start + p);
    let line = &src[start..end];
    if line.iter().any(|&c| c < 0x20 && c != b'\t' && c != b'\r') {
        return None;
    }
    let text = String::from_utf8_lossy(line).trim_end().to_string();
    if text.len() > 200 { None } else { Some(text) }
}

/// Preprocesses one translation unit. Shared by the public entry points.
pub(super) fn run_unit(
    name: &str,
    bytes: Option<FileBytes>,
    owned: Option<Vec<u8>>,
    opts: &Options,
    cache: &FileCache,
) -> Result<Output> {
    let engine = Engine::new(opts, cache)?;
    let src = match (bytes, owned) {
        (Some(b), _) => Src::Disk(b),
        (None, Some(v)) => Src::Owned(v.into()),
        (None, None) => Src::Static(""),
    };
    engine.run(name, src)
}

#[cfg(test)]
mod tests {
    use crate::preprocess::{FileCache, Options, preprocess_source};

    fn pp(src: &str, line_markers: bool) -> Result<String, String> {
        let opts = Options {
            nostdinc: true,
            line_markers,
            ..Options::default()
        };
        preprocess_source("t.h", src.as_bytes(), &opts, &FileCache::new())
            .map(|o| String::from_utf8_lossy(&o.text).into_owned())
            .map_err(|d| d.to_string())
    }

    #[test]
    fn line_numbers_wrap_after_the_largest_line() {
        // gcc: the line after `#line 4294967295` is line 0; this used to overflow (a panic
        // in debug builds) at the end of the file, after a directive and in the printer.
        for markers in [false, true] {
            let out = pp(
                "#line 4294967295\nint a = __LINE__;\nint b = __LINE__;\n#pragma x\nint c;\n",
                markers,
            )
            .unwrap();
            assert!(out.contains("int a = 4294967295;"), "{out}");
            assert!(out.contains("int b = 0;"), "{out}");
            assert!(out.contains("#pragma x"), "{out}");
            assert!(out.contains("int c;"), "{out}");
            assert!(pp("# 4294967295 \"f.h\"\nt", markers).is_ok());
            assert!(
                pp(
                    "#line 4294967294\n#pragma GCC system_header\n\n\nx\n",
                    markers
                )
                .is_ok()
            );
        }
    }

    #[test]
    fn deeply_nested_macro_arguments_are_an_error_not_a_stack_overflow() {
        // `F(F(F(…)))`: each level recursed through `expand_list`; some 400 levels overflowed a
        // 2 MiB stack in a debug build and aborted the process.
        let nest = |n: usize| format!("#define F(x) x\n{}1{}\n", "F(".repeat(n), ")".repeat(n));
        let run = move || (pp(&nest(150), false), pp(&nest(5000), false));
        let (ok, deep) = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(run)
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(ok.unwrap().trim(), "1");
        let e = deep.unwrap_err();
        assert!(e.starts_with("t.h:2:"), "{e}");
        assert!(e.contains("nested too deeply"), "{e}");
    }
}
