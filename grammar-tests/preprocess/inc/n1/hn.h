#if __has_include_next(<hn.h>)
n1_sees_next
#endif
#if !__has_include_next(<a.h>)
n1_no_next_a
#endif
