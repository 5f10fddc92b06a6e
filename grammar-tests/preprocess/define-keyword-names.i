long x; while (x) ;
