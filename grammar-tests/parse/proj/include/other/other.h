#ifndef OTHER_H
#define OTHER_H
#include <stdint.h>
int32_t other_function(void);
#endif
