/* <x86intrin.h> -- headerkit's own header, written for headerkit.
 * Every x86 intrinsic type: the Intel set from <immintrin.h> (the AMD
 * extensions add no types of their own).  Types only. */
#ifndef __headerkit_x86intrin_h
#define __headerkit_x86intrin_h 1
#ifndef _X86INTRIN_H_INCLUDED
#define _X86INTRIN_H_INCLUDED 1
#endif

#include <immintrin.h>

#endif /* __headerkit_x86intrin_h */
