


#pragma foo
""
