/* Baseline of typedefs.h. */
typedef int handle;
typedef unsigned long word;
typedef unsigned long count_t;
typedef int gone_t;
typedef struct point { int x, y; } point;
typedef void (*callback)(int code);
typedef int vec[3];
