"""``python -m digest_archive``: the ``digest`` command."""

import sys

from .cli import main

sys.exit(main())
