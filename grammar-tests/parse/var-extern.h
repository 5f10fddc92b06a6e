/* extern variables of many types. */
struct node;
extern int count;
extern const char *version;
extern struct node *head;
extern unsigned long long big_counter;
extern const double pi_approx;
extern volatile int ready;
extern void *handle;
