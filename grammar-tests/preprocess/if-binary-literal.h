// 0b literals are accepted by gcc in gnu17.
#if 0b101 == 5 && 0B11 == 3
ok_binary
#else
BAD_binary
#endif
