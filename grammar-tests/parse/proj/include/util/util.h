#ifndef UTIL_H
#define UTIL_H
typedef long util_t;
int util_helper(util_t u);
#endif
