/* <stddef.h> -- headerkit's own freestanding header, written for headerkit.
 *
 * Everything comes from the compiler's predefined macros (__SIZE_TYPE__ and
 * friends), so this header serves every target without a C library.
 *
 * The header honours the glibc "__need_" protocol: when any of
 * __need_size_t, __need_ptrdiff_t, __need_wchar_t, __need_wint_t,
 * __need_NULL or __need_max_align_t is defined, only the requested pieces
 * are provided and the request macros are consumed (#undef'd).  Without a
 * request the whole standard header is provided.  Every piece has its own
 * guard, so any number of inclusions in any order is fine.
 */

#if !defined(__need_size_t) && !defined(__need_ptrdiff_t) \
    && !defined(__need_wchar_t) && !defined(__need_wint_t) \
    && !defined(__need_NULL) && !defined(__need_max_align_t)
/* No partial request: provide the complete standard header. */
#define __headerkit_stddef_everything 1
#ifndef _STDDEF_H
#define _STDDEF_H 1
#endif
#endif

/* size_t */
#if defined(__headerkit_stddef_everything) || defined(__need_size_t)
#ifndef __headerkit_size_t
#define __headerkit_size_t 1
typedef __SIZE_TYPE__ size_t;
#endif
#endif
#undef __need_size_t

/* ptrdiff_t */
#if defined(__headerkit_stddef_everything) || defined(__need_ptrdiff_t)
#ifndef __headerkit_ptrdiff_t
#define __headerkit_ptrdiff_t 1
typedef __PTRDIFF_TYPE__ ptrdiff_t;
#endif
#endif
#undef __need_ptrdiff_t

/* wchar_t (a keyword in C++, a typedef in C) */
#if defined(__headerkit_stddef_everything) || defined(__need_wchar_t)
#if !defined(__headerkit_wchar_t) && !defined(__cplusplus)
#define __headerkit_wchar_t 1
typedef __WCHAR_TYPE__ wchar_t;
#endif
#endif
#undef __need_wchar_t

/* wint_t: only on request, never part of the standard header.  glibc's
   <bits/types/wint_t.h> skips its own typedef when _WINT_T is defined, and
   we skip ours when it (or anyone else) defined _WINT_T first. */
#if defined(__need_wint_t)
#if !defined(__headerkit_wint_t) && !defined(_WINT_T)
#define __headerkit_wint_t 1
#define _WINT_T 1
typedef __WINT_TYPE__ wint_t;
#endif
#endif
#undef __need_wint_t

/* NULL: always (re)defined, whatever another header made of it. */
#if defined(__headerkit_stddef_everything) || defined(__need_NULL)
#undef NULL
#ifdef __cplusplus
#define NULL __null
#else
#define NULL ((void *)0)
#endif
#endif
#undef __need_NULL

/* max_align_t (C11): an object type whose alignment is the greatest
   fundamental alignment.  The layout follows the target ABI: MSVC gives
   it double's alignment, Darwin long double's, everyone else a struct of
   the two most-aligned scalar types, each at its full alignment. */
#if defined(__headerkit_stddef_everything) || defined(__need_max_align_t)
#if !defined(__headerkit_max_align_t) \
    && ((defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L) \
        || (defined(__cplusplus) && __cplusplus >= 201103L) \
        || defined(__need_max_align_t))
#define __headerkit_max_align_t 1
#if defined(_MSC_VER)
typedef double max_align_t;
#elif defined(__APPLE__)
typedef long double max_align_t;
#else
typedef struct {
    long long __headerkit_ll __attribute__((__aligned__(__alignof__(long long))));
    long double __headerkit_ld __attribute__((__aligned__(__alignof__(long double))));
#if defined(__i386__) && defined(__SIZEOF_FLOAT128__)
    /* The i386 psABI aligns __float128 to 16, beyond long double. */
    __float128 __headerkit_f128 __attribute__((__aligned__(__alignof__(__float128))));
#endif
} max_align_t;
#endif
#endif
#endif
#undef __need_max_align_t

/* The rest only belongs to the complete header. */
#ifdef __headerkit_stddef_everything
#undef offsetof
#define offsetof(type, member) __builtin_offsetof(type, member)

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 202311L
#ifndef __headerkit_nullptr_t
#define __headerkit_nullptr_t 1
typedef __typeof__(nullptr) nullptr_t;
#endif
#ifndef unreachable
#define unreachable() (__builtin_unreachable())
#endif
#ifndef __STDC_VERSION_STDDEF_H__
#define __STDC_VERSION_STDDEF_H__ 202311L
#endif
#endif

#undef __headerkit_stddef_everything
#endif
