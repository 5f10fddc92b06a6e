// Universal character names in identifiers, also as macro names.
#define \u00c5ngstr\u00f6m 1e-10
int caf\u00e9 = 1;
\u00c5ngstr\u00f6m
#define CAT(a, b) a ## b
CAT(x, \u00e9)
