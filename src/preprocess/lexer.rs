//! Translation phases 1–3: line splicing, comments, and pp-tokens (C17 5.1.1.2, 6.4).
//!
//! A file is lexed whole into a token vector when it is entered. Logical lines are marked with
//! the [`BOL`] flag so the directive processor can find them without re-scanning bytes.

use super::intern::{Interner, Sym};
use super::token::{BOL, DIGRAPH, Kind, LEADING_SPACE, Loc, Token, UNTERMINATED};

/// A lexing failure (the only fatal ones: unterminated comment, binary input).
#[derive(Debug, Clone)]
pub struct LexError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

/// Physical-to-logical conversion result: the spliced text and the offsets (in it) where a
/// physical line break was removed.
struct Spliced<'a> {
    text: std::borrow::Cow<'a, [u8]>,
    splices: Vec<u32>,
}

fn splice(src: &[u8]) -> Spliced<'_> {
    // Fast path: nothing to splice or normalise.
    if !src.contains(&b'\r') && !has_backslash_newline(src) {
        return Spliced {
            text: std::borrow::Cow::Borrowed(src),
            splices: Vec::new(),
        };
    }
    let mut out = Vec::with_capacity(src.len());
    let mut splices = Vec::new();
    let mut i = 0;
    while i < src.len() {
        // copy the plain run up to the next backslash or carriage return in one go
        let run = memchr::memchr2(b'\\', b'\r', &src[i..]).unwrap_or(src.len() - i);
        out.extend_from_slice(&src[i..i + run]);
        i += run;
        if i == src.len() {
            break;
        }
        let c = src[i];
        if c == b'\\' {
            // backslash, optional horizontal white space (gcc accepts it with a warning), newline
            let mut j = i + 1;
            while j < src.len() && (src[j] == b' ' || src[j] == b'\t') {
                j += 1;
            }
            let nl = if j < src.len() && src[j] == b'\n' {
                Some(1)
            } else if j < src.len() && src[j] == b'\r' {
                Some(if src.get(j + 1) == Some(&b'\n') { 2 } else { 1 })
            } else {
                None
            };
            if let Some(n) = nl {
                splices.push(out.len() as u32);
                i = j + n;
                continue;
            }
            out.push(c);
            i += 1;
        } else if c == b'\r' {
            out.push(b'\n');
            i += if src.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
        } else {
            out.push(c);
            i += 1;
        }
    }
    Spliced {
        text: std::borrow::Cow::Owned(out),
        splices,
    }
}

fn has_backslash_newline(src: &[u8]) -> bool {
    let mut from = 0;
    while let Some(p) = memchr(b'\\', &src[from..]) {
        let mut j = from + p + 1;
        while j < src.len() && (src[j] == b' ' || src[j] == b'\t') {
            j += 1;
        }
        if j < src.len() && src[j] == b'\n' {
            return true;
        }
        from = from + p + 1;
    }
    false
}

#[inline]
fn memchr(b: u8, s: &[u8]) -> Option<usize> {
    memchr::memchr(b, s)
}

/// Byte classes: bit 0 = may start an identifier, bit 1 = may continue one.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        let start = b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80;
        let cont = start || b.is_ascii_digit();
        t[c] = (start as u8) | ((cont as u8) << 1);
        c += 1;
    }
    t
};

#[inline]
fn is_ident_start(c: u8) -> bool {
    CLASS[c as usize] & 1 != 0
}

#[inline]
fn is_ident_cont(c: u8) -> bool {
    CLASS[c as usize] & 2 != 0
}

struct Lexer<'a, 'i> {
    s: &'a [u8],
    pos: usize,
    line: u32,
    line_start: usize,
    splices: &'a [u32],
    next_splice: usize,
    file: u32,
    interner: &'i mut Interner,
    out: Vec<Token>,
}

/// Lexes a whole source file. `file` is the job's id for it, stored in every token's location.
pub fn lex(src: &[u8], file: u32, interner: &mut Interner) -> Result<Vec<Token>, LexError> {
    lex_into(src, file, interner, Vec::new())
}

/// Like [`lex`], reusing the allocation of `buf` (which is cleared).
pub fn lex_into(
    src: &[u8],
    file: u32,
    interner: &mut Interner,
    mut buf: Vec<Token>,
) -> Result<Vec<Token>, LexError> {
    buf.clear();
    if let Some(p) = memchr(0, src) {
        let line = 1 + src[..p].iter().filter(|&&c| c == b'\n').count() as u32;
        return Err(LexError {
            line,
            col: 1,
            message: "binary file (contains NUL bytes), not a C source or header".into(),
        });
    }
    // A UTF-8 byte-order mark is not part of the text.
    let src = src.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(src);
    let sp = splice(src);
    let mut lx = Lexer {
        s: &sp.text,
        pos: 0,
        line: 1,
        line_start: 0,
        splices: &sp.splices,
        next_splice: 0,
        file,
        interner,
        out: {
            buf.reserve(src.len() / 6 + 16);
            buf
        },
    };
    lx.run()?;
    Ok(lx.out)
}

impl Lexer<'_, '_> {
    #[inline]
    fn sync_splices(&mut self) {
        while self.next_splice < self.splices.len()
            && self.splices[self.next_splice] as usize <= self.pos
        {
            self.line += 1;
            self.line_start = self.splices[self.next_splice] as usize;
            self.next_splice += 1;
        }
    }

    #[inline]
    fn loc(&self) -> Loc {
        Loc {
            file: self.file,
            line: self.line,
            col: (self.pos - self.line_start + 1) as u32,
        }
    }

    fn run(&mut self) -> Result<(), LexError> {
        let mut flags = BOL;
        // State for recognising `# include <header>`: 0 = nothing, 1 = saw BOL '#',
        // 2 = saw an include-like directive name right after it.
        let mut hdr_state = 0u8;
        let s = self.s;
        let n = s.len();
        while self.pos < n {
            let c = s[self.pos];
            match c {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                    self.sync_splices();
                    flags = BOL;
                    hdr_state = 0;
                    continue;
                }
                b' ' | b'\t' | b'\x0b' | b'\x0c' => {
                    self.pos += 1;
                    flags |= LEADING_SPACE;
                    continue;
                }
                b'/' if self.pos + 1 < n && s[self.pos + 1] == b'*' => {
                    let start = self.loc();
                    let body = self.pos + 2;
                    static END: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
                        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"*/"));
                    let Some(len) = END.find(&s[body..]) else {
                        return Err(LexError {
                            line: start.line,
                            col: start.col,
                            message: "unterminated comment".into(),
                        });
                    };
                    let i = body + len;
                    let comment = &s[body..i];
                    if let Some(last) = memchr::memrchr(b'\n', comment) {
                        self.line += memchr::memchr_iter(b'\n', comment).count() as u32;
                        self.line_start = body + last + 1;
                    }
                    self.pos = i + 2;
                    self.sync_splices();
                    flags |= LEADING_SPACE;
                    continue;
                }
                b'/' if self.pos + 1 < n && s[self.pos + 1] == b'/' => {
                    let end = memchr(b'\n', &s[self.pos..]).map_or(n, |p| self.pos + p);
                    self.pos = end;
                    self.sync_splices();
                    flags |= LEADING_SPACE;
                    continue;
                }
                _ => {}
            }
            self.sync_splices();
            let loc = self.loc();
            let start = self.pos;
            if hdr_state == 2
                && c == b'<'
                && let Some(p) = s[start + 1..].iter().position(|&c| c == b'>' || c == b'\n')
                && s[start + 1 + p] == b'>'
            {
                self.pos = start + p + 2;
                self.push(Kind::HeaderName, start, loc, flags);
                flags = 0;
                hdr_state = 0;
                continue;
            }
            let kind = self.lex_one(c)?;
            let sym = self.push(kind.0, start, loc, flags | kind.1);
            hdr_state = match hdr_state {
                0 if flags & BOL != 0
                    && kind.0 == Kind::Punct
                    && sym == super::intern::sym::HASH =>
                {
                    1
                }
                1 if kind.0 == Kind::Ident
                    && matches!(
                        &self.s[start..self.pos] as &[u8],
                        b"include" | b"include_next" | b"import"
                    ) =>
                {
                    2
                }
                _ => 3,
            };
            flags = 0;
        }
        Ok(())
    }

    fn push(&mut self, kind: Kind, start: usize, loc: Loc, flags: u8) -> Sym {
        let sym = if flags & DIGRAPH != 0 {
            let canon: &[u8] = match &self.s[start..self.pos] {
                b"<:" => b"[",
                b":>" => b"]",
                b"<%" => b"{",
                b"%>" => b"}",
                b"%:" => b"#",
                _ => b"##",
            };
            self.interner.intern(canon)
        } else if flags & UCN != 0 {
            // `caf\u00e9` and `café` are the same identifier (C17 6.4.3): spell it in UTF-8.
            let text = decode_ucns(&self.s[start..self.pos]);
            self.interner.intern(&text)
        } else if kind == Kind::Punct {
            let text = &self.s[start..self.pos];
            super::intern::punct_sym(text).unwrap_or_else(|| self.interner.intern(text))
        } else {
            self.interner.intern(&self.s[start..self.pos])
        };
        self.out.push(Token {
            kind,
            flags: flags & !UCN,
            sym,
            loc,
        });
        sym
    }

    /// Lexes one token starting with `c` at `self.pos`; returns its kind and extra flags.
    fn lex_one(&mut self, c: u8) -> Result<(Kind, u8), LexError> {
        let s = self.s;
        let n = s.len();
        let p = self.pos;
        // string/char prefixes
        if matches!(c, b'L' | b'U' | b'u') {
            let q = if c == b'u' && p + 2 < n && s[p + 1] == b'8' {
                p + 2
            } else {
                p + 1
            };
            if q < n && (s[q] == b'"' || (s[q] == b'\'' && q == p + 1)) {
                self.pos = q;
                return Ok(self.lex_quoted(s[q]));
            }
        }
        if is_ident_start(c) || (c == b'\\' && self.ucn_len(p) > 0) {
            let mut i = p;
            loop {
                if i < n && is_ident_cont(s[i]) {
                    i += 1;
                } else if i < n && s[i] == b'\\' {
                    let l = self.ucn_len(i);
                    if l == 0 {
                        break;
                    }
                    i += l;
                } else {
                    break;
                }
            }
            self.pos = i;
            if self.s[p..i].contains(&b'\\') {
                return Ok((Kind::Ident, UCN));
            }
            return Ok((Kind::Ident, 0));
        }
        if c.is_ascii_digit() || (c == b'.' && p + 1 < n && s[p + 1].is_ascii_digit()) {
            let mut i = p + 1;
            while i < n {
                let d = s[i];
                if (matches!(d, b'+' | b'-') && matches!(s[i - 1], b'e' | b'E' | b'p' | b'P'))
                    || d.is_ascii_alphanumeric()
                    || d == b'_'
                    || d == b'.'
                    || d >= 0x80
                {
                    i += 1;
                } else {
                    break;
                }
            }
            self.pos = i;
            return Ok((Kind::Number, 0));
        }
        if c == b'"' || c == b'\'' {
            return Ok(self.lex_quoted(c));
        }
        // punctuators, longest match first
        let rest = &s[p..];
        let (len, digraph) = punct_len(rest);
        if len > 0 {
            self.pos = p + len;
            return Ok((Kind::Punct, if digraph { DIGRAPH } else { 0 }));
        }
        self.pos = p + utf8_len(rest);
        Ok((Kind::Other, 0))
    }

    /// Length of a universal character name `\uXXXX` / `\UXXXXXXXX` at `i`, or 0.
    fn ucn_len(&self, i: usize) -> usize {
        let s = self.s;
        let digits = match s.get(i + 1) {
            Some(b'u') => 4,
            Some(b'U') => 8,
            _ => return 0,
        };
        if i + 2 + digits <= s.len() && s[i + 2..i + 2 + digits].iter().all(u8::is_ascii_hexdigit) {
            2 + digits
        } else {
            0
        }
    }

    /// Lexes a quoted literal whose opening quote is at `self.pos`.
    fn lex_quoted(&mut self, q: u8) -> (Kind, u8) {
        let s = self.s;
        let mut i = self.pos + 1;
        while i < s.len() {
            match s[i] {
                b'\\' if i + 1 < s.len() && s[i + 1] != b'\n' => i += 2,
                b'\n' => break,
                c if c == q => {
                    self.pos = i + 1;
                    return (if q == b'"' { Kind::Str } else { Kind::Char }, 0);
                }
                _ => i += 1,
            }
        }
        // No closing quote on this line: the rest of the line is one "other" token, which is
        // an error only if it reaches the output or a live directive.
        self.pos = i.min(s.len());
        (Kind::Other, UNTERMINATED)
    }
}

/// Internal lexer flag: the identifier contains universal character names.
const UCN: u8 = 128;

/// Replaces `\uXXXX` and `\UXXXXXXXX` in an identifier by the UTF-8 of the character.
fn decode_ucns(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'\\' && i + 1 < s.len() {
            let n = if s[i + 1] == b'u' { 4 } else { 8 };
            let hex = std::str::from_utf8(&s[i + 2..(i + 2 + n).min(s.len())]).unwrap_or("");
            if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                i += 2 + n;
                continue;
            }
        }
        out.push(s[i]);
        i += 1;
    }
    out
}

pub(crate) fn utf8_len(s: &[u8]) -> usize {
    let c = s[0];
    let want = if c < 0x80 {
        1
    } else if c >> 5 == 0b110 {
        2
    } else if c >> 4 == 0b1110 {
        3
    } else if c >> 3 == 0b11110 {
        4
    } else {
        1
    };
    if want <= s.len() && s[1..want].iter().all(|&b| b >> 6 == 0b10) {
        want
    } else {
        1
    }
}

/// Length of the punctuator at the start of `s` and whether it is a digraph; 0 if none.
pub fn punct_len(s: &[u8]) -> (usize, bool) {
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let (a, b, c) = (at(0), at(1), at(2));
    match a {
        b'%' if b == b':' && c == b'%' && at(3) == b':' => (4, true),
        b'%' if b == b':' || b == b'>' => (2, true),
        b'<' if b == b':' || b == b'%' => (2, true),
        b':' if b == b'>' => (2, true),
        b'.' if b == b'.' && c == b'.' => (3, false),
        b'<' if b == b'<' && c == b'=' => (3, false),
        b'>' if b == b'>' && c == b'=' => (3, false),
        b'-' if matches!(b, b'>' | b'-' | b'=') => (2, false),
        b'+' if matches!(b, b'+' | b'=') => (2, false),
        b'<' if matches!(b, b'<' | b'=') => (2, false),
        b'>' if matches!(b, b'>' | b'=') => (2, false),
        b'=' | b'!' | b'*' | b'/' | b'%' | b'^' if b == b'=' => (2, false),
        b'&' if matches!(b, b'&' | b'=') => (2, false),
        b'|' if matches!(b, b'|' | b'=') => (2, false),
        b'#' if b == b'#' => (2, false),
        b'[' | b']' | b'(' | b')' | b'{' | b'}' | b'.' | b'&' | b'*' | b'+' | b'-' | b'~'
        | b'!' | b'/' | b'%' | b'<' | b'>' | b'^' | b'|' | b'?' | b':' | b';' | b'=' | b','
        | b'#' => (1, false),
        _ => (0, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spell(src: &str) -> Vec<String> {
        let mut i = Interner::new();
        let toks = lex(src.as_bytes(), 0, &mut i).unwrap();
        toks.iter().map(|t| i.text(t.sym).into_owned()).collect()
    }

    #[test]
    fn splices_and_comments() {
        assert_eq!(spell("ab\\\ncd /* x\n */ e // f\ng"), ["abcd", "e", "g"]);
        assert_eq!(spell("a\\  \nb"), ["ab"]);
    }

    #[test]
    fn numbers_and_literals() {
        assert_eq!(
            spell("1e+5 0x1p-3 1.2.3 .5f"),
            ["1e+5", "0x1p-3", "1.2.3", ".5f"]
        );
        assert_eq!(
            spell("L'a' u8\"s\" U\"x\" u'c'"),
            ["L'a'", "u8\"s\"", "U\"x\"", "u'c'"]
        );
        assert_eq!(spell("\"a\\\"b\""), ["\"a\\\"b\""]);
    }

    #[test]
    fn punctuators_and_digraphs() {
        assert_eq!(
            spell("a<<=b...%:%: <:"),
            ["a", "<<=", "b", "...", "##", "["]
        );
        assert_eq!(spell("x->y++"), ["x", "->", "y", "++"]);
    }

    #[test]
    fn header_names_only_after_include() {
        assert_eq!(
            spell("#include <a/b.h>\na<b>c"),
            ["#", "include", "<a/b.h>", "a", "<", "b", ">", "c"]
        );
    }

    #[test]
    fn lines_and_columns() {
        let mut i = Interner::new();
        let t = lex(b"a\n  b \\\n c\n/*\n*/d", 0, &mut i).unwrap();
        let l: Vec<_> = t
            .iter()
            .map(|t| (t.loc.line, t.loc.col, t.has(BOL)))
            .collect();
        assert_eq!(l, [(1, 1, true), (2, 3, true), (3, 2, false), (5, 3, true)]);
    }

    #[test]
    fn errors() {
        let mut i = Interner::new();
        let e = lex(b"a /* b", 0, &mut i).unwrap_err();
        assert_eq!((e.line, e.col), (1, 3));
        assert!(lex(b"a\0b", 0, &mut i).is_err());
        let t = lex(b"don't\n", 0, &mut i).unwrap();
        assert!(t[1].has(UNTERMINATED));
    }

    #[test]
    fn ucn_identifiers_are_spelled_in_utf8_and_bom_is_skipped() {
        assert_eq!(
            spell("\u{feff}caf\\u00e9 caf\u{e9} x\\U0001F600"),
            ["caf\u{e9}", "caf\u{e9}", "x\u{1F600}"]
        );
    }

    #[test]
    fn latin1_bytes_pass_through() {
        let mut i = Interner::new();
        let t = lex(b"/* caf\xe9 */ \"\xe9\"", 0, &mut i).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(i.get(t[0].sym), b"\"\xe9\"");
    }
}
