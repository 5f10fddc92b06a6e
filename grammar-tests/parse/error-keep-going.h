// args: --keep-going
// oracle: skip gcc rejects the header: its syntax error is the point of the case
/* --keep-going skips the bad declaration with a warning and keeps the others. */
int before(void);
int broken(int;
int after(void);
