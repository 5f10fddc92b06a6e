//! Preparing preprocessed text for lang-c, and mapping lang-c's byte offsets back to the
//! original headers.
//!
//! [`prepare`] returns a [`PRELUDE`] of `typedef int NAME;` seeds for type names lang-c does not
//! know ([`PSEUDO_TYPEDEFS`]), followed by the input rewritten **length-preserving**: every
//! byte keeps its offset (plus the prelude's length) and every newline stays where it was, so
//! the line markers still describe the text. Non-UTF-8 bytes become `?`. The rewrites (one
//! linear pass over the tokens; literals, comments and `#` lines are stepped over; nothing
//! inside `__attribute__((…))`/`__asm__(…)` is touched):
//!
//! * **N1**: `struct|union|enum __attribute__((…))… [tag]` → the attribute groups are moved
//!   in front of the keyword (lang-c otherwise reads `struct __attribute__((packed)) s {…}` as a
//!   function definition, or fails). Attributes between the tag and a `{` move too. They then
//!   show up as `DeclarationSpecifier::Extension` siblings of the struct specifier.
//! * **Function bodies**: a `{` at file scope after a `)` that does not close an
//!   `__attribute__`/`__asm__` group (and with no `=` since the last `;`) opens a function
//!   body; its contents become spaces, keeping newlines and `#` lines. lang-c parses an empty
//!   body, and every body-only GNU construct is gone.
//! * **`__int128`**: `__int128` and `signed __int128` stay `__int128`, a typedef name seeded
//!   in the prelude; `unsigned __int128` (either order) becomes [`UINT128`]. `__int128_t` and
//!   `__uint128_t` are seeded as they are.
//! * `__float128` → `_Float128`; `__const__` → `const` (the only GNU alternate keyword
//!   lang-c's GNU flavour lacks; the others are accepted as written).
//! * Blanked, with a [`Note`] at their offset: `_Alignas(…)` ([`Note::Alignas`]), `__thread`
//!   ([`Note::ThreadLocal`]), `__stdcall`/`__cdecl`/`__fastcall`/`__vectorcall`/`__thiscall`/
//!   `__regcall` ([`Note::CallingConvention`]), `__declspec(…)` ([`Note::Declspec`]).
//! * Blanked without a note: C23 `[[…]]` attributes; nullability qualifiers (`_Nonnull`,
//!   `_Nullable`, `_Nullable_result`, `_Null_unspecified`, `__nonnull`, `__nullable`,
//!   `__null_unspecified`); file-scope `asm(…);` statements; comments.
//! * `\r` (not before `\n`), `\v`, `\f` → space.
//!
//! `#pragma pack` lines stay in the text (lang-c skips `#` lines); their effect is recorded as
//! [`Note::Pack`] at the line's offset whenever the packing in force changes.
//!
//! For the lowering: declarations whose span starts before [`Prepared::prelude_len`] are the
//! prelude's, not the header's; [`PSEUDO_TYPEDEFS`] says what each seeded name stands for.

mod lex;
mod lines;
mod rewrite;

pub use lines::{PRELUDE_FILE, UNMARKED_FILE};

/// The typedef name `unsigned __int128` is rewritten to (8 bytes, so it fits in place of
/// `__int128`). Seeded in the prelude.
pub const UINT128: &str = "__hku128";

/// The typedef names seeded in the [`PRELUDE`] (types GCC has and lang-c's GNU flavour lacks),
/// and the C type each stands for.
pub const PSEUDO_TYPEDEFS: &[(&str, &str)] = &[
    ("__int128", "__int128"),
    (UINT128, "unsigned __int128"),
    ("__int128_t", "__int128"),
    ("__uint128_t", "unsigned __int128"),
    ("__bf16", "__bf16"),
    ("__fp16", "__fp16"),
    ("__float80", "__float80"),
    ("__ibm128", "__ibm128"),
];

/// The text put before the input: one `typedef int NAME;` line per [`PSEUDO_TYPEDEFS`] entry.
pub const PRELUDE: &str = "typedef int __int128;\n\
typedef int __hku128;\n\
typedef int __int128_t;\n\
typedef int __uint128_t;\n\
typedef int __bf16;\n\
typedef int __fp16;\n\
typedef int __float80;\n\
typedef int __ibm128;\n";

/// Where an offset of the prepared text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Index into [`LineIndex::files`].
    pub file: u32,
    pub line: u32,
    pub column: u32,
}

/// A file named by the line markers, and whether the markers flag it as a system header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedFile {
    pub name: String,
    pub system: bool,
}

/// From line `first_line` (an index into `line_starts`) on, lines are `file`'s, numbered from
/// `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    first_line: u32,
    file: u32,
    line: u32,
}

/// Maps offsets in the prepared text to `file:line:column` using the `# N "file" flags`
/// line markers (one pass to build, binary search to look up).
///
/// `files[0]` is [`PRELUDE_FILE`]; text before the first line marker (if the input does not
/// start with one) belongs to [`UNMARKED_FILE`]. A file named by several markers has one
/// entry, `system` if any marker flags it with 3. A line-marker line itself maps to its file
/// at the line before the one it announces.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    pub files: Vec<MarkedFile>,
    /// Offset of every line start of the prepared text.
    line_starts: Vec<u32>,
    /// Sorted by `first_line`; the last one at or before a line applies.
    segments: Vec<Segment>,
}

impl LineIndex {
    /// The position of byte `offset` of the prepared text (column: 1-based, in bytes).
    pub fn locate(&self, offset: usize) -> Position {
        self.locate_impl(offset)
    }

    /// The name of the file of `pos` (`""` for an index out of range).
    pub fn file_name(&self, pos: Position) -> &str {
        self.files.get(pos.file as usize).map_or("", |f| &f.name)
    }
}

/// Something the rewriting removed from the text but the lowering needs, by offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// `#pragma pack` state in force from this offset on (`None` = default packing).
    Pack(Option<u32>),
    /// `_Alignas(expr)` blanked at this offset (lang-c rejects it on members); the text of
    /// `expr`.
    Alignas(String),
    /// `__thread` blanked at this offset.
    ThreadLocal,
    /// A calling-convention keyword (`__stdcall`, `__cdecl`, ...) blanked at this offset.
    CallingConvention(String),
    /// `__declspec(args)` blanked at this offset (lang-c does not know it); the text of
    /// `args` (whitespace squashed).
    Declspec(String),
}

/// The text lang-c parses, plus what was learned while preparing it.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// Valid UTF-8, starting with `prelude_len` bytes of typedef seeds; the rest has the
    /// same length and line structure as the preprocessed input, so offsets map back.
    pub text: String,
    pub prelude_len: usize,
    pub lines: LineIndex,
    /// Sorted by offset.
    pub notes: Vec<(usize, Note)>,
}

/// Prepares preprocessed text for lang-c.
pub fn prepare(pp: &[u8]) -> Prepared {
    let base = PRELUDE.len();
    let (mut out, mut notes) = rewrite::rewrite(pp, base);
    let lines = lines::index(PRELUDE, pp, &mut notes);
    notes.sort_by_key(|n| n.0);
    replace_invalid_utf8(&mut out);
    let mut text = String::with_capacity(base + out.len());
    text.push_str(PRELUDE);
    // `replace_invalid_utf8` leaves valid UTF-8; the fallback never runs.
    text.push_str(
        &String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    );
    Prepared {
        text,
        prelude_len: base,
        lines,
        notes,
    }
}

/// How deeply a declaration may nest (see [`too_deep`]).
pub const MAX_NESTING: usize = 256;

/// The offset of the first token after `from` at which the text nests more than
/// [`MAX_NESTING`] levels deep, if any.
///
/// lang-c's parser and the lowering recurse once (or more) per level of nesting, so an
/// unbounded depth would overflow the stack. Nesting, counted cheaply on tokens: each open
/// parenthesis, bracket or brace is a level, and so is each operator (any punctuator but `,`
/// and `;`, one per byte) and each `sizeof`/`_Alignof`/`__typeof__`-like keyword in the
/// current chain: the depth after `((x))`, `- - - x`, `(int)(int)x`, `a[1][2]`, `**p`,
/// `a ? b : c ? d : e` or `1 + 2 + 3` grows with its length (lang-c reads operator chains
/// without recursion, but the trees it builds are that deep). A `,` or `;` ends the chain:
/// the depth goes back to that of the enclosing group, so long parameter, member and
/// initializer lists cost nothing.
pub fn too_deep(text: &[u8], from: usize) -> Option<usize> {
    let mut outer: Vec<usize> = Vec::new(); // the depth inside each open group
    let mut depth = 0usize;
    let mut i = from;
    while i < text.len() {
        let b = text[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b == b'#' && lex::at_line_start(text, i) {
            i = lex::line_end(text, i);
            continue;
        }
        let end = lex::token_end(text, i);
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                outer.push(depth);
            }
            // the group is one more step of the chain it closes
            b')' | b']' | b'}' => depth = outer.pop().unwrap_or(0),
            b',' | b';' => depth = outer.last().copied().unwrap_or(0),
            _ if lex::is_ident_start(b) => {
                if matches!(
                    &text[i..end],
                    b"sizeof"
                        | b"_Alignof"
                        | b"alignof"
                        | b"__alignof__"
                        | b"__alignof"
                        | b"__typeof__"
                        | b"__typeof"
                        | b"typeof"
                        | b"__extension__"
                ) {
                    depth += 1;
                }
            }
            _ if end > i + 1 || b.is_ascii_digit() => {} // a number or literal
            _ => depth += 1,
        }
        if depth > MAX_NESTING {
            return Some(i);
        }
        i = end;
    }
    None
}

/// Replaces every byte of an invalid UTF-8 sequence with `?`.
fn replace_invalid_utf8(b: &mut [u8]) {
    let mut p = 0;
    while p < b.len() {
        match std::str::from_utf8(&b[p..]) {
            Ok(_) => return,
            Err(e) => {
                let bad = p + e.valid_up_to();
                let len = e.error_len().unwrap_or(b.len() - bad);
                b[bad..bad + len].fill(b'?');
                p = bad + len;
            }
        }
    }
}

#[cfg(test)]
mod tests;

/// Attributes the lowering reads; every other attribute carries nothing for the IR.
const USED_ATTRIBUTES: &[&str] = &[
    "packed",
    "aligned",
    "deprecated",
    "unavailable",
    "mode",
    "vector_size",
    "stdcall",
    "cdecl",
    "fastcall",
    "thiscall",
    "vectorcall",
    "ms_abi",
    "sysv_abi",
    "regparm",
];

/// Blanks (to spaces) the `__attribute__((...))` groups after `from` that hold only attributes
/// the lowering ignores (`nonnull`, `format`, `nothrow`, `leaf`, …): lang-c then has less to
/// parse. Length-preserving, so offsets stay valid. Returns how many groups were blanked.
pub fn blank_unused_attributes(text: &mut String, from: usize) -> usize {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    {
        let b = text.as_bytes();
        let finder = memchr::memmem::Finder::new(b"__attribute");
        let mut pos = from;
        while let Some(p) = finder.find(&b[pos..]) {
            let start = pos + p;
            let mut i = start + "__attribute".len();
            while i < b.len() && b[i] == b'_' {
                i += 1;
            }
            // a longer identifier is not the keyword
            if start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_') {
                pos = i;
                continue;
            }
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if b.get(i) != Some(&b'(') {
                pos = i;
                continue;
            }
            // the balanced group, and the attribute names at its top level (depth 2)
            let mut depth = 0usize;
            let mut j = i;
            let mut used = false;
            let mut expect_name = false;
            let mut ok = false;
            while j < b.len() {
                match b[j] {
                    b'(' => {
                        depth += 1;
                        if depth == 2 {
                            expect_name = true;
                        }
                    }
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            ok = true;
                            break;
                        }
                    }
                    b',' if depth == 2 => expect_name = true,
                    b'"' | b'\'' => {
                        // a string argument (deprecated messages are kept anyway)
                        let q = b[j];
                        j += 1;
                        while j < b.len() && b[j] != q && b[j] != b'\n' {
                            if b[j] == b'\\' {
                                j += 1;
                            }
                            j += 1;
                        }
                    }
                    c if expect_name && (c.is_ascii_alphabetic() || c == b'_') => {
                        let s = j;
                        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                            j += 1;
                        }
                        let name = std::str::from_utf8(&b[s..j]).unwrap_or("");
                        let bare = name.trim_start_matches('_').trim_end_matches('_');
                        if USED_ATTRIBUTES.contains(&bare) {
                            used = true;
                        }
                        expect_name = false;
                        continue;
                    }
                    c if !c.is_ascii_whitespace() => expect_name = false,
                    _ => {}
                }
                j += 1;
            }
            if !ok {
                break;
            }
            if !used {
                ranges.push((start, j + 1));
            }
            pos = j + 1;
        }
    }
    if ranges.is_empty() {
        return 0;
    }
    // SAFETY: the ranges hold ASCII only outside string literals; every byte replaced is
    // ASCII and becomes an ASCII space (newlines kept), so the text stays valid UTF-8.
    let bytes = unsafe { text.as_bytes_mut() };
    for &(s, e) in &ranges {
        for c in &mut bytes[s..e] {
            if c.is_ascii() && *c != b'\n' {
                *c = b' ';
            }
        }
    }
    ranges.len()
}

#[cfg(test)]
mod attribute_tests {
    use super::blank_unused_attributes;

    #[test]
    fn blanks_only_groups_without_used_attributes() {
        let mut t = String::from(
            "int f(int) __attribute__((__nonnull__(1), __leaf__)); struct s { int a; } __attribute__((packed, unused)); int g __attribute__ ((deprecated(\"x)\"))); int __attribute__x;",
        );
        let n0 = t.len();
        assert_eq!(blank_unused_attributes(&mut t, 0), 1);
        assert_eq!(t.len(), n0);
        assert!(!t.contains("nonnull"));
        assert!(t.contains("__attribute__((packed, unused))"));
        assert!(t.contains("deprecated(\"x)\")"));
        assert!(t.contains("__attribute__x"));
    }
}
