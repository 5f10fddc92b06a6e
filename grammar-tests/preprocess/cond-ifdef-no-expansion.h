// #ifdef looks at the name itself, not its expansion.
#define NAME2 NAME
#ifdef NAME2
name2_defined
#endif
#ifdef NAME
BAD
#endif
