// A Latin-1 (not UTF-8) byte inside a string literal passes through unchanged.
const char *s = "café";
char c = 'é';
