// #if corner values: INTMAX_MIN, wrapping division, big hex, shifts into the sign bit, wide chars.
#if (-9223372036854775807 - 1) / -1 < 0
intmin_div_wraps
#endif
#if -9223372036854775807 - 1 < 0
intmin_ok
#endif
#if (2 || 1/0) == 1 && (0 && 1/0) == 0
sc
#endif
#if 1 ? 2 : (1/0)
t
#endif
#if +1u - 2 > 0
uplus
#endif
#if (1 ? 1 : 0u) - 2 > 0
mixed_ternary_unsigned
#endif
#if 3 % -2 == 1 && -3 % 2 == -1
mod
#endif
#if ((((((((((1))))))))))
deep
#endif
#if 0
#elif defined X || !defined(X)
elif_defined
#endif
#if 0x8000000000000000 > 0
hex_big_unsigned
#endif
#if 1 << 63 < 0
shl63_neg
#endif
#if 'ab' == 'a' * 256 + 'b'
mc
#endif
#if '\xff' == -1
xff
#endif
#if u'\xffff' > 0 && U'\xffffffff' > 0 && L'\xffffffff' < 0
widechars
#endif
