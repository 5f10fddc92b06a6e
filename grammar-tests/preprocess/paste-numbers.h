#define CAT(a, b) a ## b
#define CAT3(a, b, c) a ## b ## c
CAT(1, 2) CAT(0x, 1F) CAT(., 5) CAT(1, .) CAT(1e, +) CAT3(1e, +, 5) CAT(1, e) CAT(x, 0x1p)
