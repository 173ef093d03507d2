import sys

from kratomtrack.cli import main

sys.exit(main())
