#define ONE 1
#if ONE
#  ifdef ONE
a1
#    ifndef ONE
BAD1
#    elif ONE + 1 == 2
a2
#      if 0
BAD2
#      else
a3
#      endif
#    else
BAD3
#    endif
#  endif
#elif 1
BAD4
#else
BAD5
#endif
#if 0
#elif 0
#elif 1
b1
#elif 1
BAD6
#endif
