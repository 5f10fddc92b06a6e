// #undef of the macro being invoked, inside its own arguments: the call still completes (gcc).
#define f(x) [x]
f(1
#undef f
2)
f(3)
