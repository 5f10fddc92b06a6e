/* Variables: extern, const, arrays of unknown size, pointers to functions, thread-local,
 * aligned, asm labels, static const. */
extern int v_counter;
extern const char *const v_names[];
extern void (*v_hook)(const char *msg);
extern _Thread_local int v_tls;
extern int v_aligned __attribute__((aligned(16)));
extern long v_renamed __asm__("v_renamed_sym");
extern const struct v_opaque *v_handle;
extern double v_matrix[3][3];
__attribute__((deprecated)) extern int v_old;
