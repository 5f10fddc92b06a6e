// CRLF line endings, also in a line splice.
#define A 1 + \
 2
A
#if A == 3
three
#endif
