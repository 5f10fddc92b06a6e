



#pragma pack(push, 4)
struct s { char c; int i; };
#pragma pack(2)
#pragma pack(pop)
