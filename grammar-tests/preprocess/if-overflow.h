// Signed overflow in #if: gcc warns "integer overflow in preprocessor expression" and wraps.
#if 0x7fffffffffffffff + 1 < 0
ok_wraps
#else
BAD_wraps
#endif
