

ab, c, d

""

ab



ab
