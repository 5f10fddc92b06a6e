// args: --writer-opt ctypes:lib_name=lib --writer-opt ctypes:library=options_impl --writer-opt ctypes:library_env=OPTIONS_IMPL_PATH
/* Options: lib_name (the CDLL's attribute), library (what find_library looks for),
 * library_env (the variable that overrides it). */
int opt_answer(void);
