//! Per-job string interner: every pp-token spelling becomes a small [`Sym`].
//!
//! One interner belongs to one preprocessing job; nothing here is shared between threads, so
//! jobs stay independent (the file cache is the only shared structure).

/// An interned spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

/// Spellings interned up front, in this order, so that their [`Sym`]s are constants.
const PRESET: &[&str] = &[
    "",
    "(",
    ")",
    ",",
    "#",
    "##",
    "...",
    "<",
    ">",
    "[",
    "]",
    "{",
    "}",
    "-",
    "+",
    "!",
    "~",
    "*",
    "/",
    "%",
    "<<",
    ">>",
    "<=",
    ">=",
    "==",
    "!=",
    "&",
    "^",
    "|",
    "&&",
    "||",
    "?",
    ":",
    ".",
    ";",
    "=",
    "defined",
    "__VA_ARGS__",
    "__VA_OPT__",
    "_Pragma",
    "__has_include",
    "__has_include_next",
    "__has_attribute",
    "__has_builtin",
    "__has_feature",
    "__has_extension",
    "__has_c_attribute",
    "__has_cpp_attribute",
    "include",
    "include_next",
    "import",
    "define",
    "undef",
    "if",
    "ifdef",
    "ifndef",
    "elif",
    "elifdef",
    "elifndef",
    "else",
    "endif",
    "line",
    "error",
    "warning",
    "pragma",
    "ident",
    "sccs",
    "assert",
    "unassert",
    "once",
    "push_macro",
    "pop_macro",
    "GCC",
    "system_header",
    "pack",
    "0",
    "1",
    "__LINE__",
    "__FILE__",
    "__COUNTER__",
    "__INCLUDE_LEVEL__",
    "__BASE_FILE__",
    "__DATE__",
    "__TIME__",
    "__TIMESTAMP__",
    "poison",
    "dependency",
    "__has_embed",
    "->",
    "++",
    "--",
    "*=",
    "/=",
    "%=",
    "+=",
    "-=",
    "<<=",
    ">>=",
    "&=",
    "^=",
    "|=",
];

/// The symbol of a punctuator's canonical spelling, without hashing (all are preset).
pub fn punct_sym(s: &[u8]) -> Option<Sym> {
    use sym::*;
    Some(match s {
        b"(" => LPAREN,
        b")" => RPAREN,
        b"," => COMMA,
        b"#" => HASH,
        b"##" => HASHHASH,
        b"..." => ELLIPSIS,
        b"<" => LT,
        b">" => GT,
        b"[" => LBRACKET,
        b"]" => RBRACKET,
        b"{" => LBRACE,
        b"}" => RBRACE,
        b"-" => MINUS,
        b"+" => PLUS,
        b"!" => NOT,
        b"~" => TILDE,
        b"*" => STAR,
        b"/" => SLASH,
        b"%" => PERCENT,
        b"<<" => SHL,
        b">>" => SHR,
        b"<=" => LE,
        b">=" => GE,
        b"==" => EQEQ,
        b"!=" => NE,
        b"&" => AMP,
        b"^" => CARET,
        b"|" => PIPE,
        b"&&" => ANDAND,
        b"||" => OROR,
        b"?" => QUESTION,
        b":" => COLON,
        b"." => DOT,
        b";" => SEMI,
        b"=" => ASSIGN,
        b"->" => Sym(88),
        b"++" => Sym(89),
        b"--" => Sym(90),
        b"*=" => Sym(91),
        b"/=" => Sym(92),
        b"%=" => Sym(93),
        b"+=" => Sym(94),
        b"-=" => Sym(95),
        b"<<=" => Sym(96),
        b">>=" => Sym(97),
        b"&=" => Sym(98),
        b"^=" => Sym(99),
        b"|=" => Sym(100),
        _ => return None,
    })
}

macro_rules! syms {
    ($($name:ident = $idx:expr),* $(,)?) => { $(pub const $name: Sym = Sym($idx);)* };
}

/// Constant symbols for the preset spellings.
pub mod sym {
    use super::Sym;
    syms! {
        EMPTY = 0, LPAREN = 1, RPAREN = 2, COMMA = 3, HASH = 4, HASHHASH = 5, ELLIPSIS = 6,
        LT = 7, GT = 8, LBRACKET = 9, RBRACKET = 10, LBRACE = 11, RBRACE = 12, MINUS = 13,
        PLUS = 14, NOT = 15, TILDE = 16, STAR = 17, SLASH = 18, PERCENT = 19, SHL = 20,
        SHR = 21, LE = 22, GE = 23, EQEQ = 24, NE = 25, AMP = 26, CARET = 27, PIPE = 28,
        ANDAND = 29, OROR = 30, QUESTION = 31, COLON = 32, DOT = 33, SEMI = 34, ASSIGN = 35,
        DEFINED = 36, VA_ARGS = 37, VA_OPT = 38, PRAGMA_OP = 39, HAS_INCLUDE = 40,
        HAS_INCLUDE_NEXT = 41, HAS_ATTRIBUTE = 42, HAS_BUILTIN = 43, HAS_FEATURE = 44,
        HAS_EXTENSION = 45, HAS_C_ATTRIBUTE = 46, HAS_CPP_ATTRIBUTE = 47, INCLUDE = 48,
        INCLUDE_NEXT = 49, IMPORT = 50, DEFINE = 51, UNDEF = 52, IF = 53, IFDEF = 54,
        IFNDEF = 55, ELIF = 56, ELIFDEF = 57, ELIFNDEF = 58, ELSE = 59, ENDIF = 60, LINE = 61,
        ERROR = 62, WARNING = 63, PRAGMA = 64, IDENT = 65, SCCS = 66, ASSERT = 67,
        UNASSERT = 68, ONCE = 69, PUSH_MACRO = 70, POP_MACRO = 71, GCC = 72,
        SYSTEM_HEADER = 73, PACK = 74, ZERO = 75, ONE = 76, B_LINE = 77, B_FILE = 78,
        B_COUNTER = 79, B_INCLUDE_LEVEL = 80, B_BASE_FILE = 81, B_DATE = 82, B_TIME = 83,
        B_TIMESTAMP = 84, POISON = 85, DEPENDENCY = 86, HAS_EMBED = 87,
    }
}

/// Interns byte strings (spellings may hold non-UTF-8 bytes from literals, which are passed
/// through untouched).
///
/// All spellings live in one arena; an open-addressing table of symbol numbers finds them.
/// This keeps interning at one hash and (usually) one comparison, with no allocation per
/// string.
#[derive(Clone)]
pub struct Interner {
    arena: Vec<u8>,
    /// `(start, len)` of each symbol's bytes in the arena.
    spans: Vec<(u32, u32)>,
    hashes: Vec<u64>,
    /// Symbol number + 1 per slot; 0 = empty. Its length is a power of two.
    slots: Vec<u32>,
}

impl Default for Interner {
    fn default() -> Self {
        Self::new()
    }
}

#[inline]
fn hash(s: &[u8]) -> u64 {
    // FxHash-style multiply-rotate over 8-byte words.
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut h: u64 = s.len() as u64;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(c.try_into().expect("8 bytes"))).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    h ^ (h >> 29)
}

impl Interner {
    pub fn new() -> Self {
        let mut i = Interner {
            arena: Vec::with_capacity(1 << 16),
            spans: Vec::with_capacity(4096),
            hashes: Vec::with_capacity(4096),
            slots: vec![0; 8192],
        };
        for s in PRESET {
            i.intern(s.as_bytes());
        }
        i
    }

    #[inline]
    fn find(&self, s: &[u8], h: u64) -> Result<Sym, usize> {
        let mask = self.slots.len() - 1;
        let mut idx = h as usize & mask;
        loop {
            let slot = self.slots[idx];
            if slot == 0 {
                return Err(idx);
            }
            let sym = slot - 1;
            if self.hashes[sym as usize] == h && self.get(Sym(sym)) == s {
                return Ok(Sym(sym));
            }
            idx = (idx + 1) & mask;
        }
    }

    pub fn intern(&mut self, s: &[u8]) -> Sym {
        let h = hash(s);
        let slot = match self.find(s, h) {
            Ok(sym) => return sym,
            Err(slot) => slot,
        };
        let sym = Sym(self.spans.len() as u32);
        self.spans.push((self.arena.len() as u32, s.len() as u32));
        self.arena.extend_from_slice(s);
        self.hashes.push(h);
        self.slots[slot] = sym.0 + 1;
        if self.spans.len() * 2 > self.slots.len() {
            self.grow();
        }
        sym
    }

    fn grow(&mut self) {
        let mut slots = vec![0u32; self.slots.len() * 2];
        let mask = slots.len() - 1;
        for (sym, &h) in self.hashes.iter().enumerate() {
            let mut idx = h as usize & mask;
            while slots[idx] != 0 {
                idx = (idx + 1) & mask;
            }
            slots[idx] = sym as u32 + 1;
        }
        self.slots = slots;
    }

    pub fn intern_str(&mut self, s: &str) -> Sym {
        self.intern(s.as_bytes())
    }

    /// The spelling of `sym`.
    #[inline]
    pub fn get(&self, sym: Sym) -> &[u8] {
        let (start, len) = self.spans[sym.0 as usize];
        &self.arena[start as usize..(start + len) as usize]
    }

    /// The spelling of `sym` as text (lossy for non-UTF-8 bytes).
    pub fn text(&self, sym: Sym) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.get(sym))
    }

    /// The symbol of `s`, if it was interned.
    pub fn lookup(&self, s: &[u8]) -> Option<Sym> {
        self.find(s, hash(s)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_have_their_constant_ids() {
        let i = Interner::new();
        for p in ["->", "|=", "<<=", "(", "...", "##", "="] {
            assert_eq!(i.get(punct_sym(p.as_bytes()).unwrap()), p.as_bytes());
        }
        assert_eq!(i.get(sym::LPAREN), b"(");
        assert_eq!(i.get(sym::HAS_EMBED), b"__has_embed");
        assert_eq!(i.get(sym::POISON), b"poison");
        assert_eq!(i.get(sym::ELIFNDEF), b"elifndef");
        assert_eq!(i.get(sym::B_TIMESTAMP), b"__TIMESTAMP__");
        assert_eq!(i.get(sym::ONE), b"1");
    }

    #[test]
    fn many_strings_survive_growth() {
        let mut i = Interner::new();
        let syms: Vec<Sym> = (0..100_000)
            .map(|n| i.intern(format!("id{n}").as_bytes()))
            .collect();
        for (n, s) in syms.iter().enumerate() {
            assert_eq!(i.get(*s), format!("id{n}").as_bytes());
            assert_eq!(i.intern(format!("id{n}").as_bytes()), *s);
        }
        assert_eq!(i.intern(b""), sym::EMPTY);
    }

    #[test]
    fn interning_is_idempotent() {
        let mut i = Interner::new();
        let a = i.intern(b"foo");
        assert_eq!(i.intern(b"foo"), a);
        assert_ne!(i.intern(b"bar"), a);
        assert_eq!(i.lookup(b"foo"), Some(a));
    }
}
