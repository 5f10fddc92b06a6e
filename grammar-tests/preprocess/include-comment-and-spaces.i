int from_a;
int ok;
