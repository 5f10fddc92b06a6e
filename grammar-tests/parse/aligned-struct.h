/* aligned(N) on structs, with and without an argument. */
struct aligned16 { int x; } __attribute__((aligned(16)));
typedef struct { char c; } __attribute__((aligned(8))) aligned8_t;
struct __attribute__((aligned)) aligned_max { char c; };
struct __attribute__((aligned(4), packed)) both { char c; int i; };
