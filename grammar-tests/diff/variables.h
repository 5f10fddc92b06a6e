// args: --baseline old/variables.h
// expect: variable_type_changed variable_linkage_changed variable_removed variable_added
// expect: variable_deprecated
/* Variables: type, thread-local storage, removal, addition, deprecation. */
extern long counter;
extern const char *name;
extern __thread int per_thread;
extern int fresh_var;
extern double ratio __attribute__((deprecated));
