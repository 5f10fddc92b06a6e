

a @ b \ c ` d
dollar x$y $

"@" "`"
