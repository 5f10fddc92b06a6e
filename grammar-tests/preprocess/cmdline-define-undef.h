// args: -P -undef -D FOO=2 -DBAR -D 'BAZ(x)=x+1' -D EMPTY= -DQUX -U QUX -D BAR2
// -D/-U apply in order; -DNAME means NAME=1; NAME= is empty.
FOO BAR BAZ(3) [EMPTY] QUX BAR2
