/* Functions taking and returning structs by value and by pointer. */
struct pt { int x, y; };
struct pt make_point(int x, int y);
struct pt *find_point(const struct pt *points, unsigned count, struct pt target);
union num { int i; double d; } to_num(double d);
