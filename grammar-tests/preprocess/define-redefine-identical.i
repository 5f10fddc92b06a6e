





1 + 2 xy
