"""``ei serve``: run the HTTP service (needs the ``serve`` extra)."""

from __future__ import annotations

import datetime as dt
import socket

import click

from eistandaard.cli.helptexts import ei_command
from eistandaard.cli.options import FiniteRange, as_of_option, lang_option, number_option, stack
from eistandaard.cli.usage import usage
from eistandaard.core.bounds import MAX_SECONDS
from eistandaard.parallel import default_jobs
from eistandaard.standards.wording import os_reason

__all__ = ["serve_command"]

# fmt: off
_LIMITS = (
    ("--port", click.IntRange(0, 65535), 8080, "Port to listen on (0: any free one)."),
    ("--workers", click.IntRange(min=1), None,
     "Worker processes = messages checked at once (default: the number of cores)."),
    ("--max-body", click.IntRange(min=1), 25 * 1024 * 1024,
     "Largest request body in bytes (413 above it)."),
    ("--timeout", FiniteRange(min=0.1, max=MAX_SECONDS), 60.0,
     "Seconds one message may take (504 after it)."),
    ("--queue-timeout", FiniteRange(min=0.1, max=MAX_SECONDS), 30.0,
     "Seconds a request may wait for a free worker (503 after it)."),
    ("--max-connections", click.IntRange(min=1), 256,
     "Open connections at once; more get 503 from the server."),
)
# fmt: on
"""The service's limits: option, type, default, help."""

_limit_options = stack(*(number_option(*row) for row in _LIMITS))


@ei_command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@_limit_options
@lang_option(help="Default language of the reports.")
@click.option(
    "--forwarded-allow-ips",
    default=None,
    metavar="IPS",
    help="Reverse proxies whose X-Forwarded-* headers are trusted (comma-separated).",
)
@as_of_option
def serve_command(
    host: str,
    port: int,
    workers: int | None,
    max_body: int,
    timeout: float,
    queue_timeout: float,
    max_connections: int,
    lang: str,
    forwarded_allow_ips: str | None,
    as_of: dt.date | None,
) -> int:
    """Serve POST /validatie (DVS-compatible), /return, /explain, GET /status, /health and /.

    Nothing sent to the service is stored or logged. See docs/serve.md.
    """
    try:
        import uvicorn

        from eistandaard.serve import ServeSettings, create_app
        from eistandaard.serve.protocol import server_options
    except ImportError as exc:
        raise usage("serve-extra", module=exc.name) from exc
    try:  # a port in use or an address not here is a usage error, before any worker starts
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        reason = os_reason(exc)
        raise usage("cannot-listen", address=f"{host}:{port}", reason=reason) from exc
    settings = ServeSettings(
        workers=workers or default_jobs(),
        max_body=max_body,
        timeout=timeout,
        queue_timeout=queue_timeout,
        as_of=as_of,
        lang=lang,
    )
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        server_header=False,
        forwarded_allow_ips=forwarded_allow_ips,
        proxy_headers=forwarded_allow_ips is not None,
        log_level="info",
        **server_options(lang, max_connections),  # its own 400 and 503 as problems too
    )
    return 0
