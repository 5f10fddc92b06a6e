// A decimal too large for intmax_t is unsigned (gcc warns).
#if 18446744073709551615 == -1
ok_large_decimal
#else
BAD_large_decimal
#endif
