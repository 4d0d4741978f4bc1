"""``python -m geo``: the News Atlas command line."""

import sys

from geo.cli import main

sys.exit(main())
