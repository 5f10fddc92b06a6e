/* <tmmintrin.h> -- headerkit's own header, written for headerkit.
 * SSSE3: no new types; brings in the SSE3 level. */
#ifndef __headerkit_tmmintrin_h
#define __headerkit_tmmintrin_h 1
#ifndef _TMMINTRIN_H_INCLUDED
#define _TMMINTRIN_H_INCLUDED 1
#endif

#include <pmmintrin.h>

#endif /* __headerkit_tmmintrin_h */
