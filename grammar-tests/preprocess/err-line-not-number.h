// exit: 1
#line abc
