// C99 wants whitespace after an object-like macro name; gcc warns and accepts.
#define A+1
#define B"s"
A B
