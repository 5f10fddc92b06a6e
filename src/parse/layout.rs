//! Type layout (size, alignment, field offsets) for the target, as the C compiler computes it:
//! bit-fields, `packed`, `aligned(N)`, `#pragma pack`, flexible array members, and the
//! System V / AAPCS / MSVC differences in bit-field packing.
//!
//! Three record-layout rule sets ([`RecordAbi`]):
//! - **System V** (gcc and clang on x86_64, i686, wasm32 and Apple targets): a bit-field is
//!   placed at the next free bit unless it would straddle a boundary of its declared type's
//!   alignment, in which case it moves to the next such boundary (no padding at all in `packed`
//!   structs or under `#pragma pack`); a zero-width bit-field aligns the next member to its
//!   type's alignment, whatever the packing; named bit-fields raise the record's alignment to
//!   their type's (capped by `#pragma pack`, 1 when packed), unnamed ones do not.
//!   Apple targets and wasm32 follow clang's variant ([`RecordAbi::SysVClang`]), which
//!   differs only in where a bit-field with an `aligned` attribute goes.
//! - **AAPCS** (32- and 64-bit ARM on Linux): as System V, but unnamed bit-fields, zero-width
//!   ones included, raise the record's alignment like named ones (gcc's
//!   `TARGET_ALIGN_ANON_BITFIELD`); a zero-width one raises it even under `#pragma pack`.
//! - **MSVC** (`*-windows-msvc`): consecutive bit-fields share a storage unit only while their
//!   declared types have the same size and the unit has room; otherwise a new unit of the
//!   type's size starts at the type's alignment. A zero-width bit-field only counts right after
//!   a non-zero-width bit-field. In unions bit-fields do not raise the alignment. `packed`
//!   acts as `#pragma pack(1)`; `aligned(N)` on a member or on a member's struct type is a
//!   *required* alignment that `#pragma pack` does not cap. An empty struct has size 4.
//!
//! Byte order does not enter: every supported target is little-endian, and bit offsets are
//! counted from the least significant bit of the lowest-addressed byte.

use crate::ir;
use crate::parse::consteval::{self, CExpr, Designator, FloatType, IntType};
use crate::preprocess::target::{Arch, DataModel, Env, Os, SizeAlign, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub size: u64,
    pub align: u64,
}

/// A field's place in its struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldLayout {
    /// Offset in bits from the start of the struct.
    pub bit_offset: u64,
    /// Width in bits (bit-fields) or size in bits.
    pub bit_size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructLayout {
    pub layout: Layout,
    /// One entry per field of the struct, in order (anonymous members included).
    pub fields: Vec<FieldLayout>,
}

/// How layout finds the declarations a type names.
pub trait Types {
    fn typedef(&self, name: &str) -> Option<&ir::Type>;
    fn record(&self, name: &str, is_union: bool) -> Option<&ir::Struct>;
    fn enumeration(&self, name: &str) -> Option<&ir::Enum>;
    /// The anonymous struct or union that typedef `name`'s type refers to as a bare
    /// `struct`/`union` ([`ir::Typedef::anonymous_struct`]).
    fn typedef_record(&self, _name: &str) -> Option<&ir::Struct> {
        None
    }
    /// The anonymous enum that typedef `name`'s type refers to as a bare `enum`.
    fn typedef_enum(&self, _name: &str) -> Option<&ir::Enum> {
        None
    }
}

impl Types for ir::Header {
    fn typedef(&self, name: &str) -> Option<&ir::Type> {
        ir::Header::typedef(self, name).map(|t| &t.underlying_type)
    }
    fn record(&self, name: &str, is_union: bool) -> Option<&ir::Struct> {
        ir::Header::record(self, name, is_union)
    }
    fn enumeration(&self, name: &str) -> Option<&ir::Enum> {
        let mut found = None;
        for d in self.declarations.iter().chain(&self.dependencies) {
            if let ir::Declaration::Enum(e) = d
                && e.name.as_deref() == Some(name)
            {
                if !e.is_opaque {
                    return Some(e);
                }
                found = Some(e);
            }
        }
        found
    }
    fn typedef_record(&self, name: &str) -> Option<&ir::Struct> {
        ir::Header::typedef(self, name).and_then(|t| t.anonymous_struct.as_deref())
    }
    fn typedef_enum(&self, name: &str) -> Option<&ir::Enum> {
        ir::Header::typedef(self, name).and_then(|t| t.anonymous_enum.as_deref())
    }
}

impl Types for ir::TypedefIndex<'_> {
    fn typedef(&self, name: &str) -> Option<&ir::Type> {
        ir::TypedefIndex::typedef(self, name).map(|t| &t.underlying_type)
    }
    fn record(&self, name: &str, is_union: bool) -> Option<&ir::Struct> {
        ir::TypedefIndex::record(self, name, is_union)
    }
    fn enumeration(&self, name: &str) -> Option<&ir::Enum> {
        ir::TypedefIndex::enumeration(self, name)
    }
    fn typedef_record(&self, name: &str) -> Option<&ir::Struct> {
        ir::TypedefIndex::typedef(self, name).and_then(|t| t.anonymous_struct.as_deref())
    }
    fn typedef_enum(&self, name: &str) -> Option<&ir::Enum> {
        ir::TypedefIndex::typedef(self, name).and_then(|t| t.anonymous_enum.as_deref())
    }
}

/// The record-layout rules of a target (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordAbi {
    /// gcc's System V rules: x86_64 and i686 Linux.
    SysV,
    /// System V rules as clang implements them (Apple targets, wasm32): as [`RecordAbi::SysV`]
    /// except where a bit-field with an `aligned` attribute goes (clang aligns it only when
    /// it would otherwise straddle its alignment unit; gcc always).
    SysVClang,
    /// ARM AAPCS / AAPCS64 (armv7 and aarch64 on Linux): unnamed bit-fields count for alignment.
    Aapcs,
    /// Microsoft rules (`*-windows-msvc`).
    Msvc,
}

impl RecordAbi {
    /// The rules the platform compiler of `target` follows.
    pub fn for_target(target: &Target) -> RecordAbi {
        if target.os() == Os::Windows || target.env() == Env::Msvc {
            RecordAbi::Msvc
        } else if target.os() == Os::Darwin || target.arch() == Arch::Wasm32 {
            RecordAbi::SysVClang
        } else if matches!(target.arch(), Arch::Armv7 | Arch::Aarch64) {
            RecordAbi::Aapcs
        } else {
            RecordAbi::SysV
        }
    }

    /// The rules of the target a data model belongs to, as far as the data model tells:
    /// Windows is the only target with a 2-byte `wchar_t`, ARM Linux the only one with an
    /// unsigned plain `char`, Apple arm64 the only 64-bit one with an 8-byte `long double`,
    /// wasm32 the only 32-bit one with a 16-byte `long double`. x86_64 macOS has the data
    /// model of x86_64 Linux and gets [`RecordAbi::SysV`]; prefer [`RecordAbi::for_target`].
    pub fn from_data_model(dm: &DataModel) -> RecordAbi {
        if dm.wchar.size == 2 {
            RecordAbi::Msvc
        } else if !dm.char_signed {
            RecordAbi::Aapcs
        } else if (dm.pointer.size == 8 && dm.long_double.size == 8)
            || (dm.pointer.size == 4 && dm.long_double.size == 16)
        {
            RecordAbi::SysVClang
        } else {
            RecordAbi::SysV
        }
    }
}

/// Size and alignment of `ty`; `Err` for incomplete or unknown types.
/// The record rules are guessed from the data model ([`RecordAbi::from_data_model`]).
pub fn layout_of(ty: &ir::Type, types: &dyn Types, dm: &DataModel) -> Result<Layout, String> {
    layout_of_abi(ty, types, dm, RecordAbi::from_data_model(dm))
}

/// The layout of a struct or union definition.
/// The record rules are guessed from the data model ([`RecordAbi::from_data_model`]).
pub fn struct_layout(
    s: &ir::Struct,
    types: &dyn Types,
    dm: &DataModel,
) -> Result<StructLayout, String> {
    struct_layout_abi(s, types, dm, RecordAbi::from_data_model(dm))
}

/// [`layout_of`] with explicit record rules.
pub fn layout_of_abi(
    ty: &ir::Type,
    types: &dyn Types,
    dm: &DataModel,
    abi: RecordAbi,
) -> Result<Layout, String> {
    let cx = Cx { types, dm, abi };
    cx.ty(ty, Anon::NONE, 0).map(Lay::public)
}

/// [`struct_layout`] with explicit record rules.
pub fn struct_layout_abi(
    s: &ir::Struct,
    types: &dyn Types,
    dm: &DataModel,
    abi: RecordAbi,
) -> Result<StructLayout, String> {
    let cx = Cx { types, dm, abi };
    let (lay, fields) = cx.record(s, 0)?;
    Ok(StructLayout {
        layout: lay.public(),
        fields,
    })
}

/// Size and alignment of an enumeration type: `int`-sized unless a value needs more (then the
/// 64-bit type), or the smallest type that holds the values when `packed`. MSVC enums are
/// always `int`.
pub fn enum_layout(e: &ir::Enum, dm: &DataModel, abi: RecordAbi) -> Layout {
    let sa = enum_size_align(e, dm, abi);
    Layout {
        size: sa.size as u64,
        align: sa.align as u64,
    }
}

/// The integer type gcc makes an enumerated type compatible with (its underlying type):
/// `unsigned int` when no value is negative, else `int`; `unsigned long`/`long` (the
/// `long long` pair where `long` is 32 bits) when 32 bits do not hold the values. Packed
/// enums use the smallest type that does. MSVC: always `int`. (The enumeration *constants*
/// are `int` in C whenever their value fits.)
pub fn enum_int_type(e: &ir::Enum, dm: &DataModel, abi: RecordAbi) -> IntType {
    if abi == RecordAbi::Msvc {
        return IntType::Int;
    }
    let min = e.values.iter().map(|v| v.value).min().unwrap_or(0);
    let max = e.values.iter().map(|v| v.value).max().unwrap_or(0);
    let neg = min < 0;
    let fits = |bits: u32| {
        if neg {
            min >= -(1i128 << (bits - 1)) && max < (1i128 << (bits - 1))
        } else {
            max < (1i128 << bits)
        }
    };
    let wide = |neg: bool| {
        let long64 = dm.long.size == 8;
        match (neg, long64) {
            (true, true) => IntType::Long,
            (false, true) => IntType::ULong,
            (true, false) => IntType::LongLong,
            (false, false) => IntType::ULongLong,
        }
    };
    if e.is_packed {
        for (bits, s, u) in [
            (8, IntType::SChar, IntType::UChar),
            (16, IntType::Short, IntType::UShort),
            (32, IntType::Int, IntType::UInt),
        ] {
            if fits(bits) {
                return if neg { s } else { u };
            }
        }
        return wide(neg);
    }
    match (neg, fits(32)) {
        (true, true) => IntType::Int,
        (false, true) => IntType::UInt,
        (n, false) => wide(n),
    }
}

fn enum_size_align(e: &ir::Enum, dm: &DataModel, abi: RecordAbi) -> SizeAlign {
    int_size_align(enum_int_type(e, dm, abi), dm)
}

/// Size and alignment of an integer type on the target.
pub fn int_size_align(t: IntType, dm: &DataModel) -> SizeAlign {
    match t {
        IntType::Bool => dm.bool,
        IntType::Char | IntType::SChar | IntType::UChar => dm.char,
        IntType::Short | IntType::UShort => dm.short,
        IntType::Int | IntType::UInt => dm.int,
        IntType::Long | IntType::ULong => dm.long,
        IntType::LongLong | IntType::ULongLong => dm.long_long,
        IntType::Int128 | IntType::UInt128 => SizeAlign {
            size: 16,
            align: 16,
        },
    }
}

/// Byte offset of the member `path` (as in `offsetof(ty, a.b[2])`) within `ty`. Members of
/// anonymous struct/union members are found through them. `index` evaluates array indices.
pub fn offset_of(
    ty: &ir::Type,
    path: &[Designator],
    types: &dyn Types,
    dm: &DataModel,
    abi: RecordAbi,
    index: &dyn Fn(&CExpr) -> Result<i128, String>,
) -> Result<u64, String> {
    let cx = Cx { types, dm, abi };
    let mut cur: &ir::Type = ty;
    let mut anon = Anon::NONE;
    let mut bits: i128 = 0;
    for d in path {
        match d {
            Designator::Member(name) => {
                let Some(rec) = cx.resolve_record(cur, anon)? else {
                    return Err(format!("`.{name}` applied to a non-struct type"));
                };
                let mut trail = Vec::new();
                if !find_member(rec, name, &mut trail) {
                    return Err(format!("no member named `{name}`"));
                }
                // walk the trail of field indices through anonymous members
                let mut r = rec;
                for (k, &i) in trail.iter().enumerate() {
                    let (_, fl) = cx.record(r, 0)?;
                    bits += fl[i].bit_offset as i128;
                    let f = &r.fields[i];
                    if k + 1 == trail.len() {
                        if f.bit_width.is_some() {
                            return Err(format!("`{name}` is a bit-field"));
                        }
                        cur = &f.ty;
                        anon = Anon::of(f.anonymous_struct.as_deref(), f.anonymous_enum.as_deref());
                    } else {
                        r = f
                            .anonymous_struct
                            .as_deref()
                            .ok_or("anonymous member lost")?;
                    }
                }
            }
            Designator::Index(e) => {
                let i = index(e)?;
                let ir::Type::Array { element, .. } = cx.peel(cur)? else {
                    return Err("index applied to a non-array type".into());
                };
                let el = cx.ty(element, anon, 0)?;
                bits = i
                    .checked_mul(el.size as i128 * 8)
                    .and_then(|b| bits.checked_add(b))
                    .ok_or("the offset overflows")?;
                cur = element;
            }
        }
    }
    if bits < 0 || bits % 8 != 0 {
        return Err("offset is not a whole non-negative number of bytes".into());
    }
    u64::try_from(bits / 8).map_err(|_| "the offset overflows".into())
}

/// Finds `name` in `s`, looking into anonymous members; pushes the field indices on the way.
fn find_member(s: &ir::Struct, name: &str, trail: &mut Vec<usize>) -> bool {
    for (i, f) in s.fields.iter().enumerate() {
        if f.name == name {
            trail.push(i);
            return true;
        }
        if f.name.is_empty()
            && let Some(a) = &f.anonymous_struct
        {
            trail.push(i);
            if find_member(a, name, trail) {
                return true;
            }
            trail.pop();
        }
    }
    false
}

// ------------------------------------------------------------------------------------------
// Base types
// ------------------------------------------------------------------------------------------

/// A built-in type named by keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseType {
    Void,
    Int(IntType),
    Float(FloatType),
    Complex(FloatType),
    /// `__float128` / `_Float128`.
    Float128,
    /// `_Float16` / `__fp16`.
    Float16,
    /// `__builtin_va_list`.
    VaList,
}

/// Recognises a built-in type from its keywords in any order and spelling (`unsigned`,
/// `long unsigned int`, `signed char`, `_Bool`, `long double`, `_Complex float`...).
pub fn base_type(name: &str) -> Option<BaseType> {
    let mut unsigned = false;
    let mut signed = false;
    let (mut char_, mut short, mut int, mut long, mut i128_) = (false, false, false, 0, false);
    let (mut float, mut double, mut complex, mut bool_, mut void) =
        (false, false, false, false, false);
    let mut words = 0;
    for w in name.split_whitespace() {
        words += 1;
        match w {
            "unsigned" => unsigned = true,
            "signed" | "__signed__" | "__signed" => signed = true,
            "char" => char_ = true,
            "short" => short = true,
            "int" => int = true,
            "long" => long += 1,
            "__int128" | "__int128_t" => i128_ = true,
            "__uint128_t" => {
                i128_ = true;
                unsigned = true
            }
            "float" => float = true,
            "double" => double = true,
            "_Complex" | "__complex__" => complex = true,
            "_Bool" | "bool" => bool_ = true,
            "void" => void = true,
            "__float128" | "_Float128" if words == 1 => return Some(BaseType::Float128),
            "_Float16" | "__fp16" if words == 1 => return Some(BaseType::Float16),
            "_Float32" if words == 1 => return Some(BaseType::Float(FloatType::Float)),
            "_Float64" | "_Float32x" if words == 1 => {
                return Some(BaseType::Float(FloatType::Double));
            }
            "__builtin_va_list" if words == 1 => return Some(BaseType::VaList),
            _ => return None,
        }
    }
    if words == 0 {
        return None;
    }
    if void {
        return (words == 1).then_some(BaseType::Void);
    }
    if float || double {
        let f = if float {
            FloatType::Float
        } else if long == 1 {
            FloatType::LongDouble
        } else {
            FloatType::Double
        };
        return Some(if complex {
            BaseType::Complex(f)
        } else {
            BaseType::Float(f)
        });
    }
    if complex {
        // `_Complex` alone is `_Complex double`; GNU complex integers are not supported
        return (words == 1).then_some(BaseType::Complex(FloatType::Double));
    }
    if bool_ {
        return (words == 1).then_some(BaseType::Int(IntType::Bool));
    }
    let t = if char_ {
        if unsigned {
            IntType::UChar
        } else if signed {
            IntType::SChar
        } else {
            IntType::Char
        }
    } else if short {
        if unsigned {
            IntType::UShort
        } else {
            IntType::Short
        }
    } else if i128_ {
        if unsigned {
            IntType::UInt128
        } else {
            IntType::Int128
        }
    } else if long >= 2 {
        if unsigned {
            IntType::ULongLong
        } else {
            IntType::LongLong
        }
    } else if long == 1 {
        if unsigned {
            IntType::ULong
        } else {
            IntType::Long
        }
    } else if int || unsigned || signed {
        if unsigned {
            IntType::UInt
        } else {
            IntType::Int
        }
    } else {
        return None;
    };
    Some(BaseType::Int(t))
}

fn base_layout(b: BaseType, dm: &DataModel, abi: RecordAbi) -> Result<SizeAlign, String> {
    Ok(match b {
        BaseType::Void => return Err("`void` has no size".into()),
        BaseType::Int(t) => int_size_align(t, dm),
        BaseType::Float(f) => float_size_align(f, dm),
        BaseType::Complex(f) => {
            let sa = float_size_align(f, dm);
            SizeAlign {
                size: sa.size * 2,
                align: sa.align,
            }
        }
        BaseType::Float128 => SizeAlign {
            size: 16,
            align: 16,
        },
        BaseType::Float16 => SizeAlign { size: 2, align: 2 },
        BaseType::VaList => {
            let p = dm.pointer;
            if abi == RecordAbi::Msvc || p.size == 4 {
                // char * (MSVC, i686, wasm32) or struct { void * } (armv7)
                p
            } else if abi == RecordAbi::Aapcs {
                // AAPCS64: struct { void *, void *, void *, int, int }
                SizeAlign { size: 32, align: 8 }
            } else if dm.long_double.size == 16 {
                // x86_64: struct __va_list_tag[1]
                SizeAlign { size: 24, align: 8 }
            } else {
                // Apple arm64: char *
                p
            }
        }
    })
}

fn float_size_align(f: FloatType, dm: &DataModel) -> SizeAlign {
    match f {
        FloatType::Float => dm.float,
        FloatType::Double => dm.double,
        FloatType::LongDouble => dm.long_double,
    }
}

// ------------------------------------------------------------------------------------------
// The engine
// ------------------------------------------------------------------------------------------

/// A layout plus MSVC's *required* alignment (from `aligned` attributes; 1 otherwise), which
/// `#pragma pack` does not cap there.
#[derive(Debug, Clone, Copy)]
struct Lay {
    size: u64,
    align: u64,
    required: u64,
}

impl Lay {
    fn public(self) -> Layout {
        Layout {
            size: self.size,
            align: self.align,
        }
    }
    fn plain(sa: SizeAlign) -> Lay {
        Lay {
            size: sa.size as u64,
            align: sa.align as u64,
            required: 1,
        }
    }
}

/// The definitions a field's bare `struct`/`union`/`enum` type refers to.
#[derive(Clone, Copy)]
struct Anon<'a> {
    record: Option<&'a ir::Struct>,
    enumeration: Option<&'a ir::Enum>,
}

impl<'a> Anon<'a> {
    const NONE: Anon<'static> = Anon {
        record: None,
        enumeration: None,
    };
    fn of(record: Option<&'a ir::Struct>, enumeration: Option<&'a ir::Enum>) -> Anon<'a> {
        Anon {
            record,
            enumeration,
        }
    }
}

const MAX_DEPTH: u32 = 200;

/// The largest object size accepted, in bytes (gcc's limit is `PTRDIFF_MAX`). Beyond it a
/// type is "too large": this bound keeps every offset in bits, and every sum of a bounded
/// offset and a bounded size, within `u64`.
const MAX_SIZE: u64 = 1 << 59;

fn too_large(what: &str) -> String {
    format!("{what} is too large (more than 2^59 bytes)")
}

struct Cx<'a> {
    types: &'a dyn Types,
    dm: &'a DataModel,
    abi: RecordAbi,
}

enum Named<'a> {
    Base(BaseType),
    Record(&'a ir::Struct),
    Enum(&'a ir::Enum),
    /// A typedef's type, with the anonymous definitions it may name.
    Type(&'a ir::Type, Anon<'a>),
}

fn align_up(v: u64, a: u64) -> u64 {
    if a <= 1 { v } else { v.div_ceil(a) * a }
}

impl<'a> Cx<'a> {
    /// What a type name refers to (one step: a typedef gives its underlying type).
    fn lookup<'b>(&self, name: &str, anon: Anon<'b>) -> Result<Named<'b>, String>
    where
        'a: 'b,
    {
        if let Some(b) = base_type(name) {
            return Ok(Named::Base(b));
        }
        let tag = |kw: &str| name.strip_prefix(kw).map(str::trim);
        match name {
            "struct" | "union" => {
                return match anon.record {
                    Some(r) => Ok(Named::Record(r)),
                    None => Err(format!("anonymous {name} without its definition")),
                };
            }
            "enum" => {
                return match anon.enumeration {
                    Some(e) => Ok(Named::Enum(e)),
                    None => Err("anonymous enum without its definition".into()),
                };
            }
            _ => {}
        }
        if let Some(t) = tag("struct ") {
            return self
                .types
                .record(t, false)
                .map(Named::Record)
                .ok_or_else(|| format!("unknown struct `{t}`"));
        }
        if let Some(t) = tag("union ") {
            return self
                .types
                .record(t, true)
                .map(Named::Record)
                .ok_or_else(|| format!("unknown union `{t}`"));
        }
        if let Some(t) = tag("enum ") {
            return self
                .types
                .enumeration(t)
                .map(Named::Enum)
                .ok_or_else(|| format!("unknown enum `{t}`"));
        }
        if let Some(t) = self.types.typedef(name) {
            let anon = Anon::of(
                self.types.typedef_record(name),
                self.types.typedef_enum(name),
            );
            return Ok(Named::Type(t, anon));
        }
        // `typedef struct {...} T;` is kept as a struct named T
        for is_union in [false, true] {
            if let Some(r) = self.types.record(name, is_union)
                && r.is_typedef
            {
                return Ok(Named::Record(r));
            }
        }
        if let Some(e) = self.types.enumeration(name)
            && e.is_typedef
        {
            return Ok(Named::Enum(e));
        }
        Err(format!("unknown type `{name}`"))
    }

    fn ty<'b>(&self, ty: &'b ir::Type, anon: Anon<'b>, depth: u32) -> Result<Lay, String>
    where
        'a: 'b,
    {
        if depth > MAX_DEPTH {
            return Err("type nesting too deep (recursive typedef?)".into());
        }
        match ty {
            ir::Type::CType { name, .. } => match self.lookup(name, anon)? {
                Named::Base(b) => Ok(Lay::plain(base_layout(b, self.dm, self.abi)?)),
                Named::Record(r) => Ok(self.record(r, depth + 1)?.0),
                Named::Enum(e) => {
                    if e.is_opaque && e.values.is_empty() {
                        return Err(format!(
                            "incomplete enum `{}`",
                            e.name.as_deref().unwrap_or("")
                        ));
                    }
                    Ok(Lay::plain(enum_size_align(e, self.dm, self.abi)))
                }
                Named::Type(t, a) => self.ty(t, a, depth + 1),
            },
            ir::Type::Pointer { .. } => Ok(Lay::plain(self.dm.pointer)),
            ir::Type::Array { element, size } => {
                let el = self.ty(element, anon, depth + 1)?;
                let n = match size {
                    Some(ir::ArraySize::Fixed(n)) => *n,
                    None => 0,
                    Some(ir::ArraySize::Expr(e)) => {
                        return Err(format!("array size `{e}` is not a known constant"));
                    }
                };
                let size = el
                    .size
                    .checked_mul(n)
                    .filter(|&s| s <= MAX_SIZE)
                    .ok_or_else(|| too_large("the array"))?;
                Ok(Lay {
                    size,
                    align: el.align,
                    required: el.required,
                })
            }
            ir::Type::Function(_) => Err("a function type has no size".into()),
        }
    }

    /// Follows typedef names to the first type that is not one.
    fn peel<'b>(&self, ty: &'b ir::Type) -> Result<&'b ir::Type, String>
    where
        'a: 'b,
    {
        let mut t = ty;
        for _ in 0..MAX_DEPTH {
            match t {
                ir::Type::CType { name, .. } if base_type(name).is_none() => {
                    match self.lookup(name, Anon::NONE) {
                        Ok(Named::Type(u, _)) => t = u,
                        _ => return Ok(t),
                    }
                }
                _ => return Ok(t),
            }
        }
        Err("recursive typedef".into())
    }

    /// The record a (possibly typedef'd) type names, if any.
    fn resolve_record<'b>(
        &self,
        ty: &'b ir::Type,
        anon: Anon<'b>,
    ) -> Result<Option<&'b ir::Struct>, String>
    where
        'a: 'b,
    {
        let mut t = ty;
        let mut anon = anon;
        for _ in 0..MAX_DEPTH {
            let ir::Type::CType { name, .. } = t else {
                return Ok(None);
            };
            match self.lookup(name, anon)? {
                Named::Record(r) => return Ok(Some(r)),
                Named::Type(u, a) => {
                    t = u;
                    anon = a;
                }
                _ => return Ok(None),
            }
        }
        Err("recursive typedef".into())
    }

    fn field_lay<'b>(&self, f: &'b ir::Field, depth: u32) -> Result<Lay, String>
    where
        'a: 'b,
    {
        self.ty(
            &f.ty,
            Anon::of(f.anonymous_struct.as_deref(), f.anonymous_enum.as_deref()),
            depth + 1,
        )
        .map_err(|e| {
            if f.name.is_empty() {
                e
            } else {
                format!("field `{}`: {e}", f.name)
            }
        })
    }

    fn record<'b>(&self, s: &'b ir::Struct, depth: u32) -> Result<(Lay, Vec<FieldLayout>), String>
    where
        'a: 'b,
    {
        if depth > MAX_DEPTH {
            return Err("struct nesting too deep".into());
        }
        if s.is_opaque && s.fields.is_empty() {
            return Err(format!(
                "incomplete {} `{}`",
                if s.is_union { "union" } else { "struct" },
                s.name.as_deref().unwrap_or("")
            ));
        }
        match self.abi {
            RecordAbi::Msvc => self.record_msvc(s, depth),
            _ => self.record_gnu(s, depth),
        }
    }

    /// gcc's layout (System V and AAPCS).
    fn record_gnu<'b>(
        &self,
        s: &'b ir::Struct,
        depth: u32,
    ) -> Result<(Lay, Vec<FieldLayout>), String>
    where
        'a: 'b,
    {
        let aapcs = self.abi == RecordAbi::Aapcs;
        let clang = self.abi == RecordAbi::SysVClang;
        let packed = s.is_packed;
        let pack = s.pack.filter(|&p| p > 0).map(u64::from);
        let cap = |a: u64| pack.map_or(a, |p| a.min(p));
        let union = s.is_union;
        let mut pos = 0u64; // next free bit (structs)
        let mut end = 0u64; // size in bits (unions)
        let mut align = 1u64;
        let mut out = Vec::with_capacity(s.fields.len());
        for f in &s.fields {
            // `packed` on the struct or on this member alone
            let packed = packed || f.is_packed;
            let l = self.field_lay(f, depth)?;
            let explicit = f.aligned.map_or(0, u64::from);
            match f.bit_width {
                Some(w) => {
                    let w = w as u64;
                    let (ts, ta) = (l.size * 8, l.align.max(1));
                    if w > ts {
                        return Err(format!("bit-field `{}` is wider than its type", f.name));
                    }
                    if w == 0 {
                        // aligns the next member to its type, whatever the packing
                        let a = ta.max(explicit);
                        let off = if union { 0 } else { align_up(pos, a * 8) };
                        if !union {
                            pos = off;
                        }
                        if aapcs {
                            align = align.max(a);
                        }
                        out.push(FieldLayout {
                            bit_offset: off,
                            bit_size: 0,
                        });
                        continue;
                    }
                    let mut off = pos;
                    if union {
                        off = 0;
                    } else if explicit > 0 && clang {
                        // clang: the straddling test uses the raised alignment; otherwise
                        // the explicit alignment applies unless #pragma pack is lower
                        let fa = cap(if packed { explicit } else { ta.max(explicit) });
                        if pack.is_none() && off % (fa * 8) + w > ts {
                            off = align_up(off, fa * 8);
                        } else if pack.is_none_or(|p| explicit <= p) {
                            off = align_up(off, explicit * 8);
                        }
                    } else {
                        // gcc: the explicit alignment first, then no straddling
                        if explicit > 0 {
                            off = align_up(off, cap(explicit) * 8);
                        }
                        if !packed && pack.is_none() && off % (ta * 8) + w > ts {
                            off = align_up(off, ta * 8);
                        }
                    }
                    if !f.name.is_empty() || aapcs {
                        let mut a = match pack {
                            Some(p) => ta.min(p),
                            None if packed => 1,
                            None => ta,
                        };
                        if explicit > 0 {
                            a = a.max(cap(explicit));
                        }
                        align = align.max(a);
                    }
                    if union {
                        end = end.max(align_up(w, 8));
                    } else {
                        pos = off + w;
                        if pos > MAX_SIZE * 8 {
                            return Err(too_large("the struct"));
                        }
                    }
                    out.push(FieldLayout {
                        bit_offset: off,
                        bit_size: w,
                    });
                }
                None => {
                    let mut a = if packed { 1 } else { l.align };
                    a = cap(a.max(explicit));
                    let off = if union {
                        0
                    } else {
                        align_up(align_up(pos, 8), a * 8)
                    };
                    align = align.max(a);
                    let bits = l.size * 8;
                    if union {
                        end = end.max(bits);
                    } else {
                        pos = off + bits;
                        if pos > MAX_SIZE * 8 {
                            return Err(too_large("the struct"));
                        }
                    }
                    out.push(FieldLayout {
                        bit_offset: off,
                        bit_size: bits,
                    });
                }
            }
        }
        if let Some(a) = s.aligned.filter(|&a| a > 0) {
            align = align.max(a as u64);
        }
        let bits = if union { end } else { pos };
        let size = align_up(bits.div_ceil(8), align);
        if size > MAX_SIZE {
            return Err(too_large(if union { "the union" } else { "the struct" }));
        }
        Ok((
            Lay {
                size,
                align,
                required: 1,
            },
            out,
        ))
    }

    /// Microsoft's layout.
    fn record_msvc<'b>(
        &self,
        s: &'b ir::Struct,
        depth: u32,
    ) -> Result<(Lay, Vec<FieldLayout>), String>
    where
        'a: 'b,
    {
        let max_field_align = if s.is_packed {
            Some(1)
        } else {
            s.pack.filter(|&p| p > 0).map(u64::from)
        };
        let union = s.is_union;
        let mut size = 0u64; // bytes
        let mut align = 1u64;
        let mut required = s.aligned.filter(|&a| a > 0).map_or(1, u64::from);
        let mut last_bitfield = false; // the previous field is a non-zero-width bit-field
        let mut unit_size = 0u64;
        let mut remaining = 0u64; // bits left in the current unit
        let mut out = Vec::with_capacity(s.fields.len());
        for f in &s.fields {
            let l = self.field_lay(f, depth)?;
            let explicit = f.aligned.map_or(1, |a| (a as u64).max(1));
            // alignment of the member as MSVC adjusts it
            let mut field_required = explicit;
            let mut info_align = l.align;
            if f.bit_width.is_some() {
                info_align = info_align.max(field_required);
            } else {
                field_required = field_required.max(l.required);
                required = required.max(field_required);
            }
            if let Some(m) = max_field_align {
                info_align = info_align.min(m);
            }
            info_align = info_align.max(field_required);
            match f.bit_width {
                Some(0) => {
                    if !last_bitfield {
                        out.push(FieldLayout {
                            bit_offset: if union { 0 } else { size * 8 },
                            bit_size: 0,
                        });
                        continue;
                    }
                    last_bitfield = false;
                    if union {
                        size = size.max(l.size);
                        out.push(FieldLayout {
                            bit_offset: 0,
                            bit_size: 0,
                        });
                    } else {
                        let off = align_up(size, info_align);
                        size = off;
                        align = align.max(info_align);
                        out.push(FieldLayout {
                            bit_offset: off * 8,
                            bit_size: 0,
                        });
                    }
                }
                Some(w) => {
                    let w = w as u64;
                    if w > l.size * 8 {
                        return Err(format!("bit-field `{}` is wider than its type", f.name));
                    }
                    if !union && last_bitfield && unit_size == l.size && w <= remaining {
                        out.push(FieldLayout {
                            bit_offset: size * 8 - remaining,
                            bit_size: w,
                        });
                        remaining -= w;
                        continue;
                    }
                    last_bitfield = true;
                    unit_size = l.size;
                    if union {
                        size = size.max(l.size);
                        out.push(FieldLayout {
                            bit_offset: 0,
                            bit_size: w,
                        });
                    } else {
                        let off = align_up(size, info_align);
                        out.push(FieldLayout {
                            bit_offset: off * 8,
                            bit_size: w,
                        });
                        size = off + l.size;
                        if size > MAX_SIZE {
                            return Err(too_large("the struct"));
                        }
                        align = align.max(info_align);
                        remaining = l.size * 8 - w;
                    }
                }
                None => {
                    last_bitfield = false;
                    align = align.max(info_align);
                    if union {
                        size = size.max(l.size);
                        out.push(FieldLayout {
                            bit_offset: 0,
                            bit_size: l.size * 8,
                        });
                    } else {
                        let off = align_up(size, info_align);
                        out.push(FieldLayout {
                            bit_offset: off * 8,
                            bit_size: l.size * 8,
                        });
                        size = off + l.size;
                        if size > MAX_SIZE {
                            return Err(too_large("the struct"));
                        }
                    }
                }
            }
        }
        align = align.max(required);
        size = align_up(size, align);
        if size > MAX_SIZE {
            return Err(too_large(if union { "the union" } else { "the struct" }));
        }
        if size == 0 {
            // C structs are never empty under MSVC rules
            size = if required >= 4 { align } else { 4 };
        }
        // a record with its own `aligned` attribute requires its whole alignment wherever it
        // is used; otherwise what its members require
        if s.aligned.is_some_and(|a| a > 0) {
            required = align;
        }
        Ok((
            Lay {
                size,
                align,
                required,
            },
            out,
        ))
    }
}

/// Evaluates array indices for [`offset_of`] with [`consteval::eval`].
pub fn eval_index(e: &CExpr, env: &dyn consteval::Env) -> Result<i128, String> {
    match consteval::eval(e, env)? {
        consteval::Value::Int { value, .. } => Ok(value),
        _ => Err("array index is not an integer".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preprocess::target::Target;

    fn field(name: &str, ty: ir::Type) -> ir::Field {
        ir::Field {
            name: name.into(),
            ty,
            bit_width: None,
            anonymous_struct: None,
            anonymous_enum: None,
            aligned: None,
            is_packed: false,
        }
    }

    fn array(el: &str, n: u64) -> ir::Type {
        ir::Type::Array {
            element: Box::new(ir::Type::named(el)),
            size: Some(ir::ArraySize::Fixed(n)),
        }
    }

    fn header_with(s: ir::Struct) -> ir::Header {
        ir::Header {
            declarations: vec![ir::Declaration::Struct(s)],
            ..Default::default()
        }
    }

    /// Sizes whose sum or whose size in bits overflows `u64` are errors, not panics.
    #[test]
    fn huge_objects_are_too_large() {
        let big = |is_union: bool, fields: Vec<ir::Field>| ir::Struct {
            name: Some("S".into()),
            is_union,
            fields,
            ..Default::default()
        };
        let huge = i64::MAX as u64;
        let cases = [
            big(
                false,
                vec![
                    field("a", array("char", huge)),
                    field("b", array("char", huge)),
                ],
            ),
            big(
                true,
                vec![
                    field("a", array("char", u64::MAX)),
                    field("b", array("int", 1)),
                ],
            ),
            big(false, vec![field("a", array("int", huge))]),
            big(
                false,
                vec![
                    field("a", array("char", MAX_SIZE)),
                    field("b", array("char", 1)),
                ],
            ),
        ];
        for target in ["x86_64-unknown-linux-gnu", "x86_64-pc-windows-msvc"] {
            let t = Target::parse(target).unwrap();
            let abi = RecordAbi::for_target(&t);
            for s in &cases {
                let h = header_with(s.clone());
                let kw = if s.is_union { "union S" } else { "struct S" };
                let e = layout_of_abi(&ir::Type::named(kw), &h, &t.data_model(), abi)
                    .expect_err("too large");
                assert!(e.contains("too large"), "{target}: {e}");
            }
        }
        // the largest accepted size is fine
        let h = header_with(big(false, vec![field("a", array("char", MAX_SIZE))]));
        let t = Target::parse("x86_64-unknown-linux-gnu").unwrap();
        let l = layout_of(&ir::Type::named("struct S"), &h, &t.data_model()).unwrap();
        assert_eq!(l.size, MAX_SIZE);
    }

    /// `offsetof` with an index whose offset overflows is an error, not a panic.
    #[test]
    fn huge_offsetof_indices_overflow() {
        let h = header_with(ir::Struct {
            name: Some("S".into()),
            fields: vec![field("a", array("int", 2))],
            ..Default::default()
        });
        let t = Target::parse("x86_64-unknown-linux-gnu").unwrap();
        let dm = t.data_model();
        let path = [
            Designator::Member("a".into()),
            Designator::Index(Box::new(CExpr::Literal("0".into()))),
        ];
        for i in [i128::MAX, i128::MIN, 1 << 126, (1 << 62) + 1] {
            let e = offset_of(
                &ir::Type::named("struct S"),
                &path,
                &h,
                &dm,
                RecordAbi::SysV,
                &|_| Ok(i),
            );
            assert!(e.is_err(), "index {i}: {e:?}");
        }
        let ok = offset_of(
            &ir::Type::named("struct S"),
            &path,
            &h,
            &dm,
            RecordAbi::SysV,
            &|_| Ok(1),
        );
        assert_eq!(ok, Ok(4));
    }
}
