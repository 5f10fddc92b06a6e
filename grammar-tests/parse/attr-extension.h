/* __extension__ before declarations and members. */
__extension__ typedef long long ll_t;
__extension__ struct ext {
    long long x;
    __extension__ union { int a; float b; };
};
__extension__ extern unsigned long long ext_var;
