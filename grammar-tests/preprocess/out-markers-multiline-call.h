// args: -undef
// Without -P, a call spanning lines is followed by a marker or newlines that resync the line number.
#define f(a, b) a b
f(1,
  2
  )
after_call __LINE__
f(x,








y)
after_long_call __LINE__
