//! The `lua` writer: a LuaJIT FFI module (`require("NAME_ffi")`) for a header.
//!
//! The module declares the header with `ffi.cdef`, in the part of C that LuaJIT's C parser
//! accepts, and gives access to the library (`M.lib`, loaded with `ffi.load` on first use).
//! What it writes (see `docs/writers.md`):
//!
//! * structs and unions with anonymous members, bit-fields, `packed`, `aligned(N)` and
//!   `#pragma pack`; every record's layout is checked against the C compiler's
//!   ([`crate::parse::layout`]) by replaying LuaJIT's own layout rules ([`lj_layout`]); where
//!   they would differ (a bit-field of a 64-bit type, one that straddles its container, an
//!   unnamed bit-field raising the alignment, a member of a type LuaJIT lacks) the record is
//!   written with an explicit layout: packed, padded to the compiler's offsets, aligned as the
//!   compiler aligns it;
//! * enums (32-bit in LuaJIT: a packed or 64-bit enum type becomes its integer type and its
//!   enumerators constants), typedefs, functions (variadic, `__asm__` labels), `extern`
//!   variables;
//! * integer macros as `static const int` / `static const unsigned int` (LuaJIT reads only
//!   32-bit constants); 64-bit, floating and string constants as fields of the module table
//!   (`...ULL` cdata, numbers, strings);
//! * the out-of-scope types the output uses (libc's `FILE`, `struct timeval`, …), declared
//!   just enough: complete where used by value, through a typedef where used by pointer;
//!   LuaJIT's predefined types (`size_t`, `intN_t`, `va_list`, …) are not declared again.
//!
//! LuaJIT refuses to define a struct, union or enum twice, so every definition is skipped at
//! load time when the type (or the enum's first constant) already exists: two modules sharing
//! a libc type load side by side. The cdef text is split into chunks and constants into
//! functions, so no Lua function exceeds LuaJIT's limits (65536 constants, 200 locals).
//!
//! Never written: `#define`, attributes LuaJIT ignores, function bodies, a second definition
//! of anything; a declaration LuaJIT cannot express is replaced by a `/* skipped: why */`
//! comment.
//!
//! Option: `lib_name`, the name `ffi.load` opens by default (default: the header's stem).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::{OptionKind, OptionSpec, Writer, WriterOptions};
use crate::ir::{
    ArraySize, ConstValue, Constant, Declaration, Enum, Field, Function, FunctionType, Header,
    Struct, Type, Typedef, Variable, is_anonymous_keyword, tag_of,
};
use crate::parse::consteval::{FloatType, IntType};
use crate::parse::layout::{self, BaseType, Layout, RecordAbi, StructLayout};
use crate::preprocess::target::{Arch, DataModel, Os, Target};

pub struct LuaWriter;

const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "lib_name",
        kind: OptionKind::Str,
        help: "library ffi.load opens by default, a name (z) or a path (default: the header's stem)",
    },
    OptionSpec {
        name: "library",
        kind: OptionKind::Library,
        help: "a shared library (-l name or path) whose exports are read: functions and \
               variables it does not export are left out (listed in a comment)",
    },
];

impl Writer for LuaWriter {
    fn name(&self) -> &'static str {
        "lua"
    }

    fn description(&self) -> &'static str {
        "LuaJIT FFI module (ffi.cdef declarations, ffi.load of the library)"
    }

    fn extension(&self) -> &'static str {
        ".lua"
    }

    fn default_template(&self) -> String {
        "{dir}/{stem}_ffi.lua".into()
    }

    fn options(&self) -> &'static [OptionSpec] {
        OPTIONS
    }

    fn write(&self, header: &Header, opts: &WriterOptions) -> Result<Vec<u8>, String> {
        let stem = stem_of(&header.path);
        let lib = opts
            .str("lib_name")
            .map(str::to_string)
            .unwrap_or_else(|| stem.clone());
        match opts.library_exports("library")? {
            None => Ok(render(header, &lib).into_bytes()),
            Some((name, exports)) => {
                let kinds: std::collections::HashMap<&str, &str> = header
                    .declarations
                    .iter()
                    .filter_map(|d| match d {
                        crate::ir::Declaration::Function(f) => Some((f.name.as_str(), "function")),
                        crate::ir::Declaration::Variable(v) => Some((v.name.as_str(), "variable")),
                        _ => None,
                    })
                    .collect();
                let (h, dropped) = super::retain_exported(header, exports);
                let mut out = String::new();
                for n in &dropped {
                    let kind = kinds.get(n.as_str()).copied().unwrap_or("function");
                    out.push_str(&format!(
                        "-- skipped: {kind} {n}: not exported by library '{name}'\n"
                    ));
                }
                out.push_str(&render(&h, &lib));
                Ok(out.into_bytes())
            }
        }
    }
}

fn stem_of(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rfind('.') {
        Some(i) if i > 0 => name[..i].to_string(),
        _ => name.to_string(),
    }
}

// ------------------------------------------------------------------------------------------
// LuaJIT's vocabulary

/// Types LuaJIT predefines (`lj_ctype.c`): never declared again.
const LJ_PREDEFINED: &[&str] = &[
    "int8_t",
    "int16_t",
    "int32_t",
    "int64_t",
    "uint8_t",
    "uint16_t",
    "uint32_t",
    "uint64_t",
    "intptr_t",
    "uintptr_t",
    "ptrdiff_t",
    "size_t",
    "ssize_t",
    "wchar_t",
    "va_list",
    "__builtin_va_list",
    "__gnuc_va_list",
];

/// Identifiers LuaJIT's C parser takes as keywords (beyond C's own): a declaration or member
/// with such a name cannot be written.
const LJ_KEYWORDS: &[&str] = &[
    "bool",
    "_Bool",
    "complex",
    "_Complex",
    "__complex",
    "__complex__",
    "__int8",
    "__int16",
    "__int32",
    "__int64",
    "__signed",
    "__signed__",
    "__const",
    "__const__",
    "__volatile",
    "__volatile__",
    "restrict",
    "__restrict",
    "__restrict__",
    "inline",
    "__inline",
    "__inline__",
    "__extension__",
    "__attribute",
    "__attribute__",
    "asm",
    "__asm",
    "__asm__",
    "__declspec",
    "__cdecl",
    "__thiscall",
    "__fastcall",
    "__stdcall",
    "__ptr32",
    "__ptr64",
    "__alignof",
    "__alignof__",
    "sizeof",
    "void",
    "char",
    "short",
    "int",
    "long",
    "float",
    "double",
    "signed",
    "unsigned",
    "const",
    "volatile",
    "typedef",
    "extern",
    "static",
    "auto",
    "register",
    "struct",
    "union",
    "enum",
];

/// Lua's reserved words (a table key that is one is written `["end"]`).
const LUA_KEYWORDS: &[&str] = &[
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
    "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
];

/// The module table's own fields; constants of these names are skipped.
const MODULE_FIELDS: &[&str] = &["ffi", "lib", "lib_name", "load"];

fn is_keyword(name: &str) -> bool {
    LJ_KEYWORDS.contains(&name)
}

/// LuaJIT's spelling of a base type, `Err(reason)` when it has none, `None` when `name` is
/// not a base type (a typedef name or a tag).
fn lj_base(name: &str) -> Option<Result<&'static str, String>> {
    if name.contains("vector_size") {
        return Some(Err(format!(
            "vector type '{name}': its layout is not checked"
        )));
    }
    let b = layout::base_type(name)?;
    Some(match b {
        BaseType::Void => Ok("void"),
        BaseType::Int(t) => Ok(match t {
            IntType::Bool => "bool",
            IntType::Char => "char",
            IntType::SChar => "signed char",
            IntType::UChar => "unsigned char",
            IntType::Short => "short",
            IntType::UShort => "unsigned short",
            IntType::Int => "int",
            IntType::UInt => "unsigned int",
            IntType::Long => "long",
            IntType::ULong => "unsigned long",
            IntType::LongLong => "long long",
            IntType::ULongLong => "unsigned long long",
            IntType::Int128 => "int __attribute__((mode(TI)))",
            IntType::UInt128 => "unsigned int __attribute__((mode(TI)))",
        }),
        BaseType::Float(FloatType::Float) => Ok("float"),
        BaseType::Float(FloatType::Double) => Ok("double"),
        BaseType::Float(FloatType::LongDouble) => Ok("long double"),
        BaseType::Complex(FloatType::Float) => Ok("complex float"),
        BaseType::Complex(FloatType::Double) => Ok("complex double"),
        BaseType::Complex(FloatType::LongDouble) => {
            Err("LuaJIT has no 'long double _Complex'".to_string())
        }
        BaseType::Float128 => Err(format!("LuaJIT has no type '{name}'")),
        BaseType::Float16 => Err(format!("LuaJIT has no type '{name}'")),
        BaseType::VaList => Ok("va_list"),
    })
}

/// The fixed-width spelling of an integer type (LuaJIT predefines these).
fn fixed_width(t: IntType, dm: &DataModel) -> &'static str {
    let sa = layout::int_size_align(t, dm);
    let signed = matches!(
        t,
        IntType::SChar
            | IntType::Short
            | IntType::Int
            | IntType::Long
            | IntType::LongLong
            | IntType::Int128
    ) || (t == IntType::Char && dm.char_signed);
    match (sa.size, signed) {
        (1, true) => "int8_t",
        (1, false) => "uint8_t",
        (2, true) => "int16_t",
        (2, false) => "uint16_t",
        (4, true) => "int32_t",
        (4, false) => "uint32_t",
        (16, true) => "int __attribute__((mode(TI)))",
        (16, false) => "unsigned int __attribute__((mode(TI)))",
        (_, true) => "int64_t",
        (_, false) => "uint64_t",
    }
}

/// An integer as LuaJIT's C parser reads it (its literals are 32-bit; `INT_MIN` needs an
/// expression). Only for values in `-2^31 .. 2^32`.
fn c_int(v: i128) -> String {
    if v == -(1i128 << 31) {
        "-2147483647 - 1".into()
    } else {
        v.to_string()
    }
}

fn fits_cdef(v: i128) -> bool {
    (-(1i128 << 31)..(1i128 << 32)).contains(&v)
}

/// A 64-bit integer as a LuaJIT cdata literal (`5LL`, `18446744073709551615ULL`).
fn lua_int64(v: i128, unsigned: bool) -> Option<String> {
    if unsigned || v > i64::MAX as i128 {
        u64::try_from(v).ok().map(|u| format!("{u}ULL"))
    } else if v == i64::MIN as i128 {
        Some("(-9223372036854775807LL - 1)".into())
    } else {
        i64::try_from(v).ok().map(|i| format!("{i}LL"))
    }
}

fn lua_float(f: f64) -> String {
    if f.is_nan() {
        "(0/0)".into()
    } else if f.is_infinite() {
        if f > 0.0 {
            "math.huge".into()
        } else {
            "-math.huge".into()
        }
    } else {
        let s = format!("{f:?}");
        s
    }
}

fn lua_key(name: &str) -> String {
    if LUA_KEYWORDS.contains(&name) {
        format!("[\"{name}\"]")
    } else {
        name.to_string()
    }
}

/// A Lua string literal holding `bytes` (printable ASCII as is, the rest as `\ddd`).
fn lua_string(bytes: &[u8]) -> String {
    let mut s = String::from("\"");
    for &b in bytes {
        match b {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            0x20..=0x7e => s.push(b as char),
            _ => {
                let _ = write!(s, "\\{b:03}");
            }
        }
    }
    s.push('"');
    s
}

/// The bytes of a C string literal (or of adjacent ones), with wide strings as UTF-8.
/// `None` when it is not one.
fn c_string_bytes(lit: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = lit.trim();
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let wide = if let Some(r) = rest.strip_prefix("u8") {
            rest = r;
            false
        } else if let Some(r) = rest
            .strip_prefix('u')
            .or_else(|| rest.strip_prefix('U'))
            .or_else(|| rest.strip_prefix('L'))
        {
            rest = r;
            true
        } else {
            false
        };
        let mut chars = rest.strip_prefix('"')?.char_indices().peekable();
        let body_start = 1;
        let mut end = None;
        let push_cp = |out: &mut Vec<u8>, cp: u32, raw: bool| {
            if raw && !wide {
                out.push(cp as u8);
            } else {
                let c = char::from_u32(cp).unwrap_or('\u{fffd}');
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        };
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    end = Some(i);
                    break;
                }
                '\\' => {
                    let (_, e) = chars.next()?;
                    let simple = match e {
                        'n' => Some(b'\n'),
                        't' => Some(b'\t'),
                        'r' => Some(b'\r'),
                        'a' => Some(7),
                        'b' => Some(8),
                        'f' => Some(12),
                        'v' => Some(11),
                        'e' | 'E' => Some(27),
                        '\\' => Some(b'\\'),
                        '\'' => Some(b'\''),
                        '"' => Some(b'"'),
                        '?' => Some(b'?'),
                        _ => None,
                    };
                    if let Some(b) = simple {
                        out.push(b);
                    } else if e.is_digit(8) {
                        let mut v = e.to_digit(8)?;
                        for _ in 0..2 {
                            match chars.peek() {
                                Some((_, d)) if d.is_digit(8) => {
                                    v = v * 8 + d.to_digit(8)?;
                                    chars.next();
                                }
                                _ => break,
                            }
                        }
                        push_cp(&mut out, v, true);
                    } else if e == 'x' {
                        let mut v: u32 = 0;
                        let mut n = 0;
                        while let Some((_, d)) = chars.peek() {
                            let Some(h) = d.to_digit(16) else { break };
                            v = v.wrapping_mul(16).wrapping_add(h);
                            n += 1;
                            chars.next();
                        }
                        if n == 0 {
                            return None;
                        }
                        push_cp(&mut out, v, true);
                    } else if e == 'u' || e == 'U' {
                        let n = if e == 'u' { 4 } else { 8 };
                        let mut v: u32 = 0;
                        for _ in 0..n {
                            let (_, d) = chars.next()?;
                            v = v.checked_mul(16)?.checked_add(d.to_digit(16)?)?;
                        }
                        push_cp(&mut out, v, false);
                    } else {
                        return None;
                    }
                }
                c => {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
        let end = end?;
        rest = rest[body_start + end + 1..].trim_start();
    }
    Some(out)
}

/// The long-bracket level that `text` can be quoted with (`[==[ ... ]==]`).
fn bracket_level(text: &str) -> usize {
    (0..)
        .find(|n| !text.contains(&format!("]{}]", "=".repeat(*n))))
        .unwrap_or(0)
}

// ------------------------------------------------------------------------------------------
// LuaJIT's record layout (lj_cparse.c, cp_struct_layout), replayed

/// One member as LuaJIT lays it out.
#[derive(Debug, Clone)]
struct LjMember {
    /// Size in bytes (0 for a flexible array member).
    size: u64,
    /// The type's alignment in bytes.
    align: u64,
    /// Bit width of a bit-field.
    bits: Option<u32>,
    /// `aligned(N)` on the member.
    aligned: Option<u64>,
    /// `packed` on the member.
    packed: bool,
}

/// Size, alignment and each member's bit offset as LuaJIT computes them for a record with
/// these members, `packed`/`aligned` attributes and `#pragma pack` value.
fn lj_layout(
    members: &[LjMember],
    is_union: bool,
    packed: bool,
    aligned: Option<u64>,
    pack: Option<u64>,
) -> (Layout, Vec<u64>) {
    let log2 = |v: u64| 63 - v.max(1).leading_zeros() as u64;
    let mut bofs: u64 = 0;
    let mut bmax: u64 = 0;
    let mut maxalign = aligned.map(log2).unwrap_or(0).min(28);
    let pack = pack.map(log2);
    let mut offsets = Vec::with_capacity(members.len());
    for m in members {
        let csz = m.size.saturating_mul(8);
        let mut align = log2(m.align).min(28);
        let attr_align = m.aligned.map(log2).unwrap_or(0).min(28);
        if m.packed || packed || (m.aligned.is_some() && attr_align > align) {
            align = attr_align;
        }
        if let Some(p) = pack
            && p < align
        {
            align = p;
        }
        maxalign = maxalign.max(align);
        let amask = (8u64 << align) - 1;
        let bsz = match m.bits {
            None => {
                bofs = bofs.saturating_add(amask) & !amask;
                csz
            }
            Some(w) => {
                let w = w as u64;
                if w == 0
                    || m.aligned.is_some()
                    || (!(m.packed || packed) && (bofs & amask) + w > csz)
                {
                    bofs = bofs.saturating_add(amask) & !amask;
                }
                w
            }
        };
        offsets.push(if is_union { 0 } else { bofs });
        if is_union {
            bmax = bmax.max(bsz);
        } else {
            bofs = bofs.saturating_add(bsz);
        }
    }
    let end = if is_union { bmax } else { bofs };
    let amask = (8u64 << maxalign) - 1;
    let size = (end.saturating_add(amask) & !amask) / 8;
    (
        Layout {
            size,
            align: 1 << maxalign,
        },
        offsets,
    )
}

// ------------------------------------------------------------------------------------------
// The writer's state

/// Where a type is used: what it must be there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// A member or an array element: complete, with LuaJIT's layout equal to the compiler's.
    Field,
    /// A parameter, a return type or a variable: declared (an incomplete record is allowed,
    /// as in C).
    Param,
    /// Behind a pointer, or named by a typedef: only declared.
    Pointee,
}

/// What a typedef name stands for.
#[derive(Clone, Copy)]
enum TdSrc<'a> {
    Typedef(&'a Typedef),
    Record(&'a Struct),
    Enum(&'a Enum),
}

/// A record body ready to print.
struct Body {
    /// `{ ... }` followed by its attributes.
    text: String,
    /// `#pragma pack(N)` needed around the declaration.
    pack: Option<u32>,
}

struct Cx<'a> {
    h: &'a Header,
    dm: DataModel,
    abi: RecordAbi,
    target: Target,
    typedefs: HashMap<&'a str, TdSrc<'a>>,
    records: HashMap<String, &'a Struct>,
    enums: HashMap<String, &'a Enum>,
    /// `struct X` / `union X` / `enum X` written somewhere in the header (so a typedef'd
    /// record keeps its tag).
    tag_refs: HashSet<String>,
    /// Typedef names handled: declared (`Ok`) or skipped (`Err(reason)`).
    typedef_done: HashMap<String, Result<(), String>>,
    /// Tags handled: defined (`Ok`) or not definable (`Err`).
    tag_done: HashMap<String, Result<(), String>>,
    /// Ordinary identifiers declared (functions, variables, enumerators, constants, typedefs).
    names: HashSet<String>,
    /// Typedef names and tags being written (recursion stop).
    in_progress: HashSet<String>,
    /// cdef items, in order; an item never contains a blank line.
    items: Vec<String>,
    /// Simple lines waiting to become one item.
    block: Vec<String>,
    /// Constants the cdef cannot hold: (name, Lua expression).
    lua_consts: Vec<(String, String)>,
    /// Function declarations, declared on first use: (name, declaration).
    functions: Vec<(String, String)>,
    lua_names: HashSet<String>,
    pad_counter: usize,
    /// Anonymous enums defined inline by members and typedefs (the IR also lists them on
    /// their own): written where they are used.
    inline_enums: Vec<&'a Enum>,
    /// The records (`struct X`, `union X`) and typedef names the header itself defines
    /// (`Header.declarations`): the others are out of scope.
    in_scope: HashSet<String>,
}

impl<'a> Cx<'a> {
    fn new(h: &'a Header) -> Cx<'a> {
        let target = if h.target.is_empty() {
            Target::host()
        } else {
            Target::parse(&h.target).unwrap_or_else(|_| Target::host())
        };
        let dm = target.data_model();
        let abi = RecordAbi::for_target(&target);
        let mut typedefs: HashMap<&str, TdSrc> = HashMap::new();
        let mut records: HashMap<String, &Struct> = HashMap::new();
        let mut enums: HashMap<String, &Enum> = HashMap::new();
        for d in h.declarations.iter().chain(&h.dependencies) {
            match d {
                Declaration::Typedef(t) => {
                    typedefs.entry(&t.name).or_insert(TdSrc::Typedef(t));
                }
                Declaration::Struct(s) => {
                    if let Some(n) = &s.name {
                        if s.is_typedef {
                            typedefs.entry(n).or_insert(TdSrc::Record(s));
                        }
                        let key = format!("{} {n}", if s.is_union { "union" } else { "struct" });
                        let e = records.entry(key).or_insert(s);
                        if e.is_opaque && !s.is_opaque {
                            *e = s;
                        }
                    }
                }
                Declaration::Enum(e) => {
                    if let Some(n) = &e.name {
                        if e.is_typedef {
                            typedefs.entry(n).or_insert(TdSrc::Enum(e));
                        }
                        let slot = enums.entry(format!("enum {n}")).or_insert(e);
                        if slot.is_opaque && !e.is_opaque {
                            *slot = e;
                        }
                    }
                }
                _ => {}
            }
        }
        let mut inline_enums = Vec::new();
        for d in h.declarations.iter().chain(&h.dependencies) {
            d.inline_enums(&mut inline_enums);
        }
        let mut tag_refs = HashSet::new();
        for d in h.declarations.iter().chain(&h.dependencies) {
            d.for_each_type(&mut |t| t.collect_tags(&mut tag_refs));
        }
        let mut in_scope = HashSet::new();
        for d in &h.declarations {
            match d {
                Declaration::Typedef(t) => {
                    in_scope.insert(t.name.clone());
                }
                Declaration::Struct(s) if !s.is_opaque => {
                    if let Some(n) = &s.name {
                        let kw = if s.is_union { "union" } else { "struct" };
                        in_scope.insert(format!("{kw} {n}"));
                        if s.is_typedef {
                            in_scope.insert(n.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        Cx {
            h,
            dm,
            abi,
            target,
            typedefs,
            records,
            enums,
            tag_refs,
            typedef_done: HashMap::new(),
            tag_done: HashMap::new(),
            names: HashSet::new(),
            in_progress: HashSet::new(),
            items: Vec::new(),
            block: Vec::new(),
            lua_consts: Vec::new(),
            lua_names: HashSet::new(),
            functions: Vec::new(),
            pad_counter: 0,
            inline_enums,
            in_scope,
        }
    }

    // --------------------------------------------------------------------------------------
    // Output

    fn line(&mut self, s: String) {
        self.block.push(s);
    }

    fn item(&mut self, s: String) {
        self.flush();
        self.items.push(s);
    }

    fn flush(&mut self) {
        if !self.block.is_empty() {
            let b = std::mem::take(&mut self.block).join("\n");
            self.items.push(b);
        }
    }

    fn skipped(&mut self, what: &str, why: &str) {
        self.line(format!(
            "/* skipped: {what}: {} */",
            why.replace("*/", "* /")
        ));
    }

    fn lua_const(&mut self, name: &str, expr: String) {
        if self.lua_names.insert(name.to_string()) {
            self.lua_consts.push((name.to_string(), expr));
        }
    }

    // --------------------------------------------------------------------------------------
    // Types: are they expressible, and declaring what they need

    /// Checks that `ty` can be written where `ctx` says, declaring the out-of-scope (or not
    /// yet written) types it needs first. `Err` says why not.
    fn use_type(&mut self, ty: &Type, ctx: Ctx) -> Result<(), String> {
        match ty {
            Type::CType { name, .. } => self.use_named(name, ctx),
            Type::Pointer { pointee, .. } => self.use_type(pointee, Ctx::Pointee),
            Type::Array { element, size } => {
                let n = match size {
                    Some(ArraySize::Fixed(n)) => Some(*n),
                    Some(ArraySize::Expr(e)) => {
                        return Err(format!("array size '{e}' is not a known constant"));
                    }
                    None => None,
                };
                self.use_type(element, Ctx::Field)?;
                if let Some(n) = n
                    && let Ok(l) = self.c_layout(element)
                    && l.size.saturating_mul(n) >= 0x8000_0000
                {
                    return Err("an array of 2 GiB or more (LuaJIT's limit)".into());
                }
                Ok(())
            }
            Type::Function(f) => self.use_function(f),
        }
    }

    fn use_function(&mut self, f: &FunctionType) -> Result<(), String> {
        self.calling_convention(f.calling_convention.as_deref())?;
        self.use_value(&f.return_type)?;
        for p in &f.parameters {
            self.use_value(&p.ty)?;
        }
        Ok(())
    }

    /// A parameter or return type: declared, and passable by LuaJIT.
    fn use_value(&mut self, ty: &Type) -> Result<(), String> {
        self.use_type(ty, Ctx::Param)?;
        if let Type::CType { name, .. } = self.h.resolve(ty)
            && matches!(
                layout::base_type(name),
                Some(BaseType::Int(IntType::Int128 | IntType::UInt128))
            )
        {
            return Err("LuaJIT cannot pass 128-bit integers".into());
        }
        Ok(())
    }

    /// Whether LuaJIT calls functions of this convention correctly on the target.
    fn calling_convention(&self, cc: Option<&str>) -> Result<Option<&'static str>, String> {
        let Some(cc) = cc else { return Ok(None) };
        let windows = self.target.os() == Os::Windows;
        match (self.target.arch(), cc) {
            (Arch::I686, "stdcall" | "cdecl" | "fastcall" | "thiscall") => Ok(Some(match cc {
                "stdcall" => "__stdcall",
                "fastcall" => "__fastcall",
                "thiscall" => "__thiscall",
                _ => "__cdecl",
            })),
            (Arch::I686, _) => Err(format!("LuaJIT has no '{cc}' calling convention")),
            (_, "ms_abi") if windows => Ok(None),
            (_, "sysv_abi") if !windows => Ok(None),
            (Arch::X86_64, "stdcall" | "cdecl" | "fastcall" | "thiscall") => Ok(None),
            _ => Err(format!(
                "LuaJIT cannot call '{cc}' functions on {}",
                self.target.triple()
            )),
        }
    }

    fn use_named(&mut self, name: &str, ctx: Ctx) -> Result<(), String> {
        if is_anonymous_keyword(name) {
            return Ok(());
        }
        if let Some(b) = lj_base(name) {
            b?;
            if ctx == Ctx::Field && name == "__builtin_va_list" {
                return Err("LuaJIT's va_list is a pointer, not the C type".into());
            }
            return Ok(());
        }
        if let Some((kw, _)) = tag_of(name) {
            if kw == "enum" && self.enum_repr_of_tag(name).is_some() {
                return Ok(());
            }
            return match ctx {
                Ctx::Field => self.ensure_tag(name),
                Ctx::Param => {
                    let _ = self.ensure_tag(name);
                    Ok(())
                }
                Ctx::Pointee => Ok(()),
            };
        }
        if LJ_PREDEFINED.contains(&name) {
            if ctx == Ctx::Field && matches!(name, "va_list" | "__gnuc_va_list") {
                return Err("LuaJIT's va_list is a pointer, not the C type".into());
            }
            return Ok(());
        }
        self.ensure_typedef(name)?;
        if ctx != Ctx::Pointee {
            // used by value: what it names must be complete
            let src = self.typedefs.get(name).copied();
            if let Some(TdSrc::Typedef(t)) = src {
                let key = format!("={name}");
                if !self.in_progress.insert(key.clone()) {
                    return Err(format!("typedef '{name}' names itself"));
                }
                let r = self.use_type(&t.underlying_type.clone(), ctx);
                self.in_progress.remove(&key);
                if ctx == Ctx::Field {
                    r?;
                }
            }
        }
        Ok(())
    }

    /// The integer type LuaJIT must use for `enum TAG` (its enums are 32-bit), if not the enum.
    fn enum_repr_of_tag(&self, tag: &str) -> Option<&'static str> {
        let e = self.enums.get(tag)?;
        if e.is_opaque {
            return None;
        }
        self.enum_repr(e)
    }

    fn enum_repr(&self, e: &Enum) -> Option<&'static str> {
        match layout::enum_int_type(e, &self.dm, self.abi) {
            IntType::Int | IntType::UInt => None,
            t => Some(fixed_width(t, &self.dm)),
        }
    }

    /// The fixed-width integer type of an enum's values.
    fn enum_int(&self, e: &Enum) -> &'static str {
        fixed_width(layout::enum_int_type(e, &self.dm, self.abi), &self.dm)
    }

    fn c_layout(&self, ty: &Type) -> Result<Layout, String> {
        layout::layout_of_abi(ty, self.h, &self.dm, self.abi)
    }

    /// Declares the typedef `name` (in scope or not) if it is not yet.
    fn ensure_typedef(&mut self, name: &str) -> Result<(), String> {
        if let Some(r) = self.typedef_done.get(name) {
            return r.clone();
        }
        if LJ_PREDEFINED.contains(&name) {
            return Ok(());
        }
        if !self.in_progress.insert(name.to_string()) {
            return Ok(());
        }
        let r = self.write_typedef(name);
        self.in_progress.remove(name);
        if let Err(e) = &r {
            self.skipped(&format!("typedef {name}"), e);
        }
        self.typedef_done.insert(name.to_string(), r.clone());
        r
    }

    fn write_typedef(&mut self, name: &str) -> Result<(), String> {
        let Some(src) = self.typedefs.get(name).copied() else {
            return Err(format!("unknown type '{name}'"));
        };
        if is_keyword(name) {
            return Err(format!("'{name}' is a keyword of LuaJIT's C parser"));
        }
        if !self.names.insert(name.to_string()) {
            return Err(format!("the name '{name}' is already declared"));
        }
        match src {
            TdSrc::Record(s) => {
                let kw = if s.is_union { "union" } else { "struct" };
                let tag = format!("{kw} {name}");
                if s.is_opaque {
                    self.line(format!("typedef {tag} {name};"));
                    return Ok(());
                }
                if self.tag_refs.contains(&tag) {
                    self.ensure_tag(&tag)?;
                    self.line(format!("typedef {tag} {name};"));
                } else {
                    let body = self.out_of_scope_body(s, name)?;
                    let text = wrap_pack(format!("typedef {kw} {} {name};", body.text), body.pack);
                    self.item(text);
                }
                Ok(())
            }
            TdSrc::Enum(e) => {
                let tag = format!("enum {name}");
                if let Some(repr) = self.enum_repr(e) {
                    self.enum_constants(e);
                    self.line(format!("typedef {repr} {name};"));
                } else if self.tag_refs.contains(&tag) {
                    self.ensure_tag(&tag)?;
                    self.line(format!("typedef {tag} {name};"));
                } else {
                    match self.enum_body(e, "") {
                        Ok(body) => self.item(format!("typedef enum {body} {name};")),
                        Err(_) => self.line(format!("typedef {} {name};", self.enum_int(e))),
                    }
                }
                Ok(())
            }
            TdSrc::Typedef(t) => {
                let t = t.clone();
                if let Some(s) = &t.anonymous_struct {
                    let kw = if s.is_union { "union" } else { "struct" };
                    let body = self.out_of_scope_body(s, name)?;
                    let anon = format!("{kw} {}", body.text);
                    let text = format!(
                        "typedef {};",
                        self.declare(&t.underlying_type, name, Some(&anon))
                    );
                    self.item(wrap_pack(text, body.pack));
                    return Ok(());
                }
                if let Some(e) = &t.anonymous_enum {
                    if let Some(repr) = self.enum_repr(e) {
                        self.enum_constants(e);
                        let text = format!(
                            "typedef {};",
                            self.declare(&t.underlying_type, name, Some(repr))
                        );
                        self.line(text);
                    } else {
                        let anon = match self.enum_body(e, "") {
                            Ok(body) => format!("enum {body}"),
                            Err(_) => self.enum_int(e).to_string(),
                        };
                        let text = format!(
                            "typedef {};",
                            self.declare(&t.underlying_type, name, Some(&anon))
                        );
                        self.item(text);
                    }
                    return Ok(());
                }
                let fn_type = matches!(t.underlying_type, Type::Function(_));
                self.use_type(&t.underlying_type, Ctx::Pointee)?;
                if fn_type {
                    // a function type's parameters and return type must be passable
                    if let Type::Function(f) = &t.underlying_type {
                        self.use_function(f)?;
                    }
                }
                let text = format!("typedef {};", self.declare(&t.underlying_type, name, None));
                self.line(text);
                Ok(())
            }
        }
    }

    /// Defines the struct, union or enum `tag` (`struct X`) if it is not yet.
    fn ensure_tag(&mut self, tag: &str) -> Result<(), String> {
        if let Some(r) = self.tag_done.get(tag) {
            return r.clone();
        }
        if !self.in_progress.insert(tag.to_string()) {
            return Err(format!("'{tag}' contains itself"));
        }
        let r = self.write_tag(tag);
        self.in_progress.remove(tag);
        if let Err(e) = &r {
            self.skipped(tag, e);
        }
        self.tag_done.insert(tag.to_string(), r.clone());
        r
    }

    fn write_tag(&mut self, tag: &str) -> Result<(), String> {
        let (kw, name) = tag_of(tag).ok_or_else(|| format!("bad tag '{tag}'"))?;
        if is_keyword(name) {
            return Err(format!("'{name}' is a keyword of LuaJIT's C parser"));
        }
        if kw == "enum" {
            let Some(e) = self.enums.get(tag).copied() else {
                return Err(format!("'{tag}' is never defined"));
            };
            if e.is_opaque {
                return Err(format!("'{tag}' is never defined"));
            }
            if self.enum_repr(e).is_some() {
                self.enum_constants(e);
                return Ok(());
            }
            let body = self.enum_body(e, "")?;
            self.item(format!("{tag} {body};"));
            return Ok(());
        }
        let Some(s) = self.records.get(tag).copied() else {
            return Err(format!("'{tag}' is never defined"));
        };
        if s.is_opaque {
            return Err(format!("'{tag}' is never defined"));
        }
        let body = self.out_of_scope_body(s, tag)?;
        self.item(wrap_pack(format!("{tag} {};", body.text), body.pack));
        Ok(())
    }

    // --------------------------------------------------------------------------------------
    // Enums

    /// `{ A = 0, B = 1 }` (enumerators LuaJIT cannot hold go to the module table).
    fn enum_body(&mut self, e: &Enum, indent: &str) -> Result<String, String> {
        let mut lines = Vec::new();
        for v in &e.values {
            if let Some(l) = self.enumerator(&v.name, v.value) {
                lines.push(l);
            }
        }
        if lines.is_empty() {
            return Err("no enumerator LuaJIT can declare".into());
        }
        let sep = format!(",\n{indent}    ");
        Ok(format!("{{\n{indent}    {}\n{indent}}}", lines.join(&sep)))
    }

    /// `NAME = VALUE` for the cdef; `None` when it goes elsewhere or nowhere.
    fn enumerator(&mut self, name: &str, value: i128) -> Option<String> {
        if is_keyword(name) {
            return None;
        }
        if !fits_cdef(value) {
            if let Some(lit) = lua_int64(value, false)
                && !self.names.contains(name)
            {
                self.lua_const(name, lit);
            }
            return None;
        }
        if !self.names.insert(name.to_string()) {
            return None;
        }
        Some(format!("{name} = {}", c_int(value)))
    }

    /// The enumerators of an enum whose type LuaJIT cannot hold, as an anonymous enum (and
    /// module-table constants for 64-bit values).
    fn enum_constants(&mut self, e: &Enum) {
        let lines: Vec<String> = e
            .values
            .iter()
            .filter_map(|v| self.enumerator(&v.name, v.value))
            .collect();
        if !lines.is_empty() {
            self.item(format!("enum {{\n    {}\n}};", lines.join(",\n    ")));
        }
    }

    // --------------------------------------------------------------------------------------
    // Records

    /// The body of the record `s` spelled `spelling` (`struct X` or a typedef name) at top
    /// level: [`Cx::record_body`], or, for an out-of-scope record whose members would pull in
    /// implementation-reserved records or typedefs (glibc's `pthread_mutex_t` holds a `struct
    /// __pthread_mutex_s`), an opaque body of the compiler's size and alignment, so that the
    /// reserved types are not written at all.
    fn out_of_scope_body(&mut self, s: &Struct, spelling: &str) -> Result<Body, String> {
        if self.in_scope.contains(spelling) || !self.pulls_reserved(s, 0) {
            return self.record_body(s, "");
        }
        let Ok(c) = layout::struct_layout_abi(s, self.h, &self.dm, self.abi) else {
            return self.record_body(s, "");
        };
        if c.layout.size == 0 {
            return self.record_body(s, "");
        }
        let mut names = Vec::new();
        member_names(&s.fields, &mut names);
        let mut text = String::from("{\n");
        if !names.is_empty() {
            let _ = writeln!(
                text,
                "    /* skipped: members {}: out of scope, of implementation-reserved types */",
                names.join(", ")
            );
        }
        let n = self.pad_counter;
        self.pad_counter += 1;
        let _ = writeln!(text, "    uint8_t __hk_opaque{n}[{}];", c.layout.size);
        let _ = write!(text, "}} __attribute__((aligned({})))", c.layout.align);
        Ok(Body { text, pack: None })
    }

    /// Whether writing the members of `s` would write a record, enum or typedef whose name is
    /// reserved to the implementation (`__x`, `_X`): a tag of such a name, or a typedef of
    /// such a name for anything but a plain scalar (or a pointer to one). Typedefs of ordinary
    /// names that name records are written on their own and not entered.
    fn pulls_reserved(&self, s: &Struct, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        s.fields.iter().any(|f| match &f.anonymous_struct {
            Some(inner) => self.pulls_reserved(inner, depth + 1),
            None => f.anonymous_enum.is_none() && self.type_pulls_reserved(&f.ty, depth),
        })
    }

    fn type_pulls_reserved(&self, ty: &Type, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        let mut found = false;
        ty.walk(&mut |t| {
            let Type::CType { name, .. } = t else { return };
            if found
                || is_anonymous_keyword(name)
                || LJ_PREDEFINED.contains(&name.as_str())
                || lj_base(name).is_some()
                || layout::base_type(name).is_some()
            {
                return;
            }
            if let Some((_, tag)) = tag_of(name) {
                found = is_reserved(tag);
                return;
            }
            found = match self.typedefs.get(name.as_str()) {
                Some(TdSrc::Typedef(td)) => {
                    if td.anonymous_struct.is_some() || td.anonymous_enum.is_some() {
                        is_reserved(name)
                    } else {
                        self.type_pulls_reserved(&td.underlying_type, depth + 1)
                    }
                }
                Some(TdSrc::Record(_) | TdSrc::Enum(_)) => is_reserved(name),
                None => false,
            };
        });
        found
    }

    /// The body of a record: as written when LuaJIT lays it out as the compiler does, else
    /// with an explicit layout. `Err` when neither can be written.
    fn record_body(&mut self, s: &Struct, indent: &str) -> Result<Body, String> {
        let c = layout::struct_layout_abi(s, self.h, &self.dm, self.abi);
        let inner = format!("{indent}    ");
        // each member: its text (None: cannot be written), LuaJIT layout facts
        let mut lines: Vec<Result<String, String>> = Vec::new();
        let mut lj: Vec<Option<LjMember>> = Vec::new();
        let mut nested_pack = None;
        for (i, f) in s.fields.iter().enumerate() {
            let cl = c.as_ref().ok().and_then(|c| c.fields.get(i));
            let r = self.member(f, &inner);
            let (text, lm) = match r {
                Ok((text, align, p)) => {
                    nested_pack = nested_pack.or(p);
                    let size = cl.map(|l| l.bit_size / 8);
                    let lm = match (size, align) {
                        (Some(size), Some(align)) => Some(LjMember {
                            size: if f.bit_width.is_some() {
                                self.bitfield_container(f).unwrap_or(0)
                            } else {
                                size
                            },
                            align,
                            bits: f.bit_width,
                            aligned: f.aligned.map(u64::from),
                            packed: f.is_packed,
                        }),
                        _ => None,
                    };
                    (Ok(text), lm)
                }
                Err(e) => (Err(e), None),
            };
            lines.push(text);
            lj.push(lm);
        }
        let all_ok = lines.iter().all(|l| l.is_ok());
        let attrs = record_attrs(s.is_packed, s.aligned);
        let natural = || {
            let mut t = String::from("{\n");
            for l in lines.iter().flatten() {
                if !l.is_empty() {
                    let _ = writeln!(t, "{inner}{l}");
                }
            }
            t.push_str(indent);
            t.push('}');
            t.push_str(&attrs);
            t
        };
        let c = match c {
            Ok(c) => c,
            Err(e) => {
                if all_ok {
                    // the compiler's layout is unknown here; LuaJIT computes its own
                    return Ok(Body {
                        text: natural(),
                        pack: s.pack.or(nested_pack),
                    });
                }
                return Err(e);
            }
        };
        let why = if !all_ok {
            lines
                .iter()
                .find_map(|l| l.as_ref().err().cloned())
                .unwrap_or_default()
        } else {
            match self.layout_difference(s, &c, &lj) {
                None => {
                    return Ok(Body {
                        text: natural(),
                        pack: s.pack.or(nested_pack),
                    });
                }
                Some(why) => why,
            }
        };
        Ok(Body {
            text: self.explicit_body(s, &c, &lines, indent, &why),
            pack: None,
        })
    }

    /// The bytes of the declared type of bit-field `f` when LuaJIT can hold it (an integer
    /// type of at most 32 bits).
    fn bitfield_container(&self, f: &Field) -> Option<u64> {
        let t = self.bitfield_int_type(&f.ty)?;
        let sa = layout::int_size_align(t, &self.dm);
        (sa.size <= 4).then_some(sa.size as u64)
    }

    /// The integer type behind a bit-field's type (enums as their underlying type).
    fn bitfield_int_type(&self, ty: &Type) -> Option<IntType> {
        match self.h.resolve(ty) {
            Type::CType { name, .. } => match layout::base_type(name) {
                Some(BaseType::Int(t)) => Some(t),
                _ => {
                    let (kw, _) = tag_of(name)?;
                    if kw != "enum" {
                        return None;
                    }
                    let e = self.enums.get(name.as_str())?;
                    Some(layout::enum_int_type(e, &self.dm, self.abi))
                }
            },
            _ => None,
        }
    }

    /// Why LuaJIT's layout of the record as written would differ from the compiler's.
    fn layout_difference(
        &self,
        s: &Struct,
        c: &StructLayout,
        lj: &[Option<LjMember>],
    ) -> Option<String> {
        if lj.iter().any(Option::is_none) {
            return Some("a member's layout is unknown".into());
        }
        for (f, m) in s.fields.iter().zip(lj) {
            let m = m.as_ref()?;
            if let Some(w) = f.bit_width
                && (m.size == 0 || w as u64 > m.size * 8)
            {
                return Some(format!(
                    "bit-field '{}' of a type wider than LuaJIT's 32-bit bit-fields",
                    f.name
                ));
            }
        }
        let members: Vec<LjMember> = lj.iter().flatten().cloned().collect();
        let (l, offsets) = lj_layout(
            &members,
            s.is_union,
            s.is_packed,
            s.aligned.map(u64::from),
            s.pack.map(u64::from),
        );
        if l.size != c.layout.size || l.align != c.layout.align {
            return Some(format!(
                "LuaJIT would make it {} bytes aligned to {}, the compiler {} aligned to {}",
                l.size, l.align, c.layout.size, c.layout.align
            ));
        }
        for ((f, m), (o, cf)) in s
            .fields
            .iter()
            .zip(&members)
            .zip(offsets.iter().zip(&c.fields))
        {
            let named = !f.name.is_empty() || f.anonymous_struct.is_some();
            if f.bit_width == Some(0) || !named {
                continue;
            }
            if *o != cf.bit_offset {
                return Some(format!("LuaJIT would place '{}' elsewhere", f.name));
            }
            if let Some(w) = f.bit_width {
                let csz = m.size * 8;
                if o % csz + w as u64 > csz {
                    return Some(format!(
                        "bit-field '{}' straddles its {}-bit container",
                        f.name, csz
                    ));
                }
            }
        }
        None
    }

    /// One member as written naturally: (text, the alignment of its type, a `#pragma pack` a
    /// nested record needs). `Err` when it cannot be written.
    fn member(
        &mut self,
        f: &Field,
        indent: &str,
    ) -> Result<(String, Option<u64>, Option<u32>), String> {
        let what = if f.name.is_empty() {
            "an anonymous member".to_string()
        } else {
            format!("member '{}'", f.name)
        };
        if !f.name.is_empty() && is_keyword(&f.name) {
            return Err(format!(
                "{what}: '{}' is a keyword of LuaJIT's C parser",
                f.name
            ));
        }
        let mut nested_pack = None;
        let mut align = None;
        let anon = if let Some(s) = &f.anonymous_struct {
            let kw = if s.is_union { "union" } else { "struct" };
            let body = self
                .record_body(s, indent)
                .map_err(|e| format!("{what}: {e}"))?;
            nested_pack = body.pack;
            if let Ok(l) = layout::struct_layout_abi(s, self.h, &self.dm, self.abi) {
                align = Some(l.layout.align);
            }
            Some(format!("{kw} {}", body.text))
        } else if let Some(e) = &f.anonymous_enum {
            align = Some(layout::enum_layout(e, &self.dm, self.abi).align);
            if let Some(repr) = self.enum_repr(e) {
                self.enum_constants(e);
                Some(repr.to_string())
            } else {
                // enumerators all declared already: the enum's integer type
                Some(match self.enum_body(e, indent) {
                    Ok(body) => format!("enum {body}"),
                    Err(_) => self.enum_int(e).to_string(),
                })
            }
        } else {
            None
        };
        if f.name.is_empty() && f.bit_width.is_none() && anon.is_none() {
            return Ok((String::new(), Some(1), None));
        }
        if anon.is_none() {
            self.use_type(&f.ty, Ctx::Field)
                .map_err(|e| format!("{what}: {e}"))?;
        }
        if let Some(w) = f.bit_width {
            // LuaJIT wants an integer type: enums as theirs
            let t = self
                .bitfield_int_type(&f.ty)
                .ok_or_else(|| format!("{what}: a bit-field of a non-integer type"))?;
            let spelled = if matches!(t, IntType::Bool) {
                "bool"
            } else {
                fixed_width(t, &self.dm)
            };
            let sa = layout::int_size_align(t, &self.dm);
            let mut line = if f.name.is_empty() {
                format!("{spelled} : {w}")
            } else {
                format!("{spelled} {} : {w}", f.name)
            };
            line.push_str(&member_attrs(f));
            line.push(';');
            return Ok((line, Some(sa.align as u64), None));
        }
        if align.is_none() {
            align = self.lj_align(&f.ty);
        } else if !matches!(f.ty, Type::CType { .. }) {
            // an array of or pointer to an anonymous record
            align = match &f.ty {
                Type::Pointer { .. } => Some(self.dm.pointer.align as u64),
                _ => align,
            };
        }
        let mut line = self.declare(&f.ty, &f.name, anon.as_deref());
        line.push_str(&member_attrs(f));
        line.push(';');
        Ok((line, align, nested_pack))
    }

    /// LuaJIT's alignment of a type we write (the compiler's: records are written to match).
    fn lj_align(&self, ty: &Type) -> Option<u64> {
        if let Type::Array {
            element,
            size: None,
        } = ty
        {
            return self.lj_align(element);
        }
        self.c_layout(ty).ok().map(|l| l.align)
    }

    /// A body with every member at the compiler's offset: a packed record, padded by hand,
    /// aligned as the compiler aligns it.
    fn explicit_body(
        &mut self,
        s: &Struct,
        c: &StructLayout,
        lines: &[Result<String, String>],
        indent: &str,
        why: &str,
    ) -> String {
        let inner = format!("{indent}    ");
        let mut out = format!("{{ /* explicit layout: {} */\n", why.replace("*/", "* /"));
        let mut pos: u64 = 0;
        let mut size_end: u64 = 0;
        for ((f, line), cf) in s.fields.iter().zip(lines).zip(&c.fields) {
            let at = if s.is_union { 0 } else { cf.bit_offset };
            if let Some(w) = f.bit_width {
                if f.name.is_empty() || w == 0 {
                    continue;
                }
                let container = [8u64, 16, 32].into_iter().find(|c| at % c + w as u64 <= *c);
                let t = self.bitfield_int_type(&f.ty);
                match (container, t, line) {
                    (Some(cbits), Some(t), Ok(_)) => {
                        let signed = fixed_width(t, &self.dm).starts_with("int");
                        let ty = if t == IntType::Bool && w == 1 {
                            "bool".to_string()
                        } else {
                            format!("{}int{cbits}_t", if signed { "" } else { "u" })
                        };
                        if !s.is_union {
                            self.pad(&mut out, &inner, pos, at);
                        }
                        let _ = writeln!(out, "{inner}{ty} {} : {w};", f.name);
                        pos = at + w as u64;
                    }
                    (_, _, Err(e)) => {
                        let _ = writeln!(out, "{inner}/* skipped: member {}: {e} */", f.name);
                    }
                    _ => {
                        let _ = writeln!(
                            out,
                            "{inner}/* skipped: member {}: a {w}-bit bit-field at bit {} fits no \
                             LuaJIT bit-field container */",
                            f.name,
                            at % 32
                        );
                    }
                }
                size_end = size_end.max(pos);
                continue;
            }
            let bytes = cf.bit_size / 8;
            match line {
                Ok(l) if !l.is_empty() => {
                    if !s.is_union {
                        self.pad(&mut out, &inner, pos, at);
                    }
                    // the member's own attributes are dropped: its place is explicit
                    let l = strip_member_attrs(l);
                    for (k, part) in l.lines().enumerate() {
                        if k == 0 {
                            let _ = writeln!(out, "{inner}{part}");
                        } else {
                            let _ = writeln!(out, "{part}");
                        }
                    }
                    pos = at + bytes * 8;
                }
                Ok(_) => {}
                Err(e) => {
                    if !s.is_union {
                        self.pad(&mut out, &inner, pos, at);
                    }
                    let keep_name = !f.name.is_empty() && bytes > 0;
                    if keep_name {
                        let _ = writeln!(
                            out,
                            "{inner}uint8_t {}[{bytes}]; /* raw bytes: {} */",
                            f.name,
                            e.replace("*/", "* /")
                        );
                        pos = at + bytes * 8;
                    } else {
                        let _ = writeln!(out, "{inner}/* skipped: {} */", e.replace("*/", "* /"));
                    }
                }
            }
            size_end = size_end.max(pos);
        }
        // the `aligned` attribute rounds the size up to the compiler's; padding is needed only
        // where members at the end were left out (never after a flexible array member)
        let total = c.layout.size * 8;
        let rounded = size_end.div_ceil(c.layout.align * 8) * c.layout.align * 8;
        if rounded < total {
            if s.is_union {
                let n = self.pad_counter;
                self.pad_counter += 1;
                let _ = writeln!(out, "{inner}uint8_t __hk_pad{n}[{}];", total / 8);
            } else {
                self.pad(&mut out, &inner, pos, total);
            }
        }
        out.push_str(indent);
        out.push('}');
        out.push_str(&format!(
            " __attribute__((packed, aligned({})))",
            c.layout.align
        ));
        out
    }

    /// Padding from bit `from` to bit `to` in a packed record.
    fn pad(&mut self, out: &mut String, indent: &str, from: u64, to: u64) {
        if to <= from {
            return;
        }
        let mut pos = from;
        if !pos.is_multiple_of(8) {
            let bits = (8 - pos % 8).min(to - pos);
            let _ = writeln!(out, "{indent}uint8_t : {bits};");
            pos += bits;
        }
        let bytes = (to - pos) / 8;
        if bytes > 0 {
            let n = self.pad_counter;
            self.pad_counter += 1;
            let _ = writeln!(out, "{indent}uint8_t __hk_pad{n}[{bytes}];");
            pos += bytes * 8;
        }
        if pos < to {
            let _ = writeln!(out, "{indent}uint8_t : {};", to - pos);
        }
    }

    // --------------------------------------------------------------------------------------
    // Declarations

    fn declaration(&mut self, d: &'a Declaration) {
        match d {
            Declaration::Struct(s) => {
                let Some(name) = s.name.as_deref() else {
                    return;
                };
                if s.is_typedef {
                    let _ = self.ensure_typedef(name);
                    return;
                }
                let kw = if s.is_union { "union" } else { "struct" };
                let tag = format!("{kw} {name}");
                if s.is_opaque {
                    let complete = self.records.get(&tag).is_some_and(|r| !r.is_opaque);
                    if !complete && !self.tag_done.contains_key(&tag) && !is_keyword(name) {
                        self.tag_done
                            .insert(tag.clone(), Err(format!("'{tag}' is never defined")));
                        self.line(format!("{tag};"));
                    }
                    return;
                }
                let _ = self.ensure_tag(&tag);
            }
            Declaration::Enum(e) => match e.name.as_deref() {
                Some(n) if e.is_typedef => {
                    let _ = self.ensure_typedef(n);
                }
                Some(n) => {
                    if !e.is_opaque {
                        let _ = self.ensure_tag(&format!("enum {n}"));
                    }
                }
                None if self.inline_enums.contains(&e) => {}
                None => {
                    if self.enum_repr(e).is_some() {
                        self.enum_constants(e);
                    } else {
                        match self.enum_body(e, "") {
                            Ok(body) => self.item(format!("enum {body};")),
                            Err(why) => self.skipped("an anonymous enum", &why),
                        }
                    }
                }
            },
            Declaration::Typedef(t) => {
                let _ = self.ensure_typedef(&t.name);
            }
            Declaration::Function(f) => self.function(f),
            Declaration::Variable(v) => self.variable(v),
            Declaration::Constant(_) | Declaration::MacroFunction(_) => {}
        }
    }

    fn function(&mut self, f: &Function) {
        let what = format!("function {}", f.name);
        if f.is_static {
            self.skipped(&what, "static, so no library exports it");
            return;
        }
        if is_keyword(&f.name) {
            self.skipped(&what, "the name is a keyword of LuaJIT's C parser");
            return;
        }
        if self.names.contains(&f.name) {
            return;
        }
        let ft = FunctionType {
            return_type: f.return_type.clone(),
            parameters: f.parameters.clone(),
            is_variadic: f.is_variadic,
            has_prototype: f.has_prototype,
            calling_convention: f.calling_convention.clone(),
        };
        if let Err(e) = self.use_function(&ft) {
            self.skipped(&what, &e);
            return;
        }
        self.names.insert(f.name.clone());
        let mut text = self.declare(&Type::Function(Box::new(ft)), &f.name, None);
        if let Some(a) = &f.asm_name
            && a != &f.name
        {
            let _ = write!(text, " __asm__(\"{a}\")");
        }
        text.push(';');
        self.functions.push((f.name.clone(), text));
    }

    fn variable(&mut self, v: &Variable) {
        let what = format!("variable {}", v.name);
        if v.is_static {
            self.skipped(&what, "static, so no library exports it");
            return;
        }
        if v.is_thread_local {
            self.skipped(&what, "thread-local");
            return;
        }
        if is_keyword(&v.name) {
            self.skipped(&what, "the name is a keyword of LuaJIT's C parser");
            return;
        }
        if self.names.contains(&v.name) {
            return;
        }
        if let Err(e) = self.use_type(&v.ty, Ctx::Param) {
            self.skipped(&what, &e);
            return;
        }
        self.names.insert(v.name.clone());
        let mut text = format!("extern {}", self.declare(&v.ty, &v.name, None));
        if let Some(a) = &v.asm_name
            && a != &v.name
        {
            let _ = write!(text, " __asm__(\"{a}\")");
        }
        text.push(';');
        self.line(text);
    }

    fn constant(&mut self, c: &Constant) {
        let Some(value) = &c.value else {
            return;
        };
        let what = format!("constant {}", c.name);
        if self.names.contains(&c.name) || self.lua_names.contains(&c.name) {
            return;
        }
        let resolved = c.ty.as_ref().map(|t| self.h.resolve(t).clone());
        let int_type = match &resolved {
            None => Some(IntType::Int),
            Some(Type::CType { name, .. }) => match layout::base_type(name) {
                Some(BaseType::Int(t)) => Some(t),
                _ if name.starts_with("enum ") => Some(IntType::Int),
                _ => None,
            },
            _ => None,
        };
        let lua_ok = !MODULE_FIELDS.contains(&c.name.as_str());
        match value {
            ConstValue::Int(i) if int_type.is_some() => {
                let unsigned = matches!(
                    int_type,
                    Some(
                        IntType::UInt
                            | IntType::ULong
                            | IntType::ULongLong
                            | IntType::UChar
                            | IntType::UShort
                            | IntType::UInt128
                    )
                );
                if (i32::MIN as i128..=i32::MAX as i128).contains(i) && !is_keyword(&c.name) {
                    self.names.insert(c.name.clone());
                    self.line(format!("static const int {} = {};", c.name, c_int(*i)));
                } else if (0..=u32::MAX as i128).contains(i) && !is_keyword(&c.name) {
                    self.names.insert(c.name.clone());
                    self.line(format!("static const unsigned int {} = {i};", c.name));
                } else if !lua_ok {
                    self.skipped(&what, "the name is a field of the module table");
                } else if let Some(lit) = lua_int64(*i, unsigned) {
                    self.lua_const(&c.name, lit);
                } else {
                    self.skipped(&what, "the value does not fit 64 bits");
                }
            }
            ConstValue::Float(f) => {
                if lua_ok {
                    self.lua_const(&c.name, lua_float(*f));
                } else {
                    self.skipped(&what, "the name is a field of the module table");
                }
            }
            ConstValue::Str(s) => match c_string_bytes(s) {
                Some(b) if lua_ok => self.lua_const(&c.name, lua_string(&b)),
                Some(_) => self.skipped(&what, "the name is a field of the module table"),
                None => self.skipped(&what, "not a string literal LuaJIT can hold"),
            },
            ConstValue::Int(_) => {}
        }
    }

    // --------------------------------------------------------------------------------------
    // Declarators

    fn declare(&self, ty: &Type, name: &str, anon: Option<&str>) -> String {
        self.declarator(ty, name.to_string(), anon)
    }

    fn declarator(&self, ty: &Type, inner: String, anon: Option<&str>) -> String {
        super::cdecl::declarator(self, ty, inner, anon)
    }

    fn parameters(&self, f: &FunctionType) -> String {
        if f.parameters.is_empty() && !f.is_variadic {
            return if f.has_prototype {
                "void".into()
            } else {
                String::new()
            };
        }
        let mut items: Vec<String> = f
            .parameters
            .iter()
            .map(|p| {
                let name = p
                    .name
                    .as_deref()
                    .filter(|n| !is_keyword(n) && !LJ_PREDEFINED.contains(n))
                    .unwrap_or("");
                self.declare(&p.ty, name, None)
            })
            .collect();
        if f.is_variadic {
            items.push("...".into());
        }
        items.join(", ")
    }
}

/// A name C reserves to the implementation: `__x` or `_X`.
fn is_reserved(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 2 && b[0] == b'_' && (b[1] == b'_' || b[1].is_ascii_uppercase())
}

/// The names of `fields`, anonymous members' own entered.
fn member_names(fields: &[Field], out: &mut Vec<String>) {
    for f in fields {
        if let Some(s) = f.anonymous_struct.as_deref().filter(|_| f.name.is_empty()) {
            member_names(&s.fields, out);
        } else if !f.name.is_empty() {
            out.push(f.name.clone());
        }
    }
}

fn quals(q: &[String]) -> String {
    let mut s = String::new();
    for q in q {
        let q = match q.as_str() {
            "const" | "__const" | "__const__" => "const",
            "volatile" | "__volatile" | "__volatile__" => "volatile",
            _ => continue,
        };
        if !s.contains(q) {
            s.push_str(q);
            s.push(' ');
        }
    }
    s
}

fn record_attrs(packed: bool, aligned: Option<u32>) -> String {
    match (packed, aligned) {
        (false, None) => String::new(),
        (true, None) => " __attribute__((packed))".into(),
        (false, Some(n)) => format!(" __attribute__((aligned({n})))"),
        (true, Some(n)) => format!(" __attribute__((packed, aligned({n})))"),
    }
}

fn member_attrs(f: &Field) -> String {
    let mut a = Vec::new();
    if f.is_packed {
        a.push("packed".to_string());
    }
    if let Some(n) = f.aligned {
        a.push(format!("aligned({n})"));
    }
    if a.is_empty() {
        String::new()
    } else {
        format!(" __attribute__(({}))", a.join(", "))
    }
}

/// A member line without the attributes [`member_attrs`] added (explicit layouts place
/// members by padding).
fn strip_member_attrs(line: &str) -> String {
    let l = line.trim_end_matches(';');
    let l = match l.rfind(" __attribute__((") {
        Some(i) if l.ends_with("))") && !l[i..].contains('}') && !l[..i].ends_with('}') => &l[..i],
        _ => l,
    };
    format!("{l};")
}

fn wrap_pack(text: String, pack: Option<u32>) -> String {
    match pack {
        Some(n) => format!("#pragma pack(push, {n})\n{text}\n#pragma pack(pop)"),
        None => text,
    }
}

// ------------------------------------------------------------------------------------------
// The module

/// cdef text per `ffi.cdef` call, at most (LuaJIT has no limit; chunks keep error positions
/// and strings small).
const CHUNK_BYTES: usize = 64 * 1024;
/// Constants per Lua function (LuaJIT allows 65536 constants per function).
const CONSTS_PER_FUNCTION: usize = 1000;

/// The Lua module for `header`, loading `lib_name` by default.
pub fn render(h: &Header, lib_name: &str) -> String {
    let mut cx = Cx::new(h);
    for d in &h.declarations {
        cx.declaration(d);
    }
    for d in &h.declarations {
        if let Declaration::Constant(c) = d {
            cx.constant(c);
        }
    }
    cx.flush();

    let stem = stem_of(&h.path);
    let module = format!("{stem}_ffi");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "-- LuaJIT FFI bindings for {}, written by headerkit (target {}).",
        h.path,
        cx.target.triple()
    );
    out.push_str(&format!(
        "--
--   local {v} = require(\"{module}\")
--   {v}.lib.some_function(...)   -- the library's functions and variables (ffi.load on first use)
--   {v}.some_function(...)       -- the same, and every constant, through the module
--   {v}.lib_name = \"/path/lib{lib_name}.so\"   -- before the first use: load another file
--   {v}.load(name, global)        -- or load it now (ffi.load's arguments)
--
-- Types, functions, variables, enums and 32-bit integer constants are declared with ffi.cdef;
-- the other constants (64-bit, floating, string, pointer) are fields of the module.
",
        v = lua_ident(&stem),
    ));
    out.push_str(MODULE_PRELUDE);
    let _ = writeln!(
        out,
        "local M = {{ ffi = ffi, lib_name = {} }}",
        lua_string(lib_name.as_bytes())
    );
    out.push('\n');

    // cdef chunks: items separated by blank lines
    let mut chunk = String::new();
    let mut chunks = Vec::new();
    for it in &cx.items {
        if !chunk.is_empty() && chunk.len() + it.len() > CHUNK_BYTES {
            chunks.push(std::mem::take(&mut chunk));
        }
        chunk.push_str(it);
        chunk.push_str("\n\n");
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    for c in &chunks {
        let eq = "=".repeat(bracket_level(c));
        let _ = writeln!(out, "cdef[{eq}[\n{c}]{eq}]\n");
    }

    out.push_str(
        "-- The functions, declared on first use: declaring them all at once would fill much of\n\
         -- LuaJIT's table of C types (65536 entries) for a large library.\n\
         local functions = {}\n",
    );
    if !cx.functions.is_empty() {
        out.push_str("local function fns(f) for k, v in pairs(f()) do functions[k] = v end end\n");
        for group in cx.functions.chunks(CONSTS_PER_FUNCTION) {
            out.push_str("fns(function() return {\n");
            for (name, decl) in group {
                let _ = writeln!(
                    out,
                    "  {} = {},",
                    lua_key(name),
                    lua_string(decl.as_bytes())
                );
            }
            out.push_str("} end)\n");
        }
    }
    out.push('\n');

    if !cx.lua_consts.is_empty() {
        out.push_str("local function set(f) for k, v in pairs(f()) do M[k] = v end end\n");
        for group in cx.lua_consts.chunks(CONSTS_PER_FUNCTION) {
            out.push_str("set(function() return {\n");
            for (name, expr) in group {
                let _ = writeln!(out, "  {} = {expr},", lua_key(name));
            }
            out.push_str("} end)\n");
        }
        out.push('\n');
    }
    out.push_str(MODULE_END);
    out
}

/// A Lua local name for the usage comment.
fn lua_ident(stem: &str) -> String {
    let mut s: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if s.is_empty()
        || s.starts_with(|c: char| c.is_ascii_digit())
        || LUA_KEYWORDS.contains(&s.as_str())
    {
        s.insert(0, '_');
    }
    s
}

const MODULE_PRELUDE: &str = r#"
local ffi = require("ffi")

-- LuaJIT refuses to define a struct, union, enum or constant twice, and another module may
-- have defined some already: what an item (the chunks' text between blank lines) would define
-- again is left out.
local function index(t, k) return t[k] end
local function known(name) return (pcall(index, ffi.C, name)) end
local function fresh(item)
  local kind, tag = item:gsub("^#[^\n]*\n", ""):match("^(%a+) ([%w_]+) {")
  if kind == "struct" or kind == "union" or kind == "enum" then
    local ok, size = pcall(ffi.sizeof, kind .. " " .. tag)
    return not (ok and size ~= nil) and item or ""
  end
  local first = item:match("enum[%w_ ]*{%s*([%w_]+) =")
  if first then return not known(first) and item or "" end
  return (item:gsub("static const [%w_ ]- ([%w_]+) = [^;]*;\n?", function(name)
    if known(name) then return "" end
  end))
end

local function cdef(chunk)
  local keep = {}
  for item in chunk:gmatch("(.-\n)\n") do keep[#keep + 1] = fresh(item) end
  ffi.cdef(table.concat(keep))
end

"#;

const MODULE_END: &str = r#"-- Loads the library (name defaults to M.lib_name; name and global as for ffi.load) and
-- makes M.lib its functions and variables.
function M.load(name, global)
  local clib = ffi.load(name or M.lib_name, global)
  M.lib = setmetatable({}, {
    __index = function(t, k)
      local decl = functions[k]
      if decl == nil then return clib[k] end
      ffi.cdef(decl)
      local f = clib[k]
      rawset(t, k, f)
      return f
    end,
    __newindex = function(_, k, v) clib[k] = v end,
  })
  return M.lib
end

return setmetatable(M, {
  __index = function(t, k)
    if k == "lib" then return t.load() end
    return t.lib[k]
  end,
})
"#;

/// LuaJIT's spelling of declarators: its own names for base types, enums by their
/// representation, calling conventions before the declarator.
impl super::cdecl::Dialect for Cx<'_> {
    fn base(&self, name: &str, anon: Option<&str>) -> String {
        if is_anonymous_keyword(name) {
            anon.map(str::to_string).unwrap_or_else(|| name.to_string())
        } else if let Some(b) = lj_base(name) {
            b.map(str::to_string).unwrap_or_else(|_| name.to_string())
        } else if let Some(r) = self.enum_repr_of_tag(name) {
            r.to_string()
        } else {
            name.to_string()
        }
    }

    fn quals(&self, qualifiers: &[String]) -> String {
        quals(qualifiers)
    }

    fn params(&self, f: &FunctionType) -> String {
        self.parameters(f)
    }

    fn function_inner(&self, f: &FunctionType, inner: String) -> String {
        let cc = self
            .calling_convention(f.calling_convention.as_deref())
            .ok()
            .flatten();
        match cc {
            Some(cc) if inner.starts_with('(') => format!("({cc} {}", &inner[1..]),
            Some(cc) => format!("{cc} {inner}"),
            None => inner,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luajit_layout_replay() {
        let m = |size, align, bits| LjMember {
            size,
            align,
            bits,
            aligned: None,
            packed: false,
        };
        // char a; int b : 4; char c;
        let (l, o) = lj_layout(
            &[m(1, 1, None), m(4, 4, Some(4)), m(1, 1, None)],
            false,
            false,
            None,
            None,
        );
        assert_eq!((l.size, l.align), (4, 4));
        assert_eq!(o, [0, 8, 16]);
        // packed: int a : 3; int b : 30 (straddles)
        let (l, o) = lj_layout(
            &[m(4, 4, Some(3)), m(4, 4, Some(30))],
            false,
            true,
            None,
            None,
        );
        assert_eq!(o, [0, 3]);
        assert_eq!(l.size, 5);
        // pragma pack(2) caps the double
        let (l, o) = lj_layout(&[m(1, 1, None), m(8, 8, None)], false, false, None, Some(2));
        assert_eq!((l.size, l.align, o[1]), (10, 2, 16));
        // union, aligned(16)
        let (l, _) = lj_layout(&[m(1, 1, None), m(4, 4, None)], true, false, Some(16), None);
        assert_eq!((l.size, l.align), (16, 16));
    }

    #[test]
    fn literals() {
        assert_eq!(c_int(-(1 << 31)), "-2147483647 - 1");
        assert_eq!(lua_int64(1 << 40, false).unwrap(), "1099511627776LL");
        assert_eq!(
            lua_int64(u64::MAX as i128, false).unwrap(),
            "18446744073709551615ULL"
        );
        assert_eq!(
            lua_int64(i64::MIN as i128, false).unwrap(),
            "(-9223372036854775807LL - 1)"
        );
        assert_eq!(lua_int64(1 << 70, false), None);
        assert_eq!(lua_float(0.5), "0.5");
        assert_eq!(lua_float(f64::INFINITY), "math.huge");
        assert_eq!(
            c_string_bytes(r#""a\tb" "\101\x42\n""#).unwrap(),
            b"a\tbAB\n".to_vec()
        );
        assert_eq!(
            c_string_bytes(r#"L"\u00e9""#).unwrap(),
            "é".as_bytes().to_vec()
        );
        assert_eq!(c_string_bytes("\"unterminated"), None);
        assert_eq!(lua_string(b"a\"\\\x01\n"), r#""a\"\\\001\n""#);
        assert_eq!(bracket_level("x]]y"), 1);
        assert_eq!(bracket_level("x"), 0);
        assert_eq!(lua_key("end"), "[\"end\"]");
    }

    /// Every IR of the parse grammar cases (and each with its declarations reversed, so uses
    /// come before definitions) writes without a panic, deterministically.
    #[test]
    fn any_ir_writes() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar-tests/parse");
        let mut n = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            let Ok(mut h) = Header::from_json(&v) else {
                continue;
            };
            let a = render(&h, "x");
            assert_eq!(a, render(&h, "x"), "{}", p.display());
            h.declarations.reverse();
            render(&h, "x");
            n += 1;
        }
        assert!(n > 50);
    }

    /// A typedef cycle (impossible in C, possible in a JSON IR) ends.
    #[test]
    fn typedef_cycle_ends() {
        let td = |name: &str, to: &str| {
            Declaration::Typedef(Typedef {
                name: name.into(),
                underlying_type: Type::named(to),
                anonymous_struct: None,
                anonymous_enum: None,
                deprecated: None,
                location: None,
            })
        };
        let h = Header {
            declarations: vec![
                td("A", "B"),
                td("B", "A"),
                Declaration::Struct(Struct {
                    name: Some("s".into()),
                    fields: vec![Field {
                        name: "a".into(),
                        ty: Type::named("A"),
                        bit_width: None,
                        anonymous_struct: None,
                        anonymous_enum: None,
                        aligned: None,
                        is_packed: false,
                    }],
                    ..Default::default()
                }),
            ],
            ..Default::default()
        };
        let out = render(&h, "x");
        assert!(out.contains("skipped"), "{out}");
    }

    #[test]
    fn stems() {
        assert_eq!(stem_of("/usr/include/zlib.h"), "zlib");
        assert_eq!(stem_of("a.b.h"), "a.b");
        assert_eq!(lua_ident("a.b-c"), "a_b_c");
    }
}
