//! The library API: headers in, writer output out, for Rust callers — what the reference
//! tool's Python `generate()`, `generate_all()` and `batch_generate()` offer. Output comes
//! back as strings; only [`generate_to`] writes a file. No configuration file is read.
//!
//! A [`Request`] names the header (a path, or a path plus its `code` as a string), the writer,
//! and the preprocessor and writer settings. [`generate`] renders one writer, [`generate_to`]
//! also writes it to a file, [`generate_all`] renders several writers from one parse, and
//! [`generate_batch`] many requests side by side, sharing one file cache. A header given as a
//! writer option (the diff writer's `.option("baseline", "old.h")`) is read with the request's
//! settings; a path ending in `.json`, here and as the request's header, is a saved JSON IR.
//!
//! ```
//! # fn main() -> Result<(), headerkit::Error> {
//! let dir = tempfile::tempdir().unwrap();
//! let header = dir.path().join("point.h");
//! std::fs::write(&header, "struct point { int x, y; };\nint norm(struct point p);\n").unwrap();
//!
//! let json = headerkit::generate(&headerkit::Request::new(&header).writer("json"))?;
//! assert!(json.contains("\"norm\""));
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::parse::{self, ParseOptions};
use crate::preprocess::{FileCache, MacroArg};
use crate::writers::{self, Writer, WriterOptions};

/// What can go wrong in [`generate`] and friends.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No writer has this name.
    #[error("unknown writer '{name}' (available: {available})")]
    UnknownWriter { name: String, available: String },
    /// A writer option is unknown, of the wrong type or out of range.
    #[error("{writer} writer: {message}")]
    Option { writer: String, message: String },
    /// A setting other than a writer option is wrong (a target triple, a macro name).
    #[error("{0}")]
    Setting(String),
    /// The header cannot be read or parsed: a located diagnostic.
    #[error("{0}")]
    Parse(Box<Diagnostic>),
    /// The writer cannot express the header.
    #[error("{writer} writer: {message}")]
    Write { writer: String, message: String },
    /// The output file cannot be written ([`generate_to`]).
    #[error("{path}: cannot write: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One header to render and how. Built with [`Request::new`] and the chained setters.
///
/// ```
/// use headerkit::Request;
///
/// let r = Request::new("umbrella.h")
///     .writer("json")
///     .code("#include <nng/nng.h>\n")
///     .include_dir("/path/to/nng/include")
///     .define("NNG_STATIC_LIB")
///     .option("indent", "0")
///     .target("x86_64-linux-gnu");
/// assert_eq!(r.header(), std::path::Path::new("umbrella.h"));
/// ```
#[derive(Debug, Clone)]
pub struct Request {
    header: PathBuf,
    code: Option<String>,
    writer: String,
    include_dirs: Vec<PathBuf>,
    defines: Vec<String>,
    options: BTreeMap<String, Vec<String>>,
    target: Option<String>,
    keep_going: bool,
}

impl Request {
    /// A request for the header at `header`, written by the `json` writer (the reference
    /// API's default) until [`Request::writer`] says otherwise.
    pub fn new(header: impl AsRef<Path>) -> Request {
        Request {
            header: header.as_ref().to_path_buf(),
            code: None,
            writer: "json".into(),
            include_dirs: Vec::new(),
            defines: Vec::new(),
            options: BTreeMap::new(),
            target: None,
            keep_going: false,
        }
    }

    /// The header's path.
    pub fn header(&self) -> &Path {
        &self.header
    }

    /// Reads `code` instead of the file: the header path need not exist and names the code
    /// in diagnostics and in the output. An umbrella (`#include <lib/lib.h>` lines) is
    /// resolved against the include directories, and the headers it includes are the ones
    /// written.
    pub fn code(mut self, code: impl Into<String>) -> Request {
        self.code = Some(code.into());
        self
    }

    /// The writer (`json`, `cffi`, …; see [`crate::writers::all`]).
    pub fn writer(mut self, name: impl Into<String>) -> Request {
        self.writer = name.into();
        self
    }

    /// Adds an include directory (searched in the order added).
    pub fn include_dir(mut self, dir: impl AsRef<Path>) -> Request {
        self.include_dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// Adds include directories.
    pub fn include_dirs<I, P>(mut self, dirs: I) -> Request
    where
        I: IntoIterator<Item = P>,
        P: AsRef<Path>,
    {
        self.include_dirs
            .extend(dirs.into_iter().map(|d| d.as_ref().to_path_buf()));
        self
    }

    /// Defines a macro: `NAME` or `NAME=VALUE` (no `-D`).
    pub fn define(mut self, define: impl Into<String>) -> Request {
        self.defines.push(define.into());
        self
    }

    /// Defines macros.
    pub fn defines<I, S>(mut self, defines: I) -> Request
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.defines.extend(defines.into_iter().map(Into::into));
        self
    }

    /// Sets a writer option from its text form, as `--writer-opt WRITER:KEY=VALUE` does:
    /// a scalar given twice keeps the later value; a list option collects every value, so
    /// `.option("define_patterns", r"NNG_FLAG_\w+")` is a list of one pattern.
    pub fn option(mut self, key: impl Into<String>, value: impl Into<String>) -> Request {
        self.options
            .entry(key.into())
            .or_default()
            .push(value.into());
        self
    }

    /// Sets a list option to `values` (replacing any values given before).
    pub fn option_list<I, S>(mut self, key: impl Into<String>, values: I) -> Request
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.options
            .insert(key.into(), values.into_iter().map(Into::into).collect());
        self
    }

    /// Reads the header for `triple` (default: the host).
    pub fn target(mut self, triple: impl Into<String>) -> Request {
        self.target = Some(triple.into());
        self
    }

    /// Skips declarations that cannot be read instead of failing (`--keep-going`).
    pub fn keep_going(mut self, yes: bool) -> Request {
        self.keep_going = yes;
        self
    }

    fn parse_options(&self) -> Result<ParseOptions, Error> {
        let mut o = ParseOptions {
            keep_going: self.keep_going,
            ..ParseOptions::default()
        };
        o.preprocess.include_dirs = self.include_dirs.clone();
        for d in &self.defines {
            let d = d.trim();
            let name = d.split(['=', '(']).next().unwrap_or("");
            if name.is_empty()
                || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                || name.starts_with(|c: char| c.is_ascii_digit())
            {
                return Err(Error::Setting(format!(
                    "macro name missing or invalid in '{d}'"
                )));
            }
            o.preprocess.macros.push(MacroArg::Define(d.to_string()));
        }
        if let Some(t) = &self.target {
            crate::preprocess::target::Target::parse(t).map_err(Error::Setting)?;
            o.preprocess.target = Some(t.clone());
        }
        Ok(o)
    }

    /// The options of writer `w`, checked, with header options (diff's `baseline`) loaded:
    /// a `.json` file as a saved IR, anything else parsed with this request's settings.
    fn writer_options(
        &self,
        w: &'static dyn Writer,
        cache: &FileCache,
    ) -> Result<WriterOptions, Error> {
        let err = |message: String| Error::Option {
            writer: w.name().to_string(),
            message,
        };
        let mut opts = WriterOptions::default();
        for (k, values) in &self.options {
            crate::config::check_option_values(k, values).map_err(err)?;
            for v in values {
                opts.set(w.options(), k, v).map_err(err)?;
            }
        }
        w.check_options(&opts).map_err(err)?;
        if opts.has_unloaded_libraries() {
            let target = self.target.as_deref();
            opts.load_libraries(|lib| crate::libsyms::exports_for(lib, target))
                .map_err(err)?;
        }
        if opts.has_unloaded_headers() {
            let po = self.parse_options()?;
            opts.load_headers(|path| {
                parse::load(Path::new(path), &po, cache)
                    .map(|p| p.header)
                    .map_err(|d| d.to_string())
            })
            .map_err(err)?;
        }
        Ok(opts)
    }

    fn parse(&self, cache: &FileCache) -> Result<parse::Parsed, Error> {
        let opts = self.parse_options()?;
        match &self.code {
            Some(code) => parse::parse_code(&self.header.to_string_lossy(), code, &opts, cache),
            None => parse::load(&self.header, &opts, cache),
        }
        .map_err(Error::Parse)
    }
}

fn writer(name: &str) -> Result<&'static dyn Writer, Error> {
    writers::get(name).ok_or_else(|| Error::UnknownWriter {
        name: name.to_string(),
        available: writers::names(),
    })
}

fn render(w: &'static dyn Writer, p: &parse::Parsed, o: &WriterOptions) -> Result<String, Error> {
    let bytes = w.write(&p.header, o).map_err(|message| Error::Write {
        writer: w.name().to_string(),
        message,
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Renders one header with the request's writer; returns the output exactly as the command
/// line would write it.
///
/// An umbrella given as code, resolved against the include directories:
///
/// ```
/// # fn main() -> Result<(), headerkit::Error> {
/// let inc = tempfile::tempdir().unwrap();
/// std::fs::create_dir_all(inc.path().join("nng")).unwrap();
/// std::fs::write(
///     inc.path().join("nng/nng.h"),
///     "#define NNG_FLAG_ALLOC 1\nint nng_close(int);\n",
/// )
/// .unwrap();
///
/// let out = headerkit::generate(
///     &headerkit::Request::new("umbrella.h")
///         .code("#include <nng/nng.h>\n")
///         .include_dir(inc.path())
///         .writer("json")
///         .option("indent", "0"),
/// )?;
/// assert!(out.contains("\"nng_close\""));
/// assert!(out.contains("\"NNG_FLAG_ALLOC\""));
/// # Ok(())
/// # }
/// ```
pub fn generate(request: &Request) -> Result<String, Error> {
    let w = writer(&request.writer)?;
    let cache = FileCache::new();
    let opts = request.writer_options(w, &cache)?;
    let parsed = request.parse(&cache)?;
    render(w, &parsed, &opts)
}

/// [`generate`], also writing the output to `path` (atomically: through a temporary file in
/// the same directory, so a reader never sees a partial file); returns the output too, as the
/// reference's `generate(..., output_path=...)` does.
///
/// ```
/// # fn main() -> Result<(), headerkit::Error> {
/// let dir = tempfile::tempdir().unwrap();
/// let h = dir.path().join("a.h");
/// std::fs::write(&h, "int a(void);\n").unwrap();
/// let out_path = dir.path().join("a.json");
/// let out = headerkit::generate_to(&headerkit::Request::new(&h), &out_path)?;
/// assert_eq!(std::fs::read_to_string(&out_path).unwrap(), out);
/// # Ok(())
/// # }
/// ```
pub fn generate_to(request: &Request, path: impl AsRef<Path>) -> Result<String, Error> {
    let out = generate(request)?;
    let path = path.as_ref();
    crate::cli::write_atomically(path, out.as_bytes()).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(out)
}

/// Renders one header with several writers from one parse; returns `(writer, output)` pairs
/// in the order given. The request's options apply to every writer that takes them (an
/// option no writer takes is an error).
///
/// ```
/// # fn main() -> Result<(), headerkit::Error> {
/// let dir = tempfile::tempdir().unwrap();
/// let h = dir.path().join("a.h");
/// std::fs::write(&h, "int a(void);\n").unwrap();
/// let outs = headerkit::generate_all(&headerkit::Request::new(&h), &["json"])?;
/// assert_eq!(outs[0].0, "json");
/// assert!(outs[0].1.contains("\"a\""));
/// # Ok(())
/// # }
/// ```
pub fn generate_all(
    request: &Request,
    writer_names: &[&str],
) -> Result<Vec<(String, String)>, Error> {
    let cache = FileCache::new();
    let mut ws = Vec::with_capacity(writer_names.len());
    for name in writer_names {
        let w = writer(name)?;
        // Each writer gets the options it declares.
        let mine = Request {
            options: request
                .options
                .iter()
                .filter(|(k, _)| w.options().iter().any(|s| s.name == k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            ..request.clone()
        };
        ws.push((w, mine.writer_options(w, &cache)?));
    }
    for k in request.options.keys() {
        if !ws
            .iter()
            .any(|(w, _)| w.options().iter().any(|s| s.name == k.as_str()))
        {
            return Err(Error::Option {
                writer: writer_names.join(", "),
                message: format!("unknown option '{k}'"),
            });
        }
    }
    let parsed = request.parse(&cache)?;
    ws.iter()
        .map(|(w, o)| Ok((w.name().to_string(), render(*w, &parsed, o)?)))
        .collect()
}

/// Renders many requests side by side (one job each, sharing one file cache); the results
/// come back in the order of `requests`, each on its own: one failure does not stop the
/// others.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let a = dir.path().join("a.h");
/// let b = dir.path().join("b.h");
/// std::fs::write(&a, "int a(void);\n").unwrap();
/// std::fs::write(&b, "int b(void);\n").unwrap();
/// let missing = dir.path().join("missing.h");
///
/// let results = headerkit::generate_batch(&[
///     headerkit::Request::new(&a),
///     headerkit::Request::new(&b),
///     headerkit::Request::new(&missing),
/// ]);
/// assert!(results[0].as_ref().unwrap().contains("\"a\""));
/// assert!(results[1].as_ref().unwrap().contains("\"b\""));
/// assert!(results[2].is_err());
/// ```
pub fn generate_batch(requests: &[Request]) -> Vec<Result<String, Error>> {
    use rayon::prelude::*;
    let cache = FileCache::new();
    requests
        .par_iter()
        .with_max_len(1)
        .map(|r| {
            let w = writer(&r.writer)?;
            let opts = r.writer_options(w, &cache)?;
            let parsed = r.parse(&cache)?;
            render(w, &parsed, &opts)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let h = dir.path().join("h.h");
        std::fs::write(
            &h,
            "#include <dep.h>\n#if LEVEL == 2\nint two(dep_t);\n#endif\nint one(void);\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("inc")).unwrap();
        std::fs::write(dir.path().join("inc/dep.h"), "typedef int dep_t;\n").unwrap();
        (dir, h)
    }

    #[test]
    fn settings_reach_the_parse() {
        let (dir, h) = header();
        let r = Request::new(&h).include_dir(dir.path().join("inc"));
        let out = generate(&r).unwrap();
        assert!(out.contains("\"one\"") && !out.contains("\"two\""), "{out}");
        let out = generate(&r.clone().define("LEVEL=2").option("indent", "0")).unwrap();
        assert!(out.contains("\"two\""), "{out}");
        assert_eq!(out.trim_end().lines().count(), 1);
    }

    #[test]
    fn mistakes_are_errors() {
        let (_dir, h) = header();
        let e = generate(&Request::new(&h).writer("nosuch")).unwrap_err();
        assert!(matches!(e, Error::UnknownWriter { .. }), "{e}");
        let e = generate(&Request::new(&h).option("indent", "wide")).unwrap_err();
        assert!(e.to_string().starts_with("json writer: "), "{e}");
        let e = generate(&Request::new(&h).target("nonsense")).unwrap_err();
        assert!(matches!(e, Error::Setting(_)), "{e}");
        let e = generate(&Request::new(&h).define("1X")).unwrap_err();
        assert!(matches!(e, Error::Setting(_)), "{e}");
        // dep.h is not found without the include directory: a located diagnostic.
        let e = generate(&Request::new(&h)).unwrap_err();
        assert!(matches!(e, Error::Parse(_)), "{e}");
        assert!(e.to_string().contains("dep.h"), "{e}");
        let e = generate_all(&Request::new(&h).option("colour", "1"), &["json"]).unwrap_err();
        assert!(e.to_string().contains("colour"), "{e}");
    }
}
