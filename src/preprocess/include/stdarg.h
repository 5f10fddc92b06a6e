/* <stdarg.h> -- headerkit's own freestanding header, written for headerkit.
 *
 * Variable argument lists map onto the compiler builtins.  glibc's headers
 * (<stdio.h>, <wchar.h>, <err.h>, ...) define __need___va_list before
 * including this file: they only want the type __gnuc_va_list, and they
 * test __GNUC_VA_LIST to learn whether they got it.
 */

/* __gnuc_va_list: always provided, whatever was requested. */
#ifndef __GNUC_VA_LIST
#define __GNUC_VA_LIST 1
typedef __builtin_va_list __gnuc_va_list;
#endif

#if defined(__need___va_list)
/* A partial request: __gnuc_va_list was all that was wanted. */
#undef __need___va_list
#else

#ifndef __headerkit_stdarg_h
#define __headerkit_stdarg_h 1
#ifndef _STDARG_H
#define _STDARG_H 1
#endif

typedef __builtin_va_list va_list;

#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_end(ap) __builtin_va_end(ap)
#define va_arg(ap, type) __builtin_va_arg(ap, type)

#if (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L) \
    || !defined(__STRICT_ANSI__) || defined(__cplusplus)
#define va_copy(dest, src) __builtin_va_copy(dest, src)
#endif

/* The pre-C99 GNU spelling, still used by some libraries. */
#if !defined(__STRICT_ANSI__) || defined(__cplusplus)
#define __va_copy(dest, src) __builtin_va_copy(dest, src)
#endif

#endif /* __headerkit_stdarg_h */
#endif /* __need___va_list */
