/* Calling-convention attributes (x86-64). */
__attribute__((ms_abi)) int win_function(int a, int b);
int sysv_function(int a) __attribute__((sysv_abi));
typedef int (__attribute__((ms_abi)) *win_callback)(void *);
