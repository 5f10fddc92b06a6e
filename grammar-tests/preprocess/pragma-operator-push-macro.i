

#pragma push_macro("X")

X
#pragma pop_macro("X")
1
