
int long_name
 = 1;




42
"string"

123
