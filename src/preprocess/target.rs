//! Compilation targets and their predefined macros.
//!
//! A [`Target`] names the platform whose headers are being read. It tells the
//! preprocessor which macros to predefine ([`Target::predefined_source`]), where
//! a Debian-style system keeps the target's headers ([`Target::multiarch`]) and,
//! for a later layout engine, the C data model ([`Target::data_model`]).
//!
//! # Where the tables come from
//!
//! The macro tables mirror what `clang -target T -dM -E -x c /dev/null` (clang 14)
//! prints for each supported target `T`, built from a few per-target facts (type
//! sizes, the `long double` format, ...) rather than stored verbatim. The test
//! `tests/target_vs_clang.rs` checks them against the installed clang.
//!
//! # Deliberate differences from clang
//!
//! * **Compiler identity.** We are not clang: `__clang__`, `__clang_major__`,
//!   `__clang_minor__`, `__clang_patchlevel__`, `__clang_version__`,
//!   `__clang_literal_encoding__`, `__clang_wide_literal_encoding__`, `__llvm__`
//!   and the `__CLANG_ATOMIC_*` family are not defined. Headers that see
//!   `__clang__` use syntax the parser (GNU C11) cannot read. Instead, GNU-mode
//!   targets define `__GNUC__ 7`, `__GNUC_MINOR__ 5`, `__GNUC_PATCHLEVEL__ 0`,
//!   `__GNUC_STDC_INLINE__ 1`. Not clang's 4.2.1: at 4.2, glibc's
//!   `bits/floatn-common.h` declares `typedef float _Float32;` and friends,
//!   which neither gcc 7+ nor our parser (whose GNU C11 grammar has the
//!   TS 18661 `_FloatN` keywords) accepts. GNU C 7 is the oldest version for
//!   which glibc treats `_FloatN` as keywords; everything else version-gated in
//!   the corpus headers is attributes or inline bodies, so headers still take
//!   their plain paths. `__VERSION__` is `"headerkit (GNU C 7.5.0 compatible)"`
//!   and every target defines `__headerkit__ 1`.
//! * **MSVC targets** (`*-pc-windows-msvc`) follow clang in MSVC mode: no
//!   `__GNUC__` family, no `__GCC_ATOMIC_*`, and no `__STDC__` (MSVC does not
//!   define it, and the UCRT headers test `!__STDC__` to offer the POSIX-style
//!   names). `_MSC_VER` is `1930` (Visual Studio 2022, what clang prints with
//!   `-fms-compatibility-version=19.30`) and `__VERSION__` is
//!   `"headerkit (MSVC 19.30 compatible)"`.
//! * **No Objective-C, blocks or OpenCL macros**: `__BLOCKS__`, `__block`,
//!   `__weak`, `__strong`, `__unsafe_unretained`, `__nonnull`, `__nullable`,
//!   `__null_unspecified`, `__OBJC_BOOL_IS_BOOL`, `__CONSTANT_CFSTRINGS__`,
//!   `__OPENCL_*`.
//! * **No CPU-feature or CPU-model macros**, since no intrinsics headers are
//!   shipped: `__MMX__`, `__SSE*__`, `__SSE_MATH__`, `__SSE2_MATH__`,
//!   `__FXSR__`, `__LAHF_SAHF__`, `__k8`, `__core2`, `__pentiumpro`,
//!   `__tune_*__`, `__ARM_NEON*`, `__ARM_FEATURE_*`, `__ARM_FP*`,
//!   `__ARM_VFPV*__`, `__ARM_ACLE`, `__AARCH64_SIMD__`. ABI-relevant
//!   architecture macros stay (`__x86_64__`, `__i386__`, `__i686__`,
//!   `__aarch64__`, `__arm__`, `__ARM_ARCH`, `__ARM_EABI__`, `__ARM_PCS_VFP`,
//!   `__VFP_FP__`, `__wasm32__`, `__LP64__`, `__ILP32__`, ...).
//! * **No code-generation macros**: `__PIC__`, `__pic__`, `__PIE__`,
//!   `__pie__`, `__SSP__`, `__DYNAMIC__`, `__code_model_small__`,
//!   `__AARCH64_CMODEL_SMALL__`, `__GCC_HAVE_DWARF2_CFI_ASM` (and, as at
//!   `-O0`, no `__OPTIMIZE__`; `__NO_INLINE__ 1` is defined like gcc/clang
//!   `-O0` do).
//! * **`__STDC_HOSTED__` is `0` for `wasm32-unknown-unknown`**, which has no C
//!   library (clang says 1).
//! * **Additions**: the GCC-style function-like constant macros
//!   `__INT8_C(c)` ... `__UINT64_C(c)`, `__INTMAX_C(c)`, `__UINTMAX_C(c)` (as gcc
//!   and newer clang define them), besides clang's `__INT64_C_SUFFIX__` & co.
//! * Darwin targets get a macOS deployment version in
//!   `__ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__`: the one in the triple
//!   (`x86_64-apple-macos10.15`, `arm64-apple-darwin21`), else 10.13 for x86_64
//!   (`101300`) and 11.0 for arm64 (`110000`). `arm64-apple-darwin` means macOS
//!   (clang 14 would read it as iOS).
//!
//! Everything else clang prints (`__SIZEOF_*__`, `__*_TYPE__`, `__*_MAX__`,
//! `__*_WIDTH__`, `__*_FMT*__`, `__*_C_SUFFIX__`, the `__FLT*`/`__DBL_*`/`__LDBL_*`
//! families, `__ATOMIC_*`, `__GCC_ATOMIC_*`, byte order, OS macros, ...) is
//! defined with clang's value.

use std::fmt::Write as _;

/// CPU architecture of a [`Target`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arch {
    /// 64-bit x86 (`x86_64`, `amd64`).
    X86_64,
    /// 64-bit ARM (`aarch64`, `arm64`).
    Aarch64,
    /// 32-bit x86 (`i386` ... `i686`); macros are those of an i686 baseline.
    I686,
    /// 32-bit ARMv7-A, hard-float EABI (`armv7`, `arm`).
    Armv7,
    /// 32-bit WebAssembly.
    Wasm32,
}

/// Operating system of a [`Target`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Os {
    /// Linux (glibc or musl).
    Linux,
    /// macOS.
    Darwin,
    /// Windows.
    Windows,
    /// WASI (WebAssembly System Interface).
    Wasi,
    /// Freestanding, no OS (e.g. `wasm32-unknown-unknown`).
    None,
}

/// C library / ABI environment of a [`Target`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Env {
    /// GNU C library (`gnu`, `gnueabihf`).
    Gnu,
    /// musl (`musl`, `musleabihf`).
    Musl,
    /// Microsoft Visual C++ ABI.
    Msvc,
    /// No separate environment (macOS, WebAssembly).
    None,
}

/// Byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endian {
    /// Least significant byte first.
    Little,
    /// Most significant byte first.
    Big,
}

/// Size and alignment of a C type, in bytes.
///
/// The alignment is the ABI alignment, as used for struct members and reported
/// by C11 `_Alignof` (e.g. 4 for `double` on i686 Linux, where GNU
/// `__alignof__` would say 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SizeAlign {
    /// `sizeof`, in bytes.
    pub size: u32,
    /// `_Alignof`, in bytes.
    pub align: u32,
}

/// The C data model of a target, for a layout engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DataModel {
    /// `char` (always 1/1).
    pub char: SizeAlign,
    /// `short`.
    pub short: SizeAlign,
    /// `int`.
    pub int: SizeAlign,
    /// `long`.
    pub long: SizeAlign,
    /// `long long`.
    pub long_long: SizeAlign,
    /// Data pointers.
    pub pointer: SizeAlign,
    /// `float`.
    pub float: SizeAlign,
    /// `double`.
    pub double: SizeAlign,
    /// `long double`.
    pub long_double: SizeAlign,
    /// `_Bool`.
    pub bool: SizeAlign,
    /// `wchar_t`.
    pub wchar: SizeAlign,
    /// Whether plain `char` is signed.
    pub char_signed: bool,
    /// The type `size_t` is, spelled like `__SIZE_TYPE__` (e.g. `"long unsigned int"`).
    pub size_type: &'static str,
    /// The type `ptrdiff_t` is, spelled like `__PTRDIFF_TYPE__`.
    pub ptrdiff_type: &'static str,
    /// The type `wchar_t` is, spelled like `__WCHAR_TYPE__`.
    pub wchar_type: &'static str,
    /// The type `intmax_t` is, spelled like `__INTMAX_TYPE__`.
    pub intmax_type: &'static str,
    /// The largest alignment any type needs: `__BIGGEST_ALIGNMENT__`, also the
    /// alignment `__attribute__((aligned))` gives.
    pub max_align: u32,
    /// Byte order.
    pub endian: Endian,
}

/// A compilation target: architecture, OS and environment.
///
/// Build one with [`Target::parse`] or [`Target::host`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    arch: Arch,
    os: Os,
    env: Env,
    /// macOS deployment version (major, minor, patch); zeros off Darwin.
    macos: (u32, u32, u32),
    triple: String,
}

/// The normalized triples of all supported targets, one per distinct macro table
/// (Darwin with its default macOS version).
const SUPPORTED: &[&str] = &[
    "x86_64-unknown-linux-gnu",
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-gnu",
    "aarch64-unknown-linux-musl",
    "i686-unknown-linux-gnu",
    "i686-unknown-linux-musl",
    "armv7-unknown-linux-gnueabihf",
    "armv7-unknown-linux-musleabihf",
    "x86_64-apple-macos10.13",
    "arm64-apple-macos11.0",
    "x86_64-pc-windows-msvc",
    "i686-pc-windows-msvc",
    "aarch64-pc-windows-msvc",
    "wasm32-unknown-unknown",
    "wasm32-unknown-wasi",
];

const GNU_VERSION: &str = "\"headerkit (GNU C 7.5.0 compatible)\"";
const MSVC_VERSION: &str = "\"headerkit (MSVC 19.30 compatible)\"";

impl Target {
    /// Parses a target triple.
    ///
    /// Accepts the usual spellings, with or without a vendor (`unknown`, `pc`,
    /// `apple`): `x86_64-linux-gnu`, `x86_64-unknown-linux-gnu`,
    /// `x86_64-pc-linux-gnu`, `aarch64-linux-gnu`, `aarch64-unknown-linux-musl`,
    /// `i686-linux-gnu`, `i386-linux-gnu`, `armv7-linux-gnueabihf`,
    /// `arm-linux-gnueabihf`, `armv7-unknown-linux-musleabihf`,
    /// `x86_64-apple-darwin`, `x86_64-apple-darwin17`, `x86_64-apple-macos[VER]`,
    /// `x86_64-apple-macosx[VER]`, `arm64-apple-darwin`, `aarch64-apple-macos`,
    /// `x86_64-pc-windows-msvc`, `i686-pc-windows-msvc`,
    /// `aarch64-pc-windows-msvc`, `wasm32-unknown-unknown`, `wasm32-wasi`,
    /// `wasm32-unknown-wasi`, `wasm32-wasip1`. Matching ignores ASCII case.
    ///
    /// Returns an error message that lists the supported targets otherwise.
    pub fn parse(triple: &str) -> Result<Target, String> {
        parse_triple(triple).map_err(|why| {
            format!(
                "unsupported target `{}`: {why}; supported targets are {} \
                 (vendor-less spellings such as x86_64-linux-gnu, arm-linux-gnueabihf, \
                 arm64-apple-darwin and wasm32-wasi are accepted too)",
                triple.trim(),
                SUPPORTED.join(", ")
            )
        })
    }

    /// The normalized triples of the supported targets, one per macro table.
    /// Each parses to itself and is also accepted by `clang -target`.
    pub fn supported_triples() -> &'static [&'static str] {
        SUPPORTED
    }

    /// The target this program was compiled for (from `cfg!(target_arch)`,
    /// `target_os` and `target_env`), or `x86_64-unknown-linux-gnu` if that is
    /// not a supported target.
    pub fn host() -> Target {
        let arch = if cfg!(target_arch = "x86_64") {
            "x86_64"
        } else if cfg!(target_arch = "aarch64") {
            "aarch64"
        } else if cfg!(target_arch = "x86") {
            "i686"
        } else if cfg!(target_arch = "arm") {
            "armv7"
        } else if cfg!(target_arch = "wasm32") {
            "wasm32"
        } else {
            ""
        };
        let eabihf = if arch == "armv7" { "eabihf" } else { "" };
        let rest = if cfg!(target_os = "linux") {
            if cfg!(target_env = "musl") {
                format!("unknown-linux-musl{eabihf}")
            } else {
                format!("unknown-linux-gnu{eabihf}")
            }
        } else if cfg!(target_os = "macos") {
            "apple-darwin".to_string()
        } else if cfg!(target_os = "windows") && cfg!(target_env = "msvc") {
            "pc-windows-msvc".to_string()
        } else if cfg!(target_os = "wasi") {
            "unknown-wasi".to_string()
        } else if cfg!(target_os = "unknown") {
            "unknown-unknown".to_string()
        } else {
            String::new()
        };
        Target::parse(&format!("{arch}-{rest}")).unwrap_or_else(|_| {
            Target::parse("x86_64-unknown-linux-gnu").expect("built-in triple parses")
        })
    }

    /// The normalized triple, e.g. `"x86_64-unknown-linux-gnu"`,
    /// `"arm64-apple-macos11.0"`, `"wasm32-unknown-wasi"`.
    pub fn triple(&self) -> &str {
        &self.triple
    }

    /// The architecture.
    pub fn arch(&self) -> Arch {
        self.arch
    }

    /// The operating system.
    pub fn os(&self) -> Os {
        self.os
    }

    /// The environment (C library / ABI).
    pub fn env(&self) -> Env {
        self.env
    }

    /// The Debian multiarch directory name of a Linux target (`"x86_64-linux-gnu"`,
    /// `"aarch64-linux-gnu"`, `"i386-linux-gnu"`, `"arm-linux-gnueabihf"`,
    /// `"x86_64-linux-musl"`, ...), as in `/usr/include/<multiarch>`; `None` for
    /// other OSes.
    pub fn multiarch(&self) -> Option<&'static str> {
        if self.os != Os::Linux {
            return None;
        }
        let musl = self.env == Env::Musl;
        Some(match (self.arch, musl) {
            (Arch::X86_64, false) => "x86_64-linux-gnu",
            (Arch::X86_64, true) => "x86_64-linux-musl",
            (Arch::Aarch64, false) => "aarch64-linux-gnu",
            (Arch::Aarch64, true) => "aarch64-linux-musl",
            (Arch::I686, false) => "i386-linux-gnu",
            (Arch::I686, true) => "i386-linux-musl",
            (Arch::Armv7, false) => "arm-linux-gnueabihf",
            (Arch::Armv7, true) => "arm-linux-musleabihf",
            (Arch::Wasm32, _) => return None,
        })
    }

    /// The predefined macros of this target as C source: one
    /// `#define NAME VALUE` line each (function-like ones too, e.g.
    /// `#define __INT64_C(c) c ## L`), compiler identity and the `__STDC__`
    /// family included. The order is fixed; no name is defined twice.
    pub fn predefined_source(&self) -> String {
        let defs = self.macros();
        let mut out = String::with_capacity(defs.0.len() * 40);
        for (name, value) in &defs.0 {
            if value.is_empty() {
                let _ = writeln!(out, "#define {name}");
            } else {
                let _ = writeln!(out, "#define {name} {value}");
            }
        }
        out
    }

    /// Only the macros gcc keeps under `-undef`: `__STDC__ 1`,
    /// `__STDC_VERSION__ 201710L`, `__STDC_HOSTED__ 1`, `__STDC_UTF_16__ 1` and
    /// `__STDC_UTF_32__ 1`, one `#define` line each.
    pub fn std_only_source() -> String {
        let mut out = String::new();
        for (name, value) in [
            ("__STDC__", "1"),
            ("__STDC_VERSION__", "201710L"),
            ("__STDC_HOSTED__", "1"),
            ("__STDC_UTF_16__", "1"),
            ("__STDC_UTF_32__", "1"),
        ] {
            let _ = writeln!(out, "#define {name} {value}");
        }
        out
    }

    /// The C data model: sizes and alignments, `char` signedness, the types
    /// behind `size_t`/`ptrdiff_t`/`wchar_t`/`intmax_t`, maximum alignment and
    /// byte order.
    pub fn data_model(&self) -> DataModel {
        let abi = self.abi();
        let sa = |size, align| SizeAlign { size, align };
        let long = abi.long_bits / 8;
        let ptr = abi.ptr_bits / 8;
        let (ld_size, ld_align) = abi.long_double.size_align();
        let wchar = abi.wchar.bits(&abi) / 8;
        DataModel {
            char: sa(1, 1),
            short: sa(2, 2),
            int: sa(4, 4),
            long: sa(long, long),
            long_long: sa(8, abi.llong_align),
            pointer: sa(ptr, ptr),
            float: sa(4, 4),
            double: sa(8, abi.double_align),
            long_double: sa(ld_size, ld_align),
            bool: sa(1, 1),
            wchar: sa(wchar, wchar),
            char_signed: !abi.char_unsigned,
            size_type: abi.intptr.unsigned().name(),
            ptrdiff_type: abi.intptr.name(),
            wchar_type: abi.wchar.name(),
            intmax_type: abi.intmax.name(),
            max_align: abi.biggest_align,
            endian: Endian::Little,
        }
    }

    fn is_msvc(&self) -> bool {
        self.env == Env::Msvc
    }

    /// The per-target facts the macro tables are built from.
    fn abi(&self) -> Abi {
        use IntTy::*;
        let base = Abi {
            long_bits: 64,
            ptr_bits: 64,
            int64: Long,
            intmax: Long,
            intptr: Long,
            wchar: Int,
            wint: UInt,
            sig_atomic: Int,
            char_unsigned: false,
            long_double: LongDouble::X87 {
                size: 16,
                align: 16,
            },
            llong_align: 8,
            double_align: 8,
            biggest_align: 16,
            flt_eval_method: 0,
            int128: true,
            float128: false,
            sizeof_float128: false,
        };
        match (self.arch, self.os) {
            (Arch::X86_64, Os::Linux) => Abi {
                float128: true,
                sizeof_float128: true,
                ..base
            },
            (Arch::I686, Os::Linux) => Abi {
                long_bits: 32,
                ptr_bits: 32,
                int64: LongLong,
                intmax: LongLong,
                intptr: Int,
                long_double: LongDouble::X87 { size: 12, align: 4 },
                llong_align: 4,
                double_align: 4,
                flt_eval_method: 2,
                int128: false,
                float128: true,
                sizeof_float128: true,
                ..base
            },
            (Arch::Aarch64, Os::Linux) => Abi {
                wchar: UInt,
                char_unsigned: true,
                long_double: LongDouble::Quad,
                ..base
            },
            (Arch::Armv7, _) => Abi {
                long_bits: 32,
                ptr_bits: 32,
                int64: LongLong,
                intmax: LongLong,
                intptr: Int,
                wchar: UInt,
                char_unsigned: true,
                long_double: LongDouble::Double,
                biggest_align: 8,
                int128: false,
                ..base
            },
            (Arch::X86_64, Os::Darwin) => Abi {
                int64: LongLong,
                wint: Int,
                ..base
            },
            (Arch::Aarch64, Os::Darwin) => Abi {
                int64: LongLong,
                wint: Int,
                long_double: LongDouble::Double,
                biggest_align: 8,
                ..base
            },
            (Arch::X86_64 | Arch::Aarch64, Os::Windows) => Abi {
                long_bits: 32,
                int64: LongLong,
                intmax: LongLong,
                intptr: LongLong,
                wchar: UShort,
                wint: UShort,
                long_double: LongDouble::Double,
                ..base
            },
            (Arch::I686, _) => Abi {
                long_bits: 32,
                ptr_bits: 32,
                int64: LongLong,
                intmax: LongLong,
                intptr: Int,
                wchar: UShort,
                wint: UShort,
                long_double: LongDouble::Double,
                flt_eval_method: 2,
                int128: false,
                ..base
            },
            (Arch::Wasm32, _) => Abi {
                long_bits: 32,
                ptr_bits: 32,
                int64: LongLong,
                intmax: LongLong,
                intptr: Long,
                wint: Int,
                sig_atomic: Long,
                long_double: LongDouble::Quad,
                float128: true,
                ..base
            },
            // Unreachable for parsed targets; fall back to the base model.
            _ => base,
        }
    }

    /// Builds the macro table.
    fn macros(&self) -> Defs {
        let abi = self.abi();
        let mut d = Defs(Vec::with_capacity(400));
        let msvc = self.is_msvc();

        // Standard C.
        if !msvc {
            d.def("__STDC__", "1");
        }
        d.def("__STDC_VERSION__", "201710L");
        d.def(
            "__STDC_HOSTED__",
            if self.os == Os::None { "0" } else { "1" },
        );
        d.def("__STDC_UTF_16__", "1");
        d.def("__STDC_UTF_32__", "1");
        if matches!(self.os, Os::Darwin | Os::Windows) {
            d.def("__STDC_NO_THREADS__", "1");
        }

        // Compiler identity.
        d.def("__headerkit__", "1");
        if msvc {
            d.def("__VERSION__", MSVC_VERSION);
            d.def("_MSC_VER", "1930");
            d.def("_MSC_FULL_VER", "193000000");
            d.def("_MSC_BUILD", "1");
            d.def("_MSC_EXTENSIONS", "1");
            d.def("_MSVC_EXECUTION_CHARACTER_SET", "65001");
            d.def("_INTEGRAL_MAX_BITS", "64");
        } else {
            d.def("__VERSION__", GNU_VERSION);
            d.def("__GNUC__", "7");
            d.def("__GNUC_MINOR__", "5");
            d.def("__GNUC_PATCHLEVEL__", "0");
            d.def("__GNUC_STDC_INLINE__", "1");
            d.def("__GXX_ABI_VERSION", "1002");
        }
        d.def("__NO_INLINE__", "1");
        d.def("__FINITE_MATH_ONLY__", "0");
        if self.env == Env::Musl || matches!(self.os, Os::Darwin) || self.arch == Arch::Wasm32 {
            d.def("__NO_MATH_ERRNO__", "1");
        }
        d.def("__PRAGMA_REDEFINE_EXTNAME", "1");

        self.os_macros(&mut d);
        self.arch_macros(&mut d, &abi);

        // Byte order and basic properties.
        d.def("__ORDER_LITTLE_ENDIAN__", "1234");
        d.def("__ORDER_BIG_ENDIAN__", "4321");
        d.def("__ORDER_PDP_ENDIAN__", "3412");
        d.def("__BYTE_ORDER__", "__ORDER_LITTLE_ENDIAN__");
        d.def("__FLOAT_WORD_ORDER__", "__ORDER_LITTLE_ENDIAN__");
        d.def("__LITTLE_ENDIAN__", "1");
        d.def("__CHAR_BIT__", "8");
        d.def("__BIGGEST_ALIGNMENT__", abi.biggest_align.to_string());
        d.def("__BITINT_MAXWIDTH__", "128");
        let label_prefix = if self.os == Os::Darwin || (msvc && self.arch == Arch::I686) {
            "_"
        } else {
            ""
        };
        d.def("__USER_LABEL_PREFIX__", label_prefix);
        let register_prefix = match (self.arch, self.os) {
            (Arch::X86_64 | Arch::I686 | Arch::Armv7, _) | (Arch::Aarch64, Os::Darwin) => true,
            (Arch::Aarch64, _) | (Arch::Wasm32, _) => false,
        };
        if register_prefix {
            d.def("__REGISTER_PREFIX__", "");
        }
        if abi.long_bits == 64 {
            d.def("_LP64", "1");
            d.def("__LP64__", "1");
        }
        if abi.ptr_bits == 32 {
            d.def("_ILP32", "1");
            d.def("__ILP32__", "1");
        }

        int_macros(&mut d, &abi);
        float_macros(
            &mut d,
            &abi,
            matches!(self.arch, Arch::Aarch64 | Arch::Armv7),
        );
        self.atomic_macros(&mut d, &abi);
        d
    }

    fn os_macros(&self, d: &mut Defs) {
        match self.os {
            Os::Linux => {
                d.def("__ELF__", "1");
                d.def("__gnu_linux__", "1");
                d.def("__linux", "1");
                d.def("__linux__", "1");
                d.def("linux", "1");
                d.def("__unix", "1");
                d.def("__unix__", "1");
                d.def("unix", "1");
            }
            Os::Darwin => {
                d.def("__APPLE__", "1");
                d.def("__MACH__", "1");
                d.def("__APPLE_CC__", "6000");
                d.def(
                    "__ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__",
                    macos_version_macro(self.macos),
                );
            }
            Os::Windows => {
                d.def("_WIN32", "1");
                if self.arch != Arch::I686 {
                    d.def("_WIN64", "1");
                }
            }
            Os::Wasi => d.def("__wasi__", "1"),
            Os::None => {}
        }
    }

    fn arch_macros(&self, d: &mut Defs, abi: &Abi) {
        match self.arch {
            Arch::X86_64 | Arch::I686 => {
                if self.arch == Arch::X86_64 {
                    d.def("__x86_64", "1");
                    d.def("__x86_64__", "1");
                    d.def("__amd64", "1");
                    d.def("__amd64__", "1");
                    if self.is_msvc() {
                        d.def("_M_X64", "100");
                        d.def("_M_AMD64", "100");
                    }
                } else {
                    d.def("__i386", "1");
                    d.def("__i386__", "1");
                    d.def("i386", "1");
                    d.def("__i686", "1");
                    d.def("__i686__", "1");
                    if self.is_msvc() {
                        d.def("_M_IX86", "600");
                        d.def("_M_IX86_FP", "0");
                    }
                }
                d.def("__GCC_ASM_FLAG_OUTPUTS__", "1");
                d.def("__NO_MATH_INLINES", "1");
                d.def("__SEG_FS", "1");
                d.def("__SEG_GS", "1");
                d.def("__seg_fs", "__attribute__((address_space(257)))");
                d.def("__seg_gs", "__attribute__((address_space(256)))");
            }
            Arch::Aarch64 => {
                d.def("__aarch64__", "1");
                d.def("__AARCH64EL__", "1");
                if self.os == Os::Darwin {
                    d.def("__arm64", "1");
                    d.def("__arm64__", "1");
                    d.def("__ARM64_ARCH_8__", "1");
                }
                if self.is_msvc() {
                    d.def("_M_ARM64", "1");
                }
                d.def("__ARM_64BIT_STATE", "1");
                d.def("__ARM_ARCH", "8");
                d.def("__ARM_ARCH_ISA_A64", "1");
                d.def("__ARM_ARCH_PROFILE", "'A'");
                d.def("__ARM_ALIGN_MAX_STACK_PWR", "4");
                d.def("__ARM_PCS_AAPCS64", "1");
                d.def("__ARM_SIZEOF_MINIMAL_ENUM", "4");
                d.def("__ARM_SIZEOF_WCHAR_T", "4");
            }
            Arch::Armv7 => {
                d.def("__arm", "1");
                d.def("__arm__", "1");
                d.def("__ARMEL__", "1");
                d.def("__APCS_32__", "1");
                d.def("__ARM_32BIT_STATE", "1");
                d.def("__ARM_ARCH", "7");
                d.def("__ARM_ARCH_7A__", "1");
                d.def("__ARM_ARCH_ISA_ARM", "1");
                d.def("__ARM_ARCH_ISA_THUMB", "2");
                d.def("__ARM_ARCH_PROFILE", "'A'");
                d.def("__ARM_EABI__", "1");
                d.def("__ARM_PCS", "1");
                d.def("__ARM_PCS_VFP", "1");
                d.def("__ARM_SIZEOF_MINIMAL_ENUM", "4");
                d.def(
                    "__ARM_SIZEOF_WCHAR_T",
                    (abi.wchar.bits(abi) / 8).to_string(),
                );
                d.def("__THUMB_INTERWORK__", "1");
                d.def("__VFP_FP__", "1");
            }
            Arch::Wasm32 => {
                d.def("__wasm", "1");
                d.def("__wasm__", "1");
                d.def("__wasm32", "1");
                d.def("__wasm32__", "1");
            }
        }
    }

    fn atomic_macros(&self, d: &mut Defs, abi: &Abi) {
        for (name, value) in [
            ("__ATOMIC_RELAXED", "0"),
            ("__ATOMIC_CONSUME", "1"),
            ("__ATOMIC_ACQUIRE", "2"),
            ("__ATOMIC_RELEASE", "3"),
            ("__ATOMIC_ACQ_REL", "4"),
            ("__ATOMIC_SEQ_CST", "5"),
        ] {
            d.def(name, value);
        }
        if !self.is_msvc() {
            // 64-bit atomics are only "sometimes" lock-free on i686 (alignment 4).
            let llong = if abi.llong_align < 8 { "1" } else { "2" };
            for kind in [
                "BOOL", "CHAR", "CHAR16_T", "CHAR32_T", "WCHAR_T", "SHORT", "INT", "LONG",
            ] {
                d.def(format!("__GCC_ATOMIC_{kind}_LOCK_FREE"), "2");
            }
            d.def("__GCC_ATOMIC_LLONG_LOCK_FREE", llong);
            d.def("__GCC_ATOMIC_POINTER_LOCK_FREE", "2");
            d.def("__GCC_ATOMIC_TEST_AND_SET_TRUEVAL", "1");
        }
        if self.arch != Arch::Wasm32 {
            for n in [1, 2, 4, 8] {
                d.def(format!("__GCC_HAVE_SYNC_COMPARE_AND_SWAP_{n}"), "1");
            }
            // Every x86_64 Mac has cmpxchg16b.
            if self.arch == Arch::X86_64 && self.os == Os::Darwin {
                d.def("__GCC_HAVE_SYNC_COMPARE_AND_SWAP_16", "1");
            }
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.triple)
    }
}

impl std::str::FromStr for Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Target, String> {
        Target::parse(s)
    }
}

/// Parses a triple; the error is the reason only.
fn parse_triple(triple: &str) -> Result<Target, String> {
    let lower = triple.trim().to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('-').collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
        return Err("expected ARCH-[VENDOR-]OS[-ENV]".to_string());
    }
    let arch = match parts[0] {
        "x86_64" | "amd64" => Arch::X86_64,
        "aarch64" | "arm64" => Arch::Aarch64,
        "i386" | "i486" | "i586" | "i686" => Arch::I686,
        "arm" | "armv7" | "armv7a" | "armv7l" | "armv7hl" => Arch::Armv7,
        "wasm32" => Arch::Wasm32,
        other => return Err(format!("unknown architecture `{other}`")),
    };
    let mut rest = &parts[1..];
    if rest.len() >= 2 && matches!(rest[0], "unknown" | "pc" | "apple") {
        rest = &rest[1..];
    }
    if rest.len() > 2 {
        return Err("too many components".to_string());
    }
    let os_name = rest[0];
    let env_name = rest.get(1).copied();
    let bad_env = |e: &str| Err(format!("unsupported environment `{e}` for OS `{os_name}`"));

    let (os, env, macos) = if os_name == "linux" {
        let env = match (arch, env_name) {
            (Arch::Wasm32, _) => return Err("wasm32 does not run Linux".to_string()),
            (Arch::Armv7, Some("gnueabihf")) => Env::Gnu,
            (Arch::Armv7, Some("musleabihf")) => Env::Musl,
            (Arch::Armv7, _) => {
                return Err("32-bit ARM is supported with the hard-float EABI only \
                            (armv7-linux-gnueabihf, armv7-linux-musleabihf)"
                    .to_string());
            }
            (_, None | Some("gnu")) => Env::Gnu,
            (_, Some("musl")) => Env::Musl,
            (_, Some(e)) => return bad_env(e),
        };
        (Os::Linux, env, (0, 0, 0))
    } else if let Some(version) = os_name
        .strip_prefix("macosx")
        .or_else(|| os_name.strip_prefix("macos"))
    {
        let macos = darwin_arch_check(arch)?;
        let macos = if version.is_empty() {
            macos
        } else {
            parse_macos_version(version)?
        };
        if let Some(e) = env_name {
            return bad_env(e);
        }
        (Os::Darwin, Env::None, macos)
    } else if let Some(version) = os_name.strip_prefix("darwin") {
        let macos = darwin_arch_check(arch)?;
        let macos = if version.is_empty() {
            macos
        } else {
            let major = version.split('.').next().unwrap_or_default();
            match major.parse::<u32>() {
                Ok(n @ 20..=99) => (n - 9, 0, 0),
                Ok(n @ 4..=19) => (10, n - 4, 0),
                _ => return Err(format!("invalid Darwin version `{version}`")),
            }
        };
        if let Some(e) = env_name {
            return bad_env(e);
        }
        (Os::Darwin, Env::None, macos)
    } else if matches!(os_name, "windows" | "win32") {
        if matches!(arch, Arch::Armv7 | Arch::Wasm32) {
            return Err("Windows is supported on x86_64, i686 and aarch64 only".to_string());
        }
        match env_name {
            None | Some("msvc") => {}
            Some("gnu") => return Err("MinGW (windows-gnu) is not supported".to_string()),
            Some(e) => return bad_env(e),
        }
        (Os::Windows, Env::Msvc, (0, 0, 0))
    } else if matches!(os_name, "wasi" | "wasip1") {
        if arch != Arch::Wasm32 {
            return Err("WASI is supported on wasm32 only".to_string());
        }
        if let Some(e) = env_name {
            return bad_env(e);
        }
        (Os::Wasi, Env::None, (0, 0, 0))
    } else if matches!(os_name, "unknown" | "none") {
        if arch != Arch::Wasm32 {
            return Err("freestanding targets are supported on wasm32 only".to_string());
        }
        if let Some(e) = env_name.filter(|e| *e != "unknown") {
            return bad_env(e);
        }
        (Os::None, Env::None, (0, 0, 0))
    } else {
        return Err(format!("unknown operating system `{os_name}`"));
    };

    let triple = match os {
        Os::Linux => {
            let arch = match arch {
                Arch::X86_64 => "x86_64",
                Arch::Aarch64 => "aarch64",
                Arch::I686 => "i686",
                Arch::Armv7 => "armv7",
                Arch::Wasm32 => unreachable!("rejected above"),
            };
            let env = match (env, arch == "armv7") {
                (Env::Musl, false) => "musl",
                (Env::Musl, true) => "musleabihf",
                (_, false) => "gnu",
                (_, true) => "gnueabihf",
            };
            format!("{arch}-unknown-linux-{env}")
        }
        Os::Darwin => {
            let arch = if arch == Arch::X86_64 {
                "x86_64"
            } else {
                "arm64"
            };
            let (major, minor, patch) = macos;
            if patch == 0 {
                format!("{arch}-apple-macos{major}.{minor}")
            } else {
                format!("{arch}-apple-macos{major}.{minor}.{patch}")
            }
        }
        Os::Windows => {
            let arch = match arch {
                Arch::X86_64 => "x86_64",
                Arch::I686 => "i686",
                _ => "aarch64",
            };
            format!("{arch}-pc-windows-msvc")
        }
        Os::Wasi => "wasm32-unknown-wasi".to_string(),
        Os::None => "wasm32-unknown-unknown".to_string(),
    };
    Ok(Target {
        arch,
        os,
        env,
        macos,
        triple,
    })
}

/// Checks that `arch` runs macOS and returns its default macOS version.
fn darwin_arch_check(arch: Arch) -> Result<(u32, u32, u32), String> {
    match arch {
        Arch::X86_64 => Ok((10, 13, 0)),
        Arch::Aarch64 => Ok((11, 0, 0)),
        _ => Err("macOS is supported on x86_64 and arm64 only".to_string()),
    }
}

/// Parses `MAJOR[.MINOR[.PATCH]]` of a `macos` triple component.
fn parse_macos_version(text: &str) -> Result<(u32, u32, u32), String> {
    let invalid = || format!("invalid macOS version `{text}`");
    let mut numbers = [0u32; 3];
    let fields: Vec<&str> = text.split('.').collect();
    if fields.len() > 3 {
        return Err(invalid());
    }
    for (slot, field) in numbers.iter_mut().zip(&fields) {
        if field.is_empty() || !field.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        *slot = field.parse().map_err(|_| invalid())?;
    }
    let [major, minor, patch] = numbers;
    if !(10..=99).contains(&major) || minor > 99 || patch > 99 {
        return Err(invalid());
    }
    Ok((major, minor, patch))
}

/// The value of `__ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__`: `1090` style
/// (one digit each for minor and patch) before 10.10, `101500` style after.
fn macos_version_macro((major, minor, patch): (u32, u32, u32)) -> String {
    if major == 10 && minor < 10 {
        format!("{major}{}{}", minor.min(9), patch.min(9))
    } else {
        format!("{major}{:02}{:02}", minor.min(99), patch.min(99))
    }
}

/// An ordered list of macro definitions; the name may carry a parameter list.
struct Defs(Vec<(String, String)>);

impl Defs {
    fn def(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }
}

/// C integer types as clang spells them in `__*_TYPE__`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum IntTy {
    SChar,
    UChar,
    Short,
    UShort,
    Int,
    UInt,
    Long,
    ULong,
    LongLong,
    ULongLong,
}

impl IntTy {
    fn name(self) -> &'static str {
        match self {
            IntTy::SChar => "signed char",
            IntTy::UChar => "unsigned char",
            IntTy::Short => "short",
            IntTy::UShort => "unsigned short",
            IntTy::Int => "int",
            IntTy::UInt => "unsigned int",
            IntTy::Long => "long int",
            IntTy::ULong => "long unsigned int",
            IntTy::LongLong => "long long int",
            IntTy::ULongLong => "long long unsigned int",
        }
    }

    fn bits(self, abi: &Abi) -> u32 {
        match self {
            IntTy::SChar | IntTy::UChar => 8,
            IntTy::Short | IntTy::UShort => 16,
            IntTy::Int | IntTy::UInt => 32,
            IntTy::Long | IntTy::ULong => abi.long_bits,
            IntTy::LongLong | IntTy::ULongLong => 64,
        }
    }

    fn signed(self) -> bool {
        matches!(
            self,
            IntTy::SChar | IntTy::Short | IntTy::Int | IntTy::Long | IntTy::LongLong
        )
    }

    fn unsigned(self) -> IntTy {
        match self {
            IntTy::SChar => IntTy::UChar,
            IntTy::Short => IntTy::UShort,
            IntTy::Int => IntTy::UInt,
            IntTy::Long => IntTy::ULong,
            IntTy::LongLong => IntTy::ULongLong,
            unsigned => unsigned,
        }
    }

    /// Integer-constant suffix (types narrower than `int` promote, so none).
    fn suffix(self) -> &'static str {
        match self {
            IntTy::SChar | IntTy::UChar | IntTy::Short | IntTy::UShort | IntTy::Int => "",
            IntTy::UInt => "U",
            IntTy::Long => "L",
            IntTy::ULong => "UL",
            IntTy::LongLong => "LL",
            IntTy::ULongLong => "ULL",
        }
    }

    /// printf length modifier.
    fn length(self) -> &'static str {
        match self {
            IntTy::SChar | IntTy::UChar => "hh",
            IntTy::Short | IntTy::UShort => "h",
            IntTy::Int | IntTy::UInt => "",
            IntTy::Long | IntTy::ULong => "l",
            IntTy::LongLong | IntTy::ULongLong => "ll",
        }
    }

    fn max(self, abi: &Abi) -> String {
        let bits = self.bits(abi);
        let max: u128 = if self.signed() {
            (1u128 << (bits - 1)) - 1
        } else {
            (1u128 << bits) - 1
        };
        format!("{max}{}", self.suffix())
    }
}

/// `long double` formats.
#[derive(Clone, Copy)]
enum LongDouble {
    /// x87 80-bit extended, padded to `size` bytes.
    X87 { size: u32, align: u32 },
    /// IEEE binary128.
    Quad,
    /// Same as `double`.
    Double,
}

impl LongDouble {
    fn size_align(self) -> (u32, u32) {
        match self {
            LongDouble::X87 { size, align } => (size, align),
            LongDouble::Quad => (16, 16),
            LongDouble::Double => (8, 8),
        }
    }
}

/// Per-target facts from which the integer, float and atomic macros follow.
#[derive(Clone, Copy)]
struct Abi {
    long_bits: u32,
    ptr_bits: u32,
    /// `int64_t`.
    int64: IntTy,
    /// `intmax_t`.
    intmax: IntTy,
    /// `intptr_t` and `ptrdiff_t`; `size_t` and `uintptr_t` are its unsigned twin.
    intptr: IntTy,
    wchar: IntTy,
    wint: IntTy,
    sig_atomic: IntTy,
    char_unsigned: bool,
    long_double: LongDouble,
    llong_align: u32,
    double_align: u32,
    biggest_align: u32,
    flt_eval_method: u32,
    /// `__int128` exists (`__SIZEOF_INT128__`).
    int128: bool,
    /// `__float128` exists (`__FLOAT128__`).
    float128: bool,
    /// `__SIZEOF_FLOAT128__` is defined.
    sizeof_float128: bool,
}

fn signed_fmt(d: &mut Defs, prefix: &str, ty: IntTy) {
    let l = ty.length();
    d.def(format!("{prefix}_FMTd__"), format!("\"{l}d\""));
    d.def(format!("{prefix}_FMTi__"), format!("\"{l}i\""));
}

fn unsigned_fmt(d: &mut Defs, prefix: &str, ty: IntTy) {
    let l = ty.length();
    for conv in ["o", "u", "x", "X"] {
        d.def(format!("{prefix}_FMT{conv}__"), format!("\"{l}{conv}\""));
    }
}

/// `__FOO_C_SUFFIX__` (clang) and `__FOO_C(c)` (gcc) for a constant macro.
fn constant_macros(d: &mut Defs, prefix: &str, ty: IntTy) {
    let suffix = ty.suffix();
    d.def(format!("{prefix}_C_SUFFIX__"), suffix);
    let body = if suffix.is_empty() {
        "c".to_string()
    } else {
        format!("c ## {suffix}")
    };
    d.def(format!("{prefix}_C(c)"), body);
}

fn int_macros(d: &mut Defs, abi: &Abi) {
    use IntTy::*;
    let size_t = abi.intptr.unsigned();
    let bytes = |ty: IntTy| (ty.bits(abi) / 8).to_string();
    let bits = |ty: IntTy| ty.bits(abi).to_string();

    if abi.char_unsigned {
        d.def("__CHAR_UNSIGNED__", "1");
    }
    if !abi.wchar.signed() {
        d.def("__WCHAR_UNSIGNED__", "1");
    }
    if !abi.wint.signed() {
        d.def("__WINT_UNSIGNED__", "1");
    }

    // Sizes.
    d.def("__SIZEOF_SHORT__", "2");
    d.def("__SIZEOF_INT__", "4");
    d.def("__SIZEOF_LONG__", bytes(Long));
    d.def("__SIZEOF_LONG_LONG__", "8");
    d.def("__SIZEOF_POINTER__", (abi.ptr_bits / 8).to_string());
    d.def("__SIZEOF_FLOAT__", "4");
    d.def("__SIZEOF_DOUBLE__", "8");
    d.def(
        "__SIZEOF_LONG_DOUBLE__",
        abi.long_double.size_align().0.to_string(),
    );
    d.def("__SIZEOF_SIZE_T__", bytes(size_t));
    d.def("__SIZEOF_PTRDIFF_T__", bytes(abi.intptr));
    d.def("__SIZEOF_WCHAR_T__", bytes(abi.wchar));
    d.def("__SIZEOF_WINT_T__", bytes(abi.wint));
    if abi.int128 {
        d.def("__SIZEOF_INT128__", "16");
    }
    if abi.sizeof_float128 {
        d.def("__SIZEOF_FLOAT128__", "16");
    }

    // Limits and widths of the basic types.
    d.def("__SCHAR_MAX__", SChar.max(abi));
    d.def("__SHRT_MAX__", Short.max(abi));
    d.def("__INT_MAX__", Int.max(abi));
    d.def("__LONG_MAX__", Long.max(abi));
    d.def("__LONG_LONG_MAX__", LongLong.max(abi));
    d.def("__BOOL_WIDTH__", "8");
    d.def("__SHRT_WIDTH__", "16");
    d.def("__INT_WIDTH__", "32");
    d.def("__LONG_WIDTH__", bits(Long));
    d.def("__LLONG_WIDTH__", "64");
    d.def("__POINTER_WIDTH__", abi.ptr_bits.to_string());

    // Typedef'd types.
    d.def("__CHAR16_TYPE__", UShort.name());
    d.def("__CHAR32_TYPE__", UInt.name());
    d.def("__WCHAR_TYPE__", abi.wchar.name());
    d.def("__WCHAR_MAX__", abi.wchar.max(abi));
    d.def("__WCHAR_WIDTH__", bits(abi.wchar));
    d.def("__WINT_TYPE__", abi.wint.name());
    d.def("__WINT_MAX__", abi.wint.max(abi));
    d.def("__WINT_WIDTH__", bits(abi.wint));
    d.def("__SIG_ATOMIC_MAX__", abi.sig_atomic.max(abi));
    d.def("__SIG_ATOMIC_WIDTH__", bits(abi.sig_atomic));
    // GCC's names that clang lacks; headers written for GCC test them (SDL2 tests
    // __FLOAT_WORD_ORDER__, glibc's <stdint.h> spells limits from the _MIN ones).
    let min = |t: IntTy, max: &str| {
        if t.signed() {
            format!("(-{max} - 1)")
        } else {
            "0U".to_string()
        }
    };
    d.def("__WCHAR_MIN__", min(abi.wchar, "__WCHAR_MAX__"));
    d.def("__WINT_MIN__", min(abi.wint, "__WINT_MAX__"));
    d.def("__SIG_ATOMIC_TYPE__", abi.sig_atomic.name());
    d.def(
        "__SIG_ATOMIC_MIN__",
        min(abi.sig_atomic, "__SIG_ATOMIC_MAX__"),
    );
    d.def("__SCHAR_WIDTH__", "8");
    d.def("__LONG_LONG_WIDTH__", "64");

    d.def("__SIZE_TYPE__", size_t.name());
    d.def("__SIZE_MAX__", size_t.max(abi));
    d.def("__SIZE_WIDTH__", bits(size_t));
    unsigned_fmt(d, "__SIZE", size_t);

    d.def("__PTRDIFF_TYPE__", abi.intptr.name());
    d.def("__PTRDIFF_MAX__", abi.intptr.max(abi));
    d.def("__PTRDIFF_WIDTH__", bits(abi.intptr));
    signed_fmt(d, "__PTRDIFF", abi.intptr);

    d.def("__INTPTR_TYPE__", abi.intptr.name());
    d.def("__INTPTR_MAX__", abi.intptr.max(abi));
    d.def("__INTPTR_WIDTH__", bits(abi.intptr));
    signed_fmt(d, "__INTPTR", abi.intptr);
    d.def("__UINTPTR_TYPE__", size_t.name());
    d.def("__UINTPTR_MAX__", size_t.max(abi));
    d.def("__UINTPTR_WIDTH__", bits(size_t));
    unsigned_fmt(d, "__UINTPTR", size_t);

    let uintmax = abi.intmax.unsigned();
    d.def("__INTMAX_TYPE__", abi.intmax.name());
    d.def("__INTMAX_MAX__", abi.intmax.max(abi));
    d.def("__INTMAX_WIDTH__", bits(abi.intmax));
    signed_fmt(d, "__INTMAX", abi.intmax);
    constant_macros(d, "__INTMAX", abi.intmax);
    d.def("__UINTMAX_TYPE__", uintmax.name());
    d.def("__UINTMAX_MAX__", uintmax.max(abi));
    d.def("__UINTMAX_WIDTH__", bits(uintmax));
    unsigned_fmt(d, "__UINTMAX", uintmax);
    constant_macros(d, "__UINTMAX", uintmax);

    // <stdint.h> exact-width, least and fast types.
    let exact = [(8, SChar), (16, Short), (32, Int), (64, abi.int64)];
    for (n, ty) in exact {
        let prefix = format!("__INT{n}");
        d.def(format!("{prefix}_TYPE__"), ty.name());
        d.def(format!("{prefix}_MAX__"), ty.max(abi));
        signed_fmt(d, &prefix, ty);
        constant_macros(d, &prefix, ty);
        let uty = ty.unsigned();
        let prefix = format!("__UINT{n}");
        d.def(format!("{prefix}_TYPE__"), uty.name());
        d.def(format!("{prefix}_MAX__"), uty.max(abi));
        unsigned_fmt(d, &prefix, uty);
        constant_macros(d, &prefix, uty);
    }
    for kind in ["LEAST", "FAST"] {
        for (n, ty) in exact {
            let prefix = format!("__INT_{kind}{n}");
            d.def(format!("{prefix}_TYPE__"), ty.name());
            d.def(format!("{prefix}_MAX__"), ty.max(abi));
            d.def(format!("{prefix}_WIDTH__"), n.to_string());
            signed_fmt(d, &prefix, ty);
            let uty = ty.unsigned();
            let prefix = format!("__UINT_{kind}{n}");
            d.def(format!("{prefix}_TYPE__"), uty.name());
            d.def(format!("{prefix}_MAX__"), uty.max(abi));
            unsigned_fmt(d, &prefix, uty);
        }
    }
}

/// `float` (IEEE binary32) characteristics, without the `__FLT_` prefix.
const FLT: &[(&str, &str)] = &[
    ("DENORM_MIN", "1.40129846e-45F"),
    ("HAS_DENORM", "1"),
    ("DIG", "6"),
    ("DECIMAL_DIG", "9"),
    ("EPSILON", "1.19209290e-7F"),
    ("HAS_INFINITY", "1"),
    ("HAS_QUIET_NAN", "1"),
    ("MANT_DIG", "24"),
    ("MAX_10_EXP", "38"),
    ("MAX_EXP", "128"),
    ("MAX", "3.40282347e+38F"),
    ("MIN_10_EXP", "(-37)"),
    ("MIN_EXP", "(-125)"),
    ("MIN", "1.17549435e-38F"),
];

/// `double` (IEEE binary64) characteristics.
const DBL: &[(&str, &str)] = &[
    ("DENORM_MIN", "4.9406564584124654e-324"),
    ("HAS_DENORM", "1"),
    ("DIG", "15"),
    ("DECIMAL_DIG", "17"),
    ("EPSILON", "2.2204460492503131e-16"),
    ("HAS_INFINITY", "1"),
    ("HAS_QUIET_NAN", "1"),
    ("MANT_DIG", "53"),
    ("MAX_10_EXP", "308"),
    ("MAX_EXP", "1024"),
    ("MAX", "1.7976931348623157e+308"),
    ("MIN_10_EXP", "(-307)"),
    ("MIN_EXP", "(-1021)"),
    ("MIN", "2.2250738585072014e-308"),
];

/// `long double` as binary64.
const LDBL_DOUBLE: &[(&str, &str)] = &[
    ("DENORM_MIN", "4.9406564584124654e-324L"),
    ("HAS_DENORM", "1"),
    ("DIG", "15"),
    ("DECIMAL_DIG", "17"),
    ("EPSILON", "2.2204460492503131e-16L"),
    ("HAS_INFINITY", "1"),
    ("HAS_QUIET_NAN", "1"),
    ("MANT_DIG", "53"),
    ("MAX_10_EXP", "308"),
    ("MAX_EXP", "1024"),
    ("MAX", "1.7976931348623157e+308L"),
    ("MIN_10_EXP", "(-307)"),
    ("MIN_EXP", "(-1021)"),
    ("MIN", "2.2250738585072014e-308L"),
];

/// `long double` as x87 80-bit extended precision.
const LDBL_X87: &[(&str, &str)] = &[
    ("DENORM_MIN", "3.64519953188247460253e-4951L"),
    ("HAS_DENORM", "1"),
    ("DIG", "18"),
    ("DECIMAL_DIG", "21"),
    ("EPSILON", "1.08420217248550443401e-19L"),
    ("HAS_INFINITY", "1"),
    ("HAS_QUIET_NAN", "1"),
    ("MANT_DIG", "64"),
    ("MAX_10_EXP", "4932"),
    ("MAX_EXP", "16384"),
    ("MAX", "1.18973149535723176502e+4932L"),
    ("MIN_10_EXP", "(-4931)"),
    ("MIN_EXP", "(-16381)"),
    ("MIN", "3.36210314311209350626e-4932L"),
];

/// `long double` as IEEE binary128.
const LDBL_QUAD: &[(&str, &str)] = &[
    ("DENORM_MIN", "6.47517511943802511092443895822764655e-4966L"),
    ("HAS_DENORM", "1"),
    ("DIG", "33"),
    ("DECIMAL_DIG", "36"),
    ("EPSILON", "1.92592994438723585305597794258492732e-34L"),
    ("HAS_INFINITY", "1"),
    ("HAS_QUIET_NAN", "1"),
    ("MANT_DIG", "113"),
    ("MAX_10_EXP", "4932"),
    ("MAX_EXP", "16384"),
    ("MAX", "1.18973149535723176508575932662800702e+4932L"),
    ("MIN_10_EXP", "(-4931)"),
    ("MIN_EXP", "(-16381)"),
    ("MIN", "3.36210314311209350626267781732175260e-4932L"),
];

/// `_Float16` (IEEE binary16) characteristics, defined on ARM targets.
const FLT16: &[(&str, &str)] = &[
    ("DENORM_MIN", "5.9604644775390625e-8F16"),
    ("HAS_DENORM", "1"),
    ("DIG", "3"),
    ("DECIMAL_DIG", "5"),
    ("EPSILON", "9.765625e-4F16"),
    ("HAS_INFINITY", "1"),
    ("HAS_QUIET_NAN", "1"),
    ("MANT_DIG", "11"),
    ("MAX_10_EXP", "4"),
    ("MAX_EXP", "16"),
    ("MAX", "6.5504e+4F16"),
    ("MIN_10_EXP", "(-4)"),
    ("MIN_EXP", "(-13)"),
    ("MIN", "6.103515625e-5F16"),
];

fn float_macros(d: &mut Defs, abi: &Abi, float16: bool) {
    d.def("__FLT_EVAL_METHOD__", abi.flt_eval_method.to_string());
    d.def("__FLT_RADIX__", "2");
    d.def("__DECIMAL_DIG__", "__LDBL_DECIMAL_DIG__");
    let ldbl = match abi.long_double {
        LongDouble::X87 { .. } => LDBL_X87,
        LongDouble::Quad => LDBL_QUAD,
        LongDouble::Double => LDBL_DOUBLE,
    };
    let mut families = vec![("__FLT", FLT), ("__DBL", DBL), ("__LDBL", ldbl)];
    if float16 {
        families.push(("__FLT16", FLT16));
    }
    for (prefix, table) in families {
        for (name, value) in table {
            d.def(format!("{prefix}_{name}__"), *value);
        }
    }
    if abi.float128 {
        d.def("__FLOAT128__", "1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Name (without parameters) → value.
    fn table(t: &Target) -> HashMap<String, String> {
        let mut map = HashMap::new();
        for line in t.predefined_source().lines() {
            let rest = line.strip_prefix("#define ").expect("a #define line");
            let end = rest.find([' ', '(']).unwrap_or(rest.len());
            let name = rest[..end].to_string();
            let value = rest[end..].trim_start();
            let value = if rest[end..].starts_with('(') {
                value.split_once(')').expect("closing paren").1.trim()
            } else {
                value
            };
            assert!(
                map.insert(name.clone(), value.to_string()).is_none(),
                "{name} defined twice for {}",
                t.triple()
            );
        }
        map
    }

    fn all() -> Vec<Target> {
        SUPPORTED
            .iter()
            .map(|t| Target::parse(t).unwrap())
            .collect()
    }

    #[test]
    fn parse_spellings() {
        let cases: &[(&str, &str)] = &[
            ("x86_64-linux-gnu", "x86_64-unknown-linux-gnu"),
            ("x86_64-unknown-linux-gnu", "x86_64-unknown-linux-gnu"),
            ("x86_64-pc-linux-gnu", "x86_64-unknown-linux-gnu"),
            ("x86_64-linux", "x86_64-unknown-linux-gnu"),
            ("amd64-linux-gnu", "x86_64-unknown-linux-gnu"),
            (" X86_64-Linux-GNU ", "x86_64-unknown-linux-gnu"),
            ("x86_64-linux-musl", "x86_64-unknown-linux-musl"),
            ("aarch64-linux-gnu", "aarch64-unknown-linux-gnu"),
            ("aarch64-unknown-linux-musl", "aarch64-unknown-linux-musl"),
            ("i686-linux-gnu", "i686-unknown-linux-gnu"),
            ("i386-linux-gnu", "i686-unknown-linux-gnu"),
            ("i686-unknown-linux-musl", "i686-unknown-linux-musl"),
            ("armv7-linux-gnueabihf", "armv7-unknown-linux-gnueabihf"),
            ("arm-linux-gnueabihf", "armv7-unknown-linux-gnueabihf"),
            (
                "armv7-unknown-linux-musleabihf",
                "armv7-unknown-linux-musleabihf",
            ),
            ("x86_64-apple-darwin", "x86_64-apple-macos10.13"),
            ("x86_64-apple-darwin19", "x86_64-apple-macos10.15"),
            ("x86_64-apple-macos", "x86_64-apple-macos10.13"),
            ("x86_64-apple-macos10.15", "x86_64-apple-macos10.15"),
            ("x86_64-apple-macosx10.9.5", "x86_64-apple-macos10.9.5"),
            ("arm64-apple-darwin", "arm64-apple-macos11.0"),
            ("arm64-apple-darwin21", "arm64-apple-macos12.0"),
            ("aarch64-apple-macos", "arm64-apple-macos11.0"),
            ("aarch64-apple-macos13", "arm64-apple-macos13.0"),
            ("x86_64-pc-windows-msvc", "x86_64-pc-windows-msvc"),
            ("x86_64-windows", "x86_64-pc-windows-msvc"),
            ("i686-pc-windows-msvc", "i686-pc-windows-msvc"),
            ("aarch64-pc-windows-msvc", "aarch64-pc-windows-msvc"),
            ("wasm32-unknown-unknown", "wasm32-unknown-unknown"),
            ("wasm32-wasi", "wasm32-unknown-wasi"),
            ("wasm32-unknown-wasi", "wasm32-unknown-wasi"),
            ("wasm32-wasip1", "wasm32-unknown-wasi"),
            ("wasm32-unknown", "wasm32-unknown-unknown"),
            ("wasm32-none", "wasm32-unknown-unknown"),
            ("arm64-linux-gnu", "aarch64-unknown-linux-gnu"),
            ("i686-pc-linux-gnu", "i686-unknown-linux-gnu"),
            ("i386-linux-musl", "i686-unknown-linux-musl"),
            ("armv7l-linux-gnueabihf", "armv7-unknown-linux-gnueabihf"),
            ("arm-linux-musleabihf", "armv7-unknown-linux-musleabihf"),
        ];
        for &(input, triple) in cases {
            let t = Target::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(t.triple(), triple, "{input}");
            assert_eq!(t.to_string(), triple);
            let again = Target::parse(t.triple()).unwrap();
            assert_eq!(again, t, "{input}: normalized triple must parse to itself");
        }

        use Arch::*;
        use Env::{Gnu, Msvc, Musl};
        use Os::{Darwin, Linux, Wasi, Windows};
        let parts: &[(&str, Arch, Os, Env)] = &[
            ("x86_64-unknown-linux-gnu", X86_64, Linux, Gnu),
            ("x86_64-unknown-linux-musl", X86_64, Linux, Musl),
            ("aarch64-unknown-linux-gnu", Aarch64, Linux, Gnu),
            ("aarch64-unknown-linux-musl", Aarch64, Linux, Musl),
            ("i686-unknown-linux-gnu", I686, Linux, Gnu),
            ("i686-unknown-linux-musl", I686, Linux, Musl),
            ("armv7-unknown-linux-gnueabihf", Armv7, Linux, Gnu),
            ("armv7-unknown-linux-musleabihf", Armv7, Linux, Musl),
            ("x86_64-apple-macos10.13", X86_64, Darwin, Env::None),
            ("arm64-apple-macos11.0", Aarch64, Darwin, Env::None),
            ("x86_64-pc-windows-msvc", X86_64, Windows, Msvc),
            ("i686-pc-windows-msvc", I686, Windows, Msvc),
            ("aarch64-pc-windows-msvc", Aarch64, Windows, Msvc),
            ("wasm32-unknown-unknown", Wasm32, Os::None, Env::None),
            ("wasm32-unknown-wasi", Wasm32, Wasi, Env::None),
        ];
        assert_eq!(parts.len(), SUPPORTED.len());
        for &(triple, arch, os, env) in parts {
            let t = Target::parse(triple).unwrap();
            assert_eq!((t.arch(), t.os(), t.env()), (arch, os, env), "{triple}");
        }
    }

    #[test]
    fn supported_triples_are_normalized() {
        for &s in Target::supported_triples() {
            assert_eq!(Target::parse(s).unwrap().triple(), s);
        }
    }

    #[test]
    fn bad_triples() {
        for bad in [
            "",
            "x86_64",
            "sparc-linux-gnu",
            "x86_64-freebsd",
            "arm-linux-gnueabi",
            "armv7-linux-gnu",
            "x86_64-linux-gnueabihf",
            "wasm32-linux-gnu",
            "x86_64-wasi",
            "x86_64-unknown-unknown",
            "x86_64-pc-windows-gnu",
            "armv7-apple-darwin",
            "x86_64-apple-macos9",
            "x86_64-apple-macos10.x",
            "x86_64-apple-darwin-gnu",
            "x86_64-unknown-linux-gnu-extra",
            "x86_64--linux",
        ] {
            let err = Target::parse(bad).expect_err(bad);
            assert!(err.contains("x86_64-unknown-linux-gnu"), "{bad}: {err}");
            assert!(err.contains("wasm32-unknown-wasi"), "{bad}: {err}");
        }
    }

    #[test]
    fn host_is_supported() {
        let host = Target::host();
        assert!(Target::parse(host.triple()).is_ok());
        if cfg!(all(
            target_arch = "x86_64",
            target_os = "linux",
            target_env = "gnu"
        )) {
            assert_eq!(host.triple(), "x86_64-unknown-linux-gnu");
            assert_eq!(host.multiarch(), Some("x86_64-linux-gnu"));
        }
    }

    #[test]
    fn multiarch_names() {
        let m = |t: &str| Target::parse(t).unwrap().multiarch();
        assert_eq!(m("x86_64-linux-gnu"), Some("x86_64-linux-gnu"));
        assert_eq!(m("x86_64-linux-musl"), Some("x86_64-linux-musl"));
        assert_eq!(m("aarch64-linux-gnu"), Some("aarch64-linux-gnu"));
        assert_eq!(m("i686-linux-gnu"), Some("i386-linux-gnu"));
        assert_eq!(m("armv7-linux-gnueabihf"), Some("arm-linux-gnueabihf"));
        assert_eq!(m("armv7-linux-musleabihf"), Some("arm-linux-musleabihf"));
        assert_eq!(m("x86_64-apple-darwin"), None);
        assert_eq!(m("x86_64-pc-windows-msvc"), None);
        assert_eq!(m("wasm32-wasi"), None);
    }

    #[test]
    fn deterministic_and_well_formed() {
        for t in all() {
            let a = t.predefined_source();
            assert_eq!(a, t.predefined_source());
            assert_eq!(a, t.clone().predefined_source());
            assert!(a.ends_with('\n'));
            table(&t); // no duplicates, every line a #define
        }
    }

    #[test]
    fn identity_and_exclusions() {
        for t in all() {
            let m = table(&t);
            assert_eq!(m["__headerkit__"], "1");
            for absent in [
                "__clang__",
                "__clang_major__",
                "__llvm__",
                "__BLOCKS__",
                "__SSE__",
                "__SSE2__",
                "__MMX__",
                "__ARM_NEON",
                "__PIC__",
                "__pic__",
                "__OPTIMIZE__",
            ] {
                assert!(!m.contains_key(absent), "{absent} in {}", t.triple());
            }
            assert!(!m.keys().any(|k| k.starts_with("__ARM_FEATURE_")));
            assert_eq!(m["__STDC_VERSION__"], "201710L");
            assert_eq!(m["__NO_INLINE__"], "1");
            if t.env() == Env::Msvc {
                assert!(!m.contains_key("__GNUC__"));
                assert!(!m.contains_key("__STDC__"));
                assert_eq!(m["_MSC_VER"], "1930");
            } else {
                assert_eq!(m["__GNUC__"], "7");
                assert_eq!(m["__GNUC_MINOR__"], "5");
                assert_eq!(m["__GNUC_PATCHLEVEL__"], "0");
                assert_eq!(m["__STDC__"], "1");
                assert_eq!(m["__VERSION__"], "\"headerkit (GNU C 7.5.0 compatible)\"");
            }
            let hosted = if t.os() == Os::None { "0" } else { "1" };
            assert_eq!(m["__STDC_HOSTED__"], hosted);
        }
        let src = Target::parse("x86_64-linux-gnu")
            .unwrap()
            .predefined_source();
        assert!(src.contains("#define __INT64_C(c) c ## L\n"));
        assert!(src.contains("#define __UINT32_C(c) c ## U\n"));
        assert!(src.contains("#define __INT8_C(c) c\n"));
    }

    #[test]
    fn os_macros() {
        let m = |t: &str| table(&Target::parse(t).unwrap());
        let linux = m("aarch64-linux-gnu");
        for k in [
            "__linux__",
            "__linux",
            "linux",
            "__unix__",
            "__unix",
            "unix",
            "__gnu_linux__",
            "__ELF__",
        ] {
            assert_eq!(linux[k], "1", "{k}");
        }
        assert_eq!(linux["__CHAR_UNSIGNED__"], "1");
        assert_eq!(linux["__USER_LABEL_PREFIX__"], "");
        let mac = m("arm64-apple-darwin");
        assert_eq!(mac["__USER_LABEL_PREFIX__"], "_");
        assert_eq!(
            mac["__ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__"],
            "110000"
        );
        assert!(!mac.contains_key("__CHAR_UNSIGNED__"));
        assert_eq!(
            m("x86_64-apple-darwin")["__ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__"],
            "101300"
        );
        assert_eq!(
            m("x86_64-apple-macos10.9")["__ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__"],
            "1090"
        );
        assert_eq!(
            m("x86_64-apple-macos10.15.7")["__ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__"],
            "101507"
        );
        let win = m("x86_64-pc-windows-msvc");
        for k in ["_WIN32", "_WIN64"] {
            assert_eq!(win[k], "1");
        }
        assert_eq!(win["_M_X64"], "100");
        assert!(!m("i686-pc-windows-msvc").contains_key("_WIN64"));
        assert_eq!(m("wasm32-wasi")["__wasi__"], "1");
        assert!(!m("wasm32-unknown-unknown").contains_key("__wasi__"));
    }

    #[test]
    fn data_model_matches_macros() {
        for t in all() {
            let m = table(&t);
            let dm = t.data_model();
            let num = |k: &str| -> u32 { m[k].parse().unwrap_or_else(|_| panic!("{k}")) };
            let ctx = t.triple();
            assert_eq!(dm.short.size, num("__SIZEOF_SHORT__"), "{ctx}");
            assert_eq!(dm.int.size, num("__SIZEOF_INT__"), "{ctx}");
            assert_eq!(dm.long.size, num("__SIZEOF_LONG__"), "{ctx}");
            assert_eq!(dm.long_long.size, num("__SIZEOF_LONG_LONG__"), "{ctx}");
            assert_eq!(dm.pointer.size, num("__SIZEOF_POINTER__"), "{ctx}");
            assert_eq!(dm.float.size, num("__SIZEOF_FLOAT__"), "{ctx}");
            assert_eq!(dm.double.size, num("__SIZEOF_DOUBLE__"), "{ctx}");
            assert_eq!(dm.long_double.size, num("__SIZEOF_LONG_DOUBLE__"), "{ctx}");
            assert_eq!(dm.wchar.size, num("__SIZEOF_WCHAR_T__"), "{ctx}");
            assert_eq!(dm.max_align, num("__BIGGEST_ALIGNMENT__"), "{ctx}");
            assert_eq!(
                dm.char_signed,
                !m.contains_key("__CHAR_UNSIGNED__"),
                "{ctx}"
            );
            assert_eq!(dm.size_type, m["__SIZE_TYPE__"], "{ctx}");
            assert_eq!(dm.ptrdiff_type, m["__PTRDIFF_TYPE__"], "{ctx}");
            assert_eq!(dm.wchar_type, m["__WCHAR_TYPE__"], "{ctx}");
            assert_eq!(dm.intmax_type, m["__INTMAX_TYPE__"], "{ctx}");
            assert_eq!(dm.endian, Endian::Little);
            assert_eq!(m["__BYTE_ORDER__"], "__ORDER_LITTLE_ENDIAN__");
            assert_eq!((dm.char.size, dm.bool.size), (1, 1));
            for sa in [
                dm.char,
                dm.short,
                dm.int,
                dm.long,
                dm.long_long,
                dm.pointer,
                dm.float,
                dm.double,
                dm.long_double,
                dm.bool,
                dm.wchar,
            ] {
                assert!(sa.align.is_power_of_two() && sa.align <= sa.size, "{ctx}");
                assert!(sa.align <= dm.max_align, "{ctx}");
            }
            let lp64 = m.contains_key("__LP64__");
            assert_eq!(lp64, dm.long.size == 8 && dm.pointer.size == 8, "{ctx}");
        }
        let i686 = Target::parse("i686-linux-gnu").unwrap().data_model();
        assert_eq!(i686.long_double, SizeAlign { size: 12, align: 4 });
        assert_eq!(i686.double.align, 4);
    }

    #[test]
    fn std_only() {
        let src = Target::std_only_source();
        assert_eq!(
            src,
            "#define __STDC__ 1\n#define __STDC_VERSION__ 201710L\n#define __STDC_HOSTED__ 1\n\
             #define __STDC_UTF_16__ 1\n#define __STDC_UTF_32__ 1\n"
        );
    }
}
