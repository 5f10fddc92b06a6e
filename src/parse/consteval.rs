//! The one constant-expression evaluator: enum values, array sizes, bit widths, `aligned(N)`
//! arguments and object-like macro bodies all go through [`eval`].
//!
//! INTERFACE (implementation in progress).

use crate::ir;

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
pub fn eval(_e: &CExpr, _env: &dyn Env) -> Result<Value, String> {
    Err("not implemented".into())
}

/// Parses an object-like macro's replacement list as a constant expression, if it is one.
/// `is_type_name` tells typedef names (for casts like `((uint32_t)1)`) from other identifiers.
pub fn parse_macro(_body: &str, _is_type_name: &dyn Fn(&str) -> bool) -> Option<CExpr> {
    None
}

/// Converts lang-c's expression AST; `type_name` lowers the type names of casts and
/// `sizeof`. `None` when the expression cannot be a constant expression.
pub fn from_lang_c(
    _expr: &lang_c::ast::Expression,
    _type_name: &dyn Fn(&lang_c::ast::TypeName) -> Option<ir::Type>,
) -> Option<CExpr> {
    None
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
