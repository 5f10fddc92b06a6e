

ab, c, d

""

a b



ab
