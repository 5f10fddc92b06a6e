/* Several declarators sharing one specifier list. */
extern int a, *b, c[3], (*d)(void);
int f1(void), f2(int), *f3(char);
typedef long word, *word_ptr, word_pair[2];
