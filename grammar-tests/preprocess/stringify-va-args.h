#define SV(...) #__VA_ARGS__
SV() SV( a , b ) SV(a,b) SV((x, y), "z")
