n1_before
#include_next <nx.h>
n1_after
