

int café = 1;
1e-10

xé
