//! TEMPORARY stub, replaced by the real built-in headers.
pub const BUILTIN_DIR: &str = "<headerkit>";
pub fn lookup(name: &str) -> Option<&'static str> {
    match name {
        "stddef.h" => Some("#ifndef _HK_STDDEF\n#define _HK_STDDEF\ntypedef __SIZE_TYPE__ size_t;\ntypedef __PTRDIFF_TYPE__ ptrdiff_t;\ntypedef __WCHAR_TYPE__ wchar_t;\n#define NULL ((void*)0)\n#define offsetof(t, m) __builtin_offsetof(t, m)\n#endif\n"),
        _ => None,
    }
}
pub fn names() -> &'static [&'static str] { &["stddef.h"] }
