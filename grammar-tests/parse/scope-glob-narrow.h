// input: proj/include/lib/main.h
// args: --scope !**/detail.h
/* --scope '!GLOB' removes detail.h. */
