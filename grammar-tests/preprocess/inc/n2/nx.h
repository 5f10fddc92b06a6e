n2_only
#include_next <nx.h>
