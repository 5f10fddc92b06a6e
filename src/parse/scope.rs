//! Which declarations belong to the header (its scope).
//!
//! The rule (documented in `docs/scope.md`):
//! - the input header is in scope, and so are the headers of the same library: the files
//!   under the input's own directory — and under the same relative directory of every other
//!   include directory (`/usr/include/openssl` and `/usr/include/x86_64-linux-gnu/openssl`
//!   are one library);
//! - when the input's directory is itself a system include root (`/usr/include`), only the
//!   input and what it includes with quotes (transitively) are in scope;
//! - an umbrella input (one that declares nothing itself, only includes) puts the headers it
//!   includes in scope, each with its own library;
//! - `-include` preludes and the built-in headers never are;
//! - `--scope GLOB` adds the files matching GLOB; `--scope '!GLOB'` removes them.

use rustc_hash::FxHashSet as HashSet;
use std::path::{Path, PathBuf};

use super::text::LineIndex;
use crate::preprocess::{self, files::identity};

pub struct Scope {
    /// Per file of the line index: in scope or not.
    by_file: Vec<bool>,
    /// Names (as the line markers spell them) of the files in scope.
    names: HashSet<String>,
}

impl Scope {
    /// Computes the scope. `umbrella` says the main file declares nothing of its own.
    pub fn new(
        pp: &preprocess::Output,
        lines: &LineIndex,
        globs: &[String],
        umbrella: bool,
    ) -> Scope {
        let main = pp
            .files
            .iter()
            .find(|f| f.included_from.is_none())
            .map(|f| f.path.clone())
            .unwrap_or_default();
        let mut roots = vec![main.clone()];
        if umbrella {
            roots.extend(
                pp.files
                    .iter()
                    .filter(|f| {
                        f.included_from.as_ref().is_some_and(|(p, _)| *p == main)
                            && !is_builtin(&f.path)
                    })
                    .map(|f| f.path.clone()),
            );
        }
        let search: Vec<(PathBuf, bool)> = pp
            .search_dirs
            .iter()
            .filter(|d| !d.builtin)
            .map(|d| (identity(&d.path), d.system))
            .collect();
        let mut lib_dirs: Vec<PathBuf> = Vec::new();
        let mut quote_roots: Vec<String> = Vec::new();
        for r in &roots {
            let dir = identity(Path::new(r))
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            if search.iter().any(|(p, sys)| *sys && *p == dir) {
                quote_roots.push(r.clone());
                continue;
            }
            lib_dirs.push(dir.clone());
            // the same relative directory under every include directory
            if let Some((base, _)) = search
                .iter()
                .filter(|(p, _)| dir.starts_with(p) && *p != dir)
                .max_by_key(|(p, _)| p.as_os_str().len())
            {
                let rel = dir
                    .strip_prefix(base)
                    .unwrap_or(Path::new(""))
                    .to_path_buf();
                for (p, _) in &search {
                    lib_dirs.push(p.join(&rel));
                }
            }
        }
        // quote includes, transitively, from the roots in system directories
        let mut quoted: HashSet<String> = quote_roots.iter().cloned().collect();
        for f in &pp.files {
            if let Some((from, _)) = &f.included_from
                && f.quoted
                && quoted.contains(from)
            {
                quoted.insert(f.path.clone());
            }
        }
        let forced: HashSet<&str> = pp
            .files
            .iter()
            .filter(|f| {
                f.included_from
                    .as_ref()
                    .is_some_and(|(p, _)| p.starts_with('<'))
            })
            .map(|f| f.path.as_str())
            .collect();
        let (include, exclude) = compile_globs(globs);
        let in_scope = |name: &str| -> bool {
            if is_builtin(name) || name.starts_with('<') && name != main || forced.contains(name) {
                return false;
            }
            if exclude.as_ref().is_some_and(|g| g.is_match(name)) {
                return false;
            }
            if name == main || roots.iter().any(|r| r == name) || quoted.contains(name) {
                return true;
            }
            if include.as_ref().is_some_and(|g| g.is_match(name)) {
                return true;
            }
            let id = identity(Path::new(name));
            lib_dirs.iter().any(|d| id.starts_with(d))
        };
        let by_file: Vec<bool> = lines.files.iter().map(|f| in_scope(&f.name)).collect();
        let names = lines
            .files
            .iter()
            .zip(&by_file)
            .filter(|(_, s)| **s)
            .map(|(f, _)| f.name.clone())
            .collect();
        Scope { by_file, names }
    }

    /// Whether file `id` of the line index is in scope.
    pub fn contains(&self, id: u32) -> bool {
        self.by_file.get(id as usize).copied().unwrap_or(false)
    }

    /// Whether the file named `name` is in scope.
    pub fn contains_name(&self, name: &str) -> bool {
        self.names.contains(name)
    }
}

fn is_builtin(name: &str) -> bool {
    name.starts_with(preprocess::builtin::BUILTIN_DIR)
}

fn compile_globs(globs: &[String]) -> (Option<globset::GlobSet>, Option<globset::GlobSet>) {
    let mut inc = globset::GlobSetBuilder::new();
    let mut exc = globset::GlobSetBuilder::new();
    let (mut n_inc, mut n_exc) = (0, 0);
    for g in globs {
        let (neg, pat) = match g.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, g.as_str()),
        };
        let Ok(glob) = globset::Glob::new(pat) else {
            continue;
        };
        if neg {
            exc.add(glob);
            n_exc += 1;
        } else {
            inc.add(glob);
            n_inc += 1;
        }
    }
    let build = |b: globset::GlobSetBuilder, n: usize| if n > 0 { b.build().ok() } else { None };
    (build(inc, n_inc), build(exc, n_exc))
}
