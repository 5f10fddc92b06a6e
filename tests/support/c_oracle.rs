//! The gcc oracle of the parse grammar tests: renders an IR header (as read back from its
//! JSON) into C checks and lets gcc judge them against the header the IR claims to describe.
//!
//! Three compiles per header, each `gcc -std=gnu11` with the case's preprocessor options:
//!
//! 1. **checks** (`-fsyntax-only`): every line must compile without any diagnostic —
//!    redeclarations of functions and variables (gcc rejects conflicting types),
//!    `_Static_assert`s of type compatibility (typedefs, fields, constants; through pointers,
//!    so top-level qualifiers count), enum and constant values, bit-field ranges (assignments
//!    under `-Wconversion`), shadow structs rendered from the IR whose size, alignment and
//!    member offsets must equal the real ones, and `#define` redefinitions of the macros
//!    (gcc warns when a redefinition differs);
//! 2. **probes** (`-fsyntax-only`): lines that must draw a given diagnostic — a call with one
//!    argument too many for a prototyped function, `static` redeclarations of non-static
//!    declarations, `sizeof` of incomplete types, a bit-field value one past the range, a use
//!    of a deprecated declaration — or none (a use of a declaration the IR says is not
//!    deprecated);
//! 3. **symbols** (`-S`): the assembler names of the functions and variables, which must be
//!    their `asm_name` or their name.
//!
//! What cannot be checked is listed in the result's `skipped`, each with its reason.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use headerkit::ir::{
    ArraySize, ConstValue, Constant, Declaration, Enum, Field, Function, FunctionType, Header,
    MacroFunction, Struct, Type, Typedef, Variable,
};

/// What the oracle found.
#[derive(Debug, Default)]
pub struct OracleResult {
    /// Checks rendered (each one line or definition of C).
    pub checks: usize,
    /// Each failure: what was checked, the C that gcc judged, and gcc's words.
    pub failures: Vec<String>,
    /// What could not be checked, with the reason.
    pub skipped: Vec<String>,
}

/// A rendered check: the C text (may span lines) and what it checks.
struct Check {
    label: String,
    text: String,
    /// A diagnostic this check may draw: gcc's "inline function declared but never defined",
    /// which lands on the last declaration of an inline function without a body, ours.
    tolerate: Option<String>,
}

/// A probe: C text that must draw a diagnostic containing `expect` (or none if `None`).
struct Probe {
    label: String,
    text: String,
    expect: Option<String>,
}

#[derive(Default)]
struct Plan {
    /// Type, value and layout assertions (first: before any redeclaration can form a
    /// composite type).
    asserts: Vec<Check>,
    /// Redeclarations of functions and variables.
    redecls: Vec<Check>,
    /// Macro redefinitions (last: a differing one would change what earlier lines mean).
    defines: Vec<Check>,
    probes: Vec<Probe>,
    /// `static` redeclaration probes (last of the probes: they change the declarations).
    late_probes: Vec<Probe>,
    /// (label, C expression of an object or function, expected assembler name).
    symbols: Vec<(String, String, String)>,
    skipped: Vec<String>,
    counter: usize,
}

impl Plan {
    fn fresh(&mut self) -> usize {
        self.counter += 1;
        self.counter
    }
    fn assert(&mut self, label: impl Into<String>, text: impl Into<String>) {
        self.asserts.push(Check {
            label: label.into(),
            text: text.into(),
            tolerate: None,
        });
    }
    fn static_assert(&mut self, label: impl Into<String>, cond: &str) {
        let label = label.into();
        self.assert(label, format!("_Static_assert({cond}, \"\");"));
    }
    fn probe(&mut self, label: impl Into<String>, body: &str, expect: Option<&str>) {
        let n = self.fresh();
        self.probes.push(Probe {
            label: label.into(),
            text: format!("static void __hk_probe_{n}(void) {{ {body} }}"),
            expect: expect.map(str::to_string),
        });
    }
    fn skip(&mut self, what: impl Into<String>) {
        self.skipped.push(what.into());
    }
}

// ------------------------------------------------------------------------------------------
// Rendering IR types as C

/// How a bare `struct`/`union`/`enum` keyword (an anonymous definition) is spelled.
#[derive(Clone, Copy)]
enum Anon<'a> {
    /// Not expected: rendering fails.
    None,
    /// Spelled as this C type (`__typeof__(expr)` or an inline definition).
    As(&'a str),
}

/// Renders `t` as a declaration of `inner` (an identifier, or "" for an abstract declarator).
pub fn render(t: &Type, inner: &str) -> Result<String, String> {
    render_with(t, inner, Anon::None)
}

fn render_with(t: &Type, inner: &str, anon: Anon) -> Result<String, String> {
    match t {
        Type::CType { name, qualifiers } => {
            let base = match (name.as_str(), anon) {
                ("struct" | "union" | "enum", Anon::As(s)) => s.to_string(),
                ("struct" | "union" | "enum", Anon::None) => {
                    return Err(format!(
                        "the type names an anonymous `{name}` whose definition the IR does not hold here"
                    ));
                }
                _ => name.clone(),
            };
            let mut s = String::new();
            for q in qualifiers {
                s.push_str(q);
                s.push(' ');
            }
            s.push_str(&base);
            if !inner.is_empty() {
                s.push(' ');
                s.push_str(inner);
            }
            Ok(s)
        }
        Type::Pointer {
            pointee,
            qualifiers,
        } => {
            let mut d = String::from("*");
            d.push_str(&qualifiers.join(" "));
            if !qualifiers.is_empty() && !inner.is_empty() {
                d.push(' ');
            }
            d.push_str(inner);
            // A calling convention of the pointed-to function goes inside the parentheses
            // (`int (__attribute__((ms_abi)) *p)(void)`): outside, gcc applies it to the
            // return type.
            if let Type::Function(f) = &**pointee
                && let Some(cc) = &f.calling_convention
            {
                let mut plain = (**f).clone();
                plain.calling_convention = None;
                return render_with(
                    &Type::Function(Box::new(plain)),
                    &format!("(__attribute__(({cc})) {d})"),
                    anon,
                );
            }
            if matches!(**pointee, Type::Array { .. } | Type::Function(_)) {
                d = format!("({d})");
            }
            render_with(pointee, &d, anon)
        }
        Type::Array { element, size } => {
            let n = match size {
                None => String::new(),
                Some(ArraySize::Fixed(n)) => n.to_string(),
                Some(ArraySize::Expr(e)) => e.clone(),
            };
            render_with(element, &format!("{inner}[{n}]"), anon)
        }
        Type::Function(f) => {
            let params = render_params(f, anon)?;
            let cc = match &f.calling_convention {
                Some(c) => format!("__attribute__(({c})) "),
                None => String::new(),
            };
            render_with(&f.return_type, &format!("{cc}{inner}({params})"), anon)
        }
    }
}

fn render_params(f: &FunctionType, anon: Anon) -> Result<String, String> {
    if !f.has_prototype {
        return Ok(String::new());
    }
    if f.parameters.is_empty() && !f.is_variadic {
        return Ok("void".into());
    }
    let mut ps = Vec::new();
    for p in &f.parameters {
        ps.push(render_with(&p.ty, "", anon)?);
    }
    if f.is_variadic {
        ps.push("...".into());
    }
    Ok(ps.join(", "))
}

/// `__typeof__` of the anonymous struct, union or enum inside `t`, for an expression `e` of
/// type `t` (through pointers and arrays).
fn anon_typeof(t: &Type, e: &str) -> Option<String> {
    match t {
        Type::CType { name, .. } if matches!(name.as_str(), "struct" | "union" | "enum") => {
            Some(format!("__typeof__({e})"))
        }
        Type::Pointer { pointee, .. } => anon_typeof(pointee, &format!("(*{e})")),
        Type::Array { element, .. } => anon_typeof(element, &format!("({e})[0]")),
        _ => None,
    }
}

fn has_anon(t: &Type) -> bool {
    match t {
        Type::CType { name, .. } => matches!(name.as_str(), "struct" | "union" | "enum"),
        Type::Pointer { pointee, .. } => has_anon(pointee),
        Type::Array { element, .. } => has_anon(element),
        Type::Function(f) => {
            has_anon(&f.return_type) || f.parameters.iter().any(|p| has_anon(&p.ty))
        }
    }
}

/// A C integer literal of value `v` (any i128 that C can spell).
pub fn int_literal(v: i128) -> String {
    if v == i64::MIN as i128 {
        "(-9223372036854775807LL - 1)".into()
    } else if v < 0 && v >= i64::MIN as i128 {
        format!("(-{}LL)", -v)
    } else if v <= i64::MAX as i128 && v >= 0 {
        format!("{v}LL")
    } else if v >= 0 && v <= u64::MAX as i128 {
        format!("{v}ULL")
    } else {
        let u = v as u128;
        format!(
            "((__int128)(((unsigned __int128){}ULL << 64) | {}ULL))",
            (u >> 64) as u64,
            u as u64
        )
    }
}

fn float_literal(v: f64) -> String {
    // Rust's shortest round-trip form reads back to the same double in C.
    let s = format!("{v:?}");
    if s.contains(['.', 'e', 'n', 'i']) {
        s
    } else {
        format!("{s}.0")
    }
}

/// Whether a type is complete whatever the header says (basic types, pointers, sized arrays
/// of those).
fn surely_complete(t: &Type) -> bool {
    const BASIC: &[&str] = &[
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
        "float",
        "double",
        "long double",
        "__int128",
        "unsigned __int128",
        "_Complex float",
        "_Complex double",
        "_Complex long double",
        "_Float128",
    ];
    match t {
        Type::CType { name, .. } => BASIC.contains(&name.as_str()),
        Type::Pointer { .. } => true,
        Type::Array {
            element,
            size: Some(_),
        } => surely_complete(element),
        _ => false,
    }
}

fn qualifiers_of(t: &Type) -> &[String] {
    match t {
        Type::CType { qualifiers, .. } | Type::Pointer { qualifiers, .. } => qualifiers,
        _ => &[],
    }
}

// ------------------------------------------------------------------------------------------
// Planning the checks

/// Checks that the C type `actual` (a typedef name, `__typeof__(expr)`) is the IR's `ir`.
/// `anon_base`: an expression of type `actual`, for spelling the anonymous struct, union or
/// enum that `ir` names — given only when the declaration holds that definition (a bare
/// keyword without one is an IR defect: the definition is lost).
fn type_eq_checks(plan: &mut Plan, label: &str, actual: &str, ir: &Type, anon_base: Option<&str>) {
    if has_anon(ir) && anon_base.is_none() {
        plan.failures_as_checks(
            label,
            "the type names an anonymous struct, union or enum, but the declaration holds no definition of it",
        );
        return;
    }
    let sub = anon_base.and_then(|e| anon_typeof(ir, e));
    let anon = match &sub {
        Some(s) => Anon::As(s),
        None => Anon::None,
    };
    let ptr = match render_with(&Type::pointer_to(ir.clone()), "", anon) {
        Ok(p) => p,
        Err(e) => {
            plan.failures_as_checks(label, &e);
            return;
        }
    };
    plan.static_assert(
        format!(
            "{label}: type is {}",
            render_with(ir, "", anon).unwrap_or_default()
        ),
        &format!("__builtin_types_compatible_p({actual} *, {ptr})"),
    );
    // Pointers to arrays of known and unknown size are compatible: compare sizes too.
    if let Type::Array { size, .. } = ir {
        match size {
            Some(_) => {
                let whole = render_with(ir, "", anon).unwrap();
                plan.static_assert(
                    format!("{label}: array size"),
                    &format!("sizeof({actual}) == sizeof({whole})"),
                );
            }
            None => plan.probe(
                format!("{label}: array of unknown size"),
                &format!("(void)sizeof({actual});"),
                Some("incomplete type"),
            ),
        }
    }
}

impl Plan {
    /// A check that cannot even be rendered is a failure of the IR.
    fn failures_as_checks(&mut self, label: &str, why: &str) {
        self.asserts.push(Check {
            label: format!("{label}: cannot be rendered: {why}"),
            text: "#error cannot render".into(),
            tolerate: None,
        });
    }
}

/// The C spelling of a struct, union or enum declaration's type, if it has a name.
fn record_ref(s: &Struct) -> Option<String> {
    let n = s.name.as_ref()?;
    Some(if s.is_typedef {
        n.clone()
    } else if s.is_union {
        format!("union {n}")
    } else {
        format!("struct {n}")
    })
}

fn enum_ref(e: &Enum) -> Option<String> {
    let n = e.name.as_ref()?;
    Some(if e.is_typedef {
        n.clone()
    } else {
        format!("enum {n}")
    })
}

fn plan_function(plan: &mut Plan, f: &Function) {
    let label = format!("function {}", f.name);
    let ft = FunctionType {
        return_type: f.return_type.clone(),
        parameters: f.parameters.clone(),
        is_variadic: f.is_variadic,
        has_prototype: f.has_prototype,
        calling_convention: f.calling_convention.clone(),
    };
    let fty = Type::Function(Box::new(ft));
    let decl = match render(&fty, &f.name) {
        Ok(d) => d,
        Err(e) => {
            plan.failures_as_checks(&label, &e);
            return;
        }
    };
    let storage = if f.is_static { "static " } else { "extern " };
    plan.redecls.push(Check {
        label: format!("{label}: redeclaration `{decl}`"),
        text: format!("{storage}{decl};"),
        tolerate: (f.is_inline && !f.is_static).then(|| "declared but never defined".to_string()),
    });
    let n = f.parameters.len();
    if !f.has_prototype {
        plan.assert(
            format!("{label}: has no prototype (calls with 0 and 1 arguments compile)"),
            format!(
                "static void __hk_noproto_{}(void) {{ (void)sizeof(({}(), {}(0), 0)); }}",
                plan.counter + 1,
                f.name,
                f.name
            ),
        );
        plan.counter += 1;
    } else if !f.is_variadic {
        let args = vec!["0"; n + 1].join(", ");
        plan.probe(
            format!(
                "{label}: prototype with {n} parameter(s) (a call with {} must fail)",
                n + 1
            ),
            &format!("(void)sizeof(({}({args}), 0));", f.name),
            Some("too many arguments"),
        );
    } else if n > 0 {
        plan.probe(
            format!("{label}: variadic with {n} named parameter(s) (a call with none must fail)"),
            &format!("(void)sizeof(({}(), 0));", f.name),
            Some("too few arguments"),
        );
    }
    if f.is_inline && !f.is_static {
        // gcc accepts `static` after `inline int f(int);`, and has no symbol to show
        plan.skip(format!(
            "{label}: not static, and its assembler name (gcc accepts a static redeclaration of an inline function and emits no symbol for it)"
        ));
    } else if !f.is_static {
        plan.late_probes.push(Probe {
            label: format!("{label}: not static (a static redeclaration must fail)"),
            text: format!("static {decl};"),
            expect: Some("static declaration".into()),
        });
        plan.symbols.push((
            label.clone(),
            f.name.clone(),
            f.asm_name.clone().unwrap_or_else(|| f.name.clone()),
        ));
    } else if f.asm_name.is_some() {
        plan.skip(format!(
            "{label}: asm_name of a static function (no symbol is emitted)"
        ));
    }
    deprecation_probe(plan, &label, &f.deprecated, &format!("(void)&{};", f.name));
    if f.is_inline {
        plan.skip(format!(
            "{label}: is_inline (inline-ness is not observable from C)"
        ));
    }
}

fn deprecation_probe(plan: &mut Plan, label: &str, dep: &Option<String>, body: &str) {
    match dep {
        None => plan.probe(
            format!("{label}: not deprecated (a use draws no warning)"),
            body,
            None,
        ),
        Some(m) if m.is_empty() => plan.probe(
            format!("{label}: deprecated"),
            body,
            Some("is deprecated [-Wdeprecated-declarations]"),
        ),
        Some(m) => plan.probe(
            format!("{label}: deprecated with message {m:?}"),
            body,
            Some(&format!("is deprecated: {m} [")),
        ),
    }
}

fn plan_variable(plan: &mut Plan, v: &Variable) {
    let label = format!("variable {}", v.name);
    // (a variable holds no anonymous definition: a bare keyword in its type fails)
    type_eq_checks(
        plan,
        &label,
        &format!("__typeof__({})", v.name),
        &v.ty,
        None,
    );
    let Ok(decl) = render(&v.ty, &v.name) else {
        return; // reported by type_eq_checks
    };
    // The variable's alignment: its `aligned` when the IR has one, else its type's.
    if let Some(a) = v.aligned {
        plan.static_assert(
            format!("{label}: aligned({a})"),
            &format!("__alignof__({}) == {a}", v.name),
        );
    } else if surely_complete(&v.ty) {
        let t = render(&v.ty, "").unwrap();
        plan.static_assert(
            format!("{label}: aligned as its type {t}"),
            &format!("__alignof__({}) == __alignof__({t})", v.name),
        );
    }
    let tls = if v.is_thread_local {
        "_Thread_local "
    } else {
        ""
    };
    let storage = if v.is_static { "static" } else { "extern" };
    plan.redecls.push(Check {
        label: format!("{label}: redeclaration `{storage} {tls}{decl}`"),
        text: format!("{storage} {tls}{decl};"),
        tolerate: None,
    });
    if !v.is_static {
        plan.late_probes.push(Probe {
            label: format!("{label}: not static (a static redeclaration must fail)"),
            text: format!("static {tls}{decl};"),
            expect: Some("static declaration".into()),
        });
        if v.is_thread_local {
            plan.skip(format!(
                "{label}: assembler name of a thread-local variable (its address is no constant)"
            ));
        } else {
            plan.symbols.push((
                label.clone(),
                v.name.clone(),
                v.asm_name.clone().unwrap_or_else(|| v.name.clone()),
            ));
        }
    }
    deprecation_probe(plan, &label, &v.deprecated, &format!("(void)&{};", v.name));
}

fn plan_typedef(plan: &mut Plan, t: &Typedef) {
    let label = format!("typedef {}", t.name);
    let base = format!("(*({} *)0)", t.name);
    let held = t.anonymous_struct.is_some() || t.anonymous_enum.is_some();
    type_eq_checks(
        plan,
        &label,
        &t.name,
        &t.underlying_type,
        held.then_some(base.as_str()),
    );
    if let Some(s) = &t.anonymous_struct {
        match anon_typeof(&t.underlying_type, &base) {
            Some(r) => plan_record_body(plan, &format!("{label} (its anonymous {})", kw(s)), &r, s),
            None => plan.failures_as_checks(
                &label,
                "anonymous_struct given but the underlying type names no anonymous struct",
            ),
        }
    }
    if let Some(e) = &t.anonymous_enum {
        plan_enum_values(plan, &format!("{label} (its anonymous enum)"), e);
    }
    deprecation_probe(
        plan,
        &label,
        &t.deprecated,
        &format!("{} *__hk_x = 0; (void)__hk_x;", t.name),
    );
}

fn kw(s: &Struct) -> &'static str {
    if s.is_union { "union" } else { "struct" }
}

fn plan_struct(plan: &mut Plan, s: &Struct) {
    let what = format!(
        "{} {}",
        kw(s),
        s.name.clone().unwrap_or_else(|| "(anonymous)".into())
    );
    let Some(r) = record_ref(s) else {
        plan.skip(format!(
            "{what}: an anonymous {} at file scope that no typedef names cannot be referred to",
            kw(s)
        ));
        return;
    };
    if s.is_opaque {
        plan.probe(
            format!("{what}: opaque (sizeof must fail)"),
            &format!("(void)sizeof({r});"),
            Some("incomplete type"),
        );
        return;
    }
    plan_record_body(plan, &what, &r, s);
    let body = format!("{r} *__hk_x = 0; (void)__hk_x;");
    deprecation_probe(plan, &what, &s.deprecated, &body);
}

/// Fields, layout and kind of the record `s`, which C spells `r`.
fn plan_record_body(plan: &mut Plan, what: &str, r: &str, s: &Struct) {
    plan_fields(plan, what, r, &s.fields);
    // The shadow: the IR's definition rendered afresh must lay out like the real one.
    let n = plan.fresh();
    let shadow_tag = format!("__hk_shadow_{n}");
    let mut enum_n = 0;
    match shadow_definition(s, Some(&shadow_tag), &mut enum_n, n) {
        Ok(def) => {
            let st = format!("{} {shadow_tag}", kw(s));
            let mut text = def;
            text.push_str(&format!(
                "\n_Static_assert(sizeof({st}) == sizeof({r}), \"\");\n_Static_assert(_Alignof({st}) == _Alignof({r}), \"\");"
            ));
            let mut paths = Vec::new();
            offset_paths(&s.fields, "", &mut paths);
            for p in &paths {
                text.push_str(&format!(
                    "\n_Static_assert(__builtin_offsetof({st}, {p}) == __builtin_offsetof({r}, {p}), \"\");"
                ));
            }
            plan.assert(
                format!(
                    "{what}: layout (size, alignment{}) of the IR's definition",
                    if paths.is_empty() {
                        String::new()
                    } else {
                        format!(", offsets of {}", paths.join(" "))
                    }
                ),
                text,
            );
            // union versus struct
            plan.static_assert(
                format!("{what}: is a {}", kw(s)),
                &format!(
                    "__builtin_classify_type(*({r} *)0) == __builtin_classify_type(*({st} *)0)"
                ),
            );
        }
        Err(e) => plan.failures_as_checks(&format!("{what}: layout"), &e),
    }
}

fn offset_paths(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
    for f in fields {
        if f.bit_width.is_some() {
            continue;
        }
        if f.name.is_empty() {
            if let Some(a) = &f.anonymous_struct {
                offset_paths(&a.fields, prefix, out);
            }
            continue;
        }
        let p = format!("{prefix}{}", f.name);
        out.push(p.clone());
        if let (Some(a), Type::CType { .. }) = (&f.anonymous_struct, &f.ty) {
            offset_paths(&a.fields, &format!("{p}."), out);
        }
    }
}

/// `struct|union [tag] attrs { fields }`, enumerators of inline anonymous enums renamed.
fn shadow_definition(
    s: &Struct,
    tag: Option<&str>,
    enum_n: &mut usize,
    n: usize,
) -> Result<String, String> {
    let mut attrs = Vec::new();
    if s.is_packed {
        attrs.push("packed".to_string());
    }
    if let Some(a) = s.aligned {
        attrs.push(format!("aligned({a})"));
    }
    let mut out = String::new();
    if let Some(p) = s.pack {
        out.push_str(&format!("#pragma pack(push, {p})\n"));
    }
    out.push_str(kw(s));
    if !attrs.is_empty() {
        out.push_str(&format!(" __attribute__(({}))", attrs.join(", ")));
    }
    if let Some(t) = tag {
        out.push(' ');
        out.push_str(t);
    }
    out.push_str(" {");
    for f in &s.fields {
        let inline_def = match (&f.anonymous_struct, &f.anonymous_enum) {
            (Some(a), _) => Some(shadow_definition(a, None, enum_n, n)?),
            (None, Some(e)) => {
                *enum_n += 1;
                let mut d = String::from("enum");
                if e.is_packed {
                    d.push_str(" __attribute__((packed))");
                }
                d.push_str(" { ");
                for (i, v) in e.values.iter().enumerate() {
                    d.push_str(&format!(
                        "__hk_shadow_{n}_{}_{i} = {}, ",
                        *enum_n,
                        int_literal(v.value)
                    ));
                }
                d.push('}');
                Some(d)
            }
            _ => None,
        };
        let anon = match &inline_def {
            Some(d) => Anon::As(d),
            None => Anon::None,
        };
        if let Some(a) = f.aligned {
            out.push_str(&format!(" __attribute__((aligned({a})))"));
        }
        out.push(' ');
        out.push_str(&render_with(&f.ty, &f.name, anon)?);
        if f.is_packed {
            out.push_str(" __attribute__((packed))");
        }
        if let Some(w) = f.bit_width {
            out.push_str(&format!(" : {w}"));
        }
        out.push(';');
    }
    out.push_str(" }");
    if tag.is_some() {
        out.push(';');
        if s.pack.is_some() {
            out.push_str("\n#pragma pack(pop)");
        }
    } else if s.pack.is_some() {
        // an inline anonymous definition keeps the enclosing pack
    }
    Ok(out)
}

fn plan_fields(plan: &mut Plan, what: &str, r: &str, fields: &[Field]) {
    for f in fields {
        if f.name.is_empty() {
            match (&f.anonymous_struct, f.bit_width) {
                // an anonymous member: its fields are reached through the parent
                (Some(a), None) => plan_fields(plan, what, r, &a.fields),
                (None, Some(_)) => {} // unnamed bit-field: covered by the layout
                (Some(_), Some(_)) => plan.failures_as_checks(
                    &format!("{what}: unnamed field"),
                    "an anonymous struct member with a bit width",
                ),
                (None, None) => plan.failures_as_checks(
                    &format!("{what}: unnamed field"),
                    "no name, no bit width and no anonymous struct",
                ),
            }
            continue;
        }
        let label = format!("{what}: field {}", f.name);
        let access = format!("((({r} *)0)->{})", f.name);
        match f.bit_width {
            None => {
                let held = f.anonymous_struct.is_some() || f.anonymous_enum.is_some();
                type_eq_checks(
                    plan,
                    &label,
                    &format!("__typeof__({access})"),
                    &f.ty,
                    held.then_some(access.as_str()),
                );
                if let Some(a) = &f.anonymous_struct {
                    match anon_typeof(&f.ty, &access) {
                        Some(inner) => plan_fields(plan, &label, &inner, &a.fields),
                        None => plan.failures_as_checks(
                            &label,
                            "anonymous_struct given but the field's type names no anonymous struct",
                        ),
                    }
                }
                if let Some(e) = &f.anonymous_enum {
                    plan_enum_values(plan, &format!("{label} (its anonymous enum)"), e);
                }
            }
            Some(w) => bitfield_checks(plan, &label, r, f, w),
        }
    }
}

fn bitfield_checks(plan: &mut Plan, label: &str, r: &str, f: &Field, w: u32) {
    let t = match render(&f.ty, "") {
        Ok(t) => t,
        Err(_) if f.anonymous_enum.is_some() => {
            plan.skip(format!(
                "{label}: width {w} of a bit-field of anonymous enum type (no name for its signedness; the layout check covers it)"
            ));
            return;
        }
        Err(e) => {
            plan.failures_as_checks(label, &e);
            return;
        }
    };
    if matches!(&f.ty, Type::CType { name, .. } if name == "_Bool") {
        plan.skip(format!(
            "{label}: width of a _Bool bit-field (every value converts to _Bool silently; the layout check covers it)"
        ));
        return;
    }
    if w == 0 || w > 64 {
        plan.skip(format!("{label}: width {w} (no 64-bit literal spans it)"));
        return;
    }
    let signed = format!("((({t})-1) < (({t})0))");
    let pick = |s: i128, u: i128| {
        format!(
            "__builtin_choose_expr({signed}, {}, {})",
            int_literal(s),
            int_literal(u)
        )
    };
    let w = w as i128;
    let umax = (1i128 << w) - 1;
    let smax = (1i128 << (w - 1)) - 1;
    let smin = -(1i128 << (w - 1));
    let n = plan.fresh();
    let a = format!("(({r} *)__hk_p{n})->{}", f.name);
    plan.assert(
        format!("{label}: a bit-field of {w} bits of type {t} holds its extremes"),
        format!(
            "#pragma GCC diagnostic push\n#pragma GCC diagnostic warning \"-Wconversion\"\n\
             static void __hk_bits_{n}(void *__hk_p{n}) {{ {a} = {}; {a} = {}; }}\n\
             #pragma GCC diagnostic pop",
            pick(smax, umax),
            pick(smin, 0)
        ),
    );
    // One past the range must draw a conversion warning (unless the width is the type's).
    let over_u = 1i128 << w;
    let over_s = 1i128 << (w - 1);
    if w < 64 {
        plan.probe(
            format!("{label}: not wider than {w} bits (one past the maximum must warn)"),
            &format!("(({r} *)0)->{} = {};", f.name, pick(over_s, over_u)),
            Some("changes value"),
        );
    } else {
        plan.skip(format!(
            "{label}: no value past a 64-bit range to probe a wider field with"
        ));
    }
}

fn plan_enum(plan: &mut Plan, e: &Enum) {
    let what = format!(
        "enum {}",
        e.name.clone().unwrap_or_else(|| "(anonymous)".into())
    );
    if e.is_opaque {
        if let Some(r) = enum_ref(e) {
            plan.probe(
                format!("{what}: opaque (sizeof must fail)"),
                &format!("(void)sizeof({r});"),
                Some("incomplete type"),
            );
        }
        return;
    }
    plan_enum_values(plan, &what, e);
    let Some(r) = enum_ref(e) else {
        plan.skip(format!(
            "{what}: size and signedness of an anonymous enum (nothing names its type)"
        ));
        return;
    };
    // The shadow enum with the same values (and packing) must have the same size and sign.
    let n = plan.fresh();
    let mut d = format!(
        "enum {}__hk_shadow_enum_{n} {{ ",
        if e.is_packed {
            "__attribute__((packed)) "
        } else {
            ""
        }
    );
    for (i, v) in e.values.iter().enumerate() {
        d.push_str(&format!(
            "__hk_shadow_enum_{n}_{i} = {}, ",
            int_literal(v.value)
        ));
    }
    if e.values.is_empty() {
        plan.skip(format!("{what}: an enum without enumerators has no shadow"));
        return;
    }
    d.push_str("};");
    let st = format!("enum __hk_shadow_enum_{n}");
    plan.assert(
        format!(
            "{what}: size and signedness{}",
            if e.is_packed { " (packed)" } else { "" }
        ),
        format!(
            "{d}\n_Static_assert(sizeof({r}) == sizeof({st}) && ((({r})-1) < 0) == ((({st})-1) < 0), \"\");"
        ),
    );
}

fn plan_enum_values(plan: &mut Plan, what: &str, e: &Enum) {
    for v in &e.values {
        let lit = int_literal(v.value);
        plan.static_assert(
            format!("{what}: {} = {}", v.name, v.value),
            &format!(
                "({n}) == {lit} && (({n}) < 0) == {}",
                (v.value < 0) as i32,
                n = v.name
            ),
        );
    }
}

fn plan_constant(plan: &mut Plan, c: &Constant) {
    let label = format!("constant {}", c.name);
    let n = &c.name;
    match (&c.value, &c.ty) {
        (None, _) => plan.skip(format!("{label}: no value in the IR")),
        (Some(ConstValue::Int(v)), ty) => {
            plan.static_assert(
                format!("{label}: value {v}"),
                &format!(
                    "({n}) == {} && (({n}) < 0) == {}",
                    int_literal(*v),
                    (*v < 0) as i32
                ),
            );
            match ty {
                Some(t) => type_eq_checks(plan, &label, &format!("__typeof__({n})"), t, None),
                None => plan.skip(format!("{label}: type (none in the IR)")),
            }
        }
        (Some(ConstValue::Float(v)), ty) => {
            let t = ty.clone().unwrap_or_else(|| Type::named("double"));
            let ts = render(&t, "").unwrap_or_else(|_| "double".into());
            // the IR's value (a double) converted to the constant's type, compared as double
            plan.static_assert(
                format!("{label}: value {v:?} as {ts}"),
                &format!("(double)({n}) == (double)({ts})({})", float_literal(*v)),
            );
            match ty {
                Some(t) => type_eq_checks(plan, &label, &format!("__typeof__({n})"), t, None),
                None => plan.skip(format!("{label}: type (none in the IR)")),
            }
        }
        (Some(ConstValue::Str(s)), ty) => {
            let narrow = !s.starts_with(['L', 'u', 'U']) || s.starts_with("u8");
            if narrow {
                plan.static_assert(
                    format!("{label}: value {s}"),
                    &format!("sizeof({n}) == sizeof({s}) && __builtin_strcmp({n}, {s}) == 0"),
                );
            } else {
                plan.static_assert(
                    format!("{label}: size of {s}"),
                    &format!("sizeof({n}) == sizeof({s})"),
                );
                plan.skip(format!(
                    "{label}: the characters of a wide string (gcc folds only narrow strcmp)"
                ));
            }
            match ty {
                // C's string literals are arrays of unqualified char: the IR's `const char *`
                // is compared without the pointee's const.
                Some(Type::Pointer { pointee, .. }) => {
                    let mut p = (**pointee).clone();
                    if let Type::CType { qualifiers, .. } = &mut p {
                        qualifiers.retain(|q| q != "const");
                    }
                    match render(&Type::pointer_to(p), "") {
                        Ok(pt) => plan.static_assert(
                            format!("{label}: type {pt} (_Generic, pointee const aside)"),
                            &format!("_Generic(({n}), {pt}: 1, default: 0)"),
                        ),
                        Err(e) => plan.failures_as_checks(&label, &e),
                    }
                }
                Some(other) => plan.failures_as_checks(
                    &label,
                    &format!("a string constant whose type is not a pointer: {other:?}"),
                ),
                None => plan.skip(format!("{label}: type (none in the IR)")),
            }
        }
    }
    if let Some(raw) = &c.raw_expression {
        plan.defines.push(Check {
            label: format!("{label}: replacement list `{raw}` (a differing #define warns)"),
            text: format!("#define {n} {raw}"),
            tolerate: None,
        });
    }
}

fn plan_macro_function(plan: &mut Plan, m: &MacroFunction) {
    plan.defines.push(Check {
        label: format!(
            "macro {}({}): a differing #define warns",
            m.name,
            m.parameters.join(", ")
        ),
        text: format!("#define {}({}) {}", m.name, m.parameters.join(", "), m.body),
        tolerate: None,
    });
}

fn plan_header(h: &Header) -> Plan {
    let mut plan = Plan::default();
    for d in &h.declarations {
        match d {
            Declaration::Function(f) => plan_function(&mut plan, f),
            Declaration::Variable(v) => plan_variable(&mut plan, v),
            Declaration::Typedef(t) => plan_typedef(&mut plan, t),
            Declaration::Struct(s) => plan_struct(&mut plan, s),
            Declaration::Enum(e) => plan_enum(&mut plan, e),
            Declaration::Constant(c) => plan_constant(&mut plan, c),
            Declaration::MacroFunction(m) => plan_macro_function(&mut plan, m),
        }
    }
    plan
}

// ------------------------------------------------------------------------------------------
// Running gcc

/// The preprocessor options of a case that gcc must see too (`-I`, `-D`, `-U`, `-include`,
/// `-isystem`, `-iquote`); `Err` when the case targets another machine.
pub fn gcc_args(case_args: &[String]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut it = case_args.iter();
    while let Some(a) = it.next() {
        let with_value = [
            "-I",
            "-D",
            "-U",
            "-include",
            "-isystem",
            "-iquote",
            "-idirafter",
        ];
        if let Some(flag) = with_value.iter().find(|f| a == *f) {
            out.push(flag.to_string());
            out.extend(it.next().cloned());
        } else if ["-I", "-D", "-U"].iter().any(|f| a.starts_with(f)) {
            out.push(a.clone());
        } else if a == "--target" || a.starts_with("--target=") {
            return Err("the case reads the header for another target".into());
        } else if a == "--scope" || a == "-j" || a == "-o" || a == "-w" || a == "--writer-opt" {
            it.next();
        }
    }
    Ok(out)
}

struct Diag {
    line: usize,
    kind: String,
    msg: String,
}

/// Runs gcc on `text` written to `dir/name`; returns the diagnostics located in that file
/// (by line), those located elsewhere (as text), and whether gcc exited 0.
fn run_gcc(
    gcc: &Path,
    cwd: &Path,
    dir: &Path,
    name: &str,
    text: &str,
    args: &[String],
    extra: &[&str],
) -> Result<(Vec<Diag>, Vec<String>, bool, String), String> {
    let file = dir.join(name);
    std::fs::write(&file, text).map_err(|e| e.to_string())?;
    let out = Command::new(gcc)
        .current_dir(cwd)
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .env_remove("CPATH")
        .env_remove("C_INCLUDE_PATH")
        .env_remove("GCC_COLORS")
        .args([
            "-std=gnu11",
            "-fno-diagnostics-color",
            "-fdiagnostics-plain-output",
        ])
        .args(extra)
        .args(args)
        .arg(&file)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", gcc.display()))?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let prefix = format!("{}:", file.display());
    let mut here = Vec::new();
    let mut elsewhere = Vec::new();
    for l in stderr.lines() {
        if let Some(rest) = l.strip_prefix(&prefix) {
            let mut parts = rest.splitn(4, ':');
            let line = parts.next().and_then(|x| x.trim().parse().ok());
            let mut col_or_kind = parts.next().unwrap_or("").trim().to_string();
            let mut msg_rest: String = parts.collect::<Vec<_>>().join(":");
            // `file:LINE: warning: msg` (no column, as for macro redefinitions)
            if !col_or_kind.chars().all(|c| c.is_ascii_digit()) {
                msg_rest = format!("{col_or_kind}:{msg_rest}");
                col_or_kind.clear();
            }
            let mut km = msg_rest.splitn(2, ':');
            let kind = km.next().unwrap_or("").trim().to_string();
            let msg = km.next().unwrap_or("").trim().to_string();
            if let Some(line) = line
                && kind != "note"
            {
                here.push(Diag { line, kind, msg });
            }
        } else if l.contains(": error: ") || l.contains(": fatal error: ") {
            elsewhere.push(l.to_string());
        }
    }
    Ok((
        here,
        elsewhere,
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    ))
}

/// Lays out items one after another; returns the text and each item's (first, last) line.
fn layout(head: &str, items: &[&str]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::from(head);
    let mut line = head.lines().count() + 1;
    let mut ranges = Vec::new();
    for it in items {
        let n = it.lines().count().max(1);
        ranges.push((line, line + n - 1));
        text.push_str(it);
        text.push('\n');
        line += n;
    }
    (text, ranges)
}

/// Judges `h` against the header at `include` (absolute), compiling in `cwd` with `args`.
pub fn check(h: &Header, include: &Path, gcc: &Path, cwd: &Path, args: &[String]) -> OracleResult {
    let plan = plan_header(h);
    let mut res = OracleResult {
        skipped: plan.skipped.clone(),
        ..Default::default()
    };
    let tmp = match tempfile::tempdir() {
        Ok(t) => t,
        Err(e) => {
            res.failures
                .push(format!("oracle: no temporary directory: {e}"));
            return res;
        }
    };
    // HEADERKIT_ORACLE_KEEP=DIR keeps the generated C files (DIR/<header stem>/…).
    let keep = std::env::var_os("HEADERKIT_ORACLE_KEEP").map(|d| {
        let stem = include.file_stem().unwrap_or_default();
        let d = PathBuf::from(d).join(stem);
        let _ = std::fs::create_dir_all(&d);
        d
    });
    let out_dir: &Path = keep.as_deref().unwrap_or(tmp.path());
    let head = format!(
        "#include \"{}\"\n#pragma GCC diagnostic ignored \"-Wdeprecated-declarations\"\n\
         #pragma GCC diagnostic ignored \"-Wmultichar\"\n",
        include.display()
    );

    // 1. checks: no diagnostic at all
    let checks: Vec<&Check> = plan
        .asserts
        .iter()
        .chain(&plan.redecls)
        .chain(&plan.defines)
        .collect();
    res.checks += checks.len();
    let texts: Vec<&str> = checks.iter().map(|c| c.text.as_str()).collect();
    let (text, ranges) = layout(&head, &texts);
    match run_gcc(
        gcc,
        cwd,
        out_dir,
        "hk_checks.c",
        &text,
        args,
        &["-fsyntax-only"],
    ) {
        Err(e) => res.failures.push(format!("oracle: {e}")),
        Ok((diags, elsewhere, ok, _)) => {
            let mut by_check: BTreeMap<usize, Vec<String>> = BTreeMap::new();
            let mut stray = Vec::new();
            for d in &diags {
                match ranges.iter().position(|(a, b)| (*a..=*b).contains(&d.line)) {
                    Some(i)
                        if checks[i]
                            .tolerate
                            .as_ref()
                            .is_some_and(|t| d.msg.contains(t.as_str())) => {}
                    Some(i) => by_check
                        .entry(i)
                        .or_default()
                        .push(format!("{}: {}", d.kind, d.msg)),
                    None => stray.push(format!("line {}: {}: {}", d.line, d.kind, d.msg)),
                }
            }
            for (i, msgs) in by_check {
                res.failures.push(format!(
                    "oracle: {}\n        C:   {}\n        gcc: {}",
                    checks[i].label,
                    checks[i].text.replace('\n', "\n             "),
                    msgs.join("\n             ")
                ));
            }
            for s in stray {
                res.failures.push(format!("oracle: {s}"));
            }
            for e in elsewhere.iter().take(5) {
                res.failures
                    .push(format!("oracle: gcc rejects the header: {e}"));
            }
            if !ok && res.failures.is_empty() {
                res.failures
                    .push("oracle: gcc failed on the checks without a diagnostic".into());
            }
        }
    }

    // 2. probes: each must draw the expected diagnostic, or none
    let probes: Vec<&Probe> = plan.probes.iter().chain(&plan.late_probes).collect();
    if !probes.is_empty() {
        res.checks += probes.len();
        let head2 = format!("#include \"{}\"\n", include.display());
        let texts: Vec<&str> = probes.iter().map(|p| p.text.as_str()).collect();
        let (text, ranges) = layout(&head2, &texts);
        match run_gcc(
            gcc,
            cwd,
            out_dir,
            "hk_probes.c",
            &text,
            args,
            &["-fsyntax-only", "-Wconversion"],
        ) {
            Err(e) => res.failures.push(format!("oracle: {e}")),
            Ok((diags, _, _, _)) => {
                for (i, p) in probes.iter().enumerate() {
                    let (a, b) = ranges[i];
                    let got: Vec<String> = diags
                        .iter()
                        .filter(|d| (a..=b).contains(&d.line))
                        .map(|d| format!("{}: {}", d.kind, d.msg))
                        .collect();
                    let bad = match &p.expect {
                        None => !got.is_empty(),
                        Some(x) => !got.iter().any(|g| g.contains(x.as_str())),
                    };
                    if bad {
                        res.failures.push(format!(
                            "oracle: {}\n        C:   {}\n        expected: {}\n        gcc: {}",
                            p.label,
                            p.text,
                            p.expect
                                .as_deref()
                                .map_or("no diagnostic".to_string(), |x| format!(
                                    "a diagnostic with {x:?}"
                                )),
                            if got.is_empty() {
                                "no diagnostic".to_string()
                            } else {
                                got.join("\n             ")
                            }
                        ));
                    }
                }
            }
        }
    }

    // 3. symbols: the assembler name of each function and variable
    if !plan.symbols.is_empty() {
        res.checks += plan.symbols.len();
        let mut text = head.clone();
        for (i, (_, expr, _)) in plan.symbols.iter().enumerate() {
            let _ = writeln!(text, "void *__hk_sym_{i} = (void *)&{expr};");
        }
        let extra = [
            "-S",
            "-o",
            "-",
            "-w",
            "-O0",
            "-fno-asynchronous-unwind-tables",
        ];
        match run_gcc(gcc, cwd, out_dir, "hk_symbols.c", &text, args, &extra) {
            Err(e) => res.failures.push(format!("oracle: {e}")),
            Ok((_, _, false, _)) => res
                .skipped
                .push("assembler names: the symbol compile failed (the checks report why)".into()),
            Ok((_, _, true, asm)) => {
                let found = symbols_in_asm(&asm);
                for (i, (label, _, want)) in plan.symbols.iter().enumerate() {
                    let got = found.get(&i).map(String::as_str);
                    if got != Some(want.as_str()) {
                        res.failures.push(format!(
                            "oracle: {label}: assembler name: IR says {want:?}, gcc emits {:?}",
                            got.unwrap_or("(nothing)")
                        ));
                    }
                }
            }
        }
    }
    res
}

/// `__hk_sym_N:` followed by `.quad SYMBOL` in gcc's assembly.
fn symbols_in_asm(asm: &str) -> BTreeMap<usize, String> {
    let mut out = BTreeMap::new();
    let mut current: Option<usize> = None;
    for l in asm.lines() {
        let t = l.trim();
        if let Some(n) = t
            .strip_prefix("__hk_sym_")
            .and_then(|r| r.strip_suffix(':'))
            .and_then(|r| r.parse().ok())
        {
            current = Some(n);
        } else if let (Some(n), Some(sym)) = (current, t.strip_prefix(".quad")) {
            out.insert(n, sym.trim().to_string());
            current = None;
        }
    }
    out
}

/// The gcc to run the oracle with: `HEADERKIT_GCC` (`0` disables), else `gcc`.
pub fn find_gcc() -> Result<PathBuf, String> {
    let var = std::env::var("HEADERKIT_GCC").ok();
    if var.as_deref() == Some("0") {
        return Err("gcc oracle disabled by HEADERKIT_GCC=0".into());
    }
    let gcc = PathBuf::from(var.unwrap_or_else(|| "gcc".into()));
    match Command::new(&gcc).arg("--version").output() {
        Ok(o) if o.status.success() => Ok(gcc),
        _ => Err(format!(
            "note: {} not runnable; skipping the gcc oracle (goldens are still compared)",
            gcc.display()
        )),
    }
}
