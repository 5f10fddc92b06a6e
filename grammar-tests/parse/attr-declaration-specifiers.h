/* Attributes among the declaration specifiers. */
__attribute__((visibility("default"))) int api_function(int x);
extern __attribute__((weak)) int maybe_defined;
__attribute__((const)) __attribute__((warn_unused_result)) unsigned hash(unsigned x);
static __attribute__((unused)) inline int helper(void) { return 0; }
