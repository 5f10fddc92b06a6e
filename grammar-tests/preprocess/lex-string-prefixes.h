// Encoding prefixes belong to the literal; a macro named like a prefix is not used there.
#define L oops_L
#define u oops_u
#define U oops_U
#define u8 oops_u8
L"a" u"b" U"c" u8"d" L'x' u'y' U'z'
L "sep" u8 "sep" L
"\x41\101\n\"" '\'' '"' "'"
