"""The SaxonC worker process, and the memory limit every bounded worker applies (internal).

The parent (:mod:`eistandaard.levels.relations.saxon`) starts this file as a script with the Python
that
runs eistandaard. It holds one SaxonC processor and the compiled stylesheets between messages,
so a stylesheet is compiled once per worker; when a run passes its time bound the parent kills
the worker and starts a new one. The script imports only the standard library and saxonche,
so a (re)start costs tens of milliseconds.

Protocol (pickled tuples over two pipes, :class:`multiprocessing.connection.Connection`):

* the worker sends ``("ready", pid)`` once SaxonC runs;
* the parent sends ``("transform", key, payload, [(name, kind, value)])`` with ``kind``
  ``"date"`` or ``"string"``, or ``("compile", key)`` to compile (and keep) a stylesheet
  without running it; ``key`` is ``(path, st_dev, st_ino, st_mtime_ns)`` of the stylesheet;
* the worker answers ``("ok", text, "parsed" | "reused")`` or ``("error", stage, message)``;
  ``stage`` is one of ``compile``, ``parse``, ``transform``, ``output``, ``memory``. The worker
  keeps the last message it parsed: the next stylesheet run on the same bytes reuses the parse
  (``"reused"``), so a message is parsed by Saxon once however many stylesheets run on it.

The worker's standard error goes to a file the parent reads when the worker dies (SaxonC's
native ``OutOfMemoryError`` report lands there); it is emptied at every request.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["data_size", "limit_data", "main"]

MEMORY_STAGE = "memory"


def data_size() -> int | None:
    """This process's data segment in bytes (``VmData`` of ``/proc/self/status``), if known."""
    try:
        with Path("/proc/self/status").open(encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def limit_data(extra: int) -> bool:
    """Let this process allocate at most ``extra`` more bytes of data memory (``RLIMIT_DATA``).

    Past the limit, Python raises :class:`MemoryError` and SaxonC ends with a fatal
    ``OutOfMemoryError``. ``RLIMIT_AS`` cannot be used: SaxonC reserves 32 GiB of address space
    when it starts. Returns ``False`` where the limit cannot be applied (no ``resource`` module,
    no ``/proc``).
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return False
    used = data_size()
    if used is None:
        return False
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = used + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ValueError, OSError):
        return False
    return True


def _die_with_parent(parent: int, from_main_thread: bool) -> None:
    """End this worker when the parent process ends, even in the middle of a transformation."""
    if from_main_thread and sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: killed when the parent thread ends
        except (OSError, AttributeError):  # no prctl: the watchdog below still ends it
            pass

    def watchdog() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(0.5)

    if os.getppid() != parent:
        os._exit(0)
    threading.Thread(target=watchdog, daemon=True, name="eistandaard-watchdog").start()


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


_WARM_UP = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xsl:param name="d" as="xs:date"/>
  <xsl:template match="/">
    <r><xsl:for-each select="//*[@c]">
      <xsl:value-of select="format-date($d, '[Y]')"/>
    </xsl:for-each></r>
  </xsl:template>
</xsl:stylesheet>"""
"""What :meth:`_Engine.warm_up` runs: a parameter, a path, a date function, serialisation."""


class _Engine:
    """One SaxonC processor and its compiled stylesheets."""

    def __init__(self) -> None:
        from saxonche import PySaxonProcessor

        self.processor = PySaxonProcessor(license=False)
        self.compiler = self.processor.new_xslt30_processor()
        self.executables: dict[tuple[str, int, int, int], Any] = {}
        self.last: tuple[bytes, Any] | None = None
        """The last message parsed, kept so that its next stylesheet does not parse it again."""

    def warm_up(self) -> None:
        """Compile and run a small stylesheet once, so that the first real one runs sooner.

        SaxonC loads its compiler, parser and serialiser on first use (about 10 ms of a first
        compilation); a worker started ahead of need does that while it waits. Never raises.
        """
        try:
            executable = self.compiler.compile_stylesheet(stylesheet_text=_WARM_UP)
            document = self.processor.parse_xml(xml_text="<a><b c='1'/></a>")
            executable.set_parameter("d", self.processor.make_atomic_value("date", "2026-01-01"))
            executable.transform_to_string(xdm_node=document)
        except Exception:  # only a head start: a real run reports its own errors
            pass

    def compile(self, key: tuple[str, int, int, int]) -> tuple[Any, tuple[str, ...] | None]:
        """The executable of ``key`` (compiled once), or the error reply."""
        executable = self.executables.get(key)
        if executable is None:
            try:
                executable = self.compiler.compile_stylesheet(stylesheet_file=key[0])
            except Exception as exc:  # saxonche raises PySaxonApiError
                return None, ("error", "compile", _message(exc))
            if executable is None:
                return None, ("error", "compile", "")
            self.executables[key] = executable
        return executable, None

    def transform(
        self, key: tuple[str, int, int, int], payload: bytes, parameters: list[tuple[str, str, str]]
    ) -> tuple[str, ...]:
        executable, failed = self.compile(key)
        if failed is not None:
            return failed
        parsed = self.last is None or self.last[0] != payload
        if parsed:
            self.last = None
            try:
                document = _parse(self.processor, payload)
            except Exception as exc:
                return ("error", "parse", _message(exc))
            if document is None:
                return ("error", "parse", "")
            self.last = (payload, document)
        else:
            assert self.last is not None  # checked above
            document = self.last[1]
        try:
            executable.clear_parameters()
            for name, kind, value in parameters:
                if kind == "date":
                    typed = self.processor.make_atomic_value("date", value)
                else:
                    typed = self.processor.make_string_value(value)
                executable.set_parameter(name, typed)
            result = executable.transform_to_string(xdm_node=document)
        except Exception as exc:
            return ("error", "transform", _message(exc))
        if result is None:
            return ("error", "output", "")
        return ("ok", str(result), "parsed" if parsed else "reused")


def _empty_stderr() -> None:
    try:
        sys.stderr.flush()
        os.ftruncate(2, 0)
        os.lseek(2, 0, os.SEEK_SET)
    except (OSError, ValueError):  # standard error is no file: nothing to empty
        pass


def _end_now() -> None:
    """End this process now, without the interpreter's and SaxonC's tear-down.

    The parent may be waiting for it to end (tens of ms saved); standard error is flushed
    first, and every reply was sent.
    """
    try:
        sys.stderr.flush()
    finally:
        os._exit(0)


def main(argv: list[str]) -> int:
    """Serve transformations until the parent closes the request pipe.

    ``argv``: request fd, reply fd, memory bound in bytes, parent pid, ``1`` when started
    from the parent's main thread.
    """
    from multiprocessing.connection import Connection

    request_fd, reply_fd, memory, parent = (int(value) for value in argv[:4])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles the user's Ctrl-C
    _die_with_parent(parent, argv[4:5] == ["1"])
    requests = Connection(request_fd, writable=False)
    replies = Connection(reply_fd, readable=False)
    try:
        engine = _Engine()
    except Exception as exc:
        replies.send(("failed", f"SaxonC does not start: {_message(exc)}"))
        return 1
    limit_data(memory)
    replies.send(("ready", os.getpid()))
    if not requests.poll(0):  # idle (a worker started ahead of need): warm the engine up
        engine.warm_up()
    while True:
        try:
            request = requests.recv()
        except (EOFError, OSError):  # the parent is done: end at once, nothing is left to write
            _end_now()
            return 0
        _empty_stderr()
        reply: tuple[str, ...]
        try:
            if request[0] == "compile":
                reply = engine.compile(tuple(request[1]))[1] or ("ok", "")
            else:
                _verb, key, payload, parameters = request
                reply = engine.transform(tuple(key), payload, parameters)
        except MemoryError:
            reply = ("error", MEMORY_STAGE, "")
        except Exception as exc:
            reply = ("error", "transform", _message(exc))
        del request
        try:
            replies.send(reply)
        except MemoryError:
            replies.send(("error", MEMORY_STAGE, ""))


if __name__ == "__main__":
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [entry for entry in sys.path if entry and str(Path(entry).resolve()) != here]
    sys.exit(main(sys.argv[1:]))
