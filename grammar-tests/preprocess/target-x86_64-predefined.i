

1 1 1 8 8 8 4 16
1234 == 1234

char_is_signed
