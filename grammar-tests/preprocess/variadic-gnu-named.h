// GNU named variadic parameter: args...
#define E(fmt, args...) printf(fmt, args)
#define E2(args...) {args}
E("%d %d", 1, 2) E2() E2(x, y)
