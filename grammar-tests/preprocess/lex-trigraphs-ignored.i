
const char *s = "??=";
