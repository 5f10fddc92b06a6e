

int x;
