

long x; while (x) ;
