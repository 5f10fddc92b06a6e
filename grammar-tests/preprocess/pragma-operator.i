
int a;
#pragma pack(1)
 int b;
#pragma message("hi\n")

#pragma GCC diagnostic push

begin
#pragma weak sym
 end
#pragma wide
