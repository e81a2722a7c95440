"""Allow ``python -m toolkit``."""

import sys

from toolkit.cli import main

# The guard matters: Dask's worker processes import the main module again.
if __name__ == "__main__":
    sys.exit(main())
