#if (1 << 10) == 1024 && (1 << 62) == 0x4000000000000000
ok_shl
#else
BAD_shl
#endif
#if (-16 >> 2) == -4
ok_shr_neg
#else
BAD_shr_neg
#endif
#if (0xffffffffffffffff >> 60) == 15
ok_shr_unsigned
#else
BAD_shr_unsigned
#endif
#if (1u << 63) > 0
ok_shl_unsigned
#else
BAD_shl_unsigned
#endif
