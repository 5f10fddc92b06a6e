//! The one constant-expression evaluator: enum values, array sizes, bit widths, `aligned(N)`
//! arguments and object-like macro bodies all go through [`eval`].
//!
//! What is evaluated: C17 6.6 integer and arithmetic constant expressions with the target's
//! integer widths and `char` signedness: literals of every base and suffix typed by the
//! C17 6.4.4.1 table (an unsuffixed decimal too large for `long long` is `__int128` on LP64
//! targets, as gcc has it), character constants as gcc computes them (multi-character ones
//! big-endian in an `int`, `L'ab'` its last character), the integer promotions and usual
//! arithmetic conversions, wrapping in the result type, short-circuit `&&`, `||` and `?:`
//! (the operand not evaluated may divide by zero), casts, `sizeof`, `_Alignof` and `offsetof`
//! through [`Env`]. Pointer constants (`(void *)0`) are values while evaluating but not
//! results. Floating arithmetic is done in `f64`, rounded to `f32` for `float`; `long double`
//! is evaluated as `double` (its extra precision is lost). `_Alignof` is the ABI alignment
//! (C11 `_Alignof`, 4 for `double` on i686 Linux, where GNU `__alignof__` says 8).
//! Values of `unsigned __int128` above `i128::MAX` are kept as their bit pattern.
//! On MSVC targets (told by their 2-byte `wchar_t`) an `ll`/`i64`-suffixed literal without
//! `u` is always `long long`, as MSVC has it.

use crate::ir;
use crate::parse::layout::{self, BaseType};
use crate::preprocess::target::DataModel;

/// C's integer types, by rank; widths come from the target's data model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntType {
    Bool,
    Char,
    SChar,
    UChar,
    Short,
    UShort,
    Int,
    UInt,
    Long,
    ULong,
    LongLong,
    ULongLong,
    Int128,
    UInt128,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloatType {
    Float,
    Double,
    LongDouble,
}

/// The value of a constant expression, with its C type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int {
        value: i128,
        ty: IntType,
    },
    Float {
        value: f64,
        ty: FloatType,
    },
    /// A string literal as written (prefix and quotes kept).
    Str(String),
}

/// A constant expression, from lang-c's AST or from a macro's replacement list.
#[derive(Debug, Clone, PartialEq)]
pub enum CExpr {
    /// An integer, floating or character constant as written (`0x10UL`, `1e3f`, `'a'`).
    Literal(String),
    Str(String),
    /// An enumeration constant or macro name.
    Ident(String),
    Unary(UnaryOp, Box<CExpr>),
    Binary(BinaryOp, Box<CExpr>, Box<CExpr>),
    Cond(Box<CExpr>, Box<CExpr>, Box<CExpr>),
    Cast(ir::Type, Box<CExpr>),
    SizeofType(ir::Type),
    SizeofExpr(Box<CExpr>),
    AlignofType(ir::Type),
    /// `offsetof(type, a.b[2])`: the member path as names and indices.
    Offsetof(ir::Type, Vec<Designator>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Designator {
    Member(String),
    Index(Box<CExpr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Plus,
    Minus,
    Complement,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    BitAnd,
    BitXor,
    BitOr,
    And,
    Or,
    Comma,
}

/// What the evaluator needs to know about the program and the target.
pub trait Env {
    /// The value of an enumeration constant or constant macro.
    fn ident(&self, name: &str) -> Option<Value>;
    /// Size and alignment of a type, in bytes.
    fn layout(&self, ty: &ir::Type) -> Option<crate::parse::layout::Layout>;
    /// Byte offset of a member path within a type.
    fn offset_of(&self, ty: &ir::Type, path: &[Designator]) -> Option<u64>;
    /// Follows typedefs to the underlying type.
    fn resolve(&self, ty: &ir::Type) -> ir::Type;
    /// The target's data model (integer widths, `char` signedness).
    fn data_model(&self) -> &crate::preprocess::target::DataModel;
}

/// Evaluates `e`; `Err` says why it is not a constant expression.
pub fn eval(e: &CExpr, env: &dyn Env) -> Result<Value, String> {
    let ev = Ev {
        env,
        dm: *env.data_model(),
    };
    match ev.ev(e, true)? {
        V::Int(value, ty) => Ok(Value::Int { value, ty }),
        V::Float(value, ty) => Ok(Value::Float { value, ty }),
        V::Str(s) => Ok(Value::Str(s)),
        V::Ptr(_) => Err("not arithmetic: the value is a pointer".into()),
    }
}

/// Evaluates a literal (`0x10UL`, `1e3f`, `'a'`, `L'x'`) on its own.
pub fn eval_literal(text: &str, dm: &DataModel) -> Result<Value, String> {
    match parse_literal(text, dm)? {
        V::Int(value, ty) => Ok(Value::Int { value, ty }),
        V::Float(value, ty) => Ok(Value::Float { value, ty }),
        V::Str(s) => Ok(Value::Str(s)),
        V::Ptr(_) => Err("not arithmetic".into()),
    }
}

// ------------------------------------------------------------------------------------------
// Integer types on the target
// ------------------------------------------------------------------------------------------

/// Width in bits of an integer type on the target (`_Bool`: 1).
pub fn int_bits(t: IntType, dm: &DataModel) -> u32 {
    match t {
        IntType::Bool => 1,
        IntType::Char | IntType::SChar | IntType::UChar => dm.char.size * 8,
        IntType::Short | IntType::UShort => dm.short.size * 8,
        IntType::Int | IntType::UInt => dm.int.size * 8,
        IntType::Long | IntType::ULong => dm.long.size * 8,
        IntType::LongLong | IntType::ULongLong => dm.long_long.size * 8,
        IntType::Int128 | IntType::UInt128 => 128,
    }
}

/// Whether an integer type is signed on the target (plain `char` per the data model).
pub fn int_signed(t: IntType, dm: &DataModel) -> bool {
    match t {
        IntType::Char => dm.char_signed,
        IntType::SChar
        | IntType::Short
        | IntType::Int
        | IntType::Long
        | IntType::LongLong
        | IntType::Int128 => true,
        _ => false,
    }
}

/// `v` converted to integer type `t` (C17 6.3.1.3, wrapping modulo 2^width as gcc does).
/// Values of `unsigned __int128` above `i128::MAX` are kept as their bit pattern.
pub fn wrap_int(v: i128, t: IntType, dm: &DataModel) -> i128 {
    if t == IntType::Bool {
        return (v != 0) as i128;
    }
    let bits = int_bits(t, dm);
    if bits >= 128 {
        return v;
    }
    let m = (v as u128) & ((1u128 << bits) - 1);
    if int_signed(t, dm) && (m >> (bits - 1)) & 1 == 1 {
        (m as i128) - (1i128 << bits)
    } else {
        m as i128
    }
}

fn rank(t: IntType) -> u8 {
    match t {
        IntType::Bool => 0,
        IntType::Char | IntType::SChar | IntType::UChar => 1,
        IntType::Short | IntType::UShort => 2,
        IntType::Int | IntType::UInt => 3,
        IntType::Long | IntType::ULong => 4,
        IntType::LongLong | IntType::ULongLong => 5,
        IntType::Int128 | IntType::UInt128 => 6,
    }
}

fn unsigned_of(t: IntType) -> IntType {
    match t {
        IntType::Char | IntType::SChar => IntType::UChar,
        IntType::Short => IntType::UShort,
        IntType::Int => IntType::UInt,
        IntType::Long => IntType::ULong,
        IntType::LongLong => IntType::ULongLong,
        IntType::Int128 => IntType::UInt128,
        other => other,
    }
}

/// The integer promotions (C17 6.3.1.1).
pub fn promote(t: IntType, dm: &DataModel) -> IntType {
    if rank(t) >= rank(IntType::Int) {
        return t;
    }
    // int holds every value of the narrower types unless they are as wide as int
    if int_bits(t, dm) < int_bits(IntType::Int, dm) || int_signed(t, dm) {
        IntType::Int
    } else {
        IntType::UInt
    }
}

/// The usual arithmetic conversions of two integer types (C17 6.3.1.8).
pub fn common_int_type(a: IntType, b: IntType, dm: &DataModel) -> IntType {
    let (a, b) = (promote(a, dm), promote(b, dm));
    if a == b {
        return a;
    }
    let (sa, sb) = (int_signed(a, dm), int_signed(b, dm));
    if sa == sb {
        return if rank(a) >= rank(b) { a } else { b };
    }
    let (u, s) = if sa { (b, a) } else { (a, b) };
    if rank(u) >= rank(s) {
        u
    } else if int_bits(s, dm) > int_bits(u, dm) {
        s
    } else {
        unsigned_of(s)
    }
}

fn int_max(t: IntType, dm: &DataModel) -> u128 {
    let bits = int_bits(t, dm);
    if int_signed(t, dm) {
        (1u128 << (bits - 1)) - 1
    } else if bits >= 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    }
}

fn int_min(t: IntType, dm: &DataModel) -> i128 {
    if int_signed(t, dm) {
        let bits = int_bits(t, dm);
        if bits >= 128 {
            i128::MIN
        } else {
            -(1i128 << (bits - 1))
        }
    } else {
        0
    }
}

/// The integer type a type name like `"long unsigned int"` or `"unsigned short"` denotes.
pub fn int_type_from_name(name: &str) -> Option<IntType> {
    match crate::parse::layout::base_type(name)? {
        BaseType::Int(t) => Some(t),
        _ => None,
    }
}

fn size_t(dm: &DataModel) -> IntType {
    int_type_from_name(dm.size_type).unwrap_or(IntType::ULong)
}

fn round_float(v: f64, t: FloatType) -> f64 {
    match t {
        FloatType::Float => v as f32 as f64,
        _ => v,
    }
}

// ------------------------------------------------------------------------------------------
// Evaluation
// ------------------------------------------------------------------------------------------

/// A value during evaluation: [`Value`] plus pointer constants such as `(void *)0`.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Int(i128, IntType),
    Float(f64, FloatType),
    Str(String),
    Ptr(i128),
}

/// What a cast's target type is.
enum Kind {
    Int(IntType),
    Float(FloatType),
    Ptr,
    Void,
    Other,
}

struct Ev<'a> {
    env: &'a dyn Env,
    dm: DataModel,
}

impl Ev<'_> {
    fn wrap(&self, v: i128, t: IntType) -> V {
        V::Int(wrap_int(v, t, &self.dm), t)
    }

    fn truth(&self, v: &V) -> bool {
        match v {
            V::Int(i, _) | V::Ptr(i) => *i != 0,
            V::Float(f, _) => *f != 0.0,
            V::Str(_) => true,
        }
    }

    fn classify(&self, ty: &ir::Type) -> Kind {
        let mut t = ty.clone();
        for _ in 0..64 {
            match &t {
                ir::Type::Pointer { .. } => return Kind::Ptr,
                ir::Type::Array { .. } | ir::Type::Function(_) => return Kind::Other,
                ir::Type::CType { name, .. } => {
                    if let Some(b) = crate::parse::layout::base_type(name) {
                        return match b {
                            BaseType::Void => Kind::Void,
                            BaseType::Int(i) => Kind::Int(i),
                            BaseType::Float(f) => Kind::Float(f),
                            BaseType::Float128 => Kind::Float(FloatType::LongDouble),
                            BaseType::Float16 => Kind::Float(FloatType::Float),
                            _ => Kind::Other,
                        };
                    }
                    if name.starts_with("enum ") || name == "enum" {
                        // an enumerated type: an integer of its size
                        return match self.env.layout(&t).map(|l| l.size) {
                            Some(1) => Kind::Int(IntType::SChar),
                            Some(2) => Kind::Int(IntType::Short),
                            Some(8) if self.dm.long.size == 8 => Kind::Int(IntType::Long),
                            Some(8) => Kind::Int(IntType::LongLong),
                            _ => Kind::Int(IntType::Int),
                        };
                    }
                    let r = self.env.resolve(&t);
                    if r == t {
                        return Kind::Other;
                    }
                    t = r;
                }
            }
        }
        Kind::Other
    }

    fn ev(&self, e: &CExpr, live: bool) -> Result<V, String> {
        match e {
            CExpr::Literal(s) => parse_literal(s, &self.dm),
            CExpr::Str(s) => Ok(V::Str(s.clone())),
            CExpr::Ident(n) => match self.env.ident(n) {
                Some(Value::Int { value, ty }) => Ok(V::Int(value, ty)),
                Some(Value::Float { value, ty }) => Ok(V::Float(value, ty)),
                Some(Value::Str(s)) => Ok(V::Str(s)),
                None => Err(format!("`{n}` is not a known constant")),
            },
            CExpr::Unary(op, x) => {
                let v = self.ev(x, live)?;
                self.unary(*op, v)
            }
            CExpr::Binary(BinaryOp::And | BinaryOp::Or, a, b) => {
                let is_and = matches!(e, CExpr::Binary(BinaryOp::And, ..));
                let l = self.truth(&self.ev(a, live)?);
                let decided = if is_and { !l } else { l };
                let r = self.ev(b, live && !decided)?;
                let v = if decided { l } else { self.truth(&r) };
                Ok(V::Int(v as i128, IntType::Int))
            }
            CExpr::Binary(BinaryOp::Comma, a, b) => {
                self.ev(a, live)?;
                self.ev(b, live)
            }
            CExpr::Binary(op, a, b) => {
                let l = self.ev(a, live)?;
                let r = self.ev(b, live)?;
                self.binary(*op, l, r, live)
            }
            CExpr::Cond(c, a, b) => {
                let t = self.truth(&self.ev(c, live)?);
                let x = self.ev(a, live && t)?;
                let y = self.ev(b, live && !t)?;
                let (sel, other) = if t { (x, y) } else { (y, x) };
                match (&sel, &other) {
                    (V::Int(..) | V::Float(..), V::Int(..) | V::Float(..)) => {
                        let (s, _) = self.arith_convert(sel.clone(), other.clone())?;
                        Ok(s)
                    }
                    _ => Ok(sel),
                }
            }
            CExpr::Cast(ty, x) => {
                let v = self.ev(x, live)?;
                self.cast(ty, v, live)
            }
            CExpr::SizeofType(ty) => {
                let size = match self.classify(ty) {
                    Kind::Void => 1, // GNU C
                    _ if matches!(ty, ir::Type::Function(_)) => 1,
                    _ => {
                        self.env
                            .layout(ty)
                            .ok_or_else(|| format!("size of `{}` is unknown", type_text(ty)))?
                            .size
                    }
                };
                Ok(self.wrap(size as i128, size_t(&self.dm)))
            }
            CExpr::SizeofExpr(x) => {
                let v = self.ev(x, false)?;
                let size = match v {
                    V::Int(_, t) => crate::parse::layout::int_size_align(t, &self.dm).size as u64,
                    V::Float(_, t) => match t {
                        FloatType::Float => self.dm.float.size as u64,
                        FloatType::Double => self.dm.double.size as u64,
                        FloatType::LongDouble => self.dm.long_double.size as u64,
                    },
                    V::Ptr(_) => self.dm.pointer.size as u64,
                    V::Str(s) => string_size(&s, &self.dm)?,
                };
                Ok(self.wrap(size as i128, size_t(&self.dm)))
            }
            CExpr::AlignofType(ty) => {
                let align = match self.classify(ty) {
                    Kind::Void => 1,
                    _ => {
                        self.env
                            .layout(ty)
                            .ok_or_else(|| format!("alignment of `{}` is unknown", type_text(ty)))?
                            .align
                    }
                };
                Ok(self.wrap(align as i128, size_t(&self.dm)))
            }
            CExpr::Offsetof(ty, path) => {
                let off = self.env.offset_of(ty, path).ok_or_else(|| {
                    format!("offset of the member in `{}` is unknown", type_text(ty))
                })?;
                Ok(self.wrap(off as i128, size_t(&self.dm)))
            }
        }
    }

    fn unary(&self, op: UnaryOp, v: V) -> Result<V, String> {
        match (op, v) {
            (UnaryOp::Not, v) => Ok(V::Int(!self.truth(&v) as i128, IntType::Int)),
            (UnaryOp::Plus, V::Int(i, t)) => {
                let t = promote(t, &self.dm);
                Ok(self.wrap(i, t))
            }
            (UnaryOp::Minus, V::Int(i, t)) => {
                let t = promote(t, &self.dm);
                Ok(self.wrap(i.wrapping_neg(), t))
            }
            (UnaryOp::Complement, V::Int(i, t)) => {
                let t = promote(t, &self.dm);
                Ok(self.wrap(!i, t))
            }
            (UnaryOp::Plus, V::Float(f, t)) => Ok(V::Float(f, t)),
            (UnaryOp::Minus, V::Float(f, t)) => Ok(V::Float(-f, t)),
            (op, _) => Err(format!("invalid operand to unary {op:?}")),
        }
    }

    /// The usual arithmetic conversions applied to two arithmetic values.
    fn arith_convert(&self, a: V, b: V) -> Result<(V, V), String> {
        match (&a, &b) {
            (V::Int(x, tx), V::Int(y, ty)) => {
                let t = common_int_type(*tx, *ty, &self.dm);
                Ok((self.wrap(*x, t), self.wrap(*y, t)))
            }
            (V::Float(..), _) | (_, V::Float(..)) => {
                let ft = |v: &V| match v {
                    V::Float(_, t) => Some(*t),
                    _ => None,
                };
                let t = match (ft(&a), ft(&b)) {
                    (Some(FloatType::LongDouble), _) | (_, Some(FloatType::LongDouble)) => {
                        FloatType::LongDouble
                    }
                    (Some(FloatType::Double), _) | (_, Some(FloatType::Double)) => {
                        FloatType::Double
                    }
                    _ => FloatType::Float,
                };
                Ok((
                    V::Float(round_float(self.as_f64(&a)?, t), t),
                    V::Float(round_float(self.as_f64(&b)?, t), t),
                ))
            }
            _ => Err("operands are not arithmetic".into()),
        }
    }

    fn as_f64(&self, v: &V) -> Result<f64, String> {
        match v {
            V::Float(f, _) => Ok(*f),
            V::Int(i, t) => Ok(if *t == IntType::UInt128 {
                *i as u128 as f64
            } else {
                *i as f64
            }),
            _ => Err("operand is not arithmetic".into()),
        }
    }

    fn binary(&self, op: BinaryOp, l: V, r: V, live: bool) -> Result<V, String> {
        use BinaryOp::*;
        // pointer constants: only comparisons against each other or null
        if matches!(l, V::Ptr(_) | V::Str(_)) || matches!(r, V::Ptr(_) | V::Str(_)) {
            return match (op, &l, &r) {
                (Eq | Ne, V::Ptr(a) | V::Int(a, _), V::Ptr(b) | V::Int(b, _)) => {
                    Ok(V::Int(((a == b) == (op == Eq)) as i128, IntType::Int))
                }
                _ => Err("not arithmetic: operation on a pointer or string".into()),
            };
        }
        if matches!(op, Shl | Shr) {
            let (V::Int(a, ta), V::Int(b, tb)) = (&l, &r) else {
                return Err("shift of a non-integer".into());
            };
            let t = promote(*ta, &self.dm);
            let a = wrap_int(*a, t, &self.dm);
            let count = wrap_int(*b, promote(*tb, &self.dm), &self.dm);
            let bits = int_bits(t, &self.dm) as i128;
            if count < 0 || count >= bits {
                if live {
                    return Err(format!("shift count {count} is out of range"));
                }
                return Ok(V::Int(0, t));
            }
            let c = count as u32;
            let v = match op {
                Shl => a.wrapping_shl(c),
                _ if int_signed(t, &self.dm) => a >> c,
                _ => ((a as u128) >> c) as i128,
            };
            return Ok(self.wrap(v, t));
        }
        let (l, r) = self.arith_convert(l, r)?;
        match (l, r) {
            (V::Int(a, t), V::Int(b, _)) => {
                let signed = int_signed(t, &self.dm);
                let cmp = |o: std::cmp::Ordering| {
                    let res = match op {
                        Lt => o.is_lt(),
                        Gt => o.is_gt(),
                        Le => o.is_le(),
                        Ge => o.is_ge(),
                        Eq => o.is_eq(),
                        _ => o.is_ne(),
                    };
                    V::Int(res as i128, IntType::Int)
                };
                let ord = if signed {
                    a.cmp(&b)
                } else {
                    (a as u128).cmp(&(b as u128))
                };
                Ok(match op {
                    Mul => self.wrap(a.wrapping_mul(b), t),
                    Add => self.wrap(a.wrapping_add(b), t),
                    Sub => self.wrap(a.wrapping_sub(b), t),
                    Div | Rem => {
                        if b == 0 {
                            if live {
                                return Err("division by zero".into());
                            }
                            return Ok(V::Int(0, t));
                        }
                        let v = match (op, signed) {
                            (Div, true) => a.wrapping_div(b),
                            (Div, false) => ((a as u128) / (b as u128)) as i128,
                            (_, true) => a.wrapping_rem(b),
                            (_, false) => ((a as u128) % (b as u128)) as i128,
                        };
                        self.wrap(v, t)
                    }
                    BitAnd => self.wrap(a & b, t),
                    BitXor => self.wrap(a ^ b, t),
                    BitOr => self.wrap(a | b, t),
                    Lt | Gt | Le | Ge | Eq | Ne => cmp(ord),
                    Shl | Shr | And | Or | Comma => unreachable!("handled above"),
                })
            }
            (V::Float(a, t), V::Float(b, _)) => {
                let int = |c: bool| V::Int(c as i128, IntType::Int);
                Ok(match op {
                    Mul => V::Float(round_float(a * b, t), t),
                    Div => V::Float(round_float(a / b, t), t),
                    Add => V::Float(round_float(a + b, t), t),
                    Sub => V::Float(round_float(a - b, t), t),
                    Lt => int(a < b),
                    Gt => int(a > b),
                    Le => int(a <= b),
                    Ge => int(a >= b),
                    Eq => int(a == b),
                    Ne => int(a != b),
                    _ => return Err(format!("invalid operands to {op:?} (floating)")),
                })
            }
            _ => Err("operands are not arithmetic".into()),
        }
    }

    fn cast(&self, ty: &ir::Type, v: V, live: bool) -> Result<V, String> {
        match self.classify(ty) {
            Kind::Void => Err("cast to void has no value".into()),
            Kind::Other => Err(format!("cast to non-scalar type `{}`", type_text(ty))),
            Kind::Int(t) => match v {
                V::Int(i, _) | V::Ptr(i) => Ok(self.wrap(i, t)),
                V::Float(f, _) => {
                    if t == IntType::Bool {
                        return Ok(V::Int((f != 0.0) as i128, t));
                    }
                    let tr = f.trunc();
                    if !tr.is_finite()
                        || tr < int_min(t, &self.dm) as f64
                        || tr > int_max(t, &self.dm) as f64
                    {
                        if live {
                            return Err(format!("{f} is out of range for {}", int_type_name(t)));
                        }
                        return Ok(V::Int(0, t));
                    }
                    let i = if tr < 0.0 {
                        tr as i128
                    } else {
                        (tr as u128) as i128
                    };
                    Ok(V::Int(i, t))
                }
                V::Str(_) => Err("an address is not an integer constant".into()),
            },
            Kind::Float(t) => Ok(V::Float(round_float(self.as_f64(&v)?, t), t)),
            Kind::Ptr => match v {
                V::Int(i, _) | V::Ptr(i) => {
                    let bits = self.dm.pointer.size * 8;
                    let m = if bits >= 128 {
                        i
                    } else {
                        ((i as u128) & ((1u128 << bits) - 1)) as i128
                    };
                    Ok(V::Ptr(m))
                }
                V::Str(s) => Ok(V::Str(s)),
                V::Float(..) => Err("cannot cast a floating value to a pointer".into()),
            },
        }
    }
}

/// A type written as C, for messages.
fn type_text(ty: &ir::Type) -> String {
    match ty {
        ir::Type::CType { name, .. } => name.clone(),
        ir::Type::Pointer { pointee, .. } => format!("{} *", type_text(pointee)),
        ir::Type::Array { element, .. } => format!("{}[]", type_text(element)),
        ir::Type::Function(_) => "function".into(),
    }
}

// ------------------------------------------------------------------------------------------
// Literals
// ------------------------------------------------------------------------------------------

fn parse_literal(text: &str, dm: &DataModel) -> Result<V, String> {
    let t = text.trim();
    let first = t.chars().next().ok_or("empty literal")?;
    if t.contains('\'') && !first.is_ascii_digit() {
        return char_constant(t, dm);
    }
    if t.starts_with('"') || t.ends_with('"') {
        return Ok(V::Str(t.to_string()));
    }
    let lower = t.to_ascii_lowercase();
    let hex = lower.starts_with("0x");
    let is_float = if hex {
        lower.contains('p') || lower.contains('.')
    } else {
        lower.contains('.') || (lower.contains('e') && !lower.starts_with("0b"))
    };
    if is_float {
        parse_float(t)
    } else {
        parse_int(t, dm)
    }
}

fn parse_int(t: &str, dm: &DataModel) -> Result<V, String> {
    let b = t.as_bytes();
    let (radix, start) = if b.len() > 1 && b[0] == b'0' && (b[1] | 0x20) == b'x' {
        (16, 2)
    } else if b.len() > 1 && b[0] == b'0' && (b[1] | 0x20) == b'b' {
        (2, 2)
    } else if b[0] == b'0' {
        (8, 0)
    } else {
        (10, 0)
    };
    let digits_end = start
        + t[start..]
            .bytes()
            .take_while(|c| c.is_ascii_hexdigit() || *c == b'\'')
            .count();
    // for decimal/octal, hex letters belong to the suffix
    let digits_end = if radix == 16 {
        digits_end
    } else {
        start
            + t[start..]
                .bytes()
                .take_while(|c| c.is_ascii_digit() || *c == b'\'')
                .count()
    };
    let digits: String = t[start..digits_end]
        .chars()
        .filter(|&c| c != '\'')
        .collect();
    if digits.is_empty() {
        return Err(format!("invalid integer constant `{t}`"));
    }
    let mut v: u128 = 0;
    for c in digits.chars() {
        let d = c
            .to_digit(radix)
            .ok_or_else(|| format!("invalid digit `{c}` in integer constant `{t}`"))?;
        v = v
            .checked_mul(radix as u128)
            .and_then(|v| v.checked_add(d as u128))
            .ok_or_else(|| format!("integer constant `{t}` is too large"))?;
    }
    let suffix = t[digits_end..].to_ascii_lowercase();
    use IntType::*;
    let decimal = radix == 10;
    let candidates: &[IntType] = match suffix.as_str() {
        "" if decimal => &[Int, Long, LongLong],
        "" => &[Int, UInt, Long, ULong, LongLong, ULongLong],
        "u" => &[UInt, ULong, ULongLong],
        "l" if decimal => &[Long, LongLong],
        "l" => &[Long, ULong, LongLong, ULongLong],
        "ul" | "lu" => &[ULong, ULongLong],
        "ll" if decimal => &[LongLong],
        "ll" => &[LongLong, ULongLong],
        "ull" | "llu" => &[ULongLong],
        // MSVC sized suffixes
        "i8" | "i16" | "i32" => &[Int, LongLong],
        "ui8" | "ui16" | "ui32" => &[UInt, ULongLong],
        "i64" => &[LongLong, ULongLong],
        "ui64" => &[ULongLong],
        _ => {
            return Err(format!(
                "invalid suffix `{}` on integer constant",
                &t[digits_end..]
            ));
        }
    };
    // MSVC: a literal with an `ll`/`i64` suffix and no `u` is `long long` even when its value
    // needs all 64 bits (it wraps), where C would make a hex one unsigned
    let msvc = dm.wchar.size == 2;
    if msvc && (suffix == "ll" || suffix == "i64") && v <= u64::MAX as u128 {
        return Ok(V::Int(wrap_int(v as i128, LongLong, dm), LongLong));
    }
    for &ty in candidates {
        if v <= int_max(ty, dm) {
            return Ok(V::Int(v as i128, ty));
        }
    }
    if v <= u64::MAX as u128 {
        // too large for every signed candidate: gcc makes it __int128 where that exists
        // ("so large that it is unsigned"), clang unsigned long long
        if suffix.is_empty() && decimal && dm.long.size == 8 {
            return Ok(V::Int(v as i128, Int128));
        }
        return Ok(V::Int(v as i128, ULongLong));
    }
    Err(format!("integer constant `{t}` is too large for its type"))
}

fn parse_float(t: &str) -> Result<V, String> {
    let b = t.as_bytes();
    let hex = b.len() > 1 && b[0] == b'0' && (b[1] | 0x20) == b'x';
    let mut i = if hex { 2 } else { 0 };
    let is_digit = |c: u8| {
        if hex {
            c.is_ascii_hexdigit()
        } else {
            c.is_ascii_digit()
        }
    };
    while i < b.len() && (is_digit(b[i]) || b[i] == b'.' || b[i] == b'\'') {
        i += 1;
    }
    let exp_char = if hex { b'p' } else { b'e' };
    if i < b.len() && (b[i] | 0x20) == exp_char {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            return Err(format!("exponent has no digits in `{t}`"));
        }
    } else if hex {
        return Err(format!(
            "hexadecimal floating constant `{t}` requires an exponent"
        ));
    }
    let core: String = t[..i].chars().filter(|&c| c != '\'').collect();
    let ty = match t[i..].to_ascii_lowercase().as_str() {
        "" => FloatType::Double,
        "f" | "f32" => FloatType::Float,
        "l" | "f64x" | "f128" | "q" | "w" => FloatType::LongDouble,
        "f64" | "f32x" => FloatType::Double,
        s => return Err(format!("invalid suffix `{s}` on floating constant")),
    };
    let v = if hex {
        hex_float(&core[2..]).ok_or_else(|| format!("invalid floating constant `{t}`"))?
    } else if ty == FloatType::Float {
        core.parse::<f32>()
            .map_err(|_| format!("invalid floating constant `{t}`"))? as f64
    } else {
        core.parse::<f64>()
            .map_err(|_| format!("invalid floating constant `{t}`"))?
    };
    Ok(V::Float(round_float(v, ty), ty))
}

/// `1.8p3` (after `0x`) as an f64.
fn hex_float(s: &str) -> Option<f64> {
    let (mant, exp) = s.split_once(['p', 'P'])?;
    let mut exp: i64 = exp.parse().ok()?;
    let mut m: u128 = 0;
    let mut sticky = false;
    let mut seen_dot = false;
    let mut any = false;
    for c in mant.chars() {
        if c == '.' {
            if seen_dot {
                return None;
            }
            seen_dot = true;
            continue;
        }
        let d = c.to_digit(16)? as u128;
        any = true;
        if m >> 120 == 0 {
            m = m * 16 + d;
            if seen_dot {
                exp = exp.saturating_sub(4);
            }
        } else {
            // beyond 120 bits: only whether something is left matters for rounding
            sticky |= d != 0;
            if !seen_dot {
                exp = exp.saturating_add(4);
            }
        }
    }
    if !any {
        return None;
    }
    if sticky {
        m |= 1;
    }
    if m == 0 {
        return Some(0.0);
    }
    // normalise so that the conversion rounds once: keep 64 significant bits plus sticky
    let lz = m.leading_zeros() as i64;
    let shift = 128 - lz - 64;
    if shift > 0 {
        let lost = m & ((1u128 << shift) - 1);
        m >>= shift;
        if lost != 0 {
            m |= 1;
        }
        exp = exp.saturating_add(shift);
    }
    let mut v = m as u64 as f64; // rounds to 53 bits
    // 1 <= v < 2^64: beyond these exponents the result is infinite or zero anyway (and the
    // loops below stay short)
    exp = exp.clamp(-1200, 1100);
    // scale by 2^exp in steps that stay exact until the final under/overflow
    while exp > 0 {
        let k = exp.min(1000);
        v *= 2f64.powi(k as i32);
        exp -= k;
    }
    while exp < 0 {
        let k = (-exp).min(1000);
        v /= 2f64.powi(k as i32);
        exp += k;
    }
    Some(v)
}

/// Decodes the body of a character or string literal into code units: bytes (UTF-8) for
/// narrow and `u8` literals, code points otherwise. Escapes give their value as one unit.
fn decode_units(inner: &str, narrow: bool) -> Result<Vec<u32>, String> {
    let b = inner.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            let ch = inner[i..].chars().next().ok_or("bad literal")?;
            if narrow {
                out.extend(inner[i..i + ch.len_utf8()].bytes().map(u32::from));
            } else {
                out.push(ch as u32);
            }
            i += ch.len_utf8();
            continue;
        }
        i += 1;
        let c = *b.get(i).ok_or("incomplete escape sequence")?;
        if !c.is_ascii() {
            // an unknown escape of a non-ASCII character (gcc warns): the character itself
            let ch = inner[i..].chars().next().ok_or("bad literal")?;
            if narrow {
                out.extend(inner[i..i + ch.len_utf8()].bytes().map(u32::from));
            } else {
                out.push(ch as u32);
            }
            i += ch.len_utf8();
            continue;
        }
        i += 1;
        let v = match c {
            b'n' => 10,
            b't' => 9,
            b'v' => 11,
            b'b' => 8,
            b'r' => 13,
            b'f' => 12,
            b'a' => 7,
            b'e' | b'E' => 27,
            b'0'..=b'7' => {
                let mut v = (c - b'0') as u32;
                let mut n = 1;
                while n < 3 && i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                    v = v * 8 + (b[i] - b'0') as u32;
                    i += 1;
                    n += 1;
                }
                v
            }
            b'x' => {
                let s = i;
                let mut v: u32 = 0;
                while i < b.len() && b[i].is_ascii_hexdigit() {
                    v = v
                        .wrapping_mul(16)
                        .wrapping_add((b[i] as char).to_digit(16).unwrap_or(0));
                    i += 1;
                }
                if i == s {
                    return Err("\\x used with no following hex digits".into());
                }
                v
            }
            b'u' | b'U' => {
                let n = if c == b'u' { 4 } else { 8 };
                let hex = inner
                    .get(i..i + n)
                    .ok_or("incomplete universal character name")?;
                let cp = u32::from_str_radix(hex, 16)
                    .map_err(|_| "incomplete universal character name")?;
                i += n;
                if narrow {
                    let ch = char::from_u32(cp).ok_or("invalid universal character")?;
                    let mut buf = [0u8; 4];
                    out.extend(ch.encode_utf8(&mut buf).bytes().map(u32::from));
                    continue;
                }
                cp
            }
            other => other as u32,
        };
        out.push(v);
    }
    Ok(out)
}

/// Splits `L"abc"` / `u8'x'` into prefix and body (without the quotes).
fn split_quoted(lit: &str, quote: char) -> Result<(&str, &str), String> {
    let open = lit.find(quote).ok_or("missing quote")?;
    if !lit.ends_with(quote) || lit.len() < open + 2 {
        return Err(format!("unterminated literal `{lit}`"));
    }
    Ok((&lit[..open], &lit[open + 1..lit.len() - 1]))
}

fn char_constant(t: &str, dm: &DataModel) -> Result<V, String> {
    let (prefix, inner) = split_quoted(t, '\'')?;
    let narrow = matches!(prefix, "" | "u8");
    let units = decode_units(inner, narrow)?;
    if units.is_empty() {
        return Err("empty character constant".into());
    }
    match prefix {
        "" => {
            if units.len() == 1 {
                let b = (units[0] & 0xff) as i128;
                let v = if dm.char_signed && b >= 0x80 {
                    b - 0x100
                } else {
                    b
                };
                Ok(V::Int(v, IntType::Int))
            } else {
                // multi-character constant (gcc): big-endian bytes, truncated to int
                let acc = units
                    .iter()
                    .fold(0u32, |a, u| (a.wrapping_shl(8)) | (u & 0xff));
                Ok(V::Int(acc as i32 as i128, IntType::Int))
            }
        }
        "u8" => Ok(V::Int(
            (units[units.len() - 1] & 0xff) as i128,
            IntType::UChar,
        )),
        "u" => Ok(V::Int(
            (units[units.len() - 1] & 0xffff) as i128,
            IntType::UShort,
        )),
        "U" => Ok(V::Int(units[units.len() - 1] as i128, IntType::UInt)),
        "L" => {
            let wt = int_type_from_name(dm.wchar_type).unwrap_or(IntType::Int);
            // gcc keeps the last character of a multi-character wide constant
            Ok(V::Int(wrap_int(units[units.len() - 1] as i128, wt, dm), wt))
        }
        p => Err(format!("unknown character constant prefix `{p}`")),
    }
}

/// `sizeof` of a string literal: its code units plus the terminating null.
fn string_size(lit: &str, dm: &DataModel) -> Result<u64, String> {
    let (prefix, inner) = split_quoted(lit, '"')?;
    let narrow = matches!(prefix, "" | "u8");
    let units = decode_units(inner, narrow)?;
    let utf16 = |units: &[u32]| {
        units
            .iter()
            .map(|&u| if u > 0xffff { 2 } else { 1 })
            .sum::<u64>()
    };
    Ok(match prefix {
        "" | "u8" => units.len() as u64 + 1,
        "u" => (utf16(&units) + 1) * 2,
        "U" => (units.len() as u64 + 1) * 4,
        "L" if dm.wchar.size == 2 => (utf16(&units) + 1) * 2,
        "L" => (units.len() as u64 + 1) * dm.wchar.size as u64,
        p => return Err(format!("unknown string prefix `{p}`")),
    })
}

/// Concatenates adjacent string literals (`"a" "b"` → `"ab"`, `L"a" "b"` → `L"ab"`).
/// An escape that the next piece would extend (`"\x1" "2"`) is kept apart by writing the
/// next piece's first character as an octal escape.
pub fn concat_strings<S: AsRef<str>>(pieces: &[S]) -> Option<String> {
    let mut prefix = "";
    let mut body = String::new();
    // whether `body` ends inside an escape (see `open_escape`), kept piece by piece: no
    // escape runs from one piece into the next, so only the piece just added needs a look
    let mut open = None;
    for p in pieces {
        let (pre, inner) = split_quoted(p.as_ref(), '"').ok()?;
        if !pre.is_empty() {
            if !prefix.is_empty() && prefix != pre {
                return None;
            }
            prefix = pre;
        }
        let mut chars = inner.chars();
        if let (Some(kind), Some(c)) = (open, inner.chars().next()) {
            let extends = match kind {
                'x' => c.is_ascii_hexdigit(),
                _ => ('0'..='7').contains(&c),
            };
            if extends {
                body.push_str(&format!("\\{:03o}", c as u32));
                chars.next();
            }
        }
        let rest = chars.as_str();
        body.push_str(rest);
        if !inner.is_empty() {
            open = open_escape(rest);
        }
    }
    Some(format!("{prefix}\"{body}\""))
}

/// Whether `body` ends inside an escape that more digits would extend: `x` for a hex escape,
/// `o` for an octal one shorter than three digits.
fn open_escape(body: &str) -> Option<char> {
    let b = body.as_bytes();
    let mut i = 0;
    let mut last = None;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            last = None;
            continue;
        }
        i += 1;
        match b.get(i) {
            Some(b'x') => {
                i += 1;
                while i < b.len() && b[i].is_ascii_hexdigit() {
                    i += 1;
                }
                last = Some('x');
            }
            Some(b'0'..=b'7') => {
                let s = i;
                while i < b.len() && i - s < 3 && (b'0'..=b'7').contains(&b[i]) {
                    i += 1;
                }
                last = if i - s < 3 { Some('o') } else { None };
            }
            _ => {
                i += 1;
                last = None;
            }
        }
    }
    last
}

// ------------------------------------------------------------------------------------------
// Macro bodies
// ------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Num(String),
    Char(String),
    Str(String),
    Punct(&'static str),
}

const PUNCTS: &[&str] = &[
    "<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=",
    "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##", "+", "-", "*", "/", "%", "<", ">", "=", "!",
    "~", "&", "|", "^", "?", ":", ",", ";", "(", ")", "[", "]", "{", "}", ".", "#",
];

fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let ident_start = |c: u8| c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c >= 0x80;
    let ident_cont = |c: u8| ident_start(c) || c.is_ascii_digit();
    // a quoted literal starting at `i` (at the quote); returns its end
    let quoted = |i: usize, q: u8| -> Option<usize> {
        let mut j = i + 1;
        while j < b.len() {
            match b[j] {
                b'\\' => j += 2,
                c if c == q => return Some(j + 1),
                b'\n' => return None,
                _ => j += 1,
            }
        }
        None
    };
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if s[i..].starts_with("/*") {
            i += 2 + s[i + 2..].find("*/")? + 2;
        } else if s[i..].starts_with("//") {
            i += s[i..].find('\n').unwrap_or(s.len() - i);
        } else if ident_start(c) {
            let st = i;
            while i < b.len() && ident_cont(b[i]) {
                i += 1;
            }
            let word = &s[st..i];
            if matches!(word, "L" | "u" | "U" | "u8")
                && i < b.len()
                && (b[i] == b'\'' || b[i] == b'"')
            {
                let q = b[i];
                let end = quoted(i, q)?;
                let lit = s[st..end].to_string();
                out.push(if q == b'\'' {
                    Tok::Char(lit)
                } else {
                    Tok::Str(lit)
                });
                i = end;
            } else {
                out.push(Tok::Ident(word.to_string()));
            }
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let st = i;
            i += 1;
            while i < b.len() {
                let d = b[i];
                if (d | 0x20) == b'e' || (d | 0x20) == b'p' {
                    i += 1;
                    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                        i += 1;
                    }
                } else if d.is_ascii_alphanumeric() || d == b'.' || d == b'_' {
                    i += 1;
                } else if d == b'\'' && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
                    i += 1; // C23 digit separator
                } else {
                    break;
                }
            }
            out.push(Tok::Num(s[st..i].to_string()));
        } else if c == b'\'' || c == b'"' {
            let end = quoted(i, c)?;
            let lit = s[i..end].to_string();
            out.push(if c == b'\'' {
                Tok::Char(lit)
            } else {
                Tok::Str(lit)
            });
            i = end;
        } else {
            let p = PUNCTS.iter().find(|p| s[i..].starts_with(**p))?;
            out.push(Tok::Punct(p));
            i += p.len();
        }
    }
    Some(out)
}

/// Keywords that start a type name.
fn is_type_keyword(w: &str) -> bool {
    matches!(
        w,
        "void"
            | "char"
            | "short"
            | "int"
            | "long"
            | "float"
            | "double"
            | "signed"
            | "unsigned"
            | "__signed__"
            | "__signed"
            | "_Bool"
            | "bool"
            | "_Complex"
            | "__complex__"
            | "__int128"
            | "__float128"
            | "_Float128"
            | "_Float16"
            | "_Float32"
            | "_Float64"
            | "_Float32x"
            | "_Float64x"
            | "struct"
            | "union"
            | "enum"
    ) || is_qualifier(w).is_some()
}

fn is_qualifier(w: &str) -> Option<&'static str> {
    Some(match w {
        "const" | "__const" | "__const__" => "const",
        "volatile" | "__volatile" | "__volatile__" => "volatile",
        "restrict" | "__restrict" | "__restrict__" => "restrict",
        "_Atomic" => "_Atomic",
        _ => return None,
    })
}

struct MacroParser<'a> {
    toks: Vec<Tok>,
    pos: usize,
    is_type_name: &'a dyn Fn(&str) -> bool,
    /// Current nesting: open `?:`/parentheses and prefix operators (see [`MAX_NESTING`]).
    depth: usize,
}

/// How deeply a macro constant may nest: nested parentheses, `?:` and prefix operators, plus
/// the operators of a chain (`1 + 2 + …` is a tree that deep) and the `*`s of a cast. The
/// parser and [`eval`] recurse once per level; declarations have the same bound
/// (`text::MAX_NESTING`) before lang-c sees them.
const MAX_NESTING: usize = 256;

fn bin_prec(t: &Tok) -> Option<(u8, BinaryOp)> {
    let Tok::Punct(p) = t else { return None };
    Some(match *p {
        "||" => (1, BinaryOp::Or),
        "&&" => (2, BinaryOp::And),
        "|" => (3, BinaryOp::BitOr),
        "^" => (4, BinaryOp::BitXor),
        "&" => (5, BinaryOp::BitAnd),
        "==" => (6, BinaryOp::Eq),
        "!=" => (6, BinaryOp::Ne),
        "<" => (7, BinaryOp::Lt),
        ">" => (7, BinaryOp::Gt),
        "<=" => (7, BinaryOp::Le),
        ">=" => (7, BinaryOp::Ge),
        "<<" => (8, BinaryOp::Shl),
        ">>" => (8, BinaryOp::Shr),
        "+" => (9, BinaryOp::Add),
        "-" => (9, BinaryOp::Sub),
        "*" => (10, BinaryOp::Mul),
        "/" => (10, BinaryOp::Div),
        "%" => (10, BinaryOp::Rem),
        _ => return None,
    })
}

impl MacroParser<'_> {
    /// One level deeper; `None` beyond [`MAX_NESTING`] (which fails the whole parse, so a
    /// failed parse need not [`leave`](Self::leave)).
    fn enter(&mut self, extra: usize) -> Option<()> {
        self.depth += 1;
        (self.depth + extra <= MAX_NESTING).then_some(())
    }
    fn leave(&mut self) {
        self.depth -= 1;
    }
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn peek_at(&self, k: usize) -> Option<&Tok> {
        self.toks.get(self.pos + k)
    }
    fn is_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }
    fn eat(&mut self, p: &str) -> bool {
        if self.is_punct(p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, p: &str) -> Option<()> {
        self.eat(p).then_some(())
    }
    fn ident(&mut self) -> Option<String> {
        match self.peek() {
            Some(Tok::Ident(s)) => {
                let s = s.clone();
                self.pos += 1;
                Some(s)
            }
            _ => None,
        }
    }

    fn starts_type(&self, t: Option<&Tok>) -> bool {
        match t {
            Some(Tok::Ident(w)) => is_type_keyword(w) || (self.is_type_name)(w),
            _ => false,
        }
    }

    fn comma(&mut self) -> Option<CExpr> {
        let mut e = self.cond()?;
        let mut chain = 0;
        while self.eat(",") {
            chain += 1;
            self.enter(chain)?;
            let r = self.cond()?;
            self.leave();
            e = CExpr::Binary(BinaryOp::Comma, Box::new(e), Box::new(r));
        }
        Some(e)
    }

    fn cond(&mut self) -> Option<CExpr> {
        self.enter(0)?;
        let c = self.binary(1)?;
        if self.eat("?") {
            let a = self.comma()?;
            self.expect(":")?;
            let b = self.cond()?;
            self.leave();
            return Some(CExpr::Cond(Box::new(c), Box::new(a), Box::new(b)));
        }
        self.leave();
        Some(c)
    }

    fn binary(&mut self, min: u8) -> Option<CExpr> {
        let mut l = self.cast()?;
        // the tree of a chain is as deep as the chain is long
        let mut chain = 0;
        while let Some((p, op)) = self.peek().and_then(bin_prec) {
            if p < min {
                break;
            }
            self.pos += 1;
            chain += 1;
            self.enter(chain)?;
            let r = self.binary(p + 1)?;
            self.leave();
            l = CExpr::Binary(op, Box::new(l), Box::new(r));
        }
        Some(l)
    }

    fn cast(&mut self) -> Option<CExpr> {
        if self.is_punct("(") && self.starts_type(self.peek_at(1)) {
            self.pos += 1;
            let ty = self.type_name()?;
            self.expect(")")?;
            if self.is_punct("{") {
                return None; // compound literal
            }
            self.enter(0)?;
            let e = self.cast()?;
            self.leave();
            return Some(CExpr::Cast(ty, Box::new(e)));
        }
        self.unary()
    }

    fn unary(&mut self) -> Option<CExpr> {
        let op = match self.peek()? {
            Tok::Punct("+") => Some(UnaryOp::Plus),
            Tok::Punct("-") => Some(UnaryOp::Minus),
            Tok::Punct("~") => Some(UnaryOp::Complement),
            Tok::Punct("!") => Some(UnaryOp::Not),
            _ => None,
        };
        if let Some(op) = op {
            self.pos += 1;
            self.enter(0)?;
            let e = self.cast()?;
            self.leave();
            return Some(CExpr::Unary(op, Box::new(e)));
        }
        if let Some(Tok::Ident(w)) = self.peek() {
            match w.as_str() {
                "sizeof" => {
                    self.pos += 1;
                    if self.is_punct("(") && self.starts_type(self.peek_at(1)) {
                        self.pos += 1;
                        let ty = self.type_name()?;
                        self.expect(")")?;
                        if self.is_punct("{") {
                            return None;
                        }
                        return Some(CExpr::SizeofType(ty));
                    }
                    self.enter(0)?;
                    let e = self.unary()?;
                    self.leave();
                    return Some(CExpr::SizeofExpr(Box::new(e)));
                }
                "_Alignof" | "__alignof__" | "__alignof" | "alignof" => {
                    self.pos += 1;
                    self.expect("(")?;
                    if !self.starts_type(self.peek()) {
                        return None;
                    }
                    let ty = self.type_name()?;
                    self.expect(")")?;
                    return Some(CExpr::AlignofType(ty));
                }
                "offsetof" | "__builtin_offsetof" => {
                    self.pos += 1;
                    self.expect("(")?;
                    let ty = self.type_name()?;
                    self.expect(",")?;
                    let mut path = vec![Designator::Member(self.ident()?)];
                    loop {
                        if self.eat(".") {
                            path.push(Designator::Member(self.ident()?));
                        } else if self.eat("[") {
                            let e = self.comma()?;
                            self.expect("]")?;
                            path.push(Designator::Index(Box::new(e)));
                        } else {
                            break;
                        }
                    }
                    self.expect(")")?;
                    return Some(CExpr::Offsetof(ty, path));
                }
                "__extension__" => {
                    self.pos += 1;
                    self.enter(0)?;
                    let e = self.cast();
                    self.leave();
                    return e;
                }
                _ => {}
            }
        }
        let e = self.primary()?;
        // postfix operators make it something other than a constant
        if matches!(
            self.peek(),
            Some(Tok::Punct("[" | "(" | "." | "->" | "++" | "--"))
        ) {
            return None;
        }
        Some(e)
    }

    fn primary(&mut self) -> Option<CExpr> {
        let t = self.peek()?.clone();
        self.pos += 1;
        match t {
            Tok::Num(n) => Some(CExpr::Literal(n)),
            Tok::Char(c) => Some(CExpr::Literal(c)),
            Tok::Str(s) => {
                let mut pieces = vec![s];
                while let Some(Tok::Str(s)) = self.peek() {
                    pieces.push(s.clone());
                    self.pos += 1;
                }
                Some(CExpr::Str(concat_strings(&pieces)?))
            }
            Tok::Ident(w) => {
                if is_type_keyword(&w)
                    || matches!(
                        w.as_str(),
                        "__attribute__"
                            | "__attribute"
                            | "__asm__"
                            | "asm"
                            | "__asm"
                            | "do"
                            | "while"
                            | "if"
                            | "else"
                            | "for"
                            | "return"
                            | "goto"
                            | "switch"
                            | "case"
                            | "default"
                            | "break"
                            | "continue"
                            | "typedef"
                            | "static"
                            | "extern"
                            | "inline"
                            | "__inline"
                            | "__inline__"
                            | "register"
                            | "auto"
                            | "_Static_assert"
                            | "_Generic"
                            | "__typeof__"
                            | "typeof"
                            | "__typeof"
                            | "__builtin_va_arg"
                            | "_Pragma"
                            | "__declspec"
                    )
                    || (self.is_type_name)(&w)
                {
                    return None;
                }
                Some(CExpr::Ident(w))
            }
            Tok::Punct("(") => {
                let e = self.comma()?;
                self.expect(")")?;
                Some(e)
            }
            Tok::Punct(_) => None,
        }
    }

    /// A type name: specifiers and qualifiers, then `*`s with their qualifiers.
    fn type_name(&mut self) -> Option<ir::Type> {
        let mut quals: Vec<String> = Vec::new();
        let mut words: Vec<String> = Vec::new();
        let mut named: Option<String> = None;
        while let Some(Tok::Ident(w)) = self.peek() {
            let w = w.clone();
            if let Some(q) = is_qualifier(&w) {
                if !quals.iter().any(|x| x == q) {
                    quals.push(q.to_string());
                }
                self.pos += 1;
            } else if matches!(w.as_str(), "struct" | "union" | "enum") {
                if named.is_some() || !words.is_empty() {
                    return None;
                }
                self.pos += 1;
                let tag = self.ident()?;
                named = Some(format!("{w} {tag}"));
            } else if is_type_keyword(&w) {
                if named.is_some() {
                    return None;
                }
                words.push(w);
                self.pos += 1;
            } else if named.is_none() && words.is_empty() && (self.is_type_name)(&w) {
                named = Some(w);
                self.pos += 1;
            } else {
                break;
            }
        }
        let name = match named {
            Some(n) => n,
            None => canonical_type_name(&words.join(" "))?,
        };
        let mut ty = ir::Type::CType {
            name,
            qualifiers: quals,
        };
        let mut stars = 0;
        while self.eat("*") {
            stars += 1;
            if self.depth + stars > MAX_NESTING {
                return None;
            }
            let mut q = Vec::new();
            while let Some(Tok::Ident(w)) = self.peek() {
                let Some(k) = is_qualifier(w) else { break };
                q.push(k.to_string());
                self.pos += 1;
            }
            ty = ir::Type::Pointer {
                pointee: Box::new(ty),
                qualifiers: q,
            };
        }
        // abstract declarators beyond pointers (arrays, functions) are not supported
        if self.is_punct("(") || self.is_punct("[") {
            return None;
        }
        Some(ty)
    }
}

/// The canonical spelling of a built-in type written with keywords in any order
/// (`long unsigned int` → `unsigned long`, `signed` → `int`).
pub fn canonical_type_name(words: &str) -> Option<String> {
    let b = crate::parse::layout::base_type(words)?;
    Some(match b {
        BaseType::Void => "void".into(),
        BaseType::Int(t) => int_type_name(t).into(),
        BaseType::Float(f) => float_type_name(f).into(),
        BaseType::Complex(f) => format!("_Complex {}", float_type_name(f)),
        BaseType::Float128 | BaseType::Float16 => words.trim().to_string(),
        BaseType::VaList => "__builtin_va_list".into(),
    })
}

fn float_type_name(f: FloatType) -> &'static str {
    match f {
        FloatType::Float => "float",
        FloatType::Double => "double",
        FloatType::LongDouble => "long double",
    }
}

/// Parses an object-like macro's replacement list as a constant expression, if it is one.
/// `is_type_name` tells typedef names (for casts like `((uint32_t)1)`) from other identifiers.
pub fn parse_macro(body: &str, is_type_name: &dyn Fn(&str) -> bool) -> Option<CExpr> {
    let toks = tokenize(body)?;
    if toks.is_empty() {
        return None;
    }
    let mut p = MacroParser {
        toks,
        pos: 0,
        is_type_name,
        depth: 0,
    };
    let e = p.cond()?;
    (p.pos == p.toks.len()).then_some(e)
}

// ------------------------------------------------------------------------------------------
// lang-c's AST
// ------------------------------------------------------------------------------------------

/// Converts lang-c's expression AST into a [`CExpr`]; `None` for what cannot be a constant
/// expression (calls, assignments, member access, compound literals, `_Generic`...).
/// `type_name` lowers the type names of casts, `sizeof`, `_Alignof` and `offsetof`.
pub fn from_lang_c(
    expr: &lang_c::ast::Expression,
    type_name: &dyn Fn(&lang_c::ast::TypeName) -> Option<ir::Type>,
) -> Option<CExpr> {
    use lang_c::ast::{self as a, Expression as E};
    let rec = |e: &a::Expression| from_lang_c(e, type_name).map(Box::new);
    Some(match expr {
        E::Identifier(id) => CExpr::Ident(id.node.name.clone()),
        E::Constant(c) => CExpr::Literal(constant_text(&c.node)?),
        E::StringLiteral(s) => CExpr::Str(concat_strings(&s.node)?),
        E::UnaryOperator(u) => {
            let op = match u.node.operator.node {
                a::UnaryOperator::Plus => UnaryOp::Plus,
                a::UnaryOperator::Minus => UnaryOp::Minus,
                a::UnaryOperator::Complement => UnaryOp::Complement,
                a::UnaryOperator::Negate => UnaryOp::Not,
                _ => return None,
            };
            CExpr::Unary(op, rec(&u.node.operand.node)?)
        }
        E::Cast(c) => CExpr::Cast(
            type_name(&c.node.type_name.node)?,
            rec(&c.node.expression.node)?,
        ),
        E::BinaryOperator(b) => {
            use a::BinaryOperator as B;
            let op = match b.node.operator.node {
                B::Multiply => BinaryOp::Mul,
                B::Divide => BinaryOp::Div,
                B::Modulo => BinaryOp::Rem,
                B::Plus => BinaryOp::Add,
                B::Minus => BinaryOp::Sub,
                B::ShiftLeft => BinaryOp::Shl,
                B::ShiftRight => BinaryOp::Shr,
                B::Less => BinaryOp::Lt,
                B::Greater => BinaryOp::Gt,
                B::LessOrEqual => BinaryOp::Le,
                B::GreaterOrEqual => BinaryOp::Ge,
                B::Equals => BinaryOp::Eq,
                B::NotEquals => BinaryOp::Ne,
                B::BitwiseAnd => BinaryOp::BitAnd,
                B::BitwiseXor => BinaryOp::BitXor,
                B::BitwiseOr => BinaryOp::BitOr,
                B::LogicalAnd => BinaryOp::And,
                B::LogicalOr => BinaryOp::Or,
                _ => return None,
            };
            CExpr::Binary(op, rec(&b.node.lhs.node)?, rec(&b.node.rhs.node)?)
        }
        E::Conditional(c) => CExpr::Cond(
            rec(&c.node.condition.node)?,
            rec(&c.node.then_expression.node)?,
            rec(&c.node.else_expression.node)?,
        ),
        E::Comma(list) => {
            let mut it = list.iter();
            let mut e = from_lang_c(&it.next()?.node, type_name)?;
            for x in it {
                e = CExpr::Binary(BinaryOp::Comma, Box::new(e), rec(&x.node)?);
            }
            e
        }
        E::SizeOfTy(s) => CExpr::SizeofType(type_name(&s.node.0.node)?),
        E::SizeOfVal(s) => CExpr::SizeofExpr(rec(&s.node.0.node)?),
        E::AlignOf(s) => CExpr::AlignofType(type_name(&s.node.0.node)?),
        E::OffsetOf(o) => {
            let ty = type_name(&o.node.type_name.node)?;
            let d = &o.node.designator.node;
            let mut path = vec![Designator::Member(d.base.node.name.clone())];
            for m in &d.members {
                path.push(match &m.node {
                    a::OffsetMember::Member(id) => Designator::Member(id.node.name.clone()),
                    a::OffsetMember::Index(e) => Designator::Index(rec(&e.node)?),
                    a::OffsetMember::IndirectMember(_) => return None,
                });
            }
            CExpr::Offsetof(ty, path)
        }
        _ => return None,
    })
}

/// The source text of a lang-c constant.
fn constant_text(c: &lang_c::ast::Constant) -> Option<String> {
    use lang_c::ast::{Constant, FloatBase, FloatFormat, IntegerBase, IntegerSize};
    Some(match c {
        Constant::Integer(i) => {
            if i.suffix.imaginary {
                return None;
            }
            let prefix = match i.base {
                IntegerBase::Decimal => "",
                IntegerBase::Octal => "0",
                IntegerBase::Hexadecimal => "0x",
                IntegerBase::Binary => "0b",
            };
            let mut s = format!("{prefix}{}", i.number);
            if i.suffix.unsigned {
                s.push('u');
            }
            s.push_str(match i.suffix.size {
                IntegerSize::Int => "",
                IntegerSize::Long => "l",
                IntegerSize::LongLong => "ll",
            });
            s
        }
        Constant::Float(f) => {
            if f.suffix.imaginary {
                return None;
            }
            let num = &*f.number;
            let mut s = match f.base {
                FloatBase::Hexadecimal if !num.starts_with("0x") && !num.starts_with("0X") => {
                    format!("0x{num}")
                }
                _ => num.to_string(),
            };
            s.push_str(match f.suffix.format {
                FloatFormat::Float => "f",
                FloatFormat::Double => "",
                FloatFormat::LongDouble => "L",
                FloatFormat::TS18661Format(_) => return None,
            });
            s
        }
        Constant::Character(c) => c.clone(),
    })
}

// ------------------------------------------------------------------------------------------
// A ready-made environment
// ------------------------------------------------------------------------------------------

/// An [`Env`] over declarations found through [`layout::Types`], with identifiers from a
/// closure (enum constants, macros).
pub struct TypesEnv<'a> {
    pub types: &'a dyn layout::Types,
    pub dm: DataModel,
    pub abi: layout::RecordAbi,
    pub idents: &'a dyn Fn(&str) -> Option<Value>,
}

impl Env for TypesEnv<'_> {
    fn ident(&self, name: &str) -> Option<Value> {
        (self.idents)(name)
    }
    fn layout(&self, ty: &ir::Type) -> Option<layout::Layout> {
        layout::layout_of_abi(ty, self.types, &self.dm, self.abi).ok()
    }
    fn offset_of(&self, ty: &ir::Type, path: &[Designator]) -> Option<u64> {
        layout::offset_of(ty, path, self.types, &self.dm, self.abi, &|e| {
            layout::eval_index(e, self)
        })
        .ok()
    }
    fn resolve(&self, ty: &ir::Type) -> ir::Type {
        let mut t = ty.clone();
        for _ in 0..64 {
            match &t {
                ir::Type::CType { name, .. } => match self.types.typedef(name) {
                    Some(u) => t = u.clone(),
                    None => return t,
                },
                _ => return t,
            }
        }
        t
    }
    fn data_model(&self) -> &DataModel {
        &self.dm
    }
}

/// The C type of a value, as an IR type (`int`, `unsigned long`, `double`, `const char *`).
pub fn value_type(v: &Value) -> ir::Type {
    match v {
        Value::Int { ty, .. } => ir::Type::named(int_type_name(*ty)),
        Value::Float { ty, .. } => ir::Type::named(match ty {
            FloatType::Float => "float",
            FloatType::Double => "double",
            FloatType::LongDouble => "long double",
        }),
        Value::Str(_) => ir::Type::pointer_to(ir::Type::CType {
            name: "char".into(),
            qualifiers: vec!["const".into()],
        }),
    }
}

/// Canonical spelling of an integer type.
pub fn int_type_name(t: IntType) -> &'static str {
    match t {
        IntType::Bool => "_Bool",
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
        IntType::Int128 => "__int128",
        IntType::UInt128 => "unsigned __int128",
    }
}

#[cfg(test)]
mod tests {
    /// A name and a generator of nested text of a given depth.
    type Shape = (&'static str, fn(usize) -> String);

    use super::*;
    use crate::preprocess::target::Target;

    fn dm() -> DataModel {
        Target::parse("x86_64-unknown-linux-gnu")
            .unwrap()
            .data_model()
    }

    /// An escape of a non-ASCII character is that character (it used to slice into the
    /// middle of it and panic).
    #[test]
    fn escaped_non_ascii_characters() {
        let dm = dm();
        let v = |t: &str| eval_literal(t, &dm);
        // narrow: the UTF-8 bytes (a multi-character constant), wide: the code point
        assert_eq!(
            v("'\\\u{e9}'"),
            Ok(Value::Int {
                value: 0xc3a9,
                ty: IntType::Int
            })
        );
        assert_eq!(
            v("L'\\\u{e9}'"),
            Ok(Value::Int {
                value: 0xe9,
                ty: IntType::Int
            })
        );
        assert_eq!(string_size("\"a\\\u{e9}b\"", &dm), Ok(5));
        assert_eq!(string_size("U\"\\\u{1F600}\"", &dm), Ok(8));
    }

    #[test]
    fn concatenation_keeps_escapes_apart() {
        let c = |p: &[&str]| concat_strings(p).unwrap();
        assert_eq!(c(&["\"\\x1\"", "\"2\""]), "\"\\x1\\062\"");
        assert_eq!(c(&["\"\\x1\"", "\"\"", "\"2\""]), "\"\\x1\\062\"");
        assert_eq!(c(&["\"\\1\"", "\"2\"", "\"3\""]), "\"\\1\\0623\"");
        assert_eq!(c(&["\"\\123\"", "\"4\""]), "\"\\1234\"");
        assert_eq!(c(&["L\"a\"", "\"b\""]), "L\"ab\"");
        assert_eq!(concat_strings(&["L\"a\"", "u\"b\""]), None);
        // linear: a hundred thousand pieces in a fraction of a second (quadratic: seconds)
        let many = vec!["\"ab\""; 100_000];
        let t = std::time::Instant::now();
        assert_eq!(c(&many).len(), 200_002);
        assert!(
            t.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            t.elapsed()
        );
    }

    /// Macro bodies nested deeper than [`MAX_NESTING`] are not constants (the parser and
    /// `eval` recurse once per level: a few thousand levels overflowed the stack). Run, as
    /// the parse stage runs them, on a large stack: [`MAX_NESTING`] levels take about 2.5 MiB
    /// in a debug build.
    #[test]
    fn macro_nesting_is_bounded() {
        std::thread::Builder::new()
            .stack_size(32 << 20)
            .spawn(macro_nesting_is_bounded_body)
            .unwrap()
            .join()
            .unwrap();
    }

    fn macro_nesting_is_bounded_body() {
        let n = MAX_NESTING;
        let no_types = |_: &str| false;
        let shapes: &[Shape] = &[
            ("parentheses", |n| {
                format!("{}1{}", "(".repeat(n), ")".repeat(n))
            }),
            ("sum", |n| format!("1{}", " + 1".repeat(n))),
            ("negations", |n| "- ".repeat(n) + "1"),
            ("casts", |n| "(int)".repeat(n) + "1"),
            ("conditionals", |n| {
                format!("{}1{}", "1 ? ".repeat(n), " : 0".repeat(n))
            }),
            ("sizeof", |n| "sizeof ".repeat(n) + "1"),
            ("commas", |n| format!("(1{})", ", 1".repeat(n))),
            ("pointer cast", |n| format!("(int {})0", "*".repeat(n))),
        ];
        let dm = dm();
        struct NoEnv(DataModel);
        impl Env for NoEnv {
            fn ident(&self, _: &str) -> Option<Value> {
                None
            }
            fn layout(&self, _: &ir::Type) -> Option<layout::Layout> {
                None
            }
            fn offset_of(&self, _: &ir::Type, _: &[Designator]) -> Option<u64> {
                None
            }
            fn resolve(&self, ty: &ir::Type) -> ir::Type {
                ty.clone()
            }
            fn data_model(&self) -> &DataModel {
                &self.0
            }
        }
        for &(what, make) in shapes {
            let e = parse_macro(&make(n - 2), &no_types)
                .unwrap_or_else(|| panic!("{what}: within the bound"));
            let _ = eval(&e, &NoEnv(dm));
            for k in [n + 1, 100_000] {
                assert_eq!(parse_macro(&make(k), &no_types), None, "{what} {k}");
            }
        }
    }

    /// Hexadecimal floating constants with extreme exponents: no overflow of the exponent
    /// arithmetic, no endless scaling loop.
    #[test]
    fn hex_floats_with_extreme_exponents() {
        let f = |t: &str| match eval_literal(t, &dm()) {
            Ok(Value::Float { value, .. }) => value,
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(f("0x.1p-9223372036854775808"), 0.0);
        assert_eq!(f("0x1p-9223372036854775808"), 0.0);
        assert_eq!(f("0x1p9223372036854775807"), f64::INFINITY);
        assert_eq!(
            f("0x1000000000000000000000000000000000000000p9223372036854775807"),
            f64::INFINITY
        );
        assert_eq!(f("0x1p-1074"), 5e-324);
        assert_eq!(f("0x1.fffffffffffffp1023"), f64::MAX);
        assert_eq!(f("0x1p-1075"), 0.0);
        assert_eq!(f("0x1p1024"), f64::INFINITY);
        assert_eq!(f("0x.8p1"), 1.0);
    }
}
