/* <stdalign.h> -- headerkit's own freestanding header, written for headerkit.
 * In C23 alignas and alignof are keywords, so only the feature macros
 * remain. */
#ifndef __headerkit_stdalign_h
#define __headerkit_stdalign_h 1
#ifndef _STDALIGN_H
#define _STDALIGN_H 1
#endif

#if !defined(__cplusplus) \
    && (!defined(__STDC_VERSION__) || __STDC_VERSION__ < 202311L)
#define alignas _Alignas
#define alignof _Alignof
#endif

#define __alignas_is_defined 1
#define __alignof_is_defined 1

#endif /* __headerkit_stdalign_h */
