/* <stdnoreturn.h> -- headerkit's own freestanding header, written for
 * headerkit. */
#ifndef __headerkit_stdnoreturn_h
#define __headerkit_stdnoreturn_h 1
#ifndef _STDNORETURN_H
#define _STDNORETURN_H 1
#endif

#ifndef __cplusplus
#define noreturn _Noreturn
#endif

#endif /* __headerkit_stdnoreturn_h */
