// # escapes " and \ inside string and character literals only.
#define S(x) #x
S("a\n")
S('\'')
S("\\")
S('"')
S(L"w" u8"x")
S("a" 'b' c)
