//! Preprocessing tokens.

use super::intern::Sym;

/// The kind of a preprocessing token (C17 6.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ident,
    Number,
    /// Character constant, with its prefix and quotes.
    Char,
    /// String literal, with its prefix and quotes.
    Str,
    /// `<...>` after `#include`, spelled with the brackets.
    HeaderName,
    Punct,
    /// A character that is no other token (`@`, a stray `\`, an unmatched quote).
    Other,
    /// A macro parameter inside a replacement list; the index is in `sym.0`.
    Param,
    /// Stands for an empty argument while pasting (C17 6.10.3.3).
    Placemarker,
    /// A finished `#pragma` line for the output; the text after `#pragma ` is `sym`.
    Pragma,
    /// End of a token list being expanded on its own (a macro argument, a directive line).
    End,
    /// End of a source file.
    Eof,
}

/// A source position. `file` indexes the job's file table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loc {
    pub file: u32,
    pub line: u32,
    pub col: u32,
}

pub const LEADING_SPACE: u8 = 1;
/// First token of a logical source line.
pub const BOL: u8 = 2;
/// Painted blue: an identifier that must never be macro-expanded again (C17 6.10.3.4p2).
pub const NO_EXPAND: u8 = 4;
/// A punctuator spelled as a digraph (`<:`, `%:` ...); printed as written.
pub const DIGRAPH: u8 = 8;
/// A quote with no closing quote on its line.
pub const UNTERMINATED: u8 = 16;
/// In a replacement list: this token is the left operand of `##`.
pub const PASTE_LEFT: u8 = 32;
/// In a replacement list: the `##` after this token had white space before it. Replacement
/// lists never hold [`BOL`], so the bit is shared; it only matters for spelling the list and
/// for the redefinition rule, and is cleared when the expansion is pushed.
pub const PASTE_SPACE: u8 = BOL;
/// In a replacement list: `#` applied to the parameter that follows (the `#` itself is dropped).
pub const STRINGIFY: u8 = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub flags: u8,
    pub sym: Sym,
    pub loc: Loc,
}

impl Token {
    pub fn new(kind: Kind, sym: Sym, loc: Loc) -> Token {
        Token {
            kind,
            flags: 0,
            sym,
            loc,
        }
    }

    #[inline]
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    #[inline]
    pub fn is_punct(&self, sym: Sym) -> bool {
        self.kind == Kind::Punct && self.sym == sym
    }

    #[inline]
    pub fn is_ident(&self, sym: Sym) -> bool {
        self.kind == Kind::Ident && self.sym == sym
    }

    /// True for the tokens that end a token stream (file end or list end).
    #[inline]
    pub fn is_end(&self) -> bool {
        matches!(self.kind, Kind::End | Kind::Eof)
    }
}
