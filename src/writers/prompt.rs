//! The `prompt` writer: the header's API as lean text for an LLM's context, one declaration
//! per line, in the grammar `docs/prompt-grammar.md` defines (a reader,
//! `scripts/hk_prompt.py`, parses it back and checks it against the JSON IR).
//!
//! ```text
//! // small.h (headerkit compact)
//! CONST SM_VERSION=2
//! MACRO SM_MAX(a, b)
//! STRUCT sm_point {x:int, y:int} @typedef
//! ENUM sm_state {SM_OFF=0, SM_ON=1}
//! TYPEDEF sm_cb = int (*)(msg:const char*, ...)
//! VAR sm_count:int
//! FUNC sm_make(n:size_t, pts:sm_point*) -> sm_point*
//! ```
//!
//! Every in-scope declaration of the IR is one line, in source order, with nothing left out
//! (the format can state every IR type); an anonymous enum that a member or typedef defines
//! inline is written there, not again at the top level. Types are C abstract declarators
//! (`const char*`, `int[4]`, `void (*)(code:int)`) whose parameters may carry `name:`.
//!
//! Option `verbosity`: `compact` (the default: what a caller needs), `standard` (adds sizes,
//! alignments and member offsets as the target's compiler lays them out, `FILE` lines and
//! `@L<line>` source locations, deprecation messages and macro bodies), `verbose` (adds the
//! constants' C types and their expressions as written).
//!
//! The reference tool's prompt writer printed a pointer to function as `void (*)(int)*`,
//! dropped parameter names of callbacks, qualifiers of pointers, bit-field and packing
//! details of records and `f()` versus `f(void)`; its standard and verbose forms were other
//! formats (YAML-like, JSON). Here the three verbosities share one grammar and one reader.

use std::fmt::Write as _;

use super::{OptionKind, OptionSpec, Writer, WriterOptions};
use crate::ir::{
    ArraySize, ConstValue, Constant, Declaration, Enum, Field, Function, Header, MacroFunction,
    Parameter, Struct, Type, Typedef, Variable,
};
use crate::parse::layout::{self, RecordAbi, StructLayout};
use crate::preprocess::target::{DataModel, Target};

pub struct PromptWriter;

const OPTIONS: &[OptionSpec] = &[OptionSpec {
    name: "verbosity",
    kind: OptionKind::Str,
    help: "compact (default), standard (adds layouts, locations, macro bodies) or verbose",
}];

/// How much the output says beyond what a caller needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Compact,
    Standard,
    Verbose,
}

impl Verbosity {
    pub fn parse(s: &str) -> Result<Verbosity, String> {
        match s {
            "compact" => Ok(Verbosity::Compact),
            "standard" => Ok(Verbosity::Standard),
            "verbose" => Ok(Verbosity::Verbose),
            _ => Err(format!(
                "Unknown verbosity: '{s}'. Use 'compact', 'standard', or 'verbose'."
            )),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Verbosity::Compact => "compact",
            Verbosity::Standard => "standard",
            Verbosity::Verbose => "verbose",
        }
    }
}

fn verbosity(opts: &WriterOptions) -> Result<Verbosity, String> {
    Verbosity::parse(opts.str("verbosity").unwrap_or("compact"))
}

impl Writer for PromptWriter {
    fn name(&self) -> &'static str {
        "prompt"
    }

    fn description(&self) -> &'static str {
        "Token-optimized output for LLM context"
    }

    fn extension(&self) -> &'static str {
        ".txt"
    }

    fn default_template(&self) -> String {
        "{dir}/{stem}_prompt.txt".into()
    }

    fn options(&self) -> &'static [OptionSpec] {
        OPTIONS
    }

    fn check_options(&self, opts: &WriterOptions) -> Result<(), String> {
        verbosity(opts).map(|_| ())
    }

    fn write(&self, header: &Header, opts: &WriterOptions) -> Result<Vec<u8>, String> {
        Ok(render(header, verbosity(opts)?).into_bytes())
    }
}

/// The prompt text for `header`.
pub fn render(header: &Header, verbosity: Verbosity) -> String {
    let cx = Cx::new(header, verbosity);
    let mut out = String::with_capacity(header.declarations.len() * 64 + 64);
    let _ = writeln!(
        out,
        "// {} (headerkit {})",
        one_line(&header.path),
        verbosity.name()
    );
    let mut file: Option<&str> = None;
    for d in &header.declarations {
        if cx.inline_elsewhere(d) {
            continue;
        }
        let loc = d.location();
        if cx.v >= Verbosity::Standard
            && let Some(l) = loc
            && file != Some(l.file.as_str())
        {
            file = Some(&l.file);
            let _ = writeln!(out, "FILE {}", one_line(&l.file));
        }
        let mut line = cx.declaration(d);
        if cx.v >= Verbosity::Standard
            && let Some(l) = loc
        {
            let _ = write!(line, " @L{}", l.line);
        }
        if let Declaration::MacroFunction(m) = d
            && cx.v >= Verbosity::Standard
        {
            // the body runs to the end of the line, after every tag
            line.push_str(" =");
            let body = one_line(m.body.trim());
            if !body.is_empty() {
                line.push(' ');
                line.push_str(&body);
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

struct Cx<'a> {
    h: &'a Header,
    v: Verbosity,
    /// Anonymous enums a member or typedef of an in-scope declaration defines inline.
    inline_enums: Vec<&'a Enum>,
    /// The target's data model and record rules, for layouts (standard and verbose).
    layout: Option<(DataModel, RecordAbi)>,
}

impl<'a> Cx<'a> {
    fn new(h: &'a Header, v: Verbosity) -> Cx<'a> {
        fn fields<'a>(fs: &'a [Field], out: &mut Vec<&'a Enum>) {
            for f in fs {
                out.extend(f.anonymous_enum.as_deref());
                if let Some(s) = &f.anonymous_struct {
                    fields(&s.fields, out);
                }
            }
        }
        let mut inline_enums = Vec::new();
        for d in &h.declarations {
            match d {
                Declaration::Struct(s) => fields(&s.fields, &mut inline_enums),
                Declaration::Typedef(t) => {
                    inline_enums.extend(t.anonymous_enum.as_deref());
                    if let Some(s) = &t.anonymous_struct {
                        fields(&s.fields, &mut inline_enums);
                    }
                }
                _ => {}
            }
        }
        let layout = if v >= Verbosity::Standard {
            Target::parse(&h.target)
                .ok()
                .map(|t| (t.data_model(), RecordAbi::for_target(&t)))
        } else {
            None
        };
        Cx {
            h,
            v,
            inline_enums,
            layout,
        }
    }

    /// An anonymous enum written inline where a member or typedef defines it.
    fn inline_elsewhere(&self, d: &Declaration) -> bool {
        matches!(d, Declaration::Enum(e) if e.name.is_none() && self.inline_enums.contains(&e))
    }

    fn declaration(&self, d: &Declaration) -> String {
        match d {
            Declaration::Constant(c) => self.constant(c),
            Declaration::MacroFunction(m) => self.macro_function(m),
            Declaration::Struct(s) => self.record(s),
            Declaration::Enum(e) => self.enumeration(e),
            Declaration::Typedef(t) => self.typedef(t),
            Declaration::Variable(v) => self.variable(v),
            Declaration::Function(f) => self.function(f),
        }
    }

    fn constant(&self, c: &Constant) -> String {
        let mut s = format!("CONST {}=", c.name);
        let value = c.value.as_ref().map(value_text);
        match &value {
            Some(v) => s.push_str(v),
            None => s.push('?'),
        }
        if self.v >= Verbosity::Verbose
            && let Some(t) = &c.ty
        {
            let _ = write!(s, " @type({})", type_text(t, None));
        }
        if let Some(raw) = &c.raw_expression {
            let raw = one_line(raw.trim());
            // the expression as written: always when there is no value, else when verbose
            // and it says more than the value
            if !raw.is_empty()
                && (value.is_none()
                    || (self.v >= Verbosity::Verbose && Some(&raw) != value.as_ref()))
            {
                let _ = write!(s, " @expr({raw})");
            }
        }
        s
    }

    /// The head of a function-like macro; `render` appends the body.
    fn macro_function(&self, m: &MacroFunction) -> String {
        format!("MACRO {}({})", m.name, m.parameters.join(", "))
    }

    fn record(&self, r: &Struct) -> String {
        let mut s = String::from(if r.is_union { "UNION" } else { "STRUCT" });
        if let Some(n) = &r.name {
            s.push(' ');
            s.push_str(n);
        }
        if !r.is_opaque {
            s.push(' ');
            s.push_str(&self.body(r));
        }
        if r.is_typedef {
            s.push_str(" @typedef");
        }
        if r.is_opaque {
            s.push_str(" @opaque");
        }
        self.record_tags(r, &mut s);
        if let Some(lay) = self.struct_layout(r) {
            let _ = write!(
                s,
                " @size({}) @align({})",
                lay.layout.size, lay.layout.align
            );
        }
        s
    }

    /// Tags that change a record's layout, and its deprecation.
    fn record_tags(&self, r: &Struct, s: &mut String) {
        if r.is_packed {
            s.push_str(" @packed");
        }
        if let Some(n) = r.pack {
            let _ = write!(s, " @pack({n})");
        }
        if let Some(n) = r.aligned {
            let _ = write!(s, " @aligned({n})");
        }
        self.deprecated(&r.deprecated, s);
    }

    fn struct_layout(&self, r: &Struct) -> Option<StructLayout> {
        let (dm, abi) = self.layout.as_ref()?;
        if r.is_opaque {
            return None;
        }
        let lay = layout::struct_layout_abi(r, self.h, dm, *abi).ok()?;
        (lay.fields.len() == r.fields.len()).then_some(lay)
    }

    /// `{member, member}`, each member with its offset when laid out.
    fn body(&self, r: &Struct) -> String {
        let lay = self.struct_layout(r);
        let mut s = String::from("{");
        for (i, f) in r.fields.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(&self.field(f));
            // unnamed bit-fields are padding: no offset
            let addressable = !(f.name.is_empty() && f.bit_width.is_some());
            if let Some(fl) = lay.as_ref().and_then(|l| l.fields.get(i))
                && addressable
            {
                if f.bit_width.is_some() {
                    let _ = write!(s, " @+{}.{}", fl.bit_offset / 8, fl.bit_offset % 8);
                } else {
                    let _ = write!(s, " @+{}", fl.bit_offset / 8);
                }
            }
        }
        s.push('}');
        s
    }

    fn field(&self, f: &Field) -> String {
        let anon = self.anonymous(f.anonymous_struct.as_deref(), f.anonymous_enum.as_deref());
        let ty = type_text(&f.ty, anon.as_deref());
        let mut s = if f.name.is_empty() {
            ty
        } else {
            format!("{}:{ty}", f.name)
        };
        if let Some(w) = f.bit_width {
            let _ = write!(s, ":{w}");
        }
        if f.is_packed {
            s.push_str(" @packed");
        }
        if let Some(n) = f.aligned {
            let _ = write!(s, " @aligned({n})");
        }
        s
    }

    /// The inline definition that replaces a bare `struct`/`union`/`enum` in a type.
    fn anonymous(&self, s: Option<&Struct>, e: Option<&Enum>) -> Option<String> {
        if let Some(r) = s {
            let mut t = format!(
                "{} {}",
                if r.is_union { "union" } else { "struct" },
                self.body(r)
            );
            let mut tags = String::new();
            self.record_tags(r, &mut tags);
            if !tags.is_empty() {
                // tags of an inline record sit inside its braces' closing, after a `;`
                t.pop();
                let _ = write!(t, ";{tags}}}");
            }
            Some(t)
        } else {
            e.map(|e| format!("enum {}", enum_body(e)))
        }
    }

    fn enumeration(&self, e: &Enum) -> String {
        let mut s = String::from("ENUM");
        if let Some(n) = &e.name {
            s.push(' ');
            s.push_str(n);
        }
        if !e.is_opaque {
            s.push(' ');
            s.push_str(&enum_body(e));
        }
        if e.is_typedef {
            s.push_str(" @typedef");
        }
        if e.is_opaque {
            s.push_str(" @opaque");
        }
        if e.is_packed {
            s.push_str(" @packed");
        }
        if let Some((dm, abi)) = &self.layout
            && !e.is_opaque
        {
            let l = layout::enum_layout(e, dm, *abi);
            let _ = write!(s, " @size({})", l.size);
        }
        s
    }

    fn typedef(&self, t: &Typedef) -> String {
        let anon = self.anonymous(t.anonymous_struct.as_deref(), t.anonymous_enum.as_deref());
        let mut s = format!(
            "TYPEDEF {} = {}",
            t.name,
            type_text(&t.underlying_type, anon.as_deref())
        );
        self.deprecated(&t.deprecated, &mut s);
        s
    }

    fn variable(&self, v: &Variable) -> String {
        let mut s = format!("VAR {}:{}", v.name, type_text(&v.ty, None));
        if v.is_static {
            s.push_str(" @static");
        }
        if v.is_thread_local {
            s.push_str(" @tls");
        }
        if let Some(n) = v.aligned {
            let _ = write!(s, " @aligned({n})");
        }
        if let Some(a) = &v.asm_name {
            let _ = write!(s, " @asm({})", quoted(a));
        }
        self.deprecated(&v.deprecated, &mut s);
        s
    }

    fn function(&self, f: &Function) -> String {
        let mut s = format!(
            "FUNC {}({}) -> {}",
            f.name,
            params_text(
                &f.parameters,
                f.is_variadic,
                f.has_prototype,
                &f.calling_convention
            ),
            type_text(&f.return_type, None)
        );
        if f.is_static {
            s.push_str(" @static");
        }
        if f.is_inline {
            s.push_str(" @inline");
        }
        if let Some(a) = &f.asm_name {
            let _ = write!(s, " @asm({})", quoted(a));
        }
        self.deprecated(&f.deprecated, &mut s);
        s
    }

    /// `@deprecated`, with its message from standard on.
    fn deprecated(&self, d: &Option<String>, s: &mut String) {
        if let Some(msg) = d {
            s.push_str(" @deprecated");
            if self.v >= Verbosity::Standard && !msg.is_empty() {
                let _ = write!(s, "({})", quoted(msg));
            }
        }
    }
}

/// `{A=0, B=1}`.
fn enum_body(e: &Enum) -> String {
    let mut s = String::from("{");
    for (i, v) in e.values.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "{}={}", v.name, v.value);
    }
    s.push('}');
    s
}

/// A constant's value as a C literal: integers in decimal, floats in the shortest form that
/// reads back to the same `double`, strings as written.
fn value_text(v: &ConstValue) -> String {
    match v {
        ConstValue::Int(i) => i.to_string(),
        ConstValue::Float(f) if f.is_nan() => "nan".into(),
        ConstValue::Float(f) if f.is_infinite() => if *f > 0.0 { "inf" } else { "-inf" }.into(),
        ConstValue::Float(f) => format!("{f:?}"),
        ConstValue::Str(s) => s.replace('\n', "\\n").replace('\r', "\\r"),
    }
}

/// `s` on one line (line breaks become spaces).
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// `s` as a double-quoted string with JSON's escapes.
fn quoted(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

// ------------------------------------------------------------------------------------------
// Types: C abstract declarators, compact spacing, parameters as `name:type`

/// The text of `ty`; `anon` replaces a bare `struct`/`union`/`enum` base with its definition.
pub fn type_text(ty: &Type, anon: Option<&str>) -> String {
    let mut toks = Vec::new();
    declarator(ty, Vec::new(), anon, &mut toks);
    join(&toks)
}

/// Appends to `out` the tokens declaring `inner` (the declarator built so far) as `ty`.
fn declarator(ty: &Type, inner: Vec<String>, anon: Option<&str>, out: &mut Vec<String>) {
    match ty {
        Type::CType { name, qualifiers } => {
            out.extend(quals(qualifiers));
            match (anon, matches!(name.as_str(), "struct" | "union" | "enum")) {
                (Some(a), true) => out.push(a.to_string()),
                _ => out.push(name.clone()),
            }
            out.extend(inner);
        }
        Type::Pointer {
            pointee,
            qualifiers,
        } => {
            let mut d = vec!["*".to_string()];
            d.extend(quals(qualifiers));
            d.extend(inner);
            if matches!(**pointee, Type::Array { .. } | Type::Function(_)) {
                d.insert(0, "(".into());
                d.push(")".into());
            }
            declarator(pointee, d, anon, out);
        }
        Type::Array { element, size } => {
            let mut d = inner;
            d.push(match size {
                Some(ArraySize::Fixed(n)) => format!("[{n}]"),
                Some(ArraySize::Expr(e)) => format!("[{}]", one_line(e.trim())),
                None => "[]".into(),
            });
            declarator(element, d, anon, out);
        }
        Type::Function(f) => {
            let mut d = inner;
            d.push(format!(
                "({})",
                params_text(
                    &f.parameters,
                    f.is_variadic,
                    f.has_prototype,
                    &f.calling_convention
                )
            ));
            declarator(&f.return_type, d, anon, out);
        }
    }
}

fn quals(q: &[String]) -> impl Iterator<Item = String> + '_ {
    q.iter().map(|q| {
        match q.as_str() {
            "__const" | "__const__" => "const",
            "__volatile" | "__volatile__" => "volatile",
            "__restrict" | "__restrict__" => "restrict",
            q => q,
        }
        .to_string()
    })
}

/// Joins declarator tokens: a space between two words, after `*` before a word, between a
/// word and `(`, and between a `*` of the base type and `(`; none elsewhere (`const char*`,
/// `void (*)(int)`, `void* (*)(size_t)`, `int[4]`).
fn join(toks: &[String]) -> String {
    let word_end = |s: &str| {
        s.chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '}')
    };
    let word_start = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    let mut s = String::new();
    let mut depth = 0usize; // grouping parentheses open
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            let prev = toks[i - 1].as_str();
            let space = (word_end(prev) && (word_start(t) || t.starts_with('(')))
                || (prev == "*" && (word_start(t) || (depth == 0 && t.starts_with('('))));
            if space {
                s.push(' ');
            }
        }
        match t.as_str() {
            "(" => depth += 1,
            ")" => depth = depth.saturating_sub(1),
            _ => {}
        }
        s.push_str(t);
    }
    s
}

/// A parameter list without its parentheses: `a:int, char*, ...`; `void` for none, empty
/// for an unprototyped `f()`; a calling convention last as `@cc(NAME)`.
fn params_text(ps: &[Parameter], variadic: bool, prototype: bool, cc: &Option<String>) -> String {
    let mut items: Vec<String> = ps
        .iter()
        .map(|p| match &p.name {
            Some(n) if !n.is_empty() => format!("{n}:{}", type_text(&p.ty, None)),
            _ => type_text(&p.ty, None),
        })
        .collect();
    if variadic {
        items.push("...".into());
    }
    let mut s = if items.is_empty() && prototype {
        "void".to_string()
    } else {
        items.join(", ")
    };
    if let Some(cc) = cc {
        if !s.is_empty() {
            s.push(' ');
        }
        let _ = write!(s, "@cc({cc})");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::FunctionType;

    fn func(ret: Type, params: Vec<(Option<&str>, Type)>, variadic: bool) -> Type {
        Type::Function(Box::new(FunctionType {
            return_type: ret,
            parameters: params
                .into_iter()
                .map(|(n, ty)| Parameter {
                    name: n.map(str::to_string),
                    ty,
                })
                .collect(),
            is_variadic: variadic,
            has_prototype: true,
            calling_convention: None,
        }))
    }

    fn cq(name: &str, q: &[&str]) -> Type {
        Type::CType {
            name: name.into(),
            qualifiers: q.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn types() {
        let int = Type::named("int");
        let arr = |t: Type, n| Type::Array {
            element: Box::new(t),
            size: Some(ArraySize::Fixed(n)),
        };
        assert_eq!(
            type_text(&Type::pointer_to(cq("char", &["const"])), None),
            "const char*"
        );
        assert_eq!(type_text(&arr(arr(int.clone(), 3), 2), None), "int[2][3]");
        assert_eq!(
            type_text(&Type::pointer_to(arr(int.clone(), 3)), None),
            "int (*)[3]"
        );
        assert_eq!(
            type_text(&arr(Type::pointer_to(int.clone()), 3), None),
            "int*[3]"
        );
        let handler = Type::pointer_to(func(
            Type::named("void"),
            vec![(Some("sig"), int.clone())],
            false,
        ));
        assert_eq!(type_text(&handler, None), "void (*)(sig:int)");
        // a pointer to a function pointer (the reference printed `void (*)(int)*` for the
        // function pointer itself)
        assert_eq!(
            type_text(&Type::pointer_to(handler.clone()), None),
            "void (**)(sig:int)"
        );
        let signal = func(
            handler.clone(),
            vec![(None, int.clone()), (Some("h"), handler.clone())],
            false,
        );
        assert_eq!(
            type_text(&Type::pointer_to(signal), None),
            "void (*(*)(int, h:void (*)(sig:int)))(sig:int)"
        );
        assert_eq!(type_text(&arr(handler, 2), None), "void (*[2])(sig:int)");
        let alloc = Type::pointer_to(func(
            Type::pointer_to(Type::named("void")),
            vec![(None, Type::named("size_t"))],
            false,
        ));
        assert_eq!(type_text(&alloc, None), "void* (*)(size_t)");
        let cpc = Type::Pointer {
            pointee: Box::new(Type::Pointer {
                pointee: Box::new(cq("char", &["const"])),
                qualifiers: vec!["__const".into()],
            }),
            qualifiers: vec!["restrict".into()],
        };
        assert_eq!(type_text(&cpc, None), "const char* const* restrict");
        assert_eq!(
            type_text(&func(int.clone(), vec![], true), None),
            "int (...)"
        );
        assert_eq!(
            type_text(
                &Type::pointer_to(Type::named("struct")),
                Some("struct {a:int}")
            ),
            "struct {a:int}*"
        );
    }

    #[test]
    fn verbosity_names() {
        assert_eq!(Verbosity::parse("standard"), Ok(Verbosity::Standard));
        assert_eq!(
            Verbosity::parse("loud").unwrap_err(),
            "Unknown verbosity: 'loud'. Use 'compact', 'standard', or 'verbose'."
        );
    }

    #[test]
    fn values() {
        assert_eq!(value_text(&ConstValue::Float(0.5)), "0.5");
        assert_eq!(value_text(&ConstValue::Float(1e16)), "1e16");
        assert_eq!(value_text(&ConstValue::Float(f64::INFINITY)), "inf");
        assert_eq!(
            value_text(&ConstValue::Int(-(1i128 << 70))),
            "-1180591620717411303424"
        );
        assert_eq!(value_text(&ConstValue::Str("\"a\"".into())), "\"a\"");
    }
}
