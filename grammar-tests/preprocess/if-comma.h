// The comma operator inside parentheses in #if (gcc accepts it).
#if (1, 2) == 2
ok_comma
#else
BAD_comma
#endif
