/* <emmintrin.h> -- headerkit's own header, written for headerkit.
 * SSE2: the 128-bit double-precision and integer vector types (types
 * only). */
#ifndef __headerkit_emmintrin_h
#define __headerkit_emmintrin_h 1
#ifndef _EMMINTRIN_H_INCLUDED
#define _EMMINTRIN_H_INCLUDED 1
#endif

#include <xmmintrin.h>

typedef double __m128d __attribute__((__vector_size__(16), __may_alias__));
typedef long long __m128i
    __attribute__((__vector_size__(16), __may_alias__));
typedef double __m128d_u
    __attribute__((__vector_size__(16), __may_alias__, __aligned__(1)));
typedef long long __m128i_u
    __attribute__((__vector_size__(16), __may_alias__, __aligned__(1)));

/* Element views of a 128-bit vector. */
typedef double __v2df __attribute__((__vector_size__(16)));
typedef long long __v2di __attribute__((__vector_size__(16)));
typedef unsigned long long __v2du __attribute__((__vector_size__(16)));
typedef int __v4si __attribute__((__vector_size__(16)));
typedef unsigned int __v4su __attribute__((__vector_size__(16)));
typedef short __v8hi __attribute__((__vector_size__(16)));
typedef unsigned short __v8hu __attribute__((__vector_size__(16)));
typedef char __v16qi __attribute__((__vector_size__(16)));
typedef signed char __v16qs __attribute__((__vector_size__(16)));
typedef unsigned char __v16qu __attribute__((__vector_size__(16)));

/* Building a control word for _mm_shuffle_pd. */
#define _MM_SHUFFLE2(x, y) (((x) << 1) | (y))

#endif /* __headerkit_emmintrin_h */
