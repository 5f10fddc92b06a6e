# A stub module for the stub_cimport_prefix case (stubs.h).
cdef extern from "<sys/socket.h>":
    ctypedef unsigned int socklen_t
    ctypedef unsigned short sa_family_t
    cdef struct sockaddr:
        sa_family_t sa_family
        char sa_data[14]
