int inner_from_sub;
int from_b;
int from_a;
