# A stub module for the stub_cimport_prefix case (stubs.h).
from libc.stdint cimport uint16_t, uint32_t
from stubs.sys_socket cimport sa_family_t

cdef extern from "<netinet/in.h>":
    ctypedef uint16_t in_port_t
    ctypedef uint32_t in_addr_t
    cdef struct in_addr:
        in_addr_t s_addr
    cdef struct in6_addr:
        unsigned char s6_addr[16]
    cdef struct sockaddr_in:
        sa_family_t sin_family
        in_port_t sin_port
        in_addr sin_addr
