// A #pragma inside macro arguments is a directive (gcc emits it; it is not part of the argument).
#define h(x) #x
h(
#pragma foo
)
