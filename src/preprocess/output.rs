//! Writes the token stream as text, like `cc -E`: line markers (`# N "file" FLAGS`) or, with
//! `-P`, none; new lines where the source had them; spaces where the source had white space
//! or where two tokens would otherwise lex as one.

use super::engine::spelling;
use super::intern::Interner;
use super::lexer::punct_len;
use super::token::{BOL, Kind, LEADING_SPACE, Loc, Token};

/// Runs of this many blank lines or more are replaced by a line marker.
const MAX_BLANK_LINES: u32 = 8;

pub(super) struct Printer {
    out: Vec<u8>,
    markers: bool,
    enabled: bool,
    file: u32,
    line: u32,
    bol: bool,
    prev: Option<Token>,
    name: String,
    sys_flags: &'static str,
}

impl Printer {
    pub(super) fn new(markers: bool, enabled: bool) -> Printer {
        Printer {
            out: Vec::with_capacity(1 << 16),
            markers,
            enabled,
            file: u32::MAX,
            line: 1,
            bol: true,
            prev: None,
            name: String::new(),
            sys_flags: "",
        }
    }

    pub(super) fn finish(mut self) -> Vec<u8> {
        if !self.bol {
            self.out.push(b'\n');
        }
        self.out
    }

    /// The output line the next token would land on, in the current file's numbering.
    pub(super) fn line_of_output(&self) -> u32 {
        self.line
    }

    fn newline(&mut self) {
        if !self.bol {
            self.out.push(b'\n');
            self.bol = true;
            self.prev = None;
        }
    }

    /// Announces that output continues at `line` of file `file` (named `name`).
    pub(super) fn marker(&mut self, file: u32, line: u32, name: &str, flags: &str) {
        if !self.enabled {
            return;
        }
        self.newline();
        if self.markers {
            self.out.extend_from_slice(b"# ");
            self.out.extend_from_slice(line.to_string().as_bytes());
            self.out.extend_from_slice(b" \"");
            push_quoted(&mut self.out, name);
            self.out.push(b'"');
            if !flags.is_empty() {
                self.out.push(b' ');
                self.out.extend_from_slice(flags.as_bytes());
            }
            self.out.push(b'\n');
        }
        self.file = file;
        self.line = line;
        self.name.clear();
        self.name.push_str(name);
        // flags "3" (system header) and "4" (extern "C") stay in force for the file's
        // later markers; "1" (enter) and "2" (return) do not
        self.sys_flags = if flags.contains('3') { " 3 4" } else { "" };
    }

    /// Moves the output to the token's line.
    fn sync(&mut self, loc: Loc) {
        if loc.file != self.file || loc.line <= self.line {
            return;
        }
        let _gap = loc.line - self.line;
        if !self.bol {
            self.out.push(b'\n');
            self.bol = true;
            self.prev = None;
            self.line += 1;
        }
        let gap = loc.line - self.line;
        if gap == 0 {
            return;
        }
        if self.markers && gap >= MAX_BLANK_LINES {
            self.out
                .extend_from_slice(format!("# {} ", loc.line).as_bytes());
            self.out.push(b'"');
            let name = self.name.clone();
            push_quoted(&mut self.out, &name);
            self.out.push(b'"');
            self.out.extend_from_slice(self.sys_flags.as_bytes());
            self.out.push(b'\n');
        } else if self.markers || gap < MAX_BLANK_LINES {
            for _ in 0..gap.min(MAX_BLANK_LINES) {
                self.out.push(b'\n');
            }
        } else {
            self.out.push(b'\n');
        }
        self.line = loc.line;
        let _ = gap;
    }

    pub(super) fn token(&mut self, t: &Token, interner: &Interner) {
        if !self.enabled {
            return;
        }
        self.sync(t.loc);
        let sp = spelling(t, interner);
        if self.bol {
            if t.flags & LEADING_SPACE != 0 && t.flags & BOL != 0 {
                for _ in 1..t.loc.col.min(80) {
                    self.out.push(b' ');
                }
            } else if t.flags & LEADING_SPACE != 0 {
                self.out.push(b' ');
            }
        } else if t.flags & LEADING_SPACE != 0
            || self
                .prev
                .as_ref()
                .is_some_and(|p| would_merge(p.kind, spelling(p, interner), t.kind, sp))
        {
            self.out.push(b' ');
        }
        self.out.extend_from_slice(sp);
        self.bol = false;
        self.prev = Some(*t);
    }

    /// Writes a directive that passes through (`#pragma ...`) on a line of its own.
    pub(super) fn directive(&mut self, text: &[u8], loc: Loc) {
        if !self.enabled {
            return;
        }
        self.sync(loc);
        self.newline();
        self.out.push(b'#');
        self.out.extend_from_slice(text);
        self.out.push(b'\n');
        self.line = self.line.wrapping_add(1);
    }
}

fn push_quoted(out: &mut Vec<u8>, name: &str) {
    for c in name.bytes() {
        if c == b'"' || c == b'\\' {
            out.push(b'\\');
        }
        out.push(c);
    }
}

/// Would `a` followed directly by `b` lex differently from the two tokens?
fn would_merge(ka: Kind, a: &[u8], kb: Kind, b: &[u8]) -> bool {
    let word = |k: Kind| matches!(k, Kind::Ident | Kind::Number);
    if word(ka) && (word(kb) || matches!(kb, Kind::Str | Kind::Char)) {
        return true;
    }
    if ka == Kind::Number && matches!(b.first(), Some(b'.' | b'+' | b'-')) {
        return true;
    }
    if ka == Kind::Punct && kb == Kind::Number && a == b"." {
        return true;
    }
    if ka == Kind::Punct && kb == Kind::Punct {
        if (a == b"/" && matches!(b.first(), Some(b'/' | b'*')))
            || (a.ends_with(b"%") || a.ends_with(b"<") || a.ends_with(b":"))
        {
            return true;
        }
        let mut s = a.to_vec();
        s.extend_from_slice(b);
        return punct_len(&s).0 > a.len() || (a == b"." && b.starts_with(b"."));
    }
    false
}
