/* static and thread-local variables. */
static const int local_limit = 3;
static int local_array[2];
extern _Thread_local int tls_counter;
extern __thread long tls_gnu;
