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
       headerkit preprocess FILE [options]    (see `headerkit preprocess --help`)

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
        None => {
            eprint!("{}", main_help());
            2
        }
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
        Some(_) => match parse_main(&args) {
            Ok(MainParse::Run(cmd)) => guarded(|| run_main(*cmd)),
            Ok(MainParse::Help) => {
                print!("{}", main_help());
                0
            }
            Ok(MainParse::Version) => {
                println!("headerkit {}", env!("CARGO_PKG_VERSION"));
                0
            }
            Err(Usage(msg)) => {
                eprintln!("headerkit: error: {msg}\n(see `headerkit --help`)");
                2
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
}

/// Where one writer's output for one header goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Dest {
    Stdout,
    /// The path as expanded from the template (relative to the current directory, or
    /// absolute): what the summary shows.
    File(PathBuf),
}

/// One active writer with its options and its `-o` template, if any.
struct WriterSpec {
    writer: &'static dyn Writer,
    options: WriterOptions,
    template: Option<String>,
}

struct MainCmd {
    headers: Vec<PathBuf>,
    writers: Vec<WriterSpec>,
    /// `dests[h][w]`: where writer `w`'s output for header `h` goes.
    dests: Vec<Vec<Dest>>,
    parse: ParseOptions,
    jobs: usize,
    quiet: bool,
}

fn parse_main(args: &[String]) -> Result<MainParse, Usage> {
    let mut pp = Options::default();
    let mut keep_going = false;
    let mut scope = Vec::new();
    let mut headers: Vec<String> = Vec::new();
    let mut writer_names: Vec<String> = Vec::new();
    let mut outputs: Vec<String> = Vec::new();
    let mut writer_opts: Vec<String> = Vec::new();
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
            "--no-cache" | "--no-ir-cache" | "--no-output-cache" => {}
            "-" => {
                return Err(Usage(
                    "headers are read from files; for standard input use `headerkit preprocess -`"
                        .into(),
                ));
            }
            _ => {
                if let Some(v) = a.value("--include-dir")? {
                    pp.include_dirs.push(v.into());
                } else if let Some(v) = a.value("--writer-opt")? {
                    writer_opts.push(v);
                } else if let Some(v) = a.value2("--writer", "-w")? {
                    writer_names.push(v);
                } else if let Some(v) = a.value2("--output", "-o")? {
                    outputs.push(v);
                } else if let Some(v) = a.value("--scope")? {
                    scope.push(v);
                } else if let Some(v) = a.value2("--jobs", "-j")? {
                    match v.parse::<usize>() {
                        Ok(n) if n > 0 => jobs = Some(n),
                        _ => return Err(Usage(format!("bad job count '{v}' (want 1 or more)"))),
                    }
                } else if arg.starts_with('-') {
                    return Err(Usage(format!("unknown option '{arg}'")));
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
            return Err(Usage("empty --scope pattern".into()));
        }
    }
    let mut writers = select_writers(&writer_names, &outputs)?;
    apply_writer_opts(&mut writers, &writer_opts)?;
    if headers.is_empty() {
        return Err(Usage("no header given".into()));
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
        )));
    }
    let cwd = std::env::current_dir()
        .map_err(|e| Usage(format!("cannot read the current directory: {e}")))?;
    let headers = dedup_headers(headers, &cwd);
    let dests = plan_outputs(&headers, &writers, &cwd)?;
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    Ok(MainParse::Run(Box::new(MainCmd {
        headers,
        writers,
        dests,
        parse: ParseOptions {
            preprocess: pp,
            keep_going,
            scope,
        },
        jobs,
        quiet,
    })))
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
                options: WriterOptions::default(),
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
                let by_ext: Vec<_> = writers::all()
                    .iter()
                    .copied()
                    .filter(|w| t.ends_with(w.extension()))
                    .collect();
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

/// Applies `--writer-opt WRITER:KEY=VALUE` items, typed by each writer's option list.
fn apply_writer_opts(specs: &mut [WriterSpec], items: &[String]) -> Result<(), Usage> {
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
        let Some(spec) = specs.iter_mut().find(|s| s.writer.name() == w) else {
            eprintln!(
                "headerkit: warning: --writer-opt for writer '{w}', which is not in use; ignoring it"
            );
            continue;
        };
        spec.options
            .set(writer.options(), key, value)
            .map_err(|e| Usage(format!("--writer-opt '{item}': {e}")))?;
    }
    for spec in specs.iter() {
        spec.writer
            .check_options(&spec.options)
            .map_err(|e| Usage(format!("writer '{}': {e}", spec.writer.name())))?;
    }
    Ok(())
}

/// The headers in command-line order, each once (`a.h` and `./a.h` are one header).
fn dedup_headers(headers: Vec<String>, cwd: &Path) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    headers
        .into_iter()
        .map(PathBuf::from)
        .filter(|h| seen.insert(identity(h, cwd)))
        .collect()
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

/// Where each (header, writer) output goes. One header: a writer without a template writes
/// to standard output, and at most one writer may. Several headers: a writer without a
/// template uses its default one. Two outputs on one path, or an output on an input header,
/// are errors.
fn plan_outputs(
    headers: &[PathBuf],
    specs: &[WriterSpec],
    cwd: &Path,
) -> Result<Vec<Vec<Dest>>, Usage> {
    let single = headers.len() == 1;
    if single {
        let to_stdout: Vec<&str> = specs
            .iter()
            .filter(|s| s.template.is_none())
            .map(|s| s.writer.name())
            .collect();
        if to_stdout.len() > 1 {
            return Err(Usage(format!(
                "at most one writer may write to standard output, but {} have no --output; \
                 give the others -o WRITER:TEMPLATE",
                to_stdout.join(" and ")
            )));
        }
    }
    let inputs: std::collections::HashMap<PathBuf, &Path> = headers
        .iter()
        .map(|h| (identity(h, cwd), h.as_path()))
        .collect();
    let mut taken: std::collections::HashMap<PathBuf, (&Path, &str)> = Default::default();
    let mut plan = Vec::with_capacity(headers.len());
    for h in headers {
        let mut row = Vec::with_capacity(specs.len());
        for s in specs {
            let template = match (&s.template, single) {
                (Some(t), _) => t.clone(),
                (None, true) => {
                    row.push(Dest::Stdout);
                    continue;
                }
                (None, false) => s.writer.default_template(),
            };
            let out = writers::expand_template(&template, h, cwd).map_err(Usage)?;
            if out.is_empty() {
                return Err(Usage(format!(
                    "output template '{template}' gives an empty path for {}",
                    h.display()
                )));
            }
            let out = PathBuf::from(out);
            let id = identity(&out, cwd);
            if let Some(input) = inputs.get(&id) {
                return Err(Usage(format!(
                    "output of {} ({}) would overwrite the input header {}",
                    h.display(),
                    s.writer.name(),
                    input.display()
                )));
            }
            if let Some((other, w)) = taken.insert(id, (h, s.writer.name())) {
                return Err(Usage(format!(
                    "output collision: {} ({w}) and {} ({}) both write {}",
                    other.display(),
                    h.display(),
                    s.writer.name(),
                    out.display()
                )));
            }
            row.push(Dest::File(out));
        }
        plan.push(row);
    }
    Ok(plan)
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
        .num_threads(cmd.jobs)
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("headerkit: error: cannot start {} threads: {e}", cmd.jobs);
            return 1;
        }
    };
    let cache = FileCache::new();
    // One job per header: read it, write its outputs, drop it. Jobs are handed out one at
    // a time (a big header does not hold up a batch of small ones); results come back in
    // input order, so nothing depends on the thread count.
    let reports: Vec<HeaderReport> = pool.install(|| {
        cmd.headers
            .par_iter()
            .zip(cmd.dests.par_iter())
            .with_max_len(1)
            .map(|(header, dests)| {
                let result = parse::parse_file(header, &cmd.parse, &cache);
                emit(header, result, &cmd.writers, dests)
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
    let total = cmd.headers.len();
    let any_files = cmd
        .dests
        .iter()
        .flatten()
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

/// Renders one header through every writer and writes its files, all or none.
fn emit(
    header: &Path,
    result: Result<parse::Parsed, Box<crate::diag::Diagnostic>>,
    specs: &[WriterSpec],
    dests: &[Dest],
) -> HeaderReport {
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
    let mut rendered = Vec::with_capacity(specs.len());
    for (spec, dest) in specs.iter().zip(dests) {
        match spec.writer.write(&parsed.header, &spec.options) {
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
