


int a[10] = { 1, 2, 3 }; int b;
