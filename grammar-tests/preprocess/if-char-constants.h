// Character constants in #if (plain char is signed on x86_64).
#if 'a' == 97
ok_a
#else
BAD_a
#endif
#if '\0' == 0 && '\n' == 10 && '\x41' == 65 && '\101' == 65 && '\\' == 92 && '\'' == 39
ok_escapes
#else
BAD_escapes
#endif
#if '\377' < 0
ok_high_octal
#else
BAD_high_octal
#endif
#if L'a' == 97 && u'b' == 98 && U'c' == 99
ok_wide
#else
BAD_wide
#endif
