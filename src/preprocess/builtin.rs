//! headerkit's own freestanding headers, embedded in the binary.
//!
//! Like a compiler's private include directory (gcc's
//! `lib/gcc/<triple>/<version>/include`), these headers are searched before
//! the system include directories, so that `<stddef.h>`, `<stdarg.h>`,
//! `<limits.h>` and the other headers a C compiler normally provides exist
//! even though no compiler is installed.  They are written for headerkit and
//! rely only on the standard predefined macros (`__SIZE_TYPE__`,
//! `__INT_MAX__`, ...) that the target tables define, so one copy serves
//! every target.
//!
//! `<stdint.h>` and `<limits.h>` hand over to the C library's header of the
//! same name through `#include_next` when there is one (hosted, and
//! `__has_include_next` finds it); everything else is self-contained.

/// Directory name shown for built-in headers in line markers and diagnostics.
pub const BUILTIN_DIR: &str = "<headerkit>";

/// Every shipped header name, sorted.
const NAMES: &[&str] = &[
    "arm_neon.h",
    "emmintrin.h",
    "float.h",
    "immintrin.h",
    "iso646.h",
    "limits.h",
    "mmintrin.h",
    "nmmintrin.h",
    "pmmintrin.h",
    "smmintrin.h",
    "stdalign.h",
    "stdarg.h",
    "stdatomic.h",
    "stdbool.h",
    "stddef.h",
    "stdint.h",
    "stdnoreturn.h",
    "tmmintrin.h",
    "x86intrin.h",
    "xmmintrin.h",
];

/// The content of the built-in header `name` (as written in `#include`,
/// e.g. `"stddef.h"`), if we ship one.
pub fn lookup(name: &str) -> Option<&'static str> {
    let text = match name {
        "arm_neon.h" => include_str!("include/arm_neon.h"),
        "emmintrin.h" => include_str!("include/emmintrin.h"),
        "float.h" => include_str!("include/float.h"),
        "immintrin.h" => include_str!("include/immintrin.h"),
        "iso646.h" => include_str!("include/iso646.h"),
        "limits.h" => include_str!("include/limits.h"),
        "mmintrin.h" => include_str!("include/mmintrin.h"),
        "nmmintrin.h" => include_str!("include/nmmintrin.h"),
        "pmmintrin.h" => include_str!("include/pmmintrin.h"),
        "smmintrin.h" => include_str!("include/smmintrin.h"),
        "stdalign.h" => include_str!("include/stdalign.h"),
        "stdarg.h" => include_str!("include/stdarg.h"),
        "stdatomic.h" => include_str!("include/stdatomic.h"),
        "stdbool.h" => include_str!("include/stdbool.h"),
        "stddef.h" => include_str!("include/stddef.h"),
        "stdint.h" => include_str!("include/stdint.h"),
        "stdnoreturn.h" => include_str!("include/stdnoreturn.h"),
        "tmmintrin.h" => include_str!("include/tmmintrin.h"),
        "x86intrin.h" => include_str!("include/x86intrin.h"),
        "xmmintrin.h" => include_str!("include/xmmintrin.h"),
        _ => return None,
    };
    Some(text)
}

/// All shipped header names, sorted.
pub fn names() -> &'static [&'static str] {
    NAMES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_unique_and_resolvable() {
        assert!(names().windows(2).all(|w| w[0] < w[1]));
        for name in names() {
            let text = lookup(name).expect("listed header must resolve");
            assert!(
                text.contains("headerkit's own"),
                "{name} lacks its ownership note"
            );
        }
    }

    #[test]
    fn unknown_names_are_absent() {
        assert_eq!(lookup("stdio.h"), None);
        assert_eq!(lookup("sys/types.h"), None);
        assert_eq!(lookup(""), None);
    }
}
