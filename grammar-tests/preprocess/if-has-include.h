// args: -P -undef -I inc
#if defined(__has_include)
ok_is_defined
#else
BAD_is_defined
#endif
#if __has_include("inc/a.h")
ok_quote
#else
BAD_quote
#endif
#if __has_include(<a.h>)
ok_angle
#else
BAD_angle
#endif
#if !__has_include("nope.h") && !__has_include(<nope.h>)
ok_missing
#else
BAD_missing
#endif
#define HDR "inc/a.h"
#if __has_include(HDR)
ok_macro_operand
#else
BAD_macro_operand
#endif
#ifdef __has_include
ifdef_has_include
#endif
