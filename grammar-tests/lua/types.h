/* Types LuaJIT lacks or lays out differently. */
#include <stdarg.h>
typedef __int128 i128_t;
typedef unsigned __int128 u128_t;
struct wide_ints { char c; i128_t big; u128_t ubig; };
i128_t add128(i128_t a, i128_t b);
void fill128(i128_t *out);
extern _Float128 quad_value;
_Float128 quad_fn(_Float128 x);
struct with_quad { int n; _Float128 q; long double ld; };
struct with_complex { float _Complex fc; double _Complex dc; long double _Complex ldc; };
typedef int v4si __attribute__((vector_size(16)));
v4si vec_add(v4si a, v4si b);
struct with_valist { int n; va_list ap; };
int vlog(const char *fmt, va_list ap);
typedef long double ld_t;
ld_t ld_identity(ld_t x);
typedef struct { int n; } base_t;
typedef base_t alias1_t;
typedef alias1_t alias2_t;
struct chained { alias2_t a; alias1_t b[2]; };
