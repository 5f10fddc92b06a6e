/* Out-of-scope types: libc records used by value are written out (their layouts checked
 * too), the ones only pointed to are opaque classes; va_list is a pointer as a parameter.
 * A libc record holding the implementation's own (reserved-named) records by value
 * (pthread_mutex_t holds struct __pthread_mutex_s, jmp_buf's struct holds __sigset_t) is
 * written as padding of its size and alignment, and those records are not written. */
#include <stdio.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include <pthread.h>
#include <netinet/in.h>
#include <dirent.h>
#include <setjmp.h>
#include <sys/time.h>
#include <sys/socket.h>
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
    size_t len;
    time_t stamp;
    jmp_buf env;
};
struct dep_locked {
    pthread_mutex_t m;
    int x;
    struct timeval tv;
    struct sockaddr sa;
};
int dep_vprintf(const char *fmt, va_list ap);
typedef va_list my_va;
int dep_vlog(int level, my_va ap);
DIR *dep_opendir(const char *path);
struct tm *dep_time(const time_t *t);
int dep_jump(jmp_buf env);
pthread_t dep_thread(void);
ssize_t dep_read(int fd, void *buf, size_t n);
