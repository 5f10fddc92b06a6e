// ## next to __VA_ARGS__: an empty variable argument is a placemarker.
#define P(x, ...) x ## __VA_ARGS__
#define Q(x, ...) __VA_ARGS__ ## x
[P(a)] [P(a, b)] [P(, b)] [P(a, b, c)] [Q(a)] [Q(a, b)]
