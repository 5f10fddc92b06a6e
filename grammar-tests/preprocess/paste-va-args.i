


[a] [ab] [b] [ab, c] [a] [ba]
