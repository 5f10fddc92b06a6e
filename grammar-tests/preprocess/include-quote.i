int from_a;
int after;
