//! The directive lines: `# N "file" flags` line markers (→ [`LineIndex`]) and `#pragma pack`
//! (→ [`Note::Pack`]), read in one pass over the line starts.

use std::collections::HashMap;

use super::{LineIndex, MarkedFile, Note, Position, Segment};

/// The file name offsets inside the prelude map to.
pub const PRELUDE_FILE: &str = "<prelude>";
/// The file name of the lines before the first line marker (input without markers).
pub const UNMARKED_FILE: &str = "<input>";

/// Builds the line index of `prelude` + `src` and collects the `#pragma pack` notes (offsets in
/// the final text).
pub(super) fn index(prelude: &str, src: &[u8], notes: &mut Vec<(usize, Note)>) -> LineIndex {
    let base = prelude.len();
    let mut ix = LineIndex {
        files: vec![MarkedFile {
            name: PRELUDE_FILE.to_string(),
            system: false,
        }],
        line_starts: Vec::with_capacity(src.len() / 24 + 16),
        segments: Vec::new(),
    };
    let mut by_name: HashMap<String, u32> = HashMap::new();
    ix.segments.push(Segment {
        first_line: 0,
        file: 0,
        line: 1,
    });
    ix.line_starts.push(0);
    debug_assert!(prelude.is_empty() || prelude.ends_with('\n'));
    for k in memchr::memchr_iter(b'\n', prelude.as_bytes()) {
        ix.line_starts.push((k + 1) as u32);
    }
    // The last line start is the input's first line.
    let mut line_no = (ix.line_starts.len() - 1) as u32;
    if src.first() != Some(&b'#') {
        ix.files.push(MarkedFile {
            name: UNMARKED_FILE.to_string(),
            system: false,
        });
        by_name.insert(UNMARKED_FILE.to_string(), 1);
        ix.segments.push(Segment {
            first_line: line_no,
            file: 1,
            line: 1,
        });
    }
    let mut pack = PackState::default();
    let mut start = 0usize;
    loop {
        let next = memchr::memchr(b'\n', &src[start..]).map(|k| start + k);
        if src.get(start) == Some(&b'#') {
            let end = next.unwrap_or(src.len());
            directive(
                &src[start + 1..end],
                line_no,
                &mut ix,
                &mut by_name,
                &mut pack,
                base + start,
                notes,
            );
        }
        match next {
            Some(k) => {
                start = k + 1;
                line_no += 1;
                ix.line_starts.push((base + start) as u32);
            }
            None => break,
        }
    }
    ix
}

fn skip_blanks(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && matches!(s[i], b' ' | b'\t' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    i
}

fn word_end(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_') {
        i += 1;
    }
    i
}

/// One directive line (after the `#`).
fn directive(
    d: &[u8],
    line_no: u32,
    ix: &mut LineIndex,
    by_name: &mut HashMap<String, u32>,
    pack: &mut PackState,
    offset: usize,
    notes: &mut Vec<(usize, Note)>,
) {
    let mut i = skip_blanks(d, 0);
    let w = word_end(d, i);
    let word = &d[i..w];
    if word == b"line" {
        i = skip_blanks(d, w);
    } else if word == b"pragma" {
        pragma(&d[w..], pack, offset, notes);
        return;
    }
    let digits = i;
    let mut n: u64 = 0;
    while i < d.len() && d[i].is_ascii_digit() {
        n = (n * 10 + u64::from(d[i] - b'0')).min(u64::from(u32::MAX));
        i += 1;
    }
    if i == digits {
        return;
    }
    let n = n as u32;
    i = skip_blanks(d, i);
    let file = if d.get(i) == Some(&b'"') {
        let (name, after) = quoted(d, i + 1);
        i = after;
        let mut system = false;
        loop {
            i = skip_blanks(d, i);
            let s = i;
            while i < d.len() && d[i].is_ascii_digit() {
                i += 1;
            }
            if s == i {
                break;
            }
            system |= &d[s..i] == b"3";
        }
        let id = match by_name.get(&name) {
            Some(&id) => id,
            None => {
                let id = ix.files.len() as u32;
                by_name.insert(name.clone(), id);
                ix.files.push(MarkedFile {
                    name,
                    system: false,
                });
                id
            }
        };
        ix.files[id as usize].system |= system;
        id
    } else {
        // `# N` without a name: same file.
        ix.segments.last().map_or(0, |s| s.file)
    };
    ix.segments.push(Segment {
        first_line: line_no,
        file,
        line: n.saturating_sub(1),
    });
    ix.segments.push(Segment {
        first_line: line_no + 1,
        file,
        line: n,
    });
}

/// A marker's file name (escapes `\\`, `\"` and octal undone), and the position after it.
fn quoted(d: &[u8], mut i: usize) -> (String, usize) {
    let mut name = Vec::new();
    while i < d.len() && d[i] != b'"' {
        if d[i] == b'\\' && i + 1 < d.len() {
            let c = d[i + 1];
            if (b'0'..=b'7').contains(&c) {
                let mut v = 0u32;
                let mut k = i + 1;
                while k < d.len() && k < i + 4 && (b'0'..=b'7').contains(&d[k]) {
                    v = v * 8 + u32::from(d[k] - b'0');
                    k += 1;
                }
                name.push(v as u8);
                i = k;
            } else {
                name.push(match c {
                    b'n' => b'\n',
                    b't' => b'\t',
                    c => c,
                });
                i += 2;
            }
        } else {
            name.push(d[i]);
            i += 1;
        }
    }
    let name = match String::from_utf8(name) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    (name, (i + 1).min(d.len()))
}

/// `#pragma pack` state: the value in force and the push stack.
#[derive(Default)]
struct PackState {
    current: Option<u32>,
    stack: Vec<(Option<Vec<u8>>, Option<u32>)>,
}

/// `#pragma` (the text after the word): tracks `pack`, ignores everything else.
fn pragma(d: &[u8], pack: &mut PackState, offset: usize, notes: &mut Vec<(usize, Note)>) {
    let mut i = skip_blanks(d, 0);
    let w = word_end(d, i);
    if &d[i..w] != b"pack" {
        return;
    }
    i = skip_blanks(d, w);
    if d.get(i) != Some(&b'(') {
        return;
    }
    let Some(close) = d[i..].iter().position(|&b| b == b')').map(|k| i + k) else {
        return;
    };
    let args: Vec<&[u8]> = d[i + 1..close]
        .split(|&b| b == b',')
        .map(|a| a.trim_ascii())
        .collect();
    let before = pack.current;
    match args.as_slice() {
        [[]] => pack.current = None,
        [first, rest @ ..] if *first == b"push" => {
            let (id, n) = id_and_number(rest);
            pack.stack.push((id, pack.current));
            if let Some(n) = n {
                pack.current = n;
            }
        }
        [first, rest @ ..] if *first == b"pop" => {
            let (id, n) = id_and_number(rest);
            match id {
                Some(id) => {
                    if let Some(k) = pack
                        .stack
                        .iter()
                        .rposition(|(i, _)| i.as_deref() == Some(&id[..]))
                    {
                        pack.current = pack.stack[k].1;
                        pack.stack.truncate(k);
                    }
                }
                None => {
                    if let Some((_, v)) = pack.stack.pop() {
                        pack.current = v;
                    }
                }
            }
            if let Some(n) = n {
                pack.current = n;
            }
        }
        [n] => {
            if let Some(n) = number(n) {
                pack.current = n;
            }
        }
        _ => {}
    }
    if pack.current != before {
        notes.push((offset, Note::Pack(pack.current)));
    }
}

/// The optional identifier and optional alignment after `push`/`pop`. The alignment is
/// `Some(None)` for 0 (default packing).
#[allow(clippy::type_complexity)]
fn id_and_number(args: &[&[u8]]) -> (Option<Vec<u8>>, Option<Option<u32>>) {
    let mut id = None;
    let mut n = None;
    for a in args {
        if let Some(v) = number(a) {
            n = Some(v);
        } else if !a.is_empty() {
            id = Some(a.to_vec());
        }
    }
    (id, n)
}

/// A pack alignment: `Some(Some(n))`, `Some(None)` for 0, `None` if not a number.
fn number(a: &[u8]) -> Option<Option<u32>> {
    let s = std::str::from_utf8(a).ok()?;
    let v = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u32::from_str_radix(h, 16).ok()?
    } else {
        s.parse::<u32>().ok()?
    };
    Some((v != 0).then_some(v))
}

impl LineIndex {
    pub(super) fn locate_impl(&self, offset: usize) -> Position {
        if self.line_starts.is_empty() || self.segments.is_empty() {
            return Position {
                file: 0,
                line: 0,
                column: 0,
            };
        }
        let off = offset.min(u32::MAX as usize) as u32;
        let li = self.line_starts.partition_point(|&s| s <= off).max(1) - 1;
        let si = self
            .segments
            .partition_point(|s| s.first_line as usize <= li)
            .max(1)
            - 1;
        let seg = self.segments[si];
        Position {
            file: seg.file,
            // wraps past 4294967295, as the preprocessor's line numbers do
            line: seg
                .line
                .wrapping_add(li as u32 - seg.first_line.min(li as u32)),
            column: off - self.line_starts[li] + 1,
        }
    }
}
