/* <iso646.h> -- headerkit's own freestanding header, written for headerkit.
 * Alternative spellings of operators (they are keywords in C++). */
#ifndef __headerkit_iso646_h
#define __headerkit_iso646_h 1
#ifndef _ISO646_H
#define _ISO646_H 1
#endif

#ifndef __cplusplus
#define and &&
#define and_eq &=
#define bitand &
#define bitor |
#define compl ~
#define not !
#define not_eq !=
#define or ||
#define or_eq |=
#define xor ^
#define xor_eq ^=
#endif

#endif /* __headerkit_iso646_h */
