




L"a" u"b" U"c" u8"d" L'x' u'y' U'z'
oops_L "sep" oops_u8 "sep" oops_L
"\x41\101\n\"" '\'' '"' "'"
