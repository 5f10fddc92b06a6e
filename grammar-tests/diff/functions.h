// args: --baseline old/functions.h
// expect: function_removed function_added function_return_type_changed
// expect: function_parameter_type_changed function_parameter_renamed
// expect: function_signature_changed function_linkage_changed function_deprecated
/* Functions: every way a prototype can change. `same` only moves and renames nothing a
 * caller sees (parameter names inside a function-pointer type and top-level qualifiers of
 * parameters are not part of the type); `spelled` changes only the spelling of a type
 * (my_size is unsigned long): non-breaking. */
typedef unsigned long my_size;

int same(int const a, const char *s);
int added(void);
long ret(void);
long params(long a, int b);
int count(int a, int b);
int variadic(const char *fmt, ...);
int proto(void);
void renamed(int new_name);
void spelled(my_size n);
static inline int exported(int x) { return x; }
int sym(int x) __asm__("sym_v2");
__attribute__((deprecated("use same"))) void deprecate_me(void);
void (*cb_param(void (*callback)(int status)))(int);
