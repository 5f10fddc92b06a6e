


builtin_freestanding_only
1 0 _Bool a && b || ! c
