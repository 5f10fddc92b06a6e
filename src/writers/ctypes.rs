//! The `ctypes` writer: a Python module that binds the header's library with `ctypes` and
//! imports as generated (`docs/writers.md`, section ctypes):
//!
//! * the library is loaded on first use: the environment variable named by `library_env`
//!   (default `<STEM>_CTYPES_LIBRARY`), else `ctypes.util.find_library(library)` (default: the
//!   header's stem), else the platform's file name for it; a library that cannot be loaded
//!   raises `OSError` at that first use, so types and constants stay usable without it;
//! * functions (`argtypes`/`restype`; variadic ones declare their fixed part) and global
//!   variables (`in_dll`) are bound lazily through the module's `__getattr__`: a symbol the
//!   library does not export never breaks the import;
//! * every struct and union is a class declared first and completed (`_fields_`) later, in an
//!   order where every record a member holds by value is complete before it, so forward and
//!   self references work. The layout is the C compiler's for the header's target: a record
//!   ctypes lays out the same way by itself is written plainly (`_pack_` for `#pragma pack` and
//!   `packed`, bit-fields as `(name, type, width)`, `_anonymous_` for anonymous members);
//!   any other one (unnamed and zero-width bit-fields, `aligned(N)`, packed members, bit-fields
//!   ctypes would place differently, members of types ctypes lacks) is written with explicit
//!   padding members (`_hk_pad*`), bit-fields in storage units of their own, and a zero-length
//!   member (`_hk_align`) that gives the record its alignment, or `_align_` (Python 3.13+) where
//!   no ctypes type has that alignment; an out-of-scope record that holds the implementation's
//!   own (reserved-named) records by value is only padding of its size and alignment, and
//!   those records are not written;
//! * enums, enumerators and macro constants as Python values (enum types as aliases of their
//!   underlying integer type), typedefs as aliases, function pointer types as `CFUNCTYPE`;
//! * what ctypes cannot express (`__int128` or complex values as parameters, thread-local
//!   variables, static functions) is left out with a `# skipped: why` comment; members of types
//!   ctypes lacks are raw bytes of the right size.
//!
//! Options: `lib_name` (the name under which the loaded `CDLL` is reachable, default `_lib`),
//! `library`, `library_env`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::{OptionKind, OptionSpec, Writer, WriterOptions};
use crate::ir::{
    ArraySize, ConstValue, Constant, Declaration, Enum, Function, FunctionType, Header, Struct,
    Type, Typedef, Variable, is_anonymous_keyword,
};
use crate::parse::consteval::{FloatType, IntType};
use crate::parse::layout::{self, BaseType, Layout, RecordAbi};
use crate::preprocess::target::{DataModel, Target};

pub struct CtypesWriter;

const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "lib_name",
        kind: OptionKind::Str,
        help: "module attribute giving the loaded ctypes.CDLL (default _lib)",
    },
    OptionSpec {
        name: "library",
        kind: OptionKind::Str,
        help: "library to load: a name for ctypes.util.find_library or a path (default: the \
               header's stem)",
    },
    OptionSpec {
        name: "library_env",
        kind: OptionKind::Str,
        help: "environment variable that overrides the library at run time (default \
               <STEM>_CTYPES_LIBRARY)",
    },
];

impl Writer for CtypesWriter {
    fn name(&self) -> &'static str {
        "ctypes"
    }

    fn description(&self) -> &'static str {
        "Python ctypes bindings (an importable module that loads the library)"
    }

    fn extension(&self) -> &'static str {
        ".py"
    }

    fn default_template(&self) -> String {
        "{dir}/{stem}_ctypes.py".into()
    }

    fn options(&self) -> &'static [OptionSpec] {
        OPTIONS
    }

    fn check_options(&self, opts: &WriterOptions) -> Result<(), String> {
        if let Some(n) = opts.str("lib_name")
            && (!is_identifier(n) || is_keyword(n))
        {
            return Err(format!(
                "option 'lib_name': '{n}' is not a Python identifier"
            ));
        }
        if let Some(v) = opts.str("library_env")
            && (v.is_empty() || v.contains(['=', '\0']))
        {
            return Err(format!(
                "option 'library_env': '{v}' is not an environment variable name"
            ));
        }
        if opts.str("library").is_some_and(|l| l.trim().is_empty()) {
            return Err("option 'library': empty".into());
        }
        Ok(())
    }

    fn write(&self, header: &Header, opts: &WriterOptions) -> Result<Vec<u8>, String> {
        self.check_options(opts)?;
        let stem = header_stem(&header.path);
        let settings = Settings {
            lib_name: opts.str("lib_name").unwrap_or("_lib").to_string(),
            library: opts
                .str("library")
                .map(str::to_string)
                .unwrap_or_else(|| default_library(&stem)),
            library_env: opts
                .str("library_env")
                .map(str::to_string)
                .unwrap_or_else(|| default_env(&stem)),
        };
        Ok(render(header, &settings).into_bytes())
    }
}

/// What the generated module loads and how it names the library.
pub struct Settings {
    pub lib_name: String,
    pub library: String,
    pub library_env: String,
}

fn header_stem(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rfind('.') {
        Some(i) if i > 0 => name[..i].to_string(),
        _ => name.to_string(),
    }
}

/// The header's stem, without a `lib` prefix (`libpq-fe` → `pq-fe`): a guess the `library`
/// option corrects.
fn default_library(stem: &str) -> String {
    let s = stem
        .strip_prefix("lib")
        .filter(|s| !s.is_empty())
        .unwrap_or(stem);
    if s.is_empty() { "c".into() } else { s.into() }
}

fn default_env(stem: &str) -> String {
    let mut s: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    format!("{s}_CTYPES_LIBRARY")
}

// ------------------------------------------------------------------------------------------
// Python names

const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Module attributes the generated code itself defines or relies on.
const RESERVED: &[&str] = &[
    "ctypes",
    "__getattr__",
    "__dir__",
    "__name__",
    "__doc__",
    "__file__",
    "__spec__",
    "__loader__",
    "__package__",
    "__builtins__",
    "__all__",
    "__path__",
    "__cached__",
    "__annotations__",
    "_c_types_",
];

fn is_keyword(s: &str) -> bool {
    PY_KEYWORDS.contains(&s)
}

/// C's reserved identifiers (`__x`, `_X`): the implementation's own names.
fn is_reserved_name(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'_' && (b[1] == b'_' || b[1].is_ascii_uppercase())
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

// ------------------------------------------------------------------------------------------
// The writer's model

/// Size and alignment as ctypes lays a type out (Python 3.11 and later; see `plan_record`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CtLay {
    size: u64,
    align: u64,
}

/// A statement of the types section, ordered by what it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Node {
    /// `X._fields_ = [...]` of record X.
    Fields(usize),
    /// `T = ...` of typedef T.
    Alias(usize),
}

struct Rec<'a> {
    s: &'a Struct,
    /// Position in declaration order (records and typedefs), for the output order.
    seq: usize,
    py: String,
    /// How C names the type (for `_c_types_`), when it can.
    spelling: Option<String>,
    /// Written with its members (else an opaque class).
    full: bool,
    /// Out of scope and holding the implementation's own records by value: written as
    /// padding of its size and alignment, without its members (see `mark_full`).
    sealed: bool,
    /// Not written: an out-of-scope reserved or anonymous record nothing written refers to.
    dropped: bool,
    in_scope: bool,
    /// `struct X` / `union X` / a typedef name: what the naming pass prefers.
    preferred: String,
    /// How the naming pass treats it: 0 ordinary name, 1 tag, 2 generated.
    rank: u8,
}

struct Alias<'a> {
    td: &'a Typedef,
    seq: usize,
    py: String,
    /// Not written: the typedef names a record or enum that has its name.
    same_as_tag: bool,
    /// Not written: an out-of-scope reserved typedef nothing written refers to.
    dropped: bool,
}

struct EnumT<'a> {
    e: &'a Enum,
    py: Option<String>,
    in_scope: bool,
}

/// Anonymous definitions a bare `struct`/`union`/`enum` type refers to.
#[derive(Clone, Copy)]
struct Anon<'a> {
    record: Option<&'a Struct>,
    enumeration: Option<&'a Enum>,
}

const NO_ANON: Anon<'static> = Anon {
    record: None,
    enumeration: None,
};

/// A rendered type expression.
#[derive(Debug, Clone)]
struct Ty {
    text: String,
    deps: Vec<Node>,
    /// Its layout in ctypes (value contexts only).
    ct: Option<CtLay>,
    /// Why it is not the C type exactly (raw bytes for `__int128`...).
    note: Option<String>,
}

impl Ty {
    fn plain(text: impl Into<String>) -> Ty {
        Ty {
            text: text.into(),
            deps: Vec::new(),
            ct: None,
            note: None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Param,
    Return,
}

/// A record's class as it will be written.
#[derive(Debug, Clone, Default)]
struct Plan {
    /// Class-body lines (`_pack_ = 1`...).
    body: Vec<String>,
    /// Comment lines before `_fields_`.
    comments: Vec<String>,
    /// `_fields_` entries.
    fields: Vec<String>,
    deps: Vec<Node>,
    ct: Option<CtLay>,
    /// Why the record has no `_fields_`, when it has none.
    opaque: Option<String>,
}

enum PlanState {
    Todo,
    Busy,
    Done(Plan),
}

struct Cx<'a> {
    h: &'a Header,
    /// The header's declarations by name, for the layout engine.
    tix: crate::ir::TypedefIndex<'a>,
    dm: DataModel,
    abi: RecordAbi,
    target: String,
    set: &'a Settings,
    recs: Vec<Rec<'a>>,
    /// `struct X`, `union X` and typedef names of typedef'd records → record.
    rec_by_key: HashMap<String, usize>,
    /// Anonymous definitions (by address) → record.
    rec_by_ptr: HashMap<*const Struct, usize>,
    aliases: Vec<Alias<'a>>,
    alias_by_name: HashMap<String, usize>,
    enums: Vec<EnumT<'a>>,
    /// `enum X` and typedef names of typedef'd enums → enum.
    enum_by_key: HashMap<String, usize>,
    /// Python names taken.
    used: HashSet<String>,
    plans: Vec<PlanState>,
    /// Memo of [`Cx::heavy`].
    heavy_memo: HashMap<Node, bool>,
}

pub fn render(h: &Header, set: &Settings) -> String {
    let phantoms = undeclared_tags(h);
    let target = Target::parse(&h.target).unwrap_or_else(|_| Target::host());
    let mut cx = Cx {
        h,
        tix: h.typedef_index(),
        dm: target.data_model(),
        abi: RecordAbi::for_target(&target),
        target: target.triple().to_string(),
        set,
        recs: Vec::new(),
        rec_by_key: HashMap::new(),
        rec_by_ptr: HashMap::new(),
        aliases: Vec::new(),
        alias_by_name: HashMap::new(),
        enums: Vec::new(),
        enum_by_key: HashMap::new(),
        used: HashSet::new(),
        plans: Vec::new(),
        heavy_memo: HashMap::new(),
    };
    cx.collect(&phantoms);
    cx.name_all();
    cx.mark_full();
    cx.drop_unused();
    cx.plans = (0..cx.recs.len()).map(|_| PlanState::Todo).collect();
    for i in 0..cx.recs.len() {
        if cx.recs[i].full {
            cx.plan(i);
        }
    }
    cx.emit()
}

/// Opaque definitions for the tags that types use but no declaration defines
/// (`struct forward *f` alone), with whether an in-scope declaration uses them.
fn undeclared_tags(h: &Header) -> Vec<(Struct, bool)> {
    let all = || {
        h.declarations
            .iter()
            .map(|d| (d, true))
            .chain(h.dependencies.iter().map(|d| (d, false)))
    };
    let declared: HashSet<String> = all()
        .filter_map(|(d, _)| match d {
            Declaration::Struct(s) => s.name.as_deref().map(|n| s.tag_key(n)),
            _ => None,
        })
        .collect();
    let mut tags = Vec::new();
    for (d, in_scope) in all() {
        d.for_each_type(&mut |t| collect_tags(t, &mut tags, in_scope));
    }
    tags.into_iter()
        .filter(|(t, _)| !declared.contains(t))
        .map(|(tag, in_scope)| {
            let (kw, name) = tag.split_once(' ').unwrap_or(("struct", &tag));
            let s = Struct {
                name: Some(name.to_string()),
                is_union: kw == "union",
                is_opaque: true,
                ..Default::default()
            };
            (s, in_scope)
        })
        .collect()
}

impl<'a> Cx<'a> {
    // --------------------------------------------------------------------------------------
    // Collecting the types

    fn all_decls(&self) -> Vec<(&'a Declaration, bool)> {
        let h = self.h;
        h.declarations
            .iter()
            .map(|d| (d, true))
            .chain(h.dependencies.iter().map(|d| (d, false)))
            .collect()
    }

    fn collect(&mut self, phantoms: &'a [(Struct, bool)]) {
        for (d, in_scope) in self.all_decls() {
            match d {
                Declaration::Struct(s) => {
                    if let Some(name) = s.name.as_deref() {
                        let key = if s.is_typedef {
                            name.to_string()
                        } else {
                            s.tag_key(name)
                        };
                        let i = match self.rec_by_key.get(&key) {
                            Some(&i) => {
                                if self.recs[i].s.is_opaque && !s.is_opaque {
                                    self.recs[i].s = s;
                                    self.recs[i].in_scope |= in_scope;
                                }
                                i
                            }
                            None => {
                                let spelling = if s.is_typedef {
                                    name.to_string()
                                } else {
                                    key.clone()
                                };
                                let i = self.add_rec(
                                    s,
                                    in_scope,
                                    name.to_string(),
                                    Some(spelling),
                                    if s.is_typedef { 0 } else { 1 },
                                );
                                self.rec_by_key.insert(key.clone(), i);
                                i
                            }
                        };
                        if s.is_typedef {
                            // `typedef struct T {...} T;`: `struct T` names it too
                            self.rec_by_key.entry(s.tag_key(name)).or_insert(i);
                        }
                        self.rec_by_ptr.insert(s as *const Struct, i);
                        self.collect_fields(s, i, in_scope);
                    } else {
                        let i = self.add_rec(s, in_scope, "anon".into(), None, 2);
                        self.rec_by_ptr.insert(s as *const Struct, i);
                        self.collect_fields(s, i, in_scope);
                    }
                }
                Declaration::Typedef(t) => {
                    if self.alias_by_name.contains_key(&t.name) {
                        continue;
                    }
                    self.alias_by_name
                        .insert(t.name.clone(), self.aliases.len());
                    self.aliases.push(Alias {
                        td: t,
                        seq: self.recs.len() + self.aliases.len(),
                        py: String::new(),
                        same_as_tag: false,
                        dropped: false,
                    });
                    if let Some(s) = t.anonymous_struct.as_deref() {
                        let kw = if s.is_union { "union" } else { "struct" };
                        let spelling = match &t.underlying_type {
                            Type::CType { .. } => Some(t.name.clone()),
                            Type::Pointer { pointee, .. }
                                if matches!(**pointee, Type::CType { .. }) =>
                            {
                                Some(format!("__typeof__(*({})0)", t.name))
                            }
                            _ => None,
                        };
                        let i = self.add_rec(s, in_scope, format!("{}_{kw}", t.name), spelling, 2);
                        self.rec_by_ptr.insert(s as *const Struct, i);
                        self.collect_fields(s, i, in_scope);
                    }
                    if let Some(e) = t.anonymous_enum.as_deref() {
                        self.add_enum(e, None, in_scope);
                    }
                }
                Declaration::Enum(e) => {
                    let key = e.name.as_deref().map(|n| {
                        if e.is_typedef {
                            n.to_string()
                        } else {
                            format!("enum {n}")
                        }
                    });
                    self.add_enum(e, key, in_scope);
                }
                _ => {}
            }
        }
        // tags used but never declared: opaque classes
        for (phantom, in_scope) in phantoms {
            let Some(name) = phantom.name.as_deref() else {
                continue;
            };
            let tag = phantom.tag_key(name);
            if self.rec_by_key.contains_key(&tag) {
                continue;
            }
            let i = self.add_rec(phantom, *in_scope, name.to_string(), Some(tag.clone()), 1);
            self.rec_by_key.insert(tag, i);
        }
    }

    fn add_rec(
        &mut self,
        s: &'a Struct,
        in_scope: bool,
        preferred: String,
        spelling: Option<String>,
        rank: u8,
    ) -> usize {
        self.recs.push(Rec {
            s,
            seq: self.recs.len() + self.aliases.len(),
            py: String::new(),
            spelling,
            full: false,
            sealed: false,
            dropped: false,
            in_scope,
            preferred,
            rank,
        });
        self.recs.len() - 1
    }

    fn collect_fields(&mut self, s: &'a Struct, owner: usize, in_scope: bool) {
        let mut n = 0;
        for f in &s.fields {
            if let Some(a) = f.anonymous_struct.as_deref() {
                if self.rec_by_ptr.contains_key(&(a as *const Struct)) {
                    continue;
                }
                let owner_py = self.recs[owner].preferred.clone();
                let (preferred, spelling) = if f.name.is_empty() {
                    n += 1;
                    (format!("{owner_py}_anon{}", n - 1), None)
                } else {
                    let sp = self.recs[owner]
                        .spelling
                        .as_ref()
                        .filter(|_| matches!(f.ty, Type::CType { .. }))
                        .map(|o| format!("__typeof__((({o} *)0)->{})", f.name));
                    (format!("{owner_py}_{}", f.name), sp)
                };
                let i = self.add_rec(a, in_scope, preferred, spelling, 2);
                self.rec_by_ptr.insert(a as *const Struct, i);
                self.collect_fields(a, i, in_scope);
            }
            if let Some(e) = f.anonymous_enum.as_deref() {
                self.add_enum(e, None, in_scope);
            }
        }
    }

    fn add_enum(&mut self, e: &'a Enum, key: Option<String>, in_scope: bool) {
        if let Some(k) = &key {
            if let Some(&i) = self.enum_by_key.get(k) {
                if self.enums[i].e.values.is_empty() && !e.values.is_empty() {
                    self.enums[i].e = e;
                }
                return;
            }
            self.enum_by_key.insert(k.clone(), self.enums.len());
        } else if self.enums.iter().any(|x| std::ptr::eq(x.e, e)) {
            return;
        }
        self.enums.push(EnumT {
            e,
            py: key,
            in_scope,
        });
    }

    // --------------------------------------------------------------------------------------
    // Naming

    /// A free Python name for `want`, taken.
    fn take(&mut self, want: &str) -> String {
        let mut n = want.to_string();
        while is_keyword(&n)
            || RESERVED.contains(&n.as_str())
            || n == self.set.lib_name
            || n.starts_with("_hk_")
            || self.used.contains(&n)
        {
            n.push('_');
        }
        self.used.insert(n.clone());
        n
    }

    fn name_all(&mut self) {
        // Typedefs that name a tag of the same name are that record's (or enum's) name.
        for i in 0..self.aliases.len() {
            let t = self.aliases[i].td;
            if let Type::CType { name, .. } = &t.underlying_type
                && let Some((kw, tag)) = name.split_once(' ')
                && tag == t.name
            {
                if kw == "enum" {
                    if let Some(&e) = self.enum_by_key.get(name) {
                        self.aliases[i].same_as_tag = true;
                        self.enums[e].py = Some(t.name.clone());
                    }
                } else if let Some(&r) = self.rec_by_key.get(name) {
                    self.aliases[i].same_as_tag = true;
                    self.recs[r].rank = 0;
                }
            }
        }
        // Ordinary identifiers first (in-scope ones before dependencies), then tags, then
        // generated names.
        let decls = self.all_decls();
        let mut ordinary: Vec<String> = Vec::new();
        for (d, _) in &decls {
            match d {
                Declaration::Function(f) => ordinary.push(f.name.clone()),
                Declaration::Variable(v) => ordinary.push(v.name.clone()),
                Declaration::Constant(c) if c.value.is_some() => ordinary.push(c.name.clone()),
                _ => {}
            }
        }
        for e in &self.enums {
            for v in &e.e.values {
                ordinary.push(v.name.clone());
            }
        }
        for r in 0..2u8 {
            if r == 0 {
                for i in 0..self.recs.len() {
                    if self.recs[i].rank == 0 && self.recs[i].in_scope {
                        let p = self.recs[i].preferred.clone();
                        self.recs[i].py = self.take(&p);
                    }
                }
                for i in 0..self.aliases.len() {
                    if !self.aliases[i].same_as_tag && self.aliases[i].py.is_empty() {
                        let n = self.aliases[i].td.name.clone();
                        self.aliases[i].py = self.take(&n);
                    }
                }
                for i in 0..self.enums.len() {
                    if let Some(k) = self.enums[i].py.clone()
                        && !k.starts_with("enum ")
                    {
                        self.enums[i].py = Some(self.take(&k));
                    }
                }
                for i in 0..self.recs.len() {
                    if self.recs[i].rank == 0 && !self.recs[i].in_scope {
                        let p = self.recs[i].preferred.clone();
                        self.recs[i].py = self.take(&p);
                    }
                }
                // functions, variables, constants, enumerators keep their names (deduplicated
                // when written); reserve them now so tags go around them
                for n in &ordinary {
                    if is_identifier(n) && !is_keyword(n) {
                        self.used.insert(n.clone());
                    }
                }
            } else {
                for pass_in_scope in [true, false] {
                    for i in 0..self.recs.len() {
                        if self.recs[i].rank == 1 && self.recs[i].in_scope == pass_in_scope {
                            let p = self.recs[i].preferred.clone();
                            let kw = if self.recs[i].s.is_union {
                                "union"
                            } else {
                                "struct"
                            };
                            let n = if self.used.contains(&p) || !is_identifier(&p) {
                                format!("{kw}_{p}")
                            } else {
                                p
                            };
                            self.recs[i].py = self.take(&n);
                        }
                    }
                    for i in 0..self.enums.len() {
                        if self.enums[i].in_scope != pass_in_scope {
                            continue;
                        }
                        if let Some(k) = self.enums[i].py.clone()
                            && let Some(tag) = k.strip_prefix("enum ")
                        {
                            let n = if self.used.contains(tag) {
                                format!("enum_{tag}")
                            } else {
                                tag.to_string()
                            };
                            self.enums[i].py = Some(self.take(&n));
                        }
                    }
                }
                for i in 0..self.recs.len() {
                    if self.recs[i].rank == 2 {
                        let p = sanitize(&self.recs[i].preferred);
                        self.recs[i].py = self.take(&p);
                    }
                }
            }
        }
    }

    /// Which records are written with their members: every in-scope one, and every
    /// out-of-scope one something written uses by value (the others are opaque classes).
    fn mark_full(&mut self) {
        let mut work: Vec<usize> = Vec::new();
        for (i, r) in self.recs.iter_mut().enumerate() {
            if r.in_scope && !r.s.is_opaque {
                r.full = true;
                work.push(i);
            }
        }
        let mut roots: Vec<(&'a Type, Anon<'a>)> = Vec::new();
        for (d, in_scope) in self.all_decls() {
            match d {
                // an alias of an array (`T = X * 3`) needs X complete; `T = X` does not
                Declaration::Typedef(t)
                    if matches!(t.underlying_type, Type::Array { .. } | Type::Function(_)) =>
                {
                    roots.push((
                        &t.underlying_type,
                        Anon {
                            record: t.anonymous_struct.as_deref(),
                            enumeration: t.anonymous_enum.as_deref(),
                        },
                    ))
                }
                Declaration::Function(f) if in_scope => {
                    roots.push((&f.return_type, NO_ANON));
                    for p in &f.parameters {
                        roots.push((&p.ty, NO_ANON));
                    }
                }
                Declaration::Variable(v) if in_scope => roots.push((&v.ty, NO_ANON)),
                _ => {}
            }
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (t, a) in roots {
            self.by_value_records(t, a, &mut out, &mut seen, 0);
        }
        loop {
            for r in out.drain(..) {
                if !self.recs[r].full && !self.recs[r].s.is_opaque {
                    self.recs[r].full = true;
                    work.push(r);
                }
            }
            let Some(r) = work.pop() else { break };
            let s = self.recs[r].s;
            if !self.recs[r].in_scope && self.holds_reserved(s, 0) {
                self.recs[r].sealed = true;
                continue;
            }
            for f in &s.fields {
                let a = Anon {
                    record: f.anonymous_struct.as_deref(),
                    enumeration: f.anonymous_enum.as_deref(),
                };
                self.by_value_records(&f.ty, a, &mut out, &mut seen, 0);
            }
        }
    }

    /// Whether record `s` holds by value (through arrays, typedefs and its anonymous
    /// members) a record of the implementation's: one named, or reached through a typedef
    /// named, with a reserved identifier (`__x`, `_X`), like glibc's `struct
    /// __pthread_mutex_s` in `pthread_mutex_t`. Reserved typedefs of scalars (`__time_t`)
    /// do not count.
    fn holds_reserved(&self, s: &'a Struct, depth: u32) -> bool {
        s.fields.iter().any(|f| {
            let a = Anon {
                record: f.anonymous_struct.as_deref(),
                enumeration: f.anonymous_enum.as_deref(),
            };
            self.type_holds_reserved(&f.ty, a, depth)
        })
    }

    fn type_holds_reserved(&self, t: &'a Type, anon: Anon<'a>, depth: u32) -> bool {
        if depth > 64 {
            return false;
        }
        match t {
            Type::CType { name, .. } => {
                if let Some(r) = self.record_of(name, anon) {
                    let s = self.recs[r].s;
                    match s.name.as_deref() {
                        Some(n) => is_reserved_name(n),
                        None => self.holds_reserved(s, depth + 1),
                    }
                } else if let Some(&a) = self.alias_by_name.get(name.as_str()) {
                    let td = self.aliases[a].td;
                    let an = Anon {
                        record: td.anonymous_struct.as_deref(),
                        enumeration: td.anonymous_enum.as_deref(),
                    };
                    if is_reserved_name(&td.name) {
                        let mut out = Vec::new();
                        let mut seen = HashSet::new();
                        self.by_value_records(&td.underlying_type, an, &mut out, &mut seen, 0);
                        !out.is_empty()
                    } else {
                        self.type_holds_reserved(&td.underlying_type, an, depth + 1)
                    }
                } else {
                    false
                }
            }
            Type::Array { element, .. } => self.type_holds_reserved(element, anon, depth + 1),
            Type::Pointer { .. } | Type::Function(_) => false,
        }
    }

    /// Drops the out-of-scope records and typedefs with reserved or no names that nothing
    /// written refers to (the members of a sealed record are not written, so what only
    /// they needed goes too).
    fn drop_unused(&mut self) {
        let keep_rec =
            |r: &Rec| r.in_scope || r.s.name.as_deref().is_some_and(|n| !is_reserved_name(n));
        let mut rec_seen: Vec<bool> = self.recs.iter().map(keep_rec).collect();
        let in_scope: HashSet<*const Typedef> = self
            .h
            .declarations
            .iter()
            .filter_map(|d| match d {
                Declaration::Typedef(t) => Some(t as *const Typedef),
                _ => None,
            })
            .collect();
        let mut alias_seen: Vec<bool> = self
            .aliases
            .iter()
            .map(|a| !is_reserved_name(&a.td.name) || in_scope.contains(&(a.td as *const Typedef)))
            .collect();
        let mut work: Vec<Node> = Vec::new();
        work.extend(
            (0..self.recs.len())
                .filter(|&i| rec_seen[i])
                .map(Node::Fields),
        );
        work.extend(
            (0..self.aliases.len())
                .filter(|&i| alias_seen[i])
                .map(Node::Alias),
        );
        let mut roots: Vec<(&'a Type, Anon<'a>)> = Vec::new();
        for d in &self.h.declarations {
            match d {
                Declaration::Function(f) => {
                    roots.push((&f.return_type, NO_ANON));
                    for p in &f.parameters {
                        roots.push((&p.ty, NO_ANON));
                    }
                }
                Declaration::Variable(v) => roots.push((&v.ty, NO_ANON)),
                Declaration::Constant(c) => {
                    if let Some(t) = &c.ty {
                        roots.push((t, NO_ANON));
                    }
                }
                _ => {}
            }
        }
        let mut found = Vec::new();
        for (t, a) in roots {
            self.mentions(t, a, &mut found, 0);
        }
        loop {
            for n in found.drain(..) {
                let seen = match n {
                    Node::Fields(r) => &mut rec_seen[r],
                    Node::Alias(a) => &mut alias_seen[a],
                };
                if !*seen {
                    *seen = true;
                    work.push(n);
                }
            }
            let Some(n) = work.pop() else { break };
            match n {
                Node::Fields(r) => {
                    let rec = &self.recs[r];
                    if rec.full && !rec.sealed {
                        for f in &rec.s.fields {
                            let a = Anon {
                                record: f.anonymous_struct.as_deref(),
                                enumeration: f.anonymous_enum.as_deref(),
                            };
                            self.mentions(&f.ty, a, &mut found, 0);
                        }
                    }
                }
                Node::Alias(a) => {
                    let td = self.aliases[a].td;
                    let an = Anon {
                        record: td.anonymous_struct.as_deref(),
                        enumeration: td.anonymous_enum.as_deref(),
                    };
                    self.mentions(&td.underlying_type, an, &mut found, 0);
                }
            }
        }
        for (r, seen) in rec_seen.into_iter().enumerate() {
            self.recs[r].dropped = !seen;
        }
        for (a, seen) in alias_seen.into_iter().enumerate() {
            self.aliases[a].dropped = !seen;
        }
    }

    /// The records and typedefs type `t` names, by value or through pointers.
    fn mentions(&self, t: &'a Type, anon: Anon<'a>, out: &mut Vec<Node>, depth: u32) {
        if depth > 64 {
            return;
        }
        match t {
            Type::CType { name, .. } => {
                if let Some(r) = self.record_of(name, anon) {
                    out.push(Node::Fields(r));
                } else if let Some(&a) = self.alias_by_name.get(name.as_str()) {
                    out.push(Node::Alias(a));
                }
            }
            Type::Pointer { pointee, .. } => self.mentions(pointee, anon, out, depth + 1),
            Type::Array { element, .. } => self.mentions(element, anon, out, depth + 1),
            Type::Function(f) => {
                self.mentions(&f.return_type, NO_ANON, out, depth + 1);
                for p in &f.parameters {
                    self.mentions(&p.ty, NO_ANON, out, depth + 1);
                }
            }
        }
    }

    /// The records `t` holds by value (through arrays, typedefs and function signatures).
    fn by_value_records(
        &self,
        t: &'a Type,
        anon: Anon<'a>,
        out: &mut Vec<usize>,
        seen: &mut HashSet<String>,
        depth: u32,
    ) {
        if depth > 64 {
            return;
        }
        match t {
            Type::CType { name, .. } => {
                if let Some(r) = self.record_of(name, anon) {
                    out.push(r);
                } else if let Some(&a) = self.alias_by_name.get(name.as_str())
                    && seen.insert(name.clone())
                {
                    let td = self.aliases[a].td;
                    let an = Anon {
                        record: td.anonymous_struct.as_deref(),
                        enumeration: td.anonymous_enum.as_deref(),
                    };
                    self.by_value_records(&td.underlying_type, an, out, seen, depth + 1);
                }
            }
            Type::Array { element, .. } => {
                self.by_value_records(element, anon, out, seen, depth + 1)
            }
            Type::Pointer { .. } => {}
            Type::Function(f) => {
                self.by_value_records(&f.return_type, NO_ANON, out, seen, depth + 1);
                for p in &f.parameters {
                    self.by_value_records(&p.ty, NO_ANON, out, seen, depth + 1);
                }
            }
        }
    }

    // --------------------------------------------------------------------------------------
    // Name lookup

    /// The record a type name denotes directly (`struct X`, a bare `struct` with its
    /// definition, the name of a typedef'd record).
    fn record_of(&self, name: &str, anon: Anon) -> Option<usize> {
        if matches!(name, "struct" | "union") {
            return anon
                .record
                .and_then(|r| self.rec_by_ptr.get(&(r as *const Struct)).copied());
        }
        if name.starts_with("struct ") || name.starts_with("union ") {
            return self.rec_by_key.get(name).copied();
        }
        if self.alias_by_name.contains_key(name) {
            return None;
        }
        self.rec_by_key.get(name).copied()
    }

    fn enum_of(&self, name: &str, anon: Anon<'a>) -> Option<Result<usize, &'a Enum>> {
        if name == "enum" {
            return anon.enumeration.map(|e| {
                match self.enums.iter().position(|x| std::ptr::eq(x.e, e)) {
                    Some(i) => Ok(i),
                    None => Err(e),
                }
            });
        }
        if name.starts_with("enum ") || !self.alias_by_name.contains_key(name) {
            return self.enum_by_key.get(name).map(|&i| Ok(i));
        }
        None
    }

    /// Follows typedef names to the first type that is not one, with the anonymous
    /// definitions it refers to and whether a `const` was seen on the way.
    fn resolve(&self, t: &'a Type, anon: Anon<'a>) -> (&'a Type, Anon<'a>, bool) {
        let mut t = t;
        let mut anon = anon;
        let mut konst = t.qualifiers().iter().any(|q| q.contains("const"));
        for _ in 0..64 {
            let Type::CType { name, .. } = t else { break };
            if self.record_of(name, anon).is_some() || self.enum_of(name, anon).is_some() {
                break;
            }
            let Some(&a) = self.alias_by_name.get(name.as_str()) else {
                break;
            };
            let td = self.aliases[a].td;
            t = &td.underlying_type;
            anon = Anon {
                record: td.anonymous_struct.as_deref(),
                enumeration: td.anonymous_enum.as_deref(),
            };
            konst |= t.qualifiers().iter().any(|q| q.contains("const"));
        }
        (t, anon, konst)
    }

    fn enum_int(&self, e: &Enum) -> IntType {
        layout::enum_int_type(e, &self.dm, self.abi)
    }

    fn int_lay(&self, t: IntType) -> CtLay {
        let sa = layout::int_size_align(t, &self.dm);
        CtLay {
            size: sa.size as u64,
            align: sa.align as u64,
        }
    }

    fn base_lay(&self, name: &str) -> Option<CtLay> {
        layout::layout_of_abi(&Type::named(name), &self.tix, &self.dm, self.abi)
            .ok()
            .map(|l| CtLay {
                size: l.size,
                align: l.align,
            })
    }

    // --------------------------------------------------------------------------------------
    // Types

    /// A type held by value (a member, an array element, a typedef's target, a variable).
    /// `pointee`: the type is only pointed to (an incomplete record is fine, and needs no
    /// `_fields_` first).
    fn value(&mut self, t: &'a Type, anon: Anon<'a>, pointee: bool) -> Result<Ty, String> {
        self.value_depth(t, anon, pointee, 0)
    }

    fn value_depth(
        &mut self,
        t: &'a Type,
        anon: Anon<'a>,
        pointee: bool,
        depth: u32,
    ) -> Result<Ty, String> {
        if depth > 64 {
            return Err("type nesting too deep".into());
        }
        match t {
            Type::CType { name, .. } => {
                if let Some(b) = layout::base_type(name) {
                    return self.base_value(name, b);
                }
                if let Some(r) = self.record_of(name, anon) {
                    let py = self.recs[r].py.clone();
                    if pointee {
                        return Ok(Ty::plain(py));
                    }
                    if !self.recs[r].full {
                        return Err(format!("incomplete type '{name}'"));
                    }
                    let ct = self.plan(r).ct;
                    let Some(ct) = ct else {
                        return Err(format!("'{name}' has no layout"));
                    };
                    return Ok(Ty {
                        text: py,
                        deps: vec![Node::Fields(r)],
                        ct: Some(ct),
                        note: None,
                    });
                }
                if let Some(e) = self.enum_of(name, anon) {
                    let (e, py) = match e {
                        Ok(i) => (self.enums[i].e, self.enums[i].py.clone()),
                        Err(e) => (e, None),
                    };
                    let it = self.enum_int(e);
                    let text = py.unwrap_or_else(|| int_ctype(it).to_string());
                    return Ok(Ty {
                        text,
                        deps: Vec::new(),
                        ct: Some(self.int_lay(it)),
                        note: None,
                    });
                }
                if let Some(&a) = self.alias_by_name.get(name.as_str()) {
                    let td = self.aliases[a].td;
                    let an = Anon {
                        record: td.anonymous_struct.as_deref(),
                        enumeration: td.anonymous_enum.as_deref(),
                    };
                    let (r, _, _) = self.resolve(&td.underlying_type, an);
                    let special = match r {
                        Type::Function(_) => true,
                        Type::CType { name, .. } => {
                            layout::base_type(name) == Some(BaseType::VaList)
                        }
                        _ => false,
                    };
                    let u = self.value_depth(&td.underlying_type, an, pointee, depth + 1)?;
                    if special || self.aliases[a].same_as_tag {
                        return Ok(u);
                    }
                    // a use by value needs what the alias holds by value complete too
                    let mut deps = vec![Node::Alias(a)];
                    deps.extend(
                        u.deps
                            .iter()
                            .copied()
                            .filter(|d| matches!(d, Node::Fields(_))),
                    );
                    return Ok(Ty {
                        text: self.aliases[a].py.clone(),
                        deps,
                        ct: u.ct,
                        note: u.note,
                    });
                }
                if is_anonymous_keyword(name) {
                    return Err(format!("anonymous {name} without its definition"));
                }
                Err(format!("unknown type '{name}'"))
            }
            Type::Pointer { pointee: p, .. } => {
                let mut ty = self.pointer(p, anon, None, false)?;
                ty.ct = Some(CtLay {
                    size: self.dm.pointer.size as u64,
                    align: self.dm.pointer.align as u64,
                });
                Ok(ty)
            }
            Type::Array { element, size } => {
                let n = match size {
                    Some(ArraySize::Fixed(n)) => *n,
                    None => 0,
                    Some(ArraySize::Expr(e)) => {
                        return Err(format!("array size '{e}' is not a known constant"));
                    }
                };
                let e = self.value_depth(element, anon, false, depth + 1)?;
                let ect = e.ct.unwrap_or(CtLay { size: 0, align: 1 });
                Ok(Ty {
                    text: format!("({} * {n})", e.text),
                    deps: e.deps,
                    ct: Some(CtLay {
                        size: ect.size.saturating_mul(n),
                        align: ect.align,
                    }),
                    note: e.note,
                })
            }
            Type::Function(_) => Err("a function type is not a value".into()),
        }
    }

    fn base_value(&mut self, name: &str, b: BaseType) -> Result<Ty, String> {
        let lay = self.base_lay(name);
        let bytes = |why: String, size: u64| Ty {
            text: format!("(ctypes.c_ubyte * {size})"),
            deps: Vec::new(),
            ct: Some(CtLay { size, align: 1 }),
            note: Some(why),
        };
        Ok(match b {
            BaseType::Void => return Err("'void' is not a value".into()),
            BaseType::Int(IntType::Int128 | IntType::UInt128) => bytes(
                format!("ctypes has no '{name}': raw bytes"),
                lay.map_or(16, |l| l.size),
            ),
            BaseType::Int(t) => Ty {
                text: int_ctype(t).into(),
                deps: Vec::new(),
                ct: Some(self.int_lay(t)),
                note: None,
            },
            BaseType::Float(f) => Ty {
                text: float_ctype(f).into(),
                deps: Vec::new(),
                ct: lay,
                note: None,
            },
            BaseType::Complex(f) => Ty {
                text: format!("({} * 2)", float_ctype(f)),
                deps: Vec::new(),
                ct: lay,
                note: Some(format!("'{name}' as (real, imaginary)")),
            },
            BaseType::Float128 | BaseType::Float16 | BaseType::VaList => bytes(
                format!("ctypes has no '{name}': raw bytes"),
                lay.map_or(16, |l| l.size),
            ),
        })
    }

    /// A pointer to `pointee`. `ctx`: a parameter or return type (else a member, variable or
    /// typedef). `late`: written after every type is complete (the function and variable
    /// tables), so pointers to arrays of records need no care.
    fn pointer(
        &mut self,
        pointee: &'a Type,
        anon: Anon<'a>,
        ctx: Option<Ctx>,
        late: bool,
    ) -> Result<Ty, String> {
        let (r, _, konst) = self.resolve(pointee, anon);
        if let Type::CType { name, .. } = pointee
            && name == "wchar_t"
        {
            return Ok(Ty::plain("ctypes.c_wchar_p"));
        }
        match r {
            Type::CType { name, .. } => match layout::base_type(name) {
                Some(BaseType::Void) => return Ok(Ty::plain("ctypes.c_void_p")),
                Some(BaseType::Int(IntType::Char)) => {
                    return Ok(Ty::plain(if ctx == Some(Ctx::Return) && !konst {
                        "ctypes.POINTER(ctypes.c_char)"
                    } else {
                        "ctypes.c_char_p"
                    }));
                }
                _ => {}
            },
            Type::Function(f) => {
                // a typedef of a function type is already the pointer type
                if let Type::CType { name, .. } = pointee
                    && let Some(&a) = self.alias_by_name.get(name.as_str())
                    && matches!(self.aliases[a].td.underlying_type, Type::Function(_))
                {
                    return Ok(Ty {
                        text: self.aliases[a].py.clone(),
                        deps: vec![Node::Alias(a)],
                        ct: None,
                        note: None,
                    });
                }
                return Ok(match self.cfunc(f, late) {
                    Ok(t) => t,
                    Err(e) => Ty {
                        text: "ctypes.c_void_p".into(),
                        deps: Vec::new(),
                        ct: None,
                        note: Some(format!("function pointer as c_void_p: {e}")),
                    },
                });
            }
            _ => {}
        }
        let inner = match self.value(pointee, anon, true) {
            Ok(t) => t,
            Err(e) => {
                return Ok(Ty {
                    text: "ctypes.c_void_p".into(),
                    deps: Vec::new(),
                    ct: None,
                    note: Some(format!("pointer as c_void_p: {e}")),
                });
            }
        };
        if !late && inner.deps.iter().any(|&d| self.heavy(d)) {
            return Ok(Ty {
                text: "ctypes.c_void_p".into(),
                deps: Vec::new(),
                ct: None,
                note: Some(
                    "pointer to an array of records as c_void_p (its element type may be \
                     incomplete here)"
                        .into(),
                ),
            });
        }
        Ok(Ty {
            text: format!("ctypes.POINTER({})", inner.text),
            deps: inner.deps,
            ct: None,
            note: inner.note,
        })
    }

    /// Whether writing `n` needs some record complete (so a pointer to it might close a
    /// cycle): `_fields_` themselves, and aliases whose target holds a record by value.
    fn heavy(&mut self, n: Node) -> bool {
        if let Some(&b) = self.heavy_memo.get(&n) {
            return b;
        }
        self.heavy_memo.insert(n, true);
        let b = match n {
            Node::Fields(_) => true,
            Node::Alias(a) => {
                let deps = self.alias_ty(a).map(|t| t.deps).unwrap_or_default();
                deps.into_iter().any(|d| self.heavy(d))
            }
        };
        self.heavy_memo.insert(n, b);
        b
    }

    /// `CFUNCTYPE(restype, argtypes...)` for a function type.
    fn cfunc(&mut self, f: &'a FunctionType, late: bool) -> Result<Ty, String> {
        let (ret, args) = self.signature(&f.return_type, &f.parameters, late)?;
        let mut text = format!("ctypes.CFUNCTYPE({}", ret.text);
        let mut deps = ret.deps;
        let mut note = ret.note;
        for a in args {
            text.push_str(", ");
            text.push_str(&a.text);
            deps.extend(a.deps);
            note = note.or(a.note);
        }
        text.push(')');
        Ok(Ty {
            text,
            deps,
            ct: None,
            note,
        })
    }

    fn signature(
        &mut self,
        ret: &'a Type,
        params: &'a [crate::ir::Parameter],
        late: bool,
    ) -> Result<(Ty, Vec<Ty>), String> {
        let r = self.scalar(ret, Ctx::Return, late)?;
        let mut args = Vec::new();
        for p in params {
            args.push(self.scalar(&p.ty, Ctx::Param, late)?);
        }
        Ok((r, args))
    }

    /// A parameter or return type.
    fn scalar(&mut self, t: &'a Type, ctx: Ctx, late: bool) -> Result<Ty, String> {
        let (r, ranon, _) = self.resolve(t, NO_ANON);
        match r {
            Type::Array { element, .. } => {
                if ctx == Ctx::Return {
                    return Err("a function cannot return an array".into());
                }
                return self.pointer(element, ranon, Some(ctx), late);
            }
            Type::Function(_) => {
                if ctx == Ctx::Return {
                    return Err("a function cannot return a function".into());
                }
                return self.pointer(t, NO_ANON, Some(ctx), late);
            }
            Type::Pointer { pointee, .. } => {
                return self.pointer(pointee, ranon, Some(ctx), late).map(|mut ty| {
                    // keep a typedef's name when it adds nothing to resolve
                    if let Type::CType { name, .. } = t
                        && let Some(&a) = self.alias_by_name.get(name.as_str())
                        && ty.note.is_none()
                        && !(ctx == Ctx::Return && ty.text.contains("POINTER(ctypes.c_char)"))
                    {
                        ty = Ty {
                            text: self.aliases[a].py.clone(),
                            deps: vec![Node::Alias(a)],
                            ct: None,
                            note: None,
                        };
                    }
                    ty
                });
            }
            Type::CType { name, .. } => match layout::base_type(name) {
                Some(BaseType::Void) => {
                    return if ctx == Ctx::Return {
                        Ok(Ty::plain("None"))
                    } else {
                        Err("a 'void' parameter".into())
                    };
                }
                Some(BaseType::VaList) => return Ok(Ty::plain("ctypes.c_void_p")),
                Some(
                    BaseType::Int(IntType::Int128 | IntType::UInt128)
                    | BaseType::Complex(_)
                    | BaseType::Float128
                    | BaseType::Float16,
                ) => return Err(format!("ctypes cannot pass '{name}'")),
                _ => {}
            },
        }
        if let Type::CType { name, .. } = r
            && let Some(rec) = self.record_of(name, ranon)
            && !self.recs[rec].full
        {
            return Err(format!("incomplete type '{name}' by value"));
        }
        let ty = self.value(t, NO_ANON, true)?;
        if let Some(n) = &ty.note {
            return Err(n.clone());
        }
        // a record by value must be complete by the time the function is called: the
        // function table comes last, callbacks only need the class
        Ok(Ty {
            deps: ty
                .deps
                .into_iter()
                .filter(|d| matches!(d, Node::Alias(_)))
                .collect(),
            ..ty
        })
    }

    /// The right-hand side of typedef `a`.
    fn alias_ty(&mut self, a: usize) -> Result<Ty, String> {
        self.alias_ty_depth(a, 0)
    }

    fn alias_ty_depth(&mut self, a: usize, depth: u32) -> Result<Ty, String> {
        if depth > 64 {
            return Err("typedef chain too long (a typedef of itself?)".into());
        }
        let td = self.aliases[a].td;
        let an = Anon {
            record: td.anonymous_struct.as_deref(),
            enumeration: td.anonymous_enum.as_deref(),
        };
        let (r, _, _) = self.resolve(&td.underlying_type, an);
        match r {
            Type::Function(f) => self.cfunc(f, false),
            Type::CType { name, .. } if layout::base_type(name) == Some(BaseType::VaList) => {
                Ok(Ty {
                    text: "ctypes.c_void_p".into(),
                    deps: Vec::new(),
                    ct: None,
                    note: Some("va_list: as a parameter, a pointer".into()),
                })
            }
            Type::CType { name, .. } if layout::base_type(name) == Some(BaseType::Void) => {
                Ok(Ty::plain("None"))
            }
            _ => {
                let u = &td.underlying_type;
                if let Type::CType { name, .. } = u
                    && let Some(r) = self.record_of(name, an)
                {
                    // an alias of a class needs the class only
                    return Ok(Ty::plain(self.recs[r].py.clone()));
                }
                if let Type::CType { name, .. } = u
                    && let Some(&b) = self.alias_by_name.get(name.as_str())
                    && !self.aliases[b].same_as_tag
                {
                    let bt = self.alias_ty_depth(b, depth + 1)?;
                    return Ok(Ty {
                        text: self.aliases[b].py.clone(),
                        deps: vec![Node::Alias(b)],
                        ct: None,
                        note: bt.note,
                    });
                }
                self.value(u, an, false)
            }
        }
    }

    // --------------------------------------------------------------------------------------
    // Records

    fn plan(&mut self, r: usize) -> Plan {
        match &self.plans[r] {
            PlanState::Done(p) => return p.clone(),
            PlanState::Busy => {
                return Plan {
                    opaque: Some("it contains itself".into()),
                    ..Default::default()
                };
            }
            PlanState::Todo => {}
        }
        self.plans[r] = PlanState::Busy;
        let p = match self.plan_record(r) {
            Ok(p) => p,
            Err(e) => Plan {
                opaque: Some(e),
                ..Default::default()
            },
        };
        self.plans[r] = PlanState::Done(p.clone());
        p
    }

    fn plan_record(&mut self, r: usize) -> Result<Plan, String> {
        let s = self.recs[r].s;
        if self.holds_itself(r) {
            return Err("it holds itself by value".into());
        }
        let c = layout::struct_layout_abi(s, &self.tix, &self.dm, self.abi)?;
        if self.recs[r].sealed {
            let names: HashSet<&str> = HashSet::new();
            let mut plan = self.explicit(s.is_union, &[], c.layout, &names);
            plan.comments.insert(
                0,
                "# members not written: they hold the implementation's own (reserved-named) records; same size and alignment"
                    .into(),
            );
            return Ok(plan);
        }
        let mut items: Vec<Item> = Vec::new();
        let mut anonymous: Vec<String> = Vec::new();
        let mut deps: Vec<Node> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        let mut dropped = false;
        let names: HashSet<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
        let mut anon_n = 0;
        for (f, fl) in s.fields.iter().zip(&c.fields) {
            let anon = Anon {
                record: f.anonymous_struct.as_deref(),
                enumeration: f.anonymous_enum.as_deref(),
            };
            if let Some(w) = f.bit_width {
                if f.name.is_empty() || w == 0 {
                    continue; // padding: the offsets of the others say where it went
                }
                let bits = self
                    .bitfield_type(&f.ty, anon)
                    .map_err(|e| format!("bit-field '{}': {e}", f.name))?;
                items.push(Item::Bits {
                    name: f.name.clone(),
                    w: w as u64,
                    off: fl.bit_offset,
                    int: bits,
                });
                continue;
            }
            let name = if f.name.is_empty() {
                let mut n;
                loop {
                    n = format!("_anon{anon_n}");
                    anon_n += 1;
                    if !names.contains(n.as_str()) {
                        break;
                    }
                }
                n
            } else {
                f.name.clone()
            };
            match self.value(&f.ty, anon, false) {
                Ok(t) => {
                    let ct = t.ct.unwrap_or(CtLay { size: 0, align: 1 });
                    deps.extend(t.deps.iter().copied());
                    if f.name.is_empty() {
                        anonymous.push(name.clone());
                    }
                    items.push(Item::Value {
                        name,
                        text: t.text,
                        ct,
                        off: fl.bit_offset,
                        note: t.note,
                    });
                }
                Err(e) => {
                    notes.push(format!(
                        "skipped: member '{}': {e} (its bytes are padding)",
                        f.name
                    ));
                    dropped = true;
                }
            }
        }
        let c_lay = c.layout;
        let pack = if s.is_packed {
            Some(1)
        } else {
            s.pack.filter(|&p| p > 0).map(u64::from)
        };
        let mut plan = if !dropped && self.native_ok(s.is_union, &items, pack, c_lay) {
            let mut p = self.native(&items, pack);
            p.ct = Some(CtLay {
                size: c_lay.size,
                align: c_lay.align,
            });
            p
        } else {
            self.explicit(s.is_union, &items, c_lay, &names)
        };
        if !anonymous.is_empty() {
            let list: Vec<String> = anonymous.iter().map(|a| format!("{a:?}")).collect();
            let trailing = if list.len() == 1 { "," } else { "" };
            plan.body
                .push(format!("_anonymous_ = ({}{trailing})", list.join(", ")));
        }
        plan.comments
            .extend(notes.into_iter().map(|n| format!("# {n}")));
        plan.deps = deps;
        Ok(plan)
    }

    /// Whether record `r` holds itself by value, directly or through other records (never
    /// in C; an IR read from JSON can say so, and the layout must not go round forever).
    fn holds_itself(&self, r: usize) -> bool {
        let mut stack = vec![r];
        let mut seen = HashSet::new();
        while let Some(x) = stack.pop() {
            let mut out = Vec::new();
            let mut names = HashSet::new();
            for f in &self.recs[x].s.fields {
                let a = Anon {
                    record: f.anonymous_struct.as_deref(),
                    enumeration: f.anonymous_enum.as_deref(),
                };
                self.by_value_records(&f.ty, a, &mut out, &mut names, 0);
            }
            for y in out {
                if y == r {
                    return true;
                }
                if seen.insert(y) {
                    stack.push(y);
                }
            }
        }
        false
    }

    fn bitfield_type(&self, t: &'a Type, anon: Anon<'a>) -> Result<BitInt, String> {
        let (r, ranon, _) = self.resolve(t, anon);
        let Type::CType { name, .. } = r else {
            return Err("not an integer type".into());
        };
        let it = match layout::base_type(name) {
            Some(BaseType::Int(t)) => t,
            _ => match self.enum_of(name, ranon) {
                Some(Ok(i)) => self.enum_int(self.enums[i].e),
                Some(Err(e)) => self.enum_int(e),
                None => return Err(format!("'{name}' is not an integer type")),
            },
        };
        if matches!(it, IntType::Int128 | IntType::UInt128) {
            return Err("ctypes has no 128-bit bit-fields".into());
        }
        let signed = match it {
            IntType::Char => self.dm.char_signed,
            IntType::SChar | IntType::Short | IntType::Int | IntType::Long | IntType::LongLong => {
                true
            }
            _ => false,
        };
        let lay = self.int_lay(it);
        let native = match it {
            IntType::Char => {
                if signed {
                    "ctypes.c_byte"
                } else {
                    "ctypes.c_ubyte"
                }
            }
            t => int_ctype(t),
        };
        Ok(BitInt {
            native,
            size: lay.size,
            align: lay.align,
            signed,
            is_bool: it == IntType::Bool,
        })
    }

    /// Whether ctypes, given the members as declared (`_pack_` for the record's packing),
    /// places every one where the compiler does, on every Python version: what Python
    /// 3.11–3.13 do (a bit-field continues the open storage unit when its type has the
    /// unit's size and fits; otherwise it opens a unit of its type's size at the next
    /// aligned offset) for runs of bit-fields of one size, which is also what 3.14's
    /// gcc-sysv and ms layouts do there.
    fn native_ok(&self, union: bool, items: &[Item], pack: Option<u64>, c: Layout) -> bool {
        let cap = |a: u64| pack.map_or(a, |p| a.min(p)).max(1);
        let mut align = 1u64;
        if union {
            let mut size = 0u64;
            let mut bits = 0;
            for it in items {
                match it {
                    Item::Value { ct, off, .. } => {
                        if *off != 0 {
                            return false;
                        }
                        size = size.max(ct.size);
                        align = align.max(cap(ct.align));
                    }
                    Item::Bits { int, off, .. } => {
                        bits += 1;
                        if *off != 0 || bits > 1 {
                            return false;
                        }
                        size = size.max(int.size);
                        align = align.max(cap(int.align));
                    }
                }
            }
            return align_up(size, align) == c.size && align == c.align;
        }
        let mut cur = 0u64;
        // open unit: (start byte, size, next bit)
        let mut run: Option<(u64, u64, u64)> = None;
        for it in items {
            match it {
                Item::Value { ct, off, .. } => {
                    let a = cap(ct.align);
                    let o = align_up(cur, a);
                    if o * 8 != *off {
                        return false;
                    }
                    cur = o + ct.size;
                    run = None;
                    align = align.max(a);
                }
                Item::Bits { w, off, int, .. } => {
                    let a = cap(int.align);
                    let placed = match run {
                        Some((start, size, bit)) if size == int.size && bit + w <= size * 8 => {
                            run = Some((start, size, bit + w));
                            start * 8 + bit
                        }
                        Some((_, size, _)) if size != int.size => return false,
                        _ => {
                            let start = align_up(cur, a);
                            run = Some((start, int.size, *w));
                            cur = start + int.size;
                            start * 8
                        }
                    };
                    if placed != *off {
                        return false;
                    }
                    align = align.max(a);
                }
            }
        }
        align_up(cur, align) == c.size && align == c.align
    }

    fn native(&self, items: &[Item], pack: Option<u64>) -> Plan {
        let mut plan = Plan::default();
        if let Some(p) = pack {
            plan.body.push(format!("_pack_ = {p}"));
            plan.body.push("_layout_ = \"ms\"".into());
        }
        for it in items {
            plan.fields.push(match it {
                Item::Value {
                    name, text, note, ..
                } => field_line(name, text, None, note.as_deref()),
                Item::Bits { name, w, int, .. } => field_line(name, int.native, Some(*w), None),
            });
        }
        plan
    }

    /// Members at the compiler's offsets by explicit padding; bit-fields in storage units
    /// of their own; the alignment from a zero-length member or `_align_`.
    fn explicit(&self, union: bool, items: &[Item], c: Layout, names: &HashSet<&str>) -> Plan {
        let mut plan = Plan::default();
        let mut counter = 0;
        let mut fresh = |prefix: &str| loop {
            let n = format!("{prefix}{counter}");
            counter += 1;
            if !names.contains(n.as_str()) {
                return n;
            }
        };
        // the sequence of members and units, with their byte offsets
        let mut seq: Vec<Piece> = Vec::new();
        // units never reach back over a member before them, nor into the next one
        let mut floor = 0u64;
        let ceilings: Vec<u64> = (0..items.len())
            .map(|i| {
                items[i..]
                    .iter()
                    .find_map(|it| match it {
                        Item::Value { off, .. } if !union => Some(off / 8),
                        _ => None,
                    })
                    .unwrap_or(c.size)
            })
            .collect();
        for (idx, it) in items.iter().enumerate() {
            let ceiling = ceilings[idx];
            let fits = |u: Option<(u64, u64)>| u.filter(|(s, k)| s + k <= ceiling);
            match it {
                Item::Value { off, ct, .. } => {
                    seq.push(Piece::Value(it, off / 8));
                    floor = off / 8 + ct.size;
                }
                Item::Bits { w, off, .. } => {
                    if union {
                        seq.push(Piece::Unit(Unit {
                            start: 0,
                            size: min_unit_bits(*w),
                            members: vec![it],
                        }));
                        continue;
                    }
                    // Some(true): merged into the open unit; Some(false): it shares the open
                    // unit's bytes but no unit holds both
                    let merged = match seq.last_mut() {
                        Some(Piece::Unit(u)) if u.start * 8 + u.size * 8 > *off => {
                            let lo = u.start * 8;
                            let hi = (off + w).max(u.start * 8 + u.size * 8);
                            match fits(cover(lo, hi, floor)) {
                                Some((s, k)) => {
                                    u.start = s;
                                    u.size = k;
                                    u.members.push(it);
                                    Some(true)
                                }
                                None => Some(false),
                            }
                        }
                        _ => None,
                    };
                    if merged == Some(false) {
                        plan.comments.push(format!(
                            "# skipped: bit-field '{}': no ctypes storage unit holds it with the \
                             bit-fields before it (its bits are padding)",
                            it.name()
                        ));
                    } else if merged.is_none() {
                        // a new unit starts after the open one
                        if let Some(Piece::Unit(u)) = seq.last() {
                            floor = floor.max(u.start + u.size);
                        }
                        match fits(cover(*off, off + w, floor)) {
                            Some((s, k)) => seq.push(Piece::Unit(Unit {
                                start: s,
                                size: k,
                                members: vec![it],
                            })),
                            None => plan.comments.push(format!(
                                "# skipped: bit-field '{}': no ctypes storage unit holds it \
                                 (its bits are padding)",
                                it.name()
                            )),
                        }
                    }
                }
            }
        }
        // the packing: the largest that keeps every member where the compiler puts it
        let fits = |g: u64| {
            seq.iter().all(|p| {
                let (start, a) = match p {
                    Piece::Value(Item::Value { ct, .. }, o) => (*o, ct.align),
                    Piece::Unit(u) => (u.start, u.size),
                    _ => (0, 1),
                };
                start % a.min(g).max(1) == 0 && a.min(g) <= c.align.max(1)
            })
        };
        let pack = if fits(u64::MAX) {
            None
        } else {
            let mut g = c.align.max(1);
            while g > 1 && !fits(g) {
                g /= 2;
            }
            Some(g)
        };
        let cap = |a: u64| pack.map_or(a, |p| a.min(p)).max(1);
        let mut fields: Vec<String> = Vec::new();
        let mut ct_align = 1u64;
        let mut cur = 0u64;
        let mut prev_unit = false;
        let mut max_size = 0u64;
        for p in &seq {
            match p {
                Piece::Value(
                    Item::Value {
                        name,
                        text,
                        ct,
                        note,
                        ..
                    },
                    o,
                ) => {
                    if !union && *o > cur {
                        fields.push(pad_line(&fresh("_hk_pad"), o - cur));
                    }
                    fields.push(field_line(name, text, None, note.as_deref()));
                    cur = o + ct.size;
                    max_size = max_size.max(ct.size);
                    ct_align = ct_align.max(cap(ct.align));
                    prev_unit = false;
                }
                Piece::Unit(u) => {
                    if !union && u.start > cur {
                        fields.push(pad_line(&fresh("_hk_pad"), u.start - cur));
                    } else if prev_unit {
                        fields.push(format!("(\"{}\", ctypes.c_ubyte * 0),", fresh("_hk_sep")));
                    }
                    let mut bit = u.start * 8;
                    for m in &u.members {
                        let Item::Bits { name, w, off, int } = m else {
                            continue;
                        };
                        let off = if union { 0 } else { *off };
                        if off > bit {
                            let t = unit_type(u.size, false, false);
                            fields.push(field_line(&fresh("_hk_pad"), t, Some(off - bit), None));
                        }
                        let t = unit_type(u.size, int.signed, int.is_bool);
                        fields.push(field_line(name, t, Some(*w), None));
                        bit = off + w;
                    }
                    let end = (u.start + u.size) * 8;
                    if !union && bit < end {
                        let t = unit_type(u.size, false, false);
                        fields.push(field_line(&fresh("_hk_pad"), t, Some(end - bit), None));
                    }
                    cur = u.start + u.size;
                    max_size = max_size.max(u.size);
                    ct_align = ct_align.max(cap(u.size));
                    prev_unit = true;
                }
                _ => {}
            }
        }
        if union {
            if c.size > max_size {
                fields.push(pad_line(&fresh("_hk_pad"), c.size));
            }
        } else if c.size > cur {
            fields.push(pad_line(&fresh("_hk_pad"), c.size - cur));
        }
        if ct_align < c.align {
            let anchor = self
                .anchor_type(c.align)
                .filter(|_| pack.is_none_or(|g| g >= c.align));
            match anchor {
                Some(t) => {
                    fields.insert(0, format!("(\"_hk_align\", {t} * 0),"));
                    ct_align = c.align;
                }
                None => {
                    plan.body.push(format!("_align_ = {}", c.align));
                    plan.comments.push(format!(
                        "# alignment {}: no ctypes type has it; _align_ gives it from Python 3.13",
                        c.align
                    ));
                }
            }
        }
        if let Some(g) = pack {
            plan.body.insert(0, format!("_pack_ = {g}"));
            plan.body.insert(1, "_layout_ = \"ms\"".into());
        }
        plan.comments.insert(
            0,
            format!(
                "# layout of {}: size {}, alignment {} (explicit padding)",
                self.target, c.size, c.align
            ),
        );
        plan.fields = fields;
        plan.ct = Some(CtLay {
            size: align_up(c.size, ct_align),
            align: ct_align,
        });
        plan
    }

    /// A ctypes type of alignment `a` on the target, for a zero-length alignment member.
    fn anchor_type(&self, a: u64) -> Option<&'static str> {
        let dm = &self.dm;
        [
            ("ctypes.c_uint16", dm.short.align),
            ("ctypes.c_uint32", dm.int.align),
            ("ctypes.c_uint64", dm.long_long.align),
            ("ctypes.c_double", dm.double.align),
            ("ctypes.c_void_p", dm.pointer.align),
            ("ctypes.c_longdouble", dm.long_double.align),
        ]
        .into_iter()
        .find(|(_, al)| *al as u64 == a)
        .map(|(t, _)| t)
    }

    // --------------------------------------------------------------------------------------
    // Output

    fn emit(&mut self) -> String {
        let mut out = String::new();
        self.prologue(&mut out);
        let h = self.h;
        let mut taken: HashSet<String> = HashSet::new();

        // Constants
        let mut consts = String::new();
        let mut pointer_consts = Vec::new();
        for d in &h.declarations {
            if let Declaration::Constant(c) = d {
                self.constant(c, &mut consts, &mut pointer_consts, &mut taken);
            }
        }
        section(&mut out, "Constants", &consts);

        // Enums
        let mut enums = String::new();
        for i in 0..self.enums.len() {
            self.enumeration(i, &mut enums, &mut taken);
        }
        section(&mut out, "Enums", &enums);

        // Classes
        let mut classes = String::new();
        for i in 0..self.recs.len() {
            let r = &self.recs[i];
            if r.dropped {
                continue;
            }
            let kind = if r.s.is_union { "Union" } else { "Structure" };
            let plan = match &self.plans[i] {
                PlanState::Done(p) => Some(p),
                _ => None,
            };
            let _ = writeln!(classes, "class {}(ctypes.{kind}):", r.py);
            let why = if !r.full {
                Some(if r.s.is_opaque {
                    "opaque: declared, never defined here".to_string()
                } else {
                    "out of scope and only used through pointers: opaque".to_string()
                })
            } else {
                plan.and_then(|p| p.opaque.clone())
                    .map(|e| format!("skipped members: {e}"))
            };
            match (why, plan) {
                (Some(w), _) => {
                    let _ = writeln!(classes, "    # {w}");
                    classes.push_str("    pass\n\n");
                }
                (None, Some(p)) if !p.body.is_empty() => {
                    for b in &p.body {
                        let _ = writeln!(classes, "    {b}");
                    }
                    classes.push('\n');
                }
                _ => classes.push_str("    pass\n\n"),
            }
        }
        section(
            &mut out,
            "Structures and unions (members are set below)",
            &classes,
        );

        // Typedefs and members, each after what it needs
        // in declaration order (in-scope first), each after what it needs
        let mut nodes: Vec<(usize, Node)> = Vec::new();
        for (i, r) in self.recs.iter().enumerate() {
            if r.full
                && !r.dropped
                && matches!(&self.plans[i], PlanState::Done(p) if p.opaque.is_none())
            {
                nodes.push((r.seq, Node::Fields(i)));
            }
        }
        for (i, a) in self.aliases.iter().enumerate() {
            if !a.same_as_tag && !a.dropped {
                nodes.push((a.seq, Node::Alias(i)));
            }
        }
        nodes.sort_by_key(|(seq, _)| *seq);
        let nodes: Vec<Node> = nodes.into_iter().map(|(_, n)| n).collect();
        let mut rendered: HashMap<Node, (Vec<String>, Vec<Node>)> = HashMap::new();
        for &n in &nodes {
            let r = self.node_text(n, &mut taken);
            rendered.insert(n, r);
        }
        let mut types = String::new();
        let mut state: HashMap<Node, u8> = HashMap::new();
        for &n in &nodes {
            visit(n, &rendered, &mut state, &mut types);
        }
        section(&mut out, "Types: typedefs and members", &types);

        if !pointer_consts.is_empty() {
            section(&mut out, "Pointer constants", &pointer_consts.concat());
        }

        // Functions
        let mut funcs = String::new();
        let mut skipped = String::new();
        for d in &h.declarations {
            if let Declaration::Function(f) = d {
                self.function(f, &mut funcs, &mut skipped, &mut taken);
            }
        }
        if !funcs.is_empty() || !skipped.is_empty() {
            let mut text = String::from("_hk_functions.update({\n");
            text.push_str(&funcs);
            text.push_str("})\n");
            text.push_str(&skipped);
            section(&mut out, "Functions (bound on first use)", &text);
        }

        // Variables
        let mut vars = String::new();
        let mut vskipped = String::new();
        for d in &h.declarations {
            if let Declaration::Variable(v) = d {
                self.variable(v, &mut vars, &mut vskipped, &mut taken);
            }
        }
        if !vars.is_empty() || !vskipped.is_empty() {
            let mut text = String::from("_hk_variables.update({\n");
            text.push_str(&vars);
            text.push_str("})\n");
            text.push_str(&vskipped);
            section(
                &mut out,
                "Global variables (bound on first use, via in_dll)",
                &text,
            );
        }

        // The record classes by their C names
        let mut map = String::from(
            "# Every struct and union with members, by its C spelling.\n_c_types_ = {\n",
        );
        for (i, r) in self.recs.iter().enumerate() {
            if let (Some(sp), PlanState::Done(p)) = (&r.spelling, &self.plans[i])
                && r.full
                && !r.dropped
                && p.opaque.is_none()
            {
                let _ = writeln!(map, "    {}: {},", py_str(sp), r.py);
            }
        }
        map.push_str("}\n");
        section(&mut out, "C names", &map);
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }

    fn prologue(&self, out: &mut String) {
        let path = &self.h.path;
        let lib = &self.set.library;
        let env = &self.set.library_env;
        let lib_name = &self.set.lib_name;
        let _ = write!(
            out,
            r#""""ctypes bindings for {path}, generated by headerkit.

Layouts are the C compiler's for {target}.

The shared library is loaded on first use of a function, a global variable or
`{lib_name}`: the library named by the environment variable {env} (a path, or a
name for ctypes.util.find_library), else ctypes.util.find_library({lib_q}), else
the platform's file name for {lib_q}. If it cannot be loaded, that first use
raises OSError; types and constants work without it.

Functions and global variables are bound lazily: a symbol the library does not
export raises AttributeError when it is used, never when the module is imported.
Global variables are ctypes objects living in the library (use .value). A
variadic function declares its fixed parameters: pass the others as ctypes
objects (ctypes.c_double(x), ctypes.c_long(n)) or as int, bytes, str or None.
`_c_types_` maps the C spelling of every struct and union to its class.
"""

import builtins as _hk_builtins
import ctypes
import ctypes.util
import os as _hk_os
import sys as _hk_sys

_hk_library = {lib_q}
_hk_library_env = {env_q}
_hk_handle = None
_hk_functions = {{}}
_hk_variables = {{}}


def _hk_load():
    """The shared library, loaded on first use."""
    global _hk_handle
    if _hk_handle is not None:
        return _hk_handle
    spec = _hk_os.environ.get(_hk_library_env) or _hk_library
    if _hk_os.sep in spec or spec.endswith((".so", ".dylib", ".dll")) or ".so." in spec:
        candidates = [spec]
    else:
        if _hk_sys.platform == "darwin":
            plain = ["lib%s.dylib" % spec]
        elif _hk_sys.platform == "win32":
            plain = ["%s.dll" % spec, "lib%s.dll" % spec]
        else:
            plain = ["lib%s.so" % spec]
        candidates = [ctypes.util.find_library(spec)] + plain
    errors = []
    for candidate in candidates:
        if candidate:
            try:
                _hk_handle = ctypes.CDLL(candidate)
                return _hk_handle
            except _hk_builtins.OSError as e:
                errors.append(_hk_builtins.str(e))
    raise _hk_builtins.OSError(
        "%s: cannot load the shared library %r (%s); set the environment variable %s "
        "to its path" % (__name__, spec, "; ".join(errors) or "not found", _hk_library_env)
    )


def __getattr__(name):
    if name == {lib_name_q}:
        return _hk_load()
    if name in _hk_functions:
        symbol, restype, argtypes = _hk_functions[name]
        lib = _hk_load()
        try:
            value = lib[symbol]
        except _hk_builtins.AttributeError:
            raise _hk_builtins.AttributeError(
                "%s: %s does not export %s" % (__name__, lib._name, symbol)
            ) from None
        value.restype = restype
        if argtypes is not None:
            value.argtypes = argtypes
    elif name in _hk_variables:
        symbol, ctype = _hk_variables[name]
        lib = _hk_load()
        try:
            value = ctype.in_dll(lib, symbol)
        except _hk_builtins.ValueError:
            raise _hk_builtins.AttributeError(
                "%s: %s does not export %s" % (__name__, lib._name, symbol)
            ) from None
    else:
        raise _hk_builtins.AttributeError(
            "module %r has no attribute %r" % (__name__, name)
        )
    _hk_builtins.globals()[name] = value
    return value


def __dir__():
    names = _hk_builtins.set(_hk_builtins.globals())
    return _hk_builtins.sorted(names | _hk_builtins.set(_hk_functions) | _hk_builtins.set(_hk_variables))

"#,
            target = self.target,
            lib_q = py_str(lib),
            env_q = py_str(env),
            lib_name_q = py_str(lib_name),
        );
    }

    /// The text of a node and what it needs first.
    fn node_text(&mut self, n: Node, taken: &mut HashSet<String>) -> (Vec<String>, Vec<Node>) {
        match n {
            Node::Fields(r) => {
                let p = match &self.plans[r] {
                    PlanState::Done(p) => p.clone(),
                    _ => Plan::default(),
                };
                let py = self.recs[r].py.clone();
                let mut lines = p.comments.clone();
                if p.fields.is_empty() {
                    lines.push(format!("{py}._fields_ = []"));
                } else {
                    lines.push(format!("{py}._fields_ = ["));
                    for f in &p.fields {
                        lines.push(format!("    {f}"));
                    }
                    lines.push("]".into());
                }
                (lines, p.deps)
            }
            Node::Alias(a) => {
                let name = self.aliases[a].td.name.clone();
                let py = self.aliases[a].py.clone();
                taken.insert(py.clone());
                match self.alias_ty(a) {
                    Ok(t) if t.text == py => (Vec::new(), Vec::new()),
                    Ok(t) => {
                        let mut lines = Vec::new();
                        if let Type::Function(_) = self.aliases[a].td.underlying_type {
                            lines.push(format!(
                                "# {name}: a function type; {py} is the type of a pointer to one"
                            ));
                        }
                        if let Some(d) = &self.aliases[a].td.deprecated {
                            lines.push(format!("# deprecated: {}", one_line(d)));
                        }
                        let note = t.note.as_deref().map(|n| format!("  # {}", one_line(n)));
                        lines.push(format!("{py} = {}{}", t.text, note.unwrap_or_default()));
                        (lines, t.deps)
                    }
                    Err(e) => (
                        vec![
                            format!("# skipped: typedef {name}: {}", one_line(&e)),
                            format!("{py} = ctypes.c_void_p  # placeholder: see above"),
                        ],
                        Vec::new(),
                    ),
                }
            }
        }
    }

    fn constant(
        &mut self,
        c: &'a Constant,
        out: &mut String,
        pointers: &mut Vec<String>,
        taken: &mut HashSet<String>,
    ) {
        let Some(v) = &c.value else { return };
        if !is_identifier(&c.name) || is_keyword(&c.name) || self.reserved(&c.name) {
            let _ = writeln!(out, "# skipped: {}: not a usable Python name\n", c.name);
            return;
        }
        if !taken.insert(c.name.clone()) {
            return;
        }
        let text = match v {
            ConstValue::Int(i) => {
                let ptr = c.ty.as_ref().map(|t| self.resolve(t, NO_ANON).0);
                if let Some(Type::Pointer { .. }) = ptr {
                    let bits = self.dm.pointer.size * 8;
                    let addr = (*i).rem_euclid(1i128 << bits);
                    let ty =
                        c.ty.as_ref()
                            .and_then(|t| self.value(t, NO_ANON, false).ok());
                    let line = match ty {
                        Some(t)
                            if t.text.starts_with("ctypes.CFUNCTYPE") || self.is_fn_alias(c) =>
                        {
                            format!("{} = {}({addr:#x})\n\n", c.name, t.text)
                        }
                        Some(t) => format!("{} = ctypes.cast({addr:#x}, {})\n\n", c.name, t.text),
                        None => format!("{} = {i}  # a pointer value\n\n", c.name),
                    };
                    pointers.push(line);
                    return;
                }
                i.to_string()
            }
            ConstValue::Float(f) => py_float(*f),
            ConstValue::Str(s) => match py_string_literal(s) {
                Some(t) => t,
                None => {
                    let _ = writeln!(
                        out,
                        "# skipped: {}: string literal {s} has no Python equivalent\n",
                        c.name
                    );
                    return;
                }
            },
        };
        let _ = writeln!(out, "{} = {text}\n", c.name);
    }

    fn is_fn_alias(&self, c: &Constant) -> bool {
        match &c.ty {
            Some(Type::CType { name, .. }) => self.alias_by_name.get(name.as_str()).is_some_and(
                |&a| {
                    matches!(self.resolve(&self.aliases[a].td.underlying_type, NO_ANON).0,
                        Type::Pointer { pointee, .. } if matches!(self.resolve(pointee, NO_ANON).0, Type::Function(_)))
                },
            ),
            _ => false,
        }
    }

    fn reserved(&self, n: &str) -> bool {
        RESERVED.contains(&n) || n == self.set.lib_name || n.starts_with("_hk_")
    }

    fn enumeration(&self, i: usize, out: &mut String, taken: &mut HashSet<String>) {
        let e = &self.enums[i];
        let it = self.enum_int(e.e);
        let label = match (&e.e.name, e.e.is_typedef) {
            (Some(n), true) => n.clone(),
            (Some(n), false) => format!("enum {n}"),
            (None, _) => "enum (anonymous)".into(),
        };
        let mut text = format!("# {label}\n");
        if let Some(py) = &e.py {
            let _ = writeln!(text, "{py} = {}", int_ctype(it));
        }
        for v in &e.e.values {
            if !is_identifier(&v.name) || is_keyword(&v.name) || self.reserved(&v.name) {
                let _ = writeln!(text, "# skipped: {}: not a usable Python name", v.name);
                continue;
            }
            if !taken.insert(v.name.clone()) {
                continue;
            }
            let _ = writeln!(text, "{} = {}", v.name, v.value);
        }
        if e.py.is_none() && text.lines().count() == 1 {
            return;
        }
        out.push_str(&text);
        out.push('\n');
    }

    fn function(
        &mut self,
        f: &'a Function,
        out: &mut String,
        skipped: &mut String,
        taken: &mut HashSet<String>,
    ) {
        // a keyword is fine as a key of the table (`getattr(module, "yield")`); the
        // names the module itself uses are not
        if self.reserved(&f.name) {
            let _ = writeln!(
                skipped,
                "# skipped: function {}: the module uses that name itself",
                f.name
            );
            return;
        }
        if !taken.insert(f.name.clone()) {
            return;
        }
        if f.is_static {
            let _ = writeln!(
                skipped,
                "# skipped: function {}: static, so the library does not export it",
                f.name
            );
            return;
        }
        let (ret, args) = match self.signature(&f.return_type, &f.parameters, true) {
            Ok(x) => x,
            Err(e) => {
                let _ = writeln!(skipped, "# skipped: function {}: {}", f.name, one_line(&e));
                return;
            }
        };
        let mut notes = Vec::new();
        if let Some(d) = &f.deprecated {
            notes.push(format!("deprecated: {}", one_line(d)));
        }
        if let Some(cc) = &f.calling_convention {
            notes.push(format!("calling convention {cc}"));
        }
        if f.is_variadic {
            notes.push("variadic: pass the other arguments as ctypes objects".into());
        }
        let params: Vec<&str> = f
            .parameters
            .iter()
            .map(|p| p.name.as_deref().unwrap_or("_"))
            .collect();
        if f.parameters.iter().any(|p| p.name.is_some()) {
            notes.insert(0, format!("{}({})", f.name, params.join(", ")));
        }
        for n in notes {
            let _ = writeln!(out, "    # {n}");
        }
        let argtypes = if !f.has_prototype && f.parameters.is_empty() {
            "None".to_string()
        } else {
            let a: Vec<String> = args.into_iter().map(|a| a.text).collect();
            format!("[{}]", a.join(", "))
        };
        let symbol = f.asm_name.as_deref().unwrap_or(&f.name);
        let _ = writeln!(
            out,
            "    {}: ({}, {}, {argtypes}),",
            py_str(&f.name),
            py_str(symbol),
            ret.text
        );
    }

    fn variable(
        &mut self,
        v: &'a Variable,
        out: &mut String,
        skipped: &mut String,
        taken: &mut HashSet<String>,
    ) {
        // a keyword is fine as a key of the table (`getattr(module, "yield")`); the
        // names the module itself uses are not
        if self.reserved(&v.name) {
            let _ = writeln!(
                skipped,
                "# skipped: variable {}: the module uses that name itself",
                v.name
            );
            return;
        }
        if !taken.insert(v.name.clone()) {
            return;
        }
        let why = if v.is_thread_local {
            Some("thread-local: in_dll cannot reach it".to_string())
        } else if v.is_static {
            Some("static, so the library does not export it".to_string())
        } else {
            None
        };
        if let Some(w) = why {
            let _ = writeln!(skipped, "# skipped: variable {}: {w}", v.name);
            return;
        }
        let ty = match &v.ty {
            Type::Pointer { pointee, .. } => self.pointer(pointee, NO_ANON, None, true),
            t => self.value(t, NO_ANON, false),
        };
        match ty {
            Ok(t) => {
                if let Some(d) = &v.deprecated {
                    let _ = writeln!(out, "    # deprecated: {}", one_line(d));
                }
                if let Some(n) = &t.note {
                    let _ = writeln!(out, "    # {}", one_line(n));
                }
                let symbol = v.asm_name.as_deref().unwrap_or(&v.name);
                let _ = writeln!(
                    out,
                    "    {}: ({}, {}),",
                    py_str(&v.name),
                    py_str(symbol),
                    t.text
                );
            }
            Err(e) => {
                let _ = writeln!(skipped, "# skipped: variable {}: {}", v.name, one_line(&e));
            }
        }
    }
}

/// Depth-first emission: what a node needs first, then the node.
fn visit(
    n: Node,
    rendered: &HashMap<Node, (Vec<String>, Vec<Node>)>,
    state: &mut HashMap<Node, u8>,
    out: &mut String,
) {
    // iterative, so deep chains cannot overflow the stack
    let mut stack: Vec<(Node, usize)> = vec![(n, 0)];
    while let Some((cur, i)) = stack.pop() {
        match state.get(&cur) {
            Some(2) => continue,
            Some(1) if i == 0 => continue, // a cycle: the node is being written already
            _ => {}
        }
        state.insert(cur, 1);
        let Some((lines, deps)) = rendered.get(&cur) else {
            state.insert(cur, 2);
            continue;
        };
        if let Some(&d) = deps.get(i) {
            stack.push((cur, i + 1));
            if !state.contains_key(&d) {
                stack.push((d, 0));
            }
            continue;
        }
        state.insert(cur, 2);
        if !lines.is_empty() {
            for l in lines {
                out.push_str(l);
                out.push('\n');
            }
            out.push('\n');
        }
    }
}

fn section(out: &mut String, title: &str, body: &str) {
    if body.trim().is_empty() {
        return;
    }
    out.push_str("\n# ");
    out.push_str(&"=".repeat(76));
    let _ = writeln!(out, "\n# {title}\n# {}\n", "=".repeat(76));
    out.push_str(body);
    if !body.ends_with("\n\n") {
        out.push('\n');
    }
}

// ------------------------------------------------------------------------------------------
// Record pieces

#[derive(Debug, Clone, Copy)]
struct BitInt {
    native: &'static str,
    size: u64,
    align: u64,
    signed: bool,
    is_bool: bool,
}

enum Item {
    Value {
        name: String,
        text: String,
        ct: CtLay,
        /// Offset in bits.
        off: u64,
        note: Option<String>,
    },
    Bits {
        name: String,
        w: u64,
        off: u64,
        int: BitInt,
    },
}

impl Item {
    fn name(&self) -> &str {
        match self {
            Item::Value { name, .. } | Item::Bits { name, .. } => name,
        }
    }
}

struct Unit<'i> {
    start: u64,
    size: u64,
    members: Vec<&'i Item>,
}

enum Piece<'i> {
    Value(&'i Item, u64),
    Unit(Unit<'i>),
}

/// The smallest storage unit (1, 2, 4 or 8 bytes, at an offset that is a multiple of its
/// size if possible) covering bits `lo..hi`.
fn cover(lo: u64, hi: u64, floor: u64) -> Option<(u64, u64)> {
    for k in [1u64, 2, 4, 8] {
        let s = lo / (8 * k) * k;
        if s >= floor && hi <= (s + k) * 8 {
            return Some((s, k));
        }
    }
    for k in [1u64, 2, 4, 8] {
        let s = lo / 8;
        if hi <= (s + k) * 8 {
            return Some((s, k));
        }
    }
    None
}

fn min_unit_bits(w: u64) -> u64 {
    [1u64, 2, 4, 8]
        .into_iter()
        .find(|k| k * 8 >= w)
        .unwrap_or(8)
}

fn unit_type(size: u64, signed: bool, is_bool: bool) -> &'static str {
    match (size, signed) {
        (1, _) if is_bool => "ctypes.c_bool",
        (1, true) => "ctypes.c_int8",
        (1, false) => "ctypes.c_uint8",
        (2, true) => "ctypes.c_int16",
        (2, false) => "ctypes.c_uint16",
        (4, true) => "ctypes.c_int32",
        (4, false) => "ctypes.c_uint32",
        (_, true) => "ctypes.c_int64",
        (_, false) => "ctypes.c_uint64",
    }
}

fn field_line(name: &str, ty: &str, bits: Option<u64>, note: Option<&str>) -> String {
    let mut s = format!("({}, {ty}", py_str(name));
    if let Some(b) = bits {
        let _ = write!(s, ", {b}");
    }
    s.push_str("),");
    if let Some(n) = note {
        let _ = write!(s, "  # {}", one_line(n));
    }
    s
}

fn pad_line(name: &str, n: u64) -> String {
    format!("(\"{name}\", ctypes.c_ubyte * {n}),")
}

fn align_up(v: u64, a: u64) -> u64 {
    if a <= 1 { v } else { v.div_ceil(a) * a }
}

// ------------------------------------------------------------------------------------------
// Python spellings

fn int_ctype(t: IntType) -> &'static str {
    match t {
        IntType::Bool => "ctypes.c_bool",
        IntType::Char => "ctypes.c_char",
        IntType::SChar => "ctypes.c_byte",
        IntType::UChar => "ctypes.c_ubyte",
        IntType::Short => "ctypes.c_short",
        IntType::UShort => "ctypes.c_ushort",
        IntType::Int => "ctypes.c_int",
        IntType::UInt => "ctypes.c_uint",
        IntType::Long => "ctypes.c_long",
        IntType::ULong => "ctypes.c_ulong",
        IntType::LongLong => "ctypes.c_longlong",
        IntType::ULongLong => "ctypes.c_ulonglong",
        // not reached for values (raw bytes); enums never need 128 bits in practice
        IntType::Int128 | IntType::UInt128 => "ctypes.c_longlong",
    }
}

fn float_ctype(f: FloatType) -> &'static str {
    match f {
        FloatType::Float => "ctypes.c_float",
        FloatType::Double => "ctypes.c_double",
        FloatType::LongDouble => "ctypes.c_longdouble",
    }
}

/// A name usable as a Python identifier (generated names only).
fn sanitize(s: &str) -> String {
    let mut o: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if o.is_empty() || o.starts_with(|c: char| c.is_ascii_digit()) {
        o.insert(0, '_');
    }
    o
}

/// A Python string literal (double quotes, ASCII only).
fn py_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if (' '..='~').contains(&c) => o.push(c),
            c if (c as u32) < 0x100 => {
                let _ = write!(o, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(o, "\\U{:08x}", c as u32);
            }
        }
    }
    o.push('"');
    o
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn py_float(f: f64) -> String {
    if f.is_nan() {
        "float(\"nan\")".into()
    } else if f.is_infinite() {
        if f > 0.0 {
            "float(\"inf\")".into()
        } else {
            "-float(\"inf\")".into()
        }
    } else {
        let s = format!("{f:?}");
        if s.contains(['.', 'e', 'E']) {
            s
        } else {
            format!("{s}.0")
        }
    }
}

/// The Python value of a C string literal (with its prefix and quotes, as written): `bytes`
/// for plain and `u8` strings (UTF-8), `str` for wide ones. `None` when it cannot be read.
fn py_string_literal(lit: &str) -> Option<String> {
    let (prefix, rest) = match lit.find('"') {
        Some(i) => (&lit[..i], &lit[i..]),
        None => return None,
    };
    let wide = match prefix {
        "" | "u8" => false,
        "L" | "u" | "U" => true,
        _ => return None,
    };
    let body = rest.strip_prefix('"')?.strip_suffix('"')?;
    // code units (narrow: bytes; wide: code points)
    let mut units: Vec<u32> = Vec::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            if wide {
                units.push(c as u32);
            } else {
                let mut buf = [0u8; 4];
                units.extend(c.encode_utf8(&mut buf).bytes().map(u32::from));
            }
            continue;
        }
        let e = chars.next()?;
        let v = match e {
            'n' => 10,
            't' => 9,
            'r' => 13,
            'a' => 7,
            'b' => 8,
            'f' => 12,
            'v' => 11,
            'e' | 'E' => 27,
            '\\' | '\'' | '"' | '?' => e as u32,
            '0'..='7' => {
                let mut v = e.to_digit(8)?;
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                v
            }
            'x' => {
                let mut v: u64 = 0;
                let mut n = 0;
                while let Some(d) = chars.peek().and_then(|c| c.to_digit(16)) {
                    v = v.checked_mul(16)?.checked_add(d as u64)?;
                    chars.next();
                    n += 1;
                }
                if n == 0 {
                    return None;
                }
                u32::try_from(v).ok()?
            }
            'u' | 'U' => {
                let n = if e == 'u' { 4 } else { 8 };
                let mut v = 0u32;
                for _ in 0..n {
                    v = v * 16 + chars.next()?.to_digit(16)?;
                }
                if wide {
                    v
                } else {
                    let c = char::from_u32(v)?;
                    let mut buf = [0u8; 4];
                    units.extend(c.encode_utf8(&mut buf).bytes().map(u32::from));
                    continue;
                }
            }
            _ => return None,
        };
        if !wide && v > 0xFF {
            return None;
        }
        units.push(v);
    }
    let mut o = String::new();
    if wide {
        o.push('"');
        for u in units {
            let c = char::from_u32(u)?;
            match c {
                '"' => o.push_str("\\\""),
                '\\' => o.push_str("\\\\"),
                c if (' '..='~').contains(&c) => o.push(c),
                c if (c as u32) < 0x100 => {
                    let _ = write!(o, "\\x{:02x}", c as u32);
                }
                c if (c as u32) < 0x10000 => {
                    let _ = write!(o, "\\u{:04x}", c as u32);
                }
                c => {
                    let _ = write!(o, "\\U{:08x}", c as u32);
                }
            }
        }
        o.push('"');
    } else {
        o.push_str("b\"");
        for u in units {
            match u {
                0x22 => o.push_str("\\\""),
                0x5C => o.push_str("\\\\"),
                0x20..=0x7E => o.push(u as u8 as char),
                _ => {
                    let _ = write!(o, "\\x{u:02x}");
                }
            }
        }
        o.push('"');
    }
    Some(o)
}

// ------------------------------------------------------------------------------------------
// Walking the IR

fn collect_tags(t: &Type, out: &mut Vec<(String, bool)>, in_scope: bool) {
    match t {
        Type::CType { name, .. } => {
            if (name.starts_with("struct ") || name.starts_with("union "))
                && !out.iter().any(|(n, _)| n == name)
            {
                out.push((name.clone(), in_scope));
            }
        }
        Type::Pointer { pointee, .. } => collect_tags(pointee, out, in_scope),
        Type::Array { element, .. } => collect_tags(element, out, in_scope),
        Type::Function(f) => {
            collect_tags(&f.return_type, out, in_scope);
            for p in &f.parameters {
                collect_tags(&p.ty, out, in_scope);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Field;

    #[test]
    fn string_literals() {
        assert_eq!(
            py_string_literal("\"a\\x41\\nb\"").unwrap(),
            "b\"aA\\x0ab\""
        );
        assert_eq!(
            py_string_literal("\"q\\\"\\\\\"").unwrap(),
            "b\"q\\\"\\\\\""
        );
        assert_eq!(py_string_literal("\"\\101\\0\"").unwrap(), "b\"A\\x00\"");
        assert_eq!(py_string_literal("L\"w\\u00e9\"").unwrap(), "\"w\\xe9\"");
        assert_eq!(
            py_string_literal("u8\"\\u00e9\"").unwrap(),
            "b\"\\xc3\\xa9\""
        );
        assert_eq!(py_string_literal("\"é\"").unwrap(), "b\"\\xc3\\xa9\"");
        assert!(py_string_literal("\"\\x100\"").is_none());
        assert!(py_string_literal("\"\\q\"").is_none());
        assert!(py_string_literal("abc").is_none());
    }

    #[test]
    fn floats_and_names() {
        assert_eq!(py_float(1.5), "1.5");
        assert_eq!(py_float(1e300), "1e300");
        assert_eq!(py_float(f64::INFINITY), "float(\"inf\")");
        assert_eq!(default_env("libpq-fe"), "LIBPQ_FE_CTYPES_LIBRARY");
        assert_eq!(default_library("libpq-fe"), "pq-fe");
        assert_eq!(default_library("zlib"), "zlib");
        assert_eq!(header_stem("/usr/include/zlib.h"), "zlib");
        assert!(is_identifier("_a1") && !is_identifier("1a") && !is_identifier("a$"));
    }

    fn settings() -> Settings {
        Settings {
            lib_name: "_lib".into(),
            library: "x".into(),
            library_env: "X_CTYPES_LIBRARY".into(),
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

    /// Pointer-typed constants (an IR read from JSON can carry them) are ctypes pointers of
    /// their type, written after the types.
    #[test]
    fn pointer_constants() {
        let fp = Type::pointer_to(Type::Function(Box::new(FunctionType {
            return_type: Type::named("void"),
            parameters: vec![],
            is_variadic: false,
            has_prototype: true,
            calling_convention: None,
        })));
        let konst = |name: &str, v: i128, ty: Type| {
            Declaration::Constant(Constant {
                name: name.into(),
                value: Some(ConstValue::Int(v)),
                ty: Some(ty),
                is_macro: true,
                raw_expression: None,
                location: None,
            })
        };
        let h = Header {
            path: "p.h".into(),
            target: "x86_64-unknown-linux-gnu".into(),
            declarations: vec![
                Declaration::Typedef(Typedef {
                    name: "dtor".into(),
                    underlying_type: fp,
                    anonymous_struct: None,
                    anonymous_enum: None,
                    deprecated: None,
                    location: None,
                }),
                konst("TRANSIENT", -1, Type::named("dtor")),
                konst("NUL", 0, Type::pointer_to(Type::named("void"))),
                konst("ADDR", 4096, Type::pointer_to(Type::named("int"))),
            ],
            ..Default::default()
        };
        let out = render(&h, &settings());
        assert!(
            out.contains("TRANSIENT = dtor(0xffffffffffffffff)"),
            "{out}"
        );
        assert!(
            out.contains("NUL = ctypes.cast(0x0, ctypes.c_void_p)"),
            "{out}"
        );
        assert!(out.contains("ADDR = ctypes.cast(0x1000, ctypes.POINTER(ctypes.c_int))"));
        assert!(out.find("dtor = ").unwrap() < out.find("TRANSIENT = ").unwrap());
    }

    /// IR no compiler would produce (a record that holds itself, a typedef of itself, unknown
    /// names) still renders, with the records left opaque.
    #[test]
    fn impossible_ir_renders() {
        let rec = |name: &str, fields: Vec<Field>| {
            Declaration::Struct(Struct {
                name: Some(name.into()),
                fields,
                ..Default::default()
            })
        };
        let h = Header {
            path: "bad.h".into(),
            declarations: vec![
                rec("loop", vec![field("me", Type::named("struct loop"))]),
                rec("a", vec![field("b", Type::named("struct b"))]),
                rec("b", vec![field("a", Type::named("struct a"))]),
                rec("unk", vec![field("x", Type::named("no_such_type"))]),
                Declaration::Typedef(Typedef {
                    name: "self_t".into(),
                    underlying_type: Type::named("self_t"),
                    anonymous_struct: None,
                    anonymous_enum: None,
                    deprecated: None,
                    location: None,
                }),
                rec("uses_self", vec![field("s", Type::named("self_t"))]),
            ],
            target: "bogus-target".into(),
            ..Default::default()
        };
        let out = render(&h, &settings());
        assert!(out.contains("class loop(ctypes.Structure):"));
        assert!(!out.contains("loop._fields_"), "{out}");
        assert!(!out.contains("unk._fields_"), "{out}");
    }

    #[test]
    fn units() {
        assert_eq!(cover(0, 4, 0), Some((0, 1)));
        assert_eq!(cover(6, 12, 0), Some((0, 2)));
        assert_eq!(cover(12, 40, 0), Some((0, 8)));
        assert_eq!(cover(8, 72, 0), Some((1, 8)));
        assert_eq!(cover(9, 80, 0), None);
        // `char c; unsigned a : 4, b : 12;`: the unit cannot take c's byte
        assert_eq!(cover(8, 24, 1), Some((1, 2)));
    }
}
