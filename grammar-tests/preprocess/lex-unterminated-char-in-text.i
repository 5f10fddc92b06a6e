int x;
it's
