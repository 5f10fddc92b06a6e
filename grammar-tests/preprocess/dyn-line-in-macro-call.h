// __LINE__ inside and around a macro call that spans lines.
#define f(x) x __LINE__
f(
__LINE__
)
f(a) __LINE__
f
(
b)
__LINE__
