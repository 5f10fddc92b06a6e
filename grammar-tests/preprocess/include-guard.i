

int guarded;

int end;
