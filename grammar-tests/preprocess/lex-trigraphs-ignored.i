const char *s = "??=";
