// #ident is passed to the output.
#ident "version 1.0"
int x;
