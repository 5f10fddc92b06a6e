//! Writers: one IR header in, the bytes of one output file out.
//!
//! A writer is a [`Writer`] in the registry ([`all`], [`get`]). Each declares its name, its
//! default output template and the options it takes ([`OptionSpec`]); the command line turns
//! `--writer-opt WRITER:KEY=VALUE` into typed [`WriterOptions`] against that declaration, so a
//! writer never sees an unknown key or a value of the wrong type. Writers are pure functions of
//! the header and the options: no I/O, no global state, the same bytes on every run.
//!
//! Adding a writer (cffi, ctypes, cython, lua, prompt, diff): a module with a unit struct that
//! implements [`Writer`], and one line in [`WRITERS`].
//!
//! A writer that needs a second header (diff's baseline) declares an option of kind
//! [`OptionKind::Header`]: its value is a path, which the caller (the command line, the API)
//! loads into an IR with [`WriterOptions::load_headers`] before calling [`Writer::write`]; the
//! writer reads it with [`WriterOptions::header`]. Writers stay pure.

pub mod cdecl;
pub mod cffi;
pub mod ctypes;
pub mod cython;
pub mod diff;
pub mod json;
pub mod lua;
pub mod prompt;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::ir;

/// A writer of one output format.
pub trait Writer: Sync {
    /// The name used on the command line (`-w json`).
    fn name(&self) -> &'static str;

    /// One line for `--help`.
    fn description(&self) -> &'static str;

    /// The usual extension of its output, with the dot (`.json`); also used to tell which
    /// writer a bare `-o FILE` means.
    fn extension(&self) -> &'static str;

    /// The output template used when several headers are written and no `-o` names this
    /// writer (see [`expand_template`]).
    fn default_template(&self) -> String {
        format!("{{dir}}/{{stem}}{}", self.extension())
    }

    /// The output template for these options: [`Writer::default_template`] unless an option
    /// changes the kind of file written (diff's `format=markdown` writes `.md`).
    fn template_for(&self, _opts: &WriterOptions) -> String {
        self.default_template()
    }

    /// The options this writer accepts.
    fn options(&self) -> &'static [OptionSpec] {
        &[]
    }

    /// Checks option values beyond their types (ranges, say), once, before any header is
    /// written, so a bad value is a usage error rather than a failure of every header.
    fn check_options(&self, _opts: &WriterOptions) -> Result<(), String> {
        Ok(())
    }

    /// Renders `header`. An `Err` is a message for the user (the header cannot be expressed
    /// in this format, say); it fails that header, not the run.
    fn write(&self, header: &ir::Header, opts: &WriterOptions) -> Result<Vec<u8>, String>;
}

/// Every writer, in the order `--help` lists them.
static WRITERS: &[&dyn Writer] = &[
    &cffi::CffiWriter,
    &ctypes::CtypesWriter,
    &cython::CythonWriter,
    &lua::LuaWriter,
    &json::JsonWriter,
    &prompt::PromptWriter,
    &diff::DiffWriter,
];

/// The writer used when none is named, once it exists (the reference tool's default); until
/// then, the first registered writer.
pub const DEFAULT_WRITER: &str = "cffi";

/// All registered writers.
pub fn all() -> &'static [&'static dyn Writer] {
    WRITERS
}

/// The writer called `name`.
pub fn get(name: &str) -> Option<&'static dyn Writer> {
    WRITERS.iter().copied().find(|w| w.name() == name)
}

/// The names of all writers, comma-separated, for messages.
pub fn names() -> String {
    WRITERS
        .iter()
        .map(|w| w.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The writer used when the command line names none.
pub fn default_writer() -> &'static dyn Writer {
    get(DEFAULT_WRITER).unwrap_or(WRITERS[0])
}

// ------------------------------------------------------------------------------------------
// Options
// ------------------------------------------------------------------------------------------

/// The type of a writer option's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`).
    Bool,
    /// A whole number.
    Int,
    /// A whole number, or `none` (also `null` or empty) for "not set".
    OptInt,
    /// Any text.
    Str,
    /// Text, repeatable: every occurrence adds one item (never split into characters).
    List,
    /// The path of a header or a JSON IR file, which the caller loads
    /// ([`WriterOptions::load_headers`]).
    Header,
    /// A shared library, by `-l` name or path, whose exported symbols the caller loads
    /// ([`WriterOptions::load_libraries`], [`crate::libsyms`]).
    Library,
}

impl OptionKind {
    /// How `--help` shows a value of this kind.
    pub fn placeholder(self) -> &'static str {
        match self {
            OptionKind::Bool => "BOOL",
            OptionKind::Int => "N",
            OptionKind::OptInt => "N|none",
            OptionKind::Str | OptionKind::List => "TEXT",
            OptionKind::Header => "PATH",
            OptionKind::Library => "NAME|PATH",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            OptionKind::Bool => "true or false",
            OptionKind::Int => "an integer",
            OptionKind::OptInt => "an integer or 'none'",
            OptionKind::Str => "text",
            OptionKind::List => "text (repeatable)",
            OptionKind::Header => "the path of a header or a JSON IR file",
            OptionKind::Library => "a library name (as for -l) or the path of a shared library",
        }
    }
}

/// One option a writer accepts.
#[derive(Debug, Clone, Copy)]
pub struct OptionSpec {
    pub name: &'static str,
    pub kind: OptionKind,
    /// One line for `--help`, including the default.
    pub help: &'static str,
}

/// A typed option value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionValue {
    Bool(bool),
    Int(i64),
    /// `OptInt` set to `none`.
    Unset,
    Str(String),
    List(Vec<String>),
    Header(HeaderArg),
    Library(LibraryArg),
}

/// The value of an [`OptionKind::Library`] option: the library as given and, once the caller
/// has read it, the names it exports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryArg {
    pub spec: String,
    pub exports: Option<Arc<std::collections::BTreeSet<String>>>,
}

/// The value of an [`OptionKind::Header`] option: the path as given and, once the caller has
/// loaded it, its IR.
#[derive(Debug, Clone)]
pub struct HeaderArg {
    pub path: String,
    pub ir: Option<Arc<ir::Header>>,
}

impl PartialEq for HeaderArg {
    fn eq(&self, other: &HeaderArg) -> bool {
        self.path == other.path
            && match (&self.ir, &other.ir) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
                (None, None) => true,
                _ => false,
            }
    }
}

/// Reflexive: an IR is equal to itself by identity first (even with a NaN constant).
impl Eq for HeaderArg {}

/// The options given to one writer, checked against its [`OptionSpec`]s. Options not given
/// are absent; the writer applies its defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriterOptions {
    values: BTreeMap<&'static str, OptionValue>,
}

impl WriterOptions {
    /// Sets `key` from its text form `raw` (from `--writer-opt`), checking the key and the
    /// value's type against `specs`. A scalar given twice keeps the later value; a list
    /// collects every value.
    pub fn set(&mut self, specs: &[OptionSpec], key: &str, raw: &str) -> Result<(), String> {
        let spec = specs.iter().find(|s| s.name == key).ok_or_else(|| {
            if specs.is_empty() {
                format!("unknown option '{key}' (this writer takes no options)")
            } else {
                let known: Vec<&str> = specs.iter().map(|s| s.name).collect();
                format!("unknown option '{key}' (options: {})", known.join(", "))
            }
        })?;
        let bad = || {
            format!(
                "bad value '{raw}' for option '{key}': expected {}",
                spec.kind.describe()
            )
        };
        let value = match spec.kind {
            OptionKind::Bool => OptionValue::Bool(parse_bool(raw).ok_or_else(bad)?),
            OptionKind::Int => OptionValue::Int(raw.trim().parse().map_err(|_| bad())?),
            OptionKind::OptInt => match raw.trim().to_ascii_lowercase().as_str() {
                "" | "none" | "null" => OptionValue::Unset,
                t => OptionValue::Int(t.parse().map_err(|_| bad())?),
            },
            OptionKind::Str => OptionValue::Str(raw.to_string()),
            OptionKind::Header if raw.trim().is_empty() => return Err(bad()),
            OptionKind::Library if raw.trim().is_empty() => return Err(bad()),
            OptionKind::Library => OptionValue::Library(LibraryArg {
                spec: raw.trim().to_string(),
                exports: None,
            }),
            OptionKind::Header => OptionValue::Header(HeaderArg {
                path: raw.to_string(),
                ir: None,
            }),
            OptionKind::List => {
                let mut items = match self.values.remove(spec.name) {
                    Some(OptionValue::List(items)) => items,
                    _ => Vec::new(),
                };
                items.push(raw.to_string());
                OptionValue::List(items)
            }
        };
        self.values.insert(spec.name, value);
        Ok(())
    }

    /// The raw value of `key`, if given.
    pub fn get(&self, key: &str) -> Option<&OptionValue> {
        self.values.get(key)
    }

    pub fn bool(&self, key: &str, default: bool) -> bool {
        match self.values.get(key) {
            Some(OptionValue::Bool(b)) => *b,
            _ => default,
        }
    }

    pub fn int(&self, key: &str, default: i64) -> i64 {
        match self.values.get(key) {
            Some(OptionValue::Int(i)) => *i,
            _ => default,
        }
    }

    /// An `OptInt`: `None` when set to `none`, `default` when not given.
    pub fn opt_int(&self, key: &str, default: Option<i64>) -> Option<i64> {
        match self.values.get(key) {
            Some(OptionValue::Int(i)) => Some(*i),
            Some(OptionValue::Unset) => None,
            _ => default,
        }
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        match self.values.get(key) {
            Some(OptionValue::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub fn list(&self, key: &str) -> &[String] {
        match self.values.get(key) {
            Some(OptionValue::List(l)) => l,
            _ => &[],
        }
    }

    /// A header option's IR: `Ok(None)` when the option is not given, an error when it is
    /// given but was not loaded (a caller's mistake, reported rather than ignored).
    pub fn header(&self, key: &str) -> Result<Option<&ir::Header>, String> {
        match self.values.get(key) {
            Some(OptionValue::Header(HeaderArg { ir: Some(h), .. })) => Ok(Some(h)),
            Some(OptionValue::Header(HeaderArg { path, ir: None })) => Err(format!(
                "option '{key}' ({path}) was not loaded: the caller must load header options"
            )),
            _ => Ok(None),
        }
    }

    /// Loads every header option not loaded yet: `load` gets the option's path as given and
    /// returns its IR (reading a header or a JSON IR file is the caller's business). The
    /// first error stops, prefixed with the option's name.
    pub fn load_headers(
        &mut self,
        mut load: impl FnMut(&str) -> Result<ir::Header, String>,
    ) -> Result<(), String> {
        for (key, value) in self.values.iter_mut() {
            if let OptionValue::Header(arg) = value
                && arg.ir.is_none()
            {
                let h = load(&arg.path).map_err(|e| format!("{key}: {e}"))?;
                arg.ir = Some(Arc::new(h));
            }
        }
        Ok(())
    }

    /// Sets header option `key` to an IR the caller already has (`path` names it in output).
    pub fn set_header(
        &mut self,
        specs: &[OptionSpec],
        key: &str,
        path: &str,
        header: ir::Header,
    ) -> Result<(), String> {
        match specs.iter().find(|s| s.name == key) {
            Some(spec) if spec.kind == OptionKind::Header => {
                self.values.insert(
                    spec.name,
                    OptionValue::Header(HeaderArg {
                        path: path.to_string(),
                        ir: Some(Arc::new(header)),
                    }),
                );
                Ok(())
            }
            Some(_) => Err(format!("option '{key}' does not take a header")),
            None => Err(format!("unknown option '{key}'")),
        }
    }

    /// A library option's exported names, with the library as given: `Ok(None)` when the
    /// option is not given, an error when it was not loaded.
    pub fn library_exports(
        &self,
        key: &str,
    ) -> Result<Option<(&str, &std::collections::BTreeSet<String>)>, String> {
        match self.values.get(key) {
            Some(OptionValue::Library(LibraryArg {
                spec,
                exports: Some(e),
            })) => Ok(Some((spec, e))),
            Some(OptionValue::Library(LibraryArg {
                spec,
                exports: None,
            })) => Err(format!(
                "option '{key}' ({spec}) was not loaded: the caller must load library options"
            )),
            _ => Ok(None),
        }
    }

    /// Loads every library option not loaded yet: `load` gets the library as given and
    /// returns the names it exports ([`crate::libsyms::exports`]).
    pub fn load_libraries(
        &mut self,
        mut load: impl FnMut(&str) -> Result<std::collections::BTreeSet<String>, String>,
    ) -> Result<(), String> {
        for (key, value) in self.values.iter_mut() {
            if let OptionValue::Library(arg) = value
                && arg.exports.is_none()
            {
                let e = load(&arg.spec).map_err(|e| format!("{key}: {e}"))?;
                arg.exports = Some(Arc::new(e));
            }
        }
        Ok(())
    }

    /// Whether some library option still waits for [`WriterOptions::load_libraries`].
    pub fn has_unloaded_libraries(&self) -> bool {
        self.values
            .values()
            .any(|v| matches!(v, OptionValue::Library(LibraryArg { exports: None, .. })))
    }

    /// Whether some header option still waits for [`WriterOptions::load_headers`].
    pub fn has_unloaded_headers(&self) -> bool {
        self.values
            .values()
            .any(|v| matches!(v, OptionValue::Header(HeaderArg { ir: None, .. })))
    }
}

fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// `header` without the functions and variables a library's `exports` lacks (by their symbol
/// name: the `asm` label when there is one; a `static` function or variable is the header's
/// own and stays), and the names left out, in order: for writers
/// with a `library` option ([`OptionKind::Library`]) whose output refers to every function.
pub fn retain_exported(
    header: &ir::Header,
    exports: &std::collections::BTreeSet<String>,
) -> (ir::Header, Vec<String>) {
    let mut dropped = Vec::new();
    let mut h = ir::Header {
        declarations: Vec::with_capacity(header.declarations.len()),
        ..ir::Header::default()
    };
    for d in &header.declarations {
        let missing = match d {
            ir::Declaration::Function(f) => {
                !f.is_static && !exports.contains(f.asm_name.as_deref().unwrap_or(&f.name))
            }
            ir::Declaration::Variable(v) => {
                !v.is_static && !exports.contains(v.asm_name.as_deref().unwrap_or(&v.name))
            }
            _ => false,
        };
        if missing {
            dropped.extend(d.name().map(str::to_string));
        } else {
            h.declarations.push(d.clone());
        }
    }
    h.path = header.path.clone();
    h.included_headers = header.included_headers.clone();
    h.dependencies = header.dependencies.clone();
    h.target = header.target.clone();
    h.object_macros = header.object_macros.clone();
    (h, dropped)
}

// ------------------------------------------------------------------------------------------
// Output templates
// ------------------------------------------------------------------------------------------

/// Expands an output template for `header` (the path as the user gave it; `cwd` is where
/// relative paths start):
///
/// * `{stem}`: the file name without its last extension (`socket`);
/// * `{name}`: the file name (`socket.h`);
/// * `{dir}`: the header's directory, relative to `cwd` when the header is under it
///   (`include/net`, `.` for the current directory), otherwise as given (`../other`,
///   `/usr/include`); always with `/` separators;
/// * `{{` and `}}`: literal braces.
///
/// Any other `{...}` is an error, as is a lone brace.
pub fn expand_template(template: &str, header: &Path, cwd: &Path) -> Result<String, String> {
    let name = header
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = header
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = template_dir(header, cwd);
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(t) = tail.strip_prefix("{{") {
            out.push('{');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("}}") {
            out.push('}');
            rest = t;
        } else if tail.starts_with('}') {
            return Err(format!("unmatched '}}' in output template '{template}'"));
        } else {
            let end = tail
                .find('}')
                .ok_or_else(|| format!("unmatched '{{' in output template '{template}'"))?;
            match &tail[1..end] {
                "stem" => out.push_str(&stem),
                "name" => out.push_str(&name),
                "dir" => out.push_str(&dir),
                other => {
                    return Err(format!(
                        "unknown variable '{{{other}}}' in output template '{template}' \
                         (known: {{stem}}, {{name}}, {{dir}})"
                    ));
                }
            }
            rest = &tail[end + 1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// `{dir}` of [`expand_template`].
fn template_dir(header: &Path, cwd: &Path) -> String {
    let parent = header.parent().unwrap_or(Path::new(""));
    let mut dir = normalize(parent);
    if dir.is_absolute() {
        if let Ok(rel) = dir.strip_prefix(normalize(cwd)) {
            dir = rel.to_path_buf();
        } else if let Ok(real) = cwd.canonicalize()
            && let Ok(rel) = dir.strip_prefix(&real)
        {
            dir = rel.to_path_buf();
        }
    }
    let parts: Vec<String> = dir
        .components()
        .map(|c| match c {
            Component::RootDir => String::new(),
            c => c.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    match parts.as_slice() {
        [] => ".".into(),
        [root] if root.is_empty() => "/".into(),
        _ => parts.join("/"),
    }
}

/// `path` without `.` components and with `..` folded where it follows a normal component
/// (lexically: symbolic links are not consulted).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            c => out.push(c),
        }
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_has_json() {
        let w = get("json").unwrap();
        assert_eq!(w.name(), "json");
        assert_eq!(w.default_template(), "{dir}/{stem}.json");
        assert!(get("nosuch").is_none());
        // The reference's default (cffi) once it is registered, the first writer until then.
        let d = default_writer().name();
        assert!(d == DEFAULT_WRITER || (get(DEFAULT_WRITER).is_none() && d == all()[0].name()));
        assert!(names().contains("json"));
    }

    #[test]
    fn options_are_typed() {
        let specs = &[
            OptionSpec {
                name: "n",
                kind: OptionKind::OptInt,
                help: "",
            },
            OptionSpec {
                name: "b",
                kind: OptionKind::Bool,
                help: "",
            },
            OptionSpec {
                name: "l",
                kind: OptionKind::List,
                help: "",
            },
        ];
        let mut o = WriterOptions::default();
        o.set(specs, "n", "4").unwrap();
        assert_eq!(o.opt_int("n", Some(2)), Some(4));
        o.set(specs, "n", "none").unwrap();
        assert_eq!(o.opt_int("n", Some(2)), None);
        o.set(specs, "b", "Yes").unwrap();
        assert!(o.bool("b", false));
        o.set(specs, "l", "^__").unwrap();
        o.set(specs, "l", "x,y").unwrap();
        assert_eq!(o.list("l"), ["^__", "x,y"]);
        assert!(
            o.set(specs, "n", "four")
                .unwrap_err()
                .contains("expected an integer")
        );
        assert!(o.set(specs, "b", "maybe").is_err());
        assert!(
            o.set(specs, "zz", "1")
                .unwrap_err()
                .contains("options: n, b, l")
        );
        assert_eq!(WriterOptions::default().opt_int("n", Some(2)), Some(2));
    }

    #[test]
    fn header_options_are_loaded_by_the_caller() {
        let specs = &[OptionSpec {
            name: "baseline",
            kind: OptionKind::Header,
            help: "",
        }];
        let mut o = WriterOptions::default();
        assert_eq!(o.header("baseline"), Ok(None));
        assert!(o.set(specs, "baseline", " ").is_err());
        o.set(specs, "baseline", "old.h").unwrap();
        assert!(o.has_unloaded_headers());
        assert!(o.header("baseline").unwrap_err().contains("not loaded"));
        let mut asked = Vec::new();
        o.load_headers(|p| {
            asked.push(p.to_string());
            Ok(ir::Header {
                path: p.into(),
                ..Default::default()
            })
        })
        .unwrap();
        assert_eq!(asked, ["old.h"]);
        assert!(!o.has_unloaded_headers());
        assert_eq!(o.header("baseline").unwrap().unwrap().path, "old.h");
        // Loaded options are not loaded again; errors name the option.
        o.load_headers(|_| panic!("loaded twice")).unwrap();
        let mut bad = WriterOptions::default();
        bad.set(specs, "baseline", "x.h").unwrap();
        let e = bad
            .load_headers(|_| Err("no such file".into()))
            .unwrap_err();
        assert_eq!(e, "baseline: no such file");
        let mut given = WriterOptions::default();
        given
            .set_header(specs, "baseline", "mem", ir::Header::default())
            .unwrap();
        assert!(given.header("baseline").unwrap().is_some());
        assert!(given.clone() == given);
        assert!(
            given
                .set_header(specs, "nope", "x", ir::Header::default())
                .is_err()
        );
    }

    #[test]
    fn templates() {
        let cwd = Path::new("/p");
        let t = |tpl: &str, h: &str| expand_template(tpl, Path::new(h), cwd);
        assert_eq!(
            t("{dir}/{stem}.json", "inc/net/socket.h").unwrap(),
            "inc/net/socket.json"
        );
        assert_eq!(t("{dir}/{stem}.json", "socket.h").unwrap(), "./socket.json");
        assert_eq!(
            t("{dir}/{stem}.json", "./socket.h").unwrap(),
            "./socket.json"
        );
        assert_eq!(t("out/{name}.x", "/p/a/b.h").unwrap(), "out/b.h.x");
        assert_eq!(t("{dir}", "/p/a/b.h").unwrap(), "a");
        assert_eq!(t("{dir}", "/q/b.h").unwrap(), "/q");
        assert_eq!(t("{dir}", "/b.h").unwrap(), "/");
        assert_eq!(t("{dir}", "../q/./b.h").unwrap(), "../q");
        assert_eq!(t("{{{stem}}}", "a.tar.gz").unwrap(), "{a.tar}");
        assert!(t("{foo}.txt", "a.h").unwrap_err().contains("'{foo}'"));
        assert!(t("{stem", "a.h").is_err());
        assert!(t("a}", "a.h").is_err());
    }
}
