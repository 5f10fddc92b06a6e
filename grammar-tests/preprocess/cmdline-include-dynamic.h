// args: -P -undef -include inc/forced-dyn.h
// A -include file counts as included (gcc: __INCLUDE_LEVEL__ 1).
__INCLUDE_LEVEL__
