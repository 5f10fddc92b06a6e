// Arguments are fully expanded before substitution (unless # or ## use them).
#define ONE 1
#define id(x) x
#define both(x) #x x
id(ONE) both(ONE)
#define twice(x) x x
#define c __COUNTER__
twice(ONE)
