//! Byte-level lexing helpers for preprocessed C: just enough to step over literals, numbers,
//! comments and directive lines, and to find the token after a position.

/// The start of an identifier (`$` and non-ASCII bytes count, as in GCC).
#[inline]
pub(super) fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80
}

#[inline]
pub(super) fn is_ident_cont(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit()
}

/// The end of the identifier starting at `i`.
#[inline]
pub(super) fn ident_end(src: &[u8], mut i: usize) -> usize {
    while i < src.len() && is_ident_cont(src[i]) {
        i += 1;
    }
    i
}

/// The end of the string literal or character constant whose quote is at `i` (after the
/// closing quote; at the newline or the end if it is unterminated).
#[inline]
pub(super) fn literal_end(src: &[u8], i: usize) -> usize {
    let q = src[i];
    let mut k = i + 1;
    while k < src.len() {
        match src[k] {
            b'\\' => k += 2,
            b'\n' => return k,
            c if c == q => return k + 1,
            _ => k += 1,
        }
    }
    src.len()
}

/// The end of the preprocessing number starting at `i` (a digit, or `.` and a digit).
#[inline]
pub(super) fn number_end(src: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < src.len() {
        let b = src[i];
        if matches!(b, b'+' | b'-') && matches!(src[i - 1], b'e' | b'E' | b'p' | b'P') {
            i += 1;
        } else if b == b'\'' && i + 1 < src.len() && src[i + 1].is_ascii_alphanumeric() {
            // C23 digit separator.
            i += 2;
        } else if is_ident_cont(b) || b == b'.' {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// The end of the comment starting at `i` (`//` or `/*`), or `None` if there is none.
#[inline]
pub(super) fn comment_end(src: &[u8], i: usize) -> Option<usize> {
    match src.get(i + 1) {
        Some(b'/') => Some(memchr::memchr(b'\n', &src[i..]).map_or(src.len(), |k| i + k)),
        Some(b'*') => {
            Some(memchr::memmem::find(&src[i + 2..], b"*/").map_or(src.len(), |k| i + 2 + k + 2))
        }
        _ => None,
    }
}

/// Whether `i` is the first byte of a line.
#[inline]
pub(super) fn at_line_start(src: &[u8], i: usize) -> bool {
    i == 0 || src[i - 1] == b'\n'
}

/// The end of the line holding `i` (the position of its newline, or the end).
#[inline]
pub(super) fn line_end(src: &[u8], i: usize) -> usize {
    memchr::memchr(b'\n', &src[i..]).map_or(src.len(), |k| i + k)
}

/// The start of the next token at or after `i`, skipping whitespace and comments. `None` if
/// a directive (`#` line) or the end comes first.
pub(super) fn next_token(src: &[u8], mut i: usize) -> Option<usize> {
    while i < src.len() {
        match src[i] {
            b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c => i += 1,
            b'#' if at_line_start(src, i) => return None,
            b'/' => match comment_end(src, i) {
                Some(e) => i = e,
                None => return Some(i),
            },
            _ => return Some(i),
        }
    }
    None
}

/// The end of the token starting at `i` (identifiers, numbers, literals; any other byte is
/// a token of its own, which is all the rewriting needs).
pub(super) fn token_end(src: &[u8], i: usize) -> usize {
    let b = src[i];
    if is_ident_start(b) {
        let e = ident_end(src, i);
        if e < src.len()
            && matches!(src[e], b'"' | b'\'')
            && matches!(&src[i..e], b"L" | b"u" | b"U" | b"u8")
        {
            return literal_end(src, e);
        }
        e
    } else if b.is_ascii_digit() || (b == b'.' && src.get(i + 1).is_some_and(u8::is_ascii_digit)) {
        number_end(src, i)
    } else if b == b'"' || b == b'\'' {
        literal_end(src, i)
    } else {
        i + 1
    }
}

/// If the token at `i` is an identifier, its end.
#[inline]
pub(super) fn ident_at(src: &[u8], i: usize) -> Option<usize> {
    if i < src.len() && is_ident_start(src[i]) {
        let e = ident_end(src, i);
        // A string prefix followed by a literal is not an identifier.
        if e < src.len()
            && matches!(src[e], b'"' | b'\'')
            && matches!(&src[i..e], b"L" | b"u" | b"U" | b"u8")
        {
            return None;
        }
        Some(e)
    } else {
        None
    }
}

/// The position after the `)` matching the `(` at `open`, skipping literals and comments;
/// `None` if unbalanced.
pub(super) fn group_end(src: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut k = open;
    while k < src.len() {
        match src[k] {
            b'(' => {
                depth += 1;
                k += 1;
            }
            b')' => {
                depth -= 1;
                k += 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            b'"' | b'\'' => k = literal_end(src, k),
            b'/' => k = comment_end(src, k).unwrap_or(k + 1),
            b'#' if at_line_start(src, k) => k = line_end(src, k),
            _ => k += 1,
        }
    }
    None
}

/// The position after the `]]` closing the C23 attribute specifier whose first `[` is at
/// `open`; `None` if unbalanced.
pub(super) fn brackets_end(src: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut k = open;
    while k < src.len() {
        match src[k] {
            b'[' => {
                depth += 1;
                k += 1;
            }
            b']' => {
                depth -= 1;
                k += 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            b'"' | b'\'' => k = literal_end(src, k),
            b'/' => k = comment_end(src, k).unwrap_or(k + 1),
            b'#' if at_line_start(src, k) => k = line_end(src, k),
            _ => k += 1,
        }
    }
    None
}

/// The position after the `}` matching the `{` at `open`; `None` if unbalanced.
pub(super) fn braces_end(src: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut k = open;
    while k < src.len() {
        let b = src[k];
        match b {
            b'{' => {
                depth += 1;
                k += 1;
            }
            b'}' => {
                depth -= 1;
                k += 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            b'"' | b'\'' => k = literal_end(src, k),
            b'/' => k = comment_end(src, k).unwrap_or(k + 1),
            b'#' if at_line_start(src, k) => k = line_end(src, k),
            b'0'..=b'9' => k = number_end(src, k),
            _ if is_ident_start(b) => k = ident_end(src, k),
            _ => k += 1,
        }
    }
    None
}

/// Overwrites `out[s..e]` with spaces, keeping newlines and directive lines.
pub(super) fn blank(out: &mut [u8], src: &[u8], s: usize, e: usize) {
    let mut k = s;
    if k < e && src[k] == b'#' && at_line_start(src, k) {
        k = line_end(src, k).min(e);
    }
    while k < e {
        if src[k] == b'\n' {
            k += 1;
            if k < e && src[k] == b'#' {
                k = line_end(src, k).min(e);
            }
        } else {
            out[k] = b' ';
            k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let s = b"u8\"a\\\"b\" 1.5e+3f 'x' L'\\'' abc_1 ->";
        let mut i = 0;
        let mut toks = Vec::new();
        while let Some(p) = next_token(s, i) {
            let e = token_end(s, p);
            toks.push(std::str::from_utf8(&s[p..e]).unwrap());
            i = e;
        }
        assert_eq!(
            toks,
            [
                "u8\"a\\\"b\"",
                "1.5e+3f",
                "'x'",
                "L'\\''",
                "abc_1",
                "-",
                ">"
            ]
        );
    }

    #[test]
    fn groups() {
        let s = b"(a, \")\", (b), ')') x";
        assert_eq!(group_end(s, 0), Some(s.len() - 2));
        assert_eq!(group_end(b"((a)", 0), None);
        assert_eq!(brackets_end(b"[[a(\"]]\")]] x", 0), Some(11));
        assert_eq!(braces_end(b"{ \"}\" '}' { } } x", 0), Some(15));
    }

    #[test]
    fn blanking_keeps_lines_and_directives() {
        let src = b"{ a;\n# 3 \"f.h\"\n b; }";
        let mut out = src.to_vec();
        blank(&mut out, src, 1, src.len() - 1);
        assert_eq!(&out, b"{   \n# 3 \"f.h\"\n    }");
    }

    #[test]
    fn next_token_stops_at_directives() {
        assert_eq!(next_token(b"  /* c */ x", 0), Some(10));
        assert_eq!(next_token(b"  \n# 1 \"a\"\nx", 0), None);
        assert_eq!(next_token(b"   ", 0), None);
    }
}
