  #  include   /* c */ "inc/a.h"   // trailing
int ok;
