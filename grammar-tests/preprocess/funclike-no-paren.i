

f + 1;
int f;
[2]
(f)(3)
