/* Baseline of macros.h. */
#define VERSION 1
#define WIDTH 10
#define FLAGS (1 << 2)
#define NAME "old"
#define GONE 5
#define SIZE 4
#define RATIO 0.5
#define SQUARE(x) ((x) * (x))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define DROPPED(x) (x)
#define SPACED(x)  ( x )
