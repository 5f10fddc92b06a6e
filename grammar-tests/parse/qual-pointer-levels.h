/* Qualifiers at every pointer level. */
extern const char *const *volatile p;
extern char *const *const q;
extern volatile int *const vp;
extern const volatile unsigned long *cv;
int take(const char *const *argv, char *volatile *out);
