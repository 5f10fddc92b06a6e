// Integer arithmetic in #if (intmax_t): precedence, division truncation, bit ops.
#if 1 + 2 * 3 == 7
ok_precedence
#else
BAD_precedence
#endif
#if (1 + 2) * 3 == 9
ok_parens
#else
BAD_parens
#endif
#if 10 / 3 == 3 && 10 % 3 == 1
ok_div
#else
BAD_div
#endif
#if -7 / 2 == -3 && -7 % 2 == -1
ok_div_neg
#else
BAD_div_neg
#endif
#if ~0 == -1 && !0 == 1 && !5 == 0 && - - 3 == +3
ok_unary
#else
BAD_unary
#endif
#if (6 & 3) == 2 && (6 | 3) == 7 && (6 ^ 3) == 5
ok_bitops
#else
BAD_bitops
#endif
#if (2 && 3) == 1 && (0 || 4) == 1
ok_logical
#else
BAD_logical
#endif
#if (1 < 2) + (2 <= 2) + (3 > 2) + (2 >= 3) + (1 != 1) == 3
ok_relational
#else
BAD_relational
#endif
#if (1 ? 2 : 3) == 2 && (0 ? 2 : 3) == 3
ok_ternary
#else
BAD_ternary
#endif
#if 0x10 == 16 && 010 == 8 && 0XfF == 255
ok_radix
#else
BAD_radix
#endif
#if 10u == 10 && 10L == 10 && 10ULL == 10 && 10ll == 10 && 10Lu == 10
ok_suffixes
#else
BAD_suffixes
#endif
#if 0x7fffffffffffffff > 0 && 9223372036854775807 == 0x7fffffffffffffff
ok_int64
#else
BAD_int64
#endif
