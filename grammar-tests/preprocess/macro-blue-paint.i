

bar foo (2)


[g]

m()
