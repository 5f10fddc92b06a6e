// args: --writer-opt cython:stub_cimport_prefix=stubs
/* stub_cimport_prefix: va_list and the socket types are cimported from stub modules under the
 * prefix (stubs/stdarg.pxd, stubs/sys_socket.pxd, stubs/netinet_in.pxd here) instead of being
 * declared; Cython's own libc/posix types still come from Cython. */
#include <stdarg.h>
#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>
int st_vlog(const char *fmt, va_list ap);
int st_bind(int fd, const struct sockaddr *a, socklen_t len);
struct st_peer {
    struct sockaddr_in v4;
    struct in6_addr v6;
    in_port_t port;
    uint16_t family;
};
