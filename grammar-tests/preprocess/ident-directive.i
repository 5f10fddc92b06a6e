
#ident "version 1.0"
int x;
