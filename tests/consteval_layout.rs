//! Checks `parse::layout` and `parse::consteval` against real compilers.
//!
//! Structs and unions are generated systematically and at random (fixed-seed PRNG) as IR and
//! as C; our sizes, alignments and offsets are checked with `_Static_assert`s compiled by
//! `gcc -fsyntax-only` (host, and `-m32` for i686) and `clang -target T -fsyntax-only` for
//! several targets, many asserts per compiler run. Bit-field positions are checked exactly:
//! with clang's `-fdump-record-layouts`, and on the host by running a gcc-compiled program that
//! sets each bit-field in a union with bytes.
//!
//! Constant expressions are generated as text, parsed with `parse_macro`, cross-checked
//! through lang-c and `from_lang_c`, evaluated with `eval`, and checked with
//! `_Static_assert((expr) == value)` plus a `_Generic` type check.
//!
//! gcc is the platform compiler of the Linux targets; where clang is the oracle there, the
//! generator avoids the one known gcc/clang difference (`aligned` on a bit-field under
//! `#pragma pack`). A missing compiler skips its checks with a note.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::process::Command;

use headerkit::ir::{self, ArraySize, Field, Struct, Type};
use headerkit::parse::consteval::{
    self, BinaryOp, CExpr, Designator, Env, FloatType, IntType, TypesEnv, Value,
};
use headerkit::parse::layout::{self, RecordAbi, Types};
use headerkit::preprocess::target::{DataModel, Target};

// ------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------

/// splitmix64: small, fixed-seed, good enough.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize].clone()
    }
}

#[derive(Default)]
struct Decls {
    structs: Vec<Struct>,
    enums: Vec<ir::Enum>,
    typedefs: Vec<(String, Type)>,
}

impl Types for Decls {
    fn typedef(&self, name: &str) -> Option<&Type> {
        self.typedefs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t)
    }
    fn record(&self, name: &str, is_union: bool) -> Option<&Struct> {
        self.structs
            .iter()
            .find(|s| s.is_union == is_union && s.name.as_deref() == Some(name))
    }
    fn enumeration(&self, name: &str) -> Option<&ir::Enum> {
        self.enums.iter().find(|e| e.name.as_deref() == Some(name))
    }
}

fn have(cmd: &str, args: &[&str]) -> bool {
    let src = std::env::temp_dir().join(format!("hk_probe_{}.c", std::process::id()));
    std::fs::write(&src, "int x;\n").unwrap();
    let ok = Command::new(cmd)
        .args(args)
        .arg("-fsyntax-only")
        .arg(&src)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    let _ = std::fs::remove_file(&src);
    ok
}

/// A compiler that can check a target.
#[derive(Clone)]
struct Oracle {
    /// Our triple.
    triple: &'static str,
    cmd: &'static str,
    args: Vec<String>,
    clang: bool,
}

impl Oracle {
    fn name(&self) -> String {
        format!("{} {} ({})", self.cmd, self.args.join(" "), self.triple)
    }
}

const CLANG_TARGETS: &[&str] = &[
    "x86_64-unknown-linux-gnu",
    "i686-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "armv7-unknown-linux-gnueabihf",
    "x86_64-pc-windows-msvc",
    "i686-pc-windows-msvc",
    "aarch64-pc-windows-msvc",
    "arm64-apple-macos11.0",
    "x86_64-apple-macos10.13",
    "wasm32-unknown-unknown",
];

fn oracles() -> Vec<Oracle> {
    let mut v = Vec::new();
    let host = Target::host();
    if host.triple() == "x86_64-unknown-linux-gnu" && have("gcc", &[]) {
        v.push(Oracle {
            triple: "x86_64-unknown-linux-gnu",
            cmd: "gcc",
            args: vec![],
            clang: false,
        });
        if have("gcc", &["-m32"]) {
            v.push(Oracle {
                triple: "i686-unknown-linux-gnu",
                cmd: "gcc",
                args: vec!["-m32".into()],
                clang: false,
            });
        } else {
            eprintln!("note: gcc -m32 unavailable; i686 checked by clang only");
        }
    } else {
        eprintln!("note: no gcc for the x86_64 Linux host; gcc checks skipped");
    }
    for t in CLANG_TARGETS {
        if have("clang", &["-target", t]) {
            v.push(Oracle {
                triple: t,
                cmd: "clang",
                args: vec!["-target".into(), t.to_string()],
                clang: true,
            });
        } else {
            eprintln!("note: clang -target {t} unavailable; skipped");
        }
    }
    v
}

struct Compiled {
    ok: bool,
    /// error lines: (line number, message)
    errors: Vec<(usize, String)>,
    stdout: String,
}

fn compile(o: &Oracle, tag: &str, src: &str, extra: &[&str]) -> Compiled {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{tag}.c"));
    std::fs::write(&path, src).unwrap();
    if let Ok(keep) = std::env::var("HK_KEEP_DIR") {
        let name = format!("{tag}-{}.c", o.triple);
        let _ = std::fs::write(std::path::Path::new(&keep).join(name), src);
    }
    let out = Command::new(o.cmd)
        .args(&o.args)
        .args(["-fsyntax-only", "-w", "-std=gnu11"])
        .args(if o.clang {
            &["-ferror-limit=0"][..]
        } else {
            &["-fmax-errors=0"][..]
        })
        .args(extra)
        .arg(&path)
        .output()
        .expect("run compiler");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let file = path.to_string_lossy().to_string();
    let mut errors = Vec::new();
    for l in stderr.lines() {
        if let Some(rest) = l.strip_prefix(&format!("{file}:")) {
            let mut it = rest.splitn(3, ':');
            let line: usize = it.next().and_then(|x| x.parse().ok()).unwrap_or(0);
            let _col = it.next();
            let msg = it.next().unwrap_or("").trim().to_string();
            if msg.starts_with("error") {
                errors.push((line, msg));
            }
        }
    }
    Compiled {
        ok: out.status.success(),
        errors,
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
    }
}

/// C source with one check per line; remembers what each line checks.
#[derive(Default)]
struct Checks {
    src: String,
    line: usize,
    what: HashMap<usize, String>,
}

impl Checks {
    fn raw(&mut self, s: &str) {
        for l in s.lines() {
            self.src.push_str(l);
            self.src.push('\n');
            self.line += 1;
        }
    }
    fn check(&mut self, c: &str, what: String) {
        self.src.push_str(c);
        self.src.push('\n');
        self.line += 1;
        self.what.insert(self.line, what);
    }
}

// ------------------------------------------------------------------------------------------
// Struct generation
// ------------------------------------------------------------------------------------------

const PRELUDE: &str = "\
typedef unsigned short u16_t;
typedef struct P0 { char c; double d; } P0_t;
typedef struct { short s; char c; } TS0;
enum E1 { E1_A = 0, E1_B = 100 };
enum E2 { E2_A = -1, E2_B = 0x100000000LL };
enum __attribute__((packed)) E3 { E3_A = 1, E3_B = 200 };
enum __attribute__((packed)) E4 { E4_A = -200, E4_B = 5 };
enum E5 { E5_A = 0xffffffffu };
";

fn prelude_decls(msvc: bool) -> Decls {
    let f = |name: &str, ty: &str| Field {
        name: name.into(),
        ty: Type::named(ty),
        bit_width: None,
        anonymous_struct: None,
        anonymous_enum: None,
        aligned: None,
    };
    let e = |name: &str, packed: bool, vals: &[i128]| ir::Enum {
        name: Some(name.into()),
        values: vals
            .iter()
            .enumerate()
            .map(|(i, &v)| ir::EnumValue {
                name: format!("{name}_{i}"),
                value: v,
            })
            .collect(),
        is_packed: packed,
        ..Default::default()
    };
    let mut d = Decls::default();
    d.typedefs
        .push(("u16_t".into(), Type::named("unsigned short")));
    d.typedefs.push(("P0_t".into(), Type::named("struct P0")));
    d.structs.push(Struct {
        name: Some("P0".into()),
        fields: vec![f("c", "char"), f("d", "double")],
        ..Default::default()
    });
    d.structs.push(Struct {
        name: Some("TS0".into()),
        is_typedef: true,
        fields: vec![f("s", "short"), f("c", "char")],
        ..Default::default()
    });
    d.enums.push(e("E1", false, &[0, 100]));
    // MSVC truncates E2's value to int (clang warns); the layout is int either way
    d.enums.push(e(
        "E2",
        false,
        if msvc { &[-1, 0] } else { &[-1, 0x1_0000_0000] },
    ));
    d.enums.push(e("E3", true, &[1, 200]));
    d.enums.push(e("E4", true, &[-200, 5]));
    d.enums.push(e("E5", false, &[0xffff_ffff]));
    d
}

struct Gen<'a> {
    rng: Rng,
    dm: DataModel,
    abi: RecordAbi,
    /// The oracle is clang on a gcc platform: avoid where they differ.
    avoid_gcc_clang_diff: bool,
    /// Complete earlier records that may be embedded: (C type name, is a typedef name).
    embeddable: Vec<String>,
    counter: usize,
    decls: &'a Decls,
}

const INT_TYPES: &[&str] = &[
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
];

impl Gen<'_> {
    fn fresh(&mut self) -> String {
        self.counter += 1;
        format!("f{}", self.counter)
    }

    fn bits_of(&self, ty: &str) -> u32 {
        (layout::layout_of_abi(&Type::named(ty), self.decls, &self.dm, self.abi)
            .unwrap()
            .size
            * 8) as u32
    }

    fn scalar(&mut self) -> Type {
        let mut pool: Vec<&str> = INT_TYPES.to_vec();
        pool.extend([
            "_Bool",
            "float",
            "double",
            "long double",
            "u16_t",
            "enum E1",
            "enum E2",
            "enum E3",
            "enum E4",
        ]);
        if self.dm.pointer.size == 8 {
            pool.push("__int128");
        }
        match self.rng.below(10) {
            0 => Type::pointer_to(Type::named("void")),
            1 => Type::pointer_to(Type::named(self.rng.pick(INT_TYPES))),
            _ => Type::named(self.rng.pick(&pool)),
        }
    }

    /// One field (or None when nothing fits).
    fn field(&mut self, depth: u32, pack: Option<u32>, union: bool) -> Field {
        let mut f = Field {
            name: self.fresh(),
            ty: Type::named("int"),
            bit_width: None,
            anonymous_struct: None,
            anonymous_enum: None,
            aligned: None,
        };
        let r = self.rng.below(100);
        if r < 35 {
            // bit-field
            let mut pool: Vec<&str> = INT_TYPES.to_vec();
            pool.extend(["_Bool", "u16_t", "enum E1", "enum E3", "enum E4"]);
            let ty = self.rng.pick(&pool);
            let bits = self.bits_of(ty);
            let max = if ty == "_Bool" { 1 } else { bits };
            let w = match self.rng.below(6) {
                0 => 0,
                1 => max,
                _ => 1 + self.rng.below(max as u64) as u32,
            }
            .min(max);
            f.ty = Type::named(ty);
            f.bit_width = Some(w);
            if w == 0 || self.rng.chance(15) {
                f.name.clear();
            }
            if w > 0 && !f.name.is_empty() && self.rng.chance(6) && !self.avoid_gcc_clang_diff {
                f.aligned = Some(self.rng.pick(&[1, 2, 4, 8]));
            }
            if union && w == 0 {
                f.bit_width = Some(1);
                f.name = self.fresh();
            }
            return f;
        }
        if r < 45 && depth < 2 {
            // anonymous struct/union member, or a named member of anonymous type
            let u = self.rng.chance(40);
            let inner = self.record(None, depth + 1, pack, u);
            let keyword = if inner.is_union { "union" } else { "struct" };
            f.anonymous_struct = Some(Box::new(inner));
            f.ty = Type::named(keyword);
            if self.rng.chance(50) {
                f.name.clear();
            } else if self.rng.chance(30) {
                f.ty = Type::Array {
                    element: Box::new(f.ty),
                    size: Some(ArraySize::Fixed(1 + self.rng.below(3))),
                };
            }
            return f;
        }
        if r < 55 && !self.embeddable.is_empty() {
            f.ty = Type::named(self.rng.pick(&self.embeddable));
        } else {
            f.ty = self.scalar();
        }
        if self.rng.chance(20) {
            let n = match self.rng.below(8) {
                0 => 0, // GNU zero-length array
                _ => 1 + self.rng.below(5),
            };
            f.ty = Type::Array {
                element: Box::new(f.ty),
                size: Some(ArraySize::Fixed(n)),
            };
            if self.rng.chance(15) {
                f.ty = Type::Array {
                    element: Box::new(f.ty),
                    size: Some(ArraySize::Fixed(1 + self.rng.below(3))),
                };
            }
        }
        if self.rng.chance(8) {
            f.aligned = Some(self.rng.pick(&[1, 2, 4, 8, 16, 32]));
        }
        f
    }

    fn record(
        &mut self,
        name: Option<String>,
        depth: u32,
        pack: Option<u32>,
        union: bool,
    ) -> Struct {
        let n = match self.rng.below(10) {
            0 => 1,
            1..=3 => 2 + self.rng.below(2),
            _ => 3 + self.rng.below(8),
        };
        let mut fields = Vec::new();
        for _ in 0..n {
            fields.push(self.field(depth, pack, union));
        }
        // structs need a named member; unions a named member too (C)
        if !fields
            .iter()
            .any(|f| !f.name.is_empty() && f.bit_width != Some(0))
        {
            fields.push(Field {
                name: self.fresh(),
                ty: Type::named("char"),
                bit_width: None,
                anonymous_struct: None,
                anonymous_enum: None,
                aligned: None,
            });
        }
        let mut s = Struct {
            name,
            is_union: union,
            fields,
            is_packed: self.rng.chance(15),
            pack,
            aligned: if self.rng.chance(10) {
                Some(self.rng.pick(&[1, 2, 4, 8, 16, 32]))
            } else {
                None
            },
            ..Default::default()
        };
        // a flexible array member at the end of some top-level structs
        if depth == 0 && !union && self.rng.chance(10) {
            let el = self.scalar();
            s.fields.push(Field {
                name: self.fresh(),
                ty: Type::Array {
                    element: Box::new(el),
                    size: None,
                },
                bit_width: None,
                anonymous_struct: None,
                anonymous_enum: None,
                aligned: None,
            });
        }
        s
    }
}

fn has_flexible(s: &Struct) -> bool {
    s.fields
        .last()
        .is_some_and(|f| matches!(f.ty, Type::Array { size: None, .. }))
}

// ------------------------------------------------------------------------------------------
// Rendering IR as C
// ------------------------------------------------------------------------------------------

fn render_decl(ty: &Type, name: &str, anon: Option<&Struct>, out: &mut String) {
    // collect array dimensions and pointer levels (only the shapes the generator makes)
    let mut dims = String::new();
    let mut t = ty;
    while let Type::Array { element, size } = t {
        match size {
            Some(ArraySize::Fixed(n)) => {
                let _ = write!(dims, "[{n}]");
            }
            _ => dims.push_str("[]"),
        }
        t = element;
    }
    let mut stars = String::new();
    while let Type::Pointer { pointee, .. } = t {
        stars.push('*');
        t = pointee;
    }
    let Type::CType { name: base, .. } = t else {
        panic!("unexpected type shape")
    };
    match (base.as_str(), anon) {
        ("struct" | "union", Some(s)) => render_body(s, out),
        _ => out.push_str(base),
    }
    let _ = write!(out, " {stars}{name}{dims}");
}

fn render_attrs(s: &Struct) -> String {
    let mut a = Vec::new();
    if s.is_packed {
        a.push("packed".to_string());
    }
    if let Some(n) = s.aligned {
        a.push(format!("aligned({n})"));
    }
    if a.is_empty() {
        String::new()
    } else {
        format!(" __attribute__(({}))", a.join(", "))
    }
}

fn render_body(s: &Struct, out: &mut String) {
    out.push_str(if s.is_union { "union" } else { "struct" });
    out.push_str(&render_attrs(s));
    if let Some(n) = &s.name {
        if !s.is_typedef {
            let _ = write!(out, " {n}");
        }
    }
    out.push_str(" { ");
    for f in &s.fields {
        if let Some(w) = f.bit_width {
            let Type::CType { name, .. } = &f.ty else {
                panic!()
            };
            let _ = write!(out, "{name} {}:{w}", f.name);
        } else {
            render_decl(&f.ty, &f.name, f.anonymous_struct.as_deref(), out);
        }
        if let Some(a) = f.aligned {
            let _ = write!(out, " __attribute__((aligned({a})))");
        }
        out.push_str("; ");
    }
    out.push('}');
}

fn render_record(s: &Struct) -> String {
    let mut out = String::new();
    if let Some(p) = s.pack {
        let _ = writeln!(out, "#pragma pack(push, {p})");
    }
    render_body(s, &mut out);
    out.push_str(";\n");
    if s.pack.is_some() {
        out.push_str("#pragma pack(pop)\n");
    }
    out
}

fn set_pack(s: &mut Struct, pack: Option<u32>) {
    s.pack = pack;
    for f in &mut s.fields {
        if let Some(a) = &mut f.anonymous_struct {
            set_pack(a, pack);
        }
    }
}

// ------------------------------------------------------------------------------------------
// Layout oracle test
// ------------------------------------------------------------------------------------------

/// Systematic shapes: every pair of scalar types, every bit-field width after a char.
fn systematic(decls: &Decls, dm: &DataModel, abi: RecordAbi, out: &mut Vec<Struct>) {
    let f = |name: &str, ty: Type, w: Option<u32>| Field {
        name: name.into(),
        ty,
        bit_width: w,
        anonymous_struct: None,
        anonymous_enum: None,
        aligned: None,
    };
    let mut scalars: Vec<Type> = INT_TYPES.iter().map(|t| Type::named(*t)).collect();
    for t in [
        "_Bool",
        "float",
        "double",
        "long double",
        "enum E2",
        "enum E3",
        "P0_t",
        "TS0",
    ] {
        scalars.push(Type::named(t));
    }
    scalars.push(Type::pointer_to(Type::named("void")));
    let mut k = 0;
    let mut next = |out: &mut Vec<Struct>, fields: Vec<Field>, union: bool, packed: bool, pack| {
        k += 1;
        out.push(Struct {
            name: Some(format!("Y{k}")),
            is_union: union,
            fields,
            is_packed: packed,
            pack,
            ..Default::default()
        });
    };
    for a in &scalars {
        for b in &scalars {
            next(
                out,
                vec![f("a", a.clone(), None), f("b", b.clone(), None)],
                false,
                false,
                None,
            );
        }
    }
    for t in INT_TYPES.iter().chain(&["_Bool", "enum E3"]) {
        let bits = (layout::layout_of_abi(&Type::named(*t), decls, dm, abi)
            .unwrap()
            .size
            * 8) as u32;
        let max = if *t == "_Bool" { 1 } else { bits };
        for w in 0..=max {
            for (packed, pack) in [(false, None), (true, None), (false, Some(2))] {
                let name = if w == 0 { "" } else { "b" };
                next(
                    out,
                    vec![
                        f("a", Type::named("char"), None),
                        f(name, Type::named(*t), Some(w)),
                        f("c", Type::named("char"), None),
                        f("d", Type::named(*t), Some(max.min(3).max(1))),
                    ],
                    false,
                    packed,
                    pack,
                );
            }
        }
    }
    // unions of bit-fields
    for t in INT_TYPES {
        next(
            out,
            vec![
                f("a", Type::named("char"), Some(3)),
                f("b", Type::named(*t), Some(5)),
                f("", Type::named("int"), Some(7)),
            ],
            true,
            false,
            None,
        );
    }
}

fn check_layouts(o: &Oracle, structs: &[Struct], decls: &Decls) -> (usize, Vec<String>) {
    let target = Target::parse(o.triple).unwrap();
    let dm = target.data_model();
    let abi = RecordAbi::for_target(&target);
    let mut c = Checks::default();
    c.raw(PRELUDE);
    let mut expected_fields: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut n = 0;
    for s in structs {
        c.raw(&render_record(s));
        let kw = if s.is_union { "union" } else { "struct" };
        let name = s.name.clone().unwrap();
        let cname = format!("{kw} {name}");
        let sl = match layout::struct_layout_abi(s, decls, &dm, abi) {
            Ok(l) => l,
            Err(e) => {
                failures.push(format!("{cname}: our layout failed: {e}"));
                continue;
            }
        };
        // layout_of through the name agrees with struct_layout
        let lo = layout::layout_of_abi(&Type::named(cname.clone()), decls, &dm, abi).unwrap();
        assert_eq!(lo, sl.layout);
        c.check(
            &format!(
                "_Static_assert(sizeof({cname}) == {} && _Alignof({cname}) == {}, \"{name}\");",
                sl.layout.size, sl.layout.align
            ),
            format!(
                "{cname}: size {} align {}\n  {}",
                sl.layout.size,
                sl.layout.align,
                render_record(s)
            ),
        );
        n += 1;
        expected_fields.insert(
            name.clone(),
            sl.fields.iter().map(|f| f.bit_offset).collect(),
        );
        // offsetof of every named non-bit-field member, also inside anonymous members
        let mut names = Vec::new();
        collect_members(s, &mut names);
        for (m, is_array) in names {
            let mut path = vec![Designator::Member(m.clone())];
            let mut spelled = m.clone();
            if is_array {
                path.push(Designator::Index(Box::new(CExpr::Literal("1".into()))));
                spelled.push_str("[1]");
            }
            let env = TypesEnv {
                types: decls,
                dm,
                abi,
                idents: &|_| None,
            };
            let off =
                layout::offset_of(&Type::named(cname.clone()), &path, decls, &dm, abi, &|e| {
                    layout::eval_index(e, &env)
                });
            match off {
                Ok(off) => {
                    c.check(
                        &format!(
                            "_Static_assert(__builtin_offsetof({cname}, {spelled}) == {off}, \"{name}.{m}\");"
                        ),
                        format!("offsetof({cname}, {spelled}) == {off}\n  {}", render_record(s)),
                    );
                    n += 1;
                }
                Err(e) => failures.push(format!("offset_of({cname}, {spelled}): {e}")),
            }
        }
    }
    let res = compile(
        o,
        "layout",
        &c.src,
        if o.clang {
            &["-Xclang", "-fdump-record-layouts"][..]
        } else {
            &[]
        },
    );
    for (line, msg) in &res.errors {
        let what = c.what.get(line).cloned().unwrap_or_else(|| {
            let text = c.src.lines().nth(line - 1).unwrap_or("");
            format!("(not a check) {text}")
        });
        failures.push(format!(
            "{}: line {line}: {msg}\n  expected {what}",
            o.name()
        ));
    }
    if !res.ok && res.errors.is_empty() {
        failures.push(format!("{}: compiler failed without errors", o.name()));
    }
    // exact field positions from clang's record dump
    if o.clang {
        let dumped = parse_dump(&res.stdout);
        for s in structs {
            let name = s.name.clone().unwrap();
            let Some(exp) = expected_fields.get(&name) else {
                continue;
            };
            n += 1;
            match dumped.get(&name) {
                Some(got) if got == exp => {}
                Some(got) => failures.push(format!(
                    "{}: field bit offsets of {name}: ours {exp:?}, clang {got:?}\n  {}",
                    o.name(),
                    render_record(s)
                )),
                None => failures.push(format!("{}: no layout dump for {name}", o.name())),
            }
        }
    }
    (n, failures)
}

/// Named members for offsetof (not bit-fields), with whether they are arrays of 2+.
fn collect_members(s: &Struct, names: &mut Vec<(String, bool)>) {
    for f in &s.fields {
        if f.name.is_empty() {
            if let Some(a) = &f.anonymous_struct {
                collect_members(a, names);
            }
            continue;
        }
        if f.bit_width.is_some() {
            continue;
        }
        let arr = matches!(&f.ty, Type::Array { size: Some(ArraySize::Fixed(n)), .. } if *n >= 2);
        names.push((f.name.clone(), arr));
    }
}

/// Field lines at the first nesting level of each record in clang's dump:
/// record name → bit offsets.
fn parse_dump(out: &str) -> BTreeMap<String, Vec<u64>> {
    let mut map = BTreeMap::new();
    let mut cur: Option<(String, Vec<u64>)> = None;
    for l in out.lines() {
        if l.starts_with("*** Dumping AST Record Layout") {
            if let Some((n, v)) = cur.take() {
                map.entry(n).or_insert(v);
            }
            continue;
        }
        let Some((left, right)) = l.split_once(" | ") else {
            continue;
        };
        let left = left.trim();
        if left.is_empty() {
            continue; // [sizeof=...]
        }
        let indent = right.len() - right.trim_start().len();
        if indent == 0 {
            // the record line: "struct S1" / "union U2"
            let name = right.split_whitespace().nth(1).unwrap_or("").to_string();
            cur = Some((name, Vec::new()));
        } else if indent == 2 {
            let bits = match left.split_once(':') {
                Some((byte, rest)) => {
                    let byte: u64 = byte.parse().unwrap_or(0);
                    let bit: u64 = rest
                        .split('-')
                        .next()
                        .and_then(|b| b.parse().ok())
                        .unwrap_or(0);
                    byte * 8 + bit
                }
                None => left.parse::<u64>().unwrap_or(0) * 8,
            };
            if let Some((_, v)) = &mut cur {
                v.push(bits);
            }
        }
    }
    if let Some((n, v)) = cur.take() {
        map.entry(n).or_insert(v);
    }
    map
}

fn check_bitfields_at_runtime(
    src: &str,
    probes: &[(String, String, u64, u64)],
    failures: &mut Vec<String>,
) -> usize {
    if probes.is_empty() {
        return 0;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut prog = String::from("#include <stdio.h>\n#include <string.h>\n");
    // drop the static asserts: only the declarations are needed
    for l in src.lines() {
        if !l.starts_with("_Static_assert") {
            prog.push_str(l);
            prog.push('\n');
        }
    }
    prog.push_str(
        "static void bits(const char *s, const char *f, const unsigned char *p, size_t n) {\n\
         long lo = -1, hi = -1; for (size_t i = 0; i < n * 8; i++) if (p[i / 8] >> (i % 8) & 1) { if (lo < 0) lo = (long)i; hi = (long)i; }\n\
         printf(\"%s|%s|%ld|%ld\\n\", s, f, lo, hi); }\nint main(void) {\n",
    );
    for (s, f, _, _) in probes {
        let _ = writeln!(
            prog,
            "{{ union {{ {s} s; unsigned char b[sizeof({s})]; }} u; memset(&u, 0, sizeof u); \
             u.s.{f} = _Generic(u.s.{f}, _Bool: 1, default: -1); bits(\"{s}\", \"{f}\", u.b, sizeof u.b); }}"
        );
    }
    prog.push_str("return 0; }\n");
    let c = dir.path().join("bits.c");
    let exe = dir.path().join("bits");
    std::fs::write(&c, &prog).unwrap();
    let st = Command::new("gcc")
        .args(["-w", "-std=gnu11", "-o"])
        .arg(&exe)
        .arg(&c)
        .output()
        .unwrap();
    if !st.status.success() {
        failures.push(format!(
            "bit-field program failed to build: {}",
            String::from_utf8_lossy(&st.stderr)
                .lines()
                .filter(|l| l.contains("error"))
                .take(5)
                .collect::<Vec<_>>()
                .join("\n")
        ));
        return 0;
    }
    let out = Command::new(&exe).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut got = HashMap::new();
    for l in text.lines() {
        let p: Vec<&str> = l.split('|').collect();
        got.insert(
            (p[0].to_string(), p[1].to_string()),
            (p[2].parse::<i64>().unwrap(), p[3].parse::<i64>().unwrap()),
        );
    }
    let mut n = 0;
    for (s, f, lo, hi) in probes {
        n += 1;
        let g = got.get(&(s.clone(), f.clone()));
        if g != Some(&(*lo as i64, *hi as i64)) {
            failures.push(format!(
                "gcc: bit-field {s}.{f}: ours bits {lo}..={hi}, gcc {g:?}"
            ));
        }
    }
    n
}

/// Fills in the probes' expected bit ranges from our layout.
fn expected_probes(
    structs: &[Struct],
    decls: &Decls,
    dm: &DataModel,
    abi: RecordAbi,
) -> Vec<(String, String, u64, u64)> {
    fn walk(
        s: &Struct,
        base: u64,
        decls: &Decls,
        dm: &DataModel,
        abi: RecordAbi,
        top: &str,
        out: &mut Vec<(String, String, u64, u64)>,
    ) {
        let sl = layout::struct_layout_abi(s, decls, dm, abi).unwrap();
        for (f, fl) in s.fields.iter().zip(&sl.fields) {
            if f.name.is_empty() {
                if let (Some(a), None) = (&f.anonymous_struct, f.bit_width) {
                    walk(a, base + fl.bit_offset, decls, dm, abi, top, out);
                }
                continue;
            }
            if let Some(w) = f.bit_width {
                out.push((
                    top.to_string(),
                    f.name.clone(),
                    base + fl.bit_offset,
                    base + fl.bit_offset + w as u64 - 1,
                ));
            }
        }
    }
    let mut out = Vec::new();
    for s in structs {
        let kw = if s.is_union { "union" } else { "struct" };
        let top = format!("{kw} {}", s.name.as_deref().unwrap());
        walk(s, 0, decls, dm, abi, &top, &mut out);
    }
    out
}

fn generate(o: &Oracle, count: usize, decls: &mut Decls) -> Vec<Struct> {
    let target = Target::parse(o.triple).unwrap();
    let dm = target.data_model();
    let abi = RecordAbi::for_target(&target);
    let mut structs = Vec::new();
    systematic(decls, &dm, abi, &mut structs);
    let seed = o.triple.bytes().fold(0x1234_5678u64, |a, b| {
        a.wrapping_mul(31).wrapping_add(b as u64)
    });
    let mut embeddable = vec![
        "struct P0".to_string(),
        "P0_t".to_string(),
        "TS0".to_string(),
    ];
    let mut rng = Rng(seed);
    for i in 0..count {
        let union = rng.chance(15);
        let pack = if rng.chance(20) {
            Some(rng.pick(&[1, 2, 4, 8]))
        } else {
            None
        };
        let snapshot = Decls {
            structs: decls.structs.clone(),
            enums: decls.enums.clone(),
            typedefs: decls.typedefs.clone(),
        };
        let mut g = Gen {
            rng: Rng(rng.next()),
            dm,
            abi,
            avoid_gcc_clang_diff: o.clang && matches!(abi, RecordAbi::SysV | RecordAbi::Aapcs),
            embeddable: embeddable.clone(),
            counter: 0,
            decls: &snapshot,
        };
        let name = if union {
            format!("U{i}")
        } else {
            format!("S{i}")
        };
        let mut s = g.record(Some(name.clone()), 0, pack, union);
        set_pack(&mut s, pack);
        if !has_flexible(&s) {
            embeddable.push(format!("{} {name}", if union { "union" } else { "struct" }));
        }
        decls.structs.push(s.clone());
        structs.push(s);
    }
    // the systematic ones are declared too
    for s in &structs {
        if s.name.as_deref().is_some_and(|n| n.starts_with('Y')) {
            decls.structs.push(s.clone());
        }
    }
    structs
}

#[test]
fn layouts_match_compilers() {
    let oracles = oracles();
    if oracles.is_empty() {
        eprintln!("note: no compiler found; layout oracle test skipped");
        return;
    }
    let mut total = 0;
    let mut all_failures = Vec::new();
    for o in &oracles {
        let target = Target::parse(o.triple).unwrap();
        let dm = target.data_model();
        let abi = RecordAbi::for_target(&target);
        let mut decls = prelude_decls(abi == RecordAbi::Msvc);
        let structs = generate(o, 300, &mut decls);
        let (n, mut failures) = check_layouts(o, &structs, &decls);
        // the runtime bit-field check needs the expected ranges
        if !o.clang && o.args.is_empty() {
            let probes = expected_probes(&structs, &decls, &dm, abi);
            let mut c = Checks::default();
            c.raw(PRELUDE);
            for s in &structs {
                c.raw(&render_record(s));
            }
            let k = check_bitfields_at_runtime(&c.src, &probes, &mut failures);
            total += k;
            eprintln!(
                "{}: {} bit-field positions checked at run time",
                o.name(),
                k
            );
        }
        eprintln!(
            "{}: {} structs, {} checks, {} failures",
            o.name(),
            structs.len(),
            n,
            failures.len()
        );
        total += n;
        all_failures.extend(failures);
    }
    for f in all_failures.iter().take(400) {
        eprintln!("{f}");
    }
    eprintln!("layout checks: {total}, failures: {}", all_failures.len());
    assert!(
        all_failures.is_empty(),
        "{} layout mismatches",
        all_failures.len()
    );
}
