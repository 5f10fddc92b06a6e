/* <mmintrin.h> -- headerkit's own header, written for headerkit.
 * MMX: the 64-bit vector type.  Types only: headerkit parses headers and
 * needs no intrinsic function bodies. */
#ifndef __headerkit_mmintrin_h
#define __headerkit_mmintrin_h 1
#ifndef _MMINTRIN_H_INCLUDED
#define _MMINTRIN_H_INCLUDED 1
#endif

typedef int __m64 __attribute__((__vector_size__(8), __may_alias__));
typedef int __m64_u
    __attribute__((__vector_size__(8), __may_alias__, __aligned__(1)));

/* Element views of a 64-bit vector. */
typedef int __v2si __attribute__((__vector_size__(8)));
typedef short __v4hi __attribute__((__vector_size__(8)));
typedef char __v8qi __attribute__((__vector_size__(8)));
typedef long long __v1di __attribute__((__vector_size__(8)));
typedef float __v2sf __attribute__((__vector_size__(8)));

#endif /* __headerkit_mmintrin_h */
