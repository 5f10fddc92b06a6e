// Only parentheses protect commas in arguments.
#define G(a, b) <a|b>
#define H(a, b, c) <a><b><c>
G((1, 2), 3)
G(f(x, y), (z))
H([x, y], z)
H({1, 2}, 3)
G(((,)), ())
