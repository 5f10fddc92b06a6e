// _Pragma has the semantic effect of the pragma too.
#define X 1
_Pragma("push_macro(\"X\")")
#undef X
X
_Pragma("pop_macro(\"X\")")
X
