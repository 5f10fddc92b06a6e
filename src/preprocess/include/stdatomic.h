/* <stdatomic.h> -- headerkit's own freestanding header, written for
 * headerkit.
 *
 * Types and declarations for C11 atomics.  The generic operations are
 * macros over the compiler's builtins: clang's __c11_atomic_* family when
 * the compiler is clang, gcc's __atomic_* family otherwise.
 */
#ifndef __headerkit_stdatomic_h
#define __headerkit_stdatomic_h 1
#ifndef _STDATOMIC_H
#define _STDATOMIC_H 1
#endif

/* ---- Memory orders ---- */
typedef enum memory_order {
    memory_order_relaxed = __ATOMIC_RELAXED,
    memory_order_consume = __ATOMIC_CONSUME,
    memory_order_acquire = __ATOMIC_ACQUIRE,
    memory_order_release = __ATOMIC_RELEASE,
    memory_order_acq_rel = __ATOMIC_ACQ_REL,
    memory_order_seq_cst = __ATOMIC_SEQ_CST
} memory_order;

/* ---- Lock-free property of the atomic integer types ---- */
#define ATOMIC_BOOL_LOCK_FREE __GCC_ATOMIC_BOOL_LOCK_FREE
#define ATOMIC_CHAR_LOCK_FREE __GCC_ATOMIC_CHAR_LOCK_FREE
#ifdef __GCC_ATOMIC_CHAR8_T_LOCK_FREE
#define ATOMIC_CHAR8_T_LOCK_FREE __GCC_ATOMIC_CHAR8_T_LOCK_FREE
#endif
#define ATOMIC_CHAR16_T_LOCK_FREE __GCC_ATOMIC_CHAR16_T_LOCK_FREE
#define ATOMIC_CHAR32_T_LOCK_FREE __GCC_ATOMIC_CHAR32_T_LOCK_FREE
#define ATOMIC_WCHAR_T_LOCK_FREE __GCC_ATOMIC_WCHAR_T_LOCK_FREE
#define ATOMIC_SHORT_LOCK_FREE __GCC_ATOMIC_SHORT_LOCK_FREE
#define ATOMIC_INT_LOCK_FREE __GCC_ATOMIC_INT_LOCK_FREE
#define ATOMIC_LONG_LOCK_FREE __GCC_ATOMIC_LONG_LOCK_FREE
#define ATOMIC_LLONG_LOCK_FREE __GCC_ATOMIC_LLONG_LOCK_FREE
#define ATOMIC_POINTER_LOCK_FREE __GCC_ATOMIC_POINTER_LOCK_FREE

/* ---- Atomic typedefs ---- */
typedef _Atomic _Bool atomic_bool;
typedef _Atomic char atomic_char;
typedef _Atomic signed char atomic_schar;
typedef _Atomic unsigned char atomic_uchar;
typedef _Atomic short atomic_short;
typedef _Atomic unsigned short atomic_ushort;
typedef _Atomic int atomic_int;
typedef _Atomic unsigned int atomic_uint;
typedef _Atomic long atomic_long;
typedef _Atomic unsigned long atomic_ulong;
typedef _Atomic long long atomic_llong;
typedef _Atomic unsigned long long atomic_ullong;
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 202311L
typedef _Atomic unsigned char atomic_char8_t;
#endif
typedef _Atomic __CHAR16_TYPE__ atomic_char16_t;
typedef _Atomic __CHAR32_TYPE__ atomic_char32_t;
typedef _Atomic __WCHAR_TYPE__ atomic_wchar_t;
typedef _Atomic __INT_LEAST8_TYPE__ atomic_int_least8_t;
typedef _Atomic __UINT_LEAST8_TYPE__ atomic_uint_least8_t;
typedef _Atomic __INT_LEAST16_TYPE__ atomic_int_least16_t;
typedef _Atomic __UINT_LEAST16_TYPE__ atomic_uint_least16_t;
typedef _Atomic __INT_LEAST32_TYPE__ atomic_int_least32_t;
typedef _Atomic __UINT_LEAST32_TYPE__ atomic_uint_least32_t;
typedef _Atomic __INT_LEAST64_TYPE__ atomic_int_least64_t;
typedef _Atomic __UINT_LEAST64_TYPE__ atomic_uint_least64_t;
typedef _Atomic __INT_FAST8_TYPE__ atomic_int_fast8_t;
typedef _Atomic __UINT_FAST8_TYPE__ atomic_uint_fast8_t;
typedef _Atomic __INT_FAST16_TYPE__ atomic_int_fast16_t;
typedef _Atomic __UINT_FAST16_TYPE__ atomic_uint_fast16_t;
typedef _Atomic __INT_FAST32_TYPE__ atomic_int_fast32_t;
typedef _Atomic __UINT_FAST32_TYPE__ atomic_uint_fast32_t;
typedef _Atomic __INT_FAST64_TYPE__ atomic_int_fast64_t;
typedef _Atomic __UINT_FAST64_TYPE__ atomic_uint_fast64_t;
typedef _Atomic __INTPTR_TYPE__ atomic_intptr_t;
typedef _Atomic __UINTPTR_TYPE__ atomic_uintptr_t;
typedef _Atomic __SIZE_TYPE__ atomic_size_t;
typedef _Atomic __PTRDIFF_TYPE__ atomic_ptrdiff_t;
typedef _Atomic __INTMAX_TYPE__ atomic_intmax_t;
typedef _Atomic __UINTMAX_TYPE__ atomic_uintmax_t;

/* ---- Initialisation and ordering ---- */
#define ATOMIC_VAR_INIT(value) (value)
#define kill_dependency(y) (y)

extern void atomic_thread_fence(memory_order __order);
extern void atomic_signal_fence(memory_order __order);
#define atomic_thread_fence(order) __atomic_thread_fence(order)
#define atomic_signal_fence(order) __atomic_signal_fence(order)

#define atomic_is_lock_free(obj) \
    __atomic_is_lock_free(sizeof(*(obj)), (obj))

/* ---- Generic operations ---- */
#ifdef __clang__

#define atomic_init(obj, value) __c11_atomic_init(obj, value)
#define atomic_store_explicit(obj, desired, order) \
    __c11_atomic_store(obj, desired, order)
#define atomic_load_explicit(obj, order) __c11_atomic_load(obj, order)
#define atomic_exchange_explicit(obj, desired, order) \
    __c11_atomic_exchange(obj, desired, order)
#define atomic_compare_exchange_strong_explicit(obj, expected, desired, \
                                                success, failure) \
    __c11_atomic_compare_exchange_strong(obj, expected, desired, success, \
                                         failure)
#define atomic_compare_exchange_weak_explicit(obj, expected, desired, \
                                              success, failure) \
    __c11_atomic_compare_exchange_weak(obj, expected, desired, success, \
                                       failure)
#define atomic_fetch_add_explicit(obj, operand, order) \
    __c11_atomic_fetch_add(obj, operand, order)
#define atomic_fetch_sub_explicit(obj, operand, order) \
    __c11_atomic_fetch_sub(obj, operand, order)
#define atomic_fetch_or_explicit(obj, operand, order) \
    __c11_atomic_fetch_or(obj, operand, order)
#define atomic_fetch_xor_explicit(obj, operand, order) \
    __c11_atomic_fetch_xor(obj, operand, order)
#define atomic_fetch_and_explicit(obj, operand, order) \
    __c11_atomic_fetch_and(obj, operand, order)

#else /* gcc-style builtins */

#define atomic_init(obj, value) \
    __atomic_store_n(obj, value, __ATOMIC_RELAXED)
#define atomic_store_explicit(obj, desired, order) \
    __atomic_store_n(obj, desired, order)
#define atomic_load_explicit(obj, order) __atomic_load_n(obj, order)
#define atomic_exchange_explicit(obj, desired, order) \
    __atomic_exchange_n(obj, desired, order)
#define atomic_compare_exchange_strong_explicit(obj, expected, desired, \
                                                success, failure) \
    __atomic_compare_exchange_n(obj, expected, desired, 0, success, failure)
#define atomic_compare_exchange_weak_explicit(obj, expected, desired, \
                                              success, failure) \
    __atomic_compare_exchange_n(obj, expected, desired, 1, success, failure)
#define atomic_fetch_add_explicit(obj, operand, order) \
    __atomic_fetch_add(obj, operand, order)
#define atomic_fetch_sub_explicit(obj, operand, order) \
    __atomic_fetch_sub(obj, operand, order)
#define atomic_fetch_or_explicit(obj, operand, order) \
    __atomic_fetch_or(obj, operand, order)
#define atomic_fetch_xor_explicit(obj, operand, order) \
    __atomic_fetch_xor(obj, operand, order)
#define atomic_fetch_and_explicit(obj, operand, order) \
    __atomic_fetch_and(obj, operand, order)

#endif

/* The sequentially consistent short forms. */
#define atomic_store(obj, desired) \
    atomic_store_explicit(obj, desired, __ATOMIC_SEQ_CST)
#define atomic_load(obj) atomic_load_explicit(obj, __ATOMIC_SEQ_CST)
#define atomic_exchange(obj, desired) \
    atomic_exchange_explicit(obj, desired, __ATOMIC_SEQ_CST)
#define atomic_compare_exchange_strong(obj, expected, desired) \
    atomic_compare_exchange_strong_explicit(obj, expected, desired, \
                                            __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define atomic_compare_exchange_weak(obj, expected, desired) \
    atomic_compare_exchange_weak_explicit(obj, expected, desired, \
                                          __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define atomic_fetch_add(obj, operand) \
    atomic_fetch_add_explicit(obj, operand, __ATOMIC_SEQ_CST)
#define atomic_fetch_sub(obj, operand) \
    atomic_fetch_sub_explicit(obj, operand, __ATOMIC_SEQ_CST)
#define atomic_fetch_or(obj, operand) \
    atomic_fetch_or_explicit(obj, operand, __ATOMIC_SEQ_CST)
#define atomic_fetch_xor(obj, operand) \
    atomic_fetch_xor_explicit(obj, operand, __ATOMIC_SEQ_CST)
#define atomic_fetch_and(obj, operand) \
    atomic_fetch_and_explicit(obj, operand, __ATOMIC_SEQ_CST)

/* ---- atomic_flag ---- */
typedef struct atomic_flag {
    unsigned char __headerkit_flag;
} atomic_flag;

#define ATOMIC_FLAG_INIT { 0 }

extern _Bool atomic_flag_test_and_set(volatile atomic_flag *__flag);
extern _Bool atomic_flag_test_and_set_explicit(volatile atomic_flag *__flag,
                                               memory_order __order);
extern void atomic_flag_clear(volatile atomic_flag *__flag);
extern void atomic_flag_clear_explicit(volatile atomic_flag *__flag,
                                       memory_order __order);

#define atomic_flag_test_and_set_explicit(flag, order) \
    __atomic_test_and_set(&(flag)->__headerkit_flag, order)
#define atomic_flag_test_and_set(flag) \
    atomic_flag_test_and_set_explicit(flag, __ATOMIC_SEQ_CST)
#define atomic_flag_clear_explicit(flag, order) \
    __atomic_clear(&(flag)->__headerkit_flag, order)
#define atomic_flag_clear(flag) \
    atomic_flag_clear_explicit(flag, __ATOMIC_SEQ_CST)

#endif /* __headerkit_stdatomic_h */
