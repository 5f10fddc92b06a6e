// input: proj/umbrella/all.h
/* An umbrella header declares nothing itself: each header it includes is in scope with its
   own library (lib/ and other/; not util/, nor the C library). */
