// args: -P -undef -nostdinc -I inc
// -nostdinc also removes the built-in headers.
#if !__has_include(<stddef.h>)
no_stddef
#endif
