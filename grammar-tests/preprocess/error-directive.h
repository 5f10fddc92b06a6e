// exit: 1
int before;
#error stop here: "quoted" and 'x'
int after;
