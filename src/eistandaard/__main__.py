"""``python -m eistandaard``: the ``ei`` command."""

from __future__ import annotations

import sys

from eistandaard.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
