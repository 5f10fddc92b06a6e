

((3)*(3))
apply(sq)
