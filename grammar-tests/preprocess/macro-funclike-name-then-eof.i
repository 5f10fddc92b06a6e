

int y;
f
