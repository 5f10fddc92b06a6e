
#pragma pack(push, 4)
#pragma pack(pop)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused"
#pragma GCC diagnostic pop
#pragma STDC FP_CONTRACT ON
#pragma unknown_vendor something (1, 2)
#pragma
int x;
