/* A plain union and a struct using it. */
union val { int i; double d; char s[8]; };
struct tagged { unsigned char tag; union val v; };
