//! The command line. Subcommands so far: `preprocess`.
//!
//! Options follow compiler conventions (`-I DIR` or `-IDIR`, `-DNAME=VALUE`, `-include FILE`,
//! single-dash long options), so they are parsed by hand rather than by a generic parser.
//! Exit codes: 0 success, 1 bad input, 2 usage error.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::preprocess::{self, FileCache, MacroArg, Options};

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
        None | Some("-h" | "--help" | "help") => {
            print!("headerkit {}\n\n{USAGE}", env!("CARGO_PKG_VERSION"));
            if args.is_empty() { 2 } else { 0 }
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
        Some(other) => {
            eprintln!("headerkit: error: unknown command '{other}'\n\n{USAGE}");
            2
        }
    }
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

struct PreprocessCmd {
    input: String,
    output: Option<PathBuf>,
    opts: Options,
}

fn parse_preprocess(args: &[String]) -> Result<Option<PreprocessCmd>, Usage> {
    let mut opts = Options::default();
    let mut input: Option<String> = None;
    let mut output: Option<PathBuf> = None;
    let mut i = 0;
    // Takes the value of an option given as `-XVALUE`, `-X VALUE` or `--opt=VALUE`.
    let value = |i: &mut usize, flag: &str| -> Result<String, Usage> {
        let a = &args[*i];
        if let Some(v) = a.strip_prefix(flag).filter(|v| !v.is_empty()) {
            return Ok(v
                .strip_prefix('=')
                .filter(|_| flag.starts_with("--"))
                .unwrap_or(v)
                .to_string());
        }
        *i += 1;
        args.get(*i)
            .cloned()
            .ok_or_else(|| Usage(format!("missing argument to '{flag}'")))
    };
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-h" | "--help" => return Ok(None),
            "-P" => opts.line_markers = false,
            "-E" => {}
            "-nostdinc" => opts.nostdinc = true,
            "-undef" => opts.undef = true,
            "-dM" => opts.dump_macros = true,
            "-" => set_input(&mut input, a)?,
            _ if a.starts_with("-iquote") => opts.quote_dirs.push(value(&mut i, "-iquote")?.into()),
            _ if a.starts_with("-isystem") => {
                opts.system_dirs.push(value(&mut i, "-isystem")?.into())
            }
            _ if a.starts_with("-idirafter") => {
                opts.after_dirs.push(value(&mut i, "-idirafter")?.into())
            }
            _ if a.starts_with("-include") => {
                opts.forced_includes.push(value(&mut i, "-include")?.into())
            }
            _ if a.starts_with("--target") => opts.target = Some(value(&mut i, "--target")?),
            _ if a == "-target" => opts.target = Some(value(&mut i, "-target")?),
            _ if a.starts_with("--sysroot") => {
                opts.sysroot = Some(value(&mut i, "--sysroot")?.into())
            }
            _ if a.starts_with("-I") => opts.include_dirs.push(value(&mut i, "-I")?.into()),
            _ if a.starts_with("-D") => opts.macros.push(MacroArg::Define(value(&mut i, "-D")?)),
            _ if a.starts_with("-U") => opts.macros.push(MacroArg::Undef(value(&mut i, "-U")?)),
            _ if a.starts_with("-o") => output = Some(value(&mut i, "-o")?.into()),
            _ if a.starts_with('-') => return Err(Usage(format!("unknown option '{a}'"))),
            _ => set_input(&mut input, a)?,
        }
        i += 1;
    }
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
    // Special files (/dev/null, pipes) are written directly.
    if path.metadata().is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return std::fs::write(path, bytes);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(os_error)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all().ok();
    tmp.persist(path).map_err(|e| os_error(e.error))?;
    Ok(())
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
