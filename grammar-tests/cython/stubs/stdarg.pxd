# A stub module for the stub_cimport_prefix case (stubs.h).
cdef extern from "<stdarg.h>":
    ctypedef struct va_list:
        pass
