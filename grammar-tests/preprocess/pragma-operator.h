// _Pragma("…") is destringized and acts as #pragma, also from a macro.
int a; _Pragma("pack(1)") int b;
_Pragma("message(\"hi\\n\")")
#define DO_PRAGMA(x) _Pragma(#x)
DO_PRAGMA(GCC diagnostic push)
#define WRAP(x) begin DO_PRAGMA(x) end
WRAP(weak sym)
_Pragma(L"wide")
