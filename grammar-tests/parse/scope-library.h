// input: proj/include/lib/main.h
/* The library is the input's directory: main.h and detail.h are in scope; stdio.h, stddef.h
   and ../util are not (their declarations must not leak in). */
