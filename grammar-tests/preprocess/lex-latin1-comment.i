           int x;
