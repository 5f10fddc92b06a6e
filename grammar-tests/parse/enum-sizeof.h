/* Enumerators using sizeof and _Alignof. */
struct s { char c; double d; };
enum sizes {
    SZ_INT = sizeof(int),
    SZ_PTR = sizeof(void *),
    SZ_LONG_LONG = sizeof(long long),
    SZ_S = sizeof(struct s),
    SZ_ARR = sizeof(int[3]),
    AL_S = _Alignof(struct s),
};
