_Pragma("once")
int once_op_only;
