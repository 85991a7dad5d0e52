"""One SaxonC processor per process and a cache of compiled stylesheets (internal).

SaxonC-HE keeps one processor per process; each stylesheet is compiled once and kept. Calls are
serialised with a lock: an executable keeps its parameters between calls and must not be used by
two threads at once, and SaxonC does not run transformations in parallel threads anyway
(processes scale, threads do not).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eistandaard.core.errors import EngineError
from eistandaard.core.xml import note_parse

__all__ = ["Document", "document", "transform"]

_LOCK = threading.RLock()
_STATE: dict[str, Any] = {}
_EXECUTABLES: dict[tuple[str, int, int], Any] = {}


def _processor() -> Any:
    processor = _STATE.get("processor")
    if processor is None:
        try:
            from saxonche import PySaxonProcessor
        except ImportError as exc:  # pragma: no cover - saxonche is a dependency
            raise EngineError(f"saxonche is not installed: {exc}") from exc
        processor = PySaxonProcessor(license=False)
        _STATE["processor"] = processor
        _STATE["compiler"] = processor.new_xslt30_processor()
    return processor


def _executable(stylesheet: Path) -> Any:
    """The compiled stylesheet, compiled on first use (again when the file changed)."""
    try:
        stat = stylesheet.stat()
    except OSError as exc:
        raise EngineError(
            f"rule stylesheet {stylesheet} cannot be read: {exc.strerror or exc}"
        ) from exc
    key = (str(stylesheet.resolve()), stat.st_mtime_ns, stat.st_size)
    executable = _EXECUTABLES.get(key)
    if executable is None:
        _processor()
        try:
            executable = _STATE["compiler"].compile_stylesheet(stylesheet_file=key[0])
        except Exception as exc:  # saxonche raises PySaxonApiError
            raise EngineError(
                f"rule stylesheet {stylesheet} does not compile: {_message(exc)}"
            ) from exc
        if executable is None:
            raise EngineError(f"rule stylesheet {stylesheet} does not compile")
        _EXECUTABLES[key] = executable
    return executable


def _message(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _parse(processor: Any, payload: bytes) -> Any:
    """Parse the message: from text when it is UTF-8 (fastest), else through a temporary file."""
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        return processor.parse_xml(xml_text=text.removeprefix("\ufeff"))
    with tempfile.TemporaryDirectory(prefix="eistandaard-") as folder:
        path = Path(folder) / "message.xml"
        path.write_bytes(payload)
        return processor.parse_xml(xml_file_name=str(path))


class Document:
    """A message parsed by Saxon once, to run any number of stylesheets on.

    Make it with :func:`document`; a :class:`~eistandaard.core.message.Message` keeps one.
    """

    def __init__(self, node: Any) -> None:
        """Wrap Saxon's document node (an ``XdmNode``)."""
        self.node = node


def document(payload: bytes) -> Document:
    """Parse the message bytes with Saxon (counted as a ``saxon`` parse).

    :raises EngineError: when Saxon cannot parse them.
    """
    note_parse("saxon")
    with _LOCK:
        processor = _processor()
        try:
            node = _parse(processor, payload)
        except Exception as exc:
            raise EngineError(f"the message cannot be parsed by Saxon: {_message(exc)}") from exc
    if node is None:
        raise EngineError("the message cannot be parsed by Saxon")
    return Document(node)


def transform(
    stylesheet: Path, payload: bytes | Document, parameters: Mapping[str, dt.date | str]
) -> str:
    """Run ``stylesheet`` on ``payload`` with typed parameters; the serialised result.

    :param payload: the message bytes, or a :class:`Document` parsed before (parsed once for
        every stylesheet run on it).

    Dates are passed as ``xs:date``, strings as ``xs:string``. Parameters the stylesheet does
    not declare are ignored by Saxon.

    :raises EngineError: when the stylesheet is missing, does not compile, the message cannot be
        parsed or the transformation fails.
    """
    parsed = payload if isinstance(payload, Document) else document(payload)
    with _LOCK:
        processor = _processor()
        executable = _executable(stylesheet)
        try:
            executable.clear_parameters()
            for name, value in parameters.items():
                if isinstance(value, dt.date):
                    typed = processor.make_atomic_value("date", value.isoformat())
                else:
                    typed = processor.make_string_value(value)
                executable.set_parameter(name, typed)
            result = executable.transform_to_string(xdm_node=parsed.node)
        except Exception as exc:
            raise EngineError(f"rule stylesheet {stylesheet.name} failed: {_message(exc)}") from exc
    if result is None:
        raise EngineError(f"rule stylesheet {stylesheet.name} produced no output")
    return str(result)
