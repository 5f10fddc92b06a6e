// input: proj/include/lib/main.h
// args: --scope **/util/*.h
/* --scope GLOB adds the neighbouring util library. */
