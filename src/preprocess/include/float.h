/* <float.h> -- headerkit's own freestanding header, written for headerkit.
 * Every characteristic comes from the compiler's predefined __FLT_*,
 * __DBL_* and __LDBL_* macros, so it matches the target exactly. */
#ifndef __headerkit_float_h
#define __headerkit_float_h 1
#ifndef _FLOAT_H___
#define _FLOAT_H___ 1
#endif

/* Radix of the exponent representation. */
#define FLT_RADIX __FLT_RADIX__

/* Digits in the significand, in base FLT_RADIX. */
#define FLT_MANT_DIG __FLT_MANT_DIG__
#define DBL_MANT_DIG __DBL_MANT_DIG__
#define LDBL_MANT_DIG __LDBL_MANT_DIG__

/* Decimal digits that survive a round trip through the type. */
#define FLT_DIG __FLT_DIG__
#define DBL_DIG __DBL_DIG__
#define LDBL_DIG __LDBL_DIG__

/* Exponent ranges. */
#define FLT_MIN_EXP __FLT_MIN_EXP__
#define DBL_MIN_EXP __DBL_MIN_EXP__
#define LDBL_MIN_EXP __LDBL_MIN_EXP__
#define FLT_MIN_10_EXP __FLT_MIN_10_EXP__
#define DBL_MIN_10_EXP __DBL_MIN_10_EXP__
#define LDBL_MIN_10_EXP __LDBL_MIN_10_EXP__
#define FLT_MAX_EXP __FLT_MAX_EXP__
#define DBL_MAX_EXP __DBL_MAX_EXP__
#define LDBL_MAX_EXP __LDBL_MAX_EXP__
#define FLT_MAX_10_EXP __FLT_MAX_10_EXP__
#define DBL_MAX_10_EXP __DBL_MAX_10_EXP__
#define LDBL_MAX_10_EXP __LDBL_MAX_10_EXP__

/* Largest finite values, machine epsilons, smallest normalised values. */
#define FLT_MAX __FLT_MAX__
#define DBL_MAX __DBL_MAX__
#define LDBL_MAX __LDBL_MAX__
#define FLT_EPSILON __FLT_EPSILON__
#define DBL_EPSILON __DBL_EPSILON__
#define LDBL_EPSILON __LDBL_EPSILON__
#define FLT_MIN __FLT_MIN__
#define DBL_MIN __DBL_MIN__
#define LDBL_MIN __LDBL_MIN__

/* Rounding mode of floating addition: 1 means to nearest.  Use the
   compiler's query when it has one, since fesetround can change it. */
#if defined(__has_builtin)
#if __has_builtin(__builtin_flt_rounds)
#define FLT_ROUNDS (__builtin_flt_rounds())
#endif
#endif
#ifndef FLT_ROUNDS
#define FLT_ROUNDS 1
#endif

/* Evaluation format of floating expressions.  The TS 18661-3 variant is
   the one asked for by C2x and by the IEC 60559 extension macros. */
#if defined(__FLT_EVAL_METHOD_TS_18661_3__) \
    && (defined(__STDC_WANT_IEC_60559_EXT__) \
        || defined(__STDC_WANT_IEC_60559_TYPES_EXT__) \
        || (defined(__STDC_VERSION__) && __STDC_VERSION__ > 201710L))
#define FLT_EVAL_METHOD __FLT_EVAL_METHOD_TS_18661_3__
#else
#define FLT_EVAL_METHOD __FLT_EVAL_METHOD__
#endif

/* Decimal digits needed to represent any value of the widest type. */
#define DECIMAL_DIG __DECIMAL_DIG__

#if (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L) \
    || (defined(__cplusplus) && __cplusplus >= 201703L) \
    || !defined(__STRICT_ANSI__)
/* C11: per-type round-trip digits, subnormal support, true minimums. */
#define FLT_DECIMAL_DIG __FLT_DECIMAL_DIG__
#define DBL_DECIMAL_DIG __DBL_DECIMAL_DIG__
#define LDBL_DECIMAL_DIG __LDBL_DECIMAL_DIG__
#define FLT_HAS_SUBNORM __FLT_HAS_DENORM__
#define DBL_HAS_SUBNORM __DBL_HAS_DENORM__
#define LDBL_HAS_SUBNORM __LDBL_HAS_DENORM__
#define FLT_TRUE_MIN __FLT_DENORM_MIN__
#define DBL_TRUE_MIN __DBL_DENORM_MIN__
#define LDBL_TRUE_MIN __LDBL_DENORM_MIN__
#endif

#if defined(__STDC_VERSION__) && __STDC_VERSION__ > 201710L
/* C2x additions, where the compiler describes them. */
#if defined(__FLT_NORM_MAX__)
#define FLT_NORM_MAX __FLT_NORM_MAX__
#define DBL_NORM_MAX __DBL_NORM_MAX__
#define LDBL_NORM_MAX __LDBL_NORM_MAX__
#endif
#if defined(__FLT_IS_IEC_60559__)
#define FLT_IS_IEC_60559 __FLT_IS_IEC_60559__
#define DBL_IS_IEC_60559 __DBL_IS_IEC_60559__
#define LDBL_IS_IEC_60559 __LDBL_IS_IEC_60559__
#endif
#endif

#endif /* __headerkit_float_h */
