// #warning prints a diagnostic and goes on.
int before;
#warning careful now
int after;
