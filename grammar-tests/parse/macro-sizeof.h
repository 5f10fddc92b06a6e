/* Macros using sizeof. */
struct rec { char c; int i; };
#define SIZE_LONG sizeof(long)
#define BITS_INT (sizeof(int) * 8)
#define SIZE_REC sizeof(struct rec)
#define SIZE_PTR (sizeof(void *))
