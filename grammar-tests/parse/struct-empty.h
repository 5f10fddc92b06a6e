/* Empty structs (a GNU extension) have size 0. */
struct empty {};
struct has_empty { struct empty e; int x; };
