


printf("%d %d", 1, 2) {} {x, y}
