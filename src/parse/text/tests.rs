use super::*;
use lang_c::driver::{Config, parse_preprocessed};

/// Prepares `src`, checks the length-preserving contract, and returns the rewritten input.
fn rw(src: &str) -> String {
    rwb(src.as_bytes())
}

fn rwb(src: &[u8]) -> String {
    let p = prepare(src);
    assert_eq!(p.prelude_len, PRELUDE.len());
    assert!(p.text.starts_with(PRELUDE));
    let body = &p.text[p.prelude_len..];
    assert_eq!(body.len(), src.len(), "length changed");
    for (k, (&a, &b)) in src.iter().zip(body.as_bytes()).enumerate() {
        assert_eq!(a == b'\n', b == b'\n', "newline moved at {k}");
    }
    body.to_string()
}

/// Prepares and parses; panics with the text on a parse error.
fn parses(src: &str) -> lang_c::driver::Parse {
    let p = prepare(src.as_bytes());
    match parse_preprocessed(&Config::with_gcc(), p.text.clone()) {
        Ok(p) => p,
        Err(e) => panic!("{e:?}\n{}", p.text),
    }
}

/// `src` with each of `parts` (in order, one occurrence each) turned into spaces.
fn without(src: &str, parts: &[&str]) -> String {
    let mut s = src.to_string();
    let mut from = 0;
    for p in parts {
        let at = from + s[from..].find(p).unwrap();
        let blank: String = p.chars().map(|c| if c == '\n' { c } else { ' ' }).collect();
        s.replace_range(at..at + p.len(), &blank);
        from = at + p.len();
    }
    s
}

fn notes(src: &str) -> Vec<(usize, Note)> {
    prepare(src.as_bytes())
        .notes
        .into_iter()
        .map(|(o, n)| (o - PRELUDE.len(), n))
        .collect()
}

#[test]
fn prelude_matches_table() {
    let want: String = PSEUDO_TYPEDEFS
        .iter()
        .map(|(n, _)| format!("typedef int {n};\n"))
        .collect();
    let mut a: Vec<&str> = PRELUDE.lines().collect();
    let mut b: Vec<&str> = want.lines().collect();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b);
    assert_eq!(UINT128.len(), "__int128".len());
    parses("");
}

#[test]
fn attributes_move_before_struct_keyword() {
    assert_eq!(
        rw("struct __attribute__ ((__packed__)) sdshdr5 { unsigned char flags; };"),
        "__attribute__ ((__packed__)) struct sdshdr5 { unsigned char flags; };"
    );
    assert_eq!(
        rw("typedef struct __attribute__((aligned(16))) s { int a; } t;"),
        "typedef __attribute__((aligned(16))) struct s { int a; } t;"
    );
    assert_eq!(
        rw("union __attribute__((a)) __attribute__((b)) u { int x; };"),
        "__attribute__((a)) __attribute__((b)) union u { int x; };"
    );
    // Packed together: only the spaces that are needed.
    assert_eq!(
        rw("struct __attribute__((a))__attribute__((b)) u { int x; };"),
        "__attribute__((a))__attribute__((b))struct  u { int x; };"
    );
    assert_eq!(
        rw("enum __attribute__((packed)) E { A };"),
        "__attribute__((packed)) enum E { A };"
    );
    // Anonymous.
    assert_eq!(
        rw("typedef struct __attribute__((packed)) { int a; } T;"),
        "typedef __attribute__((packed)) struct { int a; } T;"
    );
    // After the tag, before a body.
    assert_eq!(
        rw("struct s __attribute__((packed)) { int a; };"),
        "__attribute__((packed)) struct s { int a; };"
    );
    // After the tag, no body: left alone (lang-c accepts it).
    assert_eq!(
        rw("struct s __attribute__((unused)) *p;"),
        "struct s __attribute__((unused)) *p;"
    );
    for src in [
        "struct __attribute__((packed)) s { int a; };",
        "typedef struct __attribute__((aligned(16))) s { int a; } t;",
        "typedef struct __attribute__((packed)) { int a; } T;",
        "enum __attribute__((packed)) E { A };",
        "struct s __attribute__((packed)) { int a; };",
        "struct __attribute__((a))__attribute__((b)) u { int x; };",
        "struct s __attribute__((unused)) *p;",
    ] {
        parses(src);
    }
}

#[test]
fn attributes_and_braces_inside_structs() {
    // A nested struct with an attribute before its `{`, attributes on members, a member
    // function pointer: nothing is taken for a function body.
    let src = "struct outer {\n  struct __attribute__((packed)) { char c; int i; } in;\n  \
               int (*cb)(void) __attribute__((aligned(8)));\n  union u __attribute__((x)) { int a; } v;\n} \
               __attribute__((aligned(16)));\nstruct __attribute__((aligned(16))) s { int (*f)(int); };";
    let out = rw(src);
    assert!(
        out.contains("__attribute__((packed)) struct { char c; int i; } in;"),
        "{out}"
    );
    assert!(
        out.contains("__attribute__((x)) union u { int a; } v;"),
        "{out}"
    );
    assert!(
        out.contains("__attribute__((aligned(16))) struct s { int (*f)(int); };"),
        "{out}"
    );
    parses(src);
    // `__attribute__((…))` then `{` at file scope is a struct's, not a body.
    let src = "struct s __attribute__((aligned(16))) {\n  int a;\n};";
    assert_eq!(
        rw(src),
        "__attribute__((aligned(16))) struct s {\n  int a;\n};"
    );
}

#[test]
fn attributes_move_over_lines_when_they_fit() {
    // The keyword on its own line: the tokens are laid out again line by line.
    let src = "struct __attribute__((packed))\n      s { int a; };";
    let out = rw(src);
    assert_eq!(out, "__attribute__((packed)) struct\n      s { int a; };");
    let src = "struct         \n__attribute__((x,y)) s { int a; };";
    assert_eq!(
        rw(src),
        "__attribute__((\nx,y))struct          s { int a; };"
    );
    parses(src);
    // No way to fit: left alone.
    let src = "struct\n__attribute__((packed)) s { int a; };";
    assert_eq!(rw(src), src);
}

#[test]
fn hiredis_struct_is_not_a_function() {
    let src =
        "struct __attribute__ ((__packed__)) sdshdr8 {\n    uint8_t len;\n    char buf[];\n};";
    let p = parses(&format!("typedef unsigned char uint8_t;\n{src}"));
    for d in &p.unit.0 {
        assert!(
            !matches!(
                d.node,
                lang_c::ast::ExternalDeclaration::FunctionDefinition(_)
            ),
            "parsed as a function definition"
        );
    }
}

#[test]
fn function_bodies_are_blanked() {
    let src = "static inline int f(int x) { if (x) { return \"}{\"[0] + '{'; } return 0; }\nint g;";
    let out = rw(src);
    assert_eq!(
        out,
        without(src, &[&src[29..src.find("\nint g").unwrap() - 1]])
    );
    parses(src);
    // Newlines and # lines inside are kept.
    let src = "int f(void) {\n  return 1;\n# 5 \"a.h\"\n  x;\n}\nint y;";
    assert_eq!(
        rw(src),
        "int f(void) {\n           \n# 5 \"a.h\"\n    \n}\nint y;"
    );
    // Not after an attribute group, an initializer, or inside structs.
    for src in [
        "struct s __attribute__((x)) { int a; };",
        "struct s { int (*f)(void); struct { int b; } c; };",
        "int *p = (int[]){ 1, 2 };",
        "__attribute__((x)) int f(void) __asm__(\"y\");",
    ] {
        assert!(!rw(src).contains("{   "), "{src}");
    }
    // GNU statement constructs lang-c cannot parse disappear with the body.
    parses(
        "static inline unsigned long f(unsigned long a) {\n  unsigned __int128 r = (unsigned __int128)a * a;\n  \
         switch (a) { case 0: __attribute__((__fallthrough__)); default: break; }\n  \
         return __extension__ (unsigned long)(r >> 64);\n}\n",
    );
    // Nested function definitions after an attribute on the declarator.
    let src = "__attribute__((always_inline)) static inline void g(void) { { } }";
    assert_eq!(
        rw(src),
        "__attribute__((always_inline)) static inline void g(void) {     }"
    );
}

#[test]
fn int128() {
    assert_eq!(
        rw("__int128 a; unsigned __int128 b;"),
        "__int128 a;          __hku128 b;"
    );
    assert_eq!(
        rw("signed __int128 a; __int128 unsigned b;"),
        "       __int128 a; __hku128          b;"
    );
    assert_eq!(rw("unsigned\n__int128 b;"), "        \n__hku128 b;");
    assert_eq!(
        rw("__int128_t a; __uint128_t b; const unsigned __int128 *c;"),
        "__int128_t a; __uint128_t b; const          __hku128 *c;"
    );
    parses("__int128 a; unsigned __int128 b; signed __int128 c; __int128_t d; __uint128_t e;");
    parses("typedef unsigned __int128 u128; u128 f(__int128 x, unsigned __int128 *y);");
}

#[test]
fn keywords() {
    assert_eq!(rw("__const__ int a;"), "const     int a;");
    assert_eq!(rw("int * __const__ p;"), "int * const     p;");
    // Not inside attributes.
    assert_eq!(
        rw("int f(void) __attribute__((__const__));"),
        "int f(void) __attribute__((__const__));"
    );
    assert_eq!(rw("__float128 x;"), "_Float128  x;");
    parses(
        "__const__ int a; int * __const__ p; int f(void) __attribute__((__const__)); __float128 x;",
    );
    // lang-c's GNU flavour knows these as written.
    let ok = "__const int a; __signed__ char b; __volatile__ int c; static __inline__ int f(void); \
              int * __restrict__ p; int q = __alignof__(long); __typeof__(q) r; int g(void) __asm__(\"h\"); \
              __extension__ typedef long long ll; _Float16 h;";
    assert_eq!(rw(ok), ok);
    parses(ok);
}

#[test]
fn blanked_with_notes() {
    let src = "struct s { _Alignas(16) int x; _Alignas( sizeof (long) ) char y; };";
    assert_eq!(
        rw(src),
        without(src, &["_Alignas(16)", "_Alignas( sizeof (long) )"])
    );
    assert_eq!(
        notes(src),
        [
            (11, Note::Alignas("16".into())),
            (31, Note::Alignas("sizeof (long)".into()))
        ]
    );
    parses(src);
    let src = "extern __thread int t; int __stdcall f(void); void (__cdecl *g)(int);";
    assert_eq!(rw(src), without(src, &["__thread", "__stdcall", "__cdecl"]));
    assert_eq!(
        notes(src),
        [
            (7, Note::ThreadLocal),
            (27, Note::CallingConvention("__stdcall".into())),
            (52, Note::CallingConvention("__cdecl".into()))
        ]
    );
    parses(src);
    let src = "struct __declspec(dllexport) s { int a; }; __declspec( align(8) ) int x;";
    assert_eq!(
        rw(src),
        without(src, &["__declspec(dllexport)", "__declspec( align(8) )"])
    );
    assert_eq!(
        notes(src),
        [
            (7, Note::Declspec("dllexport".into())),
            (43, Note::Declspec("align(8)".into()))
        ]
    );
    parses(src);
}

#[test]
fn blanked_without_notes() {
    let src =
        "[[deprecated(\"x]]\")]] int a; struct [[gnu::packed]] s { int a [[maybe_unused]]; };";
    assert_eq!(
        rw(src),
        without(
            src,
            &[
                "[[deprecated(\"x]]\")]]",
                "[[gnu::packed]]",
                "[[maybe_unused]]"
            ]
        )
    );
    parses(src);
    let src = "int * _Nonnull p; int * _Nullable q; int * _Null_unspecified r; int * __nonnull s;";
    assert_eq!(
        rw(src),
        without(
            src,
            &["_Nonnull", "_Nullable", "_Null_unspecified", "__nonnull"]
        )
    );
    parses(src);
    let src = "int a;\n__asm__(\".symver a,b@V\");\nasm volatile (\"\");\nint b;";
    assert_eq!(
        rw(src),
        without(
            src,
            &["__asm__(\".symver a,b@V\");", "asm volatile (\"\");"]
        )
    );
    parses(src);
    let src = "int a; /* c */ // d\nint b;";
    assert_eq!(rw(src), without(src, &["/* c */ // d"]));
    parses(src);
    assert_eq!(rw("int\x0ba;\r\nint\rb;"), "int a;\r\nint b;");
}

#[test]
fn non_utf8_bytes() {
    let src = b"char *s = \"\xff\xfe\xc3\xa9\"; char c = '\x80';";
    let out = rwb(src);
    assert_eq!(out, "char *s = \"??\u{e9}\"; char c = '?';");
    // A truncated sequence at the end.
    assert_eq!(rwb(b"int a; \xe2\x82"), "int a; ??");
}

#[test]
fn pragma_pack() {
    let src = "#pragma pack(push, 1)\nstruct a { char c; int i; };\n#pragma pack(pop)\n\
               #pragma pack(4)\n#pragma pack(push, r, 2)\n#pragma pack(push, 8)\n#pragma pack(pop, r)\n\
               #pragma pack()\n#  pragma   pack ( 2 )\n#pragma pack(pop, 16)\n#pragma GCC visibility push(default)\n\
               #pragma pack(push)\n#pragma pack(pop)\n";
    let got = notes(src);
    let at = |needle: &str| src.find(needle).unwrap();
    assert_eq!(
        got,
        [
            (0, Note::Pack(Some(1))),
            (at("#pragma pack(pop)"), Note::Pack(None)),
            (at("#pragma pack(4)"), Note::Pack(Some(4))),
            (at("#pragma pack(push, r, 2)"), Note::Pack(Some(2))),
            (at("#pragma pack(push, 8)"), Note::Pack(Some(8))),
            (at("#pragma pack(pop, r)"), Note::Pack(Some(4))),
            (at("#pragma pack()"), Note::Pack(None)),
            (at("#  pragma"), Note::Pack(Some(2))),
            (at("#pragma pack(pop, 16)"), Note::Pack(Some(16))),
        ]
    );
    // The pragma lines stay; lang-c skips them.
    assert_eq!(rw(src), src);
    parses(src);
    // typedef'd packed structs between pragmas.
    let src =
        "#pragma pack(push, 2)\ntypedef struct { char c; int i; } T;\n#pragma pack(pop)\nT t;";
    assert_eq!(
        notes(src),
        [
            (0, Note::Pack(Some(2))),
            (src.find("#pragma pack(pop)").unwrap(), Note::Pack(None))
        ]
    );
    parses(src);
}

#[test]
fn notes_are_sorted() {
    let src = "__thread int a;\n#pragma pack(1)\n_Alignas(4) int b;";
    let n = notes(src);
    assert_eq!(n.len(), 3);
    assert!(n.windows(2).all(|w| w[0].0 <= w[1].0));
}

#[test]
fn locate_follows_markers() {
    let src = "# 0 \"main.h\"\n# 1 \"/usr/include/a.h\" 1 3 4\nint a;\n  int b;\n# 7 \"main.h\" 2\nint c;\n";
    let p = prepare(src.as_bytes());
    let at = |needle: &str| p.prelude_len + src.find(needle).unwrap();
    let pos = p.lines.locate(at("int a"));
    assert_eq!(p.lines.file_name(pos), "/usr/include/a.h");
    assert_eq!((pos.line, pos.column), (1, 1));
    assert!(p.lines.files[pos.file as usize].system);
    let pos = p.lines.locate(at("b;"));
    assert_eq!((pos.line, pos.column), (2, 7));
    let pos = p.lines.locate(at("int c"));
    assert_eq!(p.lines.file_name(pos), "main.h");
    assert_eq!(pos.line, 7);
    assert!(!p.lines.files[pos.file as usize].system);
    // Deduplicated; the prelude first.
    let names: Vec<&str> = p.lines.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, [PRELUDE_FILE, "main.h", "/usr/include/a.h"]);
    let pos = p.lines.locate(3);
    assert_eq!((pos.file, pos.line, pos.column), (0, 1, 4));
    let pos = p.lines.locate(PRELUDE.find("__hku128").unwrap());
    assert_eq!((pos.file, pos.line), (0, 2));
    // Past the end: the last line.
    let pos = p.lines.locate(p.text.len() + 10);
    assert_eq!(p.lines.file_name(pos), "main.h");
}

/// Line numbers after a marker at the largest line number wrap around (they used to
/// overflow).
#[test]
fn locate_wraps_past_the_largest_line_number() {
    let src = "# 4294967295 \"a.h\"\nint x;\nint y;\n";
    let p = prepare(src.as_bytes());
    let at = |needle: &str| p.prelude_len + src.find(needle).unwrap();
    assert_eq!(p.lines.locate(at("int x")).line, 4294967295);
    assert_eq!(p.lines.locate(at("int y")).line, 0);
}

#[test]
fn locate_without_markers_and_escaped_names() {
    let p = prepare(b"int a;\nint b;");
    let pos = p.lines.locate(p.prelude_len + 8);
    assert_eq!(
        (p.lines.file_name(pos), pos.line, pos.column),
        (UNMARKED_FILE, 2, 2)
    );
    let p = prepare(b"# 3 \"C:\\\\dir\\\\a \\\"q\\\".h\"\nint a;");
    let pos = p.lines.locate(p.text.len() - 2);
    assert_eq!(
        (p.lines.file_name(pos), pos.line),
        ("C:\\dir\\a \"q\".h", 3)
    );
    assert_eq!(
        LineIndex::default().locate(5),
        Position {
            file: 0,
            line: 0,
            column: 0
        }
    );
}

/// Random token soup: no panic, lengths and newlines kept, valid UTF-8, sorted notes.
#[test]
fn random_input_keeps_the_contract() {
    const PIECES: &[&[u8]] = &[
        b"struct",
        b"union",
        b"enum",
        b"__attribute__",
        b"((packed))",
        b"(",
        b")",
        b"{",
        b"}",
        b"[",
        b"]",
        b"[[",
        b"]]",
        b";",
        b"=",
        b"==",
        b" ",
        b"  ",
        b"\n",
        b"\n# 3 \"f.h\" 3\n",
        b"\n#pragma pack(push, 2)\n",
        b"\n#pragma pack(pop)\n",
        b"\"s{\\\"\"",
        b"'}'",
        b"'",
        b"\"",
        b"unsigned",
        b"__int128",
        b"signed",
        b"_Alignas",
        b"__declspec",
        b"__thread",
        b"__stdcall",
        b"__const__",
        b"__float128",
        b"__asm__",
        b"x",
        b"tag",
        b"int",
        b"1.5e+3",
        b"/*",
        b"*/",
        b"//",
        b"\xff",
        b"\xc3",
        b"\xa9",
        b"\r",
        b"_Nonnull",
        b"__nonnull",
        b",",
        b"*",
        b"\t",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let mut src = Vec::new();
        for _ in 0..len {
            src.extend_from_slice(PIECES[(next() % PIECES.len() as u64) as usize]);
            if next() % 3 == 0 {
                src.push(b' ');
            }
        }
        let p = prepare(&src);
        let body = &p.text.as_bytes()[p.prelude_len..];
        assert_eq!(body.len(), src.len());
        for (a, b) in src.iter().zip(body) {
            assert_eq!(
                *a == b'\n',
                *b == b'\n',
                "{:?}",
                String::from_utf8_lossy(&src)
            );
        }
        assert!(p.notes.windows(2).all(|w| w[0].0 <= w[1].0));
        for o in [0, p.prelude_len, p.text.len() / 2, p.text.len()] {
            p.lines.locate(o);
        }
    }
}

/// Nesting as [`too_deep`] counts it: brackets, operators and `sizeof`-like keywords of one
/// chain add up; `,` and `;` end a chain.
#[test]
fn nesting_depth() {
    let deep = |src: &str| too_deep(src.as_bytes(), 0);
    let n = MAX_NESTING;
    // exactly the limit is fine, one more is not (and the offset is the token that crosses it)
    assert_eq!(
        deep(&format!("int {}x{};", "(".repeat(n), ")".repeat(n))),
        None
    );
    assert_eq!(
        deep(&format!("int {}x{};", "(".repeat(n + 1), ")".repeat(n + 1))),
        Some(4 + n)
    );
    assert_eq!(deep(&format!("int {}x;", "*".repeat(n))), None);
    assert!(deep(&format!("int {}x;", "*".repeat(n + 1))).is_some());
    // chains: operators, casts, subscripts, sizeof
    assert!(deep(&format!("int a[1{}];", "+1".repeat(n))).is_some());
    assert!(deep(&format!("int a[{}1];", "(int)".repeat(n))).is_some());
    assert!(deep(&format!("int x{};", "[1]".repeat(n + 1))).is_some());
    assert!(deep(&format!("int a[{}1];", "sizeof ".repeat(n))).is_some());
    // lists cost nothing: each `,` or `;` ends a chain
    let many_params: Vec<String> = (0..2 * n).map(|i| format!("int *p{i}")).collect();
    assert_eq!(deep(&format!("void f({});", many_params.join(", "))), None);
    let many_fields = "int *a; ".repeat(2 * n);
    assert_eq!(deep(&format!("struct S {{ {many_fields} }};")), None);
    assert_eq!(deep(&"int *a; ".repeat(4 * n)), None);
    // literals, numbers and directive lines are not operators
    assert_eq!(deep(&"\"-+*\" 1e+5 '-' ".repeat(2 * n)), None);
    assert_eq!(deep(&format!("#{}\nint x;", "-".repeat(2 * n))), None);
}
