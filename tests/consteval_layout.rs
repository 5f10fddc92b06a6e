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
    self, BinaryOp, CExpr, Designator, FloatType, IntType, TypesEnv, Value,
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
        is_packed: false,
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
            is_packed: false,
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
                is_packed: false,
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
                is_packed: false,
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
    if let Some(n) = &s.name
        && !s.is_typedef
    {
        let _ = write!(out, " {n}");
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
        is_packed: false,
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
                        f("d", Type::named(*t), Some(max.clamp(1, 3))),
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
        let structs = generate(o, 500, &mut decls);
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

// ------------------------------------------------------------------------------------------
// Constant expressions
// ------------------------------------------------------------------------------------------

const EXPR_PRELUDE: &str = "\
typedef unsigned short u16_t;
struct P0 { char c; double d; };
enum { K1 = 5, K2 = -3 };
#define BIGU 4294967295u
#ifdef __SIZEOF_INT128__
#define I128 , __int128: 13, unsigned __int128: 14
#else
#define I128
#endif
#define TY(x) _Generic((x), _Bool: 1, char: 2, signed char: 3, unsigned char: 4, short: 5, \
unsigned short: 6, int: 7, unsigned int: 8, long: 9, unsigned long: 10, long long: 11, \
unsigned long long: 12, float: 20, double: 21, long double: 22 I128, default: 99)
";

fn type_code(v: &Value) -> u32 {
    match v {
        Value::Int { ty, .. } => match ty {
            IntType::Bool => 1,
            IntType::Char => 2,
            IntType::SChar => 3,
            IntType::UChar => 4,
            IntType::Short => 5,
            IntType::UShort => 6,
            IntType::Int => 7,
            IntType::UInt => 8,
            IntType::Long => 9,
            IntType::ULong => 10,
            IntType::LongLong => 11,
            IntType::ULongLong => 12,
            IntType::Int128 => 13,
            IntType::UInt128 => 14,
        },
        Value::Float { ty, .. } => match ty {
            FloatType::Float => 20,
            FloatType::Double => 21,
            FloatType::LongDouble => 22,
        },
        Value::Str(_) => 99,
    }
}

fn expr_decls() -> Decls {
    let mut d = Decls::default();
    d.typedefs
        .push(("u16_t".into(), Type::named("unsigned short")));
    let f = |name: &str, ty: &str| Field {
        name: name.into(),
        ty: Type::named(ty),
        bit_width: None,
        anonymous_struct: None,
        anonymous_enum: None,
        aligned: None,
        is_packed: false,
    };
    d.structs.push(Struct {
        name: Some("P0".into()),
        fields: vec![f("c", "char"), f("d", "double")],
        ..Default::default()
    });
    d
}

fn expr_ident(name: &str) -> Option<Value> {
    match name {
        "K1" => Some(Value::Int {
            value: 5,
            ty: IntType::Int,
        }),
        "K2" => Some(Value::Int {
            value: -3,
            ty: IntType::Int,
        }),
        "BIGU" => Some(Value::Int {
            value: 4_294_967_295,
            ty: IntType::UInt,
        }),
        _ => None,
    }
}

fn is_type_name(n: &str) -> bool {
    n == "u16_t"
}

struct EGen {
    rng: Rng,
}

const CAST_TYPES: &[&str] = &[
    "_Bool",
    "char",
    "signed char",
    "unsigned char",
    "short",
    "unsigned short",
    "int",
    "unsigned",
    "unsigned int",
    "long",
    "long int",
    "unsigned long",
    "long unsigned int",
    "long long",
    "unsigned long long",
    "u16_t",
    "const int",
];

const SIZE_TYPES: &[&str] = &[
    "char",
    "short",
    "int",
    "long",
    "long long",
    "float",
    "double",
    "long double",
    "void *",
    "char *",
    "const char *",
    "struct P0",
    "u16_t",
    "_Bool",
];

impl EGen {
    fn int_lit(&mut self) -> String {
        const INTERESTING: &[u64] = &[
            0,
            1,
            2,
            7,
            31,
            32,
            63,
            127,
            128,
            255,
            256,
            32767,
            32768,
            65535,
            65536,
            0x7fff_ffff,
            0x8000_0000,
            0xffff_ffff,
            0x1_0000_0000,
            0x7fff_ffff_ffff_ffff,
            0x8000_0000_0000_0000,
            u64::MAX,
        ];
        let r = &mut self.rng;
        let v = match r.below(4) {
            0 => r.pick(INTERESTING),
            1 => r.next() >> r.below(64),
            2 => r.below(300),
            _ => r.next(),
        };
        let base = r.below(4);
        let suffix = r.pick(&[
            "", "", "", "u", "U", "l", "L", "ul", "UL", "lu", "ll", "LL", "ull", "ULL", "llu",
            "uLL",
        ]);
        let signed_only = !suffix.to_ascii_lowercase().contains('u');
        let v = if base == 0 && signed_only && v > i64::MAX as u64 {
            v >> 1
        } else {
            v
        };
        let digits = match base {
            0 => v.to_string(),
            1 => {
                if r.chance(50) {
                    format!("0x{v:x}")
                } else {
                    format!("0X{v:X}")
                }
            }
            2 => {
                if v == 0 {
                    "0".into()
                } else {
                    format!("0{v:o}")
                }
            }
            _ => format!("0b{v:b}"),
        };
        format!("{digits}{suffix}")
    }

    fn char_lit(&mut self) -> String {
        self.rng
            .pick(&[
                "'a'",
                "'\\n'",
                "'\\0'",
                "'\\377'",
                "'\\x80'",
                "'\\x7f'",
                "'ab'",
                "'abcd'",
                "'\\''",
                "'\"'",
                "L'a'",
                "L'\\xff'",
                "u'x'",
                "U'\\x10FFFF'",
                "u'\\xffff'",
                "'\\123'",
                "'\\e'",
                "'\\x41'",
                "L'\\377'",
                "'\\t'",
            ])
            .to_string()
    }

    fn int_expr(&mut self, d: u32) -> String {
        let k = if d >= 4 {
            self.rng.below(45)
        } else {
            self.rng.below(100)
        };
        match k {
            0..=29 => self.int_lit(),
            30..=36 => self.char_lit(),
            37..=41 => self.rng.pick(&["K1", "K2", "BIGU"]).to_string(),
            42..=44 => {
                let t = self.rng.pick(SIZE_TYPES);
                match self.rng.below(5) {
                    0 => format!("_Alignof({t})"),
                    1 => "__builtin_offsetof(struct P0, d)".into(),
                    2 => format!("sizeof ({})", self.int_expr(d + 2)),
                    3 => self
                        .rng
                        .pick(&["sizeof \"abc\"", "sizeof(L\"ab\")", "sizeof u\"x\""])
                        .into(),
                    _ => format!("sizeof({t})"),
                }
            }
            45..=54 => {
                let op = self.rng.pick(&["-", "~", "!", "+"]);
                format!("{op}({})", self.int_expr(d + 1))
            }
            55..=84 => {
                let op = self.rng.pick(&[
                    "*", "/", "%", "+", "-", "<<", ">>", "<", ">", "<=", ">=", "==", "!=", "&",
                    "^", "|", "&&", "||",
                ]);
                let a = self.int_expr(d + 1);
                let b = if op == "<<" || op == ">>" {
                    self.rng.below(70).to_string()
                } else {
                    self.int_expr(d + 1)
                };
                format!("({a} {op} {b})")
            }
            85..=93 => {
                let t = self.rng.pick(CAST_TYPES);
                format!("(({t}){})", self.int_expr(d + 1))
            }
            _ => format!(
                "({} ? {} : {})",
                self.int_expr(d + 1),
                self.int_expr(d + 1),
                self.int_expr(d + 1)
            ),
        }
    }

    fn float_lit(&mut self) -> String {
        self.rng
            .pick(&[
                "1.5",
                "0.1",
                "0.1f",
                "1e-3",
                "2.5e10f",
                "0x1.8p3",
                "0x1p-2f",
                ".5",
                "3.",
                "1e300",
                "7",
                "100",
                "1.0F",
                "0x.8p1",
                "6.02214076e23",
                "1e-310",
                "3.4e38f",
            ])
            .to_string()
    }

    fn float_expr(&mut self, d: u32) -> String {
        let k = if d >= 3 {
            self.rng.below(40)
        } else {
            self.rng.below(100)
        };
        match k {
            0..=39 => self.float_lit(),
            40..=49 => format!("-({})", self.float_expr(d + 1)),
            50..=79 => {
                let op = self.rng.pick(&["*", "/", "+", "-"]);
                format!(
                    "({} {op} {})",
                    self.float_expr(d + 1),
                    self.float_expr(d + 1)
                )
            }
            80..=89 => {
                let t = self
                    .rng
                    .pick(&["float", "double", "int", "long long", "unsigned char"]);
                format!("(({t}){})", self.float_expr(d + 1))
            }
            _ => format!(
                "({} ? {} : {})",
                self.int_expr(3),
                self.float_expr(d + 1),
                self.float_expr(d + 1)
            ),
        }
    }
}

/// An integer as a C constant of a type wide enough to compare with anything.
fn c_int(v: i128) -> Option<String> {
    if v < 0 {
        if v == i64::MIN as i128 {
            Some("(-9223372036854775807LL - 1)".into())
        } else if v > i64::MIN as i128 {
            Some(format!("(-{}LL)", -v))
        } else {
            None
        }
    } else if v <= u64::MAX as i128 {
        Some(format!("{v}ULL"))
    } else {
        None
    }
}

/// An f64 as an exact hexadecimal floating constant.
fn c_hexfloat(v: f64) -> Option<String> {
    if !v.is_finite() {
        return None;
    }
    let bits = v.to_bits();
    let sign = if bits >> 63 == 1 { "-" } else { "" };
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1u64 << 52) - 1);
    Some(if exp == 0 && mant == 0 {
        format!("{sign}0.0")
    } else if exp == 0 {
        format!("{sign}0x0.{mant:013x}p-1022")
    } else {
        format!("{sign}0x1.{mant:013x}p{}", exp - 1023)
    })
}

/// lang-c's type names for the few shapes the generator writes.
fn lang_c_type(tn: &lang_c::ast::TypeName) -> Option<Type> {
    use lang_c::ast::{DerivedDeclarator, SpecifierQualifier, TypeQualifier, TypeSpecifier};
    let mut words = Vec::new();
    let mut named = None;
    let mut quals = Vec::new();
    for s in &tn.specifiers {
        match &s.node {
            SpecifierQualifier::TypeSpecifier(t) => match &t.node {
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
                TypeSpecifier::Struct(st) => {
                    named = Some(format!("struct {}", st.node.identifier.as_ref()?.node.name))
                }
                TypeSpecifier::TypedefName(id) => named = Some(id.node.name.clone()),
                _ => return None,
            },
            SpecifierQualifier::TypeQualifier(q) => {
                if let TypeQualifier::Const = q.node {
                    quals.push("const".to_string())
                }
            }
            SpecifierQualifier::Extension(_) => {}
        }
    }
    let name = match named {
        Some(n) => n,
        None => consteval::canonical_type_name(&words.join(" "))?,
    };
    let mut ty = Type::CType {
        name,
        qualifiers: quals,
    };
    if let Some(d) = &tn.declarator {
        for dd in &d.node.derived {
            match &dd.node {
                DerivedDeclarator::Pointer(_) => ty = Type::pointer_to(ty),
                _ => return None,
            }
        }
    }
    Some(ty)
}

/// The initializer expression of the last declaration in `src`, through lang-c.
fn via_lang_c(src: &str) -> Result<Option<CExpr>, String> {
    use lang_c::ast::{ExternalDeclaration, Initializer};
    let cfg = lang_c::driver::Config::with_gcc();
    let p = lang_c::driver::parse_preprocessed(&cfg, src.to_string())
        .map_err(|e| format!("lang-c: {e:?}"))?;
    let Some(last) = p.unit.0.last() else {
        return Err("nothing parsed".into());
    };
    let ExternalDeclaration::Declaration(d) = &last.node else {
        return Err("not a declaration".into());
    };
    let init = d.node.declarators[0]
        .node
        .initializer
        .as_ref()
        .ok_or("no initializer")?;
    let Initializer::Expression(e) = &init.node else {
        return Err("not an expression".into());
    };
    Ok(consteval::from_lang_c(&e.node, &lang_c_type))
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float { value: x, ty: tx }, Value::Float { value: y, ty: ty_ }) => {
            tx == ty_ && (x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()))
        }
        _ => a == b,
    }
}

#[test]
fn expressions_match_compilers() {
    let oracles = oracles();
    if oracles.is_empty() {
        eprintln!("note: no compiler found; expression oracle test skipped");
        return;
    }
    let decls = expr_decls();
    let lang_c_prelude = "typedef unsigned short u16_t; struct P0 { char c; double d; }; \
                          enum { K1 = 5, K2 = -3 }; unsigned BIGU;\n";
    let mut total = 0;
    let mut failures = Vec::new();
    for o in &oracles {
        let target = Target::parse(o.triple).unwrap();
        let dm = target.data_model();
        let abi = RecordAbi::for_target(&target);
        let env = TypesEnv {
            types: &decls,
            dm,
            abi,
            idents: &expr_ident,
        };
        // float values are compared exactly only where float arithmetic is not done in
        // extended precision (i686 x87 evaluates float constants as long double)
        let float_values = dm.pointer.size == 8 || !matches!(o.triple, t if t.starts_with("i686"));
        let seed = o
            .triple
            .bytes()
            .fold(99u64, |a, b| a.wrapping_mul(131).wrapping_add(b as u64));
        let mut g = EGen { rng: Rng(seed) };
        let mut c = Checks::default();
        c.raw(EXPR_PRELUDE);
        let (mut n, mut skipped, mut lang_c_checked) = (0, 0, 0);
        for i in 0..2000 {
            let float = i % 4 == 3;
            let text = if float {
                g.float_expr(0)
            } else {
                g.int_expr(0)
            };
            let Some(e) = consteval::parse_macro(&text, &is_type_name) else {
                failures.push(format!("parse_macro failed on `{text}`"));
                continue;
            };
            let v = consteval::eval(&e, &env);
            // the same expression through lang-c
            // (lang-c does not know the GNU escape `\e`)
            if o.args.is_empty() && !o.clang && !text.contains("\\e") {
                let src = format!("{lang_c_prelude}long double x = {text};");
                match via_lang_c(&src) {
                    Ok(Some(e2)) => {
                        lang_c_checked += 1;
                        let v2 = consteval::eval(&e2, &env);
                        let same = match (&v, &v2) {
                            (Ok(a), Ok(b)) => same_value(a, b),
                            (Err(_), Err(_)) => true,
                            _ => false,
                        };
                        if !same {
                            failures.push(format!(
                                "`{text}`: parse_macro gives {v:?}, from_lang_c {v2:?}"
                            ));
                        }
                    }
                    Ok(None) => failures.push(format!("from_lang_c rejected `{text}`")),
                    Err(err) => failures.push(format!("lang-c on `{text}`: {err}")),
                }
            }
            let v = match v {
                Ok(v) => v,
                Err(why) => {
                    if std::env::var("HK_SHOW_SKIPS").is_ok() {
                        eprintln!("skip: {why}: {text}");
                    }
                    skipped += 1;
                    continue;
                }
            };
            let code = type_code(&v);
            // gcc -m32 makes wchar_t `long`; our i686 data model has clang's `int`
            let wchar_differs = o.cmd == "gcc" && o.triple.starts_with("i686");
            if !(wchar_differs && text.contains("L'")) {
                c.check(
                    &format!("_Static_assert(TY({text}) == {code}, \"t{i}\");"),
                    format!("type of `{text}` is {v:?}"),
                );
                n += 1;
            }
            match &v {
                Value::Int { value, .. } => {
                    if let Some(lit) = c_int(*value) {
                        c.check(
                            &format!("_Static_assert(({text}) == {lit}, \"e{i}\");"),
                            format!("`{text}` == {value} ({v:?})"),
                        );
                        n += 1;
                    }
                }
                Value::Float { value, ty } => {
                    if !float_values || *ty == FloatType::LongDouble {
                        continue;
                    }
                    if let Some(lit) = c_hexfloat(*value) {
                        if o.clang {
                            // clang folds this array size, it does not fold static asserts
                            c.check(
                                &format!("typedef char fchk{i}[(({text}) == {lit}) ? 1 : -1];"),
                                format!("`{text}` == {value} ({lit})"),
                            );
                        } else {
                            c.check(
                                &format!("_Static_assert(({text}) == {lit}, \"f{i}\");"),
                                format!("`{text}` == {value} ({lit})"),
                            );
                        }
                        n += 1;
                    }
                }
                Value::Str(_) => {}
            }
        }
        let res = compile(o, "expr", &c.src, &[]);
        let mut rejected = 0;
        let mut mine = Vec::new();
        for (line, msg) in &res.errors {
            let what = c
                .what
                .get(line)
                .cloned()
                .unwrap_or_else(|| format!("line {line}"));
            let is_assert = msg.contains("static assertion failed")
                || msg.contains("static_assert failed")
                || msg.contains("array size is negative")
                || msg.contains("negative size");
            if is_assert {
                mine.push(format!("{}: {msg}\n  expected {what}", o.name()));
            } else {
                // the compiler does not accept it as a constant expression at all
                rejected += 1;
                if rejected <= 3 {
                    eprintln!("note: {} rejects: {msg} ({what})", o.name());
                }
            }
        }
        eprintln!(
            "{}: {n} expression checks, {} failures, {rejected} not constant for the compiler, \
             {skipped} not constant for us, {lang_c_checked} cross-checked through lang-c",
            o.name(),
            mine.len()
        );
        total += n;
        failures.extend(mine);
    }
    for f in failures.iter().take(60) {
        eprintln!("{f}");
    }
    eprintln!("expression checks: {total}, failures: {}", failures.len());
    assert!(
        failures.is_empty(),
        "{} expression mismatches",
        failures.len()
    );
}

// ------------------------------------------------------------------------------------------
// Fixed cases
// ------------------------------------------------------------------------------------------

fn eval_on(triple: &str, text: &str) -> Result<Value, String> {
    let decls = expr_decls();
    let target = Target::parse(triple).unwrap();
    let env = TypesEnv {
        types: &decls,
        dm: target.data_model(),
        abi: RecordAbi::for_target(&target),
        idents: &|n| match n {
            "OTHER_MACRO" => Some(Value::Int {
                value: 41,
                ty: IntType::Int,
            }),
            _ => expr_ident(n),
        },
    };
    let e = consteval::parse_macro(text, &|n| n == "uint32_t" || is_type_name(n))
        .ok_or_else(|| format!("`{text}` does not parse"))?;
    consteval::eval(&e, &env)
}

fn int(value: i128, ty: IntType) -> Value {
    Value::Int { value, ty }
}

const X64: &str = "x86_64-unknown-linux-gnu";
const I686: &str = "i686-unknown-linux-gnu";
const A64: &str = "aarch64-unknown-linux-gnu";
const WIN: &str = "x86_64-pc-windows-msvc";

#[test]
fn literal_types_follow_the_target() {
    use IntType::*;
    let cases: &[(&str, &str, Value)] = &[
        (X64, "2147483647", int(2147483647, Int)),
        (X64, "2147483648", int(2147483648, Long)),
        (I686, "2147483648", int(2147483648, LongLong)),
        (WIN, "2147483648", int(2147483648, LongLong)),
        (X64, "0x80000000", int(0x8000_0000, UInt)),
        (X64, "0x100000000", int(0x1_0000_0000, Long)),
        (I686, "0x100000000", int(0x1_0000_0000, LongLong)),
        (X64, "0xFFFFFFFFFFFFFFFF", int(u64::MAX as i128, ULong)),
        (I686, "0xFFFFFFFFFFFFFFFF", int(u64::MAX as i128, ULongLong)),
        (X64, "18446744073709551615", int(u64::MAX as i128, Int128)),
        (
            I686,
            "18446744073709551615",
            int(u64::MAX as i128, ULongLong),
        ),
        (X64, "1u", int(1, UInt)),
        (X64, "0x10UL", int(16, ULong)),
        (WIN, "0x10UL", int(16, ULong)),
        (X64, "4294967296u", int(4294967296, ULong)),
        (I686, "4294967296u", int(4294967296, ULongLong)),
        (X64, "10LL", int(10, LongLong)),
        (X64, "10llu", int(10, ULongLong)),
        (X64, "017", int(15, Int)),
        (X64, "0b101", int(5, Int)),
        (X64, "0", int(0, Int)),
        (WIN, "0xFFFFFFFFFFFFFFFFll", int(-1, LongLong)),
        (WIN, "0xFFFFFFFFFFFFFFFFi64", int(-1, LongLong)),
        (
            WIN,
            "0xFFFFFFFFFFFFFFFFui64",
            int(u64::MAX as i128, ULongLong),
        ),
        (
            X64,
            "0xFFFFFFFFFFFFFFFFll",
            int(u64::MAX as i128, ULongLong),
        ),
        (X64, "'a'", int(97, Int)),
        (X64, "'\\xff'", int(-1, Int)),
        (A64, "'\\xff'", int(255, Int)),
        (X64, "'ab'", int(0x6162, Int)),
        (X64, "'\\377\\377'", int(0xffff, Int)),
        (X64, "L'\\xff'", int(255, Int)),
        (A64, "L'a'", int(97, UInt)),
        (WIN, "L'a'", int(97, UShort)),
        (X64, "u'x'", int(120, UShort)),
        (X64, "U'\\U0001F600'", int(0x1F600, UInt)),
        (X64, "'\\u00e9'", int(0xC3A9, Int)),
        (X64, "L'ab'", int(98, Int)),
    ];
    for (t, text, want) in cases {
        assert_eq!(&eval_on(t, text).unwrap(), want, "{text} on {t}");
    }
    assert!(eval_on(X64, "18446744073709551616").is_err());
    assert!(eval_on(X64, "08").is_err());
    assert!(eval_on(X64, "1uu").is_err());
    assert!(eval_on(X64, "''").is_err());
}

#[test]
fn floats() {
    let f = |t: &str| eval_on(X64, t).unwrap();
    assert_eq!(
        f("1e-3f"),
        Value::Float {
            value: 0.001f32 as f64,
            ty: FloatType::Float
        }
    );
    assert_eq!(
        f("0x1.8p3"),
        Value::Float {
            value: 12.0,
            ty: FloatType::Double
        }
    );
    assert_eq!(
        f("1.5L"),
        Value::Float {
            value: 1.5,
            ty: FloatType::LongDouble
        }
    );
    assert_eq!(
        f("0x1p-1074"),
        Value::Float {
            value: f64::from_bits(1),
            ty: FloatType::Double
        }
    );
    assert_eq!(
        f("1.f / 3"),
        Value::Float {
            value: (1.0f32 / 3.0f32) as f64,
            ty: FloatType::Float
        }
    );
    assert_eq!(f("(int)-2.9"), int(-2, IntType::Int));
    assert_eq!(f("(_Bool)0.5"), int(1, IntType::Bool));
    assert_eq!(f("1.5 > 1"), int(1, IntType::Int));
    assert!(eval_on(X64, "(int)1e10").is_err());
    assert!(eval_on(X64, "1.5 % 2").is_err());
    assert!(eval_on(X64, "0x1.8").is_err());
}

#[test]
fn evaluation_rules() {
    use IntType::*;
    let e = |t: &str| eval_on(X64, t);
    assert_eq!(e("(unsigned char)300").unwrap(), int(44, UChar));
    assert_eq!(e("(signed char)200").unwrap(), int(-56, SChar));
    assert_eq!(e("(char)200").unwrap(), int(-56, Char));
    assert_eq!(eval_on(A64, "(char)200").unwrap(), int(200, Char));
    assert_eq!(e("(_Bool)256").unwrap(), int(1, Bool));
    assert_eq!(e("(-2147483647 - 1)").unwrap(), int(-2147483648, Int));
    assert_eq!(e("2147483647 + 1").unwrap(), int(-2147483648, Int));
    assert_eq!(e("-1 < 0u").unwrap(), int(0, Int));
    assert_eq!(e("-1 < 0L").unwrap(), int(1, Int));
    assert_eq!(eval_on(I686, "-1L < 0u").unwrap(), int(0, Int));
    assert_eq!(e("-1L < 0u").unwrap(), int(1, Int));
    assert_eq!(e("(1u << 4)").unwrap(), int(16, UInt));
    assert_eq!(e("1 << 31").unwrap(), int(-2147483648, Int));
    assert_eq!(e("-16 >> 2").unwrap(), int(-4, Int));
    assert_eq!(e("0xFFFFFFFFu >> 31").unwrap(), int(1, UInt));
    assert_eq!(
        e("(unsigned long)~0").unwrap(),
        int(u64::MAX as i128, ULong)
    );
    assert_eq!(e("~0u").unwrap(), int(u32::MAX as i128, UInt));
    assert_eq!(
        e("(unsigned short)1 + (unsigned short)1").unwrap(),
        int(2, Int)
    );
    assert_eq!(e("-7 / 2").unwrap(), int(-3, Int));
    assert_eq!(e("-7 % 2").unwrap(), int(-1, Int));
    assert_eq!(e("1 ? 2 : 1 / 0").unwrap(), int(2, Int));
    assert_eq!(e("0 && 1 / 0").unwrap(), int(0, Int));
    assert_eq!(e("1 || 1 % 0").unwrap(), int(1, Int));
    assert_eq!(e("0 ? 1 << 99 : 3").unwrap(), int(3, Int));
    assert_eq!(e("1 ? 1 : 2u").unwrap(), int(1, UInt));
    assert_eq!(
        e("1 ? 1 : 2.0").unwrap(),
        Value::Float {
            value: 1.0,
            ty: FloatType::Double
        }
    );
    assert!(e("1 / 0").unwrap_err().contains("division by zero"));
    assert!(e("1 % 0").is_err());
    assert!(e("1 << 32").is_err());
    assert!(e("1 << -1").is_err());
    assert!(e("(void *)0").unwrap_err().contains("not arithmetic"));
    assert_eq!(e("(unsigned long)(void *)0").unwrap(), int(0, ULong));
    assert_eq!(e("(void *)0 == 0").unwrap(), int(1, Int));
    assert_eq!(e("!(void *)0").unwrap(), int(1, Int));
    assert_eq!(
        e("(uint32_t)0xFFFFFFFF").unwrap_err(),
        "cast to non-scalar type `uint32_t`"
    );
    assert_eq!(e("OTHER_MACRO + 1").unwrap(), int(42, Int));
    assert!(e("UNKNOWN + 1").is_err());
    // sizeof, _Alignof, offsetof
    assert_eq!(e("sizeof(long)").unwrap(), int(8, ULong));
    assert_eq!(eval_on(I686, "sizeof(long)").unwrap(), int(4, UInt));
    assert_eq!(eval_on(WIN, "sizeof(long)").unwrap(), int(4, ULongLong));
    assert_eq!(e("sizeof 'a'").unwrap(), int(4, ULong));
    assert_eq!(e("sizeof ((char)'a')").unwrap(), int(1, ULong));
    assert_eq!(e("sizeof \"abc\"").unwrap(), int(4, ULong));
    assert_eq!(e("sizeof L\"abc\"").unwrap(), int(16, ULong));
    assert_eq!(eval_on(WIN, "sizeof L\"abc\"").unwrap(), int(8, ULongLong));
    assert_eq!(e("sizeof u8\"\\u00e9\"").unwrap(), int(3, ULong));
    assert_eq!(e("sizeof(\"\\x1\" \"2\")").unwrap(), int(3, ULong));
    assert_eq!(e("sizeof(1 / 0)").unwrap(), int(4, ULong));
    assert_eq!(e("sizeof(1.0f)").unwrap(), int(4, ULong));
    assert_eq!(e("sizeof(void)").unwrap(), int(1, ULong));
    assert_eq!(e("sizeof(struct P0)").unwrap(), int(16, ULong));
    assert_eq!(eval_on(I686, "sizeof(struct P0)").unwrap(), int(12, UInt));
    assert_eq!(eval_on(I686, "_Alignof(double)").unwrap(), int(4, UInt));
    assert_eq!(
        e("__builtin_offsetof(struct P0, d)").unwrap(),
        int(8, ULong)
    );
    assert_eq!(e("offsetof(struct P0, c)").unwrap(), int(0, ULong));
    assert_eq!(e("sizeof(u16_t *)").unwrap(), int(8, ULong));
    assert!(e("sizeof(struct Nope)").is_err());
    assert_eq!(
        e("\"str\" \"cat\"").unwrap(),
        Value::Str("\"strcat\"".into())
    );
}

#[test]
fn macro_bodies() {
    let tn = |n: &str| n == "uint32_t";
    let p = |s: &str| consteval::parse_macro(s, &tn);
    let lit = |s: &str| Box::new(CExpr::Literal(s.into()));
    assert_eq!(
        p("((int)1)"),
        Some(CExpr::Cast(Type::named("int"), lit("1")))
    );
    assert_eq!(
        p("(1u << 4)"),
        Some(CExpr::Binary(BinaryOp::Shl, lit("1u"), lit("4")))
    );
    assert_eq!(p("0x10UL"), Some(CExpr::Literal("0x10UL".into())));
    assert_eq!(
        p("sizeof(long)"),
        Some(CExpr::SizeofType(Type::named("long")))
    );
    assert_eq!(
        p("(uint32_t)0xFFFFFFFF"),
        Some(CExpr::Cast(Type::named("uint32_t"), lit("0xFFFFFFFF")))
    );
    assert_eq!(p("\"str\" \"cat\""), Some(CExpr::Str("\"strcat\"".into())));
    assert_eq!(p("L\"a\" \"b\""), Some(CExpr::Str("L\"ab\"".into())));
    assert_eq!(
        p("\"\\x1\" \"2\""),
        Some(CExpr::Str("\"\\x1\\062\"".into()))
    );
    assert_eq!(p("'a'"), Some(CExpr::Literal("'a'".into())));
    assert_eq!(p("1e-3f"), Some(CExpr::Literal("1e-3f".into())));
    assert_eq!(
        p("OTHER_MACRO + 1"),
        Some(CExpr::Binary(
            BinaryOp::Add,
            Box::new(CExpr::Ident("OTHER_MACRO".into())),
            lit("1")
        ))
    );
    assert_eq!(
        p("(unsigned long)~0"),
        Some(CExpr::Cast(
            Type::named("unsigned long"),
            Box::new(CExpr::Unary(consteval::UnaryOp::Complement, lit("0")))
        ))
    );
    assert_eq!(
        p("(long unsigned int)1"),
        Some(CExpr::Cast(Type::named("unsigned long"), lit("1")))
    );
    assert_eq!(
        p("(const char *)0"),
        Some(CExpr::Cast(
            Type::pointer_to(Type::CType {
                name: "char".into(),
                qualifiers: vec!["const".into()]
            }),
            lit("0")
        ))
    );
    assert_eq!(
        p("(struct foo *)0"),
        Some(CExpr::Cast(
            Type::pointer_to(Type::named("struct foo")),
            lit("0")
        ))
    );
    assert_eq!(
        p("__builtin_offsetof(struct s, a.b[2])"),
        Some(CExpr::Offsetof(
            Type::named("struct s"),
            vec![
                Designator::Member("a".into()),
                Designator::Member("b".into()),
                Designator::Index(lit("2"))
            ]
        ))
    );
    assert_eq!(
        p("(signed)1"),
        Some(CExpr::Cast(Type::named("int"), lit("1")))
    );
    assert_eq!(p("__extension__ 1"), Some(CExpr::Literal("1".into())));
    assert_eq!(p("/* c */ 1 // x"), Some(CExpr::Literal("1".into())));
    for bad in [
        "",
        "   ",
        "do { } while (0)",
        "int",
        "unsigned int",
        "uint32_t",
        "struct s",
        "__attribute__((packed))",
        "{1, 2}",
        "x = 1",
        "x += 1",
        "foo(1)",
        "1;",
        "return 1",
        "(x)++",
        "a.b",
        "a->b",
        "a[1]",
        "1, 2",
        "(struct s){0}",
        "#x",
        "a ## b",
        "&x",
        "*p",
        "1 +",
        "(1",
        "1)",
        "__typeof__(x)",
        "static int",
        "__declspec(dllimport)",
        "'unterminated",
    ] {
        assert_eq!(p(bad), None, "`{bad}` is not a constant expression");
    }
}

#[test]
fn lang_c_constants_round_trip() {
    let prelude = "struct P0 { char c; double d; }; typedef unsigned short u16_t;\n";
    for (text, want) in [
        ("0x1fUL", "0x1ful"),
        ("017", "017"),
        ("0b11", "0b11"),
        ("0", "0"),
        ("42ll", "42ll"),
        ("1.5f", "1.5f"),
        ("0x1.8p3", "0x1.8p3"),
        ("2.5L", "2.5L"),
        ("'a'", "'a'"),
        ("L'a'", "L'a'"),
    ] {
        let e = via_lang_c(&format!("{prelude}long double x = {text};"))
            .unwrap()
            .unwrap();
        assert_eq!(e, CExpr::Literal(want.into()), "{text}");
    }
    let e = via_lang_c(&format!(
        "{prelude}unsigned long x = __builtin_offsetof(struct P0, d) + sizeof(u16_t) + _Alignof(int);"
    ))
    .unwrap()
    .unwrap();
    assert_eq!(
        eval_on(
            X64,
            "__builtin_offsetof(struct P0, d) + sizeof(u16_t) + _Alignof(int)"
        )
        .unwrap(),
        {
            let decls = expr_decls();
            let t = Target::parse(X64).unwrap();
            let env = TypesEnv {
                types: &decls,
                dm: t.data_model(),
                abi: RecordAbi::for_target(&t),
                idents: &|_| None,
            };
            consteval::eval(&e, &env).unwrap()
        }
    );
    let s = via_lang_c(&format!("{prelude}const char *x = \"a\" L\"b\";"))
        .unwrap()
        .unwrap();
    assert_eq!(s, CExpr::Str("L\"ab\"".into()));
    // not constant expressions
    for text in ["x = 1", "f(1)", "p->a", "a[1]", "(struct P0){0}", "x++"] {
        let r = via_lang_c(&format!(
            "{prelude}int x, *p, a[2], f(int); int y = {text};"
        ));
        assert!(matches!(r, Ok(None)), "{text}: {r:?}");
    }
}

#[test]
fn record_abi_from_data_model_matches_target() {
    for t in Target::supported_triples() {
        let target = Target::parse(t).unwrap();
        let from_dm = RecordAbi::from_data_model(&target.data_model());
        let want = RecordAbi::for_target(&target);
        if t.starts_with("x86_64-apple") {
            // same data model as x86_64 Linux; the difference (aligned bit-fields) is rare
            assert_eq!(from_dm, RecordAbi::SysV);
            assert_eq!(want, RecordAbi::SysVClang);
        } else {
            assert_eq!(from_dm, want, "{t}");
        }
    }
}

#[test]
fn layout_special_cases() {
    let decls = prelude_decls(false);
    let dm = Target::parse(X64).unwrap().data_model();
    let win = Target::parse(WIN).unwrap().data_model();
    let lay = |ty: Type, dm: &DataModel| layout::layout_of(&ty, &decls, dm);
    let l = |size, align| Ok(layout::Layout { size, align });
    assert_eq!(lay(Type::named("enum E2"), &dm), l(8, 8));
    assert_eq!(lay(Type::named("enum E3"), &dm), l(1, 1));
    assert_eq!(lay(Type::named("enum E4"), &dm), l(2, 2));
    assert_eq!(lay(Type::named("enum E5"), &dm), l(4, 4));
    assert_eq!(lay(Type::named("enum E3"), &win), l(4, 4));
    assert_eq!(lay(Type::named("TS0"), &dm), l(4, 2));
    assert_eq!(lay(Type::named("P0_t"), &dm), l(16, 8));
    assert_eq!(lay(Type::named("long unsigned int"), &dm), l(8, 8));
    assert_eq!(lay(Type::named("_Complex double"), &dm), l(16, 8));
    assert_eq!(lay(Type::named("__builtin_va_list"), &dm), l(24, 8));
    assert_eq!(
        lay(
            Type::Array {
                element: Box::new(Type::named("int")),
                size: None
            },
            &dm
        ),
        l(0, 4)
    );
    assert!(lay(Type::named("void"), &dm).is_err());
    assert!(lay(Type::named("struct Nope"), &dm).is_err());
    assert!(lay(Type::named("struct"), &dm).is_err());
    let opaque = Struct {
        name: Some("O".into()),
        is_opaque: true,
        ..Default::default()
    };
    assert!(layout::struct_layout(&opaque, &decls, &dm).is_err());
    // typedefs of anonymous records, through an ir::Header
    let anon = Struct {
        fields: vec![
            Field {
                name: "a".into(),
                ty: Type::named("char"),
                bit_width: None,
                anonymous_struct: None,
                anonymous_enum: None,
                aligned: None,
                is_packed: false,
            },
            Field {
                name: "b".into(),
                ty: Type::named("long"),
                bit_width: None,
                anonymous_struct: None,
                anonymous_enum: None,
                aligned: None,
                is_packed: false,
            },
        ],
        ..Default::default()
    };
    let header = ir::Header {
        declarations: vec![
            ir::Declaration::Typedef(ir::Typedef {
                name: "T".into(),
                underlying_type: Type::Array {
                    element: Box::new(Type::named("struct")),
                    size: Some(ArraySize::Fixed(2)),
                },
                anonymous_struct: Some(Box::new(anon.clone())),
                anonymous_enum: None,
                deprecated: None,
                location: None,
            }),
            ir::Declaration::Struct(Struct {
                name: Some("U".into()),
                is_typedef: true,
                ..anon.clone()
            }),
            ir::Declaration::Enum(ir::Enum {
                name: Some("E".into()),
                is_opaque: true,
                ..Default::default()
            }),
            ir::Declaration::Enum(ir::Enum {
                name: Some("E".into()),
                values: vec![ir::EnumValue {
                    name: "X".into(),
                    value: -1,
                }],
                ..Default::default()
            }),
        ],
        ..Default::default()
    };
    let hl = |t: &str| layout::layout_of(&Type::named(t), &header, &dm);
    assert_eq!(hl("T"), l(32, 8));
    assert_eq!(hl("U"), l(16, 8));
    assert_eq!(hl("struct U"), l(16, 8));
    assert_eq!(hl("enum E"), l(4, 4));
    let cx = TypesEnv {
        types: &header,
        dm,
        abi: RecordAbi::SysV,
        idents: &|_| None,
    };
    let off = consteval::parse_macro("offsetof(T, b)", &|n| n == "T").unwrap();
    assert!(consteval::eval(&off, &cx).is_err(), "T is an array");
    let off = consteval::parse_macro("offsetof(U, b)", &|n| n == "U").unwrap();
    assert_eq!(consteval::eval(&off, &cx).unwrap(), int(8, IntType::ULong));
    // empty structs: 0 with gcc, 4 with MSVC
    let empty = Struct::default();
    assert_eq!(
        layout::struct_layout(&empty, &decls, &dm)
            .unwrap()
            .layout
            .size,
        0
    );
    assert_eq!(
        layout::struct_layout(&empty, &decls, &win)
            .unwrap()
            .layout
            .size,
        4
    );
}

#[test]
fn base_types_match_compilers() {
    let types = [
        "char",
        "short",
        "int",
        "long",
        "long long",
        "float",
        "double",
        "long double",
        "_Bool",
        "void *",
        "__builtin_va_list",
        "_Complex float",
        "_Complex double",
        "_Complex long double",
        "enum E1",
        "enum E2",
        "enum E3",
        "enum E4",
        "enum E5",
        "u16_t",
        "P0_t",
        "TS0",
    ];
    let mut total = 0;
    let mut failures = Vec::new();
    for o in oracles() {
        let target = Target::parse(o.triple).unwrap();
        let dm = target.data_model();
        let abi = RecordAbi::for_target(&target);
        let decls = prelude_decls(abi == RecordAbi::Msvc);
        let mut c = Checks::default();
        c.raw(PRELUDE);
        let mut list: Vec<&str> = types.to_vec();
        if dm.pointer.size == 8 {
            list.push("__int128");
        }
        for t in list {
            let ty = match t.strip_suffix(" *") {
                Some(p) => Type::pointer_to(Type::named(p)),
                None => Type::named(t),
            };
            let l = layout::layout_of_abi(&ty, &decls, &dm, abi).unwrap();
            c.check(
                &format!(
                    "_Static_assert(sizeof({t}) == {} && _Alignof({t}) == {}, \"{t}\");",
                    l.size, l.align
                ),
                format!("{t}: size {} align {}", l.size, l.align),
            );
            total += 1;
        }
        let res = compile(&o, "base", &c.src, &[]);
        for (line, msg) in &res.errors {
            failures.push(format!(
                "{}: {msg}: expected {:?}",
                o.name(),
                c.what.get(line)
            ));
        }
    }
    for f in &failures {
        eprintln!("{f}");
    }
    eprintln!("base type checks: {total}, failures: {}", failures.len());
    assert!(failures.is_empty());
}
