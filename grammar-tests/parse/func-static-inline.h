/* static inline functions with bodies. */
static inline int square(int x) { return x * x; }
static inline void nothing(void) {}
static int first_char(const char *s) { return s[0]; }
static inline const char *pick(int c) {
    if (c) { return "yes"; }
    return "no";
}
inline int plain_inline(int x);
