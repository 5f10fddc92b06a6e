#define CAT(a, b) a ## b
CAT(foo, bar) CAT(x, 1) CAT(_, _) CAT(L, "str") CAT(u8, "s")
