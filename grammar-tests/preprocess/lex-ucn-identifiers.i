

int caf\u00e9 = 1;
1e-10

x\u00e9
