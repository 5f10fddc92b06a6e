
int once_op_only;

int end;
