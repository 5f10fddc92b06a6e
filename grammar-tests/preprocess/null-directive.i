



int x;
