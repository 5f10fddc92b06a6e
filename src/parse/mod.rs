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
    let pp = preprocess::preprocess_file(path, &opts.preprocess, cache)?;
    parse_preprocessed(&path.to_string_lossy(), pp, opts)
}

/// Parses `code` (an umbrella of `#include`s, say) as if it were the file `name`.
pub fn parse_code(
    name: &str,
    code: &str,
    opts: &ParseOptions,
    cache: &FileCache,
) -> Result<Parsed, Box<Diagnostic>> {
    let pp = preprocess::preprocess_source(name, code.as_bytes(), &opts.preprocess, cache)?;
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

fn parse_preprocessed(
    name: &str,
    pp: preprocess::Output,
    opts: &ParseOptions,
) -> Result<Parsed, Box<Diagnostic>> {
    let prepared = text::prepare(&pp.text);
    let config = lang_c::driver::Config::with_gcc();
    let source = prepared.text.clone();
    let parsed = match lang_c::driver::parse_preprocessed(&config, source) {
        Ok(p) => p,
        Err(e) => {
            let pos = prepared.lines.locate(e.offset);
            let file = prepared
                .lines
                .files
                .get(pos.file as usize)
                .map_or(name.to_string(), |f| f.name.clone());
            let mut expected: Vec<&str> = e.expected.iter().copied().collect();
            expected.sort_unstable();
            let msg = format!("syntax error: expected one of {}", expected.join(", "));
            return Err(Box::new(Diagnostic::error(file, pos.line, pos.column, msg)));
        }
    };
    let target = match &opts.preprocess.target {
        Some(t) => preprocess::target::Target::parse(t)
            .map_err(|e| Box::new(Diagnostic::plain(name, e)))?,
        None => preprocess::target::Target::host(),
    };
    let mut lowered = lower::lower(&parsed.unit, &prepared, &pp, opts, &target);
    let mut included: Vec<String> = pp.files.iter().map(|f| f.path.clone()).collect();
    included.sort();
    included.dedup();
    lowered.header.path = name.to_string();
    lowered.header.included_headers = included;
    lowered.header.target = target.triple().to_string();
    let mut warnings = pp.warnings;
    warnings.extend(lowered.warnings);
    Ok(Parsed {
        header: lowered.header,
        warnings,
    })
}
