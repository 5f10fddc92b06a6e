n2
