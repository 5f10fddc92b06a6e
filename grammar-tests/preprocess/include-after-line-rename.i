probe_from_I_dir
"inc/sub/renamed.h"
