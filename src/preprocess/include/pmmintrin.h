/* <pmmintrin.h> -- headerkit's own header, written for headerkit.
 * SSE3: no new types; brings in the SSE2 level. */
#ifndef __headerkit_pmmintrin_h
#define __headerkit_pmmintrin_h 1
#ifndef _PMMINTRIN_H_INCLUDED
#define _PMMINTRIN_H_INCLUDED 1
#endif

#include <emmintrin.h>

/* Flags of the MXCSR denormals-are-zero control. */
#define _MM_DENORMALS_ZERO_MASK 0x0040
#define _MM_DENORMALS_ZERO_ON 0x0040
#define _MM_DENORMALS_ZERO_OFF 0x0000

#endif /* __headerkit_pmmintrin_h */
