// Dynamic macros count as defined.
#if defined(__LINE__) && defined __FILE__ && defined(__COUNTER__) && defined(__INCLUDE_LEVEL__)
dyn_defined
#endif
#ifdef __DATE__
date_defined
#endif
