/* Baseline of records.h. */
struct grow { int a; int b; };
struct hole { char c; int i; };
struct insert { int a; int b; };
struct swap { int a; int b; };
struct retype { int a; short s; unsigned flags : 3; };
struct shrink { int a; long b; };
struct gone { int a; };
struct hide { int a; };
struct reveal;
struct tidy { int a; };
struct packed_later { char c; int i; };
