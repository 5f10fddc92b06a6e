// args: -dM -undef -nostdinc
// -dM prints the #define of every macro alive at the end (gcc: the same set, any order).
#define OBJ 1
#define FN(a, b) a ## b + #a
#define VA(x, ...) x __VA_ARGS__
#define EMPTY
#define GONE 2
#undef GONE
int not_printed;
