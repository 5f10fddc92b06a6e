/* Basic types in unusual spellings: the IR spells them canonically. */
extern long unsigned int lu;
extern short signed ss;
extern char signed cs;
extern unsigned char uc;
extern long long int ll;
extern int long long ill;
extern unsigned u;
extern signed si;
extern long double ld;
extern _Bool b;
extern short int unsigned su;
extern signed char plain_sc;
extern char plain_c;
