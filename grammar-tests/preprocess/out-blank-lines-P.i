
a


b

c
