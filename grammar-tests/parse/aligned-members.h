/* _Alignas and aligned(N) on members. */
struct members {
    char c;
    _Alignas(8) char d;
    _Alignas(double) int e;
    int f __attribute__((aligned(32)));
    __attribute__((aligned(16))) short g;
};
