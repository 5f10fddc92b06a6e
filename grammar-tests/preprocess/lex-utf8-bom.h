// A UTF-8 byte order mark at the start of a file is skipped.
#define A 1
A
