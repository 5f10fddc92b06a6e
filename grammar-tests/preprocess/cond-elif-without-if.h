// exit: 1
#elif 1
