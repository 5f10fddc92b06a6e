/* Redundant parentheses around declarators. */
extern int (plain);
extern int ((*pointer));
extern int (*(parenthesized))[2];
int (function)(int);
