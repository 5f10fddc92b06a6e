// In gnu17 mode trigraphs are not replaced (gcc warns that they are ignored).
const char *s = "??=";
