// gcc: skip deliberate: headerkit expands macros in #pragma pack arguments (as gcc's compiler does), gcc -E prints them unexpanded
// #pragma pack(N) with N a macro: the value reaches the parser, which cannot see the macro table at that point.
#define N 4
#define ALIGN_OF_THINGS 2
#pragma pack(push, N)
struct s { char c; int i; };
#pragma pack(ALIGN_OF_THINGS)
#pragma pack(pop)
