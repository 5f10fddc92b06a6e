//! Answers for `__has_attribute`, `__has_builtin`, `__has_feature`, `__has_extension` and
//! `__has_c_attribute`: true only for what headerkit's pipeline accepts, so headers that probe
//! take paths the later stages can read.

use super::intern::{Sym, sym};

/// GNU attributes the parser accepts in `__attribute__((...))` and the IR either uses
/// (packed, aligned, deprecated, mode, vector_size, ...) or can safely ignore.
const ATTRIBUTES: &[&str] = &[
    "alias",
    "aligned",
    "alloc_align",
    "alloc_size",
    "always_inline",
    "artificial",
    "cdecl",
    "cleanup",
    "cold",
    "common",
    "const",
    "constructor",
    "deprecated",
    "destructor",
    "error",
    "externally_visible",
    "fallthrough",
    "flatten",
    "format",
    "format_arg",
    "gnu_inline",
    "hot",
    "leaf",
    "malloc",
    "may_alias",
    "mode",
    "ms_abi",
    "no_instrument_function",
    "no_sanitize_address",
    "noclone",
    "nocommon",
    "noinline",
    "noipa",
    "nonnull",
    "noreturn",
    "nothrow",
    "packed",
    "pure",
    "regparm",
    "returns_nonnull",
    "returns_twice",
    "section",
    "sentinel",
    "stdcall",
    "fastcall",
    "sysv_abi",
    "transparent_union",
    "unavailable",
    "unused",
    "used",
    "vector_size",
    "visibility",
    "warn_unused_result",
    "warning",
    "weak",
    "weakref",
    "access",
    "designated_init",
    "scalar_storage_order",
    "nonstring",
    "copy",
    "tls_model",
];

/// Builtins whose uses are ordinary calls (so they only ever appear in expressions and
/// function bodies, which the pipeline skips or evaluates).
const BUILTINS: &[&str] = &[
    "__builtin_offsetof",
    "__builtin_va_arg",
    "__builtin_va_start",
    "__builtin_va_end",
    "__builtin_va_copy",
    "__builtin_expect",
    "__builtin_unreachable",
    "__builtin_trap",
    "__builtin_constant_p",
    "__builtin_bswap16",
    "__builtin_bswap32",
    "__builtin_bswap64",
    "__builtin_clz",
    "__builtin_clzl",
    "__builtin_clzll",
    "__builtin_ctz",
    "__builtin_ctzl",
    "__builtin_ctzll",
    "__builtin_popcount",
    "__builtin_popcountl",
    "__builtin_popcountll",
    "__builtin_memcpy",
    "__builtin_memset",
    "__builtin_memmove",
    "__builtin_memcmp",
    "__builtin_strlen",
    "__builtin_alloca",
    "__builtin_abort",
    "__builtin_huge_val",
    "__builtin_huge_valf",
    "__builtin_inf",
    "__builtin_inff",
    "__builtin_nan",
    "__builtin_nanf",
    "__builtin_add_overflow",
    "__builtin_sub_overflow",
    "__builtin_mul_overflow",
    "__builtin_assume_aligned",
    "__builtin_prefetch",
    "__builtin_object_size",
    "__builtin_frame_address",
    "__builtin_return_address",
];

/// clang-style feature names that hold for the C the pipeline reads.
const FEATURES: &[&str] = &[
    "c_alignas",
    "c_alignof",
    "c_static_assert",
    "c_generic_selections",
];

pub(super) fn answer(op: Sym, scope: Option<&str>, name: &str) -> bool {
    let bare = name
        .strip_prefix("__")
        .and_then(|n| n.strip_suffix("__"))
        .unwrap_or(name);
    match op {
        sym::HAS_ATTRIBUTE => {
            matches!(scope, None | Some("gnu" | "__gnu__")) && ATTRIBUTES.contains(&bare)
        }
        sym::HAS_BUILTIN => BUILTINS.contains(&name),
        sym::HAS_FEATURE | sym::HAS_EXTENSION => FEATURES.contains(&bare),
        // C2x `[[...]]` attributes and C++ attributes are not accepted by the parser.
        _ => false,
    }
}
