/* <immintrin.h> -- headerkit's own header, written for headerkit.
 * All Intel vector types: brings in the SSE4.2 level and adds the AVX
 * (256-bit) and AVX-512 (512-bit and mask) types.  Types only. */
#ifndef __headerkit_immintrin_h
#define __headerkit_immintrin_h 1
#ifndef _IMMINTRIN_H_INCLUDED
#define _IMMINTRIN_H_INCLUDED 1
#endif

#include <nmmintrin.h>

/* ---- AVX: 256-bit vectors ---- */
typedef float __m256 __attribute__((__vector_size__(32), __may_alias__));
typedef double __m256d __attribute__((__vector_size__(32), __may_alias__));
typedef long long __m256i
    __attribute__((__vector_size__(32), __may_alias__));
typedef float __m256_u
    __attribute__((__vector_size__(32), __may_alias__, __aligned__(1)));
typedef double __m256d_u
    __attribute__((__vector_size__(32), __may_alias__, __aligned__(1)));
typedef long long __m256i_u
    __attribute__((__vector_size__(32), __may_alias__, __aligned__(1)));

typedef float __v8sf __attribute__((__vector_size__(32)));
typedef double __v4df __attribute__((__vector_size__(32)));
typedef long long __v4di __attribute__((__vector_size__(32)));
typedef unsigned long long __v4du __attribute__((__vector_size__(32)));
typedef int __v8si __attribute__((__vector_size__(32)));
typedef unsigned int __v8su __attribute__((__vector_size__(32)));
typedef short __v16hi __attribute__((__vector_size__(32)));
typedef unsigned short __v16hu __attribute__((__vector_size__(32)));
typedef char __v32qi __attribute__((__vector_size__(32)));
typedef signed char __v32qs __attribute__((__vector_size__(32)));
typedef unsigned char __v32qu __attribute__((__vector_size__(32)));

/* ---- AVX-512: 512-bit vectors and lane masks ---- */
typedef float __m512 __attribute__((__vector_size__(64), __may_alias__));
typedef double __m512d __attribute__((__vector_size__(64), __may_alias__));
typedef long long __m512i
    __attribute__((__vector_size__(64), __may_alias__));
typedef float __m512_u
    __attribute__((__vector_size__(64), __may_alias__, __aligned__(1)));
typedef double __m512d_u
    __attribute__((__vector_size__(64), __may_alias__, __aligned__(1)));
typedef long long __m512i_u
    __attribute__((__vector_size__(64), __may_alias__, __aligned__(1)));

typedef float __v16sf __attribute__((__vector_size__(64)));
typedef double __v8df __attribute__((__vector_size__(64)));
typedef long long __v8di __attribute__((__vector_size__(64)));
typedef unsigned long long __v8du __attribute__((__vector_size__(64)));
typedef int __v16si __attribute__((__vector_size__(64)));
typedef unsigned int __v16su __attribute__((__vector_size__(64)));
typedef short __v32hi __attribute__((__vector_size__(64)));
typedef unsigned short __v32hu __attribute__((__vector_size__(64)));
typedef char __v64qi __attribute__((__vector_size__(64)));
typedef unsigned char __v64qu __attribute__((__vector_size__(64)));

typedef unsigned char __mmask8;
typedef unsigned short __mmask16;
typedef unsigned int __mmask32;
typedef unsigned long long __mmask64;

/* ---- AVX512-BF16: bfloat16 pairs held in 16-bit lanes ---- */
typedef short __m128bh __attribute__((__vector_size__(16), __may_alias__));
typedef short __m256bh __attribute__((__vector_size__(32), __may_alias__));
typedef short __m512bh __attribute__((__vector_size__(64), __may_alias__));

/* Rounding-control arguments of the AVX-512 *_round_* intrinsics reuse
   the SSE4.1 _MM_FROUND_* values. */

#endif /* __headerkit_immintrin_h */
