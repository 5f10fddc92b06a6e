/* <limits.h> -- headerkit's own header, written for headerkit.
 *
 * The sizes of the integer types come from the compiler's predefined
 * macros.  In a hosted environment the C library's <limits.h> is included
 * too, when there is one (it adds MB_LEN_MAX and POSIX limits such as
 * PATH_MAX).
 *
 * glibc's <limits.h> itself does `#include_next <limits.h>` unless
 * _GCC_LIMITS_H_ is defined (that is how it reaches the compiler's file
 * when it is found first).  Here the C library's file comes after ours, so
 * _GCC_LIMITS_H_ is defined beforehand, or the search would run off the
 * end of the include path.
 *
 * Only hosted compilations look for the library's file: gcc rejects
 * __has_include_next outright when no directory follows ours, which is the
 * usual freestanding set-up (-nostdinc plus our directory alone).
 *
 * The library's file is included first; our values are then (re)defined
 * after an #undef each, so a library that spells them differently cannot
 * clash with us, and ours are the ones that count.
 */
#ifndef __headerkit_limits_h
#define __headerkit_limits_h 1

#ifndef _GCC_LIMITS_H_
#define _GCC_LIMITS_H_ 1
#endif

#if __STDC_HOSTED__ && defined(__has_include_next)
#if __has_include_next(<limits.h>)
#include_next <limits.h>
#endif
#endif

/* char */
#undef CHAR_BIT
#define CHAR_BIT __CHAR_BIT__
#undef SCHAR_MAX
#define SCHAR_MAX __SCHAR_MAX__
#undef SCHAR_MIN
#define SCHAR_MIN (-SCHAR_MAX - 1)
#undef UCHAR_MAX
#if __SCHAR_MAX__ == __INT_MAX__
#define UCHAR_MAX (SCHAR_MAX * 2U + 1U)
#else
#define UCHAR_MAX (SCHAR_MAX * 2 + 1)
#endif
#undef CHAR_MIN
#undef CHAR_MAX
#ifdef __CHAR_UNSIGNED__
#if __SCHAR_MAX__ == __INT_MAX__
#define CHAR_MIN 0U
#else
#define CHAR_MIN 0
#endif
#define CHAR_MAX UCHAR_MAX
#else
#define CHAR_MIN SCHAR_MIN
#define CHAR_MAX SCHAR_MAX
#endif

/* short */
#undef SHRT_MAX
#define SHRT_MAX __SHRT_MAX__
#undef SHRT_MIN
#define SHRT_MIN (-SHRT_MAX - 1)
#undef USHRT_MAX
#if __SHRT_MAX__ == __INT_MAX__
#define USHRT_MAX (SHRT_MAX * 2U + 1U)
#else
#define USHRT_MAX (SHRT_MAX * 2 + 1)
#endif

/* int */
#undef INT_MAX
#define INT_MAX __INT_MAX__
#undef INT_MIN
#define INT_MIN (-INT_MAX - 1)
#undef UINT_MAX
#define UINT_MAX (INT_MAX * 2U + 1U)

/* long */
#undef LONG_MAX
#define LONG_MAX __LONG_MAX__
#undef LONG_MIN
#define LONG_MIN (-LONG_MAX - 1L)
#undef ULONG_MAX
#define ULONG_MAX (LONG_MAX * 2UL + 1UL)

/* long long (C99; GNU mode gets it in C90 too) */
#if (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L) \
    || !defined(__STRICT_ANSI__) || defined(__cplusplus)
#undef LLONG_MAX
#define LLONG_MAX __LONG_LONG_MAX__
#undef LLONG_MIN
#define LLONG_MIN (-LLONG_MAX - 1LL)
#undef ULLONG_MAX
#define ULLONG_MAX (LLONG_MAX * 2ULL + 1ULL)
#endif

/* Old GNU names for the long long limits: only where the C library asks for GNU names
   (glibc: _GNU_SOURCE), or in non-strict mode without glibc. */
#if defined(__GNU_LIBRARY__) ? defined(__USE_GNU) : !defined(__STRICT_ANSI__)
#undef LONG_LONG_MAX
#define LONG_LONG_MAX __LONG_LONG_MAX__
#undef LONG_LONG_MIN
#define LONG_LONG_MIN (-LONG_LONG_MAX - 1LL)
#undef ULONG_LONG_MAX
#define ULONG_LONG_MAX (LONG_LONG_MAX * 2ULL + 1ULL)
#endif

/* Widths in bits (C2x; earlier through the IEC 60559 extension macro). */
#if defined(__STDC_WANT_IEC_60559_BFP_EXT__) \
    || (defined(__STDC_VERSION__) && __STDC_VERSION__ > 201710L)
#undef CHAR_WIDTH
#undef SCHAR_WIDTH
#undef UCHAR_WIDTH
#define CHAR_WIDTH __CHAR_BIT__
#define SCHAR_WIDTH __CHAR_BIT__
#define UCHAR_WIDTH __CHAR_BIT__
#undef SHRT_WIDTH
#undef USHRT_WIDTH
#define SHRT_WIDTH __SHRT_WIDTH__
#define USHRT_WIDTH __SHRT_WIDTH__
#undef INT_WIDTH
#undef UINT_WIDTH
#define INT_WIDTH __INT_WIDTH__
#define UINT_WIDTH __INT_WIDTH__
#undef LONG_WIDTH
#undef ULONG_WIDTH
#define LONG_WIDTH __LONG_WIDTH__
#define ULONG_WIDTH __LONG_WIDTH__
#undef LLONG_WIDTH
#undef ULLONG_WIDTH
#if defined(__LONG_LONG_WIDTH__)
#define LLONG_WIDTH __LONG_LONG_WIDTH__
#define ULLONG_WIDTH __LONG_LONG_WIDTH__
#else
#define LLONG_WIDTH __LLONG_WIDTH__
#define ULLONG_WIDTH __LLONG_WIDTH__
#endif
#endif

#if defined(__STDC_VERSION__) && __STDC_VERSION__ > 201710L
/* C2x: the limits of bool. */
#undef BOOL_MAX
#define BOOL_MAX 1
#undef BOOL_WIDTH
#define BOOL_WIDTH 1
#endif

/* Bytes in a multibyte character, in any locale.  The C library knows
   the real figure; without one only the "C" locale exists. */
#ifndef MB_LEN_MAX
#define MB_LEN_MAX 1
#endif

#endif /* __headerkit_limits_h */
