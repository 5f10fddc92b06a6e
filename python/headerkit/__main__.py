import sys

from headerkit import main

sys.exit(main())
