// UTF-8 in identifiers (gcc 10+), also as a macro name and in #x.
#define café 1
café näme int €;
#define S(x) #x
S(é "é")
