//! Preparing preprocessed text for lang-c, and mapping lang-c's byte offsets back to the
//! original headers.
//!
//! INTERFACE (implementation in progress): see `prepare`.

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

/// Maps offsets in the prepared text to `file:line:column` using the `# N "file" flags`
/// line markers (one pass to build, binary search to look up).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    pub files: Vec<MarkedFile>,
}

impl LineIndex {
    /// The position of byte `offset` of the prepared text.
    pub fn locate(&self, _offset: usize) -> Position {
        Position {
            file: 0,
            line: 0,
            column: 0,
        }
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
    Prepared {
        text: String::from_utf8_lossy(pp).into_owned(),
        ..Default::default()
    }
}
