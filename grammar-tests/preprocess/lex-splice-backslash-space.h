// gcc treats backslash, spaces, newline as a line splice (with a warning).
#define TWO 1 + \  
1
TWO
int a\ 	
b;
