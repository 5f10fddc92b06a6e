/* <stdint.h> -- headerkit's own header, written for headerkit.
 *
 * Hosted, when the C library ships a <stdint.h>, that one is used (through
 * #include_next), so the types agree with everything else the library
 * declares.  Otherwise (freestanding, or no C library) every type, limit
 * and constant macro is defined here from the compiler's predefined
 * macros.
 */
#ifndef __headerkit_stdint_h
#define __headerkit_stdint_h 1

#if __STDC_HOSTED__ && defined(__has_include_next)
#if __has_include_next(<stdint.h>)
#define __headerkit_stdint_from_libc 1
#endif
#endif

#ifdef __headerkit_stdint_from_libc
#include_next <stdint.h>
#else /* our own definitions */

#ifndef _STDINT_H
#define _STDINT_H 1
#endif

/* Helper for the constant macros: paste a suffix after its expansion. */
#define __headerkit_paste2(a, b) a##b
#define __headerkit_paste(a, b) __headerkit_paste2(a, b)

/* ---- Exact-width types (optional: only where the target has them) ---- */
#ifdef __INT8_TYPE__
typedef __INT8_TYPE__ int8_t;
#endif
#ifdef __UINT8_TYPE__
typedef __UINT8_TYPE__ uint8_t;
#endif
#ifdef __INT16_TYPE__
typedef __INT16_TYPE__ int16_t;
#endif
#ifdef __UINT16_TYPE__
typedef __UINT16_TYPE__ uint16_t;
#endif
#ifdef __INT32_TYPE__
typedef __INT32_TYPE__ int32_t;
#endif
#ifdef __UINT32_TYPE__
typedef __UINT32_TYPE__ uint32_t;
#endif
#ifdef __INT64_TYPE__
typedef __INT64_TYPE__ int64_t;
#endif
#ifdef __UINT64_TYPE__
typedef __UINT64_TYPE__ uint64_t;
#endif

/* ---- Minimum-width types ---- */
typedef __INT_LEAST8_TYPE__ int_least8_t;
typedef __UINT_LEAST8_TYPE__ uint_least8_t;
typedef __INT_LEAST16_TYPE__ int_least16_t;
typedef __UINT_LEAST16_TYPE__ uint_least16_t;
typedef __INT_LEAST32_TYPE__ int_least32_t;
typedef __UINT_LEAST32_TYPE__ uint_least32_t;
typedef __INT_LEAST64_TYPE__ int_least64_t;
typedef __UINT_LEAST64_TYPE__ uint_least64_t;

/* ---- Fastest minimum-width types ---- */
typedef __INT_FAST8_TYPE__ int_fast8_t;
typedef __UINT_FAST8_TYPE__ uint_fast8_t;
typedef __INT_FAST16_TYPE__ int_fast16_t;
typedef __UINT_FAST16_TYPE__ uint_fast16_t;
typedef __INT_FAST32_TYPE__ int_fast32_t;
typedef __UINT_FAST32_TYPE__ uint_fast32_t;
typedef __INT_FAST64_TYPE__ int_fast64_t;
typedef __UINT_FAST64_TYPE__ uint_fast64_t;

/* ---- Pointer-holding and greatest-width types ---- */
#ifdef __INTPTR_TYPE__
typedef __INTPTR_TYPE__ intptr_t;
#endif
#ifdef __UINTPTR_TYPE__
typedef __UINTPTR_TYPE__ uintptr_t;
#endif
typedef __INTMAX_TYPE__ intmax_t;
typedef __UINTMAX_TYPE__ uintmax_t;

/* ---- Limits of the exact-width types ---- */
#ifdef __INT8_TYPE__
#define INT8_MAX __INT8_MAX__
#define INT8_MIN (-INT8_MAX - 1)
#endif
#ifdef __UINT8_TYPE__
#define UINT8_MAX __UINT8_MAX__
#endif
#ifdef __INT16_TYPE__
#define INT16_MAX __INT16_MAX__
#define INT16_MIN (-INT16_MAX - 1)
#endif
#ifdef __UINT16_TYPE__
#define UINT16_MAX __UINT16_MAX__
#endif
#ifdef __INT32_TYPE__
#define INT32_MAX __INT32_MAX__
#define INT32_MIN (-INT32_MAX - 1)
#endif
#ifdef __UINT32_TYPE__
#define UINT32_MAX __UINT32_MAX__
#endif
#ifdef __INT64_TYPE__
#define INT64_MAX __INT64_MAX__
#define INT64_MIN (-INT64_MAX - 1)
#endif
#ifdef __UINT64_TYPE__
#define UINT64_MAX __UINT64_MAX__
#endif

/* ---- Limits of the minimum-width types ---- */
#define INT_LEAST8_MAX __INT_LEAST8_MAX__
#define INT_LEAST8_MIN (-INT_LEAST8_MAX - 1)
#define UINT_LEAST8_MAX __UINT_LEAST8_MAX__
#define INT_LEAST16_MAX __INT_LEAST16_MAX__
#define INT_LEAST16_MIN (-INT_LEAST16_MAX - 1)
#define UINT_LEAST16_MAX __UINT_LEAST16_MAX__
#define INT_LEAST32_MAX __INT_LEAST32_MAX__
#define INT_LEAST32_MIN (-INT_LEAST32_MAX - 1)
#define UINT_LEAST32_MAX __UINT_LEAST32_MAX__
#define INT_LEAST64_MAX __INT_LEAST64_MAX__
#define INT_LEAST64_MIN (-INT_LEAST64_MAX - 1)
#define UINT_LEAST64_MAX __UINT_LEAST64_MAX__

/* ---- Limits of the fastest minimum-width types ---- */
#define INT_FAST8_MAX __INT_FAST8_MAX__
#define INT_FAST8_MIN (-INT_FAST8_MAX - 1)
#define UINT_FAST8_MAX __UINT_FAST8_MAX__
#define INT_FAST16_MAX __INT_FAST16_MAX__
#define INT_FAST16_MIN (-INT_FAST16_MAX - 1)
#define UINT_FAST16_MAX __UINT_FAST16_MAX__
#define INT_FAST32_MAX __INT_FAST32_MAX__
#define INT_FAST32_MIN (-INT_FAST32_MAX - 1)
#define UINT_FAST32_MAX __UINT_FAST32_MAX__
#define INT_FAST64_MAX __INT_FAST64_MAX__
#define INT_FAST64_MIN (-INT_FAST64_MAX - 1)
#define UINT_FAST64_MAX __UINT_FAST64_MAX__

/* ---- Limits of the pointer-holding and greatest-width types ---- */
#ifdef __INTPTR_TYPE__
#define INTPTR_MAX __INTPTR_MAX__
#define INTPTR_MIN (-INTPTR_MAX - 1)
#endif
#ifdef __UINTPTR_TYPE__
#define UINTPTR_MAX __UINTPTR_MAX__
#endif
#define INTMAX_MAX __INTMAX_MAX__
#define INTMAX_MIN (-INTMAX_MAX - 1)
#define UINTMAX_MAX __UINTMAX_MAX__

/* ---- Limits of other integer types ---- */
#define PTRDIFF_MAX __PTRDIFF_MAX__
#define PTRDIFF_MIN (-PTRDIFF_MAX - 1)

#define SIZE_MAX __SIZE_MAX__

#define SIG_ATOMIC_MAX __SIG_ATOMIC_MAX__
#ifdef __SIG_ATOMIC_MIN__
#define SIG_ATOMIC_MIN __SIG_ATOMIC_MIN__
#else
#define SIG_ATOMIC_MIN (-SIG_ATOMIC_MAX - 1)
#endif

/* wchar_t and wint_t may be signed or unsigned.  When the compiler does
   not give the minimum, a maximum of the form 2^(N-1)-1 for one of the
   usual widths means signed.  The unsigned minimum is written so that it
   has the promoted type, as the standard asks. */
#undef WCHAR_MAX
#define WCHAR_MAX __WCHAR_MAX__
#undef WCHAR_MIN
#if defined(__WCHAR_MIN__)
#define WCHAR_MIN __WCHAR_MIN__
#elif !defined(__WCHAR_UNSIGNED__) \
    && (__WCHAR_MAX__ == 0x7f || __WCHAR_MAX__ == 0x7fff \
        || __WCHAR_MAX__ == 0x7fffffff || __WCHAR_MAX__ == 0x7fffffffffffffff)
#define WCHAR_MIN (-WCHAR_MAX - 1)
#else
#define WCHAR_MIN (WCHAR_MAX - WCHAR_MAX)
#endif

#define WINT_MAX __WINT_MAX__
#if defined(__WINT_MIN__)
#define WINT_MIN __WINT_MIN__
#elif !defined(__WINT_UNSIGNED__) \
    && (__WINT_MAX__ == 0x7f || __WINT_MAX__ == 0x7fff \
        || __WINT_MAX__ == 0x7fffffff || __WINT_MAX__ == 0x7fffffffffffffff)
#define WINT_MIN (-WINT_MAX - 1)
#else
#define WINT_MIN (WINT_MAX - WINT_MAX)
#endif

/* ---- Integer constant macros ----
   gcc predefines __INT8_C(c) and friends; clang predefines the suffixes
   (__INT8_C_SUFFIX__, ...).  Use whichever the compiler gave. */
#if defined(__INT8_C)
#define INT8_C(c) __INT8_C(c)
#define INT16_C(c) __INT16_C(c)
#define INT32_C(c) __INT32_C(c)
#define INT64_C(c) __INT64_C(c)
#define UINT8_C(c) __UINT8_C(c)
#define UINT16_C(c) __UINT16_C(c)
#define UINT32_C(c) __UINT32_C(c)
#define UINT64_C(c) __UINT64_C(c)
#define INTMAX_C(c) __INTMAX_C(c)
#define UINTMAX_C(c) __UINTMAX_C(c)
#elif defined(__INT8_C_SUFFIX__)
#define INT8_C(c) __headerkit_paste(c, __INT8_C_SUFFIX__)
#define INT16_C(c) __headerkit_paste(c, __INT16_C_SUFFIX__)
#define INT32_C(c) __headerkit_paste(c, __INT32_C_SUFFIX__)
#define INT64_C(c) __headerkit_paste(c, __INT64_C_SUFFIX__)
#define UINT8_C(c) __headerkit_paste(c, __UINT8_C_SUFFIX__)
#define UINT16_C(c) __headerkit_paste(c, __UINT16_C_SUFFIX__)
#define UINT32_C(c) __headerkit_paste(c, __UINT32_C_SUFFIX__)
#define UINT64_C(c) __headerkit_paste(c, __UINT64_C_SUFFIX__)
#define INTMAX_C(c) __headerkit_paste(c, __INTMAX_C_SUFFIX__)
#define UINTMAX_C(c) __headerkit_paste(c, __UINTMAX_C_SUFFIX__)
#else
/* Last resort: deduce the suffixes from the type limits. */
#define INT8_C(c) c
#define INT16_C(c) c
#define UINT8_C(c) c
#define UINT16_C(c) c
#if __INT_MAX__ >= 0x7fffffff
#define INT32_C(c) c
#define UINT32_C(c) c##U
#else
#define INT32_C(c) c##L
#define UINT32_C(c) c##UL
#endif
#if __LONG_MAX__ >= 0x7fffffffffffffff
#define INT64_C(c) c##L
#define UINT64_C(c) c##UL
#else
#define INT64_C(c) c##LL
#define UINT64_C(c) c##ULL
#endif
#if __INTMAX_MAX__ == __LONG_MAX__
#define INTMAX_C(c) c##L
#define UINTMAX_C(c) c##UL
#else
#define INTMAX_C(c) c##LL
#define UINTMAX_C(c) c##ULL
#endif
#endif

/* ---- Widths in bits (C2x; earlier through the extension macro) ---- */
#if defined(__STDC_WANT_IEC_60559_BFP_EXT__) \
    || (defined(__STDC_VERSION__) && __STDC_VERSION__ > 201710L)
#ifdef __INT8_TYPE__
#define INT8_WIDTH 8
#endif
#ifdef __UINT8_TYPE__
#define UINT8_WIDTH 8
#endif
#ifdef __INT16_TYPE__
#define INT16_WIDTH 16
#endif
#ifdef __UINT16_TYPE__
#define UINT16_WIDTH 16
#endif
#ifdef __INT32_TYPE__
#define INT32_WIDTH 32
#endif
#ifdef __UINT32_TYPE__
#define UINT32_WIDTH 32
#endif
#ifdef __INT64_TYPE__
#define INT64_WIDTH 64
#endif
#ifdef __UINT64_TYPE__
#define UINT64_WIDTH 64
#endif
#define INT_LEAST8_WIDTH __INT_LEAST8_WIDTH__
#define UINT_LEAST8_WIDTH __INT_LEAST8_WIDTH__
#define INT_LEAST16_WIDTH __INT_LEAST16_WIDTH__
#define UINT_LEAST16_WIDTH __INT_LEAST16_WIDTH__
#define INT_LEAST32_WIDTH __INT_LEAST32_WIDTH__
#define UINT_LEAST32_WIDTH __INT_LEAST32_WIDTH__
#define INT_LEAST64_WIDTH __INT_LEAST64_WIDTH__
#define UINT_LEAST64_WIDTH __INT_LEAST64_WIDTH__
#define INT_FAST8_WIDTH __INT_FAST8_WIDTH__
#define UINT_FAST8_WIDTH __INT_FAST8_WIDTH__
#define INT_FAST16_WIDTH __INT_FAST16_WIDTH__
#define UINT_FAST16_WIDTH __INT_FAST16_WIDTH__
#define INT_FAST32_WIDTH __INT_FAST32_WIDTH__
#define UINT_FAST32_WIDTH __INT_FAST32_WIDTH__
#define INT_FAST64_WIDTH __INT_FAST64_WIDTH__
#define UINT_FAST64_WIDTH __INT_FAST64_WIDTH__
#ifdef __INTPTR_TYPE__
#define INTPTR_WIDTH __INTPTR_WIDTH__
#endif
#ifdef __UINTPTR_TYPE__
#define UINTPTR_WIDTH __INTPTR_WIDTH__
#endif
#define INTMAX_WIDTH __INTMAX_WIDTH__
#define UINTMAX_WIDTH __INTMAX_WIDTH__
#define PTRDIFF_WIDTH __PTRDIFF_WIDTH__
#define SIG_ATOMIC_WIDTH __SIG_ATOMIC_WIDTH__
#define SIZE_WIDTH __SIZE_WIDTH__
#define WCHAR_WIDTH __WCHAR_WIDTH__
#define WINT_WIDTH __WINT_WIDTH__
#endif

#endif /* __headerkit_stdint_from_libc */
#endif /* __headerkit_stdint_h */
