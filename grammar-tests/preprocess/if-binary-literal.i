

ok_binary
