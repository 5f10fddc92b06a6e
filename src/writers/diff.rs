//! The `diff` writer: an API compatibility report between a baseline (an older version of the
//! header, given as a header or a saved JSON IR) and the header being written, as JSON (the
//! default; schema in `docs/diff-schema.json`) or Markdown (`format=markdown`).
//!
//! Declarations are matched by kind and name: `struct` and `union` are kinds of their own, so a
//! tag that changes from one to the other is a removal and an addition. Nothing is matched by a
//! synthesized name. Anonymous records and enums are compared through what names them: the
//! members of anonymous struct/union members are compared as members of the enclosing record
//! (`s.a` whether `a` sits in an anonymous union or not), a `typedef struct {...} *T` through
//! `T`, and the enumerators of every anonymous enum (top level, in a member, in a typedef) one
//! by one as `enum_value_*` entries without a declaration name.
//!
//! Layout comes from the IR (each header's own target, `crate::parse::layout`): a field whose
//! offset changes is `*_field_moved`, a record whose size or alignment changes is
//! `*_size_changed`, and a field added where it moves nothing (at the end of a union, in
//! padding) is only an addition. When a layout cannot be computed on either side (a baseline
//! JSON saved without `dependencies`, say), field order stands in for offsets.
//!
//! A type that is written differently but is the same after resolving typedefs in each header
//! (`size_t` for `unsigned long`) is reported as non-breaking. Entries come in a fixed order:
//! removals in baseline order, additions in target order, then changes in baseline order.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value, json};

use super::{OptionKind, OptionSpec, Writer, WriterOptions};
use crate::ir::{
    ArraySize, ConstValue, Constant, Declaration, Enum, EnumValue, Field, Function, FunctionType,
    Header, MacroFunction, SourceLocation, Struct, Type, Typedef, Variable,
};
use crate::parse::layout::{self, RecordAbi, StructLayout, Types};
use crate::preprocess::target::{DataModel, Target};

pub struct DiffWriter;

const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "baseline",
        kind: OptionKind::Header,
        help: "the old version: a header (read with the same options) or a JSON IR file \
               (default: none, so everything is added)",
    },
    OptionSpec {
        name: "format",
        kind: OptionKind::Str,
        help: "json (default) or markdown",
    },
];

/// The version of the JSON report's layout (`docs/diff-schema.json`).
pub const SCHEMA_VERSION: &str = "2.0";

/// Every kind of entry with its severity (`None`: it depends on the entry, see
/// `docs/writers.md`). `docs/diff-schema.json` lists the same.
pub const KINDS: &[(&str, Option<Severity>)] = &[
    ("function_removed", Some(Severity::Breaking)),
    ("function_added", Some(Severity::NonBreaking)),
    ("struct_removed", Some(Severity::Breaking)),
    ("struct_added", Some(Severity::NonBreaking)),
    ("union_removed", Some(Severity::Breaking)),
    ("union_added", Some(Severity::NonBreaking)),
    ("enum_removed", Some(Severity::Breaking)),
    ("enum_added", Some(Severity::NonBreaking)),
    ("typedef_removed", Some(Severity::Breaking)),
    ("typedef_added", Some(Severity::NonBreaking)),
    ("variable_removed", Some(Severity::Breaking)),
    ("variable_added", Some(Severity::NonBreaking)),
    ("constant_removed", Some(Severity::Breaking)),
    ("constant_added", Some(Severity::NonBreaking)),
    ("macro_function_removed", Some(Severity::Breaking)),
    ("macro_function_added", Some(Severity::NonBreaking)),
    ("enum_value_removed", Some(Severity::Breaking)),
    ("enum_value_added", Some(Severity::NonBreaking)),
    ("function_return_type_changed", None),
    ("function_parameter_type_changed", None),
    ("function_parameter_renamed", Some(Severity::NonBreaking)),
    ("function_signature_changed", Some(Severity::Breaking)),
    ("function_linkage_changed", None),
    ("function_deprecated", Some(Severity::NonBreaking)),
    ("struct_field_removed", Some(Severity::Breaking)),
    ("struct_field_added", None),
    ("struct_field_type_changed", None),
    ("struct_field_moved", Some(Severity::Breaking)),
    ("struct_size_changed", Some(Severity::Breaking)),
    ("struct_packing_changed", Some(Severity::Breaking)),
    ("struct_made_opaque", Some(Severity::Breaking)),
    ("struct_made_complete", Some(Severity::NonBreaking)),
    ("struct_deprecated", Some(Severity::NonBreaking)),
    ("union_field_removed", Some(Severity::Breaking)),
    ("union_field_added", None),
    ("union_field_type_changed", None),
    ("union_size_changed", Some(Severity::Breaking)),
    ("union_packing_changed", Some(Severity::Breaking)),
    ("union_made_opaque", Some(Severity::Breaking)),
    ("union_made_complete", Some(Severity::NonBreaking)),
    ("union_deprecated", Some(Severity::NonBreaking)),
    ("enum_value_changed", Some(Severity::Breaking)),
    ("enum_size_changed", Some(Severity::Breaking)),
    ("enum_made_opaque", Some(Severity::Breaking)),
    ("enum_made_complete", Some(Severity::NonBreaking)),
    ("typedef_changed", None),
    ("typedef_deprecated", Some(Severity::NonBreaking)),
    ("variable_type_changed", None),
    ("variable_linkage_changed", Some(Severity::Breaking)),
    ("variable_deprecated", Some(Severity::NonBreaking)),
    ("constant_changed", Some(Severity::Breaking)),
    ("macro_function_changed", Some(Severity::Breaking)),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Markdown,
}

fn format(opts: &WriterOptions) -> Result<Format, String> {
    match opts.str("format").map(str::trim) {
        None | Some("json") => Ok(Format::Json),
        Some("markdown" | "md") => Ok(Format::Markdown),
        Some(other) => Err(format!(
            "bad value '{other}' for option 'format': expected json or markdown"
        )),
    }
}

impl Writer for DiffWriter {
    fn name(&self) -> &'static str {
        "diff"
    }

    fn description(&self) -> &'static str {
        "API compatibility report against a baseline, as JSON or Markdown"
    }

    fn extension(&self) -> &'static str {
        "_diff.json"
    }

    fn template_for(&self, opts: &WriterOptions) -> String {
        match format(opts) {
            Ok(Format::Markdown) => "{dir}/{stem}_diff.md".into(),
            _ => self.default_template(),
        }
    }

    fn options(&self) -> &'static [OptionSpec] {
        OPTIONS
    }

    fn check_options(&self, opts: &WriterOptions) -> Result<(), String> {
        format(opts).map(|_| ())
    }

    fn write(&self, header: &Header, opts: &WriterOptions) -> Result<Vec<u8>, String> {
        let fmt = format(opts)?;
        let empty = Header::default();
        let baseline = opts.header("baseline")?;
        let report = compare(baseline.unwrap_or(&empty), header);
        let base_name = baseline.map(|b| b.path.as_str());
        let text = match fmt {
            Format::Json => to_json(&report, base_name, &header.path),
            Format::Markdown => to_markdown(&report, base_name, &header.path),
        };
        Ok(text.into_bytes())
    }
}

// ------------------------------------------------------------------------------------------
// Entries
// ------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Breaking,
    NonBreaking,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::NonBreaking => "non_breaking",
        }
    }
}

/// One reported change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `function_removed`, `struct_field_moved`, ... (`docs/writers.md` lists them).
    pub kind: String,
    pub severity: Severity,
    /// The declaration's name; `None` for an enumerator of an anonymous enum.
    pub name: Option<String>,
    /// The field (a dotted path through named members of anonymous type) or enumerator the
    /// entry is about.
    pub member: Option<String>,
    pub detail: String,
    /// The baseline's side, as C.
    pub baseline: Option<String>,
    /// The target's side, as C.
    pub target: Option<String>,
    /// `file:line` of the declaration: the target's, or the baseline's for a removal.
    pub location: Option<String>,
}

struct Report {
    entries: Vec<Entry>,
}

/// Collects entries for one declaration.
struct Sink<'e> {
    out: &'e mut Vec<Entry>,
    name: Option<String>,
    location: Option<String>,
}

impl Sink<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: impl Into<String>,
        severity: Severity,
        member: Option<&str>,
        detail: impl Into<String>,
        baseline: Option<String>,
        target: Option<String>,
    ) {
        self.out.push(Entry {
            kind: kind.into(),
            severity,
            name: self.name.clone(),
            member: member.map(str::to_string),
            detail: detail.into(),
            baseline,
            target,
            location: self.location.clone(),
        });
    }
}

fn loc_text(l: Option<&SourceLocation>) -> Option<String> {
    l.map(|l| format!("{}:{}", l.file, l.line))
}

// ------------------------------------------------------------------------------------------
// One side of the comparison: a header with its lookup tables and layout rules
// ------------------------------------------------------------------------------------------

struct Side<'a> {
    typedefs: HashMap<&'a str, &'a Typedef>,
    records: HashMap<(&'a str, bool), &'a Struct>,
    enums: HashMap<&'a str, &'a Enum>,
    /// Names declared by `typedef struct/union/enum ... NAME;` folded into the record or
    /// enum (`is_typedef`), with the keyword.
    tag_typedefs: HashMap<&'a str, &'static str>,
    /// The data model and record rules of the header's target, when it names a known one.
    target: Option<(DataModel, RecordAbi)>,
}

impl<'a> Side<'a> {
    fn new(h: &'a Header) -> Side<'a> {
        let mut s = Side {
            typedefs: HashMap::new(),
            records: HashMap::new(),
            enums: HashMap::new(),
            tag_typedefs: HashMap::new(),
            target: Target::parse(&h.target)
                .ok()
                .map(|t| (t.data_model(), RecordAbi::for_target(&t))),
        };
        for d in h.declarations.iter().chain(&h.dependencies) {
            match d {
                Declaration::Typedef(t) => {
                    s.typedefs.entry(&t.name).or_insert(t);
                }
                Declaration::Struct(r) => {
                    if let Some(n) = &r.name {
                        let slot = s.records.entry((n, r.is_union)).or_insert(r);
                        if slot.is_opaque && !r.is_opaque {
                            *slot = r;
                        }
                        if r.is_typedef {
                            s.tag_typedefs.entry(n).or_insert(if r.is_union {
                                "union"
                            } else {
                                "struct"
                            });
                        }
                    }
                }
                Declaration::Enum(e) => {
                    if let Some(n) = &e.name {
                        let slot = s.enums.entry(n).or_insert(e);
                        if slot.is_opaque && !e.is_opaque {
                            *slot = e;
                        }
                        if e.is_typedef {
                            s.tag_typedefs.entry(n).or_insert("enum");
                        }
                    }
                }
                _ => {}
            }
        }
        s
    }

    fn layout(&self, s: &Struct) -> Option<StructLayout> {
        let (dm, abi) = self.target.as_ref()?;
        layout::struct_layout_abi(s, self, dm, *abi).ok()
    }
}

impl Types for Side<'_> {
    fn typedef(&self, name: &str) -> Option<&Type> {
        self.typedefs.get(name).map(|t| &t.underlying_type)
    }
    fn record(&self, name: &str, is_union: bool) -> Option<&Struct> {
        self.records.get(&(name, is_union)).copied()
    }
    fn enumeration(&self, name: &str) -> Option<&Enum> {
        self.enums.get(name).copied()
    }
    fn typedef_record(&self, name: &str) -> Option<&Struct> {
        self.typedefs
            .get(name)
            .and_then(|t| t.anonymous_struct.as_deref())
    }
    fn typedef_enum(&self, name: &str) -> Option<&Enum> {
        self.typedefs
            .get(name)
            .and_then(|t| t.anonymous_enum.as_deref())
    }
}

// ------------------------------------------------------------------------------------------
// Matching declarations
// ------------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Item<'a> {
    Decl(&'a Declaration),
    /// The typedef that `typedef struct T {...} T;` declares along with the record (kept
    /// apart so that writing the typedef separately later is no change).
    TagTypedef(&'a str, &'static str, Option<&'a SourceLocation>),
    /// An enumerator of an anonymous enum.
    AnonValue(&'a EnumValue, Option<&'a SourceLocation>),
}

impl Item<'_> {
    fn location(&self) -> Option<String> {
        match self {
            Item::Decl(d) => loc_text(d.location()),
            Item::TagTypedef(_, _, l) | Item::AnonValue(_, l) => loc_text(*l),
        }
    }
}

type Key = (&'static str, String);

struct Index<'a> {
    order: Vec<Key>,
    items: HashMap<Key, Item<'a>>,
}

impl<'a> Index<'a> {
    fn new(h: &'a Header) -> Index<'a> {
        let mut ix = Index {
            order: Vec::new(),
            items: HashMap::new(),
        };
        for d in &h.declarations {
            match d {
                // An unnamed record declared on its own declares nothing a user can name.
                Declaration::Struct(s) => {
                    if let Some(n) = &s.name {
                        let kind = if s.is_union { "union" } else { "struct" };
                        ix.put_tag((kind, n.clone()), d, s.is_opaque);
                        if s.is_typedef {
                            ix.put_new(
                                ("typedef", n.clone()),
                                Item::TagTypedef(n, kind, s.location.as_ref()),
                            );
                        }
                    }
                    ix.anon_enums_in_fields(&s.fields, s.location.as_ref());
                }
                Declaration::Enum(e) => match &e.name {
                    Some(n) => {
                        ix.put_tag(("enum", n.clone()), d, e.is_opaque);
                        if e.is_typedef {
                            ix.put_new(
                                ("typedef", n.clone()),
                                Item::TagTypedef(n, "enum", e.location.as_ref()),
                            );
                        }
                    }
                    None => ix.anon_enum(e, e.location.as_ref()),
                },
                Declaration::Typedef(t) => {
                    let key = ("typedef", t.name.clone());
                    // An explicit typedef takes the place of one folded into a record.
                    match ix.items.get(&key) {
                        Some(Item::TagTypedef(..)) => {
                            ix.items.insert(key, Item::Decl(d));
                        }
                        _ => ix.put_new(key, Item::Decl(d)),
                    }
                    if let Some(e) = &t.anonymous_enum {
                        ix.anon_enum(e, t.location.as_ref());
                    }
                    if let Some(s) = &t.anonymous_struct {
                        ix.anon_enums_in_fields(&s.fields, t.location.as_ref());
                    }
                }
                _ => {
                    if let Some(n) = d.name() {
                        ix.put_new((d.kind(), n.to_string()), Item::Decl(d));
                    }
                }
            }
        }
        ix
    }

    /// The first declaration of a name wins.
    fn put_new(&mut self, key: Key, item: Item<'a>) {
        if !self.items.contains_key(&key) {
            self.order.push(key.clone());
            self.items.insert(key, item);
        }
    }

    /// A struct, union or enum: the definition wins over a forward declaration, in the
    /// forward declaration's place.
    fn put_tag(&mut self, key: Key, d: &'a Declaration, opaque: bool) {
        match self.items.get(&key) {
            Some(Item::Decl(prev)) if !opaque && is_opaque(prev) => {
                self.items.insert(key, Item::Decl(d));
            }
            Some(_) => {}
            None => self.put_new(key, Item::Decl(d)),
        }
    }

    fn anon_enum(&mut self, e: &'a Enum, loc: Option<&'a SourceLocation>) {
        let loc = e.location.as_ref().or(loc);
        for v in &e.values {
            self.put_new(("enum_value", v.name.clone()), Item::AnonValue(v, loc));
        }
    }

    fn anon_enums_in_fields(&mut self, fields: &'a [Field], loc: Option<&'a SourceLocation>) {
        for f in fields {
            if let Some(e) = &f.anonymous_enum
                && e.name.is_none()
            {
                self.anon_enum(e, loc);
            }
            if let Some(s) = &f.anonymous_struct {
                self.anon_enums_in_fields(&s.fields, s.location.as_ref().or(loc));
            }
        }
    }
}

fn is_opaque(d: &Declaration) -> bool {
    match d {
        Declaration::Struct(s) => s.is_opaque,
        Declaration::Enum(e) => e.is_opaque,
        _ => false,
    }
}

/// How a kind of declaration is named in details.
fn label(kind: &str) -> &'static str {
    match kind {
        "function" => "function",
        "struct" => "struct",
        "union" => "union",
        "enum" => "enum",
        "typedef" => "typedef",
        "variable" => "variable",
        "constant" => "constant",
        "macro_function" => "macro function",
        _ => "enum value",
    }
}

/// Compares two headers: the entries in report order.
fn compare(old: &Header, new: &Header) -> Report {
    let (so, sn) = (Side::new(old), Side::new(new));
    let (io, inn) = (Index::new(old), Index::new(new));
    let mut out = Vec::new();
    for key in &io.order {
        if !inn.items.contains_key(key) {
            let item = io.items[key];
            let (name, member) = match item {
                Item::AnonValue(..) => (None, Some(key.1.as_str())),
                _ => (Some(key.1.clone()), None),
            };
            let mut sink = Sink {
                out: &mut out,
                name,
                location: item.location(),
            };
            sink.push(
                format!("{}_removed", key.0),
                Severity::Breaking,
                member,
                format!("{} '{}' removed", label(key.0), key.1),
                Some(item_text(item)),
                None,
            );
        }
    }
    for key in &inn.order {
        if !io.items.contains_key(key) {
            let item = inn.items[key];
            let (name, member) = match item {
                Item::AnonValue(..) => (None, Some(key.1.as_str())),
                _ => (Some(key.1.clone()), None),
            };
            let mut sink = Sink {
                out: &mut out,
                name,
                location: item.location(),
            };
            sink.push(
                format!("{}_added", key.0),
                Severity::NonBreaking,
                member,
                format!("{} '{}' added", label(key.0), key.1),
                None,
                Some(item_text(item)),
            );
        }
    }
    let cx = Cx { old: &so, new: &sn };
    for key in &io.order {
        let Some(&b) = inn.items.get(key) else {
            continue;
        };
        let a = io.items[key];
        let mut sink = Sink {
            out: &mut out,
            name: Some(key.1.clone()),
            location: b.location(),
        };
        cx.item(&mut sink, key, a, b);
    }
    Report { entries: out }
}

struct Cx<'s, 'a> {
    old: &'s Side<'a>,
    new: &'s Side<'a>,
}

impl Cx<'_, '_> {
    fn item(&self, sink: &mut Sink, key: &Key, a: Item, b: Item) {
        match (a, b) {
            (Item::Decl(da), Item::Decl(db)) => match (da, db) {
                (Declaration::Function(x), Declaration::Function(y)) => self.function(sink, x, y),
                (Declaration::Struct(x), Declaration::Struct(y)) => {
                    self.record(sink, key.0, x, y);
                    deprecated(sink, key.0, &x.deprecated, &y.deprecated);
                }
                (Declaration::Enum(x), Declaration::Enum(y)) => self.enumeration(sink, x, y),
                (Declaration::Typedef(x), Declaration::Typedef(y)) => self.typedef(sink, x, y),
                (Declaration::Variable(x), Declaration::Variable(y)) => self.variable(sink, x, y),
                (Declaration::Constant(x), Declaration::Constant(y)) => constant(sink, x, y),
                (Declaration::MacroFunction(x), Declaration::MacroFunction(y)) => {
                    macro_function(sink, x, y)
                }
                _ => {}
            },
            (Item::AnonValue(x, _), Item::AnonValue(y, _)) => {
                sink.name = None;
                if x.value != y.value {
                    sink.push(
                        "enum_value_changed",
                        Severity::Breaking,
                        Some(&x.name),
                        format!(
                            "enum value '{}' changed from {} to {}",
                            x.name, x.value, y.value
                        ),
                        Some(format!("{} = {}", x.name, x.value)),
                        Some(format!("{} = {}", y.name, y.value)),
                    );
                }
            }
            // A typedef folded into a record on one side and written out on the other: the
            // same when it names the same tag.
            (Item::TagTypedef(n, kw, _), Item::Decl(Declaration::Typedef(t)))
            | (Item::Decl(Declaration::Typedef(t)), Item::TagTypedef(n, kw, _)) => {
                let tag = Type::named(format!("{kw} {n}"));
                let (ta, tb) = if matches!(a, Item::TagTypedef(..)) {
                    (&tag, &t.underlying_type)
                } else {
                    (&t.underlying_type, &tag)
                };
                if let Some(sev) = self.type_change(ta, tb) {
                    sink.push(
                        "typedef_changed",
                        sev,
                        None,
                        format!(
                            "underlying type changed from '{}' to '{}'{}",
                            c_decl(ta, ""),
                            c_decl(tb, ""),
                            same_note(sev)
                        ),
                        Some(format!("typedef {}", c_decl(ta, n))),
                        Some(format!("typedef {}", c_decl(tb, n))),
                    );
                }
            }
            _ => {}
        }
    }

    /// `None` when `a` (baseline) and `b` (target) are the same type; otherwise how serious
    /// the change is: non-breaking when they are the same after resolving typedefs.
    fn type_change(&self, a: &Type, b: &Type) -> Option<Severity> {
        if norm(a) == norm(b) {
            return None;
        }
        let ca = canonical(self.old, a);
        let cb = canonical(self.new, b);
        match (ca, cb) {
            (Some(x), Some(y)) if norm(&x) == norm(&y) => Some(Severity::NonBreaking),
            _ => Some(Severity::Breaking),
        }
    }

    fn function(&self, sink: &mut Sink, a: &Function, b: &Function) {
        let sig = |f: &Function| Some(function_text(f));
        if let Some(sev) = self.type_change(&a.return_type, &b.return_type) {
            sink.push(
                "function_return_type_changed",
                sev,
                None,
                format!(
                    "return type changed from '{}' to '{}'{}",
                    c_decl(&a.return_type, ""),
                    c_decl(&b.return_type, ""),
                    same_note(sev)
                ),
                sig(a),
                sig(b),
            );
        }
        let mut signature = |detail: String| {
            sink.push(
                "function_signature_changed",
                Severity::Breaking,
                None,
                detail,
                sig(a),
                sig(b),
            )
        };
        if a.parameters.len() != b.parameters.len() {
            signature(format!(
                "parameter count changed from {} to {}",
                a.parameters.len(),
                b.parameters.len()
            ));
        }
        if a.is_variadic != b.is_variadic {
            signature(format!(
                "variadic changed from {} to {}",
                a.is_variadic, b.is_variadic
            ));
        }
        if a.has_prototype != b.has_prototype {
            signature(format!(
                "prototype changed from {} to {}",
                prototype_text(a.has_prototype),
                prototype_text(b.has_prototype)
            ));
        }
        if a.calling_convention != b.calling_convention {
            signature(format!(
                "calling convention changed from {} to {}",
                a.calling_convention.as_deref().unwrap_or("the default"),
                b.calling_convention.as_deref().unwrap_or("the default")
            ));
        }
        if a.parameters.len() == b.parameters.len() {
            for (i, (p, q)) in a.parameters.iter().zip(&b.parameters).enumerate() {
                let shown = |n: &Option<String>| match n {
                    Some(n) => format!("parameter {i} ('{n}')"),
                    None => format!("parameter {i}"),
                };
                if let Some(sev) = self.type_change(&strip_top(&p.ty), &strip_top(&q.ty)) {
                    sink.push(
                        "function_parameter_type_changed",
                        sev,
                        q.name.as_deref().or(p.name.as_deref()),
                        format!(
                            "{} type changed from '{}' to '{}'{}",
                            shown(&p.name),
                            c_decl(&p.ty, ""),
                            c_decl(&q.ty, ""),
                            same_note(sev)
                        ),
                        sig(a),
                        sig(b),
                    );
                }
                if let (Some(x), Some(y)) = (&p.name, &q.name)
                    && x != y
                {
                    sink.push(
                        "function_parameter_renamed",
                        Severity::NonBreaking,
                        Some(y),
                        format!("parameter {i} renamed from '{x}' to '{y}'"),
                        sig(a),
                        sig(b),
                    );
                }
            }
        }
        let mut linkage = Vec::new();
        let mut sev = Severity::NonBreaking;
        if a.is_static != b.is_static {
            if b.is_static {
                sev = Severity::Breaking;
                linkage.push("now static: the library no longer exports it".to_string());
            } else {
                linkage.push("no longer static: now an exported function".to_string());
            }
        }
        if a.is_inline != b.is_inline && a.is_static == b.is_static {
            linkage.push(format!(
                "inline changed from {} to {}",
                a.is_inline, b.is_inline
            ));
        }
        if a.asm_name != b.asm_name {
            sev = Severity::Breaking;
            linkage.push(format!(
                "symbol name changed from '{}' to '{}'",
                a.asm_name.as_deref().unwrap_or(&a.name),
                b.asm_name.as_deref().unwrap_or(&b.name)
            ));
        }
        if !linkage.is_empty() {
            sink.push(
                "function_linkage_changed",
                sev,
                None,
                linkage.join("; "),
                sig(a),
                sig(b),
            );
        }
        deprecated(sink, "function", &a.deprecated, &b.deprecated);
    }

    fn enumeration(&self, sink: &mut Sink, a: &Enum, b: &Enum) {
        if self.opacity(sink, "enum", a.is_opaque, b.is_opaque) {
            return;
        }
        // An enumerator declared twice (not C, but `--keep-going` reads it) counts once.
        let (av, bv) = (
            first_of_each(&a.values, |v| &v.name),
            first_of_each(&b.values, |v| &v.name),
        );
        let vb: HashMap<&str, &EnumValue> = bv.iter().map(|v| (v.name.as_str(), *v)).collect();
        let va: HashMap<&str, &EnumValue> = av.iter().map(|v| (v.name.as_str(), *v)).collect();
        let text = |v: &EnumValue| Some(format!("{} = {}", v.name, v.value));
        for v in av.iter().copied() {
            if !vb.contains_key(v.name.as_str()) {
                sink.push(
                    "enum_value_removed",
                    Severity::Breaking,
                    Some(&v.name),
                    format!("enum value '{}' removed", v.name),
                    text(v),
                    None,
                );
            }
        }
        for v in bv.iter().copied() {
            if !va.contains_key(v.name.as_str()) {
                sink.push(
                    "enum_value_added",
                    Severity::NonBreaking,
                    Some(&v.name),
                    format!("enum value '{}' added", v.name),
                    None,
                    text(v),
                );
            }
        }
        for v in av.iter().copied() {
            if let Some(w) = vb.get(v.name.as_str())
                && v.value != w.value
            {
                sink.push(
                    "enum_value_changed",
                    Severity::Breaking,
                    Some(&v.name),
                    format!(
                        "enum value '{}' changed from {} to {}",
                        v.name, v.value, w.value
                    ),
                    text(v),
                    text(w),
                );
            }
        }
        if let (Some((dma, abia)), Some((dmb, abib))) = (&self.old.target, &self.new.target) {
            let la = layout::enum_layout(a, dma, *abia);
            let lb = layout::enum_layout(b, dmb, *abib);
            if la != lb {
                sink.push(
                    "enum_size_changed",
                    Severity::Breaking,
                    None,
                    size_detail((la.size, la.align), (lb.size, lb.align)),
                    Some(format!("size {}, alignment {}", la.size, la.align)),
                    Some(format!("size {}, alignment {}", lb.size, lb.align)),
                );
            }
        }
    }

    /// Reports a record or enum that became opaque or complete; true when one side is
    /// opaque (nothing more to compare).
    fn opacity(&self, sink: &mut Sink, kind: &str, a: bool, b: bool) -> bool {
        let name = sink.name.clone().unwrap_or_default();
        match (a, b) {
            (false, true) => sink.push(
                format!("{kind}_made_opaque"),
                Severity::Breaking,
                None,
                format!("{kind} '{name}' is now only declared: its members and size are gone"),
                Some(format!("{kind} {name} {{...}}")),
                Some(format!("{kind} {name}")),
            ),
            (true, false) => sink.push(
                format!("{kind}_made_complete"),
                Severity::NonBreaking,
                None,
                format!("{kind} '{name}' is now defined"),
                Some(format!("{kind} {name}")),
                Some(format!("{kind} {name} {{...}}")),
            ),
            _ => {}
        }
        a || b
    }

    fn record(&self, sink: &mut Sink, kind: &str, a: &Struct, b: &Struct) {
        if self.opacity(sink, kind, a.is_opaque, b.is_opaque) {
            return;
        }
        let la = self.old.layout(a);
        let lb = self.new.layout(b);
        let known = la.is_some() && lb.is_some();
        let mut fa = Vec::new();
        let mut fb = Vec::new();
        flatten(
            self.old,
            a,
            "",
            la.as_ref().map(|_| 0),
            la.as_ref(),
            &mut fa,
        );
        flatten(
            self.new,
            b,
            "",
            lb.as_ref().map(|_| 0),
            lb.as_ref(),
            &mut fb,
        );
        // A member name used twice (not C, but `--keep-going` reads it) counts once.
        let (fa, fb) = (dedup_paths(fa), dedup_paths(fb));
        let pa: HashMap<&str, usize> = fa
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        let pb: HashMap<&str, usize> = fb
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        // A member of a removed or added named member of anonymous type is not reported
        // again.
        let parent_missing = |path: &str, other: &HashMap<&str, usize>| {
            path.rfind('.')
                .is_some_and(|i| !other.contains_key(&path[..i]))
        };
        let field = |f: &Flat| Some(field_text(f.field, &f.path));
        for f in &fa {
            if !pb.contains_key(f.path.as_str()) && !parent_missing(&f.path, &pb) {
                sink.push(
                    format!("{kind}_field_removed"),
                    Severity::Breaking,
                    Some(&f.path),
                    format!("field '{}' removed", f.path),
                    field(f),
                    None,
                );
            }
        }
        // Order stands in for layout when a layout is unknown: an addition before an
        // existing field moves it.
        for (i, f) in fb.iter().enumerate() {
            if !pa.contains_key(f.path.as_str()) && !parent_missing(&f.path, &pa) {
                let shifts = !known
                    && !a.is_union
                    && fb[i + 1..].iter().any(|g| pa.contains_key(g.path.as_str()));
                let (sev, detail) = if shifts {
                    (
                        Severity::Breaking,
                        format!("field '{}' added before existing fields", f.path),
                    )
                } else {
                    (Severity::NonBreaking, format!("field '{}' added", f.path))
                };
                sink.push(
                    format!("{kind}_field_added"),
                    sev,
                    Some(&f.path),
                    detail,
                    None,
                    field(f),
                );
            }
        }
        for f in &fa {
            let Some(&j) = pb.get(f.path.as_str()) else {
                continue;
            };
            let g = &fb[j];
            let (x, y) = (f.field, g.field);
            let type_sev = self.type_change(&x.ty, &y.ty);
            let width = x.bit_width != y.bit_width;
            if type_sev.is_some() || width {
                let mut parts = Vec::new();
                if let Some(sev) = type_sev {
                    parts.push(format!(
                        "type changed from '{}' to '{}'{}",
                        c_decl(&x.ty, ""),
                        c_decl(&y.ty, ""),
                        same_note(sev)
                    ));
                }
                if width {
                    parts.push(format!(
                        "bit width changed from {} to {}",
                        bits_text(x.bit_width),
                        bits_text(y.bit_width)
                    ));
                }
                let sev = if width {
                    Severity::Breaking
                } else {
                    type_sev.unwrap_or(Severity::Breaking)
                };
                sink.push(
                    format!("{kind}_field_type_changed"),
                    sev,
                    Some(&f.path),
                    format!("field '{}' {}", f.path, parts.join("; ")),
                    field(f),
                    field(g),
                );
            }
        }
        if !a.is_union {
            self.moves(sink, kind, known, &fa, &fb, &pb);
        }
        if let (Some(x), Some(y)) = (&la, &lb) {
            let (sa, sb) = (
                (x.layout.size, x.layout.align),
                (y.layout.size, y.layout.align),
            );
            if sa != sb {
                sink.push(
                    format!("{kind}_size_changed"),
                    Severity::Breaking,
                    None,
                    size_detail(sa, sb),
                    Some(format!("size {}, alignment {}", sa.0, sa.1)),
                    Some(format!("size {}, alignment {}", sb.0, sb.1)),
                );
            }
        } else {
            let pack = |s: &Struct| {
                (
                    s.is_packed,
                    s.pack,
                    s.aligned,
                    format!(
                        "packed {}, #pragma pack {}, aligned {}",
                        s.is_packed,
                        opt_text(s.pack),
                        opt_text(s.aligned)
                    ),
                )
            };
            let (pa, pb) = (pack(a), pack(b));
            if (pa.0, pa.1, pa.2) != (pb.0, pb.1, pb.2) {
                sink.push(
                    format!("{kind}_packing_changed"),
                    Severity::Breaking,
                    None,
                    format!("packing changed from ({}) to ({})", pa.3, pb.3),
                    Some(pa.3),
                    Some(pb.3),
                );
            }
        }
    }

    /// Fields that moved: by offset when both layouts are known, else by order (the fewest
    /// fields whose moving explains the new order: those off a longest common subsequence).
    fn moves(
        &self,
        sink: &mut Sink,
        kind: &str,
        known: bool,
        fa: &[Flat],
        fb: &[Flat],
        pb: &HashMap<&str, usize>,
    ) {
        let field = |f: &Flat| Some(field_text(f.field, &f.path));
        if known {
            // How far each field moved; a member of a named member of anonymous type that
            // moved with it is not reported again.
            let mut delta: HashMap<&str, i128> = HashMap::new();
            for f in fa {
                let Some(&j) = pb.get(f.path.as_str()) else {
                    continue;
                };
                let g = &fb[j];
                if let (Some(x), Some(y)) = (f.bit_offset, g.bit_offset)
                    && x != y
                {
                    let d = i128::from(y) - i128::from(x);
                    delta.insert(&f.path, d);
                    if f.path
                        .rfind('.')
                        .is_some_and(|i| delta.get(&f.path[..i]) == Some(&d))
                    {
                        continue;
                    }
                    let detail = if x % 8 == 0 && y % 8 == 0 && f.field.bit_width.is_none() {
                        format!(
                            "field '{}' moved from offset {} to {}",
                            f.path,
                            x / 8,
                            y / 8
                        )
                    } else {
                        format!("field '{}' moved from bit offset {} to {}", f.path, x, y)
                    };
                    sink.push(
                        format!("{kind}_field_moved"),
                        Severity::Breaking,
                        Some(&f.path),
                        detail,
                        field(f),
                        field(g),
                    );
                }
            }
            return;
        }
        let common_a: Vec<usize> = (0..fa.len())
            .filter(|&i| pb.contains_key(fa[i].path.as_str()))
            .collect();
        // Where each common field of the baseline is in the target; the longest increasing
        // run of those positions kept its order.
        let idx_a: Vec<usize> = common_a.iter().map(|&i| pb[fa[i].path.as_str()]).collect();
        let keep = lis_keep(&idx_a);
        for (k, &i) in common_a.iter().enumerate() {
            if keep[k] {
                continue;
            }
            let f = &fa[i];
            let j = idx_a[k];
            sink.push(
                format!("{kind}_field_moved"),
                Severity::Breaking,
                Some(&f.path),
                format!("field '{}' moved from position {} to {}", f.path, i, j),
                field(f),
                field(&fb[j]),
            );
        }
    }

    fn typedef(&self, sink: &mut Sink, a: &Typedef, b: &Typedef) {
        if let Some(sev) = self.type_change(&a.underlying_type, &b.underlying_type) {
            sink.push(
                "typedef_changed",
                sev,
                None,
                format!(
                    "underlying type changed from '{}' to '{}'{}",
                    c_decl(&a.underlying_type, ""),
                    c_decl(&b.underlying_type, ""),
                    same_note(sev)
                ),
                Some(typedef_text(a)),
                Some(typedef_text(b)),
            );
        }
        if let (Some(x), Some(y)) = (&a.anonymous_struct, &b.anonymous_struct)
            && x.is_union == y.is_union
        {
            self.record(sink, if x.is_union { "union" } else { "struct" }, x, y);
        }
        deprecated(sink, "typedef", &a.deprecated, &b.deprecated);
    }

    fn variable(&self, sink: &mut Sink, a: &Variable, b: &Variable) {
        if let Some(sev) = self.type_change(&a.ty, &b.ty) {
            sink.push(
                "variable_type_changed",
                sev,
                None,
                format!(
                    "type changed from '{}' to '{}'{}",
                    c_decl(&a.ty, ""),
                    c_decl(&b.ty, ""),
                    same_note(sev)
                ),
                Some(variable_text(a)),
                Some(variable_text(b)),
            );
        }
        let mut linkage = Vec::new();
        if a.is_static != b.is_static {
            linkage.push(format!(
                "static changed from {} to {}",
                a.is_static, b.is_static
            ));
        }
        if a.is_thread_local != b.is_thread_local {
            linkage.push(format!(
                "thread-local changed from {} to {}",
                a.is_thread_local, b.is_thread_local
            ));
        }
        if a.asm_name != b.asm_name {
            linkage.push(format!(
                "symbol name changed from '{}' to '{}'",
                a.asm_name.as_deref().unwrap_or(&a.name),
                b.asm_name.as_deref().unwrap_or(&b.name)
            ));
        }
        if !linkage.is_empty() {
            sink.push(
                "variable_linkage_changed",
                Severity::Breaking,
                None,
                linkage.join("; "),
                Some(variable_text(a)),
                Some(variable_text(b)),
            );
        }
        deprecated(sink, "variable", &a.deprecated, &b.deprecated);
    }
}

fn constant(sink: &mut Sink, a: &Constant, b: &Constant) {
    let mut parts = Vec::new();
    match (&a.value, &b.value) {
        (Some(x), Some(y)) => {
            if !same_value(x, y) {
                parts.push(format!(
                    "value changed from {} to {}",
                    value_text(x),
                    value_text(y)
                ));
            }
            let ta = a.ty.as_ref().map(|t| c_decl(t, ""));
            let tb = b.ty.as_ref().map(|t| c_decl(t, ""));
            if ta != tb {
                parts.push(format!(
                    "type changed from '{}' to '{}'",
                    ta.as_deref().unwrap_or("unknown"),
                    tb.as_deref().unwrap_or("unknown")
                ));
            }
        }
        _ => {
            let ea = a.raw_expression.as_deref().map(squeeze);
            let eb = b.raw_expression.as_deref().map(squeeze);
            if ea != eb || a.value.is_some() != b.value.is_some() {
                parts.push(format!(
                    "expression changed from '{}' to '{}'",
                    constant_value_text(a),
                    constant_value_text(b)
                ));
            }
        }
    }
    if !parts.is_empty() {
        sink.push(
            "constant_changed",
            Severity::Breaking,
            None,
            parts.join("; "),
            Some(constant_value_text(a)),
            Some(constant_value_text(b)),
        );
    }
}

fn macro_function(sink: &mut Sink, a: &MacroFunction, b: &MacroFunction) {
    let mut parts = Vec::new();
    if a.parameters != b.parameters || a.is_variadic != b.is_variadic {
        parts.push(format!(
            "parameters changed from ({}) to ({})",
            a.parameters.join(", "),
            b.parameters.join(", ")
        ));
    }
    if squeeze(&a.body) != squeeze(&b.body) {
        parts.push("body changed".to_string());
    }
    if !parts.is_empty() {
        sink.push(
            "macro_function_changed",
            Severity::Breaking,
            None,
            parts.join("; "),
            Some(macro_text(a)),
            Some(macro_text(b)),
        );
    }
}

/// A deprecation that appears in the target.
fn deprecated(sink: &mut Sink, kind: &str, a: &Option<String>, b: &Option<String>) {
    if a.is_none()
        && let Some(why) = b
    {
        let name = sink.name.clone().unwrap_or_default();
        let detail = if why.is_empty() {
            format!("{} '{name}' deprecated", label(kind))
        } else {
            format!("{} '{name}' deprecated: {why}", label(kind))
        };
        sink.push(
            format!("{kind}_deprecated"),
            Severity::NonBreaking,
            None,
            detail,
            None,
            None,
        );
    }
}

fn same_note(sev: Severity) -> &'static str {
    match sev {
        Severity::NonBreaking => " (the same type once typedefs are resolved)",
        Severity::Breaking => "",
    }
}

fn size_detail(a: (u64, u64), b: (u64, u64)) -> String {
    let mut parts = Vec::new();
    if a.0 != b.0 {
        parts.push(format!("size changed from {} to {} bytes", a.0, b.0));
    }
    if a.1 != b.1 {
        parts.push(format!("alignment changed from {} to {}", a.1, b.1));
    }
    parts.join("; ")
}

fn opt_text(v: Option<u32>) -> String {
    v.map_or_else(|| "none".to_string(), |n| n.to_string())
}

fn bits_text(v: Option<u32>) -> String {
    v.map_or_else(|| "none".to_string(), |n| n.to_string())
}

fn prototype_text(p: bool) -> &'static str {
    if p {
        "'f(...)'"
    } else {
        "'f()' (no prototype)"
    }
}

/// Whitespace runs as one space, for comparing macro text.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn same_value(a: &ConstValue, b: &ConstValue) -> bool {
    match (a, b) {
        (ConstValue::Int(x), ConstValue::Int(y)) => x == y,
        (ConstValue::Float(x), ConstValue::Float(y)) => {
            x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
        }
        (ConstValue::Str(x), ConstValue::Str(y)) => x == y,
        _ => false,
    }
}

fn value_text(v: &ConstValue) -> String {
    match v {
        ConstValue::Int(i) => i.to_string(),
        ConstValue::Float(f) => format!("{f:?}"),
        ConstValue::Str(s) => s.clone(),
    }
}

fn constant_value_text(c: &Constant) -> String {
    match (&c.value, &c.raw_expression) {
        (Some(v), _) => value_text(v),
        (None, Some(e)) => squeeze(e),
        (None, None) => "(unknown)".into(),
    }
}

// ------------------------------------------------------------------------------------------
// Records flattened to their accessible members
// ------------------------------------------------------------------------------------------

/// A member as a user reaches it: `a`, a member of an anonymous struct/union member by its
/// own name, a member of a named member of anonymous type as `outer.a`.
struct Flat<'a> {
    path: String,
    field: &'a Field,
    /// From the start of the outermost record, when the layout is known.
    bit_offset: Option<u64>,
}

fn flatten<'a>(
    side: &Side,
    s: &'a Struct,
    prefix: &str,
    base: Option<u64>,
    lay: Option<&StructLayout>,
    out: &mut Vec<Flat<'a>>,
) {
    for (i, f) in s.fields.iter().enumerate() {
        let off = match (base, lay) {
            (Some(b), Some(l)) => l.fields.get(i).map(|fl| b + fl.bit_offset),
            _ => None,
        };
        // The members of an anonymous record are at offsets within it only when the field
        // holds the record itself (not a pointer to or an array of it).
        let inner = |f: &'a Field| -> Option<(&'a Struct, Option<u64>, Option<StructLayout>)> {
            let a = f.anonymous_struct.as_deref()?;
            let direct =
                matches!(&f.ty, Type::CType { name, .. } if name == "struct" || name == "union");
            let off = if direct { off } else { None };
            let l = off.and_then(|_| side.layout(a));
            Some((a, off.filter(|_| l.is_some()), l))
        };
        if f.name.is_empty() {
            // An anonymous member, or an unnamed bit-field (padding: nothing to reach).
            if let Some((a, o, l)) = inner(f) {
                flatten(side, a, prefix, o, l.as_ref(), out);
            }
            continue;
        }
        let path = format!("{prefix}{}", f.name);
        out.push(Flat {
            path: path.clone(),
            field: f,
            bit_offset: off,
        });
        if let Some((a, o, l)) = inner(f) {
            flatten(side, a, &format!("{path}."), o, l.as_ref(), out);
        }
    }
}

/// The first item of each name, in order.
fn first_of_each<T>(items: &[T], name: impl Fn(&T) -> &String) -> Vec<&T> {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .filter(|x| seen.insert(name(x).clone()))
        .collect()
}

/// The first member of each path, in order.
fn dedup_paths(flat: Vec<Flat<'_>>) -> Vec<Flat<'_>> {
    let mut seen = std::collections::HashSet::new();
    flat.into_iter()
        .filter(|f| seen.insert(f.path.clone()))
        .collect()
}

/// For each item of `a` (distinct numbers), whether it is on one longest increasing
/// subsequence: the fields that keep their relative order.
fn lis_keep(a: &[usize]) -> Vec<bool> {
    // Patience sorting: O(n log n), with back links to recover one longest run.
    let n = a.len();
    let mut tails: Vec<usize> = Vec::new(); // index into a of the smallest tail per length
    let mut prev: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let pos = tails.partition_point(|&t| a[t] < a[i]);
        prev[i] = if pos > 0 { Some(tails[pos - 1]) } else { None };
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; n];
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        keep[i] = true;
        cur = prev[i];
    }
    keep
}

// ------------------------------------------------------------------------------------------
// Types: comparison and C spelling
// ------------------------------------------------------------------------------------------

/// A type as compared: parameter names inside function types dropped, qualifiers sorted.
fn norm(t: &Type) -> Type {
    let quals = |q: &[String]| {
        let mut q = q.to_vec();
        q.sort();
        q.dedup();
        q
    };
    match t {
        Type::CType { name, qualifiers } => Type::CType {
            name: name.clone(),
            qualifiers: quals(qualifiers),
        },
        Type::Pointer {
            pointee,
            qualifiers,
        } => Type::Pointer {
            pointee: Box::new(norm(pointee)),
            qualifiers: quals(qualifiers),
        },
        Type::Array { element, size } => Type::Array {
            element: Box::new(norm(element)),
            size: size.clone(),
        },
        Type::Function(f) => Type::Function(Box::new(FunctionType {
            return_type: norm(&f.return_type),
            parameters: f
                .parameters
                .iter()
                .map(|p| crate::ir::Parameter {
                    name: None,
                    ty: norm(&strip_top(&p.ty)),
                })
                .collect(),
            is_variadic: f.is_variadic,
            has_prototype: f.has_prototype,
            calling_convention: f.calling_convention.clone(),
        })),
    }
}

/// A parameter's type without its own top-level qualifiers (`int const x` is `int x` to a
/// caller).
fn strip_top(t: &Type) -> Type {
    match t {
        Type::CType { name, .. } => Type::named(name.clone()),
        Type::Pointer { pointee, .. } => Type::Pointer {
            pointee: pointee.clone(),
            qualifiers: Vec::new(),
        },
        other => other.clone(),
    }
}

/// How many type nodes [`canonical`] may build for one type: typedefs of typedefs can grow a
/// type exponentially, and a type too big to expand is compared as written.
const CANON_BUDGET: usize = 4096;

/// `t` with every typedef name replaced by what it stands for in `side` (names of
/// `typedef struct T {...} T;` by `struct T`); `None` when too big.
fn canonical(side: &Side, t: &Type) -> Option<Type> {
    let mut budget = CANON_BUDGET;
    canon(side, t, &mut budget, 0)
}

fn canon(side: &Side, t: &Type, budget: &mut usize, depth: usize) -> Option<Type> {
    if *budget == 0 || depth > 64 {
        return None;
    }
    *budget -= 1;
    Some(match t {
        Type::CType { name, qualifiers } => {
            if let Some(td) = side.typedefs.get(name.as_str())
                && td.anonymous_struct.is_none()
                && td.anonymous_enum.is_none()
            {
                let mut inner = canon(side, &td.underlying_type, budget, depth + 1)?;
                add_qualifiers(&mut inner, qualifiers);
                inner
            } else if let Some(kw) = side.tag_typedefs.get(name.as_str()) {
                Type::CType {
                    name: format!("{kw} {name}"),
                    qualifiers: qualifiers.clone(),
                }
            } else {
                t.clone()
            }
        }
        Type::Pointer {
            pointee,
            qualifiers,
        } => Type::Pointer {
            pointee: Box::new(canon(side, pointee, budget, depth + 1)?),
            qualifiers: qualifiers.clone(),
        },
        Type::Array { element, size } => Type::Array {
            element: Box::new(canon(side, element, budget, depth + 1)?),
            size: size.clone(),
        },
        Type::Function(f) => {
            let mut parameters = Vec::with_capacity(f.parameters.len());
            for p in &f.parameters {
                parameters.push(crate::ir::Parameter {
                    name: None,
                    ty: canon(side, &p.ty, budget, depth + 1)?,
                });
            }
            Type::Function(Box::new(FunctionType {
                return_type: canon(side, &f.return_type, budget, depth + 1)?,
                parameters,
                is_variadic: f.is_variadic,
                has_prototype: f.has_prototype,
                calling_convention: f.calling_convention.clone(),
            }))
        }
    })
}

/// Qualifiers of a use of a typedef name apply to what it names (for an array type, to its
/// elements).
fn add_qualifiers(t: &mut Type, q: &[String]) {
    match t {
        Type::CType { qualifiers, .. } | Type::Pointer { qualifiers, .. } => {
            qualifiers.extend(q.iter().cloned())
        }
        Type::Array { element, .. } => add_qualifiers(element, q),
        Type::Function(_) => {}
    }
}

/// `ty` declaring `name` in C (`int (*cb)(int)`); `name` empty for the type alone.
pub fn c_decl(ty: &Type, name: &str) -> String {
    declarator(ty, name.to_string())
}

fn declarator(ty: &Type, inner: String) -> String {
    match ty {
        Type::CType { name, qualifiers } => {
            let mut base = String::new();
            for q in qualifiers {
                base.push_str(q);
                base.push(' ');
            }
            match name.as_str() {
                "struct" | "union" | "enum" => {
                    base.push_str(name);
                    base.push_str(" {...}");
                }
                _ => base.push_str(name),
            }
            if inner.is_empty() {
                base
            } else if inner.starts_with('[') {
                format!("{base}{inner}")
            } else {
                format!("{base} {inner}")
            }
        }
        Type::Pointer {
            pointee,
            qualifiers,
        } => {
            let mut s = String::from("*");
            s.push_str(&qualifiers.join(" "));
            if !qualifiers.is_empty() && !inner.is_empty() {
                s.push(' ');
            }
            s.push_str(&inner);
            if matches!(**pointee, Type::Array { .. } | Type::Function(_)) {
                s = format!("({s})");
            }
            declarator(pointee, s)
        }
        Type::Array { element, size } => {
            let n = match size {
                Some(ArraySize::Fixed(n)) => n.to_string(),
                Some(ArraySize::Expr(e)) => e.clone(),
                None => String::new(),
            };
            declarator(element, format!("{inner}[{n}]"))
        }
        Type::Function(f) => {
            let ps = parameter_list(f);
            declarator(&f.return_type, format!("{inner}({ps})"))
        }
    }
}

fn parameter_list(f: &FunctionType) -> String {
    let mut ps: Vec<String> = f
        .parameters
        .iter()
        .map(|p| c_decl(&p.ty, p.name.as_deref().unwrap_or("")))
        .collect();
    if f.is_variadic {
        ps.push("...".into());
    }
    if ps.is_empty() && f.has_prototype {
        ps.push("void".into());
    }
    ps.join(", ")
}

fn function_text(f: &Function) -> String {
    let ft = FunctionType {
        return_type: f.return_type.clone(),
        parameters: f.parameters.clone(),
        is_variadic: f.is_variadic,
        has_prototype: f.has_prototype,
        calling_convention: f.calling_convention.clone(),
    };
    let mut s = String::new();
    if f.is_static {
        s.push_str("static ");
    }
    if f.is_inline {
        s.push_str("inline ");
    }
    s.push_str(&c_decl(&Type::Function(Box::new(ft)), &f.name));
    s
}

fn field_text(f: &Field, path: &str) -> String {
    let name = path.rsplit('.').next().unwrap_or(path);
    match f.bit_width {
        Some(w) => format!("{} : {w}", c_decl(&f.ty, name)),
        None => c_decl(&f.ty, name),
    }
}

fn typedef_text(t: &Typedef) -> String {
    format!("typedef {}", c_decl(&t.underlying_type, &t.name))
}

fn variable_text(v: &Variable) -> String {
    let mut s = String::from(if v.is_static { "static " } else { "extern " });
    if v.is_thread_local {
        s.push_str("_Thread_local ");
    }
    s.push_str(&c_decl(&v.ty, &v.name));
    s
}

fn macro_text(m: &MacroFunction) -> String {
    format!(
        "#define {}({}) {}",
        m.name,
        m.parameters.join(", "),
        squeeze(&m.body)
    )
}

fn item_text(item: Item) -> String {
    match item {
        Item::AnonValue(v, _) => format!("{} = {}", v.name, v.value),
        Item::TagTypedef(n, kw, _) => format!("typedef {kw} {n} {n}"),
        Item::Decl(d) => match d {
            Declaration::Function(f) => function_text(f),
            Declaration::Struct(s) => {
                let kw = if s.is_union { "union" } else { "struct" };
                format!("{kw} {}", s.name.as_deref().unwrap_or(""))
            }
            Declaration::Enum(e) => format!("enum {}", e.name.as_deref().unwrap_or("")),
            Declaration::Typedef(t) => typedef_text(t),
            Declaration::Variable(v) => variable_text(v),
            Declaration::Constant(c) => {
                format!("#define {} {}", c.name, constant_value_text(c))
            }
            Declaration::MacroFunction(m) => macro_text(m),
        },
    }
}

// ------------------------------------------------------------------------------------------
// Output
// ------------------------------------------------------------------------------------------

/// Counts by severity and kind.
fn summary(entries: &[Entry]) -> (usize, usize, BTreeMap<&str, usize>) {
    let breaking = entries
        .iter()
        .filter(|e| e.severity == Severity::Breaking)
        .count();
    let mut by_kind = BTreeMap::new();
    for e in entries {
        *by_kind.entry(e.kind.as_str()).or_insert(0) += 1;
    }
    (breaking, entries.len() - breaking, by_kind)
}

fn to_json(r: &Report, baseline: Option<&str>, target: &str) -> String {
    let (breaking, non_breaking, by_kind) = summary(&r.entries);
    let mut doc = Map::new();
    doc.insert("schema_version".into(), json!(SCHEMA_VERSION));
    doc.insert("baseline".into(), json!(baseline));
    doc.insert("target".into(), json!(target));
    doc.insert(
        "summary".into(),
        json!({
            "total": r.entries.len(),
            "breaking": breaking,
            "non_breaking": non_breaking,
            "by_kind": by_kind,
        }),
    );
    let entries: Vec<Value> = r
        .entries
        .iter()
        .map(|e| {
            let mut m = Map::new();
            m.insert("kind".into(), json!(e.kind));
            m.insert("severity".into(), json!(e.severity.as_str()));
            m.insert("name".into(), json!(e.name));
            if let Some(x) = &e.member {
                m.insert("member".into(), json!(x));
            }
            m.insert("detail".into(), json!(e.detail));
            if let Some(x) = &e.baseline {
                m.insert("baseline".into(), json!(x));
            }
            if let Some(x) = &e.target {
                m.insert("target".into(), json!(x));
            }
            if let Some(x) = &e.location {
                m.insert("location".into(), json!(x));
            }
            Value::Object(m)
        })
        .collect();
    doc.insert("entries".into(), Value::Array(entries));
    let mut s = super::json::dumps(&Value::Object(doc), Some(2), true);
    s.push('\n');
    s
}

/// Text with the characters that could start or end Markdown markup backslash-escaped
/// (CommonMark lets any ASCII punctuation be escaped); line breaks become spaces. An `_`
/// between two letters or digits never delimits emphasis, so identifiers stay readable.
fn md_escape(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let alnum = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        match c {
            '\n' | '\r' => out.push(' '),
            '_' if alnum(i.checked_sub(1)) && alnum(Some(i + 1)) => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `s` as an inline code span: a backtick fence longer than any run inside, padded with a
/// space when `s` starts or ends with a backtick or a space.
fn md_code(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`')
        || s.ends_with('`')
        || (s.starts_with(' ') && s.ends_with(' ') && !s.trim().is_empty())
    {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

fn to_markdown(r: &Report, baseline: Option<&str>, target: &str) -> String {
    let (breaking, non_breaking, _) = summary(&r.entries);
    let mut s = format!(
        "# API Diff: {} -> {}\n\n",
        md_escape(baseline.unwrap_or("(no baseline)")),
        md_escape(target)
    );
    s.push_str("## Summary\n\n| Category | Count |\n| --- | ---: |\n");
    s.push_str(&format!(
        "| Breaking | {breaking} |\n| Non-breaking | {non_breaking} |\n| Total | {} |\n",
        r.entries.len()
    ));
    if r.entries.is_empty() {
        s.push_str("\nNo changes detected.\n");
        return s;
    }
    for (title, sev) in [
        ("Breaking Changes", Severity::Breaking),
        ("Non-Breaking Changes", Severity::NonBreaking),
    ] {
        let mine: Vec<&Entry> = r.entries.iter().filter(|e| e.severity == sev).collect();
        if mine.is_empty() {
            continue;
        }
        s.push_str(&format!("\n## {title}\n"));
        let mut kinds: Vec<&str> = Vec::new();
        for e in &mine {
            if !kinds.contains(&e.kind.as_str()) {
                kinds.push(&e.kind);
            }
        }
        for k in kinds {
            s.push_str(&format!("\n### {}\n\n", md_escape(k)));
            for e in mine.iter().filter(|e| e.kind == k) {
                let name = match (&e.name, &e.member) {
                    (Some(n), _) => n.clone(),
                    (None, _) => "(anonymous enum)".into(),
                };
                s.push_str(&format!(
                    "- **{}**: {}\n",
                    md_escape(&name),
                    md_escape(&e.detail)
                ));
                if let Some(b) = &e.baseline {
                    s.push_str(&format!("  - Baseline: {}\n", md_code(b)));
                }
                if let Some(t) = &e.target {
                    s.push_str(&format!("  - Target: {}\n", md_code(t)));
                }
                if let Some(l) = &e.location {
                    s.push_str(&format!("  - Location: {}\n", md_code(l)));
                }
            }
        }
    }
    s
}

/// The entries of a comparison (what the report lists), for callers of the library.
pub fn diff(baseline: &Header, target: &Header) -> Vec<Entry> {
    compare(baseline, target).entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Parameter, SourceLocation};

    fn header(decls: Vec<Declaration>) -> Header {
        Header {
            path: "h.h".into(),
            declarations: decls,
            target: "x86_64-unknown-linux-gnu".into(),
            ..Default::default()
        }
    }

    fn field(name: &str, ty: Type) -> Field {
        Field {
            name: name.into(),
            ty,
            bit_width: None,
            anonymous_struct: None,
            anonymous_enum: None,
            aligned: None,
            is_packed: false,
        }
    }

    fn record(name: &str, fields: Vec<Field>) -> Declaration {
        Declaration::Struct(Struct {
            name: Some(name.into()),
            fields,
            ..Default::default()
        })
    }

    fn function(name: &str, params: &[(&str, &str)]) -> Declaration {
        Declaration::Function(Function {
            name: name.into(),
            return_type: Type::named("int"),
            parameters: params
                .iter()
                .map(|(n, t)| Parameter {
                    name: Some(n.to_string()),
                    ty: Type::named(*t),
                })
                .collect(),
            is_variadic: false,
            has_prototype: true,
            calling_convention: None,
            is_inline: false,
            is_static: false,
            deprecated: None,
            asm_name: None,
            location: None,
        })
    }

    fn kinds(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(|e| e.kind.as_str()).collect()
    }

    fn at(d: Declaration, line: u32) -> Declaration {
        let loc = Some(SourceLocation {
            file: "h.h".into(),
            line,
            column: None,
        });
        match d {
            Declaration::Struct(mut s) => {
                s.location = loc;
                Declaration::Struct(s)
            }
            Declaration::Enum(mut e) => {
                e.location = loc;
                Declaration::Enum(e)
            }
            Declaration::Function(mut f) => {
                f.location = loc;
                Declaration::Function(f)
            }
            other => other,
        }
    }

    #[test]
    fn kinds_match_the_schema() {
        let schema: Value =
            serde_json::from_str(include_str!("../../docs/diff-schema.json")).unwrap();
        let listed: Vec<&str> = schema["$defs"]["kind"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let ours: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
        assert_eq!(listed, ours);
        let fixed = |i: usize| -> Vec<&str> {
            schema["$defs"]["entry"]["allOf"][i]["if"]["properties"]["kind"]["enum"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect()
        };
        let of = |s: Severity| -> Vec<&str> {
            KINDS
                .iter()
                .filter(|(_, x)| *x == Some(s))
                .map(|(k, _)| *k)
                .collect()
        };
        assert_eq!(fixed(0), of(Severity::Breaking));
        assert_eq!(fixed(1), of(Severity::NonBreaking));
        assert_eq!(
            schema["properties"]["schema_version"]["const"],
            SCHEMA_VERSION
        );
    }

    /// Every entry a comparison makes has a listed kind and that kind's severity.
    fn check_kinds(entries: &[Entry]) {
        for e in entries {
            let (_, sev) = KINDS
                .iter()
                .find(|(k, _)| *k == e.kind)
                .unwrap_or_else(|| panic!("unlisted kind {}", e.kind));
            if let Some(s) = sev {
                assert_eq!(*s, e.severity, "{e:?}");
            }
        }
    }

    #[test]
    fn identical_headers_have_no_entries_whatever_the_lines() {
        let old = header(vec![
            at(record("s", vec![field("a", Type::named("int"))]), 1),
            at(function("f", &[("x", "int")]), 2),
        ]);
        let new = header(vec![
            at(record("s", vec![field("a", Type::named("int"))]), 10),
            at(function("f", &[("x", "int")]), 20),
        ]);
        assert!(diff(&old, &new).is_empty());
        assert!(diff(&new, &new).is_empty());
    }

    #[test]
    fn struct_and_union_are_kinds_of_their_own() {
        let old = header(vec![record("t", vec![field("a", Type::named("int"))])]);
        let mut u = record("t", vec![field("a", Type::named("int"))]);
        if let Declaration::Struct(s) = &mut u {
            s.is_union = true;
        }
        let new = header(vec![u]);
        let e = diff(&old, &new);
        assert_eq!(kinds(&e), ["struct_removed", "union_added"]);
        check_kinds(&e);
    }

    #[test]
    fn anonymous_enums_compare_by_enumerator() {
        let anon = |vals: &[(&str, i128)], line| {
            at(
                Declaration::Enum(Enum {
                    name: None,
                    values: vals
                        .iter()
                        .map(|(n, v)| EnumValue {
                            name: n.to_string(),
                            value: *v,
                        })
                        .collect(),
                    ..Default::default()
                }),
                line,
            )
        };
        let old = header(vec![anon(&[("A", 1), ("B", 2)], 1), anon(&[("C", 3)], 2)]);
        let new = header(vec![anon(&[("B", 2), ("C", 4)], 7), anon(&[("A", 1)], 9)]);
        let e = diff(&old, &new);
        assert_eq!(kinds(&e), ["enum_value_changed"]);
        assert_eq!(e[0].name, None);
        assert_eq!(e[0].member.as_deref(), Some("C"));
        assert_eq!(e[0].location.as_deref(), Some("h.h:7"));
    }

    /// Names declared twice in one enum or record (`--keep-going` reads such headers) count
    /// once: a header compared with itself has no entries.
    #[test]
    fn duplicate_member_names_count_once() {
        let e = Declaration::Enum(Enum {
            name: Some("e".into()),
            values: vec![
                EnumValue {
                    name: "A".into(),
                    value: 0,
                },
                EnumValue {
                    name: "A".into(),
                    value: 1,
                },
            ],
            ..Default::default()
        });
        let s = record(
            "s",
            vec![
                field("x", Type::named("short")),
                field("x", Type::named("int")),
            ],
        );
        let h = header(vec![e, s]);
        assert!(diff(&h, &h).is_empty());
    }

    #[test]
    fn a_swap_moves_two_fields_and_nothing_else() {
        let int = || Type::named("int");
        let old = header(vec![record(
            "s",
            vec![field("a", int()), field("b", int())],
        )]);
        let new = header(vec![record(
            "s",
            vec![field("b", int()), field("a", int())],
        )]);
        let e = diff(&old, &new);
        assert_eq!(kinds(&e), ["struct_field_moved", "struct_field_moved"]);
        // Without a layout (no target), order stands in: one field explains the swap.
        let (mut o, mut n) = (old.clone(), new.clone());
        o.target.clear();
        n.target.clear();
        let e = diff(&o, &n);
        assert_eq!(kinds(&e), ["struct_field_moved"]);
        assert_eq!(e[0].detail, "field 'a' moved from position 0 to 1");
    }

    #[test]
    fn order_fallback_reports_the_fewest_moves() {
        assert_eq!(lis_keep(&[0, 1, 2, 3]), [true; 4]);
        assert_eq!(lis_keep(&[3, 0, 1, 2]), [false, true, true, true]);
        assert_eq!(lis_keep(&[1, 0]).iter().filter(|k| **k).count(), 1);
        assert_eq!(lis_keep(&[]), Vec::<bool>::new());
        assert_eq!(lis_keep(&[2, 0, 3, 1, 4]).iter().filter(|k| **k).count(), 3);
    }

    #[test]
    fn typedef_spelling_is_not_breaking() {
        let td = |n: &str, t: &str| {
            Declaration::Typedef(Typedef {
                name: n.into(),
                underlying_type: Type::named(t),
                anonymous_struct: None,
                anonymous_enum: None,
                deprecated: None,
                location: None,
            })
        };
        let old = header(vec![
            td("word", "unsigned long"),
            function("f", &[("n", "unsigned long")]),
        ]);
        let new = header(vec![
            td("word", "unsigned long"),
            function("f", &[("n", "word")]),
        ]);
        let e = diff(&old, &new);
        assert_eq!(kinds(&e), ["function_parameter_type_changed"]);
        assert_eq!(e[0].severity, Severity::NonBreaking);
        // A typedef name that means another type is breaking.
        let new = header(vec![td("word", "long"), function("f", &[("n", "word")])]);
        let e = diff(&old, &new);
        assert_eq!(
            kinds(&e),
            ["typedef_changed", "function_parameter_type_changed"]
        );
        assert!(e.iter().all(|e| e.severity == Severity::Breaking));
    }

    #[test]
    fn runaway_typedefs_are_compared_as_written() {
        // Each typedef is a function of two of the previous one: expanding doubles the size.
        let mut decls = vec![Declaration::Typedef(Typedef {
            name: "t0".into(),
            underlying_type: Type::named("int"),
            anonymous_struct: None,
            anonymous_enum: None,
            deprecated: None,
            location: None,
        })];
        for i in 1..40 {
            let prev = Type::named(format!("t{}", i - 1));
            decls.push(Declaration::Typedef(Typedef {
                name: format!("t{i}"),
                underlying_type: Type::pointer_to(Type::Function(Box::new(FunctionType {
                    return_type: prev.clone(),
                    parameters: vec![Parameter {
                        name: None,
                        ty: prev,
                    }],
                    is_variadic: false,
                    has_prototype: true,
                    calling_convention: None,
                }))),
                anonymous_struct: None,
                anonymous_enum: None,
                deprecated: None,
                location: None,
            }));
        }
        let h = header(decls);
        let side = Side::new(&h);
        assert!(canonical(&side, &Type::named("t39")).is_none());
        assert!(canonical(&side, &Type::named("t3")).is_some());
        let mut other = h.clone();
        other.declarations.push(function("f", &[("x", "t39")]));
        let mut changed = other.clone();
        if let Some(Declaration::Function(f)) = changed.declarations.last_mut() {
            f.parameters[0].ty = Type::named("t38");
        }
        let e = diff(&other, &changed);
        assert_eq!(kinds(&e), ["function_parameter_type_changed"]);
        assert_eq!(e[0].severity, Severity::Breaking);
    }

    #[test]
    fn c_spelling() {
        let fp = Type::pointer_to(Type::Function(Box::new(FunctionType {
            return_type: Type::named("int"),
            parameters: vec![Parameter {
                name: Some("code".into()),
                ty: Type::pointer_to(Type::CType {
                    name: "char".into(),
                    qualifiers: vec!["const".into()],
                }),
            }],
            is_variadic: true,
            has_prototype: true,
            calling_convention: None,
        })));
        assert_eq!(c_decl(&fp, "cb"), "int (*cb)(const char *code, ...)");
        assert_eq!(c_decl(&fp, ""), "int (*)(const char *code, ...)");
        let arr = Type::Array {
            element: Box::new(Type::pointer_to(Type::named("int"))),
            size: Some(ArraySize::Fixed(4)),
        };
        assert_eq!(c_decl(&arr, "a"), "int *a[4]");
        let parr = Type::Pointer {
            pointee: Box::new(Type::Array {
                element: Box::new(Type::named("char")),
                size: None,
            }),
            qualifiers: vec!["const".into()],
        };
        assert_eq!(c_decl(&parr, "p"), "char (*const p)[]");
        assert_eq!(c_decl(&Type::named("struct"), "s"), "struct {...} s");
    }

    #[test]
    fn markdown_escapes_what_markdown_would_read() {
        assert_eq!(
            md_escape("a_b __c *p [x] <y>"),
            "a_b \\_\\_c \\*p \\[x\\] \\<y\\>"
        );
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`x"), "`` `x ``");
        assert_eq!(md_code(" x "), "`  x  `");
        assert_eq!(md_code("line\nbreak"), "`line break`");
    }

    #[test]
    fn output_formats() {
        let mut old = header(vec![function("gone", &[])]);
        old.path = "old.h".into();
        let new = header(vec![function("kept", &[("x", "int")])]);
        let mut opts = WriterOptions::default();
        opts.set_header(OPTIONS, "baseline", "old.h", old.clone())
            .unwrap();
        let text = String::from_utf8(DiffWriter.write(&new, &opts).unwrap()).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["schema_version"], SCHEMA_VERSION);
        assert_eq!(v["baseline"], "old.h");
        assert_eq!(v["summary"]["total"], 2);
        assert_eq!(v["summary"]["by_kind"]["function_removed"], 1);
        assert_eq!(v["entries"][0]["baseline"], "int gone(void)");
        opts.set(OPTIONS, "format", "markdown").unwrap();
        let md = String::from_utf8(DiffWriter.write(&new, &opts).unwrap()).unwrap();
        assert!(md.starts_with("# API Diff: old.h -> h.h\n"), "{md}");
        assert!(md.contains("| Breaking | 1 |"));
        assert!(md.contains("### function_removed\n\n- **gone**: function 'gone' removed\n"));
        assert_eq!(DiffWriter.template_for(&opts), "{dir}/{stem}_diff.md");
        // No baseline: everything is added.
        let text =
            String::from_utf8(DiffWriter.write(&new, &WriterOptions::default()).unwrap()).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["baseline"], Value::Null);
        assert_eq!(v["entries"][0]["kind"], "function_added");
        // A baseline given but not loaded is the caller's mistake, reported.
        let mut unloaded = WriterOptions::default();
        unloaded.set(OPTIONS, "baseline", "old.h").unwrap();
        assert!(
            DiffWriter
                .write(&new, &unloaded)
                .unwrap_err()
                .contains("not loaded")
        );
        let mut bad = WriterOptions::default();
        bad.set(OPTIONS, "format", "yaml").unwrap();
        assert!(DiffWriter.check_options(&bad).is_err());
        assert!(
            String::from_utf8(
                DiffWriter
                    .write(&old, &{
                        let mut o = WriterOptions::default();
                        o.set_header(OPTIONS, "baseline", "h.h", old.clone())
                            .unwrap();
                        o.set(OPTIONS, "format", "markdown").unwrap();
                        o
                    })
                    .unwrap()
            )
            .unwrap()
            .ends_with("\nNo changes detected.\n")
        );
    }

    #[test]
    fn constants() {
        let c = |name: &str, v: Option<ConstValue>, ty: &str, raw: &str| {
            Declaration::Constant(Constant {
                name: name.into(),
                value: v,
                ty: Some(Type::named(ty)),
                is_macro: true,
                raw_expression: Some(raw.into()),
                location: None,
            })
        };
        let old = header(vec![
            c("A", Some(ConstValue::Int(4)), "int", "(1 << 2)"),
            c(
                "N",
                Some(ConstValue::Float(f64::NAN)),
                "double",
                "(0.0/0.0)",
            ),
            c("X", None, "int", "foo(1)"),
            c("Y", None, "int", "bar( 1 )"),
        ]);
        let new = header(vec![
            c("A", Some(ConstValue::Int(4)), "int", "4"),
            c(
                "N",
                Some(ConstValue::Float(f64::NAN)),
                "double",
                "(0.0/0.0)",
            ),
            c("X", None, "int", "foo(2)"),
            c("Y", None, "int", "bar(  1 )"),
        ]);
        let e = diff(&old, &new);
        assert_eq!(kinds(&e), ["constant_changed"]);
        assert_eq!(e[0].detail, "expression changed from 'foo(1)' to 'foo(2)'");
    }
}
