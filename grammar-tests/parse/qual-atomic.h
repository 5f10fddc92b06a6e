/* _Atomic as a qualifier and as a type specifier. */
extern _Atomic int counter;
extern _Atomic(long) *atomic_ptr;
extern int *_Atomic ptr_atomic;
struct queue {
    _Atomic unsigned head;
    _Atomic(unsigned long) tail;
};
