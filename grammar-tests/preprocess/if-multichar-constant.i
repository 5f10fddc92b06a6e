

ok_multichar
