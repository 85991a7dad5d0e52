"""Every family x the models' entry points x hostile variants: only documented EIErrors escape.

Entry points: ``models.parse`` (bytes, path, stream; with and without the XSD check),
``serialize`` of what was parsed, ``fill_totals``, ``claim_statuses`` (request with its answer,
models, bytes and paths) and the drop-in readers of ``models.gds``/``models.bm``. Variants: the
valid message, truncated, well-formed but without its Header, junk, another family's message,
and a comment or a processing instruction inside every leaf value, which must give exactly the
model of the clean message.
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tests.conftest import FIXTURES

from eistandaard.core.errors import EIError
from eistandaard.models import bm, claim_statuses, fill_totals, gds, parse, serialize

FAMILIES: dict[str, str] = {
    "WMO323": "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml",
    "JW323": "ijw/3.2/JW323/valid/basis.xml",
    "WMO325": "iwmo/3.2/WMO325/valid/basis.xml",
    "JW325": "ijw/3.2/JW325/valid/basis.xml",
    "WMO301": "iwmo/3.2/WMO301/valid/complete.xml",
    "JW315": "ijw/3.2/JW315/valid/complete.xml",
    "GDS801-1.0": "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml",
    "GDS801-2.0": "gds/2.0/GDS801/valid/ggz-071.xml",
    "GDS802-1.0": "gds/1.0/GDS802/valid/insurer-partly-granted.xml",
    "BM801": "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml",
    "BM802": "bm/2.0/BM802/valid/cak-fully-accepted.xml",
}
PAIRS = {  # request -> its answer among the fixtures
    "WMO323": "golden/two-clients-with-credit.WMO325.xml",
    "BM801": "bm/2.0/BM802/valid/cak-fully-accepted.xml",
}

_LEAF = re.compile(r">([^<>\r\n]+)</")


def _inside_every_value(data: bytes, node: str) -> bytes:
    def middle(match: re.Match[str]) -> str:
        value = match.group(1)
        half = len(value) // 2
        return f">{value[:half]}{node}{value[half:]}</"

    return _LEAF.sub(middle, data.decode("utf-8")).encode("utf-8")


def _without_header(data: bytes) -> bytes:
    root = etree.fromstring(data)
    root.remove(next(child for child in root if isinstance(child.tag, str)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _variants(data: bytes) -> dict[str, bytes]:
    return {
        "valid": data,
        "truncated": data[: len(data) // 2],
        "incomplete": _without_header(data),
        "junk": random.Random(len(data)).randbytes(300),
        "comment": _inside_every_value(data, "<!--x-->"),
        "pi": _inside_every_value(data, "<?x y?>"),
    }


def _outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    """``("ok", result)`` or ``("raised", the EIError's type)``; anything else escapes."""
    try:
        return "ok", call()
    except EIError as exc:
        return "raised", type(exc).__name__


def _entry_points(name: str, data: bytes, tmp_path: Path) -> dict[str, tuple[str, Any]]:
    path = tmp_path / "message.xml"
    path.write_bytes(data)
    results = {
        "parse": _outcome(lambda: parse(data)),
        "parse-path": _outcome(lambda: parse(path)),
        "parse-stream": _outcome(lambda: parse(io.BytesIO(data))),
        "parse-unchecked": _outcome(lambda: parse(data, check_schema=False)),
    }
    if results["parse"][0] == "ok":
        model = results["parse"][1]
        results["serialize"] = _outcome(lambda: serialize(model))
        results["fill_totals"] = _outcome(lambda: serialize(fill_totals(parse(data))))
    answer_file = PAIRS.get(name)
    if answer_file is not None:
        answer = (FIXTURES / answer_file).read_bytes()
        results["claim_statuses"] = _outcome(lambda: claim_statuses(data, answer))
        results["claim_statuses-path"] = _outcome(lambda: claim_statuses(path, answer))
    if name.startswith("GDS802"):
        results["parse_gds802"] = _outcome(lambda: gds.parse_gds802(data))
    if name == "BM801":
        results["parse_bm801"] = _outcome(lambda: bm.parse_bm801(data))
    if name == "BM802":
        results["parse_bm802"] = _outcome(lambda: bm.parse_bm802(data))
    return results


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_only_eierrors_escape_and_comments_change_nothing(name: str, tmp_path: Path) -> None:
    """Hostile variants raise documented EIErrors; comment/PI variants read as the clean one."""
    data = (FIXTURES / FAMILIES[name]).read_bytes()
    seen: dict[str, dict[str, tuple[str, Any]]] = {}
    for variant, content in _variants(data).items():
        seen[variant] = _entry_points(name, content, tmp_path)
    valid = seen["valid"]
    assert valid["parse"][0] == "ok", valid["parse"]
    assert valid["parse"] == valid["parse-path"] == valid["parse-stream"]
    assert valid["parse-unchecked"] == valid["parse"]
    assert parse(valid["serialize"][1]) == valid["parse"][1]
    for variant in ("truncated", "junk", "incomplete"):
        assert seen[variant]["parse"][0] == "raised", variant
    for variant in ("comment", "pi"):
        assert seen[variant] == valid, variant


def test_another_family_is_no_other_model() -> None:
    """Asking a BM801 reader for a WMO323 is an EIError naming what the message is."""
    data = (FIXTURES / FAMILIES["WMO323"]).read_bytes()
    kind, error = _outcome(lambda: bm.parse_bm801(data))
    assert (kind, error) == ("raised", "InputError")
