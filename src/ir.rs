//! The intermediate representation: the one contract between parsing and writing.
//!
//! Writers see only these types (never lang-c's), and the parser produces only these. The
//! concepts are the reference tool's (Header, Struct/union with Fields, Enum, Function with
//! Parameters, Typedef, Variable, Constant; types as trees of CType, Pointer, Array and
//! FunctionPointer), plus what the reference loses: bit widths, anonymous members, packing and
//! alignment, qualifiers at every pointer level, parameter names inside function-pointer types,
//! `f()` versus `f(void)`, calling conventions, deprecation, function-like macros, and a source
//! location on every declaration.
//!
//! The JSON form (see `docs/json-schema.md` and [`Header::to_json`]) keeps the reference's
//! keys and adds ours as extra keys, written only when they carry information.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

/// One parsed header (or header set): what a writer turns into bindings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Header {
    /// The header as the user named it.
    pub path: String,
    /// In-scope declarations, in source order.
    pub declarations: Vec<Declaration>,
    /// Every file the preprocessor entered, sorted.
    pub included_headers: Vec<String>,
    /// Declarations from out-of-scope headers (libc, system) that in-scope declarations
    /// depend on: typedefs, structs, unions and enums, so writers can resolve every name.
    /// Not written to JSON by default (see [`Header::to_json`]).
    pub dependencies: Vec<Declaration>,
    /// The target triple the header was read for.
    pub target: String,
    /// The preprocessor's object-like macros live at the end of the header: every name a
    /// `#define` in any file read (in scope or not) left defined with a non-empty replacement
    /// list, in definition order; predefined and `-D` macros are not included. What the cffi
    /// writer's `define_patterns` searches. Written to JSON only in the full form
    /// (`dependencies`).
    pub object_macros: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Declaration {
    Struct(Struct),
    Enum(Enum),
    Function(Function),
    Typedef(Typedef),
    Variable(Variable),
    Constant(Constant),
    MacroFunction(MacroFunction),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceLocation {
    pub file: String,
    pub line: u32,
    pub column: Option<u32>,
}

/// A type expression. Typedef names are kept as written ([`Type::CType`] with the typedef's
/// name) and resolve through the [`Header`].
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// A named type: a base type in canonical spelling (`unsigned long`, `_Bool`,
    /// `long double`, `_Complex double`, `__int128`), a typedef name, `struct T`, `union T`,
    /// `enum T`, or the bare keyword `struct`/`union`/`enum` for the anonymous definition held
    /// by the enclosing [`Field`] or [`Typedef`].
    CType {
        name: String,
        qualifiers: Vec<String>,
    },
    /// A pointer; `qualifiers` are the pointer's own (`int *const p`).
    Pointer {
        pointee: Box<Type>,
        qualifiers: Vec<String>,
    },
    /// An array; `size` is `None` for `[]`.
    Array {
        element: Box<Type>,
        size: Option<ArraySize>,
    },
    /// A function type. A pointer to function is `Pointer` to this, as in the reference.
    Function(Box<FunctionType>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArraySize {
    Fixed(u64),
    /// A size that could not be evaluated, as written.
    Expr(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunctionType {
    pub return_type: Type,
    pub parameters: Vec<Parameter>,
    pub is_variadic: bool,
    /// False for the unprototyped `int f()`, true for `int f(void)` and every other list.
    pub has_prototype: bool,
    pub calling_convention: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: Option<String>,
    pub ty: Type,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Struct {
    /// The tag; for `typedef struct { ... } T;` the typedef's name (with `is_typedef`).
    pub name: Option<String>,
    pub is_union: bool,
    pub fields: Vec<Field>,
    /// Declared through a typedef of the same name (`typedef struct T {...} T;`).
    pub is_typedef: bool,
    /// Only declared, never defined here (`struct T;`).
    pub is_opaque: bool,
    /// `__attribute__((packed))` on the type.
    pub is_packed: bool,
    /// `#pragma pack(N)` in force at the definition.
    pub pack: Option<u32>,
    /// `__attribute__((aligned(N)))` on the type.
    pub aligned: Option<u32>,
    pub deprecated: Option<String>,
    pub location: Option<SourceLocation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Empty for an anonymous struct or union member.
    pub name: String,
    pub ty: Type,
    pub bit_width: Option<u32>,
    /// The definition of an anonymous struct or union used by this field (an anonymous
    /// member, or a named member of anonymous struct type); the field's type names it as
    /// the bare keyword.
    pub anonymous_struct: Option<Box<Struct>>,
    /// The definition of an anonymous enum used by this field.
    pub anonymous_enum: Option<Box<Enum>>,
    /// `__attribute__((aligned(N)))` or `_Alignas(N)` on the member.
    pub aligned: Option<u32>,
    /// `__attribute__((packed))` on the member alone (1-byte alignment for it).
    pub is_packed: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Enum {
    pub name: Option<String>,
    pub values: Vec<EnumValue>,
    pub is_typedef: bool,
    /// Only declared (`enum E;`, a GNU extension).
    pub is_opaque: bool,
    /// `__attribute__((packed))`: the smallest integer type that holds the values.
    pub is_packed: bool,
    pub location: Option<SourceLocation>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    pub name: String,
    pub value: i128,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub name: String,
    pub return_type: Type,
    pub parameters: Vec<Parameter>,
    pub is_variadic: bool,
    /// False for `int f()` (no prototype), true for `int f(void)`.
    pub has_prototype: bool,
    pub calling_convention: Option<String>,
    pub is_inline: bool,
    pub is_static: bool,
    pub deprecated: Option<String>,
    /// The symbol name from an `__asm__("name")` label, when it differs.
    pub asm_name: Option<String>,
    pub location: Option<SourceLocation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Typedef {
    pub name: String,
    pub underlying_type: Type,
    /// The anonymous struct or union this typedef names when it is not the typedef's own
    /// (`typedef struct {...} *handle_t;`).
    pub anonymous_struct: Option<Box<Struct>>,
    pub anonymous_enum: Option<Box<Enum>>,
    pub deprecated: Option<String>,
    pub location: Option<SourceLocation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub name: String,
    pub ty: Type,
    pub is_static: bool,
    pub is_thread_local: bool,
    pub deprecated: Option<String>,
    /// The symbol name from an `__asm__("name")` label, when it differs.
    pub asm_name: Option<String>,
    /// `__attribute__((aligned(N)))` or `_Alignas(N)` on the variable.
    pub aligned: Option<u32>,
    pub location: Option<SourceLocation>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConstValue {
    Int(i128),
    Float(f64),
    /// A string literal, with its quotes and prefix, as written.
    Str(String),
}

/// A named constant: an object-like macro whose expansion is a constant expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Constant {
    pub name: String,
    pub value: Option<ConstValue>,
    /// The C type of the value (`int`, `unsigned long`, `double`, `const char *`...).
    pub ty: Option<Type>,
    pub is_macro: bool,
    /// The replacement list as written.
    pub raw_expression: Option<String>,
    pub location: Option<SourceLocation>,
}

/// A function-like macro.
#[derive(Debug, Clone, PartialEq)]
pub struct MacroFunction {
    pub name: String,
    /// Parameter names; the variadic one is `...` (or `name...` for GNU named variadics).
    pub parameters: Vec<String>,
    pub is_variadic: bool,
    pub body: String,
    pub location: Option<SourceLocation>,
}

// ------------------------------------------------------------------------------------------
// Convenience
// ------------------------------------------------------------------------------------------

/// `("struct", "X")` for `struct X` (also `union`, `enum`): a named tag type's keyword and tag.
pub fn tag_of(name: &str) -> Option<(&'static str, &str)> {
    for kw in ["struct", "union", "enum"] {
        if let Some(t) = name.strip_prefix(kw).and_then(|r| r.strip_prefix(' ')) {
            return Some((kw, t));
        }
    }
    None
}

/// The bare keyword a [`Type::CType`] names for an anonymous record or enum defined by the
/// enclosing field or typedef.
pub fn is_anonymous_keyword(name: &str) -> bool {
    matches!(name, "struct" | "union" | "enum")
}

/// The anonymous enums defined inline by `fields` (anonymous members entered), in order.
pub fn inline_enums<'a>(fields: &'a [Field], out: &mut Vec<&'a Enum>) {
    for f in fields {
        out.extend(f.anonymous_enum.as_deref());
        if let Some(s) = &f.anonymous_struct {
            inline_enums(&s.fields, out);
        }
    }
}

impl Declaration {
    /// Adds the anonymous enums this declaration defines inline (in a struct's members, or as
    /// a typedef's target or in its anonymous record's members) to `out`, in order.
    pub fn inline_enums<'a>(&'a self, out: &mut Vec<&'a Enum>) {
        match self {
            Declaration::Struct(s) => inline_enums(&s.fields, out),
            Declaration::Typedef(t) => {
                out.extend(t.anonymous_enum.as_deref());
                if let Some(s) = &t.anonymous_struct {
                    inline_enums(&s.fields, out);
                }
            }
            _ => {}
        }
    }

    /// Calls `f` on every type the declaration states (not the types inside them; see
    /// [`Type::walk`]): members, anonymous members entered; a typedef's target and its
    /// anonymous record's members; a function's return and parameter types; a variable's or
    /// constant's type.
    pub fn for_each_type<'t>(&'t self, f: &mut dyn FnMut(&'t Type)) {
        fn fields<'t>(fs: &'t [Field], f: &mut dyn FnMut(&'t Type)) {
            for x in fs {
                f(&x.ty);
                if let Some(s) = &x.anonymous_struct {
                    fields(&s.fields, f);
                }
            }
        }
        match self {
            Declaration::Struct(s) => fields(&s.fields, f),
            Declaration::Typedef(t) => {
                f(&t.underlying_type);
                if let Some(s) = &t.anonymous_struct {
                    fields(&s.fields, f);
                }
            }
            Declaration::Function(x) => {
                f(&x.return_type);
                for p in &x.parameters {
                    f(&p.ty);
                }
            }
            Declaration::Variable(v) => f(&v.ty),
            Declaration::Constant(c) => {
                if let Some(t) = &c.ty {
                    f(t);
                }
            }
            Declaration::Enum(_) | Declaration::MacroFunction(_) => {}
        }
    }
}

impl Struct {
    /// `struct NAME` or `union NAME`, as types name it.
    pub fn tag_key(&self, name: &str) -> String {
        format!("{} {name}", if self.is_union { "union" } else { "struct" })
    }
}

/// The typedefs, records and enums of a [`Header`] by name ([`Header::typedef_index`]); the
/// same answers as [`Header::typedef`], [`Header::record`] and [`Header::resolve`], in
/// constant time. It is also the layout engine's view of the header
/// ([`crate::parse::layout::Types`]) for writers that lay out many records.
pub struct TypedefIndex<'a> {
    map: std::collections::HashMap<&'a str, &'a Typedef>,
    records: std::collections::HashMap<(&'a str, bool), &'a Struct>,
    enums: std::collections::HashMap<&'a str, &'a Enum>,
}

impl<'a> TypedefIndex<'a> {
    /// The typedef named `name`, in scope or among the dependencies.
    pub fn typedef(&self, name: &str) -> Option<&'a Typedef> {
        self.map.get(name).copied()
    }

    /// The struct or union named `name`, as [`Header::record`] finds it.
    pub fn record(&self, name: &str, is_union: bool) -> Option<&'a Struct> {
        self.records.get(&(name, is_union)).copied()
    }

    /// The enum named `name` (a complete definition when there is one).
    pub fn enumeration(&self, name: &str) -> Option<&'a Enum> {
        self.enums.get(name).copied()
    }

    /// `t` with typedef names followed to what they name (at most 64 levels).
    pub fn resolve<'t>(&self, mut t: &'t Type) -> &'t Type
    where
        'a: 't,
    {
        for _ in 0..64 {
            match t {
                Type::CType { name, .. } => match self.typedef(name) {
                    Some(td) => t = &td.underlying_type,
                    None => return t,
                },
                _ => return t,
            }
        }
        t
    }
}

impl Type {
    /// Calls `f` on this type and every type inside it: pointees, array elements, return and
    /// parameter types.
    pub fn walk<'t>(&'t self, f: &mut dyn FnMut(&'t Type)) {
        f(self);
        match self {
            Type::CType { .. } => {}
            Type::Pointer { pointee, .. } => pointee.walk(f),
            Type::Array { element, .. } => element.walk(f),
            Type::Function(ft) => {
                ft.return_type.walk(f);
                for p in &ft.parameters {
                    p.ty.walk(f);
                }
            }
        }
    }

    /// Adds every tag type (`struct X`, `union X`, `enum X`) inside this type to `out`.
    pub fn collect_tags(&self, out: &mut std::collections::HashSet<String>) {
        self.walk(&mut |t| {
            if let Type::CType { name, .. } = t
                && tag_of(name).is_some()
            {
                out.insert(name.clone());
            }
        });
    }

    /// A named type without qualifiers.
    pub fn named(name: impl Into<String>) -> Type {
        Type::CType {
            name: name.into(),
            qualifiers: Vec::new(),
        }
    }

    pub fn pointer_to(t: Type) -> Type {
        Type::Pointer {
            pointee: Box::new(t),
            qualifiers: Vec::new(),
        }
    }

    /// The qualifiers of this level of the type.
    pub fn qualifiers(&self) -> &[String] {
        match self {
            Type::CType { qualifiers, .. } | Type::Pointer { qualifiers, .. } => qualifiers,
            _ => &[],
        }
    }
}

impl Declaration {
    /// The declared name (`None` for anonymous structs, unions and enums).
    pub fn name(&self) -> Option<&str> {
        match self {
            Declaration::Struct(s) => s.name.as_deref(),
            Declaration::Enum(e) => e.name.as_deref(),
            Declaration::Function(f) => Some(&f.name),
            Declaration::Typedef(t) => Some(&t.name),
            Declaration::Variable(v) => Some(&v.name),
            Declaration::Constant(c) => Some(&c.name),
            Declaration::MacroFunction(m) => Some(&m.name),
        }
    }

    /// The JSON `kind` of this declaration.
    pub fn kind(&self) -> &'static str {
        match self {
            Declaration::Struct(s) if s.is_union => "union",
            Declaration::Struct(_) => "struct",
            Declaration::Enum(_) => "enum",
            Declaration::Function(_) => "function",
            Declaration::Typedef(_) => "typedef",
            Declaration::Variable(_) => "variable",
            Declaration::Constant(_) => "constant",
            Declaration::MacroFunction(_) => "macro_function",
        }
    }

    pub fn location(&self) -> Option<&SourceLocation> {
        match self {
            Declaration::Struct(s) => s.location.as_ref(),
            Declaration::Enum(e) => e.location.as_ref(),
            Declaration::Function(f) => f.location.as_ref(),
            Declaration::Typedef(t) => t.location.as_ref(),
            Declaration::Variable(v) => v.location.as_ref(),
            Declaration::Constant(c) => c.location.as_ref(),
            Declaration::MacroFunction(m) => m.location.as_ref(),
        }
    }
}

impl Header {
    /// The typedef named `name`, in scope or among the dependencies.
    pub fn typedef(&self, name: &str) -> Option<&Typedef> {
        self.declarations
            .iter()
            .chain(&self.dependencies)
            .find_map(|d| match d {
                Declaration::Typedef(t) if t.name == name => Some(t),
                _ => None,
            })
    }

    /// The struct or union definition with tag `name` (the complete one if there is one).
    pub fn record(&self, name: &str, is_union: bool) -> Option<&Struct> {
        let mut found = None;
        for d in self.declarations.iter().chain(&self.dependencies) {
            if let Declaration::Struct(s) = d
                && s.is_union == is_union
                && s.name.as_deref() == Some(name)
            {
                if !s.is_opaque {
                    return Some(s);
                }
                found = Some(s);
            }
        }
        found
    }

    /// Follows typedefs from `t` to the first type that is not a typedef name.
    pub fn resolve<'a>(&'a self, mut t: &'a Type) -> &'a Type {
        for _ in 0..64 {
            match t {
                Type::CType { name, .. } => match self.typedef(name) {
                    Some(td) => t = &td.underlying_type,
                    None => return t,
                },
                _ => return t,
            }
        }
        t
    }

    /// An index of the typedefs (in scope, then dependencies) for writers that look many up:
    /// [`Header::typedef`] and [`Header::resolve`] scan the declarations every time.
    pub fn typedef_index(&self) -> TypedefIndex<'_> {
        let mut map = std::collections::HashMap::new();
        let mut records: std::collections::HashMap<(&str, bool), &Struct> =
            std::collections::HashMap::new();
        let mut enums: std::collections::HashMap<&str, &Enum> = std::collections::HashMap::new();
        for d in self.declarations.iter().chain(&self.dependencies) {
            match d {
                Declaration::Typedef(t) => {
                    map.entry(t.name.as_str()).or_insert(t);
                }
                // as [`Header::record`]: the first complete definition, else the last one
                Declaration::Struct(s) => {
                    if let Some(n) = s.name.as_deref() {
                        let e = records.entry((n, s.is_union)).or_insert(s);
                        if e.is_opaque {
                            *e = s;
                        }
                    }
                }
                Declaration::Enum(x) => {
                    if let Some(n) = x.name.as_deref() {
                        let e = enums.entry(n).or_insert(x);
                        if e.is_opaque {
                            *e = x;
                        }
                    }
                }
                _ => {}
            }
        }
        TypedefIndex {
            map,
            records,
            enums,
        }
    }
}

// ------------------------------------------------------------------------------------------
// JSON
// ------------------------------------------------------------------------------------------

/// A JSON document that does not describe an IR header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(pub String);

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsonError {}

type JResult<T> = Result<T, JsonError>;

fn err<T>(msg: impl Into<String>) -> JResult<T> {
    Err(JsonError(msg.into()))
}

// Writing. The `Serialize` impls below are the one definition of the JSON form: the json
// writer streams them straight to bytes, and `to_json` collects them into a `Value`. Keys
// come in the reference's order; our extra keys are written only when they carry information.

/// `serde_json::to_value` of an IR item. It cannot fail: every map key is a string and every
/// integer is written as an `i64`, a `u64` or a string.
fn to_value<T: Serialize + ?Sized>(item: &T) -> Value {
    serde_json::to_value(item).expect("the IR always serializes to JSON")
}

/// `k: v` when `v` is present.
fn put_opt<M: SerializeMap, T: Serialize + ?Sized>(
    m: &mut M,
    k: &'static str,
    v: Option<&T>,
) -> Result<(), M::Error> {
    match v {
        Some(v) => m.serialize_entry(k, v),
        None => Ok(()),
    }
}

/// `k: true` when `v`; nothing otherwise.
fn put_flag<M: SerializeMap>(m: &mut M, k: &'static str, v: bool) -> Result<(), M::Error> {
    if v {
        m.serialize_entry(k, &true)
    } else {
        Ok(())
    }
}

fn put_location<M: SerializeMap>(m: &mut M, loc: &Option<SourceLocation>) -> Result<(), M::Error> {
    put_opt(m, "location", loc.as_ref())
}

fn put_qualifiers<M: SerializeMap>(m: &mut M, q: &[String]) -> Result<(), M::Error> {
    if q.is_empty() {
        Ok(())
    } else {
        m.serialize_entry("qualifiers", q)
    }
}

/// The keys a function and a function type share, after `kind` (and `name`).
fn put_signature<M: SerializeMap>(
    m: &mut M,
    return_type: &Type,
    parameters: &[Parameter],
    is_variadic: bool,
    calling_convention: &Option<String>,
    has_prototype: bool,
) -> Result<(), M::Error> {
    m.serialize_entry("return_type", return_type)?;
    m.serialize_entry("parameters", parameters)?;
    m.serialize_entry("is_variadic", &is_variadic)?;
    put_opt(m, "calling_convention", calling_convention.as_ref())?;
    if !has_prototype {
        m.serialize_entry("has_prototype", &false)?;
    }
    Ok(())
}

/// An integer value: a JSON number when it fits in an `i64` or a `u64`, else a string.
struct JsonInt(i128);

impl Serialize for JsonInt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Ok(i) = i64::try_from(self.0) {
            s.serialize_i64(i)
        } else if let Ok(u) = u64::try_from(self.0) {
            s.serialize_u64(u)
        } else {
            s.collect_str(&self.0)
        }
    }
}

impl Serialize for SourceLocation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("file", &self.file)?;
        m.serialize_entry("line", &self.line)?;
        put_opt(&mut m, "column", self.column.as_ref())?;
        m.end()
    }
}

impl Serialize for Type {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self {
            Type::CType { name, qualifiers } => {
                m.serialize_entry("kind", "ctype")?;
                m.serialize_entry("name", name)?;
                put_qualifiers(&mut m, qualifiers)?;
            }
            Type::Pointer {
                pointee,
                qualifiers,
            } => {
                m.serialize_entry("kind", "pointer")?;
                m.serialize_entry("pointee", pointee)?;
                put_qualifiers(&mut m, qualifiers)?;
            }
            Type::Array { element, size } => {
                m.serialize_entry("kind", "array")?;
                m.serialize_entry("element_type", element)?;
                match size {
                    Some(ArraySize::Fixed(n)) => m.serialize_entry("size", n)?,
                    Some(ArraySize::Expr(e)) => m.serialize_entry("size", e)?,
                    None => {}
                }
            }
            Type::Function(f) => {
                m.serialize_entry("kind", "function_pointer")?;
                put_signature(
                    &mut m,
                    &f.return_type,
                    &f.parameters,
                    f.is_variadic,
                    &f.calling_convention,
                    f.has_prototype,
                )?;
            }
        }
        m.end()
    }
}

impl Serialize for Parameter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", &self.ty)?;
        put_opt(&mut m, "name", self.name.as_ref())?;
        m.end()
    }
}

impl Serialize for Struct {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", if self.is_union { "union" } else { "struct" })?;
        m.serialize_entry("name", &self.name)?;
        m.serialize_entry("fields", &self.fields)?;
        put_flag(&mut m, "is_typedef", self.is_typedef)?;
        put_flag(&mut m, "is_packed", self.is_packed)?;
        put_flag(&mut m, "is_opaque", self.is_opaque)?;
        put_opt(&mut m, "pack", self.pack.as_ref())?;
        put_opt(&mut m, "aligned", self.aligned.as_ref())?;
        put_opt(&mut m, "deprecated", self.deprecated.as_ref())?;
        put_location(&mut m, &self.location)?;
        m.end()
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("name", &self.name)?;
        m.serialize_entry("type", &self.ty)?;
        put_opt(&mut m, "bit_width", self.bit_width.as_ref())?;
        put_opt(&mut m, "anonymous_struct", self.anonymous_struct.as_deref())?;
        put_opt(&mut m, "anonymous_enum", self.anonymous_enum.as_deref())?;
        put_opt(&mut m, "aligned", self.aligned.as_ref())?;
        put_flag(&mut m, "is_packed", self.is_packed)?;
        m.end()
    }
}

impl Serialize for EnumValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("name", &self.name)?;
        m.serialize_entry("value", &JsonInt(self.value))?;
        m.end()
    }
}

impl Serialize for Enum {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", "enum")?;
        m.serialize_entry("name", &self.name)?;
        m.serialize_entry("values", &self.values)?;
        put_flag(&mut m, "is_typedef", self.is_typedef)?;
        put_flag(&mut m, "is_opaque", self.is_opaque)?;
        put_flag(&mut m, "is_packed", self.is_packed)?;
        put_location(&mut m, &self.location)?;
        m.end()
    }
}

impl Serialize for Function {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", "function")?;
        m.serialize_entry("name", &self.name)?;
        put_signature(
            &mut m,
            &self.return_type,
            &self.parameters,
            self.is_variadic,
            &self.calling_convention,
            self.has_prototype,
        )?;
        put_flag(&mut m, "is_inline", self.is_inline)?;
        put_flag(&mut m, "is_static", self.is_static)?;
        put_opt(&mut m, "deprecated", self.deprecated.as_ref())?;
        put_opt(&mut m, "asm_name", self.asm_name.as_ref())?;
        put_location(&mut m, &self.location)?;
        m.end()
    }
}

impl Serialize for Typedef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", "typedef")?;
        m.serialize_entry("name", &self.name)?;
        m.serialize_entry("underlying_type", &self.underlying_type)?;
        put_opt(&mut m, "anonymous_struct", self.anonymous_struct.as_deref())?;
        put_opt(&mut m, "anonymous_enum", self.anonymous_enum.as_deref())?;
        put_opt(&mut m, "deprecated", self.deprecated.as_ref())?;
        put_location(&mut m, &self.location)?;
        m.end()
    }
}

impl Serialize for Variable {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", "variable")?;
        m.serialize_entry("name", &self.name)?;
        m.serialize_entry("type", &self.ty)?;
        put_flag(&mut m, "is_static", self.is_static)?;
        put_flag(&mut m, "is_thread_local", self.is_thread_local)?;
        put_opt(&mut m, "deprecated", self.deprecated.as_ref())?;
        put_opt(&mut m, "asm_name", self.asm_name.as_ref())?;
        put_opt(&mut m, "aligned", self.aligned.as_ref())?;
        put_location(&mut m, &self.location)?;
        m.end()
    }
}

/// A constant's value: an integer as [`JsonInt`], a float as a number (`null` when it is
/// infinite or NaN), a string literal as written.
impl Serialize for ConstValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ConstValue::Int(i) => JsonInt(*i).serialize(s),
            ConstValue::Float(f) => s.serialize_f64(*f),
            ConstValue::Str(v) => s.serialize_str(v),
        }
    }
}

impl Serialize for Constant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", "constant")?;
        m.serialize_entry("name", &self.name)?;
        put_opt(&mut m, "value", self.value.as_ref())?;
        if let Some(ConstValue::Float(f)) = self.value
            && !f.is_finite()
        {
            m.serialize_entry("nonfinite", nonfinite_name(f))?;
        }
        put_flag(&mut m, "is_macro", self.is_macro)?;
        put_opt(&mut m, "type", self.ty.as_ref())?;
        put_opt(&mut m, "raw_expression", self.raw_expression.as_ref())?;
        put_location(&mut m, &self.location)?;
        m.end()
    }
}

/// What `value: null` stands for when a floating constant is infinite or NaN (JSON has no
/// such numbers): the extra key `nonfinite`, so the value reads back.
fn nonfinite_name(f: f64) -> &'static str {
    if f.is_nan() {
        "nan"
    } else if f > 0.0 {
        "inf"
    } else {
        "-inf"
    }
}

/// A macro parameter: `{"name": p}`.
struct MacroParameter<'a>(&'a str);

impl Serialize for MacroParameter<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("name", self.0)?;
        m.end()
    }
}

/// A macro's parameter list as objects.
struct MacroParameters<'a>(&'a [String]);

impl Serialize for MacroParameters<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|p| MacroParameter(p)))
    }
}

impl Serialize for MacroFunction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", "macro_function")?;
        m.serialize_entry("name", &self.name)?;
        m.serialize_entry("parameters", &MacroParameters(&self.parameters))?;
        m.serialize_entry("is_variadic", &self.is_variadic)?;
        m.serialize_entry("body", &self.body)?;
        put_location(&mut m, &self.location)?;
        m.end()
    }
}

impl Serialize for Declaration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Declaration::Struct(d) => d.serialize(s),
            Declaration::Enum(d) => d.serialize(s),
            Declaration::Function(d) => d.serialize(s),
            Declaration::Typedef(d) => d.serialize(s),
            Declaration::Variable(d) => d.serialize(s),
            Declaration::Constant(d) => d.serialize(s),
            Declaration::MacroFunction(d) => d.serialize(s),
        }
    }
}

/// The JSON document of a header: `path`, `declarations`, `included_headers` (when any), then
/// our extra keys `target` (when known) and, when `with_dependencies` (the full form, which
/// reads back into the same IR), `dependencies` and `object_macros` (when any).
#[derive(Debug, Clone, Copy)]
pub struct HeaderJson<'a> {
    pub header: &'a Header,
    pub with_dependencies: bool,
}

impl Serialize for HeaderJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let h = self.header;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("path", &h.path)?;
        m.serialize_entry("declarations", &h.declarations)?;
        if !h.included_headers.is_empty() {
            m.serialize_entry("included_headers", &h.included_headers)?;
        }
        if !h.target.is_empty() {
            m.serialize_entry("target", &h.target)?;
        }
        if self.with_dependencies && !h.dependencies.is_empty() {
            m.serialize_entry("dependencies", &h.dependencies)?;
        }
        if self.with_dependencies && !h.object_macros.is_empty() {
            m.serialize_entry("object_macros", &h.object_macros)?;
        }
        m.end()
    }
}

/// The default document, without `dependencies` (see [`HeaderJson`]).
impl Serialize for Header {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.json(false).serialize(s)
    }
}

impl Header {
    /// The JSON document, to serialize (the json writer streams it).
    pub fn json(&self, with_dependencies: bool) -> HeaderJson<'_> {
        HeaderJson {
            header: self,
            with_dependencies,
        }
    }

    /// The JSON document as a value (see [`HeaderJson`]).
    pub fn to_json(&self, with_dependencies: bool) -> Value {
        to_value(&self.json(with_dependencies))
    }
}

impl Declaration {
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

impl Type {
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

impl Struct {
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

impl Field {
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

impl Enum {
    pub fn to_json(&self) -> Value {
        to_value(self)
    }
}

// Reading.

impl Type {
    pub fn from_json(v: &Value) -> JResult<Type> {
        let o = v
            .as_object()
            .ok_or_else(|| JsonError(format!("type is not an object: {v}")))?;
        let kind = o
            .get("kind")
            .and_then(Value::as_str)
            .ok_or_else(|| JsonError(format!("type missing 'kind': {v}")))?;
        let quals = || -> Vec<String> {
            o.get("qualifiers")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|q| q.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        Ok(match kind {
            "ctype" => Type::CType {
                name: req_str(o, "name")?,
                qualifiers: quals(),
            },
            "pointer" => Type::Pointer {
                pointee: Box::new(Type::from_json(req(o, "pointee")?)?),
                qualifiers: quals(),
            },
            "array" => Type::Array {
                element: Box::new(Type::from_json(req(o, "element_type")?)?),
                size: match o.get("size") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(ArraySize::Expr(s.clone())),
                    Some(n) => Some(ArraySize::Fixed(
                        n.as_u64()
                            .ok_or_else(|| JsonError(format!("bad array size {n}")))?,
                    )),
                },
            },
            "function_pointer" => Type::Function(Box::new(FunctionType {
                return_type: Type::from_json(req(o, "return_type")?)?,
                parameters: params_from_json(o.get("parameters"))?,
                is_variadic: flag(o, "is_variadic"),
                has_prototype: o
                    .get("has_prototype")
                    .and_then(Value::as_bool)
                    .unwrap_or(true),
                calling_convention: opt_str(o, "calling_convention"),
            })),
            other => return err(format!("Unknown type kind: '{other}'")),
        })
    }
}

fn params_from_json(v: Option<&Value>) -> JResult<Vec<Parameter>> {
    let Some(a) = v.and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    a.iter()
        .map(|p| {
            let o = p
                .as_object()
                .ok_or_else(|| JsonError(format!("parameter is not an object: {p}")))?;
            Ok(Parameter {
                name: opt_str(o, "name"),
                ty: Type::from_json(req(o, "type")?)?,
            })
        })
        .collect()
}

fn req<'a>(o: &'a Map<String, Value>, k: &str) -> JResult<&'a Value> {
    o.get(k).ok_or_else(|| JsonError(format!("missing '{k}'")))
}

fn req_str(o: &Map<String, Value>, k: &str) -> JResult<String> {
    req(o, k)?
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| JsonError(format!("'{k}' is not a string")))
}

fn opt_str(o: &Map<String, Value>, k: &str) -> Option<String> {
    o.get(k).and_then(Value::as_str).map(str::to_string)
}

fn opt_u32(o: &Map<String, Value>, k: &str) -> Option<u32> {
    o.get(k).and_then(Value::as_u64).map(|n| n as u32)
}

fn flag(o: &Map<String, Value>, k: &str) -> bool {
    o.get(k).and_then(Value::as_bool).unwrap_or(false)
}

fn location_from_json(o: &Map<String, Value>) -> Option<SourceLocation> {
    let l = o.get("location")?.as_object()?;
    Some(SourceLocation {
        file: opt_str(l, "file").unwrap_or_default(),
        line: opt_u32(l, "line").unwrap_or(0),
        column: opt_u32(l, "column"),
    })
}

/// An integer as [`JsonInt`] writes it: a number, or a decimal string beyond 64 bits.
fn int_from_json(v: &Value) -> Option<i128> {
    v.as_i64()
        .map(i128::from)
        .or_else(|| v.as_u64().map(i128::from))
        .or_else(|| v.as_str().and_then(big_int_from_str))
}

/// A decimal string as [`JsonInt`] writes an integer beyond 64 bits. A string constant is
/// never one: it keeps its quotes.
fn big_int_from_str(s: &str) -> Option<i128> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl Struct {
    fn from_json(o: &Map<String, Value>, is_union: bool) -> JResult<Struct> {
        let fields = match o.get("fields").and_then(Value::as_array) {
            Some(a) => a
                .iter()
                .map(Field::from_json)
                .collect::<JResult<Vec<_>>>()?,
            None => Vec::new(),
        };
        Ok(Struct {
            name: opt_str(o, "name"),
            is_union,
            fields,
            is_typedef: flag(o, "is_typedef"),
            is_opaque: flag(o, "is_opaque"),
            is_packed: flag(o, "is_packed"),
            pack: opt_u32(o, "pack"),
            aligned: opt_u32(o, "aligned"),
            deprecated: opt_str(o, "deprecated"),
            location: location_from_json(o),
        })
    }
}

impl Field {
    fn from_json(v: &Value) -> JResult<Field> {
        let o = v
            .as_object()
            .ok_or_else(|| JsonError(format!("field is not an object: {v}")))?;
        Ok(Field {
            name: opt_str(o, "name").unwrap_or_default(),
            ty: Type::from_json(req(o, "type")?)?,
            bit_width: opt_u32(o, "bit_width"),
            anonymous_struct: match o.get("anonymous_struct").and_then(Value::as_object) {
                Some(s) => {
                    let is_union = s.get("kind").and_then(Value::as_str) == Some("union");
                    Some(Box::new(Struct::from_json(s, is_union)?))
                }
                None => None,
            },
            anonymous_enum: match o.get("anonymous_enum").and_then(Value::as_object) {
                Some(e) => Some(Box::new(Enum::from_json(e)?)),
                None => None,
            },
            aligned: opt_u32(o, "aligned"),
            is_packed: flag(o, "is_packed"),
        })
    }
}

impl Enum {
    fn from_json(o: &Map<String, Value>) -> JResult<Enum> {
        let mut values = Vec::new();
        for v in o
            .get("values")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let vo = v
                .as_object()
                .ok_or_else(|| JsonError(format!("enum value is not an object: {v}")))?;
            values.push(EnumValue {
                name: req_str(vo, "name")?,
                value: vo.get("value").and_then(int_from_json).unwrap_or(0),
            });
        }
        Ok(Enum {
            name: opt_str(o, "name"),
            values,
            is_typedef: flag(o, "is_typedef"),
            is_opaque: flag(o, "is_opaque"),
            is_packed: flag(o, "is_packed"),
            location: location_from_json(o),
        })
    }
}

impl Declaration {
    pub fn from_json(v: &Value) -> JResult<Declaration> {
        let o = v
            .as_object()
            .ok_or_else(|| JsonError(format!("declaration is not an object: {v}")))?;
        let kind = o
            .get("kind")
            .and_then(Value::as_str)
            .ok_or_else(|| JsonError(format!("Declaration dict missing 'kind': {v}")))?;
        let loc = location_from_json(o);
        Ok(match kind {
            "struct" | "union" => Declaration::Struct(Struct::from_json(o, kind == "union")?),
            "enum" => Declaration::Enum(Enum::from_json(o)?),
            "function" => Declaration::Function(Function {
                name: req_str(o, "name")?,
                return_type: Type::from_json(req(o, "return_type")?)?,
                parameters: params_from_json(o.get("parameters"))?,
                is_variadic: flag(o, "is_variadic"),
                has_prototype: o
                    .get("has_prototype")
                    .and_then(Value::as_bool)
                    .unwrap_or(true),
                calling_convention: opt_str(o, "calling_convention"),
                is_inline: flag(o, "is_inline"),
                is_static: flag(o, "is_static"),
                deprecated: opt_str(o, "deprecated"),
                asm_name: opt_str(o, "asm_name"),
                location: loc,
            }),
            "typedef" => Declaration::Typedef(Typedef {
                name: req_str(o, "name")?,
                underlying_type: Type::from_json(req(o, "underlying_type")?)?,
                anonymous_struct: match o.get("anonymous_struct").and_then(Value::as_object) {
                    Some(s) => {
                        let is_union = s.get("kind").and_then(Value::as_str) == Some("union");
                        Some(Box::new(Struct::from_json(s, is_union)?))
                    }
                    None => None,
                },
                anonymous_enum: match o.get("anonymous_enum").and_then(Value::as_object) {
                    Some(e) => Some(Box::new(Enum::from_json(e)?)),
                    None => None,
                },
                deprecated: opt_str(o, "deprecated"),
                location: loc,
            }),
            "variable" => Declaration::Variable(Variable {
                name: req_str(o, "name")?,
                ty: Type::from_json(req(o, "type")?)?,
                is_static: flag(o, "is_static"),
                is_thread_local: flag(o, "is_thread_local"),
                deprecated: opt_str(o, "deprecated"),
                asm_name: opt_str(o, "asm_name"),
                aligned: opt_u32(o, "aligned"),
                location: loc,
            }),
            "constant" => Declaration::Constant(Constant {
                name: req_str(o, "name")?,
                value: match o.get("value") {
                    Some(Value::Null) => match o.get("nonfinite").and_then(Value::as_str) {
                        Some("inf") => Some(ConstValue::Float(f64::INFINITY)),
                        Some("-inf") => Some(ConstValue::Float(f64::NEG_INFINITY)),
                        Some("nan") => Some(ConstValue::Float(f64::NAN)),
                        _ => None,
                    },
                    None => None,
                    Some(Value::String(s)) => Some(match big_int_from_str(s) {
                        Some(i) => ConstValue::Int(i),
                        None => ConstValue::Str(s.clone()),
                    }),
                    Some(n) => match int_from_json(n) {
                        Some(i) if !n.is_f64() => Some(ConstValue::Int(i)),
                        _ => n.as_f64().map(ConstValue::Float),
                    },
                },
                ty: match o.get("type") {
                    Some(t) => Some(Type::from_json(t)?),
                    None => None,
                },
                is_macro: flag(o, "is_macro"),
                raw_expression: opt_str(o, "raw_expression"),
                location: loc,
            }),
            "macro_function" => Declaration::MacroFunction(MacroFunction {
                name: req_str(o, "name")?,
                parameters: o
                    .get("parameters")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|p| {
                                p.get("name").and_then(Value::as_str).map(str::to_string)
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                is_variadic: flag(o, "is_variadic"),
                body: opt_str(o, "body").unwrap_or_default(),
                location: loc,
            }),
            other => return err(format!("Unknown declaration kind: '{other}'")),
        })
    }
}

impl Header {
    /// Reads a header back from [`Header::to_json`]'s form (or the reference tool's).
    pub fn from_json(v: &Value) -> JResult<Header> {
        let o = v
            .as_object()
            .ok_or_else(|| JsonError("IR JSON is not an object".into()))?;
        let decls = |k: &str| -> JResult<Vec<Declaration>> {
            o.get(k)
                .and_then(Value::as_array)
                .map(|a| a.iter().map(Declaration::from_json).collect())
                .unwrap_or(Ok(Vec::new()))
        };
        Ok(Header {
            path: opt_str(o, "path").unwrap_or_default(),
            declarations: decls("declarations")?,
            included_headers: o
                .get("included_headers")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            dependencies: decls("dependencies")?,
            target: opt_str(o, "target").unwrap_or_default(),
            object_macros: o
                .get("object_macros")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Header {
        let cb = Type::pointer_to(Type::Function(Box::new(FunctionType {
            return_type: Type::named("int"),
            parameters: vec![Parameter {
                name: Some("msg".into()),
                ty: Type::pointer_to(Type::CType {
                    name: "char".into(),
                    qualifiers: vec!["const".into()],
                }),
            }],
            is_variadic: true,
            has_prototype: true,
            calling_convention: None,
        })));
        Header {
            path: "small.h".into(),
            declarations: vec![
                Declaration::Constant(Constant {
                    name: "BIG".into(),
                    value: Some(ConstValue::Int(u64::MAX as i128)),
                    ty: Some(Type::named("unsigned long long")),
                    is_macro: true,
                    raw_expression: Some("0xFFFFFFFFFFFFFFFFULL".into()),
                    location: Some(SourceLocation {
                        file: "small.h".into(),
                        line: 1,
                        column: Some(9),
                    }),
                }),
                Declaration::Struct(Struct {
                    name: Some("rec".into()),
                    fields: vec![
                        Field {
                            name: "flag".into(),
                            ty: Type::named("unsigned int"),
                            bit_width: Some(1),
                            anonymous_struct: None,
                            anonymous_enum: None,
                            aligned: None,
                            is_packed: false,
                        },
                        Field {
                            name: String::new(),
                            ty: Type::named("union"),
                            bit_width: None,
                            anonymous_struct: Some(Box::new(Struct {
                                is_union: true,
                                fields: vec![],
                                ..Default::default()
                            })),
                            anonymous_enum: None,
                            aligned: Some(8),
                            is_packed: false,
                        },
                        Field {
                            name: "cb".into(),
                            ty: cb.clone(),
                            bit_width: None,
                            anonymous_struct: None,
                            anonymous_enum: None,
                            aligned: None,
                            is_packed: false,
                        },
                        Field {
                            name: "tag".into(),
                            ty: Type::Array {
                                element: Box::new(Type::named("char")),
                                size: Some(ArraySize::Fixed(8)),
                            },
                            bit_width: None,
                            anonymous_struct: None,
                            anonymous_enum: None,
                            aligned: None,
                            is_packed: false,
                        },
                    ],
                    pack: Some(1),
                    ..Default::default()
                }),
                Declaration::Function(Function {
                    name: "f".into(),
                    return_type: Type::named("void"),
                    parameters: vec![],
                    is_variadic: false,
                    has_prototype: false,
                    calling_convention: None,
                    is_inline: false,
                    is_static: false,
                    deprecated: Some("use g".into()),
                    asm_name: None,
                    location: None,
                }),
                Declaration::Enum(Enum {
                    name: None,
                    values: vec![EnumValue {
                        name: "NEG".into(),
                        value: -4,
                    }],
                    ..Default::default()
                }),
                Declaration::Typedef(Typedef {
                    name: "cb_t".into(),
                    underlying_type: cb,
                    anonymous_struct: None,
                    anonymous_enum: None,
                    deprecated: None,
                    location: None,
                }),
                Declaration::MacroFunction(MacroFunction {
                    name: "MAX".into(),
                    parameters: vec!["a".into(), "b".into()],
                    is_variadic: false,
                    body: "((a) > (b) ? (a) : (b))".into(),
                    location: None,
                }),
                Declaration::Constant(Constant {
                    name: "R".into(),
                    value: Some(ConstValue::Float(0.5)),
                    ty: Some(Type::named("double")),
                    is_macro: true,
                    raw_expression: None,
                    location: None,
                }),
                Declaration::Constant(Constant {
                    name: "S".into(),
                    value: Some(ConstValue::Str("\"small\"".into())),
                    ty: None,
                    is_macro: true,
                    raw_expression: None,
                    location: None,
                }),
            ],
            included_headers: vec!["a.h".into()],
            dependencies: vec![],
            target: "x86_64-unknown-linux-gnu".into(),
            object_macros: vec!["BIG".into(), "R".into()],
        }
    }

    /// With dependencies (the full form) every field reads back; the default form leaves
    /// out the dependencies and the macro table.
    #[test]
    fn json_round_trip_is_identity() {
        let h = sample();
        let v = h.to_json(true);
        let back = Header::from_json(&v).unwrap();
        assert_eq!(back, h);
        assert_eq!(back.to_json(true), v);
    }

    #[test]
    fn reference_keys_and_order() {
        let v = sample().to_json(false);
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["path", "declarations", "included_headers", "target"]);
        let s = &v["declarations"][1];
        assert_eq!(s["kind"], "struct");
        assert_eq!(s["fields"][0]["bit_width"], 1);
        assert_eq!(s["fields"][2]["type"]["kind"], "pointer");
        assert_eq!(
            s["fields"][2]["type"]["pointee"]["kind"],
            "function_pointer"
        );
        assert_eq!(s["fields"][2]["type"]["pointee"]["is_variadic"], true);
        assert_eq!(v["declarations"][0]["value"], json!(u64::MAX));
        assert!(v["declarations"][2].get("has_prototype").is_some());
    }

    /// Integers beyond 64 bits are written as decimal strings and read back as integers
    /// (constants and enum values), string constants (with their quotes) as strings.
    #[test]
    fn integers_beyond_64_bits_round_trip() {
        let big = |name: &str, v: i128| {
            Declaration::Constant(Constant {
                name: name.into(),
                value: Some(ConstValue::Int(v)),
                ty: Some(Type::named("__int128")),
                is_macro: true,
                raw_expression: None,
                location: None,
            })
        };
        let h = Header {
            declarations: vec![
                big("MIN", i128::MIN),
                big("MAX", i128::MAX),
                big("ABOVE_U64", u64::MAX as i128 + 1),
                Declaration::Constant(Constant {
                    name: "S".into(),
                    value: Some(ConstValue::Str("\"123\"".into())),
                    ty: None,
                    is_macro: true,
                    raw_expression: None,
                    location: None,
                }),
                Declaration::Enum(Enum {
                    name: Some("e".into()),
                    values: vec![
                        EnumValue {
                            name: "LO".into(),
                            value: i128::MIN,
                        },
                        EnumValue {
                            name: "HI".into(),
                            value: u64::MAX as i128 + 1,
                        },
                    ],
                    ..Default::default()
                }),
            ],
            ..Default::default()
        };
        let v = h.to_json(false);
        assert_eq!(v["declarations"][0]["value"], json!(i128::MIN.to_string()));
        assert_eq!(Header::from_json(&v).unwrap(), h);
        assert_eq!(big_int_from_str("-"), None);
        assert_eq!(big_int_from_str("+1"), None);
        assert_eq!(big_int_from_str("1e5"), None);
        assert_eq!(
            big_int_from_str("999999999999999999999999999999999999999999"),
            None
        );
    }

    /// Infinite and NaN floating constants are written as `null` with `nonfinite` saying
    /// which, and read back; finite floats read back to the same bits.
    #[test]
    fn floats_round_trip() {
        let float = |name: &str, f: f64| {
            Declaration::Constant(Constant {
                name: name.into(),
                value: Some(ConstValue::Float(f)),
                ty: Some(Type::named("double")),
                is_macro: true,
                raw_expression: None,
                location: None,
            })
        };
        let finite = [
            0.1,
            1e-300,
            5e-324,
            1.7976931348623157e308,
            -2.5e-7,
            123.456,
        ];
        let mut decls: Vec<Declaration> = finite.iter().map(|&f| float("F", f)).collect();
        decls.push(float("INF", f64::INFINITY));
        decls.push(float("NEG", f64::NEG_INFINITY));
        decls.push(float("NAN", f64::NAN));
        let h = Header {
            declarations: decls,
            ..Default::default()
        };
        let v = h.to_json(false);
        assert_eq!(v["declarations"][6]["value"], Value::Null);
        assert_eq!(v["declarations"][6]["nonfinite"], "inf");
        assert_eq!(v["declarations"][7]["nonfinite"], "-inf");
        assert_eq!(v["declarations"][8]["nonfinite"], "nan");
        assert!(v["declarations"][0].get("nonfinite").is_none());
        // Through text, as a saved IR is read.
        let text = serde_json::to_string(&v).unwrap();
        let back = Header::from_json(&serde_json::from_str(&text).unwrap()).unwrap();
        let bits: Vec<u64> = back
            .declarations
            .iter()
            .map(|d| match d {
                Declaration::Constant(Constant {
                    value: Some(ConstValue::Float(f)),
                    ..
                }) => f.to_bits(),
                other => panic!("not a float constant: {other:?}"),
            })
            .collect();
        let mut want: Vec<u64> = finite.iter().map(|f| f.to_bits()).collect();
        want.extend([f64::INFINITY.to_bits(), f64::NEG_INFINITY.to_bits()]);
        assert_eq!(bits[..8], want[..]);
        assert!(f64::from_bits(bits[8]).is_nan());
        assert_eq!(back.to_json(false), v);
    }

    #[test]
    fn unknown_kinds_are_errors() {
        let e = Declaration::from_json(&json!({"kind": "bogus"})).unwrap_err();
        assert_eq!(e.0, "Unknown declaration kind: 'bogus'");
        assert!(Type::from_json(&json!({"name": "int"})).is_err());
    }
}
