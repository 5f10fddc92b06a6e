       
int x;
