/* Out-of-scope types: Cython's own libc/posix declarations where it has them (stdint, FILE,
 * time_t, struct tm, off_t, struct stat, fd_set...), size_t/ssize_t/ptrdiff_t as Cython's
 * builtins, everything else declared just enough (integer typedefs resolved through libc's
 * internal names, records with a `pass` body or none, va_list). */
#include <stdio.h>
#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>
#include <wchar.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <pthread.h>
#include <netinet/in.h>
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
typedef pthread_mutex_t my_mutex;
struct dep_user {
    FILE *log;
    off_t offset;
    pid_t owner;
    struct timespec when;
    pthread_mutex_t lock;
    my_mutex lock2;
    struct sockaddr_in addr;
    union {
        struct sockaddr_in v4;
        struct sockaddr_in6 v6;
    } any;
    uint32_t crc;
    int_least16_t least;
    uintptr_t up;
    size_t len;
    ptrdiff_t diff;
    wchar_t wc;
    time_t stamp;
    sig_atomic_t flag;
    socklen_t slen;
    in_port_t port;
};
int dep_vprintf(const char *fmt, va_list ap);
int dep_gnuc(const char *fmt, __gnuc_va_list ap);
typedef va_list my_va;
int dep_vlog(int level, my_va ap);
DIR *dep_opendir(const char *path);
struct tm *dep_time(const time_t *t);
int dep_stat(const char *path, struct stat *st);
int dep_select(int n, fd_set *r, struct timeval *tv);
int dep_jump(jmp_buf env);
pthread_t dep_thread(void);
ssize_t dep_read(int fd, void *buf, size_t n);
mode_t dep_umask(mode_t m, uid_t u, gid_t g, dev_t d, ino_t i);
int dep_connect(int fd, const struct sockaddr *addr, socklen_t len);
void dep_sigaction(int sig, const struct sigaction *act, siginfo_t *info);
