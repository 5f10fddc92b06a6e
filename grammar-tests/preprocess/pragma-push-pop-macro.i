

#pragma push_macro("X")


2
#pragma pop_macro("X")
1
#pragma push_macro("Y")

3
#pragma pop_macro("Y")
Y
