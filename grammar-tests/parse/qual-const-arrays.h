/* const arrays and qualifiers inside array parameter brackets. */
extern const int table[4];
typedef const int ctable[2];
extern ctable pair;
void sum(const int values[static 4], int out[const 2]);
