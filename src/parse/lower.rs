//! lang-c's AST → IR declarations.
//!
//! Every declaration of the translation unit is lowered (so every type name resolves), then
//! split by [`Scope`] into the header's own declarations and the out-of-scope ones that the
//! own declarations depend on. Constant expressions (enum values, array sizes, bit widths,
//! `aligned(N)`, object-like macros) go through [`consteval`] with [`layout`] answering
//! `sizeof` and `offsetof`.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;

use lang_c::ast::*;
use lang_c::span::Node;

use super::consteval::{self, CExpr, Value};
use super::layout::{self, Layout};
use super::scope::Scope;
use super::text::{Note, Prepared};
use crate::diag::{Diagnostic, Severity};
use crate::ir::{self, Declaration, Type};
use crate::preprocess::target::{DataModel, Target};
use crate::preprocess::{self, MacroOrigin};

/// What lowering produces.
pub struct Lowered {
    pub header: ir::Header,
    pub warnings: Vec<Diagnostic>,
}

/// Lowers a parsed translation unit.
pub fn lower(
    unit: &TranslationUnit,
    prepared: &Prepared,
    pp: &preprocess::Output,
    scope: &Scope,
    target: &Target,
) -> Lowered {
    let mut l = Lowerer {
        prepared,
        dm: target.data_model(),
        decls: Vec::new(),
        typedefs: HashMap::default(),
        records: HashMap::default(),
        enums: HashMap::default(),
        enum_consts: HashMap::default(),
        abi: layout::RecordAbi::for_target(target),
        functions: HashMap::default(),
        variables: HashSet::default(),
        macro_bodies: HashMap::default(),
        macro_values: RefCell::new(HashMap::default()),
        warnings: Vec::new(),
    };
    for ext in &unit.0 {
        // the seeded typedefs of the prelude are not the header's
        if ext.span.start < prepared.prelude_len {
            continue;
        }
        match &ext.node {
            ExternalDeclaration::Declaration(d) => l.declaration(&d.node, d.span.start),
            ExternalDeclaration::FunctionDefinition(f) => {
                l.function_definition(&f.node, f.span.start)
            }
            ExternalDeclaration::StaticAssert(_) => {}
        }
    }
    let macros = l.macros(pp, scope);
    l.finish(scope, macros)
}

/// A lowered declaration with the file it came from.
struct Item {
    decl: Declaration,
    file: u32,
    /// Replaced by a later definition (kept in place so indices stay valid).
    dead: bool,
}

struct Lowerer<'a> {
    prepared: &'a Prepared,
    dm: DataModel,
    decls: Vec<Item>,
    /// Every typedef seen, in or out of scope.
    typedefs: HashMap<String, Type>,
    /// Struct/union definitions by (tag, is_union): index into `decls`.
    records: HashMap<(String, bool), usize>,
    enums: HashMap<String, usize>,
    enum_consts: HashMap<String, Value>,
    /// The target's record layout rules.
    abi: layout::RecordAbi,
    /// Functions by name: index into `decls`.
    functions: HashMap<String, usize>,
    variables: HashSet<String>,
    /// Object-like macro bodies by name (for constants that use other constants).
    macro_bodies: HashMap<String, String>,
    macro_values: RefCell<HashMap<String, Option<Value>>>,
    warnings: Vec<Diagnostic>,
}

/// The parts of a declaration's specifiers.
#[derive(Default)]
struct Specs {
    base: Option<Type>,
    is_typedef: bool,
    is_static: bool,
    is_extern: bool,
    is_thread_local: bool,
    is_inline: bool,
    attrs: Attrs,
    /// An anonymous struct/union/enum defined in the specifiers.
    anon_struct: Option<ir::Struct>,
    anon_enum: Option<ir::Enum>,
    /// Index in `decls` of a struct/union/enum defined in the specifiers.
    defined: Option<usize>,
}

#[derive(Default, Clone)]
struct Attrs {
    packed: bool,
    aligned: Option<u32>,
    deprecated: Option<String>,
    mode: Option<String>,
    vector_size: Option<u64>,
    calling_convention: Option<String>,
    asm_name: Option<String>,
}

impl Lowerer<'_> {
    // ------------------------------------------------------------------------------------
    // Locations and diagnostics
    // ------------------------------------------------------------------------------------

    fn location(&self, offset: usize) -> (u32, ir::SourceLocation) {
        let p = self.prepared.lines.locate(offset);
        let file = self
            .prepared
            .lines
            .files
            .get(p.file as usize)
            .map_or(String::new(), |f| f.name.clone());
        (
            p.file,
            ir::SourceLocation {
                file,
                line: p.line,
                column: Some(p.column),
            },
        )
    }

    fn warn(&mut self, offset: usize, msg: impl Into<String>) {
        let (_, loc) = self.location(offset);
        let mut d = Diagnostic::error(loc.file, loc.line, loc.column.unwrap_or(0), msg);
        d.severity = Severity::Warning;
        self.warnings.push(d);
    }

    /// Notes recorded by the text preparation in `start..end`.
    fn notes_in(&self, start: usize, end: usize) -> impl Iterator<Item = &Note> {
        let notes = &self.prepared.notes;
        let first = notes.partition_point(|(o, _)| *o < start);
        notes[first..]
            .iter()
            .take_while(move |(o, _)| *o < end)
            .map(|(_, n)| n)
    }

    /// `#pragma pack` in force at `offset`.
    fn pack_at(&self, offset: usize) -> Option<u32> {
        let notes = &self.prepared.notes;
        let upto = notes.partition_point(|(o, _)| *o <= offset);
        notes[..upto].iter().rev().find_map(|(_, n)| match n {
            Note::Pack(p) => Some(*p),
            _ => None,
        })?
    }

    // ------------------------------------------------------------------------------------
    // Declarations
    // ------------------------------------------------------------------------------------

    fn push(&mut self, decl: Declaration, file: u32) -> usize {
        self.decls.push(Item {
            decl,
            file,
            dead: false,
        });
        self.decls.len() - 1
    }

    fn declaration(&mut self, d: &Declaration_, start: usize) {
        let mut specs = self.specifiers(&d.specifiers, start);
        let mut base = specs.base.clone().unwrap_or_else(|| Type::named("int"));
        for id in &d.declarators {
            let decl = &id.node.declarator;
            let (name, ty, name_off) = self.declarator(base.clone(), &decl.node, decl.span.start);
            let mut attrs = specs.attrs.clone();
            self.extensions(&decl.node.extensions, &mut attrs);
            let Some(name) = name else { continue };
            let asm_self = name.clone();
            let (file, loc) = self.location(name_off);
            let mut ty = apply_attrs(ty, &attrs);
            // `__attribute__((mode(DI)))` after the declarator
            if let (Some(mode), None) = (&attrs.mode, &specs.attrs.mode) {
                ty = self.apply_mode(ty, mode);
            }
            if specs.is_typedef {
                if let Some(named) = self.typedef(name, ty, &mut specs, attrs, file, loc) {
                    base = named;
                }
                continue;
            }
            let is_thread_local = specs.is_thread_local
                || self
                    .notes_in(start, name_off)
                    .any(|n| matches!(n, Note::ThreadLocal));
            match self.resolve(&ty) {
                Type::Function(f) => {
                    let f = *f;
                    let (params, variadic, proto, cc) = (
                        f.parameters,
                        f.is_variadic,
                        f.has_prototype,
                        f.calling_convention,
                    );
                    self.function(
                        ir::Function {
                            name,
                            return_type: f.return_type,
                            parameters: params,
                            is_variadic: variadic,
                            has_prototype: proto,
                            calling_convention: attrs.calling_convention.clone().or(cc),
                            is_inline: specs.is_inline,
                            is_static: specs.is_static,
                            deprecated: attrs.deprecated.clone(),
                            asm_name: attrs
                                .asm_name
                                .clone()
                                .filter(|a| Some(a) != Some(&asm_self)),
                            location: Some(loc),
                        },
                        file,
                    );
                }
                _ => {
                    if !self.variables.insert(name.clone()) {
                        continue;
                    }
                    self.push(
                        Declaration::Variable(ir::Variable {
                            name,
                            ty,
                            is_static: specs.is_static,
                            is_thread_local,
                            deprecated: attrs.deprecated.clone(),
                            asm_name: attrs
                                .asm_name
                                .clone()
                                .filter(|a| Some(a) != Some(&asm_self)),
                            aligned: attrs.aligned,
                            location: Some(loc),
                        }),
                        file,
                    );
                }
            }
        }
    }

    fn function(&mut self, f: ir::Function, file: u32) {
        let dup = self.functions.get(&f.name).copied();
        match dup {
            // a later prototype improves on an earlier `f()`
            Some(i) => {
                if let Declaration::Function(g) = &mut self.decls[i].decl {
                    if !g.has_prototype && f.has_prototype {
                        g.parameters = f.parameters;
                        g.is_variadic = f.is_variadic;
                        g.has_prototype = true;
                    }
                    g.is_inline |= f.is_inline;
                    if g.deprecated.is_none() {
                        g.deprecated = f.deprecated;
                    }
                }
            }
            None => {
                let name = f.name.clone();
                let i = self.push(Declaration::Function(f), file);
                self.functions.insert(name, i);
            }
        }
    }

    fn typedef(
        &mut self,
        name: String,
        ty: Type,
        specs: &mut Specs,
        attrs: Attrs,
        file: u32,
        loc: ir::SourceLocation,
    ) -> Option<Type> {
        // `typedef struct {...} T;`: the anonymous struct takes the typedef's name (and
        // later declarators of the same declaration use that name: `typedef union {...} U, *P;`).
        if let Type::CType { name: kw, .. } = &ty
            && (kw == "struct" || kw == "union")
            && specs.anon_struct.is_some()
        {
            let mut s = specs.anon_struct.take().expect("checked");
            let kw = if kw == "union" { "union" } else { "struct" };
            s.name = Some(name.clone());
            s.is_typedef = true;
            let key = (name.clone(), s.is_union);
            let i = self.push(Declaration::Struct(s), file);
            self.records.insert(key, i);
            self.typedefs
                .insert(name.clone(), Type::named(format!("{kw} {name}")));
            return Some(Type::named(name));
        }
        if let Type::CType { name: kw, .. } = &ty
            && kw == "enum"
            && specs.anon_enum.is_some()
        {
            let mut e = specs.anon_enum.take().expect("checked");
            e.name = Some(name.clone());
            e.is_typedef = true;
            let i = self.push(Declaration::Enum(e), file);
            self.enums.insert(name.clone(), i);
            self.typedefs
                .insert(name.clone(), Type::named(format!("enum {name}")));
            return Some(Type::named(name));
        }
        // `typedef struct T {...} T;`: one struct, marked as typedef'd.
        if let (
            Some(i),
            Type::CType {
                name: tn,
                qualifiers,
            },
        ) = (specs.defined, &ty)
            && qualifiers.is_empty()
            && (tn == &format!("struct {name}") || tn == &format!("union {name}"))
        {
            if let Declaration::Struct(s) = &mut self.decls[i].decl {
                s.is_typedef = true;
            }
            self.typedefs.insert(name, ty);
            return None;
        }
        if self.typedefs.contains_key(&name) {
            return None;
        }
        self.typedefs.insert(name.clone(), ty.clone());
        self.push(
            Declaration::Typedef(ir::Typedef {
                name,
                underlying_type: ty,
                anonymous_struct: specs.anon_struct.clone().map(Box::new),
                anonymous_enum: specs.anon_enum.clone().map(Box::new),
                deprecated: attrs.deprecated,
                location: Some(loc),
            }),
            file,
        );
        None
    }

    fn function_definition(&mut self, f: &FunctionDefinition, start: usize) {
        let specs = self.specifiers(&f.specifiers, start);
        let base = specs.base.clone().unwrap_or_else(|| Type::named("int"));
        let (name, ty, name_off) =
            self.declarator(base, &f.declarator.node, f.declarator.span.start);
        let mut attrs = specs.attrs.clone();
        self.extensions(&f.declarator.node.extensions, &mut attrs);
        let (Some(name), Type::Function(ft)) = (name, ty) else {
            return;
        };
        let asm_self = name.clone();
        let (file, loc) = self.location(name_off);
        let ft = *ft;
        self.function(
            ir::Function {
                name,
                return_type: ft.return_type,
                parameters: ft.parameters,
                is_variadic: ft.is_variadic,
                has_prototype: ft.has_prototype,
                calling_convention: attrs.calling_convention.or(ft.calling_convention),
                is_inline: specs.is_inline,
                is_static: specs.is_static,
                deprecated: attrs.deprecated,
                asm_name: attrs.asm_name.filter(|a| Some(a) != Some(&asm_self)),
                location: Some(loc),
            },
            file,
        );
    }

    // ------------------------------------------------------------------------------------
    // Specifiers
    // ------------------------------------------------------------------------------------

    fn specifiers(&mut self, specs: &[Node<DeclarationSpecifier>], start: usize) -> Specs {
        let mut out = Specs::default();
        let mut words: Vec<&'static str> = Vec::new();
        let mut quals: Vec<String> = Vec::new();
        let mut named: Option<Type> = None;
        let mut record: Option<&Node<StructType>> = None;
        let mut enumeration: Option<&Node<EnumType>> = None;
        // Attributes anywhere in the specifiers (N1 moves `struct __attribute__((x))` here)
        // apply to a struct defined by them.
        for s in specs {
            if let DeclarationSpecifier::Extension(ext) = &s.node {
                self.extensions(ext, &mut out.attrs);
            }
        }
        for s in specs {
            match &s.node {
                DeclarationSpecifier::StorageClass(sc) => match sc.node {
                    StorageClassSpecifier::Typedef => out.is_typedef = true,
                    StorageClassSpecifier::Static => out.is_static = true,
                    StorageClassSpecifier::Extern => out.is_extern = true,
                    StorageClassSpecifier::ThreadLocal => out.is_thread_local = true,
                    _ => {}
                },
                DeclarationSpecifier::TypeSpecifier(ts) => self.type_specifier(
                    &ts.node,
                    &mut words,
                    &mut named,
                    &mut record,
                    &mut enumeration,
                    &mut quals,
                ),
                DeclarationSpecifier::TypeQualifier(q) => push_qual(&mut quals, &q.node),
                DeclarationSpecifier::Function(f) => {
                    if f.node == FunctionSpecifier::Inline {
                        out.is_inline = true;
                    }
                }
                DeclarationSpecifier::Alignment(a) => {
                    if let AlignmentSpecifier::Constant(e) = &a.node {
                        out.attrs.aligned = self.eval_u32(&e.node);
                    }
                }
                DeclarationSpecifier::Extension(_) => {}
            }
        }
        let _ = out.is_extern;
        let attrs = out.attrs.clone();
        out.base = self.build_base(
            words,
            named,
            record,
            enumeration,
            quals,
            start,
            &attrs,
            &mut out,
        );
        out
    }

    fn type_specifier<'n>(
        &mut self,
        ts: &'n TypeSpecifier,
        words: &mut Vec<&'static str>,
        named: &mut Option<Type>,
        record: &mut Option<&'n Node<StructType>>,
        enumeration: &mut Option<&'n Node<EnumType>>,
        quals: &mut Vec<String>,
    ) {
        match ts {
            TypeSpecifier::Void => words.push("void"),
            TypeSpecifier::Char => words.push("char"),
            TypeSpecifier::Short => words.push("short"),
            TypeSpecifier::Int => words.push("int"),
            TypeSpecifier::Long => words.push("long"),
            TypeSpecifier::Float => words.push("float"),
            TypeSpecifier::Double => words.push("double"),
            TypeSpecifier::Signed => words.push("signed"),
            TypeSpecifier::Unsigned => words.push("unsigned"),
            TypeSpecifier::Bool => words.push("_Bool"),
            TypeSpecifier::Complex => words.push("_Complex"),
            TypeSpecifier::Atomic(tn) => {
                let t = self.type_name(&tn.node);
                *named = Some(t);
                quals.push("_Atomic".into());
            }
            TypeSpecifier::Struct(s) => *record = Some(s),
            TypeSpecifier::Enum(e) => *enumeration = Some(e),
            TypeSpecifier::TypedefName(id) => {
                let n = &id.node.name;
                *named = Some(Type::named(pseudo_type_name(n).unwrap_or(n)));
            }
            TypeSpecifier::TypeOf(t) => {
                *named = Some(match &t.node {
                    TypeOf::Type(tn) => self.type_name(&tn.node),
                    TypeOf::Expression(e) => self.type_of_expression(&e.node, e.span.start),
                })
            }
            TypeSpecifier::TS18661Float(f) => {
                let ext = matches!(
                    f.format,
                    TS18661FloatFormat::BinaryExtended | TS18661FloatFormat::DecimalExtended
                );
                let dec = matches!(
                    f.format,
                    TS18661FloatFormat::DecimalInterchange | TS18661FloatFormat::DecimalExtended
                );
                *named = Some(Type::named(format!(
                    "{}{}{}",
                    if dec { "_Decimal" } else { "_Float" },
                    f.width,
                    if ext { "x" } else { "" }
                )));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn build_base(
        &mut self,
        words: Vec<&'static str>,
        named: Option<Type>,
        record: Option<&Node<StructType>>,
        enumeration: Option<&Node<EnumType>>,
        quals: Vec<String>,
        start: usize,
        attrs: &Attrs,
        out: &mut Specs,
    ) -> Option<Type> {
        let mut t = if let Some(r) = record {
            Some(self.record(&r.node, r.span.start, attrs, out))
        } else if let Some(e) = enumeration {
            Some(self.enumeration(&e.node, e.span.start, attrs, out))
        } else if let Some(n) = named {
            // `unsigned`/`long` with a pseudo name (`__int128`)
            match (&n, words.contains(&"unsigned")) {
                (Type::CType { name, .. }, true) if name == "__int128" => {
                    Some(Type::named("unsigned __int128"))
                }
                _ => Some(n),
            }
        } else if words.is_empty() {
            None
        } else {
            Some(Type::named(canonical_base(&words)))
        };
        if let Some(mode) = &attrs.mode {
            // `typedef int T __attribute__((mode(DI)))`
            let unsigned = words.contains(&"unsigned");
            let size = match mode.trim_matches('_') {
                "QI" => 1,
                "HI" => 2,
                "SI" => 4,
                "DI" | "word" | "pointer" => 8,
                "TI" => 16,
                _ => 0,
            };
            if size > 0 {
                t = Some(Type::named(self.int_of_size(size, unsigned)));
            }
        }
        let _ = start;
        t.map(|t| add_quals(t, &quals))
    }

    /// Applies `mode(QI|HI|SI|DI|TI|word|pointer)` to an integer type.
    fn apply_mode(&self, t: Type, mode: &str) -> Type {
        let size = match mode.trim_matches('_') {
            "QI" | "byte" => 1,
            "HI" => 2,
            "SI" => 4,
            "DI" => 8,
            "TI" => 16,
            "word" | "pointer" => self.dm.pointer.size,
            _ => return t,
        };
        match t {
            Type::CType { name, qualifiers } => {
                let unsigned = name.starts_with("unsigned");
                Type::CType {
                    name: self.int_of_size(size, unsigned),
                    qualifiers,
                }
            }
            other => other,
        }
    }

    fn int_of_size(&self, size: u32, unsigned: bool) -> String {
        let dm = &self.dm;
        let name = if size == 1 {
            "char"
        } else if size == dm.short.size {
            "short"
        } else if size == dm.int.size {
            "int"
        } else if size == dm.long.size {
            "long"
        } else if size == dm.long_long.size {
            "long long"
        } else {
            "__int128"
        };
        match (unsigned, name) {
            (true, n) => format!("unsigned {n}"),
            (false, "char") => "signed char".into(),
            (false, n) => n.into(),
        }
    }

    fn extensions(&mut self, exts: &[Node<Extension>], attrs: &mut Attrs) {
        for e in exts {
            match &e.node {
                Extension::Attribute(a) => {
                    let name = a.name.node.trim_matches('_');
                    match name {
                        "packed" => attrs.packed = true,
                        "aligned" => {
                            attrs.aligned = match a.arguments.first() {
                                Some(arg) => self.eval_u32(&arg.node),
                                None => Some(self.dm.max_align),
                            }
                        }
                        "deprecated" | "unavailable" => {
                            attrs.deprecated = Some(match a.arguments.first().map(|a| &a.node) {
                                Some(Expression::StringLiteral(s)) => string_value(&s.node),
                                _ => String::new(),
                            })
                        }
                        "mode" => {
                            if let Some(Expression::Identifier(id)) =
                                a.arguments.first().map(|a| &a.node)
                            {
                                attrs.mode = Some(id.node.name.clone());
                            }
                        }
                        "vector_size" => {
                            attrs.vector_size = a
                                .arguments
                                .first()
                                .and_then(|arg| self.eval_u32(&arg.node))
                                .map(u64::from)
                        }
                        "stdcall" | "cdecl" | "fastcall" | "thiscall" | "vectorcall" | "ms_abi"
                        | "sysv_abi" | "regparm" => {
                            attrs.calling_convention = Some(name.to_string())
                        }
                        _ => {}
                    }
                }
                Extension::AsmLabel(s) => attrs.asm_name = Some(string_value(&s.node)),
                Extension::AvailabilityAttribute(_) => {}
            }
        }
    }

    // ------------------------------------------------------------------------------------
    // Structs, unions, enums
    // ------------------------------------------------------------------------------------

    fn record(&mut self, st: &StructType, start: usize, attrs: &Attrs, out: &mut Specs) -> Type {
        let is_union = st.kind.node == StructKind::Union;
        let kw = if is_union { "union" } else { "struct" };
        let tag = st.identifier.as_ref().map(|i| i.node.name.clone());
        let name_off = st.identifier.as_ref().map_or(start, |i| i.span.start);
        let Some(decls) = &st.declarations else {
            // a reference or forward declaration
            let tag = tag.unwrap_or_default();
            if !self.records.contains_key(&(tag.clone(), is_union)) {
                let (file, loc) = self.location(name_off);
                let i = self.push(
                    Declaration::Struct(ir::Struct {
                        name: Some(tag.clone()),
                        is_union,
                        is_opaque: true,
                        location: Some(loc),
                        ..Default::default()
                    }),
                    file,
                );
                self.records.insert((tag.clone(), is_union), i);
            }
            return Type::named(format!("{kw} {tag}"));
        };
        let fields = self.fields(decls, start);
        let (file, loc) = self.location(name_off);
        let s = ir::Struct {
            name: tag.clone(),
            is_union,
            fields,
            is_typedef: false,
            is_opaque: false,
            is_packed: attrs.packed,
            pack: self.pack_at(start),
            aligned: attrs.aligned,
            deprecated: attrs.deprecated.clone(),
            location: Some(loc),
        };
        match tag {
            Some(tag) => {
                let key = (tag.clone(), is_union);
                match self.records.get(&key).copied() {
                    // the definition replaces an earlier forward declaration, at its own place
                    Some(i) if matches!(&self.decls[i].decl, Declaration::Struct(o) if o.is_opaque) =>
                    {
                        self.decls[i].dead = true;
                        let j = self.push(Declaration::Struct(s), file);
                        self.records.insert(key, j);
                        out.defined = Some(j);
                    }
                    Some(i) => out.defined = Some(i),
                    None => {
                        let j = self.push(Declaration::Struct(s), file);
                        self.records.insert(key, j);
                        out.defined = Some(j);
                    }
                }
                Type::named(format!("{kw} {tag}"))
            }
            None => {
                out.anon_struct = Some(s);
                Type::named(kw)
            }
        }
    }

    fn fields(&mut self, decls: &[Node<StructDeclaration>], start: usize) -> Vec<ir::Field> {
        let mut fields = Vec::new();
        let mut prev_end = start;
        for d in decls {
            let StructDeclaration::Field(f) = &d.node else {
                continue;
            };
            let (mut specs, base) =
                self.specifier_qualifiers(&f.node.specifiers, f.span.start, true);
            let attrs = specs.attrs.clone();
            let alignas = self.notes_in(prev_end, f.span.end).find_map(|n| match n {
                Note::Alignas(e) => Some(e.clone()),
                _ => None,
            });
            prev_end = f.span.end;
            let alignas = alignas.and_then(|e| {
                // `_Alignas(8)` or `_Alignas(double)`
                let is_type = |n: &str| self.typedefs.contains_key(n);
                let expr = consteval::parse_macro(&e, &is_type)
                    .or_else(|| consteval::parse_macro(&format!("_Alignof({e})"), &is_type))?;
                self.eval_expr(&expr)
                    .ok()
                    .and_then(|v| int_of(&v))
                    .map(|v| v as u32)
            });
            if f.node.declarators.is_empty() {
                // an anonymous struct/union member
                fields.push(ir::Field {
                    name: String::new(),
                    ty: base,
                    bit_width: None,
                    anonymous_struct: specs.anon_struct.take().map(Box::new),
                    anonymous_enum: specs.anon_enum.take().map(Box::new),
                    aligned: attrs.aligned.or(alignas),
                    is_packed: false,
                });
                continue;
            }
            for sd in &f.node.declarators {
                let (name, ty, field_aligned, field_packed) = match &sd.node.declarator {
                    Some(d) => {
                        let (n, t, _) = self.declarator(base.clone(), &d.node, d.span.start);
                        let mut a = attrs.clone();
                        self.extensions(&d.node.extensions, &mut a);
                        let t = match (&a.mode, &attrs.mode) {
                            (Some(m), None) => self.apply_mode(t, m),
                            _ => t,
                        };
                        // `int i __attribute__((packed))`: this member alone is packed
                        let packed = a.packed && !attrs.packed;
                        (n.unwrap_or_default(), apply_attrs(t, &a), a.aligned, packed)
                    }
                    None => (String::new(), base.clone(), attrs.aligned, false),
                };
                let bit_width = sd
                    .node
                    .bit_width
                    .as_ref()
                    .and_then(|w| self.eval_u32(&w.node));
                fields.push(ir::Field {
                    name,
                    ty,
                    bit_width,
                    anonymous_struct: specs.anon_struct.clone().map(Box::new),
                    anonymous_enum: specs.anon_enum.clone().map(Box::new),
                    aligned: field_aligned.or(alignas),
                    is_packed: field_packed,
                });
            }
        }
        fields
    }

    fn enumeration(&mut self, et: &EnumType, start: usize, attrs: &Attrs, out: &mut Specs) -> Type {
        let tag = et.identifier.as_ref().map(|i| i.node.name.clone());
        let name_off = et.identifier.as_ref().map_or(start, |i| i.span.start);
        if et.enumerators.is_empty() {
            let tag = tag.unwrap_or_default();
            if !self.enums.contains_key(&tag) {
                let (file, loc) = self.location(name_off);
                let i = self.push(
                    Declaration::Enum(ir::Enum {
                        name: Some(tag.clone()),
                        is_opaque: true,
                        location: Some(loc),
                        ..Default::default()
                    }),
                    file,
                );
                self.enums.insert(tag.clone(), i);
            }
            return Type::named(format!("enum {tag}"));
        }
        let mut values = Vec::new();
        let mut next: i128 = 0;
        // the previous value was the largest there is: `next` wrapped around
        let mut overflowed = false;
        for e in &et.enumerators {
            let name = e.node.identifier.node.name.clone();
            let value = match &e.node.expression {
                Some(x) => match self.eval_lang_c(&x.node) {
                    Ok(v) => int_of(&v).unwrap_or(next),
                    Err(why) => {
                        self.warn(
                            x.span.start,
                            format!("cannot evaluate the value of {name}: {why}"),
                        );
                        next
                    }
                },
                None => {
                    if overflowed {
                        self.warn(
                            e.node.identifier.span.start,
                            format!("overflow in enumeration values at {name}"),
                        );
                    }
                    next
                }
            };
            (next, overflowed) = value.overflowing_add(1);
            // enumeration constants have type int (or the enum's type when they do not fit)
            self.enum_consts.insert(
                name.clone(),
                Value::Int {
                    value,
                    ty: consteval::IntType::Int,
                },
            );
            values.push(ir::EnumValue { name, value });
        }
        let (file, loc) = self.location(name_off);
        let e = ir::Enum {
            name: tag.clone(),
            values,
            is_typedef: false,
            is_opaque: false,
            is_packed: attrs.packed,
            location: Some(loc),
        };
        match tag {
            Some(tag) => {
                match self.enums.get(&tag).copied() {
                    Some(i) if matches!(&self.decls[i].decl, Declaration::Enum(o) if o.is_opaque) =>
                    {
                        self.decls[i] = Item {
                            decl: Declaration::Enum(e),
                            file,
                            dead: false,
                        };
                        out.defined = Some(i);
                    }
                    Some(i) => out.defined = Some(i),
                    None => {
                        let i = self.push(Declaration::Enum(e), file);
                        self.enums.insert(tag.clone(), i);
                        out.defined = Some(i);
                    }
                }
                Type::named(format!("enum {tag}"))
            }
            None => {
                // an anonymous enum declares its constants; as a type it is the keyword alone
                if out.is_typedef {
                    out.anon_enum = Some(e);
                } else {
                    let i = self.push(Declaration::Enum(e.clone()), file);
                    out.defined = Some(i);
                    out.anon_enum = Some(e);
                }
                Type::named("enum")
            }
        }
    }

    // ------------------------------------------------------------------------------------
    // Declarators
    // ------------------------------------------------------------------------------------

    /// Applies a declarator to `base`: the declared name, its type, and the offset of the
    /// name (for locations).
    fn declarator(
        &mut self,
        base: Type,
        d: &Declarator,
        start: usize,
    ) -> (Option<String>, Type, usize) {
        let mut t = base;
        let mut suffixes: Vec<&Node<DerivedDeclarator>> = Vec::new();
        for dd in &d.derived {
            match &dd.node {
                DerivedDeclarator::Pointer(q) | DerivedDeclarator::Block(q) => {
                    let mut quals = Vec::new();
                    let mut attrs = Attrs::default();
                    for pq in q {
                        match &pq.node {
                            PointerQualifier::TypeQualifier(tq) => push_qual(&mut quals, &tq.node),
                            PointerQualifier::Extension(e) => self.extensions(e, &mut attrs),
                        }
                    }
                    if let (Some(cc), Type::Function(f)) = (&attrs.calling_convention, &mut t) {
                        f.calling_convention = Some(cc.clone());
                    }
                    t = Type::Pointer {
                        pointee: Box::new(t),
                        qualifiers: quals,
                    };
                }
                _ => suffixes.push(dd),
            }
        }
        for dd in suffixes.iter().rev() {
            t = match &dd.node {
                DerivedDeclarator::Array(a) => {
                    let size = match &a.node.size {
                        ArraySize::Unknown | ArraySize::VariableUnknown => None,
                        ArraySize::VariableExpression(e) | ArraySize::StaticExpression(e) => Some(
                            match self.eval_lang_c(&e.node).ok().and_then(|v| int_of(&v)) {
                                Some(n) if n >= 0 => ir::ArraySize::Fixed(n as u64),
                                _ => ir::ArraySize::Expr(self.span_text(e.span.start, e.span.end)),
                            },
                        ),
                    };
                    Type::Array {
                        element: Box::new(t),
                        size,
                    }
                }
                DerivedDeclarator::Function(f) => {
                    let (params, variadic) = self.parameters(&f.node);
                    Type::Function(Box::new(ir::FunctionType {
                        return_type: t,
                        parameters: params,
                        is_variadic: variadic,
                        has_prototype: true,
                        calling_convention: None,
                    }))
                }
                DerivedDeclarator::KRFunction(ids) => Type::Function(Box::new(ir::FunctionType {
                    return_type: t,
                    parameters: ids
                        .iter()
                        .map(|i| ir::Parameter {
                            name: Some(i.node.name.clone()),
                            ty: Type::named("int"),
                        })
                        .collect(),
                    is_variadic: false,
                    has_prototype: false,
                    calling_convention: None,
                })),
                _ => t,
            };
        }
        // calling conventions noted by the text preparation (MSVC keywords)
        let cc = self
            .notes_in(start, d.kind.span.end.max(start))
            .find_map(|n| match n {
                Note::CallingConvention(c) => Some(c.clone()),
                _ => None,
            });
        if let (Some(cc), Type::Function(f)) = (cc, &mut t) {
            f.calling_convention = Some(cc);
        }
        match &d.kind.node {
            DeclaratorKind::Identifier(id) => (Some(id.node.name.clone()), t, id.span.start),
            DeclaratorKind::Abstract => (None, t, start),
            DeclaratorKind::Declarator(inner) => {
                // `(__attribute__((ms_abi)) *p)(void)`: the convention belongs to the function
                let mut a = Attrs::default();
                self.extensions(&inner.node.extensions, &mut a);
                if let (Some(cc), Type::Function(f)) = (a.calling_convention, &mut t) {
                    f.calling_convention = Some(cc);
                }
                self.declarator(t, &inner.node, inner.span.start)
            }
        }
    }

    fn parameters(&mut self, f: &FunctionDeclarator) -> (Vec<ir::Parameter>, bool) {
        let mut params = Vec::new();
        for p in &f.parameters {
            let specs = self.specifiers(&p.node.specifiers, p.span.start);
            let base = specs.base.clone().unwrap_or_else(|| Type::named("int"));
            let (name, ty) = match &p.node.declarator {
                Some(d) => {
                    let (n, t, _) = self.declarator(base, &d.node, d.span.start);
                    (n, t)
                }
                None => (None, base),
            };
            params.push(ir::Parameter { name, ty });
        }
        // `(void)`
        if params.len() == 1 && params[0].name.is_none() && params[0].ty == Type::named("void") {
            params.clear();
        }
        (params, f.ellipsis == Ellipsis::Some)
    }

    /// The base type of a specifier-qualifier list (struct members and type names), with
    /// its attributes when `with_attrs`.
    fn specifier_qualifiers(
        &mut self,
        list: &[Node<SpecifierQualifier>],
        start: usize,
        with_attrs: bool,
    ) -> (Specs, Type) {
        let mut specs = Specs::default();
        let (mut words, mut quals, mut named, mut record, mut enumeration) =
            (Vec::new(), Vec::new(), None, None, None);
        if with_attrs {
            for s in list {
                if let SpecifierQualifier::Extension(ext) = &s.node {
                    self.extensions(ext, &mut specs.attrs);
                }
            }
        }
        for s in list {
            match &s.node {
                SpecifierQualifier::TypeSpecifier(ts) => self.type_specifier(
                    &ts.node,
                    &mut words,
                    &mut named,
                    &mut record,
                    &mut enumeration,
                    &mut quals,
                ),
                SpecifierQualifier::TypeQualifier(q) => push_qual(&mut quals, &q.node),
                SpecifierQualifier::Extension(_) => {}
            }
        }
        let attrs = specs.attrs.clone();
        let base = self
            .build_base(
                words,
                named,
                record,
                enumeration,
                quals,
                start,
                &attrs,
                &mut specs,
            )
            .unwrap_or_else(|| Type::named("int"));
        (specs, base)
    }

    fn type_name(&mut self, tn: &TypeName) -> Type {
        let (_, base) = self.specifier_qualifiers(&tn.specifiers, 0, false);
        match &tn.declarator {
            Some(d) => self.declarator(base, &d.node, d.span.start).1,
            None => base,
        }
    }

    /// The type of `__typeof__(expr)`: a constant expression's type, or a variable's.
    fn type_of_expression(&mut self, e: &Expression, offset: usize) -> Type {
        if let Expression::Identifier(id) = e {
            let found = self.decls.iter().rev().find_map(|i| match &i.decl {
                Declaration::Variable(v) if v.name == id.node.name => Some(v.ty.clone()),
                _ => None,
            });
            if let Some(t) = found {
                // a chain of `__typeof__(previous) *next;` would nest without bound
                if type_depth(&t) > MAX_TYPEOF_DEPTH {
                    self.warn(
                        offset,
                        format!(
                            "the type of `{}` is nested too deeply for __typeof__ (more than \
                             {MAX_TYPEOF_DEPTH} levels); int assumed",
                            id.node.name
                        ),
                    );
                    return Type::named("int");
                }
                return t;
            }
        }
        match self.eval_lang_c(e) {
            Ok(v) => consteval::value_type(&v),
            Err(_) => Type::named("int"),
        }
    }

    fn span_text(&self, start: usize, end: usize) -> String {
        self.prepared
            .text
            .get(start..end)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    // ------------------------------------------------------------------------------------
    // Constant expressions
    // ------------------------------------------------------------------------------------

    fn eval_lang_c(&mut self, e: &Expression) -> Result<Value, String> {
        let expr = {
            let this = RefCell::new(&mut *self);
            consteval::from_lang_c(e, &|tn| Some(this.borrow_mut().type_name(tn)))
        };
        let expr = expr.ok_or_else(|| "not a constant expression".to_string())?;
        self.eval_expr(&expr)
    }

    fn eval_expr(&self, e: &CExpr) -> Result<Value, String> {
        consteval::eval(e, self)
    }

    fn eval_u32(&mut self, e: &Expression) -> Option<u32> {
        self.eval_lang_c(e)
            .ok()
            .and_then(|v| int_of(&v))
            .and_then(|v| u32::try_from(v).ok())
    }

    fn resolve(&self, t: &Type) -> Type {
        let mut t = t.clone();
        for _ in 0..64 {
            match &t {
                Type::CType { name, .. } => match self.typedefs.get(name) {
                    Some(u) if u != &t => t = u.clone(),
                    _ => return t,
                },
                _ => return t,
            }
        }
        t
    }

    /// Value of a constant macro (memoised; a macro that refers to itself has none).
    fn macro_value(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.macro_values.borrow().get(name) {
            return v.clone();
        }
        let body = self.macro_bodies.get(name)?;
        self.macro_values
            .borrow_mut()
            .insert(name.to_string(), None);
        let v = consteval::parse_macro(body, &|n| self.typedefs.contains_key(n))
            .and_then(|e| self.eval_expr(&e).ok());
        self.macro_values
            .borrow_mut()
            .insert(name.to_string(), v.clone());
        v
    }

    // ------------------------------------------------------------------------------------
    // Macros
    // ------------------------------------------------------------------------------------

    /// Constants and function-like macros defined in scope.
    fn macros(&mut self, pp: &preprocess::Output, scope: &Scope) -> Vec<Declaration> {
        // Only the scope's macros are needed: the others are already expanded inside the
        // expansions the constants are evaluated from.
        let defs = pp.macros_where(|file| scope.contains_name(file));
        for m in &defs {
            if m.params.is_none() {
                // evaluate what the compiler would see: the full expansion
                let text = m.expansion.as_ref().unwrap_or(&m.body);
                self.macro_bodies.insert(m.name.clone(), text.clone());
            }
        }
        let mut out = Vec::new();
        for m in &defs {
            if m.origin != MacroOrigin::Source || !scope.contains_name(&m.file) {
                continue;
            }
            let location = Some(ir::SourceLocation {
                file: m.file.to_string(),
                line: m.line,
                column: None,
            });
            match &m.params {
                Some(params) => out.push(Declaration::MacroFunction(ir::MacroFunction {
                    name: m.name.clone(),
                    parameters: params.clone(),
                    is_variadic: m.variadic,
                    body: m.body.clone(),
                    location,
                })),
                None => {
                    if m.body.trim().is_empty() {
                        continue;
                    }
                    let Some(v) = self.macro_value(&m.name) else {
                        continue;
                    };
                    let ty = match &v {
                        // wide and UTF-16/32 literals point to their character types
                        Value::Str(s) if !s.starts_with('"') && !s.starts_with("u8") => {
                            let ch = if s.starts_with('L') {
                                self.dm.wchar_type.to_string()
                            } else if s.starts_with('u') {
                                "unsigned short".to_string()
                            } else {
                                "unsigned int".to_string()
                            };
                            Type::pointer_to(Type::CType {
                                name: ch,
                                qualifiers: vec!["const".into()],
                            })
                        }
                        _ => consteval::value_type(&v),
                    };
                    let value = match v {
                        Value::Int { value, .. } => ir::ConstValue::Int(value),
                        Value::Float { value, .. } => ir::ConstValue::Float(value),
                        Value::Str(s) => ir::ConstValue::Str(s),
                    };
                    out.push(Declaration::Constant(ir::Constant {
                        name: m.name.clone(),
                        value: Some(value),
                        ty: Some(ty),
                        is_macro: true,
                        raw_expression: Some(m.body.clone()),
                        location,
                    }));
                }
            }
        }
        out
    }

    // ------------------------------------------------------------------------------------
    // Scope
    // ------------------------------------------------------------------------------------

    fn finish(self, scope: &Scope, macros: Vec<Declaration>) -> Lowered {
        let mut own: Vec<Declaration> = macros;
        let mut others: Vec<Declaration> = Vec::new();
        for item in self.decls {
            if item.dead {
                continue;
            }
            if scope.contains(item.file) {
                own.push(item.decl);
            } else {
                others.push(item.decl);
            }
        }
        // out-of-scope types that in-scope declarations need, transitively
        let mut needed: HashSet<String> = HashSet::default();
        let mut work: Vec<String> = Vec::new();
        for d in &own {
            type_names_of_decl(d, &mut work);
        }
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, d) in others.iter().enumerate() {
            if let Some(k) = dependency_key(d) {
                by_name.entry(k).or_default().push(i);
            }
        }
        let mut picked: HashSet<usize> = HashSet::default();
        while let Some(n) = work.pop() {
            if !needed.insert(n.clone()) {
                continue;
            }
            for &i in by_name.get(&n).into_iter().flatten() {
                if picked.insert(i) {
                    type_names_of_decl(&others[i], &mut work);
                }
            }
        }
        let mut picked: Vec<usize> = picked.into_iter().collect();
        picked.sort_unstable();
        let dependencies = picked.into_iter().map(|i| others[i].clone()).collect();
        Lowered {
            header: ir::Header {
                declarations: own,
                dependencies,
                ..Default::default()
            },
            warnings: self.warnings,
        }
    }
}

impl consteval::Env for Lowerer<'_> {
    fn ident(&self, name: &str) -> Option<Value> {
        self.enum_consts
            .get(name)
            .cloned()
            .or_else(|| self.macro_value(name))
    }

    fn layout(&self, ty: &Type) -> Option<Layout> {
        layout::layout_of_abi(ty, &TypesView(self), &self.dm, self.abi).ok()
    }

    fn offset_of(&self, ty: &Type, path: &[consteval::Designator]) -> Option<u64> {
        let index = |e: &CExpr| match consteval::eval(e, self)? {
            Value::Int { value, .. } => Ok(value),
            _ => Err("array index is not an integer".to_string()),
        };
        layout::offset_of(ty, path, &TypesView(self), &self.dm, self.abi, &index).ok()
    }

    fn resolve(&self, ty: &Type) -> Type {
        Lowerer::resolve(self, ty)
    }

    fn data_model(&self) -> &DataModel {
        &self.dm
    }
}

/// The lowerer's tables as seen by the layout engine.
struct TypesView<'a, 'b>(&'a Lowerer<'b>);

impl layout::Types for TypesView<'_, '_> {
    fn typedef(&self, name: &str) -> Option<&Type> {
        self.0.typedefs.get(name)
    }

    fn record(&self, name: &str, is_union: bool) -> Option<&ir::Struct> {
        let i = *self.0.records.get(&(name.to_string(), is_union))?;
        match &self.0.decls.get(i)?.decl {
            Declaration::Struct(s) => Some(s),
            _ => None,
        }
    }

    fn enumeration(&self, name: &str) -> Option<&ir::Enum> {
        let i = *self.0.enums.get(name)?;
        match &self.0.decls.get(i)?.decl {
            Declaration::Enum(e) => Some(e),
            _ => None,
        }
    }
}

// ----------------------------------------------------------------------------------------
// Helpers
// ----------------------------------------------------------------------------------------

/// The deepest type `__typeof__(variable)` copies. A declarator adds at most
/// `text::MAX_NESTING` levels to it, so IR types stay shallow enough for writers and for
/// [`ir::Header::to_json`] to recurse over them on any thread.
const MAX_TYPEOF_DEPTH: usize = 256;

/// How deeply `t` nests (a named type: 1), without recursion.
fn type_depth(t: &Type) -> usize {
    let mut deepest = 0;
    let mut work = vec![(t, 1usize)];
    while let Some((t, d)) = work.pop() {
        deepest = deepest.max(d);
        match t {
            Type::CType { .. } => {}
            Type::Pointer { pointee, .. } => work.push((pointee, d + 1)),
            Type::Array { element, .. } => work.push((element, d + 1)),
            Type::Function(f) => {
                work.push((&f.return_type, d + 1));
                work.extend(f.parameters.iter().map(|p| (&p.ty, d + 1)));
            }
        }
    }
    deepest
}

/// lang-c's `Declaration` (renamed to avoid the clash with the IR's).
type Declaration_ = lang_c::ast::Declaration;

/// The IR name of a pseudo type name the text preparation seeded (lang-c's GNU flavour has
/// no `__int128`, so it is read as a typedef name).
fn pseudo_type_name(n: &str) -> Option<&'static str> {
    super::text::PSEUDO_TYPEDEFS
        .iter()
        .find(|(p, _)| *p == n)
        .map(|(_, t)| *t)
}

fn push_qual(quals: &mut Vec<String>, q: &TypeQualifier) {
    let s = match q {
        TypeQualifier::Const => "const",
        TypeQualifier::Volatile => "volatile",
        TypeQualifier::Restrict => "restrict",
        TypeQualifier::Atomic => "_Atomic",
        // clang nullability carries no ABI meaning
        _ => return,
    };
    if !quals.iter().any(|x| x == s) {
        quals.push(s.to_string());
    }
}

fn add_quals(t: Type, quals: &[String]) -> Type {
    if quals.is_empty() {
        return t;
    }
    match t {
        Type::CType {
            name,
            mut qualifiers,
        } => {
            for q in quals {
                if !qualifiers.contains(q) {
                    qualifiers.push(q.clone());
                }
            }
            Type::CType { name, qualifiers }
        }
        other => other,
    }
}

/// `__attribute__((vector_size(N)))` turns the element type into a vector type.
fn apply_attrs(t: Type, attrs: &Attrs) -> Type {
    match (attrs.vector_size, t) {
        (Some(n), Type::CType { name, qualifiers }) => Type::CType {
            name: format!("{name} __attribute__((vector_size({n})))"),
            qualifiers,
        },
        (_, t) => t,
    }
}

/// The canonical spelling of a list of basic type keywords (C17 6.7.2p2).
fn canonical_base(words: &[&str]) -> String {
    let count = |w: &str| words.iter().filter(|&&x| x == w).count();
    let unsigned = count("unsigned") > 0;
    let complex = count("_Complex") > 0;
    let longs = count("long");
    let base = if count("void") > 0 {
        "void".to_string()
    } else if count("_Bool") > 0 {
        "_Bool".into()
    } else if count("char") > 0 {
        if unsigned {
            "unsigned char".into()
        } else if count("signed") > 0 {
            "signed char".into()
        } else {
            "char".into()
        }
    } else if count("float") > 0 {
        "float".into()
    } else if count("double") > 0 {
        if longs > 0 {
            "long double".into()
        } else {
            "double".into()
        }
    } else {
        let b = if count("short") > 0 {
            "short"
        } else if longs >= 2 {
            "long long"
        } else if longs == 1 {
            "long"
        } else {
            "int"
        };
        if unsigned {
            format!("unsigned {b}")
        } else {
            b.to_string()
        }
    };
    if complex {
        format!("_Complex {}", if base == "int" { "double" } else { &base })
    } else {
        base
    }
}

fn int_of(v: &Value) -> Option<i128> {
    match v {
        Value::Int { value, .. } => Some(*value),
        _ => None,
    }
}

/// The text of a string literal node (pieces concatenated, quotes and prefixes removed).
fn string_value(s: &[String]) -> String {
    s.iter()
        .map(|p| {
            let start = p.find('"').map_or(0, |i| i + 1);
            let end = p.rfind('"').unwrap_or(p.len());
            p.get(start..end).unwrap_or("").to_string()
        })
        .collect()
}

/// The name under which an out-of-scope declaration can be needed.
fn dependency_key(d: &Declaration) -> Option<String> {
    match d {
        Declaration::Typedef(t) => Some(t.name.clone()),
        Declaration::Struct(s) => {
            let n = s.name.as_ref()?;
            Some(if s.is_typedef {
                n.clone()
            } else {
                format!("{} {n}", if s.is_union { "union" } else { "struct" })
            })
        }
        Declaration::Enum(e) => {
            let n = e.name.as_ref()?;
            Some(if e.is_typedef {
                n.clone()
            } else {
                format!("enum {n}")
            })
        }
        _ => None,
    }
}

fn type_names(t: &Type, out: &mut Vec<String>) {
    match t {
        Type::CType { name, .. } => {
            out.push(name.clone());
            // `struct T` also names the typedef'd struct T
            if let Some(tag) = name
                .strip_prefix("struct ")
                .or_else(|| name.strip_prefix("union "))
                .or_else(|| name.strip_prefix("enum "))
            {
                out.push(tag.to_string());
            }
        }
        Type::Pointer { pointee, .. } => type_names(pointee, out),
        Type::Array { element, .. } => type_names(element, out),
        Type::Function(f) => {
            type_names(&f.return_type, out);
            for p in &f.parameters {
                type_names(&p.ty, out);
            }
        }
    }
}

fn struct_type_names(s: &ir::Struct, out: &mut Vec<String>) {
    for f in &s.fields {
        type_names(&f.ty, out);
        if let Some(a) = &f.anonymous_struct {
            struct_type_names(a, out);
        }
    }
}

fn type_names_of_decl(d: &Declaration, out: &mut Vec<String>) {
    match d {
        Declaration::Struct(s) => struct_type_names(s, out),
        Declaration::Function(f) => {
            type_names(&f.return_type, out);
            for p in &f.parameters {
                type_names(&p.ty, out);
            }
        }
        Declaration::Typedef(t) => {
            type_names(&t.underlying_type, out);
            if let Some(s) = &t.anonymous_struct {
                struct_type_names(s, out);
            }
        }
        Declaration::Variable(v) => type_names(&v.ty, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_base_spellings() {
        assert_eq!(
            canonical_base(&["unsigned", "long", "int", "long"]),
            "unsigned long long"
        );
        assert_eq!(canonical_base(&["long", "double"]), "long double");
        assert_eq!(canonical_base(&["signed"]), "int");
        assert_eq!(canonical_base(&["short", "unsigned"]), "unsigned short");
        assert_eq!(canonical_base(&["char", "signed"]), "signed char");
        assert_eq!(canonical_base(&["_Complex", "double"]), "_Complex double");
    }

    fn parse(code: &str) -> crate::parse::Parsed {
        let mut opts = crate::parse::ParseOptions::default();
        opts.preprocess.nostdinc = true;
        crate::parse::parse_code("t.h", code, &opts, &preprocess::FileCache::new()).expect("parses")
    }

    /// `__typeof__` of a variable whose type is nested deeper than [`MAX_TYPEOF_DEPTH`]
    /// warns and takes `int`: a chain of `__typeof__(previous) *next;` declarations nested
    /// without bound, deeper than writers could recurse.
    #[test]
    fn typeof_chains_stay_shallow() {
        let mut src = String::from("int *a0;\n");
        for i in 1..300 {
            src.push_str(&format!("__typeof__(a{}) *a{i};\n", i - 1));
        }
        let p = parse(&src);
        let depths: Vec<usize> = p
            .header
            .declarations
            .iter()
            .map(|d| match d {
                Declaration::Variable(v) => type_depth(&v.ty),
                _ => 0,
            })
            .collect();
        assert_eq!(depths.len(), 300);
        assert_eq!(depths[..5], [2, 3, 4, 5, 6]);
        assert!(
            depths.iter().all(|&d| d <= MAX_TYPEOF_DEPTH + 1),
            "{depths:?}"
        );
        assert_eq!(depths[MAX_TYPEOF_DEPTH], 2, "{depths:?}");
        // the chain starts again from `int *`
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
        assert!(p.warnings[0].message.contains("nested too deeply"));
        assert_eq!(p.warnings[0].line as usize, MAX_TYPEOF_DEPTH + 1);
    }

    /// An implicit enumeration value after the largest `__int128` wraps around with a
    /// warning (gcc: "overflow in enumeration values") instead of overflowing.
    #[test]
    fn enumeration_values_past_the_largest_int128_warn() {
        let p = parse("enum { A = (__int128)(((unsigned __int128)1 << 127) - 1), B, C };");
        let Some(Declaration::Enum(e)) = p.header.declarations.first() else {
            panic!("an enum: {:?}", p.header.declarations);
        };
        let values: Vec<i128> = e.values.iter().map(|v| v.value).collect();
        assert_eq!(values, [i128::MAX, i128::MIN, i128::MIN + 1]);
        let msgs: Vec<&str> = p.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(msgs, ["overflow in enumeration values at B"]);
        assert_eq!((p.warnings[0].line, p.warnings[0].col), (1, 59));
    }
}
