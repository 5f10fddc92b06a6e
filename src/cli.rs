//! The command line: the main command (headers → writers) and the subcommands (`preprocess`).
//!
//! Options follow compiler conventions (`-I DIR` or `-IDIR`, `-DNAME=VALUE`, `-include FILE`,
//! single-dash long options), so they are parsed by hand rather than by a generic parser:
//! a single-dash option takes its value joined or as the next argument; a double-dash one as
//! the next argument or after `=`.
//! Exit codes: 0 success, 1 bad input, 2 usage error.
//!
//! **Subcommand or header.** Only the first argument can name a subcommand, and only when it
//! is exactly a subcommand's name ([`SUBCOMMANDS`]). Anything else starts the main command,
//! where every argument that is not an option is a header: `headerkit preprocess x.h` runs
//! the subcommand, while `headerkit ./preprocess`, `headerkit preprocess.h` and
//! `headerkit -w json preprocess` read a header called `preprocess`. This is the reference
//! tool's rule (it looks at the first argument only), and it never depends on which files
//! exist.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use crate::config::{self, RawOptions};
use crate::parse::{self, ParseOptions};
use crate::preprocess::{self, FileCache, MacroArg, Options};
use crate::writers::{self, Writer, WriterOptions};

/// Names that select a subcommand when they are the first argument.
pub const SUBCOMMANDS: &[&str] = &["preprocess"];

const USAGE: &str = "\
usage: headerkit preprocess FILE [options]

Preprocess a C file or header like `cc -E` and print the result.

options:
  -P                  no line markers
  -I DIR              add DIR to the include search path
  -iquote DIR         add DIR to the search path of #include \"...\" only
  -isystem DIR        add DIR as a system include directory
  -idirafter DIR      add DIR after the system include directories
  -D NAME[=VALUE]     define a macro (VALUE defaults to 1)
  -U NAME             undefine a macro
  -include FILE       process FILE before the main file
  -nostdinc           no built-in headers, no system include directories
  -undef              predefine only the __STDC__ family
  -dM                 print the macros defined at the end instead of the text
  --target TRIPLE     preprocess for TRIPLE (default: the host)
  --sysroot DIR       find system headers under DIR
  -o FILE             write to FILE (atomically) instead of standard output
  FILE may be - for standard input, and -o - is standard output.
";

const MAIN_USAGE: &str = "\
usage: headerkit HEADER... [-w WRITER]... [-o [WRITER:]TEMPLATE]... [options]
       headerkit [options]    (the headers a configuration lists)
       headerkit preprocess FILE [options]    (see `headerkit preprocess --help`)

A HEADER may be a glob ('include/**/*.h'), expanded from the current directory.
A HEADER (or a baseline) ending in .json is a saved JSON IR (`-w json`), read
back instead of parsed.

Read C headers and write each through one or more writers.

With one header, a writer given no -o writes to standard output. With several
headers, each header is read on its own and written to one file per writer,
named by the writer's template (default: {dir}/{stem}.EXT beside the header).
A header that fails writes nothing; the others are still written (exit 1).

writers:
  -w, --writer NAME        use writer NAME (repeatable)
  -o, --output [WRITER:]TEMPLATE
                           write WRITER's output to TEMPLATE: {stem} is the
                           header's file name without extension, {name} its
                           file name, {dir} its directory; {{ }} are braces.
                           Names its writer if -w did not. Without WRITER:,
                           the one writer given (or the one the extension
                           names).
  --writer-opt WRITER:KEY=VALUE
                           set an option of WRITER (see below)
  --baseline PATH          the diff writer's baseline: the same as
                           --writer-opt diff:baseline=PATH

preprocessor:
  -I, --include-dir DIR    add DIR to the include search path
  -iquote DIR, -isystem DIR, -idirafter DIR
                           as in `headerkit preprocess`
  -D NAME[=VALUE]          define a macro
  -U NAME                  undefine a macro
  -include FILE            process FILE before each header
  -nostdinc, -undef, --sysroot DIR
                           as in `headerkit preprocess`
  --target TRIPLE          read the headers for TRIPLE (default: the host)

parsing:
  --keep-going             report a declaration that cannot be read as a
                           warning and keep the others
  --scope GLOB             also keep declarations from files matching GLOB
                           (repeatable)

running:
  -j, --jobs N             read N headers at a time (default: the CPU count)
  -q, --quiet              no summary of the files written
  --exclude GLOB           leave out headers matching GLOB (repeatable)

configuration (docs/config.md):
  --config PATH            read the configuration from PATH
  --no-config              read no configuration
  Without either, the first of .headerkit.toml, headerkit.toml or a
  pyproject.toml with [tool.headerkit] from the current directory upward (up
  to the repository root or the home directory). With no header named, the
  configuration's [[headers]] are written. Command-line values win.

compatibility:
  --backend NAME           libclang or headerkit: both are headerkit's parser
  --backend-arg ARG        a compiler option (-I, -D, -U, -include, …)
  --store-dir DIR
  --no-cache, --no-ir-cache, --no-output-cache
                           accepted for compatibility; headerkit has no cache

  --                       every later argument is a header
  -h, --help               this help
  --version                the version
";

/// A usage error: reported with exit code 2.
struct Usage(String);

/// Runs the command line; returns the process exit code.
pub fn main(args: Vec<OsString>) -> i32 {
    let args: Vec<String> = match args.into_iter().map(|a| a.into_string()).collect() {
        Ok(a) => a,
        Err(bad) => {
            eprintln!(
                "headerkit: error: argument is not valid UTF-8: {}",
                bad.to_string_lossy()
            );
            return 2;
        }
    };
    match args.first().map(String::as_str) {
        Some("-h" | "--help" | "help") => {
            print!("{}", main_help());
            0
        }
        Some("-V" | "--version") => {
            println!("headerkit {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Some("preprocess") => match parse_preprocess(&args[1..]) {
            Ok(Some(cmd)) => guarded(|| run_preprocess(cmd)),
            Ok(None) => {
                print!("{USAGE}");
                0
            }
            Err(Usage(msg)) => {
                eprintln!(
                    "headerkit preprocess: error: {msg}\n(see `headerkit preprocess --help`)"
                );
                2
            }
        },
        _ => match parse_main(&args) {
            Ok(MainParse::Run(cmd)) => guarded(|| run_main(*cmd)),
            Ok(MainParse::Help) => {
                print!("{}", main_help());
                0
            }
            Ok(MainParse::Version) => {
                println!("headerkit {}", env!("CARGO_PKG_VERSION"));
                0
            }
            Ok(MainParse::NoInput) if args.is_empty() => {
                eprint!("{}", main_help());
                2
            }
            Ok(MainParse::NoInput) => {
                eprintln!(
                    "headerkit: error: no header given (name headers, or list them in a \
                     configuration's [[headers]])\n(see `headerkit --help`)"
                );
                2
            }
            Err(Fail::Usage(msg)) => {
                eprintln!("headerkit: error: {msg}\n(see `headerkit --help`)");
                2
            }
            Err(Fail::Input(msg)) => {
                eprintln!("{msg}");
                1
            }
        },
    }
}

/// The main command's help, with the writers and their options from the registry.
fn main_help() -> String {
    let mut s = format!(
        "headerkit {}\n\n{MAIN_USAGE}\nwriters and their options:\n",
        env!("CARGO_PKG_VERSION")
    );
    for w in writers::all() {
        s.push_str(&format!(
            "  {}: {} (default file {})\n",
            w.name(),
            w.description(),
            w.default_template()
        ));
        for o in w.options() {
            let opt = format!("{}:{}={}", w.name(), o.name, o.kind.placeholder());
            s.push_str(&format!("    {opt:<26} {}\n", o.help));
        }
    }
    s.push_str(&format!(
        "default writer: {}\n\nsubcommands: {}\n",
        writers::default_writer().name(),
        SUBCOMMANDS.join(", ")
    ));
    s
}

/// Runs `f`, turning a panic (a bug) into a clear message and exit code 1 rather than a
/// backtrace: users get `headerkit: internal error`, never a crash dump.
fn guarded(f: impl FnOnce() -> i32) -> i32 {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "headerkit: internal error{at}: {msg}\nplease report this with the input that caused it"
        );
    }));
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(1)
}

// ------------------------------------------------------------------------------------------
// The main command
// ------------------------------------------------------------------------------------------

enum MainParse {
    Run(Box<MainCmd>),
    Help,
    Version,
    /// No header on the command line and none in a configuration.
    NoInput,
}

/// Why the main command cannot run: a usage error (exit 2) or bad input such as a
/// configuration mistake (exit 1); either way one line, and nothing is written.
enum Fail {
    Usage(String),
    Input(String),
}

impl From<Usage> for Fail {
    fn from(u: Usage) -> Fail {
        Fail::Usage(u.0)
    }
}

/// Where one writer's output for one header goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Dest {
    Stdout,
    /// The path as expanded from the template (relative to the current directory, or
    /// absolute): what the summary shows.
    File(PathBuf),
}

/// One active writer and its `-o` template, if any.
struct WriterSpec {
    writer: &'static dyn Writer,
    template: Option<String>,
}

/// One header to read, with everything that applies to it.
struct Job {
    header: PathBuf,
    parse: ParseOptions,
    /// `options[w]`: the options of writer `w` for this header.
    options: Vec<WriterOptions>,
    /// `dests[w]`: where writer `w`'s output goes.
    dests: Vec<Dest>,
}

struct MainCmd {
    writers: Vec<WriterSpec>,
    jobs: Vec<Job>,
    threads: usize,
    quiet: bool,
}

/// A header to read and where it came from.
struct Input {
    /// The path as used and shown (relative to the current directory when under it).
    path: PathBuf,
    /// The directory relative output templates (and `{dir}`) start from: the current
    /// directory for headers named on the command line, the configuration's directory for
    /// headers it lists.
    base: PathBuf,
}

/// An output template with the directory its relative results start from, and, when it
/// comes from a configuration, the `file: error: key` prefix of messages about it.
#[derive(Clone)]
struct Tpl {
    text: String,
    base: PathBuf,
    origin: Option<String>,
}

fn parse_main(args: &[String]) -> Result<MainParse, Fail> {
    let mut pp = Options::default();
    let mut keep_going = false;
    let mut scope = Vec::new();
    let mut headers: Vec<String> = Vec::new();
    let mut writer_names: Vec<String> = Vec::new();
    let mut outputs: Vec<String> = Vec::new();
    let mut writer_opts: Vec<String> = Vec::new();
    let mut baseline: Option<String> = None;
    let mut excludes: Vec<String> = Vec::new();
    let mut config_path: Option<String> = None;
    let mut no_config = false;
    let mut jobs: Option<usize> = None;
    let mut quiet = false;
    let mut a = ArgCursor { args, i: 0 };
    while a.i < args.len() {
        let arg = args[a.i].as_str();
        if arg == "--" {
            headers.extend(args[a.i + 1..].iter().cloned());
            break;
        }
        if pp_option(&mut a, &mut pp, true)? {
            a.i += 1;
            continue;
        }
        match arg {
            "-h" | "--help" => return Ok(MainParse::Help),
            "-V" | "--version" => return Ok(MainParse::Version),
            "--keep-going" => keep_going = true,
            "-q" | "--quiet" => quiet = true,
            "--no-config" => no_config = true,
            "--no-cache" | "--no-ir-cache" | "--no-output-cache" => {}
            "-" => {
                return Err(Usage(
                    "headers are read from files; for standard input use `headerkit preprocess -`"
                        .into(),
                )
                .into());
            }
            _ => {
                if let Some(v) = a.value("--include-dir")? {
                    pp.include_dirs.push(v.into());
                } else if let Some(v) = a.value("--writer-opt")? {
                    writer_opts.push(v);
                } else if let Some(v) = a.value("--baseline")? {
                    baseline = Some(v);
                } else if let Some(v) = a.value2("--writer", "-w")? {
                    writer_names.push(v);
                } else if let Some(v) = a.value2("--output", "-o")? {
                    outputs.push(v);
                } else if let Some(v) = a.value("--exclude")? {
                    excludes.push(v);
                } else if let Some(v) = a.value("--config")? {
                    config_path = Some(v);
                } else if let Some(v) = a.value("--backend")? {
                    check_backend(&v).map_err(Usage)?;
                } else if let Some(v) = a.value("--backend-arg")? {
                    backend_arg(&v, &mut pp)?;
                } else if a.value("--store-dir")?.is_some() {
                    // Accepted for compatibility: headerkit has no cache.
                } else if let Some(v) = a.value("--scope")? {
                    scope.push(v);
                } else if let Some(v) = a.value2("--jobs", "-j")? {
                    match v.parse::<usize>() {
                        Ok(n) if n > 0 => jobs = Some(n),
                        _ => {
                            return Err(
                                Usage(format!("bad job count '{v}' (want 1 or more)")).into()
                            );
                        }
                    }
                } else if arg.starts_with('-') {
                    return Err(Usage(format!("unknown option '{arg}'")).into());
                } else {
                    headers.push(arg.to_string());
                }
            }
        }
        a.i += 1;
    }
    check_pp_options(&pp)?;
    for g in &scope {
        if g.is_empty() {
            return Err(Usage("empty --scope pattern".into()).into());
        }
    }
    for g in &excludes {
        if g.is_empty() || globset::Glob::new(g).is_err() {
            return Err(Usage(format!("bad --exclude pattern '{g}'")).into());
        }
    }
    let cwd = std::env::current_dir()
        .map_err(|e| Usage(format!("cannot read the current directory: {e}")))?;
    let config = load_config(config_path.as_deref(), no_config, &cwd)?;

    // Writers: -w, else the configuration's, plus those -o names; options: the
    // configuration's, overridden key by key by --writer-opt.
    let names = if writer_names.is_empty() {
        config
            .as_ref()
            .map(|c| c.writers.clone())
            .unwrap_or_default()
    } else {
        writer_names
    };
    let writers = select_writers(&names, &outputs)?;
    if let Some(b) = baseline {
        if !writers.iter().any(|s| s.writer.name() == "diff") {
            return Err(Usage("--baseline is the diff writer's: add -w diff".into()).into());
        }
        writer_opts.insert(0, format!("diff:baseline={b}"));
    }
    let cli_opts = parse_writer_opts(&writers, &writer_opts)?;

    // Headers: the command line's (globs expanded from the current directory), else the
    // configuration's (from its directory); less the exclusions of both.
    let mut exclude: Vec<(String, PathBuf)> =
        excludes.into_iter().map(|g| (g, cwd.clone())).collect();
    if let Some(c) = &config {
        exclude.extend(c.exclude.iter().map(|g| (g.clone(), c.dir.clone())));
    }
    let from_config = headers.is_empty() && config.as_ref().is_some_and(|c| !c.headers.is_empty());
    let inputs = if from_config {
        let c = config.as_ref().expect("from_config");
        let patterns: Vec<String> = c.headers.iter().map(|e| e.pattern.clone()).collect();
        resolve_inputs(&patterns, false, &c.dir, &exclude, &cwd)
            .map_err(|m| Fail::Input(format!("{}: error: {m}", shown_path(&c.path, &cwd))))?
    } else {
        if headers.is_empty() {
            return Ok(MainParse::NoInput);
        }
        // A mistyped subcommand would otherwise read as a missing header.
        let first = args[0].as_str();
        if headers.first().map(String::as_str) == Some(first)
            && !first.contains(['/', '.', '\\'])
            && !Path::new(first).exists()
        {
            return Err(Usage(format!(
                "'{first}' is neither a header nor a subcommand (subcommands: {})",
                SUBCOMMANDS.join(", ")
            ))
            .into());
        }
        resolve_inputs(&headers, true, &cwd, &exclude, &cwd)
            .map_err(|m| Fail::Input(format!("headerkit: error: {m}")))?
    };
    if inputs.is_empty() {
        return Err(Fail::Input(
            "headerkit: error: every header is excluded (--exclude or the configuration's exclude)"
                .into(),
        ));
    }

    let mut plan = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let entries = config
            .as_ref()
            .map(|c| c.entries_for(&input.path, &cwd))
            .unwrap_or_default();
        let parse = ParseOptions {
            preprocess: header_pp(&pp, config.as_ref(), &entries),
            keep_going,
            scope: scope.clone(),
        };
        let mut options = Vec::with_capacity(writers.len());
        let mut templates = Vec::with_capacity(writers.len());
        for spec in &writers {
            let name = spec.writer.name();
            let mut layers: Vec<&BTreeMap<String, Vec<String>>> = Vec::new();
            if let Some(m) = config.as_ref().and_then(|c| c.writer_options.get(name)) {
                layers.push(m);
            }
            layers.extend(entries.iter().filter_map(|e| e.writer_options.get(name)));
            if let Some(m) = cli_opts.get(name) {
                layers.push(m);
            }
            options.push(
                build_options(spec.writer, &layers)
                    .map_err(|m| Fail::Usage(format!("writer '{name}': {m}")))?,
            );
            templates.push(choose_template(spec, config.as_ref(), &entries, &cwd));
        }
        plan.push((input, parse, options, templates));
    }
    // A glob means files even when it matches one header, so a script's outputs do not
    // depend on how many headers there are (the reference's rule too).
    let single = inputs.len() == 1 && !from_config && !headers.iter().any(|h| config::is_glob(h));
    let dests = plan_outputs(&plan, &writers, single, &cwd)?;
    let jobs_list = plan
        .into_iter()
        .zip(dests)
        .map(|((input, parse, options, _), dests)| Job {
            header: input.path.clone(),
            parse,
            options,
            dests,
        })
        .collect();
    let threads =
        jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    Ok(MainParse::Run(Box::new(MainCmd {
        writers,
        jobs: jobs_list,
        threads,
        quiet,
    })))
}

/// `--backend NAME`: the reference's `libclang` (which headerkit's own parser serves) or
/// `headerkit`.
fn check_backend(name: &str) -> Result<(), String> {
    match name {
        "libclang" | "headerkit" => Ok(()),
        _ => Err(format!(
            "unknown backend '{name}' (available: libclang, headerkit; both are headerkit's own parser)"
        )),
    }
}

/// `--backend-arg ARG`: a compiler argument; the preprocessor options headerkit knows
/// (`-I`, `-D`, `-U`, `-isystem`, `-include`, …) apply, others (`-std=c11`, `-W…`) are
/// accepted and have no effect.
fn backend_arg(arg: &str, pp: &mut Options) -> Result<(), Usage> {
    let items = vec![arg.to_string()];
    let mut c = ArgCursor { args: &items, i: 0 };
    if !pp_option(&mut c, pp, true)? && !arg.starts_with('-') {
        return Err(Usage(format!("--backend-arg '{arg}' is not an option")));
    }
    Ok(())
}

/// The configuration in use: `--config PATH`, else the one found from `cwd` upward, unless
/// `--no-config`.
fn load_config(
    path: Option<&str>,
    no_config: bool,
    cwd: &Path,
) -> Result<Option<config::Config>, Fail> {
    let path = match (path, no_config) {
        (Some(_), true) => {
            return Err(Usage("--config and --no-config are mutually exclusive".into()).into());
        }
        (_, true) => return Ok(None),
        (Some(p), false) => {
            let p = PathBuf::from(p);
            if !p.is_file() {
                return Err(Fail::Input(format!(
                    "headerkit: error: configuration file not found: {}",
                    p.display()
                )));
            }
            cwd.join(p)
        }
        (None, false) => match config::discover(cwd) {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    config::load(&path, &shown_path(&path, cwd))
        .map(Some)
        .map_err(|e| Fail::Input(e.to_string()))
}

/// `path` relative to `cwd` when under it, else as it is.
fn shown_path(path: &Path, cwd: &Path) -> String {
    let p = writers::normalize(path);
    p.strip_prefix(writers::normalize(cwd))
        .map(Path::to_path_buf)
        .unwrap_or(p)
        .display()
        .to_string()
}

/// Header arguments or patterns → headers, in order, each once. A pattern with `*`, `?` or
/// `[` is a glob relative to `base` (or absolute), expanded in sorted order; anything else is
/// a path. Command-line paths are kept `as_given` (globs' relative to the current
/// directory); a configuration's are made absolute. Exclusion globs (each with its own base) remove headers.
fn resolve_inputs(
    patterns: &[String],
    as_given: bool,
    base: &Path,
    exclude: &[(String, PathBuf)],
    cwd: &Path,
) -> Result<Vec<Input>, String> {
    let shown = |x: &Path| {
        let n = writers::normalize(x);
        n.strip_prefix(writers::normalize(cwd))
            .map(Path::to_path_buf)
            .unwrap_or(n)
    };
    let mut found: Vec<PathBuf> = Vec::new();
    for p in patterns {
        if config::is_glob(p) {
            let hits = expand_glob(p, base)?;
            if hits.is_empty() {
                return Err(format!("no header matches '{p}'"));
            }
            found.extend(hits.iter().map(|h| {
                if Path::new(p).is_absolute() || !as_given {
                    h.clone()
                } else {
                    shown(h)
                }
            }));
        } else if as_given {
            // As given: the path is what the IR records.
            found.push(PathBuf::from(p));
        } else {
            // A configuration's header is read by its absolute path, so the output is the
            // same from any directory of the project (the reference does the same).
            found.push(writers::normalize(&base.join(p)));
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for f in found {
        let abs = writers::normalize(&cwd.join(&f));
        if exclude
            .iter()
            .any(|(g, b)| config::glob_matches(g, b, &abs))
        {
            continue;
        }
        if !seen.insert(identity(&f, cwd)) {
            continue;
        }
        out.push(Input {
            path: f,
            base: base.to_path_buf(),
        });
    }
    Ok(out)
}

/// The files matching glob `pattern` (relative to `base`, or absolute), sorted. `**` matches
/// any number of directories; hidden files match; symbolic links to directories are not
/// followed.
fn expand_glob(pattern: &str, base: &Path) -> Result<Vec<PathBuf>, String> {
    let full = writers::normalize(&base.join(pattern));
    let text = full.to_string_lossy().into_owned();
    let matcher = globset::GlobBuilder::new(&text)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("bad glob '{pattern}': {}", e.kind()))?
        .compile_matcher();
    // Walk from the longest directory prefix without metacharacters.
    let mut root = PathBuf::new();
    for c in full.components() {
        if config::is_glob(&c.as_os_str().to_string_lossy()) {
            break;
        }
        root.push(c);
    }
    let mut out = Vec::new();
    if root == full {
        return Ok(out);
    }
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                if e.file_name() != ".git" {
                    stack.push(p);
                }
            } else if matcher.is_match(&p) && p.is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The preprocessor options for one header: the command line's `-I` directories first (they
/// win), then the configuration's and its matching entries'; the configuration's macros, its
/// entries', then the command line's `-D`/`-U` (applied last, so they win); the target from
/// the command line, else the last matching entry, else the configuration.
fn header_pp(
    cli: &Options,
    cfg: Option<&config::Config>,
    entries: &[&config::HeaderEntry],
) -> Options {
    let Some(cfg) = cfg else {
        return cli.clone();
    };
    let mut o = cli.clone();
    o.include_dirs.extend(cfg.include_dirs.iter().cloned());
    let mut macros: Vec<MacroArg> = cfg
        .defines
        .iter()
        .map(|d| MacroArg::Define(d.trim().to_string()))
        .collect();
    for e in entries {
        o.include_dirs.extend(e.include_dirs.iter().cloned());
        macros.extend(
            e.defines
                .iter()
                .map(|d| MacroArg::Define(d.trim().to_string())),
        );
    }
    macros.extend(cli.macros.iter().cloned());
    o.macros = macros;
    if o.target.is_none() {
        o.target = entries
            .iter()
            .rev()
            .find_map(|e| e.target.clone())
            .or_else(|| cfg.target.clone());
    }
    o
}

/// The template of one writer for one header: `-o`, else the last matching entry's `output`,
/// else the configuration's `[output]`; `None` for the writer's default.
fn choose_template(
    spec: &WriterSpec,
    cfg: Option<&config::Config>,
    entries: &[&config::HeaderEntry],
    cwd: &Path,
) -> Option<Tpl> {
    let name = spec.writer.name();
    if let Some(t) = &spec.template {
        return Some(Tpl {
            text: t.clone(),
            base: cwd.to_path_buf(),
            origin: None,
        });
    }
    let cfg = cfg?;
    let file = shown_path(&cfg.path, cwd);
    let prefix = if cfg.path.file_name().is_some_and(|n| n == "pyproject.toml") {
        "tool.headerkit."
    } else {
        ""
    };
    // the entry for this header is more specific than the global [output]
    let from_entry = entries.iter().rev().find_map(|e| {
        e.output.get(name).map(|t| Tpl {
            text: t.clone(),
            base: cfg.dir.clone(),
            origin: Some(format!(
                "{file}: error: {prefix}headers ({}) output.{name}",
                e.pattern
            )),
        })
    });
    from_entry.or_else(|| {
        cfg.output.get(name).map(|t| Tpl {
            text: t.clone(),
            base: cfg.dir.clone(),
            origin: Some(format!("{file}: error: {prefix}output.{name}")),
        })
    })
}

/// The active writers, in order: those named by `-w`, then those only `-o` names; with none,
/// the default writer. Attaches the `-o` templates.
fn select_writers(names: &[String], outputs: &[String]) -> Result<Vec<WriterSpec>, Usage> {
    let lookup = |name: &str| {
        writers::get(name).ok_or_else(|| {
            Usage(format!(
                "unknown writer '{name}' (available: {})",
                writers::names()
            ))
        })
    };
    let mut specs: Vec<WriterSpec> = Vec::new();
    let add = |specs: &mut Vec<WriterSpec>, w: &'static dyn Writer| {
        if !specs.iter().any(|s| s.writer.name() == w.name()) {
            specs.push(WriterSpec {
                writer: w,
                template: None,
            });
        }
    };
    for n in names {
        add(&mut specs, lookup(n)?);
    }
    // `-o WRITER:TEMPLATE` (which also activates WRITER) or a bare `-o TEMPLATE`.
    let mut named: Vec<(&'static dyn Writer, &str, &str)> = Vec::new();
    let mut bare: Vec<&str> = Vec::new();
    for o in outputs {
        let malformed = || Usage(format!("malformed --output '{o}'; use [WRITER:]TEMPLATE"));
        match o.split_once(':') {
            Some((w, t)) if writers::get(w).is_some() => {
                if t.is_empty() {
                    return Err(malformed());
                }
                named.push((lookup(w)?, t, o));
            }
            // A word before the colon is a writer name, mistyped or not yet implemented; a
            // drive letter (`C:\out`) or a path is part of a bare template.
            Some((w, _))
                if w.len() > 1
                    && w.starts_with(|c: char| c.is_ascii_alphabetic())
                    && w.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
            {
                return Err(lookup(w).err().unwrap_or_else(malformed));
            }
            _ if o.is_empty() => return Err(malformed()),
            _ => bare.push(o),
        }
    }
    for (w, _, _) in &named {
        add(&mut specs, *w);
    }
    let set_template = |specs: &mut Vec<WriterSpec>, name: &str, t: &str| {
        let spec = specs.iter_mut().find(|s| s.writer.name() == name).unwrap();
        if let Some(prev) = &spec.template {
            return Err(Usage(format!(
                "two --output templates for writer '{name}' ('{prev}' and '{t}')"
            )));
        }
        spec.template = Some(t.to_string());
        Ok(())
    };
    for (w, t, _) in &named {
        set_template(&mut specs, w.name(), t)?;
    }
    for t in bare {
        let w = match specs.as_slice() {
            [only] => only.writer,
            [] => {
                // the longest extension wins: `x.cdef.txt` is cffi's, `x.txt` prompt's
                let mut by_ext: Vec<_> = writers::all()
                    .iter()
                    .copied()
                    .filter(|w| t.ends_with(w.extension()))
                    .collect();
                let longest = by_ext.iter().map(|w| w.extension().len()).max();
                by_ext.retain(|w| Some(w.extension().len()) == longest);
                match by_ext.as_slice() {
                    [w] => {
                        add(&mut specs, *w);
                        *w
                    }
                    _ => {
                        return Err(Usage(format!(
                            "cannot tell which writer --output '{t}' is for; \
                             use -w WRITER or -o WRITER:{t}"
                        )));
                    }
                }
            }
            _ => {
                return Err(Usage(format!(
                    "several writers are active; name the one --output '{t}' is for \
                     (-o WRITER:{t})"
                )));
            }
        };
        set_template(&mut specs, w.name(), t)?;
    }
    if specs.is_empty() {
        add(&mut specs, writers::default_writer());
    }
    Ok(specs)
}

/// Reads `--writer-opt WRITER:KEY=VALUE` items into text values per writer and key, each
/// checked against the writer's option list (key, type, `*_patterns` regular expressions).
fn parse_writer_opts(specs: &[WriterSpec], items: &[String]) -> Result<RawOptions, Usage> {
    let mut out = RawOptions::new();
    for item in items {
        let (w, rest) = item.split_once(':').ok_or_else(|| {
            Usage(format!(
                "unscoped --writer-opt '{item}'; use WRITER:KEY=VALUE"
            ))
        })?;
        let (key, value) = rest.split_once('=').ok_or_else(|| {
            Usage(format!(
                "malformed --writer-opt '{item}'; use WRITER:KEY=VALUE"
            ))
        })?;
        let Some(writer) = writers::get(w) else {
            return Err(Usage(format!(
                "--writer-opt for unknown writer '{w}' (available: {})",
                writers::names()
            )));
        };
        if !specs.iter().any(|s| s.writer.name() == w) {
            eprintln!(
                "headerkit: warning: --writer-opt for writer '{w}', which is not in use; ignoring it"
            );
            continue;
        }
        let bad = |e: String| Usage(format!("--writer-opt '{item}': {e}"));
        WriterOptions::default()
            .set(writer.options(), key, value)
            .map_err(bad)?;
        config::check_option_values(key, &[value.to_string()]).map_err(bad)?;
        out.entry(w.to_string())
            .or_default()
            .entry(key.to_string())
            .or_default()
            .push(value.to_string());
    }
    Ok(out)
}

/// A writer's options from layers of text values, each later layer replacing the keys it
/// sets (the configuration, its header entries, then the command line).
fn build_options(
    writer: &'static dyn Writer,
    layers: &[&BTreeMap<String, Vec<String>>],
) -> Result<WriterOptions, String> {
    let mut merged: BTreeMap<&str, &Vec<String>> = BTreeMap::new();
    for layer in layers {
        for (k, v) in layer.iter() {
            merged.insert(k, v);
        }
    }
    let mut opts = WriterOptions::default();
    for (k, values) in merged {
        for v in values {
            opts.set(writer.options(), k, v)?;
        }
    }
    writer.check_options(&opts)?;
    Ok(opts)
}

/// A path's identity for collision checks: the real path when it exists, else the lexically
/// normalized absolute path (its parent's real path when that exists).
fn identity(p: &Path, cwd: &Path) -> PathBuf {
    let abs = writers::normalize(&cwd.join(p));
    if let Ok(real) = abs.canonicalize() {
        return real;
    }
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => match dir.canonicalize() {
            Ok(d) => d.join(name),
            Err(_) => abs,
        },
        _ => abs,
    }
}

/// One header's plan: the input, its parse options, its options and template per writer.
type Planned<'a> = (
    &'a Input,
    ParseOptions,
    Vec<WriterOptions>,
    Vec<Option<Tpl>>,
);

/// Where each (header, writer) output goes. One header named on the command line: a writer
/// without a template writes to standard output, and at most one writer may. Otherwise a
/// writer without a template uses its default one, from the header's base directory. Two
/// outputs on one path, or an output on an input header, are errors.
fn plan_outputs(
    plan: &[Planned],
    specs: &[WriterSpec],
    single: bool,
    cwd: &Path,
) -> Result<Vec<Vec<Dest>>, Fail> {
    if single {
        let to_stdout: Vec<&str> = specs
            .iter()
            .zip(&plan[0].3)
            .filter(|(_, t)| t.is_none())
            .map(|(s, _)| s.writer.name())
            .collect();
        if to_stdout.len() > 1 {
            return Err(Usage(format!(
                "at most one writer may write to standard output, but {} have no --output; \
                 give the others -o WRITER:TEMPLATE",
                to_stdout.join(" and ")
            ))
            .into());
        }
    }
    // A mistake in a configuration's template is the configuration's (exit 1, naming it).
    let fail = |t: &Tpl, msg: String| match &t.origin {
        Some(origin) => Fail::Input(format!("{origin}: {msg}")),
        None => Fail::Usage(msg),
    };
    let inputs: std::collections::HashMap<PathBuf, &Path> = plan
        .iter()
        .map(|(i, ..)| (identity(&i.path, cwd), i.path.as_path()))
        .collect();
    let mut taken: std::collections::HashMap<PathBuf, (&Path, &str)> = Default::default();
    let mut out = Vec::with_capacity(plan.len());
    for (input, _, options, templates) in plan {
        let h = input.path.as_path();
        let mut row = Vec::with_capacity(specs.len());
        for ((s, t), o) in specs.iter().zip(templates).zip(options) {
            let tpl = match (t, single) {
                (Some(t), _) => t.clone(),
                (None, true) => {
                    row.push(Dest::Stdout);
                    continue;
                }
                (None, false) => Tpl {
                    text: s.writer.template_for(o),
                    base: input.base.clone(),
                    origin: None,
                },
            };
            let abs_header = writers::normalize(&cwd.join(h));
            let expanded = if tpl.base == cwd {
                writers::expand_template(&tpl.text, h, cwd)
            } else {
                writers::expand_template(&tpl.text, &abs_header, &tpl.base)
            }
            .map_err(|m| fail(&tpl, m))?;
            if expanded.is_empty() {
                return Err(fail(
                    &tpl,
                    format!(
                        "output template '{}' gives an empty path for {}",
                        tpl.text,
                        h.display()
                    ),
                ));
            }
            let mut path = PathBuf::from(&expanded);
            if tpl.base != cwd {
                path = PathBuf::from(shown_path(&tpl.base.join(&path), cwd));
            }
            let id = identity(&path, cwd);
            if let Some(input) = inputs.get(&id) {
                return Err(fail(
                    &tpl,
                    format!(
                        "output of {} ({}) would overwrite the input header {}",
                        h.display(),
                        s.writer.name(),
                        input.display()
                    ),
                ));
            }
            if let Some((other, w)) = taken.insert(id, (h, s.writer.name())) {
                return Err(fail(
                    &tpl,
                    format!(
                        "output collision: {} ({w}) and {} ({}) both write {}",
                        other.display(),
                        h.display(),
                        s.writer.name(),
                        path.display()
                    ),
                ));
            }
            row.push(Dest::File(path));
        }
        out.push(row);
    }
    Ok(out)
}

/// What happened to one header.
#[derive(Default)]
struct HeaderReport {
    /// Diagnostics, warnings first, in the order they arose.
    messages: Vec<String>,
    failed: bool,
    written: Vec<(&'static str, PathBuf)>,
    stdout: Option<Vec<u8>>,
}

fn run_main(cmd: MainCmd) -> i32 {
    use rayon::prelude::*;
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(cmd.threads)
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "headerkit: error: cannot start {} threads: {e}",
                cmd.threads
            );
            return 1;
        }
    };
    let cache = FileCache::new();
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    // One job per header: read it, write its outputs, drop it. Jobs are handed out one at
    // a time (a big header does not hold up a batch of small ones); results come back in
    // input order, so nothing depends on the thread count.
    let reports: Vec<HeaderReport> = pool.install(|| {
        cmd.jobs
            .par_iter()
            .with_max_len(1)
            .map(|job| {
                let result = parse::load(&job.header, &job.parse, &cache);
                emit(job, result, &cmd.writers, &cache, &cwd)
            })
            .collect()
    });

    let mut failed = 0;
    let mut written = Vec::new();
    let mut stdout_bytes = None;
    for r in reports {
        for m in &r.messages {
            eprintln!("{m}");
        }
        if r.failed {
            failed += 1;
        }
        written.extend(r.written);
        if r.stdout.is_some() {
            stdout_bytes = r.stdout;
        }
    }
    let total = cmd.jobs.len();
    let any_files = cmd
        .jobs
        .iter()
        .flat_map(|j| &j.dests)
        .any(|d| matches!(d, Dest::File(_)));
    if any_files && !cmd.quiet {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        eprintln!(
            "headerkit: processed {}, {}",
            plural(total - failed, "header"),
            plural(written.len(), "output")
        );
        for (w, p) in &written {
            eprintln!("  {w}: {}", p.display());
        }
    }
    if failed > 0 && total > 1 {
        eprintln!(
            "headerkit: error: {failed} of {total} headers failed; their outputs were not written"
        );
    }
    let mut code = if failed > 0 { 1 } else { 0 };
    if let Some(bytes) = stdout_bytes {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        match lock.write_all(&bytes).and_then(|_| lock.flush()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            Err(e) => {
                eprintln!("<stdout>: error: cannot write: {e}");
                code = 1;
            }
        }
    }
    code
}

/// The job's writer options with their header options (diff's baseline) loaded: the path is
/// a template like `-o`'s (`old/{name}`), read with the job's parse options (a `.json` file
/// as a saved IR).
fn load_option_headers<'a>(
    job: &'a Job,
    specs: &[WriterSpec],
    cache: &FileCache,
    cwd: &Path,
) -> Result<std::borrow::Cow<'a, [WriterOptions]>, String> {
    if !job
        .options
        .iter()
        .any(|o| o.has_unloaded_headers() || o.has_unloaded_libraries())
    {
        return Ok(std::borrow::Cow::Borrowed(&job.options));
    }
    let mut options = job.options.clone();
    let target = job.parse.preprocess.target.as_deref();
    for (spec, o) in specs.iter().zip(options.iter_mut()) {
        let fail = |e: String| {
            format!(
                "{}: error: {} writer: {e}",
                job.header.display(),
                spec.writer.name()
            )
        };
        o.load_libraries(|lib| crate::libsyms::exports_for(lib, target))
            .map_err(fail)?;
        o.load_headers(|raw| {
            let path = writers::expand_template(raw, &job.header, cwd)?;
            parse::load(Path::new(&path), &job.parse, cache)
                .map(|p| p.header)
                .map_err(|d| d.to_string())
        })
        .map_err(fail)?;
    }
    Ok(std::borrow::Cow::Owned(options))
}

/// Renders one header through every writer and writes its files, all or none.
fn emit(
    job: &Job,
    result: Result<parse::Parsed, Box<crate::diag::Diagnostic>>,
    specs: &[WriterSpec],
    cache: &FileCache,
    cwd: &Path,
) -> HeaderReport {
    let header = job.header.as_path();
    let mut report = HeaderReport::default();
    let parsed = match result {
        Ok(p) => p,
        Err(d) => {
            report.messages.push(d.to_string());
            report.failed = true;
            return report;
        }
    };
    report
        .messages
        .extend(parsed.warnings.iter().map(|w| w.to_string()));
    let all_options = match load_option_headers(job, specs, cache, cwd) {
        Ok(o) => o,
        Err(m) => {
            report.messages.push(m);
            report.failed = true;
            return report;
        }
    };
    let mut rendered = Vec::with_capacity(specs.len());
    for ((spec, dest), options) in specs.iter().zip(&job.dests).zip(all_options.iter()) {
        match spec.writer.write(&parsed.header, options) {
            Ok(bytes) => rendered.push((spec.writer.name(), dest, bytes)),
            Err(e) => {
                report.messages.push(format!(
                    "{}: error: {} writer: {e}",
                    header.display(),
                    spec.writer.name()
                ));
                report.failed = true;
                return report;
            }
        }
    }
    // The process ends soon after: freeing the IR would only cost time.
    std::mem::forget(parsed);
    // Stage every file, then move them all into place: a file that cannot be written leaves
    // every output of this header as it was.
    let mut staged = Vec::new();
    for (name, dest, bytes) in rendered {
        match dest {
            Dest::Stdout => report.stdout = Some(bytes),
            Dest::File(path) => {
                let made = match path.parent() {
                    Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
                    _ => Ok(()),
                };
                match made.and_then(|_| Staged::new(path, &bytes)) {
                    Ok(s) => staged.push((name, path, s)),
                    Err(e) => {
                        report
                            .messages
                            .push(format!("{}: error: cannot write: {e}", path.display()));
                        report.failed = true;
                        report.stdout = None;
                        return report;
                    }
                }
            }
        }
    }
    for (name, path, s) in staged {
        match s.commit() {
            Ok(()) => report.written.push((name, path.clone())),
            Err(e) => {
                report
                    .messages
                    .push(format!("{}: error: cannot write: {e}", path.display()));
                report.failed = true;
            }
        }
    }
    if report.failed {
        report.stdout = None;
    }
    report
}

// ------------------------------------------------------------------------------------------
// preprocess
// ------------------------------------------------------------------------------------------

struct PreprocessCmd {
    input: String,
    output: Option<PathBuf>,
    opts: Options,
}

fn parse_preprocess(args: &[String]) -> Result<Option<PreprocessCmd>, Usage> {
    let mut opts = Options::default();
    let mut input: Option<String> = None;
    let mut output: Option<PathBuf> = None;
    let mut a = ArgCursor { args, i: 0 };
    while a.i < args.len() {
        let arg = args[a.i].as_str();
        if pp_option(&mut a, &mut opts, false)? {
            a.i += 1;
            continue;
        }
        match arg {
            "-h" | "--help" => return Ok(None),
            "-P" => opts.line_markers = false,
            "-E" => {}
            "-dM" => opts.dump_macros = true,
            "-" => set_input(&mut input, arg)?,
            _ => {
                if let Some(v) = a.value("-o")? {
                    output = Some(v.into());
                } else if arg.starts_with('-') {
                    return Err(Usage(format!("unknown option '{arg}'")));
                } else {
                    set_input(&mut input, arg)?;
                }
            }
        }
        a.i += 1;
    }
    check_pp_options(&opts)?;
    // `-o -` is standard output, as for compilers.
    if output.as_deref() == Some(Path::new("-")) {
        output = None;
    }
    let input = input.ok_or_else(|| Usage("no input file".into()))?;
    Ok(Some(PreprocessCmd {
        input,
        output,
        opts,
    }))
}

/// The arguments and the position of the one being read.
struct ArgCursor<'a> {
    args: &'a [String],
    i: usize,
}

impl ArgCursor<'_> {
    /// [`ArgCursor::value`] of an option spelled `long` or `short`.
    fn value2(&mut self, long: &str, short: &str) -> Result<Option<String>, Usage> {
        match self.value(long)? {
            Some(v) => Ok(Some(v)),
            None => self.value(short),
        }
    }

    /// The value of option `flag` if the current argument is that option: `-XVALUE` or
    /// `-X VALUE` for a single-dash option, `--opt=VALUE` or `--opt VALUE` for a double-dash
    /// one. Moves past a separate value.
    fn value(&mut self, flag: &str) -> Result<Option<String>, Usage> {
        let arg = &self.args[self.i];
        let joined = if flag.starts_with("--") {
            arg.strip_prefix(flag).and_then(|v| v.strip_prefix('='))
        } else {
            arg.strip_prefix(flag).filter(|v| !v.is_empty())
        };
        if let Some(v) = joined {
            return Ok(Some(v.to_string()));
        }
        if arg != flag {
            return Ok(None);
        }
        self.i += 1;
        match self.args.get(self.i) {
            Some(v) => Ok(Some(v.clone())),
            None => Err(Usage(format!("missing argument to '{flag}'"))),
        }
    }
}

/// Reads a preprocessor option shared by `preprocess` and the main command into `opts`;
/// false when the current argument is not one. `trim_defines` strips spaces around `-D`
/// values (the reference tool's main command does).
fn pp_option(a: &mut ArgCursor, opts: &mut Options, trim_defines: bool) -> Result<bool, Usage> {
    match a.args[a.i].as_str() {
        "-nostdinc" => opts.nostdinc = true,
        "-undef" => opts.undef = true,
        _ => {
            if let Some(v) = a.value("-iquote")? {
                opts.quote_dirs.push(v.into());
            } else if let Some(v) = a.value("-isystem")? {
                opts.system_dirs.push(v.into());
            } else if let Some(v) = a.value("-idirafter")? {
                opts.after_dirs.push(v.into());
            } else if let Some(v) = a.value("-include")? {
                opts.forced_includes.push(v.into());
            } else if let Some(v) = a.value("--target")? {
                opts.target = Some(v);
            } else if let Some(v) = a.value("--sysroot")? {
                opts.sysroot = Some(v.into());
            } else if a.args[a.i] == "-target" {
                opts.target = a.value("-target")?;
            } else if let Some(v) = a.value("-I")? {
                opts.include_dirs.push(v.into());
            } else if let Some(v) = a.value("-D")? {
                let v = if trim_defines {
                    v.trim().to_string()
                } else {
                    v
                };
                opts.macros.push(MacroArg::Define(v));
            } else if let Some(v) = a.value("-U")? {
                let v = if trim_defines {
                    v.trim().to_string()
                } else {
                    v
                };
                opts.macros.push(MacroArg::Undef(v));
            } else {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// Checks the preprocessor options once all are read: a known target, well-formed macro names.
fn check_pp_options(opts: &Options) -> Result<(), Usage> {
    if let Some(t) = &opts.target {
        preprocess::target::Target::parse(t).map_err(Usage)?;
    }
    for m in &opts.macros {
        let (MacroArg::Define(n) | MacroArg::Undef(n)) = m;
        let name = n.split(['=', '(']).next().unwrap_or("");
        if name.is_empty()
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || name.starts_with(|c: char| c.is_ascii_digit())
        {
            return Err(Usage(format!("macro name missing or invalid in '{n}'")));
        }
    }
    Ok(())
}

fn set_input(input: &mut Option<String>, a: &str) -> Result<(), Usage> {
    if let Some(prev) = input {
        return Err(Usage(format!(
            "more than one input file ('{prev}' and '{a}')"
        )));
    }
    *input = Some(a.to_string());
    Ok(())
}

fn run_preprocess(cmd: PreprocessCmd) -> i32 {
    let cache = FileCache::new();
    let result = if cmd.input == "-" {
        let mut buf = Vec::new();
        if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf) {
            eprintln!("<stdin>: error: {e}");
            return 1;
        }
        preprocess::preprocess_source("<stdin>", &buf, &cmd.opts, &cache)
    } else {
        preprocess::preprocess_file(Path::new(&cmd.input), &cmd.opts, &cache)
    };
    let mut out = match result {
        Ok(o) => o,
        Err(d) => {
            eprintln!("{d}");
            return 1;
        }
    };
    for w in &out.warnings {
        eprintln!("{w}");
    }
    let bytes = if cmd.opts.dump_macros {
        out.defines_text().into_bytes()
    } else {
        std::mem::take(&mut out.text)
    };
    // The process is about to exit: freeing the macro table and file list would only cost time.
    std::mem::forget(out);
    let written = match &cmd.output {
        Some(path) => write_atomically(path, &bytes),
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            lock.write_all(&bytes).and_then(|_| lock.flush())
        }
    };
    match written {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let what = cmd
                .output
                .as_ref()
                .map_or("<stdout>".into(), |p| p.display().to_string());
            eprintln!("{what}: error: cannot write: {e}");
            1
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory, so a reader never
/// sees a partial file and a failed run leaves the old file untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    Staged::new(path, bytes)?.commit()
}

/// An output written to a temporary file beside its destination, not yet in place: several
/// outputs can be staged and then committed together, so that when one cannot be written
/// none replaces its destination. Dropping a `Staged` removes the temporary file.
pub struct Staged {
    path: PathBuf,
    tmp: Option<tempfile::NamedTempFile>,
    /// For special files (`/dev/null`, pipes), written directly at commit.
    direct: Option<Vec<u8>>,
}

impl Staged {
    pub fn new(path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
        if path.metadata().is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            return Ok(Staged {
                path: path.to_path_buf(),
                tmp: None,
                direct: Some(bytes.to_vec()),
            });
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        // An output gets the permissions of the file it replaces, or the usual ones (0666 less
        // the umask) rather than a temporary file's 0600.
        let mut builder = tempfile::Builder::new();
        builder.prefix(".headerkit-");
        #[cfg(unix)]
        let perms = {
            use std::os::unix::fs::PermissionsExt;
            path.metadata()
                .map(|m| m.permissions())
                .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o666))
        };
        #[cfg(unix)]
        builder.permissions(perms);
        let mut tmp = builder.tempfile_in(dir).map_err(os_error)?;
        tmp.write_all(bytes)?;
        Ok(Staged {
            path: path.to_path_buf(),
            tmp: Some(tmp),
            direct: None,
        })
    }

    /// Moves the output into place.
    pub fn commit(self) -> std::io::Result<()> {
        if let Some(bytes) = self.direct {
            return std::fs::write(&self.path, bytes);
        }
        if let Some(tmp) = self.tmp {
            tmp.persist(&self.path).map_err(|e| os_error(e.error))?;
        }
        Ok(())
    }
}

/// tempfile's errors name the random temporary file (`… at path "dir/.tmpXYZ"`), which means
/// nothing to the user, who is told about `path`: keep only the operating system's message.
fn os_error(e: std::io::Error) -> std::io::Error {
    let msg = e.to_string();
    match msg.split_once(" at path \"") {
        Some((head, _)) => std::io::Error::new(e.kind(), head.to_string()),
        None => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomically_reports_errors_without_temporary_names() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("missing").join("out.i");
        let e = write_atomically(&target, b"x").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
        assert!(!e.to_string().contains(".tmp"), "{e}");
        let ok = dir.path().join("out.i");
        write_atomically(&ok, b"new").unwrap();
        assert_eq!(std::fs::read(&ok).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
