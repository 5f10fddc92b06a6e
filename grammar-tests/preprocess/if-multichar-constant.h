// A multi-character constant is int, big-endian by char (gcc warns).
#if 'ab' == 24930
ok_multichar
#else
BAD_multichar
#endif
