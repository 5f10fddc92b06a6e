//! The C preprocessor: translation phases 1–4 (C17 5.1.1.2), with gcc's extensions that real
//! headers rely on.
//!
//! Entry points: [`preprocess_file`] and [`preprocess_source`]. Each call is one independent
//! job; the only state shared between jobs is the [`FileCache`].

pub mod builtin;
mod date;
mod engine;
mod expr;
mod features;
pub mod files;
pub mod intern;
pub mod lexer;
mod output;
pub mod target;
pub mod token;

use std::path::{Path, PathBuf};

pub use files::FileCache;

use crate::diag::Diagnostic;

/// A `-D` or `-U` from the command line, kept in command-line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MacroArg {
    /// `NAME`, `NAME=VALUE` or `NAME(ARGS)=BODY`.
    Define(String),
    Undef(String),
}

/// Preprocessor options, with the meanings compilers give them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `-I`: searched for `"..."` and `<...>` includes.
    pub include_dirs: Vec<PathBuf>,
    /// `-iquote`: searched for `"..."` includes only, before `-I`.
    pub quote_dirs: Vec<PathBuf>,
    /// `-isystem`: after `-I`, marked as system headers.
    pub system_dirs: Vec<PathBuf>,
    /// `-idirafter`: after the system directories.
    pub after_dirs: Vec<PathBuf>,
    pub macros: Vec<MacroArg>,
    /// `-include`: files processed before the main file.
    pub forced_includes: Vec<PathBuf>,
    /// `-nostdinc`: no built-in headers and no system directories.
    pub nostdinc: bool,
    /// `-undef`: only the `__STDC__` family is predefined.
    pub undef: bool,
    /// Target triple; the host when `None`.
    pub target: Option<String>,
    /// Root for the system include directories.
    pub sysroot: Option<PathBuf>,
    /// Write `# N "file"` line markers (off under `-P`).
    pub line_markers: bool,
    /// `-dM`: produce no text; the caller prints [`Output::defines_text`].
    pub dump_macros: bool,
    /// Record the full expansion of every object-like macro of the source files
    /// ([`MacroDef::expansion`]); the parse stage evaluates constants from them.
    pub expand_macros: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            include_dirs: Vec::new(),
            quote_dirs: Vec::new(),
            system_dirs: Vec::new(),
            after_dirs: Vec::new(),
            macros: Vec::new(),
            forced_includes: Vec::new(),
            nostdinc: false,
            undef: false,
            target: None,
            sysroot: None,
            line_markers: true,
            dump_macros: false,
            expand_macros: false,
        }
    }
}

/// Where a macro definition came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacroOrigin {
    /// The target's predefined macros.
    Predefined,
    /// `-D`/`-U`.
    CommandLine,
    /// A `#define` in a source file.
    Source,
}

/// A macro live at the end of the translation unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroDef {
    pub name: String,
    /// Parameter names for function-like macros (`...` or `name...` for the variadic one).
    pub params: Option<Vec<String>>,
    pub variadic: bool,
    /// The replacement list as text, tokens separated as in the definition.
    pub body: String,
    /// The file of the definition (`<built-in>`, `<command-line>` or a path) and its line.
    pub file: std::sync::Arc<str>,
    pub line: u32,
    pub origin: MacroOrigin,
    /// For an object-like macro of a source file: its full expansion, when the job was run
    /// with [`Options::expand_macros`].
    pub expansion: Option<String>,
}

impl MacroDef {
    /// `NAME BODY` or `NAME(A,B) BODY`, as after `#define `.
    pub fn define_line(&self) -> String {
        let mut s = self.name.clone();
        if let Some(ps) = &self.params {
            s.push('(');
            s.push_str(&ps.join(", "));
            s.push(')');
        }
        s.push(' ');
        s.push_str(&self.body);
        s
    }
}

/// A file entered during preprocessing (each entry, in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludedFile {
    pub path: String,
    /// Found in a system directory (or marked by `#pragma GCC system_header`).
    pub system: bool,
    /// The including file and the line of the `#include`; `None` for the main file.
    pub included_from: Option<(String, u32)>,
    /// Named with quotes (`#include "x.h"`), not angle brackets.
    pub quoted: bool,
}

/// A directory of the include search chain, in search order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDir {
    pub path: std::path::PathBuf,
    pub system: bool,
    /// The built-in headers' pseudo-directory.
    pub builtin: bool,
}

/// The result of a preprocessing job.
#[derive(Debug, Clone)]
pub struct Output {
    /// The preprocessed translation unit.
    pub text: Vec<u8>,
    /// Every file entered, in order.
    pub files: Vec<IncludedFile>,
    pub warnings: Vec<Diagnostic>,
    /// The include search chain that was used (for `#include <...>`).
    pub search_dirs: Vec<SearchDir>,
    table: engine::MacroTable,
}

impl Output {
    /// Every macro defined at the end, in definition order.
    pub fn macros(&self) -> Vec<MacroDef> {
        self.table.defs()
    }

    /// The macros defined at the end by the files for which `keep(file)` holds.
    pub fn macros_where(&self, keep: impl Fn(&str) -> bool) -> Vec<MacroDef> {
        self.table.defs_where(keep)
    }

    /// The names of the object-like macros defined at the end by a `#define` in some file
    /// (not predefined, not `-D`), with a non-empty replacement list, in definition order:
    /// what the cffi writer's `define_patterns` searches.
    pub fn object_macro_names(&self) -> Vec<String> {
        self.table.object_names()
    }

    /// How many macros are defined at the end.
    pub fn macro_count(&self) -> usize {
        self.table.len()
    }

    /// `#define` lines for every macro (what `-dM` prints).
    pub fn defines_text(&self) -> String {
        let mut s = String::new();
        for m in self.macros() {
            s.push_str("#define ");
            s.push_str(m.define_line().trim_end());
            s.push('\n');
        }
        s
    }
}

/// Preprocesses the file at `path`.
pub fn preprocess_file(
    path: &Path,
    opts: &Options,
    cache: &FileCache,
) -> Result<Output, Box<Diagnostic>> {
    let name = path.to_string_lossy().into_owned();
    let bytes = cache.read(path).map_err(|e| {
        let msg = match e.kind() {
            std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
            _ => e.to_string(),
        };
        Box::new(Diagnostic::plain(&name, msg))
    })?;
    engine::run_unit(&name, Some(bytes), None, opts, cache)
}

/// Preprocesses `source` as if it were a file named `name` (its directory is used for
/// `#include "..."`). This is how umbrella headers given as code are handled.
pub fn preprocess_source(
    name: &str,
    source: &[u8],
    opts: &Options,
    cache: &FileCache,
) -> Result<Output, Box<Diagnostic>> {
    engine::run_unit(name, None, Some(source.to_vec()), opts, cache)
}
