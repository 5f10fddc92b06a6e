



f(x) f(x,) f(x, 1, 2)
f(x) f(x,) f(x, 1)
f(a) f(a, b)
