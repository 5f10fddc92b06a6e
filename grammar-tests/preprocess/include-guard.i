int guarded;
int end;
