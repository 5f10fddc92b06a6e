// args: -P -undef -I inc
// <…> header names built from macro-expanded tokens.
#define HDR <a.h>
#include HDR
#define F(x) <x.h>
#include F(b)
#define NAME a
#define MK(n) <n.h>
#include MK(NAME)
