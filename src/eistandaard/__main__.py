"""``python -m eistandaard``: the ``ei`` command."""

from __future__ import annotations

from eistandaard.cli.main import run

if __name__ == "__main__":
    run()
