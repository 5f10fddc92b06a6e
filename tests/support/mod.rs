//! Helpers shared by the integration tests: running the binary with a time limit, temporary
//! projects, a deterministic PRNG and a crude C tokenizer for comparing outputs.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The `headerkit` binary built for these tests.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_headerkit")
}

/// The repository root (the working directory of `cargo test`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Environment variables that change what gcc does; removed for every child process.
pub const SCRUBBED_ENV: &[&str] = &[
    "CPATH",
    "C_INCLUDE_PATH",
    "CPLUS_INCLUDE_PATH",
    "OBJC_INCLUDE_PATH",
    "DEPENDENCIES_OUTPUT",
    "SUNPRO_DEPENDENCIES",
    "GCC_EXEC_PREFIX",
    "COMPILER_PATH",
    "GCC_COLORS",
    "LANGUAGE",
    "LC_ALL",
    "LC_MESSAGES",
];

/// What a finished child process produced.
#[derive(Debug)]
pub struct Run {
    /// The exit code; `None` if killed by a signal.
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn first_stderr_line(&self) -> &str {
        self.stderr.lines().next().unwrap_or("")
    }

    /// A description for assertion messages.
    pub fn describe(&self) -> String {
        format!(
            "exit {:?}\n--- stderr ---\n{}\n--- stdout (first 2000 bytes) ---\n{}",
            self.code,
            self.stderr,
            String::from_utf8_lossy(&self.stdout[..self.stdout.len().min(2000)])
        )
    }
}

/// Longest any single child process may run.
pub const CHILD_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs `program args` in `cwd`, feeding `stdin`, with a time limit and a scrubbed environment
/// (`SOURCE_DATE_EPOCH` fixed so that date macros are reproducible).
pub fn run_program(program: &str, args: &[&str], cwd: &Path, stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .current_dir(cwd)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("LC_ALL", "C");
    for v in SCRUBBED_ENV {
        if *v != "LC_ALL" {
            cmd.env_remove(v);
        }
    }
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    let feeder = stdin.map(|data| {
        let mut pipe = child.stdin.take().expect("piped stdin");
        let data = data.to_vec();
        std::thread::spawn(move || {
            // The child may exit before reading everything: ignore broken pipes.
            let _ = pipe.write_all(&data);
        })
    });
    let mut out_pipe = child.stdout.take().expect("piped stdout");
    let mut err_pipe = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for child") {
            break s;
        }
        if start.elapsed() > CHILD_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{program} {args:?} did not finish within {CHILD_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    if let Some(f) = feeder {
        let _ = f.join();
    }
    Run {
        code: status.code(),
        stdout: out_reader.join().expect("stdout reader"),
        stderr: String::from_utf8_lossy(&err_reader.join().expect("stderr reader")).into_owned(),
    }
}

/// Runs `headerkit ARGS` in `cwd`.
pub fn headerkit(args: &[&str], cwd: &Path) -> Run {
    run_program(bin(), args, cwd, None)
}

/// Runs `headerkit ARGS` in `cwd` with `input` on standard input.
pub fn headerkit_stdin(args: &[&str], cwd: &Path, input: &[u8]) -> Run {
    run_program(bin(), args, cwd, Some(input))
}

/// Text that must never appear on stderr: it would mean a panic got through.
pub fn assert_no_crash_text(r: &Run, what: &str) {
    for bad in [
        "panicked",
        "internal error",
        "RUST_BACKTRACE",
        "stack overflow",
    ] {
        assert!(
            !r.stderr.contains(bad),
            "{what}: stderr mentions {bad:?}\n{}",
            r.describe()
        );
    }
    assert_ne!(r.code, Some(101), "{what}: exit code 101 (a panic)");
    assert!(
        r.code.is_some(),
        "{what}: killed by a signal\n{}",
        r.describe()
    );
}

/// A temporary directory holding a small project.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Project {
        Project {
            dir: tempfile::Builder::new()
                .prefix("headerkit-cli-")
                .tempdir()
                .expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `rel` (creating its directories) and returns its full path.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(&p, content).expect("write file");
        p
    }

    pub fn mkdir(&self, rel: &str) -> PathBuf {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(&p).expect("mkdir");
        p
    }

    pub fn run(&self, args: &[&str]) -> Run {
        headerkit(args, self.path())
    }
}

impl Default for Project {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether `gcc` can be run; when not, callers print a note and skip the comparison.
pub fn have_gcc() -> bool {
    static HAVE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *HAVE.get_or_init(|| {
        Command::new("gcc")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Splits preprocessed C into tokens, ignoring white space: identifiers and numbers (one run
/// of `[A-Za-z0-9_.]`), string and character literals, and single punctuation characters.
/// Lines starting with `#` (line markers, pragmas) are skipped. Good enough to compare small
/// outputs whose spacing differs.
pub fn c_tokens(text: &[u8]) -> Vec<String> {
    let mut toks = Vec::new();
    for line in text.split(|&b| b == b'\n') {
        let trimmed = line.iter().skip_while(|b| b.is_ascii_whitespace());
        if trimmed.clone().next() == Some(&b'#') {
            continue;
        }
        let s = line;
        let mut i = 0;
        while i < s.len() {
            let c = s[i];
            if c.is_ascii_whitespace() {
                i += 1;
            } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' {
                let st = i;
                while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_' || s[i] == b'.')
                {
                    i += 1;
                }
                toks.push(String::from_utf8_lossy(&s[st..i]).into_owned());
            } else if c == b'"' || c == b'\'' {
                let st = i;
                i += 1;
                while i < s.len() && s[i] != c {
                    if s[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i = (i + 1).min(s.len());
                toks.push(String::from_utf8_lossy(&s[st..i]).into_owned());
            } else {
                toks.push((c as char).to_string());
                i += 1;
            }
        }
    }
    toks
}

/// xorshift64*: a small deterministic PRNG (no dependency, same sequence everywhere).
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Never zero; mix the seed a little so that neighbouring seeds diverge at once.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

// Shared by the robustness tests: shrinking a failing input and showing it.

pub fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-string panic payload)".into())
}

/// Shrinks `src` while `still_fails` holds: removes chunks of lines, then of bytes.
pub fn minimise(src: &[u8], still_fails: impl Fn(&[u8]) -> bool) -> Vec<u8> {
    let mut cur = src.to_vec();
    let mut budget = 2000usize;
    for unit_is_line in [true, false] {
        let split = |v: &[u8]| -> Vec<Vec<u8>> {
            if unit_is_line {
                v.split_inclusive(|&b| b == b'\n')
                    .map(<[u8]>::to_vec)
                    .collect()
            } else {
                v.iter().map(|&b| vec![b]).collect()
            }
        };
        let mut parts = split(&cur);
        let mut chunk = parts.len().div_ceil(2).max(1);
        loop {
            let mut i = 0;
            let mut removed_any = false;
            while i < parts.len() && budget > 0 {
                let end = (i + chunk).min(parts.len());
                let candidate: Vec<u8> = parts[..i]
                    .iter()
                    .chain(&parts[end..])
                    .flatten()
                    .copied()
                    .collect();
                budget -= 1;
                if still_fails(&candidate) {
                    parts.drain(i..end);
                    removed_any = true;
                } else {
                    i += chunk;
                }
            }
            if budget == 0 || (chunk == 1 && !removed_any) {
                break;
            }
            if !removed_any {
                chunk = (chunk / 2).max(1);
            }
        }
        cur = parts.concat();
    }
    cur
}

pub fn show(src: &[u8]) -> String {
    let s = String::from_utf8_lossy(&src[..src.len().min(1500)]).into_owned();
    if src.len() > 1500 {
        format!("{s:?}… ({} bytes)", src.len())
    } else {
        format!("{s:?}")
    }
}
