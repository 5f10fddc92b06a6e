


a1



a2



a3

b1
