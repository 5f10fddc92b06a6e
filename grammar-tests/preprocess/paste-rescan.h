// The pasted token is rescanned and may name a macro.
#define CAT(a, b) a ## b
#define foobar 7
#define fn(x) <x>
CAT(foo, bar) CAT(f, n)(1)
