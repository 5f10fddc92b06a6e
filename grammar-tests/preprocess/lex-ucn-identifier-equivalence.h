// A UCN and the UTF-8 character it names spell the same identifier (C11 6.4.3), \u and \U alike.
#define caf\u00e9 1
café caf\U000000E9 caf\u00e9
#define nä 2
n\u00e4
#ifdef café
ifdef_same_name
#endif
