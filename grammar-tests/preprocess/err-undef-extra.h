// exit: 1
#undef
