

1 1 8

char_is_unsigned
