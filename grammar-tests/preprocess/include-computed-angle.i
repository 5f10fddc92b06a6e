int from_a;
int from_b;
int from_a;
int from_a;
