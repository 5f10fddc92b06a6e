




x_is_3


1 + 2 3
int from_a;
