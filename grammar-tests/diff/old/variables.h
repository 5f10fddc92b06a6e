/* Baseline of variables.h. */
extern int counter;
extern const char *name;
extern int per_thread;
extern int gone_var;
extern double ratio;
