// push_macro/pop_macro save and restore a definition (or its absence).
#define X 1
#pragma push_macro("X")
#undef X
#define X 2
X
#pragma pop_macro("X")
X
#pragma push_macro("Y")
#define Y 3
Y
#pragma pop_macro("Y")
Y
