/* __int128 and _Float128. */
extern __int128 i128;
extern unsigned __int128 u128;
typedef __int128 i128_t;
typedef unsigned __int128 u128_t;
extern _Float128 q;
_Float128 quad_fn(_Float128 x, __int128 y);
extern __float128 gnu_quad;
