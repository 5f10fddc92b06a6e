//! The `cffi` writer: declarations for `ffi.cdef()`, in the subset of C that cffi's parser
//! accepts (`docs/testing.md` describes the real-consumer checks), for API mode (`set_source`):
//!
//! * structs and unions with anonymous members, bit-fields and inline anonymous types; a record
//!   whose layout cffi cannot state (packed, `#pragma pack`, `aligned`, or a member of a type
//!   cffi lacks) keeps the members it can state and ends with `...;` so the compiler fills in
//!   the layout (bit-fields are dropped there: cffi refuses them beside `...;`);
//! * enums, typedefs, functions (variadic, function pointers and arrays in every position
//!   through a real declarator printer), `extern` globals;
//! * integer macros as `#define NAME VALUE` (decimal, which cffi checks against the compiler),
//!   floating and string macros as `static const double NAME;` / `static const char *const
//!   NAME;`, and names matched by `define_patterns` as `#define NAME ...`;
//! * the out-of-scope types the output uses, declared just enough: nothing for cffi's own
//!   (`size_t`, `intN_t`, `FILE`...), `typedef int... T;` for integer typedefs, `typedef ...
//!   T;` for `va_list` and for records only used through pointers, `struct X;` or a partial
//!   `struct X { ...; };` when used by value;
//! * a declaration that needs a type cffi cannot express (`__int128`, `long double _Complex`,
//!   `_Float128`) is replaced by a `/* skipped: ... */` comment.
//!
//! Never emitted: attributes, GNU keywords, bodies, `_Static_assert`, function-like macros,
//! a second definition of anything.
//!
//! Options: `library` (a shared library by `-l` name or path: functions and variables it does
//! not export are skipped, since cffi's API mode refers to every declared one and the module
//! would not import), `exclude_patterns` (regexes searched in declaration names), `define_patterns`
//! (regexes searched, as Python's `re.search`, in the names of the object-like macros the
//! preprocessor has defined at the end of the header, from its own files and everything they
//! include: each match is `#define NAME ...` once, in place of a literal value; a float or
//! string constant keeps its `static const` form, which cffi can check, and names the output
//! declares otherwise are not repeated), `extra_cdef` (lines appended verbatim).

use std::collections::{HashMap, HashSet};

use regex::Regex;

use super::{OptionKind, OptionSpec, Writer, WriterOptions};
use crate::ir::{
    ConstValue, Constant, Declaration, Enum, Field, Function, FunctionType, Header, Parameter,
    Struct, Type, Typedef, Variable, is_anonymous_keyword, tag_of,
};

pub struct CffiWriter;

const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "exclude_patterns",
        kind: OptionKind::List,
        help: "regex; declarations whose name it matches are left out (repeatable)",
    },
    OptionSpec {
        name: "define_patterns",
        kind: OptionKind::List,
        help: "regex searched in the names of the object-like macros defined at the end of the \
               header (its own and everything it includes); each match becomes '#define NAME \
               ...' (repeatable)",
    },
    OptionSpec {
        name: "library",
        kind: OptionKind::Library,
        help: "the shared library the module links (a -l name such as 'nng', or a path); \
               functions and variables it does not export are left out with a comment",
    },
    OptionSpec {
        name: "extra_cdef",
        kind: OptionKind::List,
        help: "a line appended verbatim at the end (repeatable)",
    },
];

impl Writer for CffiWriter {
    fn name(&self) -> &'static str {
        "cffi"
    }

    fn description(&self) -> &'static str {
        "CFFI cdef declarations for ffibuilder.cdef()"
    }

    fn extension(&self) -> &'static str {
        ".cdef.txt"
    }

    fn options(&self) -> &'static [OptionSpec] {
        OPTIONS
    }

    fn check_options(&self, opts: &WriterOptions) -> Result<(), String> {
        compile_patterns(opts, "exclude_patterns")?;
        compile_patterns(opts, "define_patterns")?;
        Ok(())
    }

    fn write(&self, header: &Header, opts: &WriterOptions) -> Result<Vec<u8>, String> {
        let exclude = compile_patterns(opts, "exclude_patterns")?;
        let defines = compile_patterns(opts, "define_patterns")?;
        let exports = opts.library_exports("library")?;
        let mut text = render_for(header, &exclude, &defines, exports);
        for line in opts.list("extra_cdef") {
            text.push_str(line);
            text.push('\n');
        }
        Ok(text.into_bytes())
    }
}

fn compile_patterns(opts: &WriterOptions, key: &str) -> Result<Vec<Regex>, String> {
    opts.list(key)
        .iter()
        .map(|p| Regex::new(p).map_err(|e| format!("bad regex '{p}' in option '{key}': {e}")))
        .collect()
}

/// The cdef text for `header` (without `extra_cdef`).
pub fn render(header: &Header, exclude: &[Regex], defines: &[Regex]) -> String {
    render_for(header, exclude, defines, None)
}

/// [`render`], declaring only the functions and variables in `exports` (the `library`
/// option: the library's name as given and the names it exports) when given.
pub fn render_for(
    header: &Header,
    exclude: &[Regex],
    defines: &[Regex],
    exports: Option<(&str, &std::collections::BTreeSet<String>)>,
) -> String {
    let mut cx = Cx::new(header, exclude);
    cx.exports = exports;
    let mut main = Vec::new();
    for d in &cx.kept.clone() {
        cx.declaration(d, defines, &mut main);
    }
    let mut deps = Vec::new();
    let wanted: Vec<(String, bool)> = cx
        .refs_order
        .iter()
        .map(|k| (k.clone(), cx.refs[k]))
        .collect();
    for (k, by_value) in wanted {
        cx.dependency(&k, by_value, &mut deps);
    }
    // define_patterns also reach macros that are not in-scope constants: the rest of the
    // preprocessor's table (out-of-scope headers, values we cannot evaluate); the compiler
    // fills in each value. Names the output already declares are not repeated.
    if !defines.is_empty() {
        for name in &header.object_macros {
            if defines.iter().any(|r| r.is_match(name))
                && !exclude.iter().any(|r| r.is_match(name))
                && !cx.defined.contains(name)
                && !cx.refs.contains_key(name)
                && cx.names.insert(name.clone())
            {
                main.push(format!("#define {name} ..."));
            }
        }
    }
    let mut out = String::new();
    for block in deps.iter().chain(&main) {
        out.push_str(block);
        out.push('\n');
    }
    out
}

// ------------------------------------------------------------------------------------------
// Types cffi knows and types it cannot express

/// Types cffi declares itself (`model.PrimitiveType` and `commontypes`).
const CFFI_KNOWN: &[&str] = &[
    "FILE",
    "bool",
    "char16_t",
    "char32_t",
    "wchar_t",
    "size_t",
    "ssize_t",
    "ptrdiff_t",
    "intptr_t",
    "uintptr_t",
    "intmax_t",
    "uintmax_t",
    "int8_t",
    "int16_t",
    "int32_t",
    "int64_t",
    "uint8_t",
    "uint16_t",
    "uint32_t",
    "uint64_t",
    "int_least8_t",
    "int_least16_t",
    "int_least32_t",
    "int_least64_t",
    "uint_least8_t",
    "uint_least16_t",
    "uint_least32_t",
    "uint_least64_t",
    "int_fast8_t",
    "int_fast16_t",
    "int_fast32_t",
    "int_fast64_t",
    "uint_fast8_t",
    "uint_fast16_t",
    "uint_fast32_t",
    "uint_fast64_t",
];

const INTEGER_BASES: &[&str] = &[
    "char",
    "signed char",
    "unsigned char",
    "short",
    "unsigned short",
    "int",
    "unsigned int",
    "long",
    "unsigned long",
    "long long",
    "unsigned long long",
    "_Bool",
    "bool",
];

/// The cffi spelling of a base type name, or `Err(reason)` when cffi cannot express it.
fn base_spelling(name: &str) -> Result<&str, String> {
    Ok(match name {
        "_Complex float" | "float _Complex" => "float _Complex",
        "_Complex double" | "double _Complex" => "double _Complex",
        "_Float32" => "float",
        "_Float64" | "_Float32x" => "double",
        "_Float64x" => "long double",
        "__int128"
        | "unsigned __int128"
        | "__int128_t"
        | "__uint128_t"
        | "_Float128"
        | "__float128"
        | "_Float16"
        | "__bf16"
        | "__fp16"
        | "__ibm128"
        | "_Float128x"
        | "_Complex long double"
        | "long double _Complex"
        | "_Decimal32"
        | "_Decimal64"
        | "_Decimal128" => return Err(format!("cffi has no type '{name}'")),
        n if n.starts_with("_Complex") || n.ends_with("_Complex") => {
            return Err(format!("cffi has no type '{name}'"));
        }
        n => n,
    })
}

fn is_va_list_builtin(name: &str) -> bool {
    name == "__builtin_va_list"
}

fn quals(q: &[String]) -> String {
    let mut s = String::new();
    for q in q {
        let q = match q.as_str() {
            "const" | "__const" | "__const__" => "const",
            "volatile" | "__volatile" | "__volatile__" => "volatile",
            "restrict" | "__restrict" | "__restrict__" => "restrict",
            "_Atomic" => "_Atomic",
            _ => continue,
        };
        s.push_str(q);
        s.push(' ');
    }
    s
}

// ------------------------------------------------------------------------------------------
// The writer's state

struct Cx<'a> {
    h: &'a Header,
    /// The header's typedefs by name.
    tds: crate::ir::TypedefIndex<'a>,
    /// The in-scope typedefs' underlying types by name (the first of each name).
    local_tds: HashMap<&'a str, &'a Type>,
    /// In-scope declarations not excluded.
    kept: Vec<&'a Declaration>,
    /// Tags (`struct X`) with a complete definition among `kept`.
    complete_tags: HashSet<String>,
    /// Tags and typedef names the output declares (in scope) or has declared (dependencies).
    defined: HashSet<String>,
    /// Tags referenced with `struct N` anywhere, so a typedef'd record keeps its tag.
    tag_refs: HashSet<String>,
    /// Out-of-scope names the output uses: typedef names and tags, by value or not.
    refs: HashMap<String, bool>,
    refs_order: Vec<String>,
    /// Names of emitted functions, variables, enumerators and macros (no duplicates).
    names: HashSet<String>,
    /// In-scope functions named `__NAME`, as `NAME` (see `macro_like`).
    dunder_functions: HashSet<String>,
    /// Typedef names already followed for a use by value.
    byval_seen: HashSet<String>,
    /// Anonymous enums defined inline by members and typedefs.
    inline_enums: Vec<&'a Enum>,
    /// Typedef names already checked for expressibility.
    bad_memo: HashMap<String, Option<String>>,
    deps_done: HashSet<String>,
    /// The `library` option: its name and the symbols it exports.
    exports: Option<(&'a str, &'a std::collections::BTreeSet<String>)>,
}

impl<'a> Cx<'a> {
    fn new(h: &'a Header, exclude: &[Regex]) -> Cx<'a> {
        let excluded = |d: &Declaration| match d.name() {
            Some(n) if !n.is_empty() => exclude.iter().any(|r| r.is_match(n)),
            _ => false,
        };
        let kept: Vec<&Declaration> = h.declarations.iter().filter(|d| !excluded(d)).collect();
        let mut complete_tags = HashSet::new();
        for d in &kept {
            if let Declaration::Struct(s) = d
                && let Some(n) = &s.name
                && !s.is_opaque
            {
                complete_tags.insert(s.tag_key(n));
            }
        }
        let dunder_functions = kept
            .iter()
            .filter_map(|d| match d {
                Declaration::Function(f) => f.name.strip_prefix("__").map(str::to_string),
                _ => None,
            })
            .collect();
        let mut inline_enums = Vec::new();
        for d in &kept {
            d.inline_enums(&mut inline_enums);
        }
        let mut tag_refs = HashSet::new();
        for d in h.declarations.iter().chain(&h.dependencies) {
            d.for_each_type(&mut |t| t.collect_tags(&mut tag_refs));
        }
        Cx {
            h,
            tds: h.typedef_index(),
            local_tds: {
                let mut m = HashMap::new();
                for d in &h.declarations {
                    if let Declaration::Typedef(t) = d {
                        m.entry(t.name.as_str()).or_insert(&t.underlying_type);
                    }
                }
                m
            },
            kept,
            complete_tags,
            defined: HashSet::new(),
            tag_refs,
            refs: HashMap::new(),
            refs_order: Vec::new(),
            names: HashSet::new(),
            dunder_functions,
            byval_seen: HashSet::new(),
            inline_enums,
            bad_memo: HashMap::new(),
            deps_done: HashSet::new(),
            exports: None,
        }
    }

    /// Records that the output uses `ty` (by value unless behind a pointer).
    fn note(&mut self, ty: &Type, by_value: bool) {
        match ty {
            Type::CType { name, .. } => {
                if is_anonymous_keyword(name) || base_spelling(name).is_err() {
                    return;
                }
                let is_base = INTEGER_BASES.contains(&name.as_str())
                    || matches!(
                        name.as_str(),
                        "void"
                            | "float"
                            | "double"
                            | "long double"
                            | "_Complex float"
                            | "_Complex double"
                    );
                if is_base || CFFI_KNOWN.contains(&name.as_str()) {
                    return;
                }
                if by_value && self.byval_seen.insert(name.clone()) {
                    // an in-scope typedef used by value needs what it names by value
                    if let Some(u) = self.local_tds.get(name.as_str()).copied() {
                        self.note(u, true);
                    }
                }
                match self.refs.get_mut(name) {
                    Some(v) => *v |= by_value,
                    None => {
                        self.refs.insert(name.clone(), by_value);
                        self.refs_order.push(name.clone());
                    }
                }
            }
            Type::Pointer { pointee, .. } => self.note(pointee, false),
            Type::Array { element, .. } => self.note(element, by_value),
            Type::Function(f) => {
                self.note(&f.return_type, true);
                for p in &f.parameters {
                    self.note(&p.ty, true);
                }
            }
        }
    }

    fn note_fields(&mut self, fields: &[Field]) {
        for f in fields {
            if let Some(s) = &f.anonymous_struct {
                self.note_fields(&s.fields);
            }
            self.note(&f.ty, true);
        }
    }

    /// Why cffi cannot express `ty`, if it cannot (typedefs followed; records not entered).
    fn bad(&mut self, ty: &Type) -> Option<String> {
        self.bad_in(ty, false)
    }

    /// [`Cx::bad`]; `nested`: inside a function type other than a declared function's own,
    /// where cffi needs a complete `va_list` (it has none).
    fn bad_in(&mut self, ty: &Type, nested: bool) -> Option<String> {
        match ty {
            Type::CType { name, .. } => {
                if let Err(e) = base_spelling(name) {
                    return Some(e);
                }
                if tag_of(name).is_some() || is_anonymous_keyword(name) {
                    return None;
                }
                let key = format!("{name}/{nested}");
                if let Some(r) = self.bad_memo.get(&key) {
                    return r.clone();
                }
                self.bad_memo.insert(key.clone(), None);
                let r = match self.tds.typedef(name) {
                    Some(td) => {
                        let u = td.underlying_type.clone();
                        let va = matches!(self.tds.resolve(&u),
                            Type::CType { name, .. } if is_va_list_builtin(name));
                        if va && nested {
                            Some("cffi has no complete 'va_list' for a function pointer".into())
                        } else {
                            // a typedef of a function type is used through pointers
                            let n = nested || matches!(u, Type::Function(_));
                            self.bad_in(&u, n)
                        }
                    }
                    None => None,
                };
                let r = r.map(|e| {
                    if e.contains("through") {
                        e
                    } else {
                        format!("{e} (through '{name}')")
                    }
                });
                self.bad_memo.insert(key, r.clone());
                r
            }
            Type::Pointer { pointee, .. } => self.bad_in(pointee, true),
            Type::Array { element, .. } => self.bad_in(element, nested),
            Type::Function(f) => {
                if let Some(e) = self.bad_in(&f.return_type, true) {
                    return Some(e);
                }
                f.parameters.iter().find_map(|p| self.bad_in(&p.ty, nested))
            }
        }
    }

    fn declaration(&mut self, d: &Declaration, defines: &[Regex], out: &mut Vec<String>) {
        match d {
            Declaration::Struct(s) => self.record(s, out),
            Declaration::Enum(e) => self.enumeration(e, out),
            Declaration::Typedef(t) => self.typedef(t, out),
            Declaration::Function(f) => self.function(f, out),
            Declaration::Variable(v) => self.variable(v, out),
            Declaration::Constant(c) => self.constant(c, defines, out),
            Declaration::MacroFunction(_) => {}
        }
    }

    fn record(&mut self, s: &Struct, out: &mut Vec<String>) {
        let Some(name) = s.name.as_deref() else {
            return;
        };
        let kw = if s.is_union { "union" } else { "struct" };
        let key = format!("{kw} {name}");
        if s.is_opaque {
            if self.complete_tags.contains(&key) || !self.defined.insert(key.clone()) {
                return;
            }
            out.push(format!("{key};"));
            return;
        }
        if s.is_typedef {
            if !self.defined.insert(name.to_string()) {
                return;
            }
            let tagged = self.tag_refs.contains(&key);
            if tagged {
                self.defined.insert(key.clone());
            }
            let body = self.body(s, "");
            let open = if tagged {
                format!("{key} ")
            } else {
                format!("{kw} ")
            };
            out.push(format!("typedef {open}{body} {name};"));
        } else {
            if !self.defined.insert(key.clone()) {
                return;
            }
            let body = self.body(s, "");
            out.push(format!("{key} {body};"));
        }
    }

    /// `{ fields }` of a record, indented by `indent` (the closing brace's indent).
    fn body(&mut self, s: &Struct, indent: &str) -> String {
        self.note_fields(&s.fields);
        let why_partial = self.partial_reason(s);
        let inner = format!("{indent}    ");
        let mut text = String::from("{");
        if let Some(why) = &why_partial {
            text.push_str(&format!(" /* {why}: layout from the compiler */"));
        }
        text.push('\n');
        for f in &s.fields {
            if why_partial.is_some() && (f.bit_width.is_some() || has_bitfields(f)) {
                continue;
            }
            if let Some(line) = self.field(f, &inner, why_partial.is_some()) {
                text.push_str(&inner);
                text.push_str(&line);
                text.push('\n');
            }
        }
        if why_partial.is_some() {
            text.push_str(&inner);
            text.push_str("...;\n");
        }
        text.push_str(indent);
        text.push('}');
        text
    }

    /// Why a record's layout must come from the compiler, if it must.
    fn partial_reason(&mut self, s: &Struct) -> Option<String> {
        if s.is_packed {
            return Some("packed".into());
        }
        if let Some(n) = s.pack {
            return Some(format!("#pragma pack({n})"));
        }
        if let Some(n) = s.aligned {
            return Some(format!("aligned({n})"));
        }
        self.fields_reason(&s.fields)
    }

    fn fields_reason(&mut self, fields: &[Field]) -> Option<String> {
        for f in fields {
            if self.macro_like(&f.name) {
                return Some(format!("member '{}' is also a macro", f.name));
            }
            if f.is_packed {
                return Some(format!("packed member '{}'", f.name));
            }
            if let Some(n) = f.aligned {
                return Some(format!("aligned({n}) member"));
            }
            if let Some(e) = self.bad(&f.ty) {
                return Some(e);
            }
            if let Some(s) = &f.anonymous_struct {
                if s.is_packed || s.aligned.is_some() || s.pack.is_some() {
                    return Some("packed or aligned member".into());
                }
                if let Some(r) = self.fields_reason(&s.fields) {
                    return Some(r);
                }
            }
        }
        None
    }

    /// Whether `name` is probably an object-like macro as well (libxml2's
    /// `#define xmlParserVersion (*(__xmlParserVersion()))` beside a member of that name): an
    /// in-scope function `__NAME` exists. The compiler would expand the member name in cffi's
    /// `offsetof` checks, so such a member is left to the compiler (`...;`).
    fn macro_like(&self, name: &str) -> bool {
        !name.is_empty() && self.dunder_functions.contains(name)
    }

    /// One member line (without indent and newline); `None` to leave it out.
    fn field(&mut self, f: &Field, indent: &str, partial: bool) -> Option<String> {
        if partial && (self.bad(&f.ty).is_some() || self.macro_like(&f.name)) {
            return None;
        }
        let anon = if let Some(s) = &f.anonymous_struct {
            let kw = if s.is_union { "union" } else { "struct" };
            if partial && self.partial_reason(s).is_some() {
                // cffi cannot mix a nested partial record into a partial one: leave it out
                return None;
            }
            Some(format!("{kw} {}", self.body(s, indent)))
        } else {
            f.anonymous_enum
                .as_ref()
                .map(|e| enum_text(e, "enum", indent))
        };
        if f.name.is_empty() && f.bit_width.is_none() && anon.is_none() {
            return None;
        }
        let mut line = declare(&f.ty, &f.name, anon.as_deref());
        if let Some(w) = f.bit_width {
            line.push_str(&format!(" : {w}"));
        }
        line.push(';');
        Some(line)
    }

    fn enumeration(&mut self, e: &Enum, out: &mut Vec<String>) {
        if e.is_opaque || e.values.is_empty() {
            return;
        }
        if e.name.is_none() && self.inline_enums.contains(&e) {
            // the definition of an anonymous enum used by a member or typedef: written there
            return;
        }
        let fresh: Vec<bool> = e
            .values
            .iter()
            .map(|v| self.names.insert(v.name.clone()))
            .collect();
        if fresh.iter().any(|f| !f) {
            out.push(format!(
                "/* skipped: enum {}: an enumerator is already declared */",
                e.name.as_deref().unwrap_or("(anonymous)")
            ));
            return;
        }
        match e.name.as_deref() {
            None => out.push(format!("{};", enum_text(e, "enum", ""))),
            Some(n) if e.is_typedef => {
                if !self.defined.insert(n.to_string()) {
                    return;
                }
                let key = format!("enum {n}");
                let open = if self.tag_refs.contains(&key) {
                    self.defined.insert(key.clone());
                    key
                } else {
                    "enum".into()
                };
                out.push(format!("typedef {} {n};", enum_text(e, &open, "")));
            }
            Some(n) => {
                let key = format!("enum {n}");
                if self.defined.insert(key.clone()) {
                    out.push(format!("{};", enum_text(e, &key, "")));
                }
            }
        }
    }

    fn typedef(&mut self, t: &Typedef, out: &mut Vec<String>) {
        if self.defined.contains(&t.name) {
            return;
        }
        let fn_type = matches!(t.underlying_type, Type::Function(_));
        if let Some(e) = self.bad_in(&t.underlying_type, fn_type) {
            out.push(format!("/* skipped: typedef {}: {e} */", t.name));
            return;
        }
        self.defined.insert(t.name.clone());
        let opaque_alias = matches!(&t.underlying_type,
            Type::CType { name, .. } if self.opaque_dep(name));
        if let Type::CType { name, .. } = self.tds.resolve(&t.underlying_type)
            && (is_va_list_builtin(name) || opaque_alias)
        {
            out.push(format!("typedef ... {};", t.name));
            return;
        }
        let anon = if let Some(s) = &t.anonymous_struct {
            let kw = if s.is_union { "union" } else { "struct" };
            Some(format!("{kw} {}", self.body(s, "")))
        } else if let Some(e) = &t.anonymous_enum {
            for v in &e.values {
                self.names.insert(v.name.clone());
            }
            Some(enum_text(e, "enum", ""))
        } else {
            None
        };
        self.note(&t.underlying_type, false);
        out.push(format!(
            "typedef {};",
            declare(&t.underlying_type, &t.name, anon.as_deref())
        ));
    }

    /// A comment when the `library` option says `symbol` (the asm label, else `name`) is not
    /// exported.
    fn unexported(&self, kind: &str, name: &str, symbol: Option<&str>) -> Option<String> {
        let (lib, exports) = self.exports?;
        (!exports.contains(symbol.unwrap_or(name)))
            .then(|| format!("/* skipped: {kind} {name}: not exported by library '{lib}' */"))
    }

    fn function(&mut self, f: &Function, out: &mut Vec<String>) {
        if !self.names.insert(f.name.clone()) {
            return;
        }
        // a static function is defined by the header itself
        if !f.is_static
            && let Some(c) = self.unexported("function", &f.name, f.asm_name.as_deref())
        {
            out.push(c);
            return;
        }
        let ft = Type::Function(Box::new(FunctionType {
            return_type: f.return_type.clone(),
            parameters: f.parameters.clone(),
            is_variadic: f.is_variadic,
            has_prototype: f.has_prototype,
            calling_convention: None,
        }));
        if let Some(e) = self.bad(&ft) {
            out.push(format!("/* skipped: function {}: {e} */", f.name));
            return;
        }
        if f.is_variadic && f.parameters.is_empty() {
            out.push(format!(
                "/* skipped: function {}: '(...)' alone is not accepted by cffi */",
                f.name
            ));
            return;
        }
        self.note(&ft, true);
        out.push(format!("{};", declare(&ft, &f.name, None)));
    }

    fn variable(&mut self, v: &Variable, out: &mut Vec<String>) {
        if !self.names.insert(v.name.clone()) {
            return;
        }
        // a static const is the header's own definition, not the library's
        let is_static = v.is_static && v.ty.qualifiers().iter().any(|q| q == "const");
        if !is_static && let Some(c) = self.unexported("variable", &v.name, v.asm_name.as_deref()) {
            out.push(c);
            return;
        }
        if let Some(e) = self.bad(&v.ty) {
            out.push(format!("/* skipped: variable {}: {e} */", v.name));
            return;
        }
        self.note(&v.ty, true);
        let storage = if v.is_static && v.ty.qualifiers().iter().any(|q| q == "const") {
            "static"
        } else {
            "extern"
        };
        out.push(format!("{storage} {};", declare(&v.ty, &v.name, None)));
    }

    fn constant(&mut self, c: &Constant, defines: &[Regex], out: &mut Vec<String>) {
        let Some(value) = &c.value else {
            return;
        };
        if !self.names.insert(c.name.clone()) {
            return;
        }
        let integer = |t: &Option<Type>| match t {
            None => true,
            Some(Type::CType { name, .. }) => INTEGER_BASES.contains(&name.as_str()),
            Some(_) => false,
        };
        match value {
            ConstValue::Int(i) if integer(&c.ty) => {
                if defines.iter().any(|r| r.is_match(&c.name)) {
                    out.push(format!("#define {} ...", c.name));
                } else if i64::try_from(*i).is_ok() || u64::try_from(*i).is_ok() {
                    out.push(format!("#define {} {i}", c.name));
                }
            }
            ConstValue::Float(_) => {
                let t = match &c.ty {
                    Some(Type::CType { name, .. }) if name == "float" => "float",
                    Some(Type::CType { name, .. }) if name == "long double" => "long double",
                    _ => "double",
                };
                out.push(format!("static const {t} {};", c.name));
            }
            ConstValue::Str(s) => {
                let ch = if s.starts_with('L') {
                    "wchar_t"
                } else if s.starts_with('u') && !s.starts_with("u8") {
                    "char16_t"
                } else if s.starts_with('U') {
                    "char32_t"
                } else {
                    "char"
                };
                out.push(format!("static const {ch} *const {};", c.name));
            }
            _ => {}
        }
    }

    // --------------------------------------------------------------------------------------
    // Out-of-scope types

    /// Declares the out-of-scope type `name` (a typedef name or a tag) just enough.
    fn dependency(&mut self, name: &str, by_value: bool, out: &mut Vec<String>) {
        if self.defined.contains(name) || CFFI_KNOWN.contains(&name) {
            return;
        }
        let done_key = format!("{name}/{by_value}");
        if !self.deps_done.insert(done_key) {
            return;
        }
        if let Some(tag) = name
            .strip_prefix("struct ")
            .or_else(|| name.strip_prefix("union "))
        {
            let kw = if name.starts_with("union ") {
                "union"
            } else {
                "struct"
            };
            let key = format!("{kw} {tag}");
            if self.complete_tags.contains(&key) {
                return;
            }
            if by_value {
                self.defined.insert(key.clone());
                match self.dep_record(tag, kw == "union") {
                    Some(s) => {
                        // the real definition (a partial one cannot be a member of an
                        // anonymous record), after what its members need
                        let mut inner = Vec::new();
                        field_refs(&s.fields, &mut inner);
                        for (k, v) in inner {
                            if !is_base_or_known(&k) {
                                self.dependency(&k, v, out);
                            }
                        }
                        let body = self.body(&s, "");
                        out.push(format!("{key} {body};"));
                    }
                    None => out.push(format!("{key} {{ ...; }};")),
                }
            } else if !self.deps_done.contains(&format!("{key}/true")) {
                self.defined.insert(key.clone());
                out.push(format!("{key};"));
            }
            return;
        }
        if let Some(tag) = name.strip_prefix("enum ") {
            self.defined.insert(name.to_string());
            let found = self.h.dependencies.iter().find_map(|d| match d {
                Declaration::Enum(e) if e.name.as_deref() == Some(tag) && !e.values.is_empty() => {
                    Some(e.clone())
                }
                _ => None,
            });
            match found {
                Some(e) if e.values.iter().all(|v| !self.names.contains(&v.name)) => {
                    for v in &e.values {
                        self.names.insert(v.name.clone());
                    }
                    out.push(format!("{};", enum_text(&e, name, "")));
                }
                _ => out.push(format!("enum {tag} {{ ... }};")),
            }
            return;
        }
        // An in-scope typedef that was skipped: its comment is already written
        let in_scope = self
            .kept
            .iter()
            .any(|d| matches!(d, Declaration::Typedef(t) if t.name == name));
        if in_scope {
            return;
        }
        // A typedef name: of an anonymous record or enum (`typedef struct {...} T;`)...
        if let Some(u) = self.dep_typedef_record(name) {
            self.defined.insert(name.to_string());
            let kw = if u { "union" } else { "struct" };
            out.push(format!("typedef {kw} {{ ...; }} {name};"));
            return;
        }
        let is_enum = self.h.dependencies.iter().any(|d| {
            matches!(d, Declaration::Enum(e) if e.is_typedef && e.name.as_deref() == Some(name))
        });
        if is_enum {
            self.defined.insert(name.to_string());
            out.push(format!("typedef int... {name};"));
            return;
        }
        // ... or of another type
        let Some(td) = self.tds.typedef(name).cloned() else {
            self.defined.insert(name.to_string());
            out.push(if by_value {
                format!("typedef int... {name};")
            } else {
                format!("typedef ... {name};")
            });
            return;
        };
        self.defined.insert(name.to_string());
        let resolved = self.tds.resolve(&td.underlying_type).clone();
        if let Type::CType { name: base, .. } = &resolved {
            if is_va_list_builtin(base) {
                out.push(format!("typedef ... {name};"));
                return;
            }
            if INTEGER_BASES.contains(&base.as_str()) || base.starts_with("enum ") {
                out.push(format!("typedef int... {name};"));
                return;
            }
            if base == "float" || base == "double" {
                out.push(format!("typedef float... {name};"));
                return;
            }
            if CFFI_KNOWN.contains(&base.as_str()) {
                out.push(format!("typedef {base} {name};"));
                return;
            }
            let record = base
                .strip_prefix("struct ")
                .map(|t| ("struct", t))
                .or_else(|| base.strip_prefix("union ").map(|t| ("union", t)));
            let anon_record = if is_anonymous_keyword(base) && base != "enum" {
                Some(base.as_str())
            } else if let Some(s) = self.dep_typedef_record(name) {
                Some(if s { "union" } else { "struct" })
            } else {
                None
            };
            if let Some((kw, tag)) = record
                && !tag.starts_with("__")
            {
                let key = format!("{kw} {tag}");
                self.dependency(&key, by_value, out);
                out.push(format!("typedef {key} {name};"));
                return;
            }
            if record.is_some() || anon_record.is_some() {
                let kw = record.map(|r| r.0).or(anon_record).unwrap_or("struct");
                // complete: a partial record (the compiler knows it); incomplete: opaque
                // (`typedef ... T;` only when nothing else names T: cffi's recompiler trips
                // over a typedef of a `typedef ...` type, so `opaque_dep` keeps those apart)
                out.push(if self.opaque_dep(name) {
                    format!("typedef ... {name};")
                } else {
                    format!("typedef {kw} {{ ...; }} {name};")
                });
                return;
            }
        }
        // Pointers, arrays, functions, other typedef names: the typedef itself, after what it
        // names.
        if let Some(e) = self.bad(&td.underlying_type) {
            out.push(format!("/* skipped: typedef {name}: {e} */"));
            return;
        }
        let mut inner = Vec::new();
        collect_refs(&td.underlying_type, by_value, &mut inner);
        for (k, v) in inner {
            if !is_base_or_known(&k) {
                self.dependency(&k, v, out);
            }
        }
        out.push(format!(
            "typedef {};",
            declare(&td.underlying_type, name, None)
        ));
    }

    /// The out-of-scope definition of `tag`, when it can be written out in full: a public
    /// tag, a layout cffi can state, and no libc internals among its members' types.
    fn dep_record(&mut self, tag: &str, is_union: bool) -> Option<Struct> {
        if tag.starts_with('_') {
            return None;
        }
        let s = self.h.dependencies.iter().find_map(|d| match d {
            Declaration::Struct(s)
                if s.is_union == is_union && s.name.as_deref() == Some(tag) && !s.is_opaque =>
            {
                Some(s.clone())
            }
            _ => None,
        })?;
        if s.fields.is_empty() || self.partial_reason(&s).is_some() {
            return None;
        }
        let mut inner = Vec::new();
        field_refs(&s.fields, &mut inner);
        if inner
            .iter()
            .any(|(k, _)| k.contains("__pthread") || k.contains("__USE_"))
        {
            return None;
        }
        Some(s)
    }

    /// Whether the out-of-scope typedef `name` becomes `typedef ... name;`: a `va_list`, or a
    /// record type with no definition anywhere.
    fn opaque_dep(&self, name: &str) -> bool {
        let in_scope = self
            .kept
            .iter()
            .any(|d| matches!(d, Declaration::Typedef(t) if t.name == name));
        if in_scope {
            return false;
        }
        let Some(td) = self.tds.typedef(name) else {
            return false;
        };
        match self.tds.resolve(&td.underlying_type) {
            Type::CType { name: base, .. } => {
                if is_va_list_builtin(base) {
                    return true;
                }
                let tagged = base
                    .strip_prefix("struct ")
                    .map(|t| (false, t))
                    .or_else(|| base.strip_prefix("union ").map(|t| (true, t)));
                match tagged {
                    Some((u, tag)) => !self.h.dependencies.iter().any(|d| {
                        matches!(d, Declaration::Struct(s)
                            if s.is_union == u && s.name.as_deref() == Some(tag) && !s.is_opaque)
                    }),
                    None => false,
                }
            }
            _ => false,
        }
    }

    /// Whether the out-of-scope typedef `name` names an anonymous record (`Some(is_union)`).
    fn dep_typedef_record(&self, name: &str) -> Option<bool> {
        self.h.dependencies.iter().find_map(|d| match d {
            Declaration::Struct(s) if s.is_typedef && s.name.as_deref() == Some(name) => {
                Some(s.is_union)
            }
            Declaration::Typedef(t) if t.name == name => {
                t.anonymous_struct.as_ref().map(|s| s.is_union)
            }
            _ => None,
        })
    }
}

fn is_base_or_known(name: &str) -> bool {
    INTEGER_BASES.contains(&name)
        || CFFI_KNOWN.contains(&name)
        || base_spelling(name).is_err()
        || is_anonymous_keyword(name)
        || matches!(
            name,
            "void" | "float" | "double" | "long double" | "_Complex float" | "_Complex double"
        )
}

/// The named types `ty` uses, with whether by value.
fn collect_refs(ty: &Type, by_value: bool, out: &mut Vec<(String, bool)>) {
    match ty {
        Type::CType { name, .. } => out.push((name.clone(), by_value)),
        Type::Pointer { pointee, .. } => collect_refs(pointee, false, out),
        Type::Array { element, .. } => collect_refs(element, by_value, out),
        Type::Function(f) => {
            collect_refs(&f.return_type, true, out);
            for p in &f.parameters {
                collect_refs(&p.ty, true, out);
            }
        }
    }
}

/// The named types the members use (anonymous members entered).
fn field_refs(fields: &[Field], out: &mut Vec<(String, bool)>) {
    for f in fields {
        collect_refs(&f.ty, true, out);
        if let Some(s) = &f.anonymous_struct {
            field_refs(&s.fields, out);
        }
    }
}

fn has_bitfields(f: &Field) -> bool {
    f.anonymous_struct.as_ref().is_some_and(|s| {
        s.fields
            .iter()
            .any(|g| g.bit_width.is_some() || has_bitfields(g))
    })
}

/// `enum [TAG] { A = 0, B = 1 }` (with `open` = `enum` or `enum TAG`).
fn enum_text(e: &Enum, open: &str, indent: &str) -> String {
    let mut s = format!("{open} {{\n");
    let n = e.values.len();
    for (i, v) in e.values.iter().enumerate() {
        s.push_str(&format!(
            "{indent}    {} = {}{}\n",
            v.name,
            v.value,
            if i + 1 < n { "," } else { "" }
        ));
    }
    s.push_str(indent);
    s.push('}');
    s
}

// ------------------------------------------------------------------------------------------
// Declarators

/// The C declaration of `name` with type `ty` (no trailing `;`). `anon` replaces a bare
/// `struct`/`union`/`enum` base with an inline definition.
fn declare(ty: &Type, name: &str, anon: Option<&str>) -> String {
    declarator(ty, name.to_string(), anon)
}

fn declarator(ty: &Type, inner: String, anon: Option<&str>) -> String {
    super::cdecl::declarator(&Cffi, ty, inner, anon)
}

/// cffi's spelling of declarators.
struct Cffi;

impl super::cdecl::Dialect for Cffi {
    fn base(&self, name: &str, anon: Option<&str>) -> String {
        match (anon, is_anonymous_keyword(name)) {
            (Some(a), true) => a.to_string(),
            _ => base_spelling(name).unwrap_or(name).to_string(),
        }
    }

    fn quals(&self, qualifiers: &[String]) -> String {
        quals(qualifiers)
    }

    fn params(&self, f: &FunctionType) -> String {
        parameters(&f.parameters, f.is_variadic, f.has_prototype)
    }
}

fn parameters(ps: &[Parameter], variadic: bool, prototype: bool) -> String {
    if ps.is_empty() && !variadic {
        return if prototype {
            "void".into()
        } else {
            String::new()
        };
    }
    let mut items: Vec<String> = ps
        .iter()
        .map(|p| declare(&p.ty, p.name.as_deref().unwrap_or(""), None))
        .collect();
    if variadic {
        items.push("...".into());
    }
    items.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::ArraySize;

    fn fnptr(ret: Type, params: Vec<Type>) -> Type {
        Type::Function(Box::new(FunctionType {
            return_type: ret,
            parameters: params
                .into_iter()
                .map(|ty| Parameter { name: None, ty })
                .collect(),
            is_variadic: false,
            has_prototype: true,
            calling_convention: None,
        }))
    }

    #[test]
    fn declarators() {
        let int = Type::named("int");
        let arr = |t: Type, n| Type::Array {
            element: Box::new(t),
            size: Some(ArraySize::Fixed(n)),
        };
        assert_eq!(
            declare(&arr(arr(int.clone(), 3), 2), "m", None),
            "int m[2][3]"
        );
        assert_eq!(
            declare(&Type::pointer_to(arr(int.clone(), 3)), "p", None),
            "int (*p)[3]"
        );
        let handler = Type::pointer_to(fnptr(Type::named("void"), vec![int.clone()]));
        let signal = fnptr(handler.clone(), vec![int.clone(), handler.clone()]);
        assert_eq!(
            declare(&signal, "signal", None),
            "void (*signal(int, void (*)(int)))(int)"
        );
        assert_eq!(
            declare(&arr(handler, 2), "cbs", None),
            "void (*cbs[2])(int)"
        );
        let cp = Type::Pointer {
            pointee: Box::new(Type::CType {
                name: "char".into(),
                qualifiers: vec!["const".into()],
            }),
            qualifiers: vec!["const".into()],
        };
        assert_eq!(declare(&cp, "s", None), "const char *const s");
        assert_eq!(declare(&cp, "", None), "const char *const");
    }
}
