#define __STDC__ 1
#define __STDC_VERSION__ 201710L
#define __STDC_HOSTED__ 1
#define __STDC_UTF_16__ 1
#define __STDC_UTF_32__ 1
#define OBJ 1
#define FN(a, b) a ## b + #a
#define VA(x, ...) x __VA_ARGS__
#define EMPTY
