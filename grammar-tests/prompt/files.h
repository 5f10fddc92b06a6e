// args: --writer-opt prompt:verbosity=standard
/* Several in-scope files: FILE lines and @L locations; deprecation messages and macro
 * bodies (standard); the declarations of stdio.h stay out of scope. */
#include <stdio.h>
#include "inc/part.h"
#define FILES_MAX(a, b) ((a) > (b) ? (a) : (b))
#define FILES_EMPTY(x)
__attribute__((deprecated("use part_open"))) int files_open(FILE *f);
struct part_rec files_make(int id);
