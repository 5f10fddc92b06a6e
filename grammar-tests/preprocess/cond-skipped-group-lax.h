// Skipped groups only track conditional nesting: anything else there is ignored.
#if 0
#unknown directive
#error not reached
it's unbalanced ' "
#if garbage ((
#elif 1/0
#endif
#define NOT_DEFINED 1
#else
kept
#endif
#ifdef NOT_DEFINED
BAD
#endif
