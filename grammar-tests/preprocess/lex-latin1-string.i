
const char *s = "café";
char c = 'é';
