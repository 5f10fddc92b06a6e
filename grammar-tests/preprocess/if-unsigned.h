// Unsigned arithmetic (uintmax_t) and the usual conversions in #if.
#if -1 > 0u
ok_neg_gt_unsigned
#else
BAD_neg_gt_unsigned
#endif
#if -1 < 0
ok_neg_lt_signed
#else
BAD_neg_lt_signed
#endif
#if 0u - 1 == 0xffffffffffffffff
ok_wrap
#else
BAD_wrap
#endif
#if 0xffffffffffffffff == -1
ok_hex_is_unsigned
#else
BAD_hex_is_unsigned
#endif
#if 0xffffffffffffffff > 0
ok_hex_positive
#else
BAD_hex_positive
#endif
#if -2 / 2u == 0x7fffffffffffffff
ok_unsigned_div
#else
BAD_unsigned_div
#endif
#if -2 / 2 == -1
ok_signed_div
#else
BAD_signed_div
#endif
#if (-1u >> 63) == 1
ok_unsigned_shift
#else
BAD_unsigned_shift
#endif
#if !0u == 1
ok_not_unsigned
#else
BAD_not_unsigned
#endif
#if (0u || 1) - 2 < 0
ok_logical_result_signed
#else
BAD_logical_result_signed
#endif
