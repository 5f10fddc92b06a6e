//! The `cython` writer: a `.pxd` that declares the header for `cimport`, in one
//! `cdef extern from "<header>":` block (the way Cython's own `libc/*.pxd` are written):
//!
//! * structs and unions with their members (anonymous members flattened into the parent, as C
//!   lets code name them; bit-fields as plain members marked `# bit-field`; a named member of
//!   an anonymous struct, union or enum type gets a named type whose C name is
//!   `__typeof__(...)` of that member), enums, typedefs, functions (variadic, function pointers
//!   and arrays in every position through a real declarator printer), globals;
//! * integer macros as `enum: NAME` (type `int`) or `const T NAME`, floating macros as
//!   `const double NAME`, string macros as `const char* NAME`;
//! * standard types from Cython's own `libc.*`/`posix.*` (`uint8_t`, `FILE`, `off_t`, `struct
//!   stat` as `struct_stat`, `_Bool` as `libc.stdbool.bool`...), `size_t`/`ssize_t`/`ptrdiff_t`
//!   as Cython's builtins; every other out-of-scope type the declarations use is declared just
//!   enough in the same block (`ctypedef unsigned int socklen_t`, `ctypedef struct DIR`, a
//!   `pass` body for a complete record, `ctypedef struct va_list: pass`), so the `.pxd` needs
//!   nothing of ours;
//! * C identifiers that are Python or Cython keywords (`def`, `in`, `cdef`, `object`, `gil`...)
//!   get a trailing `_` and keep their C name as a Cython name string (`int in_ "in"`); a
//!   struct, union or enum tag whose name is also an ordinary identifier becomes
//!   `struct_NAME "NAME"` (Cython has one namespace where C has two).
//!
//! Forward declarations (`cdef struct X`) come first, then the out-of-scope types, then the
//! header's declarations in source order. What Cython cannot express (`__int128`, `_Float128`,
//! vector types, an array size that is not a constant, a member that is also an object-like
//! macro) is skipped with a `# skipped: ...` comment; whatever uses a skipped typedef is
//! skipped too. Function-like macros are not declared. Calling conventions are not written.
//!
//! Options: `include` (the name in `cdef extern from`, see [`include_spelling`]),
//! `stub_cimport_prefix` (cimport `va_list` and the socket types from stub modules under this
//! package, as the reference tool's stubs are laid out: `PREFIX.stdarg`, `PREFIX.sys_socket`,
//! ...), `nogil` (declare the block `nogil`).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::{OptionKind, OptionSpec, Writer, WriterOptions};
use crate::ir::{
    ArraySize, ConstValue, Constant, Declaration, Enum, Field, Function, FunctionType, Header,
    Parameter, Struct, Type, Typedef, Variable, is_anonymous_keyword, tag_of,
};

pub struct CythonWriter;

const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "include",
        kind: OptionKind::Str,
        help: "the header as C code includes it, for 'cdef extern from' (default: its path \
               after an 'include' directory, else as given when relative, else its file name)",
    },
    OptionSpec {
        name: "stub_cimport_prefix",
        kind: OptionKind::Str,
        help: "package to cimport va_list and socket types from (PREFIX.stdarg, \
               PREFIX.sys_socket, PREFIX.netinet_in, ...) instead of declaring them",
    },
    OptionSpec {
        name: "nogil",
        kind: OptionKind::Bool,
        help: "declare the extern block nogil (default false)",
    },
];

impl Writer for CythonWriter {
    fn name(&self) -> &'static str {
        "cython"
    }

    fn description(&self) -> &'static str {
        "Cython .pxd declarations (cdef extern from the header)"
    }

    fn extension(&self) -> &'static str {
        ".pxd"
    }

    fn options(&self) -> &'static [OptionSpec] {
        OPTIONS
    }

    fn check_options(&self, opts: &WriterOptions) -> Result<(), String> {
        if let Some(inc) = opts.str("include") {
            check_include(inc)?;
        }
        if let Some(p) = opts.str("stub_cimport_prefix")
            && !p.split('.').all(is_identifier)
        {
            return Err(format!(
                "bad value '{p}' for option 'stub_cimport_prefix': expected a dotted module \
                 name (pkg.stubs)"
            ));
        }
        Ok(())
    }

    fn write(&self, header: &Header, opts: &WriterOptions) -> Result<Vec<u8>, String> {
        let include = match opts.str("include") {
            Some(s) => s.to_string(),
            None => include_spelling(&header.path),
        };
        check_include(&include)?;
        self.check_options(opts)?;
        let cfg = Config {
            include,
            stub_prefix: opts.str("stub_cimport_prefix").map(str::to_string),
            nogil: opts.bool("nogil", false),
        };
        Ok(render(header, &cfg).into_bytes())
    }
}

/// What `render` needs besides the header.
pub struct Config {
    /// The name written in `cdef extern from "..."`.
    pub include: String,
    pub stub_prefix: Option<String>,
    pub nogil: bool,
}

fn check_include(inc: &str) -> Result<(), String> {
    if inc.is_empty() || inc.contains(['"', '\\', '\n', '\r']) {
        return Err(format!(
            "cannot write the header name '{inc}' in a Cython string: name it with \
             --writer-opt cython:include=NAME"
        ));
    }
    Ok(())
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// The header's name as C code would `#include` it, from its path: the part after the first
/// directory called `include` and a multiarch directory after it (`/usr/include/nng/nng.h` →
/// `nng/nng.h`, `/usr/include/x86_64-linux-gnu/curl/curl.h` → `curl/curl.h`), else the path as
/// given when it is relative (`src/demo.h`), else the file name (the C compiler then needs `-I`
/// of its directory). The writer option `include` overrides it.
pub fn include_spelling(path: &str) -> String {
    let p = path.replace('\\', "/");
    let parts: Vec<&str> = p
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    if let Some(i) = parts.iter().position(|c| *c == "include") {
        let mut rest = &parts[i + 1..];
        if rest.len() > 1 && is_multiarch(rest[0]) {
            rest = &rest[1..];
        }
        if !rest.is_empty() {
            return rest.join("/");
        }
    }
    let absolute = p.starts_with('/') || (p.len() > 2 && p.as_bytes()[1] == b':');
    if absolute {
        parts.last().map(|s| s.to_string()).unwrap_or_default()
    } else {
        parts.join("/")
    }
}

/// A multiarch directory name (`x86_64-linux-gnu`, `aarch64-linux-musl`, `arm-linux-gnueabihf`).
fn is_multiarch(dir: &str) -> bool {
    dir.matches('-').count() >= 2
        && ["linux", "gnu", "musl", "darwin", "bsd", "mingw", "android"]
            .iter()
            .any(|os| dir.contains(os))
}

// ------------------------------------------------------------------------------------------
// Names Cython reserves, types it knows

/// Identifiers a `.pxd` cannot use as declared names: Python's keywords and Cython's
/// (reserved, or special in declarations).
#[rustfmt::skip]
const RESERVED: &[&str] = &[
    // Python
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "exec", "finally", "for", "from",
    "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "print",
    "raise", "return", "try", "while", "with", "yield",
    // Cython
    "DEF", "ELIF", "ELSE", "IF", "NULL", "Py_UCS4", "Py_UNICODE", "Py_hash_t", "Py_ssize_t",
    "Py_tss_t", "api", "bint", "by", "cdef", "check_size", "cimport", "complex", "const",
    "cpdef", "cppclass", "ctypedef", "cython", "enum", "extern", "fused", "gil", "include",
    "inline", "namespace", "new", "noexcept", "nogil", "object", "operator", "packed",
    "private", "property", "ptrdiff_t", "public", "readonly", "signed", "size_t", "sizeof",
    "ssize_t", "struct", "typeof", "union", "unsigned", "volatile",
];

fn is_reserved(name: &str) -> bool {
    RESERVED.contains(&name)
}

/// C types Cython's standard library declares: (C name or tag, module, Cython name).
const CIMPORTS: &[(&str, &str, &str)] = &[
    ("_Bool", "libc.stdbool", "bool"),
    ("int8_t", "libc.stdint", "int8_t"),
    ("int16_t", "libc.stdint", "int16_t"),
    ("int32_t", "libc.stdint", "int32_t"),
    ("int64_t", "libc.stdint", "int64_t"),
    ("uint8_t", "libc.stdint", "uint8_t"),
    ("uint16_t", "libc.stdint", "uint16_t"),
    ("uint32_t", "libc.stdint", "uint32_t"),
    ("uint64_t", "libc.stdint", "uint64_t"),
    ("int_least8_t", "libc.stdint", "int_least8_t"),
    ("int_least16_t", "libc.stdint", "int_least16_t"),
    ("int_least32_t", "libc.stdint", "int_least32_t"),
    ("int_least64_t", "libc.stdint", "int_least64_t"),
    ("uint_least8_t", "libc.stdint", "uint_least8_t"),
    ("uint_least16_t", "libc.stdint", "uint_least16_t"),
    ("uint_least32_t", "libc.stdint", "uint_least32_t"),
    ("uint_least64_t", "libc.stdint", "uint_least64_t"),
    ("int_fast8_t", "libc.stdint", "int_fast8_t"),
    ("int_fast16_t", "libc.stdint", "int_fast16_t"),
    ("int_fast32_t", "libc.stdint", "int_fast32_t"),
    ("int_fast64_t", "libc.stdint", "int_fast64_t"),
    ("uint_fast8_t", "libc.stdint", "uint_fast8_t"),
    ("uint_fast16_t", "libc.stdint", "uint_fast16_t"),
    ("uint_fast32_t", "libc.stdint", "uint_fast32_t"),
    ("uint_fast64_t", "libc.stdint", "uint_fast64_t"),
    ("intptr_t", "libc.stdint", "intptr_t"),
    ("uintptr_t", "libc.stdint", "uintptr_t"),
    ("intmax_t", "libc.stdint", "intmax_t"),
    ("uintmax_t", "libc.stdint", "uintmax_t"),
    ("wchar_t", "libc.stddef", "wchar_t"),
    ("FILE", "libc.stdio", "FILE"),
    ("fpos_t", "libc.stdio", "fpos_t"),
    ("time_t", "libc.time", "time_t"),
    ("clock_t", "libc.time", "clock_t"),
    ("struct tm", "libc.time", "tm"),
    ("struct timespec", "libc.time", "timespec"),
    ("jmp_buf", "libc.setjmp", "jmp_buf"),
    ("sigjmp_buf", "libc.setjmp", "sigjmp_buf"),
    ("sig_atomic_t", "libc.signal", "sig_atomic_t"),
    ("div_t", "libc.stdlib", "div_t"),
    ("ldiv_t", "libc.stdlib", "ldiv_t"),
    ("lldiv_t", "libc.stdlib", "lldiv_t"),
    ("struct lconv", "libc.locale", "lconv"),
    ("blkcnt_t", "posix.types", "blkcnt_t"),
    ("blksize_t", "posix.types", "blksize_t"),
    ("clockid_t", "posix.types", "clockid_t"),
    ("dev_t", "posix.types", "dev_t"),
    ("gid_t", "posix.types", "gid_t"),
    ("id_t", "posix.types", "id_t"),
    ("ino_t", "posix.types", "ino_t"),
    ("mode_t", "posix.types", "mode_t"),
    ("nlink_t", "posix.types", "nlink_t"),
    ("off_t", "posix.types", "off_t"),
    ("pid_t", "posix.types", "pid_t"),
    ("sigset_t", "posix.types", "sigset_t"),
    ("suseconds_t", "posix.types", "suseconds_t"),
    ("timer_t", "posix.types", "timer_t"),
    ("uid_t", "posix.types", "uid_t"),
    ("struct stat", "posix.stat", "struct_stat"),
    ("fd_set", "posix.select", "fd_set"),
    ("struct timeval", "posix.time", "timeval"),
    ("struct timezone", "posix.time", "timezone"),
    ("struct itimerval", "posix.time", "itimerval"),
    ("struct itimerspec", "posix.time", "itimerspec"),
    ("struct iovec", "posix.uio", "iovec"),
    ("rlim_t", "posix.resource", "rlim_t"),
    ("struct rlimit", "posix.resource", "rlimit"),
    ("struct rusage", "posix.resource", "rusage"),
    ("union sigval", "posix.signal", "sigval"),
    ("struct sigevent", "posix.signal", "sigevent"),
    ("siginfo_t", "posix.signal", "siginfo_t"),
    ("struct sigaction", "posix.signal", "sigaction_t"),
    ("stack_t", "posix.signal", "stack_t"),
    ("useconds_t", "posix.unistd", "useconds_t"),
    ("struct flock", "posix.fcntl", "flock"),
];

/// With `stub_cimport_prefix`: the types the reference tool's stub modules declare, and the
/// module (under the prefix) each is cimported from.
const STUBS: &[(&str, &str, &str)] = &[
    ("va_list", "stdarg", "va_list"),
    ("socklen_t", "sys_socket", "socklen_t"),
    ("sa_family_t", "sys_socket", "sa_family_t"),
    ("struct sockaddr", "sys_socket", "sockaddr"),
    ("struct sockaddr_storage", "sys_socket", "sockaddr_storage"),
    ("struct sockaddr_un", "sys_un", "sockaddr_un"),
    ("in_port_t", "netinet_in", "in_port_t"),
    ("in_addr_t", "netinet_in", "in_addr_t"),
    ("struct in_addr", "netinet_in", "in_addr"),
    ("struct in6_addr", "netinet_in", "in6_addr"),
    ("struct sockaddr_in", "netinet_in", "sockaddr_in"),
    ("struct sockaddr_in6", "netinet_in", "sockaddr_in6"),
    ("struct statvfs", "sys_statvfs", "statvfs"),
    ("fsblkcnt_t", "sys_statvfs", "fsblkcnt_t"),
    ("fsfilcnt_t", "sys_statvfs", "fsfilcnt_t"),
];

/// Types Cython has built in under their C names.
const BUILTIN_TYPEDEFS: &[&str] = &["size_t", "ssize_t", "ptrdiff_t"];

/// The Cython spelling of a base type name: `None` when `name` is not a base type,
/// `Some(Err(reason))` when Cython cannot express it.
fn base_spelling(name: &str) -> Option<Result<&'static str, String>> {
    Some(Ok(match name {
        "void" => "void",
        "char" => "char",
        "signed char" => "signed char",
        "unsigned char" => "unsigned char",
        "short" => "short",
        "unsigned short" => "unsigned short",
        "int" => "int",
        "unsigned int" => "unsigned int",
        "long" => "long",
        "unsigned long" => "unsigned long",
        "long long" => "long long",
        "unsigned long long" => "unsigned long long",
        "float" => "float",
        "double" => "double",
        "long double" => "long double",
        "_Complex float" | "float _Complex" => "float complex",
        "_Complex double" | "double _Complex" => "double complex",
        "_Complex long double" | "long double _Complex" => "long double complex",
        n if unsupported(n) => return Some(Err(format!("Cython has no type '{n}'"))),
        _ => return None,
    }))
}

fn unsupported(n: &str) -> bool {
    matches!(
        n,
        "__int128"
            | "unsigned __int128"
            | "__int128_t"
            | "__uint128_t"
            | "_Float16"
            | "_Float128"
            | "_Float128x"
            | "__float128"
            | "__bf16"
            | "__fp16"
            | "__ibm128"
    ) || n.starts_with("_Decimal")
        || n.starts_with("_Complex")
        || n.ends_with("_Complex")
        || n.contains("__attribute__")
}

/// TS 18661 types C keeps apart from `float`/`double`, declared under their own names:
/// (name, the Cython type they are declared as).
fn float_ext(name: &str) -> Option<&'static str> {
    Some(match name {
        "_Float32" => "float",
        "_Float64" | "_Float32x" => "double",
        "_Float64x" => "long double",
        _ => return None,
    })
}

fn is_va_list_builtin(name: &str) -> bool {
    name == "__builtin_va_list"
}

fn tag_key(is_union: bool, name: &str) -> String {
    format!("{} {name}", if is_union { "union" } else { "struct" })
}

fn tag_name(key: &str) -> &str {
    key.split_once(' ').map(|(_, n)| n).unwrap_or(key)
}

/// `cy "c"` when the Cython name differs from the C name, else `cy`.
fn named(cy: &str, c: &str) -> String {
    if cy == c {
        cy.to_string()
    } else {
        format!("{cy} \"{c}\"")
    }
}

fn quals(q: &[String]) -> String {
    let mut s = String::new();
    for q in q {
        let q = match q.as_str() {
            "const" | "__const" | "__const__" => "const",
            "volatile" | "__volatile" | "__volatile__" => "volatile",
            // restrict and _Atomic change nothing Cython checks
            _ => continue,
        };
        if !s.contains(q) {
            s.push_str(q);
            s.push(' ');
        }
    }
    s
}

/// `base` and a declarator in Cython's usual layout: `char* name`, `int (*cb)(int)`.
fn join(base: &str, d: &str) -> String {
    if d.is_empty() {
        return base.to_string();
    }
    let stars = d.len() - d.trim_start_matches('*').len();
    if stars == 0 {
        return format!("{base} {d}");
    }
    let rest = d[stars..].trim_start();
    if rest.is_empty() {
        format!("{base}{}", &d[..stars])
    } else {
        format!("{base}{} {rest}", &d[..stars])
    }
}

/// An lvalue expression of the anonymous type inside `ty`, starting from the lvalue `lv` of
/// type `ty` (`(lv)[0]` through arrays, `*(lv)` through pointers), for `__typeof__`.
fn anon_path(lv: String, ty: &Type) -> Option<String> {
    match ty {
        Type::CType { name, .. } if is_anonymous_keyword(name) => Some(lv),
        Type::Array { element, .. } => anon_path(format!("({lv})[0]"), element),
        Type::Pointer { pointee, .. } => anon_path(format!("(*{lv})"), pointee),
        _ => None,
    }
}

const IN: &str = "    ";
const IN2: &str = "        ";

// ------------------------------------------------------------------------------------------
// The writer's state

struct Cx<'a> {
    h: &'a Header,
    cfg: &'a Config,
    /// Cython names taken.
    used: HashSet<String>,
    /// C ordinary identifier (typedef, function, variable, enumerator, constant) → Cython name.
    ord: HashMap<String, String>,
    /// Tag (`struct X`) → Cython name.
    tags: HashMap<String, String>,
    /// In-scope typedefs by name (the first of each).
    typedefs: HashMap<&'a str, &'a Typedef>,
    /// Typedef names that stand for the tag of the same name (`typedef struct X X;`, a typedef'd
    /// record whose tag is used): name → tag.
    merged: HashMap<String, String>,
    /// Typedef'd records and enums written as `ctypedef struct NAME:` (no tag in use).
    ctypedef_records: HashSet<String>,
    /// In-scope tags (declared or defined here).
    scope_tags: HashSet<String>,
    /// Tags the header's declarations write as `struct X`.
    tag_refs: HashSet<String>,
    /// C names the header declares other than as macros (a macro of the same name, such as
    /// `#define E_ONE E_ONE`, is not written again).
    declared: HashSet<String>,
    /// In-scope functions named `__NAME`, as `NAME` (see `macro_like`).
    dunder_functions: HashSet<&'a str>,
    cimports: BTreeMap<String, BTreeSet<String>>,
    cimported: HashMap<(String, String), String>,
    /// Tags whose definition (or out-of-scope declaration) is written, or being written.
    defined: HashSet<String>,
    /// Tags needing a `cdef struct X` line at the top, in order of need.
    forward: Vec<String>,
    /// Enums used before their definition, written at the top.
    hoisted: Vec<String>,
    /// Out-of-scope declarations, in dependency order.
    deps: Vec<String>,
    /// Out-of-scope names declared: C name → Cython name.
    dep_names: HashMap<String, String>,
    /// The header's declarations.
    items: Vec<String>,
    /// Its macro constants (written last, in their own section).
    constants: Vec<String>,
    /// C ordinary names written (no second declaration).
    emitted: HashSet<String>,
    bad_memo: HashMap<String, Option<String>>,
}

/// The `.pxd` text for `header`.
pub fn render(h: &Header, cfg: &Config) -> String {
    let mut cx = Cx::new(h, cfg);
    for d in &h.declarations {
        cx.declaration(d);
    }
    cx.finish()
}

impl<'a> Cx<'a> {
    fn new(h: &'a Header, cfg: &'a Config) -> Cx<'a> {
        let mut cx = Cx {
            h,
            cfg,
            used: HashSet::new(),
            ord: HashMap::new(),
            tags: HashMap::new(),
            typedefs: HashMap::new(),
            merged: HashMap::new(),
            ctypedef_records: HashSet::new(),
            scope_tags: HashSet::new(),
            tag_refs: HashSet::new(),
            declared: HashSet::new(),
            dunder_functions: HashSet::new(),
            cimports: BTreeMap::new(),
            cimported: HashMap::new(),
            defined: HashSet::new(),
            forward: Vec::new(),
            hoisted: Vec::new(),
            deps: Vec::new(),
            dep_names: HashMap::new(),
            items: Vec::new(),
            constants: Vec::new(),
            emitted: HashSet::new(),
            bad_memo: HashMap::new(),
        };
        for d in &h.declarations {
            d.for_each_type(&mut |t| t.collect_tags(&mut cx.tag_refs));
        }
        for d in &h.declarations {
            match d {
                Declaration::Typedef(t) => {
                    cx.typedefs.entry(&t.name).or_insert(t);
                    if let Type::CType { name, qualifiers } = &t.underlying_type
                        && qualifiers.is_empty()
                        && tag_of(name).is_some()
                        && tag_name(name) == t.name
                    {
                        cx.merged.insert(t.name.clone(), name.clone());
                    }
                }
                Declaration::Struct(s) => {
                    if let Some(n) = &s.name {
                        let key = tag_key(s.is_union, n);
                        if s.is_typedef && !s.is_opaque && !cx.tag_refs.contains(&key) {
                            cx.ctypedef_records.insert(n.clone());
                        } else {
                            if s.is_typedef {
                                cx.merged.insert(n.clone(), key.clone());
                            }
                            cx.scope_tags.insert(key);
                        }
                    }
                }
                Declaration::Enum(e) => {
                    if let Some(n) = &e.name {
                        let key = format!("enum {n}");
                        if e.is_typedef && !e.is_opaque && !cx.tag_refs.contains(&key) {
                            cx.ctypedef_records.insert(n.clone());
                        } else {
                            if e.is_typedef {
                                cx.merged.insert(n.clone(), key.clone());
                            }
                            cx.scope_tags.insert(key);
                        }
                    }
                }
                Declaration::Function(f) => {
                    if let Some(n) = f.name.strip_prefix("__") {
                        cx.dunder_functions.insert(n);
                    }
                }
                _ => {}
            }
        }
        // Ordinary names first (C's meaning of a name wins), tags after.
        for d in &h.declarations {
            match d {
                Declaration::Typedef(t) if !cx.merged.contains_key(&t.name) => {
                    cx.alloc_ord(&t.name);
                    if let Some(e) = &t.anonymous_enum {
                        cx.alloc_enumerators(e);
                    }
                    if let Some(s) = &t.anonymous_struct {
                        cx.alloc_field_enumerators(&s.fields);
                    }
                }
                Declaration::Struct(s) => {
                    if let Some(n) = &s.name
                        && cx.ctypedef_records.contains(n)
                    {
                        cx.alloc_ord(n);
                    }
                    cx.alloc_field_enumerators(&s.fields);
                }
                Declaration::Enum(e) => {
                    if let Some(n) = &e.name
                        && cx.ctypedef_records.contains(n)
                    {
                        cx.alloc_ord(n);
                    }
                    cx.alloc_enumerators(e);
                }
                Declaration::Function(f) => {
                    cx.alloc_ord(&f.name);
                }
                Declaration::Variable(v) => {
                    cx.alloc_ord(&v.name);
                }
                _ => {}
            }
        }
        cx.declared = cx.ord.keys().chain(cx.merged.keys()).cloned().collect();
        for d in &h.declarations {
            if let Declaration::Constant(c) = d
                && c.value.is_some()
                && !cx.declared.contains(&c.name)
            {
                cx.alloc_ord(&c.name);
            }
        }
        let mut scope_tags: Vec<String> = cx.scope_tags.iter().cloned().collect();
        scope_tags.sort();
        for key in scope_tags {
            cx.alloc_tag(&key);
        }
        cx
    }

    fn alloc_enumerators(&mut self, e: &Enum) {
        for v in &e.values {
            self.alloc_ord(&v.name);
        }
    }

    fn alloc_field_enumerators(&mut self, fields: &[Field]) {
        for f in fields {
            if let Some(e) = &f.anonymous_enum {
                self.alloc_enumerators(e);
            }
            if let Some(s) = &f.anonymous_struct {
                self.alloc_field_enumerators(&s.fields);
            }
        }
    }

    /// A free Cython name: `want` (made an ASCII identifier), else `want_`, `want__`...
    fn unique(&mut self, want: &str) -> String {
        let mut n: String = want
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if !n.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic()) {
            n.insert(0, '_');
        }
        while is_reserved(&n) || self.used.contains(&n) {
            n.push('_');
        }
        self.used.insert(n.clone());
        n
    }

    fn alloc_ord(&mut self, c: &str) -> String {
        if let Some(n) = self.ord.get(c) {
            return n.clone();
        }
        let n = self.unique(c);
        self.ord.insert(c.to_string(), n.clone());
        n
    }

    fn alloc_tag(&mut self, key: &str) -> String {
        if let Some(n) = self.tags.get(key) {
            return n.clone();
        }
        let name = tag_name(key);
        // a keyword gets a `_` (from `unique`); a name C code uses for something else too
        // gets the keyword in front
        let want = if !is_reserved(name) && self.used.contains(name) {
            key.replace(' ', "_")
        } else {
            name.to_string()
        };
        let n = self.unique(&want);
        self.tags.insert(key.to_string(), n.clone());
        n
    }

    // --------------------------------------------------------------------------------------
    // What Cython cannot express

    /// Why `ty` cannot be written, if it cannot (typedefs followed). `anon_ok`: a bare
    /// `struct`/`union`/`enum` has a definition in this context.
    fn bad(&mut self, ty: &Type, anon_ok: bool) -> Option<String> {
        match ty {
            Type::CType { name, .. } => {
                if is_anonymous_keyword(name) {
                    return (!anon_ok).then(|| format!("an anonymous {name} here"));
                }
                if let Some(r) = base_spelling(name) {
                    return r.err();
                }
                if tag_of(name).is_some()
                    || is_va_list_builtin(name)
                    || float_ext(name).is_some()
                    || BUILTIN_TYPEDEFS.contains(&name.as_str())
                {
                    return None;
                }
                if let Some(r) = self.bad_memo.get(name) {
                    return r.clone();
                }
                self.bad_memo.insert(name.clone(), None);
                let r = self.bad_name(name);
                let r = r.map(|e| {
                    if e.contains("(through") || e.contains(&format!("'{name}'")) {
                        e
                    } else {
                        format!("{e} (through '{name}')")
                    }
                });
                self.bad_memo.insert(name.clone(), r.clone());
                r
            }
            Type::Pointer { pointee, .. } => self.bad(pointee, anon_ok),
            Type::Array { element, size } => match size {
                Some(ArraySize::Expr(e)) => Some(format!("array size '{e}' is not a constant")),
                _ => self.bad(element, anon_ok),
            },
            Type::Function(f) => {
                if let Some(e) = self.bad(&f.return_type, false) {
                    return Some(e);
                }
                f.parameters.iter().find_map(|p| self.bad(&p.ty, false))
            }
        }
    }

    fn bad_name(&mut self, name: &str) -> Option<String> {
        if self.merged.contains_key(name) || self.ctypedef_records.contains(name) {
            return None;
        }
        if let Some(t) = self.typedefs.get(name).copied() {
            let anon = t.anonymous_struct.is_some() || t.anonymous_enum.is_some();
            return self.bad(&t.underlying_type, anon);
        }
        if self.known_elsewhere(name).is_some() || self.dep_record_typedef(name).is_some() {
            return None;
        }
        match self.h.typedef(name) {
            Some(t) => {
                let anon = t.anonymous_struct.is_some() || t.anonymous_enum.is_some();
                self.bad(&t.underlying_type.clone(), anon)
            }
            None => Some(format!("unknown type '{name}'")),
        }
    }

    /// The module and Cython name of a type Cython's library (or, with the option, a stub
    /// module) declares.
    fn known_elsewhere(&self, c: &str) -> Option<(String, &'static str)> {
        if let Some((_, m, n)) = CIMPORTS.iter().find(|(k, _, _)| *k == c) {
            return Some((m.to_string(), n));
        }
        let prefix = self.cfg.stub_prefix.as_deref()?;
        STUBS
            .iter()
            .find(|(k, _, _)| *k == c)
            .map(|(_, m, n)| (format!("{prefix}.{m}"), *n))
    }

    /// An out-of-scope typedef'd record or enum (`typedef struct {...} N;`): `Some(keyword)`.
    fn dep_record_typedef(&self, name: &str) -> Option<(&'static str, bool)> {
        self.h.dependencies.iter().find_map(|d| match d {
            Declaration::Struct(s) if s.is_typedef && s.name.as_deref() == Some(name) => {
                Some((if s.is_union { "union" } else { "struct" }, !s.is_opaque))
            }
            Declaration::Enum(e) if e.is_typedef && e.name.as_deref() == Some(name) => {
                Some(("enum", true))
            }
            _ => None,
        })
    }

    // --------------------------------------------------------------------------------------
    // Spelling types

    fn cimport(&mut self, module: &str, name: &str) -> String {
        let k = (module.to_string(), name.to_string());
        if let Some(n) = self.cimported.get(&k) {
            return n.clone();
        }
        let alias = self.unique(name);
        let entry = if alias == name {
            name.to_string()
        } else {
            format!("{name} as {alias}")
        };
        self.cimports
            .entry(module.to_string())
            .or_default()
            .insert(entry);
        self.cimported.insert(k, alias.clone());
        alias
    }

    /// The Cython spelling of the named type `name` (not a bare keyword), declaring or
    /// importing what it needs.
    fn spell(&mut self, name: &str) -> String {
        if let Some(Ok(b)) = base_spelling(name) {
            return b.to_string();
        }
        if let Some(base) = float_ext(name) {
            return self.dep_line(name, |cy| format!("ctypedef {base} {cy}"));
        }
        if is_va_list_builtin(name) {
            return self.spell("va_list");
        }
        if tag_of(name).is_some() {
            return self.spell_tag(name);
        }
        if let Some(key) = self.merged.get(name).cloned() {
            return self.spell_tag(&key);
        }
        if self.ctypedef_records.contains(name) || self.typedefs.contains_key(name) {
            return self.ord[name].clone();
        }
        if BUILTIN_TYPEDEFS.contains(&name) {
            return name.to_string();
        }
        if let Some((m, n)) = self.known_elsewhere(name) {
            return self.cimport(&m, n);
        }
        self.dep_typedef(name)
    }

    fn spell_tag(&mut self, key: &str) -> String {
        if self.scope_tags.contains(key) {
            let cy = self.tags[key].clone();
            if !self.defined.contains(key) {
                if key.starts_with("enum ") {
                    self.hoist_enum(key);
                } else if !self.forward.iter().any(|k| k == key) {
                    self.forward.push(key.to_string());
                }
            }
            return cy;
        }
        if let Some((m, n)) = self.known_elsewhere(key) {
            return self.cimport(&m, n);
        }
        self.dep_tag(key)
    }

    /// A declarator: `ty` around `inner` (a name, or empty), with `anon` naming the type of a
    /// bare `struct`/`union`/`enum`. Returns (base, declarator).
    fn declarator(&mut self, ty: &Type, inner: String, anon: Option<&str>) -> (String, String) {
        match ty {
            Type::CType { name, qualifiers } => {
                let base = match (anon, is_anonymous_keyword(name)) {
                    (Some(a), true) => a.to_string(),
                    _ => self.spell(name),
                };
                (format!("{}{base}", quals(qualifiers)), inner)
            }
            Type::Pointer {
                pointee,
                qualifiers,
            } => {
                let q = quals(qualifiers);
                let q = q.trim_end();
                let mut s = String::from("*");
                s.push_str(q);
                if !q.is_empty() && !inner.is_empty() {
                    s.push(' ');
                }
                s.push_str(&inner);
                if matches!(**pointee, Type::Array { .. } | Type::Function(_)) {
                    s = format!("({s})");
                }
                self.declarator(pointee, s, anon)
            }
            Type::Array { element, size } => {
                let n = match size {
                    Some(ArraySize::Fixed(n)) => n.to_string(),
                    _ => String::new(),
                };
                self.declarator(element, format!("{inner}[{n}]"), anon)
            }
            Type::Function(f) => {
                let params = self.parameters(&f.parameters, f.is_variadic);
                self.declarator(&f.return_type, format!("{inner}({params})"), anon)
            }
        }
    }

    /// The declaration of `name` (a name with its C name string, or empty) of type `ty`.
    fn decl(&mut self, ty: &Type, name: &str, anon: Option<&str>) -> String {
        let (base, d) = self.declarator(ty, name.to_string(), anon);
        join(&base, &d)
    }

    fn parameters(&mut self, ps: &[Parameter], variadic: bool) -> String {
        let mut items = Vec::new();
        for p in ps {
            // what C adjusts a parameter's type to
            let ty = match &p.ty {
                Type::Array { element, .. } => Type::pointer_to((**element).clone()),
                Type::Function(_) => Type::pointer_to(p.ty.clone()),
                t if matches!(self.h.resolve(t), Type::Function(_)) => Type::pointer_to(t.clone()),
                t => t.clone(),
            };
            let name = match p.name.as_deref() {
                Some(n) if is_identifier(n) => {
                    let mut n = n.to_string();
                    while is_reserved(&n) {
                        n.push('_');
                    }
                    n
                }
                _ => String::new(),
            };
            items.push(self.decl(&ty, &name, None));
        }
        if variadic {
            items.push("...".into());
        }
        items.join(", ")
    }

    // --------------------------------------------------------------------------------------
    // The header's declarations

    fn declaration(&mut self, d: &Declaration) {
        match d {
            Declaration::Struct(s) => self.record(s),
            Declaration::Enum(e) => self.enumeration(e),
            Declaration::Typedef(t) => self.typedef(t),
            Declaration::Function(f) => self.function(f),
            Declaration::Variable(v) => self.variable(v),
            Declaration::Constant(c) => self.constant(c),
            Declaration::MacroFunction(_) => {}
        }
    }

    fn skipped(&mut self, what: &str, why: &str) {
        self.items.push(format!("{IN}# skipped: {what}: {why}"));
    }

    fn record(&mut self, s: &Struct) {
        let Some(name) = s.name.as_deref() else {
            return;
        };
        if s.is_opaque {
            return; // forward-declared where it is used
        }
        let kw = if s.is_union { "union" } else { "struct" };
        let (head, c_spelling, cy) = if self.ctypedef_records.contains(name) {
            if !self.emitted.insert(name.to_string()) {
                return;
            }
            let cy = self.ord[name].clone();
            (
                format!("ctypedef {kw} {}:", named(&cy, name)),
                name.to_string(),
                cy,
            )
        } else {
            let key = tag_key(s.is_union, name);
            if !self.defined.insert(key.clone()) {
                return;
            }
            if s.is_typedef {
                self.emitted.insert(name.to_string());
            }
            let cy = self.tags[&key].clone();
            (format!("cdef {kw} {}:", named(&cy, name)), key, cy)
        };
        let body = self.body(&s.fields, &c_spelling, &cy);
        self.items.push(format!("{IN}{head}\n{body}"));
    }

    /// The member lines of a record (with `pass` when none can be written); the named types
    /// its anonymous members need are written to `items` first.
    fn body(&mut self, fields: &[Field], parent_c: &str, parent_cy: &str) -> String {
        let mut lines = Vec::new();
        let mut members = 0;
        self.members(fields, parent_c, parent_cy, &mut lines, &mut members);
        if members == 0 {
            lines.push(format!("{IN2}pass"));
        }
        lines.join("\n")
    }

    fn members(
        &mut self,
        fields: &[Field],
        parent_c: &str,
        parent_cy: &str,
        lines: &mut Vec<String>,
        members: &mut usize,
    ) {
        for f in fields {
            if f.name.is_empty() {
                // an anonymous member: its members are the parent's in C
                if let Some(s) = &f.anonymous_struct {
                    self.members(&s.fields, parent_c, parent_cy, lines, members);
                }
                continue;
            }
            if !is_identifier(&f.name) {
                lines.push(format!(
                    "{IN2}# skipped: member {}: not an ASCII identifier",
                    f.name
                ));
                continue;
            }
            if self.macro_like(&f.name) {
                lines.push(format!(
                    "{IN2}# skipped: member {}: also an object-like macro (__{}() exists)",
                    f.name, f.name
                ));
                continue;
            }
            let anon_ok = f.anonymous_struct.is_some() || f.anonymous_enum.is_some();
            if let Some(why) = self.bad(&f.ty, anon_ok) {
                lines.push(format!("{IN2}# skipped: member {}: {why}", f.name));
                continue;
            }
            let anon = if anon_ok {
                let lv = format!("(({parent_c} *)0)->{}", f.name);
                let Some(path) = anon_path(lv, &f.ty) else {
                    lines.push(format!(
                        "{IN2}# skipped: member {}: its anonymous type cannot be named",
                        f.name
                    ));
                    continue;
                };
                let want = format!("{parent_cy}_{}_t", f.name);
                Some(self.anonymous_type(
                    f.anonymous_struct.as_deref(),
                    f.anonymous_enum.as_deref(),
                    &want,
                    &path,
                ))
            } else {
                None
            };
            let mut cy = f.name.clone();
            while is_reserved(&cy) {
                cy.push('_');
            }
            let mut line = format!(
                "{IN2}{}",
                self.decl(&f.ty, &named(&cy, &f.name), anon.as_deref())
            );
            if let Some(w) = f.bit_width {
                line.push_str(&format!(
                    "  # bit-field, {w} bit{}",
                    if w == 1 { "" } else { "s" }
                ));
            }
            lines.push(line);
            *members += 1;
        }
    }

    /// Names the anonymous record or enum at the lvalue `path` (`__typeof__(path)`), writing
    /// its declaration to `items`; returns the Cython name.
    fn anonymous_type(
        &mut self,
        record: Option<&Struct>,
        enumeration: Option<&Enum>,
        want: &str,
        path: &str,
    ) -> String {
        let cy = self.unique(want);
        let c = format!("__typeof__({path})");
        match (record, enumeration) {
            (Some(s), _) => {
                let kw = if s.is_union { "union" } else { "struct" };
                let body = self.body(&s.fields, &c, &cy);
                self.items
                    .push(format!("{IN}ctypedef {kw} {}:\n{body}", named(&cy, &c)));
            }
            (None, e) => {
                if let Some(e) = e {
                    self.enumerators_block(e);
                }
                self.items
                    .push(format!("{IN}ctypedef int {}", named(&cy, &c)));
            }
        }
        cy
    }

    /// Whether `name` is probably an object-like macro as well (libxml2's
    /// `#define xmlParserVersion (*(__xmlParserVersion()))` beside a member of that name): an
    /// in-scope function `__NAME` exists. C code cannot name such a member.
    fn macro_like(&self, name: &str) -> bool {
        self.dunder_functions.contains(name)
    }

    /// The member lines of an enum (the enumerators not declared yet).
    fn enumerator_lines(&mut self, e: &Enum) -> Vec<String> {
        let mut lines = Vec::new();
        for v in &e.values {
            if self.emitted.insert(v.name.clone()) {
                let cy = self.alloc_ord(&v.name);
                lines.push(format!("{IN2}{}", named(&cy, &v.name)));
            }
        }
        lines
    }

    /// `cdef enum:` with the enumerators of `e` not declared yet.
    fn enumerators_block(&mut self, e: &Enum) {
        let lines = self.enumerator_lines(e);
        if !lines.is_empty() {
            self.items
                .push(format!("{IN}cdef enum:\n{}", lines.join("\n")));
        }
    }

    fn enumeration(&mut self, e: &Enum) {
        if e.is_opaque || e.values.is_empty() {
            return;
        }
        let Some(n) = e.name.as_deref() else {
            self.enumerators_block(e);
            return;
        };
        if self.ctypedef_records.contains(n) {
            if !self.emitted.insert(n.to_string()) {
                return;
            }
            let cy = self.ord[n].clone();
            let mut lines = self.enumerator_lines(e);
            if lines.is_empty() {
                lines.push(format!("{IN2}pass"));
            }
            self.items.push(format!(
                "{IN}ctypedef enum {}:\n{}",
                named(&cy, n),
                lines.join("\n")
            ));
            return;
        }
        let key = format!("enum {n}");
        if self.defined.contains(&key) {
            return;
        }
        let text = self.enum_text(&key, e);
        self.items.push(text);
    }

    /// `cdef enum NAME:` with its enumerators; marks the tag defined.
    fn enum_text(&mut self, key: &str, e: &Enum) -> String {
        self.defined.insert(key.to_string());
        if e.is_typedef {
            self.emitted.insert(tag_name(key).to_string());
        }
        let cy = self.tags[key].clone();
        let mut lines = self.enumerator_lines(e);
        if lines.is_empty() {
            lines.push(format!("{IN2}pass"));
        }
        format!(
            "{IN}cdef enum {}:\n{}",
            named(&cy, tag_name(key)),
            lines.join("\n")
        )
    }

    /// An in-scope enum used before its definition: Cython has no forward enum, so the
    /// definition moves to the top (an enum needs no other type).
    fn hoist_enum(&mut self, key: &str) {
        let h = self.h;
        let def = h.declarations.iter().find_map(|d| match d {
            Declaration::Enum(e)
                if !e.is_opaque
                    && !e.values.is_empty()
                    && e.name.as_deref() == Some(tag_name(key)) =>
            {
                Some(e)
            }
            _ => None,
        });
        let text = match def {
            Some(e) => self.enum_text(key, e),
            None => {
                // declared, never defined (a GNU extension)
                self.defined.insert(key.to_string());
                let cy = self.tags[key].clone();
                format!("{IN}ctypedef int {}", named(&cy, key))
            }
        };
        self.hoisted.push(text);
    }

    fn typedef(&mut self, t: &Typedef) {
        if self.merged.contains_key(&t.name) || !self.emitted.insert(t.name.clone()) {
            return;
        }
        let anon_ok = t.anonymous_struct.is_some() || t.anonymous_enum.is_some();
        if let Some(why) = self.bad(&t.underlying_type, anon_ok) {
            self.skipped(&format!("typedef {}", t.name), &why);
            return;
        }
        let cy = self.ord[&t.name].clone();
        let anon = if anon_ok {
            let Some(path) = anon_path(format!("(*({} *)0)", t.name), &t.underlying_type) else {
                self.skipped(
                    &format!("typedef {}", t.name),
                    "its anonymous type cannot be named",
                );
                return;
            };
            let kw = match &t.anonymous_struct {
                Some(s) if s.is_union => "union",
                Some(_) => "struct",
                None => "enum",
            };
            Some(self.anonymous_type(
                t.anonymous_struct.as_deref(),
                t.anonymous_enum.as_deref(),
                &format!("{cy}_{kw}"),
                &path,
            ))
        } else {
            None
        };
        let text = self.decl(&t.underlying_type, &named(&cy, &t.name), anon.as_deref());
        self.items.push(format!("{IN}ctypedef {text}"));
    }

    fn function(&mut self, f: &Function) {
        if !self.emitted.insert(f.name.clone()) {
            return;
        }
        let ft = Type::Function(Box::new(FunctionType {
            return_type: f.return_type.clone(),
            parameters: f.parameters.clone(),
            is_variadic: f.is_variadic,
            has_prototype: f.has_prototype,
            calling_convention: None,
        }));
        if let Some(why) = self.bad(&ft, false) {
            self.skipped(&format!("function {}", f.name), &why);
            return;
        }
        if !is_identifier(&f.name) {
            self.skipped(&format!("function {}", f.name), "not an ASCII identifier");
            return;
        }
        let cy = self.ord[&f.name].clone();
        let text = self.decl(&ft, &named(&cy, &f.name), None);
        self.items.push(format!("{IN}{text}"));
    }

    fn variable(&mut self, v: &Variable) {
        if !self.emitted.insert(v.name.clone()) {
            return;
        }
        if let Some(why) = self.bad(&v.ty, false) {
            self.skipped(&format!("variable {}", v.name), &why);
            return;
        }
        if !is_identifier(&v.name) {
            self.skipped(&format!("variable {}", v.name), "not an ASCII identifier");
            return;
        }
        let cy = self.ord[&v.name].clone();
        let text = self.decl(&v.ty, &named(&cy, &v.name), None);
        self.items.push(format!("{IN}{text}"));
    }

    fn constant(&mut self, c: &Constant) {
        let Some(value) = &c.value else {
            return;
        };
        if !is_identifier(&c.name)
            || self.declared.contains(&c.name)
            || !self.emitted.insert(c.name.clone())
        {
            return;
        }
        let cy = self.ord[&c.name].clone();
        let name = named(&cy, &c.name);
        let ty_name = match &c.ty {
            Some(Type::CType { name, .. }) => Some(name.as_str()),
            _ => None,
        };
        let text = match value {
            ConstValue::Int(_) => match ty_name {
                None | Some("int") => format!("enum: {name}"),
                Some(t) if base_spelling(t).is_some_and(|r| r.is_ok()) || t == "_Bool" => {
                    format!("const {} {name}", self.spell(t))
                }
                _ => format!("enum: {name}"),
            },
            ConstValue::Float(_) => {
                let t = match ty_name {
                    Some("float") => "float",
                    Some("long double") => "long double",
                    _ => "double",
                };
                format!("const {t} {name}")
            }
            ConstValue::Str(s) => {
                if s.starts_with('L') {
                    format!("const {}* {name}", self.spell("wchar_t"))
                } else if s.starts_with('"') || s.starts_with("u8") {
                    format!("const char* {name}")
                } else {
                    let ch = if s.starts_with('u') {
                        "char16_t"
                    } else {
                        "char32_t"
                    };
                    self.constants.push(format!(
                        "{IN}# skipped: constant {}: Cython has no {ch} strings",
                        c.name
                    ));
                    return;
                }
            }
        };
        self.constants.push(format!("{IN}{text}"));
    }

    // --------------------------------------------------------------------------------------
    // Out-of-scope types, declared just enough

    /// Writes `line(cython_name)` for the out-of-scope name `c` once; returns the Cython name.
    fn dep_line(&mut self, c: &str, line: impl FnOnce(&str) -> String) -> String {
        if let Some(n) = self.dep_names.get(c) {
            return n.clone();
        }
        let cy = self.unique(c);
        self.dep_names.insert(c.to_string(), cy.clone());
        let text = line(&named(&cy, c));
        self.deps.push(format!("{IN}{text}"));
        cy
    }

    /// Whether the out-of-scope record `key` has a definition.
    fn dep_complete(&self, key: &str) -> bool {
        let is_union = key.starts_with("union ");
        let name = tag_name(key);
        self.h.dependencies.iter().any(|d| {
            matches!(d, Declaration::Struct(s)
                if s.is_union == is_union && s.name.as_deref() == Some(name) && !s.is_opaque)
        })
    }

    /// Declares the out-of-scope tag `key`: `cdef struct X` (with a `pass` body when it is
    /// complete), an enum as `ctypedef int X "enum X"`.
    fn dep_tag(&mut self, key: &str) -> String {
        if let Some(n) = self.dep_names.get(key) {
            return n.clone();
        }
        let cy = self.alloc_tag(key);
        self.dep_names.insert(key.to_string(), cy.clone());
        self.defined.insert(key.to_string());
        let name = tag_name(key);
        let text = if key.starts_with("enum ") {
            format!("ctypedef int {}", named(&cy, key))
        } else {
            let kw = if key.starts_with("union ") {
                "union"
            } else {
                "struct"
            };
            let body = if self.dep_complete(key) {
                format!(":\n{IN2}pass")
            } else {
                String::new()
            };
            format!("cdef {kw} {}{body}", named(&cy, name))
        };
        self.deps.push(format!("{IN}{text}"));
        cy
    }

    /// Declares the out-of-scope typedef name `n`, after what it needs.
    fn dep_typedef(&mut self, n: &str) -> String {
        if let Some(c) = self.dep_names.get(n) {
            return c.clone();
        }
        let cy = self.unique(n);
        self.dep_names.insert(n.to_string(), cy.clone());
        let text = self.dep_typedef_text(n, &named(&cy, n));
        self.deps.push(format!("{IN}{text}"));
        cy
    }

    fn dep_typedef_text(&mut self, n: &str, nm: &str) -> String {
        let opaque = |kw: &str, complete: bool| {
            if complete {
                format!("ctypedef {kw} {nm}:\n{IN2}pass")
            } else {
                format!("ctypedef {kw} {nm}")
            }
        };
        if let Some((kw, complete)) = self.dep_record_typedef(n) {
            return if kw == "enum" {
                format!("ctypedef int {nm}")
            } else {
                opaque(kw, complete)
            };
        }
        if n == "va_list" {
            return opaque("struct", true);
        }
        let h = self.h;
        let Some(td) = h.typedef(n) else {
            // `bad` lets no unknown name through; an opaque struct is the safe spelling
            return opaque("struct", false);
        };
        let u = &td.underlying_type;
        if td.anonymous_struct.is_some() || td.anonymous_enum.is_some() {
            if let Type::CType { name, .. } = u
                && is_anonymous_keyword(name)
            {
                return if name == "enum" {
                    format!("ctypedef int {nm}")
                } else {
                    opaque(name, true)
                };
            }
            // a pointer or array of an anonymous record: name the record, members unknown
            let Some(path) = anon_path(format!("(*({n} *)0)"), u) else {
                return opaque("struct", false);
            };
            let kw = match &td.anonymous_struct {
                Some(s) if s.is_union => "union",
                Some(_) => "struct",
                None => "enum",
            };
            let inner = self.unique(&format!("{n}_{kw}"));
            let c = format!("__typeof__({path})");
            let line = if kw == "enum" {
                format!("ctypedef int {}", named(&inner, &c))
            } else {
                format!("ctypedef {kw} {}:\n{IN2}pass", named(&inner, &c))
            };
            self.deps.push(format!("{IN}{line}"));
            return format!("ctypedef {}", self.decl(u, nm, Some(&inner)));
        }
        match h.resolve(u) {
            Type::CType { name, .. } if is_va_list_builtin(name) => {
                return format!("ctypedef {} {nm}", self.spell("va_list"));
            }
            Type::CType { name, qualifiers } if base_spelling(name).is_some() => {
                // an integer or floating typedef, through libc's internal names
                let nice = matches!(u, Type::CType { name: m, .. }
                    if BUILTIN_TYPEDEFS.contains(&m.as_str()) || self.known_elsewhere(m).is_some());
                if !nice {
                    let b = self.spell(name);
                    return format!("ctypedef {}{b} {nm}", quals(qualifiers));
                }
            }
            Type::CType { name, .. } if name.starts_with("enum ") => {
                return format!("ctypedef int {nm}");
            }
            Type::CType { name, .. }
                if (name.starts_with("struct ") || name.starts_with("union "))
                    && !self.scope_tags.contains(name)
                    && self.known_elsewhere(name).is_none()
                    && !self.tag_refs.contains(name) =>
            {
                // `typedef struct __dirstream DIR;`: the typedef alone is enough
                let kw = if name.starts_with("union ") {
                    "union"
                } else {
                    "struct"
                };
                let complete = self.dep_complete(name);
                return opaque(kw, complete);
            }
            _ => {}
        }
        format!("ctypedef {}", self.decl(u, nm, None))
    }

    // --------------------------------------------------------------------------------------
    // Output

    fn finish(mut self) -> String {
        let mut out = format!(
            "# Cython declarations for {}, generated by headerkit.\n",
            self.cfg.include
        );
        let mut forward = Vec::new();
        for key in std::mem::take(&mut self.forward) {
            let kw = if key.starts_with("union ") {
                "union"
            } else {
                "struct"
            };
            let cy = &self.tags[&key];
            forward.push(format!("{IN}cdef {kw} {}", named(cy, tag_name(&key))));
        }
        if !self.cimports.is_empty() {
            out.push('\n');
        }
        for (module, names) in &self.cimports {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let one = format!("from {module} cimport {}", names.join(", "));
            if one.len() <= 100 {
                out.push_str(&one);
                out.push('\n');
            } else {
                out.push_str(&format!("from {module} cimport (\n"));
                for n in names {
                    out.push_str(&format!("{IN}{n},\n"));
                }
                out.push_str(")\n");
            }
        }
        out.push_str(&format!(
            "\ncdef extern from \"{}\"{}:\n",
            self.cfg.include,
            if self.cfg.nogil { " nogil" } else { "" }
        ));
        let mut sections: Vec<Vec<String>> = Vec::new();
        if !forward.is_empty() || !self.hoisted.is_empty() {
            let mut s = forward;
            s.append(&mut self.hoisted);
            sections.push(s);
        }
        if !self.deps.is_empty() {
            let mut s = vec![format!(
                "{IN}# out-of-scope types used below, declared just enough"
            )];
            s.append(&mut self.deps);
            sections.push(s);
        }
        if !self.items.is_empty() {
            sections.push(std::mem::take(&mut self.items));
        }
        if !self.constants.is_empty() {
            let mut s = vec![format!("{IN}# macro constants")];
            s.append(&mut self.constants);
            sections.push(s);
        }
        if sections.is_empty() {
            out.push_str(&format!("{IN}pass\n"));
        }
        for s in sections {
            out.push('\n');
            let mut prev_multi = false;
            for (i, item) in s.iter().enumerate() {
                let multi = item.contains('\n');
                if i > 0 && (multi || prev_multi) {
                    out.push('\n');
                }
                out.push_str(item);
                out.push('\n');
                prev_multi = multi;
            }
        }
        out
    }
}

// ------------------------------------------------------------------------------------------
// Walking types

#[cfg(test)]
mod tests {
    use super::*;

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

    fn cfg() -> Config {
        Config {
            include: "t.h".into(),
            stub_prefix: None,
            nogil: false,
        }
    }

    #[test]
    fn include_spellings() {
        assert_eq!(include_spelling("/usr/include/nng/nng.h"), "nng/nng.h");
        assert_eq!(include_spelling("/usr/include/zlib.h"), "zlib.h");
        assert_eq!(
            include_spelling("/usr/include/x86_64-linux-gnu/curl/curl.h"),
            "curl/curl.h"
        );
        assert_eq!(
            include_spelling("/usr/include/x86_64-linux-gnu/ffi.h"),
            "ffi.h"
        );
        assert_eq!(include_spelling("include/demo/demo.h"), "demo/demo.h");
        assert_eq!(include_spelling("./demo.h"), "demo.h");
        assert_eq!(include_spelling("src/a.h"), "src/a.h");
        assert_eq!(include_spelling("/opt/x/a.h"), "a.h");
        assert_eq!(include_spelling("C:\\sdk\\include\\x\\y.h"), "x/y.h");
        assert!(check_include("a\"b.h").is_err());
        assert!(check_include("a.h").is_ok());
    }

    #[test]
    fn declarators() {
        let h = Header::default();
        let c = cfg();
        let mut cx = Cx::new(&h, &c);
        let int = Type::named("int");
        let arr = |t: Type, n| Type::Array {
            element: Box::new(t),
            size: Some(ArraySize::Fixed(n)),
        };
        assert_eq!(
            cx.decl(&arr(arr(int.clone(), 3), 2), "m", None),
            "int m[2][3]"
        );
        assert_eq!(
            cx.decl(&Type::pointer_to(arr(int.clone(), 3)), "p", None),
            "int (*p)[3]"
        );
        let handler = Type::pointer_to(fnptr(Type::named("void"), vec![int.clone()]));
        let signal = fnptr(handler.clone(), vec![int.clone(), handler.clone()]);
        assert_eq!(
            cx.decl(&signal, "signal", None),
            "void (*signal(int, void (*)(int)))(int)"
        );
        let cp = Type::Pointer {
            pointee: Box::new(Type::CType {
                name: "char".into(),
                qualifiers: vec!["const".into(), "restrict".into()],
            }),
            qualifiers: vec!["const".into()],
        };
        assert_eq!(cx.decl(&cp, "s", None), "const char* const s");
        assert_eq!(cx.decl(&cp, "", None), "const char* const");
        assert_eq!(
            cx.decl(&Type::pointer_to(Type::pointer_to(int)), "pp", None),
            "int** pp"
        );
        assert_eq!(
            cx.decl(&Type::named("_Complex double"), "z", None),
            "double complex z"
        );
    }

    #[test]
    fn reserved_names_keep_their_c_name() {
        let h = Header {
            declarations: vec![
                Declaration::Function(Function {
                    name: "print".into(),
                    return_type: Type::named("int"),
                    parameters: vec![Parameter {
                        name: Some("in".into()),
                        ty: Type::named("int"),
                    }],
                    is_variadic: false,
                    has_prototype: true,
                    calling_convention: None,
                    is_inline: false,
                    is_static: false,
                    deprecated: None,
                    asm_name: None,
                    location: None,
                }),
                Declaration::Struct(Struct {
                    name: Some("lambda".into()),
                    fields: vec![Field {
                        name: "def".into(),
                        ty: Type::named("_Bool"),
                        bit_width: None,
                        anonymous_struct: None,
                        anonymous_enum: None,
                        aligned: None,
                        is_packed: false,
                    }],
                    ..Default::default()
                }),
            ],
            ..Default::default()
        };
        let out = render(&h, &cfg());
        assert!(out.contains("from libc.stdbool cimport bool\n"), "{out}");
        assert!(out.contains("    int print_ \"print\"(int in_)\n"), "{out}");
        assert!(
            out.contains("    cdef struct lambda_ \"lambda\":\n        bool def_ \"def\"\n"),
            "{out}"
        );
    }

    #[test]
    fn unsupported_types_are_skipped_with_a_reason() {
        let h = Header {
            declarations: vec![
                Declaration::Typedef(Typedef {
                    name: "i128".into(),
                    underlying_type: Type::named("__int128"),
                    anonymous_struct: None,
                    anonymous_enum: None,
                    deprecated: None,
                    location: None,
                }),
                Declaration::Variable(Variable {
                    name: "big".into(),
                    ty: Type::pointer_to(Type::named("i128")),
                    is_static: false,
                    is_thread_local: false,
                    deprecated: None,
                    asm_name: None,
                    aligned: None,
                    location: None,
                }),
            ],
            ..Default::default()
        };
        let out = render(&h, &cfg());
        assert!(
            out.contains("# skipped: typedef i128: Cython has no type '__int128'\n"),
            "{out}"
        );
        assert!(
            out.contains(
                "# skipped: variable big: Cython has no type '__int128' (through 'i128')\n"
            ),
            "{out}"
        );
    }

    fn typedef(name: &str, ty: Type) -> Declaration {
        Declaration::Typedef(Typedef {
            name: name.into(),
            underlying_type: ty,
            anonymous_struct: None,
            anonymous_enum: None,
            deprecated: None,
            location: None,
        })
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

    /// IR no parser produces (cycles, unknown names, anonymous types without definitions,
    /// names that are not identifiers, deep nesting) is written without a panic.
    #[test]
    fn odd_ir_does_not_panic() {
        let mut deep = Struct {
            fields: vec![field("x", Type::named("int"))],
            ..Default::default()
        };
        for i in 0..300 {
            let mut f = field(&format!("m{i}"), Type::named("struct"));
            f.anonymous_struct = Some(Box::new(deep));
            deep = Struct {
                fields: vec![f],
                ..Default::default()
            };
        }
        deep.name = Some("deep".into());
        let mut anon_fn = typedef(
            "weird",
            Type::Function(Box::new(FunctionType {
                return_type: Type::named("struct"),
                parameters: vec![],
                is_variadic: true,
                has_prototype: true,
                calling_convention: Some("stdcall".into()),
            })),
        );
        if let Declaration::Typedef(t) = &mut anon_fn {
            t.anonymous_struct = Some(Box::new(Struct::default()));
        }
        let h = Header {
            declarations: vec![
                typedef("A", Type::named("B")),
                typedef("B", Type::named("A")),
                typedef("C", Type::named("no_such_type")),
                typedef("é t", Type::named("int")),
                typedef("D", Type::named("struct")),
                anon_fn,
                Declaration::Struct(deep),
                Declaration::Struct(Struct {
                    name: Some(String::new()),
                    fields: vec![
                        field("", Type::named("int")),
                        field("é", Type::named("int")),
                    ],
                    ..Default::default()
                }),
                Declaration::Struct(Struct {
                    name: Some("ℓ".into()),
                    is_typedef: true,
                    is_opaque: true,
                    ..Default::default()
                }),
                Declaration::Enum(Enum {
                    name: Some("E".into()),
                    is_typedef: true,
                    ..Default::default()
                }),
                Declaration::Variable(Variable {
                    name: "v".into(),
                    ty: Type::Array {
                        element: Box::new(Type::named("union")),
                        size: Some(ArraySize::Expr("N".into())),
                    },
                    is_static: false,
                    is_thread_local: false,
                    deprecated: None,
                    asm_name: None,
                    aligned: None,
                    location: None,
                }),
                Declaration::Constant(Constant {
                    name: "K".into(),
                    value: Some(ConstValue::Str("U\"x\"".into())),
                    ty: Some(Type::pointer_to(Type::named("int"))),
                    is_macro: true,
                    raw_expression: None,
                    location: None,
                }),
                Declaration::Constant(Constant {
                    name: "A".into(),
                    value: Some(ConstValue::Int(1)),
                    ty: Some(Type::pointer_to(Type::named("int"))),
                    is_macro: true,
                    raw_expression: None,
                    location: None,
                }),
                typedef("uses_dep", Type::named("dep_a")),
                typedef("uses_tag", Type::pointer_to(Type::named("struct lambda"))),
            ],
            dependencies: vec![
                typedef("dep_a", Type::named("dep_b")),
                typedef("dep_b", Type::named("dep_a")),
            ],
            ..Default::default()
        };
        let out = render(&h, &cfg());
        assert!(out.contains("    # skipped: typedef C: unknown type 'no_such_type'\n"));
        assert!(out.contains("    ctypedef int __t \"é t\"\n"));
        assert!(out.contains("    cdef struct lambda_ \"lambda\"\n"));
        assert!(out.contains("    # skipped: variable v: array size 'N' is not a constant\n"));
    }

    #[test]
    fn empty_header_has_a_pass() {
        let out = render(&Header::default(), &cfg());
        assert!(
            out.ends_with("cdef extern from \"t.h\":\n    pass\n"),
            "{out}"
        );
    }
}
