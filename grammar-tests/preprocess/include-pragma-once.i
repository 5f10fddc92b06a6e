
int once_only;


int end;
