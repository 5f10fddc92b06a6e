/* <arm_neon.h> -- headerkit's own header, written for headerkit.
 * The Arm NEON (Advanced SIMD) vector types, declared as generic vector
 * typedefs, and their multi-vector structures.  Types only: headerkit
 * parses headers and needs no intrinsic function bodies. */
#ifndef __headerkit_arm_neon_h
#define __headerkit_arm_neon_h 1
#ifndef __ARM_NEON_H
#define __ARM_NEON_H 1
#endif

#include <stdint.h>

/* ---- Scalar element types ---- */
typedef float float32_t;
typedef double float64_t;
#if defined(__FLT16_MAX__)
#define __headerkit_neon_fp16 1
typedef _Float16 float16_t;
#endif
typedef uint8_t poly8_t;
typedef uint16_t poly16_t;
typedef uint64_t poly64_t;
#if defined(__SIZEOF_INT128__)
typedef unsigned __int128 poly128_t;
#endif

/* ---- 64-bit (D register) vectors ---- */
typedef int8_t int8x8_t __attribute__((__vector_size__(8)));
typedef int16_t int16x4_t __attribute__((__vector_size__(8)));
typedef int32_t int32x2_t __attribute__((__vector_size__(8)));
typedef int64_t int64x1_t __attribute__((__vector_size__(8)));
typedef uint8_t uint8x8_t __attribute__((__vector_size__(8)));
typedef uint16_t uint16x4_t __attribute__((__vector_size__(8)));
typedef uint32_t uint32x2_t __attribute__((__vector_size__(8)));
typedef uint64_t uint64x1_t __attribute__((__vector_size__(8)));
typedef float32_t float32x2_t __attribute__((__vector_size__(8)));
typedef float64_t float64x1_t __attribute__((__vector_size__(8)));
typedef poly8_t poly8x8_t __attribute__((__vector_size__(8)));
typedef poly16_t poly16x4_t __attribute__((__vector_size__(8)));
typedef poly64_t poly64x1_t __attribute__((__vector_size__(8)));
#ifdef __headerkit_neon_fp16
typedef float16_t float16x4_t __attribute__((__vector_size__(8)));
#endif

/* ---- 128-bit (Q register) vectors ---- */
typedef int8_t int8x16_t __attribute__((__vector_size__(16)));
typedef int16_t int16x8_t __attribute__((__vector_size__(16)));
typedef int32_t int32x4_t __attribute__((__vector_size__(16)));
typedef int64_t int64x2_t __attribute__((__vector_size__(16)));
typedef uint8_t uint8x16_t __attribute__((__vector_size__(16)));
typedef uint16_t uint16x8_t __attribute__((__vector_size__(16)));
typedef uint32_t uint32x4_t __attribute__((__vector_size__(16)));
typedef uint64_t uint64x2_t __attribute__((__vector_size__(16)));
typedef float32_t float32x4_t __attribute__((__vector_size__(16)));
typedef float64_t float64x2_t __attribute__((__vector_size__(16)));
typedef poly8_t poly8x16_t __attribute__((__vector_size__(16)));
typedef poly16_t poly16x8_t __attribute__((__vector_size__(16)));
typedef poly64_t poly64x2_t __attribute__((__vector_size__(16)));
#ifdef __headerkit_neon_fp16
typedef float16_t float16x8_t __attribute__((__vector_size__(16)));
#endif

/* ---- Structures of 2, 3 and 4 vectors (used by vld2/vst4 etc.) ---- */
#define __headerkit_neon_multi(vec)                              \
    typedef struct vec##x2_t { vec##_t val[2]; } vec##x2_t;     \
    typedef struct vec##x3_t { vec##_t val[3]; } vec##x3_t;     \
    typedef struct vec##x4_t { vec##_t val[4]; } vec##x4_t;

__headerkit_neon_multi(int8x8)
__headerkit_neon_multi(int16x4)
__headerkit_neon_multi(int32x2)
__headerkit_neon_multi(int64x1)
__headerkit_neon_multi(uint8x8)
__headerkit_neon_multi(uint16x4)
__headerkit_neon_multi(uint32x2)
__headerkit_neon_multi(uint64x1)
__headerkit_neon_multi(float32x2)
__headerkit_neon_multi(float64x1)
__headerkit_neon_multi(poly8x8)
__headerkit_neon_multi(poly16x4)
__headerkit_neon_multi(poly64x1)
__headerkit_neon_multi(int8x16)
__headerkit_neon_multi(int16x8)
__headerkit_neon_multi(int32x4)
__headerkit_neon_multi(int64x2)
__headerkit_neon_multi(uint8x16)
__headerkit_neon_multi(uint16x8)
__headerkit_neon_multi(uint32x4)
__headerkit_neon_multi(uint64x2)
__headerkit_neon_multi(float32x4)
__headerkit_neon_multi(float64x2)
__headerkit_neon_multi(poly8x16)
__headerkit_neon_multi(poly16x8)
__headerkit_neon_multi(poly64x2)
#ifdef __headerkit_neon_fp16
__headerkit_neon_multi(float16x4)
__headerkit_neon_multi(float16x8)
#endif

#undef __headerkit_neon_multi
#undef __headerkit_neon_fp16

#endif /* __headerkit_arm_neon_h */
