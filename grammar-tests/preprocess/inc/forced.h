#define FORCED 1
int forced_first;
