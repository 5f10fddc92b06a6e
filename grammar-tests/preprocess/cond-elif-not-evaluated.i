

a






c
