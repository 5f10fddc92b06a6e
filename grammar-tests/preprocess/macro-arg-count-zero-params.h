// exit: 1
#define z() z
z(1)
