// Message text of #warning is not tokenized as C: apostrophes are fine.
#warning don't panic
int x;
