
int before;

int after;
