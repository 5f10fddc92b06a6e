#ifndef LIB_DETAIL_H
#define LIB_DETAIL_H
#include <stddef.h>
typedef struct detail { size_t size; int flags; } detail_t;
#define DETAIL_MAX 8
#endif
