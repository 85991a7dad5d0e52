"""``ei serve``: an HTTP service for checking messages, compatible with the DVS ``POST /validatie``.

Needs the optional extra ``serve`` (``pip install eistandaard[serve]``: starlette, uvicorn,
python-multipart). See docs/serve.md.
"""

from __future__ import annotations

from eistandaard.serve.app import ServeSettings, create_app

__all__ = ["ServeSettings", "create_app"]
