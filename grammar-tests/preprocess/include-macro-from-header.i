int v = 17;
