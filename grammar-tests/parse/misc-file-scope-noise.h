/* Static assertions, empty declarations and pragmas declare nothing. */
_Static_assert(sizeof(int) == 4, "int is 4 bytes");
;
#pragma once
#pragma GCC visibility push(default)
int visible(void);
#pragma GCC visibility pop
