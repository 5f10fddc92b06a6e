// pp-numbers are greedy: e+/E+/p+/P+ and '.' continue them; macros inside are not expanded.
#define E 5
#define e 6
1e+5 0x1p-3 1.2.3 0x1e+1 .5e+1 1..2 0xe+E 1e+E 12abc 1_000 1.e-e 0x1P+E
1+E 1 +E 0xe + E
