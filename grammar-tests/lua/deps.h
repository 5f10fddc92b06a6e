/* Types from other headers (libc): declared just enough, complete where used by value. */
#include <stdio.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>
#include <pthread.h>
#include <sys/types.h>
struct session {
    FILE *log;
    struct timeval started;
    struct tm *calendar;
    time_t deadline;
    pthread_mutex_t lock;
    uint64_t id;
    int8_t small;
    off_t offset;
    size_t length;
    intptr_t cookie;
};
int session_open(struct session *s, const char *path, FILE *log);
struct timespec session_elapsed(const struct session *s);
pid_t session_owner(const struct session *s);
/* glibc's pthread_mutex_t is a union holding a struct __pthread_mutex_s: out-of-scope records
   whose members use implementation-reserved records get an opaque body of their size and
   alignment; pthread_attr_t (members of ordinary types) keeps its members. */
struct guarded {
    pthread_mutex_t m;
    int x;
};
struct waiter {
    pthread_cond_t cond;
    pthread_rwlock_t rw;
    pthread_attr_t attr;
    char tag;
};
