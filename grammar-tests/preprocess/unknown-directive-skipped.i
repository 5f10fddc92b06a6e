


int y;
