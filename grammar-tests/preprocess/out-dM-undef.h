// args: -dM -undef
// -dM -undef: what remains is the standard macros (gcc also reads stdc-predef.h).
#define MINE 1
