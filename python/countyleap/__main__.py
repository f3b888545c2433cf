"""``python -m countyleap``: the command line (see ``countyleap --help``)."""

import sys

from .cli import main

sys.exit(main())
