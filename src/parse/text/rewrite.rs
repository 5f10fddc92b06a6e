//! The length-preserving rewrites: one pass over the tokens of the preprocessed text,
//! writing into a copy of it.

use super::lex::{
    at_line_start, blank, braces_end, brackets_end, comment_end, group_end, ident_at, ident_end,
    is_ident_start, line_end, literal_end, next_token, number_end, token_end,
};
use super::{Note, UINT128};

/// What a `(` opens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Plain,
    /// `__attribute__((…))`, `__asm__(…)`: its contents are not rewritten, and a `{` after it
    /// does not open a function body.
    Opaque,
}

/// The last significant token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Start,
    Semi,
    CloseBrace,
    ClosePlain,
    CloseOpaque,
    Other,
}

struct Scanner<'a> {
    src: &'a [u8],
    out: Vec<u8>,
    /// Added to offsets for notes (the prelude's length).
    base: usize,
    notes: Vec<(usize, Note)>,
    parens: Vec<Group>,
    /// Opaque groups on `parens`.
    opaque: usize,
    brackets: usize,
    braces: usize,
    last: Last,
    /// The group kind the next `(` opens.
    pending: Group,
    /// A `=` at file scope since the last `;` (a `{` after `)` is then an initializer).
    initializer: bool,
    /// The previous token was `signed`/`unsigned` (its range, and whether unsigned).
    sign: Option<(usize, usize, bool)>,
}

/// Rewrites `src` (see the module documentation of `text`); returns the rewritten bytes (not
/// yet UTF-8-checked) and the notes, offsets shifted by `base`.
pub(super) fn rewrite(src: &[u8], base: usize) -> (Vec<u8>, Vec<(usize, Note)>) {
    let mut s = Scanner {
        src,
        out: src.to_vec(),
        base,
        notes: Vec::new(),
        parens: Vec::new(),
        opaque: 0,
        brackets: 0,
        braces: 0,
        last: Last::Start,
        pending: Group::Plain,
        initializer: false,
        sign: None,
    };
    s.run();
    (s.out, s.notes)
}

const CALLING_CONVENTIONS: &[&[u8]] = &[
    b"__stdcall",
    b"__cdecl",
    b"__fastcall",
    b"__vectorcall",
    b"__thiscall",
    b"__regcall",
];

fn is_signedness(w: &[u8]) -> Option<bool> {
    match w {
        b"unsigned" => Some(true),
        b"signed" | b"__signed" | b"__signed__" => Some(false),
        _ => None,
    }
}

impl Scanner<'_> {
    fn run(&mut self) {
        let src = self.src;
        let n = src.len();
        let mut i = 0;
        while i < n {
            let b = src[i];
            match b {
                b' ' | b'\t' | b'\n' => i += 1,
                b'\r' | 0x0b | 0x0c => {
                    // lang-c knows only space, tab and (CR)LF.
                    if !(b == b'\r' && src.get(i + 1) == Some(&b'\n')) {
                        self.out[i] = b' ';
                    }
                    i += 1;
                }
                b'#' if at_line_start(src, i) => i = line_end(src, i),
                b'"' | b'\'' => {
                    i = literal_end(src, i);
                    self.token(Last::Other);
                }
                b'/' if comment_end(src, i).is_some() => {
                    let e = comment_end(src, i).unwrap_or(n);
                    blank(&mut self.out, src, i, e);
                    i = e;
                }
                b'(' => {
                    let g = std::mem::replace(&mut self.pending, Group::Plain);
                    let g = if self.opaque > 0 { Group::Plain } else { g };
                    if g == Group::Opaque {
                        self.opaque += 1;
                    }
                    self.parens.push(g);
                    self.sign = None;
                    self.last = Last::Other;
                    i += 1;
                }
                b')' => {
                    let g = self.parens.pop().unwrap_or(Group::Plain);
                    if g == Group::Opaque {
                        self.opaque -= 1;
                    }
                    self.token(if g == Group::Opaque {
                        Last::CloseOpaque
                    } else {
                        Last::ClosePlain
                    });
                    i += 1;
                }
                b'[' => {
                    if self.opaque == 0
                        && let Some(p) = next_token(src, i + 1)
                        && src[p] == b'['
                        && let Some(e) = brackets_end(src, i)
                    {
                        // A C23 attribute specifier.
                        blank(&mut self.out, src, i, e);
                        i = e;
                        continue;
                    }
                    self.brackets += 1;
                    self.token(Last::Other);
                    i += 1;
                }
                b']' => {
                    self.brackets = self.brackets.saturating_sub(1);
                    self.token(Last::Other);
                    i += 1;
                }
                b'{' => {
                    if self.at_file_scope()
                        && self.last == Last::ClosePlain
                        && !self.initializer
                        && let Some(e) = braces_end(src, i)
                    {
                        // A function body.
                        blank(&mut self.out, src, i + 1, e - 1);
                        i = e;
                        self.token(Last::CloseBrace);
                        continue;
                    }
                    self.braces += 1;
                    self.token(Last::Other);
                    i += 1;
                }
                b'}' => {
                    self.braces = self.braces.saturating_sub(1);
                    self.token(Last::CloseBrace);
                    i += 1;
                }
                b';' => {
                    if self.at_file_scope() {
                        self.initializer = false;
                    }
                    self.token(Last::Semi);
                    i += 1;
                }
                b'=' => {
                    let prev = if i > 0 { src[i - 1] } else { 0 };
                    let next = src.get(i + 1).copied().unwrap_or(0);
                    if self.at_file_scope() && !b"=!<>+-*/%&|^".contains(&prev) && next != b'=' {
                        self.initializer = true;
                    }
                    self.token(Last::Other);
                    i += 1;
                }
                b'0'..=b'9' => {
                    i = number_end(src, i);
                    self.token(Last::Other);
                }
                b'.' if src.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                    i = number_end(src, i);
                    self.token(Last::Other);
                }
                _ if is_ident_start(b) => i = self.identifier(i),
                _ => {
                    self.token(Last::Other);
                    i += 1;
                }
            }
        }
    }

    #[inline]
    fn at_file_scope(&self) -> bool {
        self.braces == 0 && self.parens.is_empty() && self.brackets == 0
    }

    /// Bookkeeping for a token other than `(` and the identifiers handled specially.
    #[inline]
    fn token(&mut self, last: Last) {
        self.last = last;
        self.pending = Group::Plain;
        self.sign = None;
    }

    fn note(&mut self, at: usize, note: Note) {
        self.notes.push((self.base + at, note));
    }

    /// Handles the identifier at `i`; returns where to go on.
    fn identifier(&mut self, i: usize) -> usize {
        let src = self.src;
        let e = ident_end(src, i);
        if e < src.len()
            && matches!(src[e], b'"' | b'\'')
            && matches!(&src[i..e], b"L" | b"u" | b"U" | b"u8")
        {
            self.token(Last::Other);
            return literal_end(src, e);
        }
        if self.opaque > 0 {
            self.token(Last::Other);
            return e;
        }
        let word = &src[i..e];
        let sign = self.sign.take();
        match word {
            b"struct" | b"union" | b"enum" => return self.tag_keyword(i, e),
            b"__attribute__" | b"__attribute" => {
                self.last = Last::Other;
                self.pending = Group::Opaque;
                return e;
            }
            b"__asm__" | b"__asm" | b"asm" => {
                if self.at_file_scope()
                    && matches!(self.last, Last::Start | Last::Semi | Last::CloseBrace)
                    && let Some(end) = self.file_scope_asm(e)
                {
                    blank(&mut self.out, src, i, end);
                    self.token(Last::Semi);
                    return end;
                }
                self.last = Last::Other;
                self.pending = Group::Opaque;
                return e;
            }
            b"volatile" | b"__volatile__" | b"__volatile" | b"goto" | b"inline" | b"__inline"
            | b"__inline__"
                if self.pending == Group::Opaque =>
            {
                // asm qualifiers: the group still follows.
                return e;
            }
            b"__declspec" => {
                if let Some((end, inner)) = self.paren_after(e) {
                    let text = squash(&src[inner.0..inner.1]);
                    blank(&mut self.out, src, i, end);
                    self.note(i, Note::Declspec(text));
                    return end;
                }
            }
            b"_Alignas" => {
                if let Some((end, inner)) = self.paren_after(e) {
                    let text = squash(&src[inner.0..inner.1]);
                    blank(&mut self.out, src, i, end);
                    self.note(i, Note::Alignas(text));
                    return end;
                }
            }
            b"__thread" => {
                blank(&mut self.out, src, i, e);
                self.note(i, Note::ThreadLocal);
                return e;
            }
            b"_Nonnull"
            | b"_Nullable"
            | b"_Nullable_result"
            | b"_Null_unspecified"
            | b"__nullable"
            | b"__null_unspecified" => {
                blank(&mut self.out, src, i, e);
                return e;
            }
            b"__nonnull" => {
                // Clang's keyword; glibc's `__nonnull(params)` macro is expanded by now.
                if next_token(src, e).is_none_or(|p| src[p] != b'(') {
                    blank(&mut self.out, src, i, e);
                    return e;
                }
            }
            b"__const__" => {
                self.out[i..e].copy_from_slice(b"const    ");
            }
            b"__float128" => {
                self.out[i..e].copy_from_slice(b"_Float128 ");
            }
            b"__int128" => {
                let mut unsigned = None;
                if let Some((s0, e0, u)) = sign {
                    blank(&mut self.out, src, s0, e0);
                    unsigned = Some(u);
                }
                let mut end = e;
                if unsigned.is_none()
                    && let Some(p) = next_token(src, e)
                    && let Some(pe) = ident_at(src, p)
                    && let Some(u) = is_signedness(&src[p..pe])
                {
                    blank(&mut self.out, src, p, pe);
                    unsigned = Some(u);
                    end = pe;
                }
                if unsigned == Some(true) {
                    self.out[i..e].copy_from_slice(UINT128.as_bytes());
                }
                self.token(Last::Other);
                return end;
            }
            _ if CALLING_CONVENTIONS.contains(&word) => {
                blank(&mut self.out, src, i, e);
                let name = String::from_utf8_lossy(word).into_owned();
                self.note(i, Note::CallingConvention(name));
                return e;
            }
            _ => {
                if let Some(u) = is_signedness(word) {
                    self.token(Last::Other);
                    self.sign = Some((i, e, u));
                    return e;
                }
            }
        }
        self.token(Last::Other);
        e
    }

    /// The `( … )` group after position `p`: its end and the range inside the parentheses.
    fn paren_after(&self, p: usize) -> Option<(usize, (usize, usize))> {
        let open = next_token(self.src, p)?;
        if self.src[open] != b'(' {
            return None;
        }
        let end = group_end(self.src, open)?;
        Some((end, (open + 1, end - 1)))
    }

    /// If a file-scope `asm(…);` statement starts with the keyword ending at `p`, its end.
    fn file_scope_asm(&self, mut p: usize) -> Option<usize> {
        let src = self.src;
        loop {
            let t = next_token(src, p)?;
            if let Some(e) = ident_at(src, t) {
                match &src[t..e] {
                    b"volatile" | b"__volatile__" | b"__volatile" => p = e,
                    _ => return None,
                }
            } else if src[t] == b'(' {
                let end = group_end(src, t)?;
                let semi = next_token(src, end)?;
                return (src[semi] == b';').then_some(semi + 1);
            } else {
                return None;
            }
        }
    }

    /// `struct`/`union`/`enum` at `kw..kw_end`: moves `__attribute__` groups that follow the
    /// keyword (or the tag, when a body follows) in front of the keyword, which is where
    /// lang-c accepts them (rewrite N1); blanks `__declspec(…)` and `[[…]]` there. Returns
    /// where to go on.
    fn tag_keyword(&mut self, kw: usize, kw_end: usize) -> usize {
        let src = self.src;
        // Attribute groups before and after the tag.
        let mut before: Vec<(usize, usize)> = Vec::new();
        let mut after: Vec<(usize, usize)> = Vec::new();
        let mut tag: Option<(usize, usize)> = None;
        let mut pos = kw_end;
        let mut last = Last::Other;
        let mut body = false;
        while let Some(t) = next_token(src, pos) {
            if let Some(e) = ident_at(src, t) {
                match &src[t..e] {
                    b"__attribute__" | b"__attribute" => {
                        let Some(open) = next_token(src, e).filter(|&o| src[o] == b'(') else {
                            break;
                        };
                        let Some(end) = group_end(src, open) else {
                            break;
                        };
                        if tag.is_some() {
                            after.push((t, end));
                        } else {
                            before.push((t, end));
                        }
                        pos = end;
                        last = Last::CloseOpaque;
                    }
                    b"__declspec" => {
                        let Some((end, inner)) = self.paren_after(e) else {
                            break;
                        };
                        let text = squash(&src[inner.0..inner.1]);
                        blank(&mut self.out, src, t, end);
                        self.note(t, Note::Declspec(text));
                        pos = end;
                        last = Last::CloseOpaque;
                    }
                    _ if tag.is_none() => {
                        tag = Some((t, e));
                        pos = e;
                        last = Last::Other;
                    }
                    _ => break,
                }
            } else if src[t] == b'['
                && next_token(src, t + 1).is_some_and(|p| src[p] == b'[')
                && let Some(end) = brackets_end(src, t)
            {
                blank(&mut self.out, src, t, end);
                pos = end;
            } else {
                body = src[t] == b'{';
                break;
            }
        }
        // The tag's attributes move only when a body follows (`struct s ATTR *p` is fine).
        let moved_end = if body && !after.is_empty() {
            after.last().map(|a| a.1)
        } else {
            before.last().map(|a| a.1)
        };
        if let Some(r_end) = moved_end {
            let mut items: Vec<(usize, usize)> = before.clone();
            if body {
                items.extend_from_slice(&after);
            }
            items.push((kw, kw_end));
            if let Some(t) = tag
                && t.1 <= r_end
            {
                items.push(t);
            }
            self.place(kw, r_end, &items);
        }
        self.token(last);
        pos
    }

    /// Rewrites `out[s..e]` to hold the source ranges `items` in this order, keeping the
    /// newlines of `s..e`; leaves it alone if they do not fit.
    fn place(&mut self, s: usize, e: usize, items: &[(usize, usize)]) {
        let src = self.src;
        let region = &src[s..e];
        if memchr::memchr(b'\n', region).is_none() {
            // One space between items if there is room (there is, unless the input packed
            // attribute groups together), else only where tokens would merge.
            let len: usize = items.iter().map(|&(a, b)| b - a).sum();
            let roomy = len + items.len() - 1 <= e - s;
            let mut seps = 0;
            for pair in items.windows(2) {
                seps += usize::from(roomy || needs_space(src[pair[0].1 - 1], src[pair[1].0]));
            }
            if len + seps > e - s {
                return;
            }
            let mut w = s;
            for (k, &(a, b)) in items.iter().enumerate() {
                if k > 0 && (roomy || needs_space(src[items[k - 1].1 - 1], src[a])) {
                    self.out[w] = b' ';
                    w += 1;
                }
                self.out[w..w + (b - a)].copy_from_slice(&src[a..b]);
                w += b - a;
            }
            self.out[w..e].fill(b' ');
            return;
        }
        // Over several lines: place token by token, greedily, line by line.
        if region.windows(2).any(|p| p == b"\n#") {
            return;
        }
        let mut tokens = Vec::new();
        for &(a, b) in items {
            let mut p = a;
            while let Some(t) = next_token(src, p).filter(|&t| t < b) {
                let te = token_end(src, t).min(b);
                tokens.push((t, te));
                p = te;
            }
        }
        let mut lines = Vec::new();
        let mut ls = s;
        for k in memchr::memchr_iter(b'\n', region) {
            lines.push((ls, s + k));
            ls = s + k + 1;
        }
        lines.push((ls, e));
        let mut placed = Vec::with_capacity(tokens.len());
        let (mut li, mut w) = (0, lines[0].0);
        let mut prev: Option<u8> = None;
        for &(a, b) in &tokens {
            let len = b - a;
            loop {
                let sep = match prev {
                    Some(p) if w > lines[li].0 => usize::from(needs_space(p, src[a])),
                    _ => 0,
                };
                if w + sep + len <= lines[li].1 {
                    w += sep;
                    placed.push((w, a, b));
                    w += len;
                    prev = Some(src[b - 1]);
                    break;
                }
                li += 1;
                if li == lines.len() {
                    return;
                }
                w = lines[li].0;
            }
        }
        blank(&mut self.out, src, s, e);
        for (w, a, b) in placed {
            self.out[w..w + (b - a)].copy_from_slice(&src[a..b]);
        }
    }
}

/// Whether a space must separate a token ending in `a` from one starting with `b`.
fn needs_space(a: u8, b: u8) -> bool {
    !(matches!(a, b'(' | b')' | b'[' | b']' | b',' | b';' | b'{' | b'}')
        || matches!(b, b'(' | b')' | b'[' | b']' | b',' | b';' | b'{' | b'}'))
}

/// Text with whitespace runs squashed to one space, trimmed.
fn squash(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    let mut out = String::with_capacity(s.len());
    for w in s.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}
