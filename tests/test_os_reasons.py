"""The operating system's reasons inside a line are worded in the line's language.

Before, ``ei serve --port N`` on a port in use said ``kan niet luisteren op 127.0.0.1:N: Address
already in use`` (a Dutch line with the system's English reason), and so did every error built
from ``exc.strerror`` (a symbolic-link loop, an unreadable schema folder, code list or
stylesheet): ``standards/wording.os_reason`` is now the one place that words them
(``rbc/common/errors.toml``).
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path

import pytest

from eistandaard.cli.main import main
from eistandaard.core.errors import SourceError
from eistandaard.levels.intake import read_path, read_raw
from eistandaard.standards.wording import Worded, bilingual_texts, os_reason


def test_every_os_reason_has_two_different_texts() -> None:
    """Each ``os-*`` text names a real errno and differs between Dutch and English."""
    texts = {k: v for k, v in bilingual_texts("errors.toml").items() if k.startswith("os-")}
    assert {"os-ENOENT", "os-EACCES", "os-EADDRINUSE", "os-ELOOP"} <= set(texts)
    for key, entry in texts.items():
        assert hasattr(errno, key.removeprefix("os-")), key
        assert entry["nl"] != entry["en"], key


def test_os_reason_words_a_known_errno_and_keeps_an_unknown_one() -> None:
    """A known errno is a Worded text; another keeps the system's words; no OSError: its text."""
    reason = os_reason(OSError(errno.EADDRINUSE, "Address already in use"))
    assert isinstance(reason, Worded)
    assert reason.text("nl") == "adres al in gebruik"
    assert reason.text("en") == "Address already in use"
    assert os_reason(OSError(errno.ECHILD, "No child processes")) == "No child processes"
    assert os_reason(ValueError("embedded null byte")) == "embedded null byte"


def test_a_port_in_use_is_one_usage_line_in_one_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``ei serve`` on a port another socket holds: exit 2, the reason in --lang's words."""
    pytest.importorskip("uvicorn")
    pytest.importorskip("starlette")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = str(holder.getsockname()[1])
        lines = {}
        for lang in ("nl", "en"):
            code = main(["serve", "--port", port, "--lang", lang])
            lines[lang] = capsys.readouterr().err.strip()
            assert code == 2, lines[lang]
    assert "adres al in gebruik" in lines["nl"]
    assert "Address already in use" not in lines["nl"]
    assert "Address already in use" in lines["en"]


def test_a_symbolic_link_loop_is_worded_in_both_languages(tmp_path: Path) -> None:
    """The library's SourceError of a link loop: English as str, Dutch as .text("nl")."""
    loop = tmp_path / "loop.xml"
    loop.symlink_to(loop.name)
    with pytest.raises(SourceError) as caught:
        read_raw(loop)
    assert "Too many levels of symbolic links" in str(caught.value)
    dutch = caught.value.text("nl")
    assert "te veel niveaus van symbolische koppelingen" in dutch
    assert "Too many levels" not in dutch


def test_an_unreadable_file_s_finding_gives_the_reason_in_each_language(tmp_path: Path) -> None:
    """EI109 of a path that cannot be read: the error type kept, its reason worded per language.

    Before: ``lezen mislukt: NotADirectoryError: Not a directory`` in a Dutch report. (A link
    to nothing says so itself: tests/test_cli_paths_named.py.)
    """
    (tmp_path / "file.xml").write_bytes(b"<x/>")
    (found,) = read_path(tmp_path / "file.xml" / "below.xml").findings
    assert found.code == "EI109"
    assert found.detail("nl") == "lezen mislukt: NotADirectoryError: is geen map"
    assert found.detail("en") == "NotADirectoryError: Not a directory"
