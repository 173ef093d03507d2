"""Entry point of the PyInstaller build: the same as the ``kratomtrack`` command."""

import sys

from kratomtrack.cli import main

if __name__ == "__main__":
    sys.exit(main())
