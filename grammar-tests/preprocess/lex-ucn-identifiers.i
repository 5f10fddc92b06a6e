int caf\U000000e9 = 1;
1e-10
x\U000000e9
