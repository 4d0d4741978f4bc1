"""``python -m geo``: the News Atlas command line."""

import sys

from geo.cli.main import main

sys.exit(main())
