// Once a group was taken, later #elif expressions are not evaluated.
#if 1
a
#elif 1 / 0
b
#elif garbage (
#endif
#if 0
#elif 1
c
#elif 1 / 0
#endif
