//! Project configuration: `.headerkit.toml`, `headerkit.toml`, or `[tool.headerkit]` in
//! `pyproject.toml` (`docs/config.md`).
//!
//! [`discover`] walks upward from a directory; [`load`] reads one file. Loading expands
//! `${VAR}` in every string value (nested lists and tables included), then checks every key
//! against its type and against the writer registry, so a mistake is one line naming the file
//! and the key (`pyproject.toml: error: tool.headerkit.writers[0]: unknown writer 'cfi' …`)
//! before anything is read or written. Relative paths in a configuration (header patterns,
//! include directories, output templates) are relative to the file's directory.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use toml::Value;

use crate::writers::{self, OptionKind};

/// The file names tried in each directory, in order.
pub const FILE_NAMES: &[&str] = &[".headerkit.toml", "headerkit.toml", "pyproject.toml"];

/// A configuration mistake: `path: error: key: message`, one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, as shown to the user.
    pub file: String,
    /// The key in dotted form (`tool.headerkit.headers[0].include_dirs[0]`); empty for errors
    /// of the file as a whole.
    pub key: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: error: {}", self.file, self.message)
        } else {
            write!(f, "{}: error: {}: {}", self.file, self.key, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

/// Raw writer option values per writer, then per key: each value in its text form, one entry
/// per list item (a single string for a list option is one item). Checked against the
/// registry's [`writers::OptionSpec`]s when loaded.
pub type RawOptions = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// An output template and the directory a relative result is relative to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub template: String,
    pub base: PathBuf,
}

/// One `[[headers]]` entry (or one `[headers."path.h"]` table).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderEntry {
    /// A glob or path, relative to the configuration's directory (or absolute).
    pub pattern: String,
    pub include_dirs: Vec<PathBuf>,
    pub defines: Vec<String>,
    pub target: Option<String>,
    /// Writer → template.
    pub output: BTreeMap<String, String>,
    pub writer_options: RawOptions,
}

/// A loaded configuration, with `${VAR}` expanded and every value checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file it came from.
    pub path: PathBuf,
    /// The file's directory (absolute): relative paths in the file start here.
    pub dir: PathBuf,
    /// Accepted for compatibility (`"libclang"` or any other name): headerkit has one parser.
    pub backend: Option<String>,
    pub writers: Vec<String>,
    pub include_dirs: Vec<PathBuf>,
    pub defines: Vec<String>,
    pub exclude: Vec<String>,
    pub target: Option<String>,
    pub headers: Vec<HeaderEntry>,
    pub writer_options: RawOptions,
    /// Writer → template (`[output]`).
    pub output: BTreeMap<String, String>,
}

impl Config {
    /// The configuration's directory joined to `p` (absolute `p` stays as it is).
    pub fn resolve(&self, p: impl AsRef<Path>) -> PathBuf {
        writers::normalize(&self.dir.join(p))
    }

    /// The entries whose pattern matches `header` (any path; matched relative to the
    /// configuration's directory), in file order.
    pub fn entries_for(&self, header: &Path, cwd: &Path) -> Vec<&HeaderEntry> {
        let abs = writers::normalize(&cwd.join(header));
        self.headers
            .iter()
            .filter(|e| glob_matches(&e.pattern, &self.dir, &abs))
            .collect()
    }
}

/// Whether `abs` (an absolute, normalized path) matches `pattern`, a glob relative to `base`
/// (or absolute). `**` crosses directories, `*` does not; a pattern ending in `/**` matches
/// everything under that directory.
pub fn glob_matches(pattern: &str, base: &Path, abs: &Path) -> bool {
    let full = writers::normalize(&base.join(pattern));
    let Ok(glob) = globset::GlobBuilder::new(&full.to_string_lossy())
        .literal_separator(true)
        .build()
    else {
        return false;
    };
    let m = glob.compile_matcher();
    if m.is_match(abs) {
        return true;
    }
    // The same file reached through a symbolic link (a temporary directory, say).
    match (base.canonicalize(), abs.canonicalize()) {
        (Ok(rb), Ok(ra)) => {
            let full = writers::normalize(&rb.join(pattern));
            globset::GlobBuilder::new(&full.to_string_lossy())
                .literal_separator(true)
                .build()
                .is_ok_and(|g| g.compile_matcher().is_match(&ra))
        }
        _ => false,
    }
}

/// Whether `s` contains glob metacharacters.
pub fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Looks for a configuration from `start` upward: in each directory `.headerkit.toml`, then
/// `headerkit.toml`, then a `pyproject.toml` with a `[tool.headerkit]` table. The walk stops
/// after a directory holding `.git` (the repository root), the home directory, or `/`.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let mut dir = Some(start);
    while let Some(d) = dir {
        for name in FILE_NAMES {
            let p = d.join(name);
            if !p.is_file() {
                continue;
            }
            if *name != "pyproject.toml" {
                return Some(p);
            }
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            match toml::from_str::<toml::Table>(&text) {
                Ok(t) => {
                    if t.get("tool")
                        .and_then(Value::as_table)
                        .is_some_and(|t| t.contains_key("headerkit"))
                    {
                        return Some(p);
                    }
                }
                // A broken pyproject that means to configure headerkit is reported, not skipped.
                Err(_) if text.contains("tool.headerkit") => return Some(p),
                Err(_) => {}
            }
        }
        if d.join(".git").exists() || home.as_deref() == Some(d) {
            break;
        }
        dir = d.parent();
    }
    None
}

/// Loads the configuration at `path`, expanding `${VAR}` from the process environment.
/// `shown` is how the file is named in messages.
pub fn load(path: &Path, shown: &str) -> Result<Config, ConfigError> {
    load_with_env(path, shown, &|name| std::env::var(name).ok())
}

/// [`load`] with `env` answering the `${VAR}` lookups.
pub fn load_with_env(
    path: &Path,
    shown: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Config, ConfigError> {
    let err = |key: &str, message: String| ConfigError {
        file: shown.to_string(),
        key: key.to_string(),
        message,
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| err("", format!("cannot read the configuration: {e}")))?;
    let doc: toml::Table = toml::from_str(&text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                format!("line {line}, column {col}: ")
            })
            .unwrap_or_default();
        err(
            "",
            format!("invalid TOML: {at}{}", e.message().replace('\n', " ")),
        )
    })?;
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let (mut table, prefix) = if is_pyproject {
        match doc.get("tool").and_then(|t| t.get("headerkit")) {
            None => (toml::Table::new(), "tool.headerkit."),
            Some(Value::Table(t)) => (t.clone(), "tool.headerkit."),
            Some(v) => {
                return Err(err(
                    "tool.headerkit",
                    format!("expected a table, got {}", type_name(v)),
                ));
            }
        }
    } else {
        (doc, "")
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = writers::normalize(&std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()));
    // Expansion first, over the whole table: an unset variable is an error wherever it is.
    for (k, v) in table.iter_mut() {
        expand_value(v, &format!("{prefix}{k}"), env).map_err(|(key, m)| err(&key, m))?;
    }
    let mut cfg = Config {
        path: path.to_path_buf(),
        dir,
        ..Config::default()
    };
    let r = Reader { prefix };
    let e = |(key, m): (String, String)| err(&key, m);
    cfg.backend = r.opt_str(&table, "backend").map_err(e)?;
    cfg.writers = r.str_list(&table, "writers").map_err(e)?;
    for (i, w) in cfg.writers.iter().enumerate() {
        check_writer(w).map_err(|m| err(&format!("{prefix}writers[{i}]"), m))?;
    }
    cfg.include_dirs = r
        .str_list(&table, "include_dirs")
        .map_err(e)?
        .into_iter()
        .map(|d| cfg.resolve(d))
        .collect();
    cfg.defines = r.str_list(&table, "defines").map_err(e)?;
    check_defines(&cfg.defines).map_err(|(i, m)| err(&format!("{prefix}defines[{i}]"), m))?;
    cfg.exclude = r.str_list(&table, "exclude").map_err(e)?;
    cfg.target = r.opt_str(&table, "target").map_err(e)?;
    if let Some(t) = &cfg.target {
        crate::preprocess::target::Target::parse(t)
            .map_err(|m| err(&format!("{prefix}target"), m))?;
    }
    cfg.writer_options = r.writer_options(&table, "writer").map_err(e)?;
    cfg.output = r.output(&table, "output").map_err(e)?;
    cfg.headers = r.headers(&table, &cfg).map_err(e)?;
    Ok(cfg)
}

/// Expands `${NAME}` in every string under `v`; `key` names `v` for messages.
fn expand_value(
    v: &mut Value,
    key: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(), (String, String)> {
    match v {
        Value::String(s) => {
            *s = expand_str(s, env).map_err(|name| {
                (
                    key.to_string(),
                    format!("environment variable {name} is not set"),
                )
            })?;
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                expand_value(item, &format!("{key}[{i}]"), env)?;
            }
        }
        Value::Table(t) => {
            for (k, item) in t.iter_mut() {
                expand_value(item, &format!("{key}.{}", key_part(k)), env)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A table key as written in a dotted key: bare when it can be, else quoted.
fn key_part(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        format!("{k:?}")
    }
}

/// Expands `${NAME}` in `s` (NAME: one or more characters up to the first `}`). `$NAME`,
/// `${}` and an unclosed `${` stay as written. Returns the name of an unset variable.
pub fn expand_str(s: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find('}') {
            Some(end) if end > 0 => {
                let name = &after[..end];
                out.push_str(&env(name).ok_or_else(|| name.to_string())?);
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a float",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "an array",
        Value::Table(_) => "a table",
    }
}

fn check_writer(name: &str) -> Result<(), String> {
    if writers::get(name).is_some() {
        Ok(())
    } else {
        Err(format!(
            "unknown writer '{name}' (available: {})",
            writers::names()
        ))
    }
}

/// Checks macro names in `NAME[=VALUE]` items; the index and message of the first bad one.
fn check_defines(defines: &[String]) -> Result<(), (usize, String)> {
    for (i, d) in defines.iter().enumerate() {
        let name = d.trim().split(['=', '(']).next().unwrap_or("");
        if name.is_empty()
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || name.starts_with(|c: char| c.is_ascii_digit())
        {
            return Err((i, format!("macro name missing or invalid in '{d}'")));
        }
    }
    Ok(())
}

/// Checks a writer option's values beyond their type: the patterns of a `*_patterns` option
/// must be regular expressions.
pub fn check_option_values(key: &str, values: &[String]) -> Result<(), String> {
    if key.ends_with("_patterns") {
        for v in values {
            regex::Regex::new(v).map_err(|e| {
                format!("bad regular expression '{v}': {}", one_line(&e.to_string()))
            })?;
        }
    }
    Ok(())
}

fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads typed values out of the (expanded) table, naming keys with `prefix`.
struct Reader {
    prefix: &'static str,
}

type R<T> = Result<T, (String, String)>;

impl Reader {
    fn key(&self, k: &str) -> String {
        format!("{}{k}", self.prefix)
    }

    fn opt_str(&self, t: &toml::Table, k: &str) -> R<Option<String>> {
        self.opt_str_at(t, k, &self.key(k))
    }

    fn opt_str_at(&self, t: &toml::Table, k: &str, key: &str) -> R<Option<String>> {
        match t.get(k) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err((
                key.to_string(),
                format!("expected a string, got {}", type_name(v)),
            )),
        }
    }

    fn str_list(&self, t: &toml::Table, k: &str) -> R<Vec<String>> {
        self.str_list_at(t, k, &self.key(k))
    }

    /// A list of strings; a single string is a list of one.
    fn str_list_at(&self, t: &toml::Table, k: &str, key: &str) -> R<Vec<String>> {
        match t.get(k) {
            None => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(vec![s.clone()]),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::String(s) => Ok(s.clone()),
                    v => Err((
                        format!("{key}[{i}]"),
                        format!("expected a string, got {}", type_name(v)),
                    )),
                })
                .collect(),
            Some(v) => Err((
                key.to_string(),
                format!("expected a list of strings, got {}", type_name(v)),
            )),
        }
    }

    fn table<'a>(&self, t: &'a toml::Table, k: &str, key: &str) -> R<Option<&'a toml::Table>> {
        match t.get(k) {
            None => Ok(None),
            Some(Value::Table(t)) => Ok(Some(t)),
            Some(v) => Err((
                key.to_string(),
                format!("expected a table, got {}", type_name(v)),
            )),
        }
    }

    /// `[output]`: writer → template, each writer known and each template well-formed.
    fn output(&self, t: &toml::Table, k: &str) -> R<BTreeMap<String, String>> {
        self.output_at(t, k, &self.key(k))
    }

    fn output_at(&self, t: &toml::Table, k: &str, key: &str) -> R<BTreeMap<String, String>> {
        let mut out = BTreeMap::new();
        let Some(table) = self.table(t, k, key)? else {
            return Ok(out);
        };
        for (w, v) in table {
            let wkey = format!("{key}.{}", key_part(w));
            check_writer(w).map_err(|m| (wkey.clone(), m))?;
            let Value::String(tpl) = v else {
                return Err((wkey, format!("expected a string, got {}", type_name(v))));
            };
            if tpl.is_empty() {
                return Err((wkey, "empty output template".into()));
            }
            writers::expand_template(tpl, Path::new("x/h.h"), Path::new("/"))
                .map_err(|m| (wkey.clone(), m))?;
            out.insert(w.clone(), tpl.clone());
        }
        Ok(out)
    }

    /// `[writer.NAME]` tables, typed by each writer's options.
    fn writer_options(&self, t: &toml::Table, k: &str) -> R<RawOptions> {
        self.writer_options_at(t, k, &self.key(k))
    }

    fn writer_options_at(&self, t: &toml::Table, k: &str, key: &str) -> R<RawOptions> {
        let mut out = RawOptions::new();
        let Some(table) = self.table(t, k, key)? else {
            return Ok(out);
        };
        for (w, v) in table {
            let wkey = format!("{key}.{}", key_part(w));
            check_writer(w).map_err(|m| (wkey.clone(), m))?;
            let writer = writers::get(w).expect("checked");
            let Value::Table(opts) = v else {
                return Err((wkey, format!("expected a table, got {}", type_name(v))));
            };
            let mut map = BTreeMap::new();
            for (name, value) in opts {
                let okey = format!("{wkey}.{}", key_part(name));
                let spec = writer
                    .options()
                    .iter()
                    .find(|s| s.name == name)
                    .ok_or_else(|| {
                        let known: Vec<&str> = writer.options().iter().map(|s| s.name).collect();
                        (
                            okey.clone(),
                            if known.is_empty() {
                                format!("unknown option (writer '{w}' takes no options)")
                            } else {
                                format!("unknown option (options of '{w}': {})", known.join(", "))
                            },
                        )
                    })?;
                let raw = option_values(spec.kind, value).map_err(|m| (okey.clone(), m))?;
                check_option_values(name, &raw).map_err(|m| (okey.clone(), m))?;
                // The registry's own parsing, to be sure the text form reads back.
                let mut probe = writers::WriterOptions::default();
                for r in &raw {
                    probe
                        .set(writer.options(), name, r)
                        .map_err(|m| (okey.clone(), m))?;
                }
                map.insert(name.clone(), raw);
            }
            let mut probe = writers::WriterOptions::default();
            for (name, raw) in &map {
                for r in raw {
                    probe
                        .set(writer.options(), name, r)
                        .map_err(|m| (wkey.clone(), m))?;
                }
            }
            writer
                .check_options(&probe)
                .map_err(|m| (wkey.clone(), m))?;
            out.insert(w.clone(), map);
        }
        Ok(out)
    }

    /// `headers`: an array of tables with `pattern`, or a table keyed by pattern.
    fn headers(&self, t: &toml::Table, cfg: &Config) -> R<Vec<HeaderEntry>> {
        let key = self.key("headers");
        let mut entries: Vec<(String, String, &toml::Table)> = Vec::new();
        match t.get("headers") {
            None => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let ikey = format!("{key}[{i}]");
                    let Value::Table(e) = item else {
                        return Err((ikey, format!("expected a table, got {}", type_name(item))));
                    };
                    let pattern = match e.get("pattern") {
                        Some(Value::String(p)) => p.clone(),
                        Some(v) => {
                            return Err((
                                format!("{ikey}.pattern"),
                                format!("expected a string, got {}", type_name(v)),
                            ));
                        }
                        None => return Err((ikey, "missing 'pattern'".into())),
                    };
                    entries.push((ikey, pattern, e));
                }
            }
            // The build backend's form: `[headers."include/x.h"]`.
            Some(Value::Table(map)) => {
                for (p, item) in map {
                    let ikey = format!("{key}.{}", key_part(p));
                    let Value::Table(e) = item else {
                        return Err((ikey, format!("expected a table, got {}", type_name(item))));
                    };
                    entries.push((ikey, p.clone(), e));
                }
            }
            Some(v) => {
                return Err((
                    key,
                    format!(
                        "expected an array of tables ([[headers]]) or a table of headers, got {}",
                        type_name(v)
                    ),
                ));
            }
        }
        let mut out = Vec::new();
        for (ikey, pattern, e) in entries {
            if pattern.is_empty() {
                return Err((format!("{ikey}.pattern"), "empty pattern".into()));
            }
            if is_glob(&pattern) && globset::Glob::new(&pattern).is_err() {
                return Err((format!("{ikey}.pattern"), format!("bad glob '{pattern}'")));
            }
            let sub = |k: &str| format!("{ikey}.{k}");
            let defines = self.str_list_at(e, "defines", &sub("defines"))?;
            check_defines(&defines).map_err(|(i, m)| (format!("{}[{i}]", sub("defines")), m))?;
            let target = self.opt_str_at(e, "target", &sub("target"))?;
            if let Some(t) = &target {
                crate::preprocess::target::Target::parse(t).map_err(|m| (sub("target"), m))?;
            }
            out.push(HeaderEntry {
                include_dirs: self
                    .str_list_at(e, "include_dirs", &sub("include_dirs"))?
                    .into_iter()
                    .map(|d| cfg.resolve(d))
                    .collect(),
                defines,
                target,
                output: self.output_at(e, "output", &sub("output"))?,
                writer_options: self.writer_options_at(
                    e,
                    "writer_options",
                    &sub("writer_options"),
                )?,
                pattern,
            });
        }
        Ok(out)
    }
}

/// A TOML value as the text form(s) of an option of `kind`.
fn option_values(kind: OptionKind, v: &Value) -> Result<Vec<String>, String> {
    let bad = |want: &str| Err(format!("expected {want}, got {}", type_name(v)));
    match (kind, v) {
        (OptionKind::Bool, Value::Boolean(b)) => Ok(vec![b.to_string()]),
        (OptionKind::Bool, _) => bad("true or false"),
        (OptionKind::Int | OptionKind::OptInt, Value::Integer(i)) => Ok(vec![i.to_string()]),
        (OptionKind::OptInt, Value::String(s)) if s.eq_ignore_ascii_case("none") => {
            Ok(vec!["none".into()])
        }
        (OptionKind::Int, _) => bad("an integer"),
        (OptionKind::OptInt, _) => bad("an integer or \"none\""),
        (OptionKind::Str | OptionKind::Header | OptionKind::Library, Value::String(s)) => {
            Ok(vec![s.clone()])
        }
        (OptionKind::Str, _) => bad("a string"),
        (OptionKind::Header, _) => bad("a path (string)"),
        (OptionKind::Library, _) => bad("a library name or path (string)"),
        (OptionKind::List, Value::String(s)) => Ok(vec![s.clone()]),
        (OptionKind::List, Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(format!(
                    "item {i}: expected a string, got {}",
                    type_name(other)
                )),
            })
            .collect(),
        (OptionKind::List, _) => bad("a list of strings"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "A" => Some("/a".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn expansion() {
        let x = |s: &str| expand_str(s, &env);
        assert_eq!(x("${A}/x/${A}").unwrap(), "/a/x//a");
        assert_eq!(x("$A ${} ${A").unwrap(), "$A ${} ${A");
        assert_eq!(x("pre${EMPTY}post").unwrap(), "prepost");
        assert_eq!(x("${NOPE}").unwrap_err(), "NOPE");
        assert_eq!(x("${A:-d}").unwrap_err(), "A:-d");
    }

    fn load_text(name: &str, text: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        load_with_env(&p, name, &env)
    }

    #[test]
    fn both_header_schemas() {
        let a = load_text(
            "pyproject.toml",
            "[tool.headerkit]\n[[tool.headerkit.headers]]\npattern = \"include/*.h\"\n\
             include_dirs = [\"${A}\"]\ndefines = [\"X=1\"]\n",
        )
        .unwrap();
        assert_eq!(a.headers[0].pattern, "include/*.h");
        assert_eq!(a.headers[0].include_dirs, [PathBuf::from("/a")]);
        let b = load_text(
            ".headerkit.toml",
            "[headers.\"include/x.h\"]\ndefines = [\"X=1\"]\n",
        )
        .unwrap();
        assert_eq!(b.headers[0].pattern, "include/x.h");
        assert_eq!(b.headers[0].defines, ["X=1"]);
    }

    #[test]
    fn errors_name_the_key() {
        let e = load_text(
            "pyproject.toml",
            "[tool.headerkit]\n[[tool.headerkit.headers]]\npattern = \"a.h\"\n\
             include_dirs = [\"${NNG_INCLUDE_DIR}\"]\n",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "pyproject.toml: error: tool.headerkit.headers[0].include_dirs[0]: \
             environment variable NNG_INCLUDE_DIR is not set"
        );
        let e = load_text(".headerkit.toml", "writers = \"json\"\ninclude_dirs = 3\n").unwrap_err();
        assert_eq!(e.key, "include_dirs");
        let e = load_text(".headerkit.toml", "writers = [\"nosuch\"]\n").unwrap_err();
        assert_eq!(e.key, "writers[0]");
        assert!(e.message.contains("unknown writer 'nosuch'"));
        let e = load_text(".headerkit.toml", "[output]\njson = \"{foo}.json\"\n").unwrap_err();
        assert_eq!(e.key, "output.json");
        let e = load_text(".headerkit.toml", "[writer.json]\nindent = \"x\"\n").unwrap_err();
        assert_eq!(e.key, "writer.json.indent");
        let e = load_text(".headerkit.toml", "[writer.json]\nnope = 1\n").unwrap_err();
        assert_eq!(e.key, "writer.json.nope");
        let e = load_text(".headerkit.toml", "x = [\n").unwrap_err();
        assert!(e.message.starts_with("invalid TOML: line 1"), "{e}");
        let e = load_text(".headerkit.toml", "target = \"foo\"\n").unwrap_err();
        assert_eq!(e.key, "target");
    }

    #[test]
    fn typed_options() {
        let c = load_text(
            ".headerkit.toml",
            "[writer.json]\nindent = 4\nensure_ascii = false\n",
        )
        .unwrap();
        assert_eq!(c.writer_options["json"]["indent"], ["4"]);
        assert_eq!(c.writer_options["json"]["ensure_ascii"], ["false"]);
        assert!(check_option_values("define_patterns", &["NNG_\\w+".into()]).is_ok());
        assert!(check_option_values("define_patterns", &["(".into()]).is_err());
    }
}
