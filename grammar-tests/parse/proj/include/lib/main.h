#ifndef LIB_MAIN_H
#define LIB_MAIN_H
/* The library's main header: its own declarations, its detail header, libc and a
   neighbouring library. */
#include <stdio.h>
#include "detail.h"
#include "../util/util.h"

#define LIB_VERSION 3
int lib_open(const char *path, FILE *log);
detail_t lib_detail(void);
util_t lib_util(void);
#endif
