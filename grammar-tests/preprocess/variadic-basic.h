#define V(...) [__VA_ARGS__]
#define V2(a, ...) a: __VA_ARGS__
V() V(a) V(a,b , c) V((a, b)) V2(1) V2(1, 2, 3) V2(,)
