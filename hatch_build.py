"""Build hook: generate the typed message models from ``schemas/`` when a wheel is built.

The xsdata bindings (``src/eistandaard/models/<family><release>/``) are build output, like a
compiled extension: ``tools/generate_models.py`` writes them from the schemas and the code-list
data, so a release or message added to ``schemas/`` and ``rbc/`` is data only. They are not kept
in git (``.gitignore``); the wheel takes them in as artifacts. ``pip install .`` and
``pip install -e .`` both run this hook; in a source checkout without an install,
``python tools/generate_models.py`` writes them (docs/models.md).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ModelsBuildHook(BuildHookInterface):
    """Run the model generator before the wheel (or the editable wheel) is assembled."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Write the bindings into ``src/eistandaard/models/``; fail the build when it fails."""
        del version, build_data  # the same bindings serve a wheel and an editable install
        generator = Path(self.root) / "tools" / "generate_models.py"
        done = subprocess.run(
            [sys.executable, str(generator)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(
                "tools/generate_models.py failed while building eistandaard:\n"
                + (done.stderr or done.stdout)[-4000:]
            )
