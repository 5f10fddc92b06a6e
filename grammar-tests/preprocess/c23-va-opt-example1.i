




f(0 , a, b, c)
f(0)
f(0)
f(0, a , b, c)
f(0, a)
f(0, a)
S foo;
S bar = { 1, 2 };
