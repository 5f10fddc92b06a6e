/* <stdbool.h> -- headerkit's own freestanding header, written for headerkit.
 * In C23 bool, true and false are keywords, so only the feature macro
 * remains. */
#ifndef __headerkit_stdbool_h
#define __headerkit_stdbool_h 1
#ifndef _STDBOOL_H
#define _STDBOOL_H 1
#endif

#if !defined(__cplusplus) \
    && (!defined(__STDC_VERSION__) || __STDC_VERSION__ < 202311L)
#define bool _Bool
#define true 1
#define false 0
#endif

#define __bool_true_false_are_defined 1

#endif /* __headerkit_stdbool_h */
