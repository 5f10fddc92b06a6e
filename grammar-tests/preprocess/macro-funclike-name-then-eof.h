// A function-like macro name as the last token of the file is not a call.
#define f(x) [x]
int y;
f
