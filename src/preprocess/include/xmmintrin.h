/* <xmmintrin.h> -- headerkit's own header, written for headerkit.
 * SSE: the 128-bit single-precision vector type (types only). */
#ifndef __headerkit_xmmintrin_h
#define __headerkit_xmmintrin_h 1
#ifndef _XMMINTRIN_H_INCLUDED
#define _XMMINTRIN_H_INCLUDED 1
#endif

#include <mmintrin.h>

typedef float __m128 __attribute__((__vector_size__(16), __may_alias__));
typedef float __m128_u
    __attribute__((__vector_size__(16), __may_alias__, __aligned__(1)));

typedef float __v4sf __attribute__((__vector_size__(16)));

/* Arguments of _mm_prefetch. */
enum _mm_hint {
    _MM_HINT_ET0 = 7,
    _MM_HINT_ET1 = 6,
    _MM_HINT_T0 = 3,
    _MM_HINT_T1 = 2,
    _MM_HINT_T2 = 1,
    _MM_HINT_NTA = 0
};

/* Building a shuffle control word. */
#define _MM_SHUFFLE(z, y, x, w) (((z) << 6) | ((y) << 4) | ((x) << 2) | (w))

#endif /* __headerkit_xmmintrin_h */
