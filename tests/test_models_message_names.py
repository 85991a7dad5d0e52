"""Errors name messages by their message name, never by the generated class or module.

Kind: every generated message root class is called ``Bericht``, so an error built from
``__name__`` said "not a Bericht", and ``parse_gds802`` named a Python module
("eistandaard.models.bm20.bm802: not a GDS802"). ``ei diff`` showed both to people.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import FIXTURES

from eistandaard import models
from eistandaard.cli.main import main
from eistandaard.core.errors import InputError
from eistandaard.models.api import message_name
from eistandaard.models.bm import parse_bm802, serialize_bm801
from eistandaard.models.bm20 import BM802
from eistandaard.models.gds import parse_gds802
from eistandaard.models.iwmo32 import WMO323

WMO323_FILE = FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"
WMO325_FILE = FIXTURES / "golden/two-clients-with-credit.WMO325.xml"
GDS801_FILE = FIXTURES / "gds/1.0/GDS801/valid/dji-forensische-zorg.xml"
GDS802_FILE = FIXTURES / "gds/1.0/GDS802/valid/insurer-partly-granted.xml"
BM801_FILE = FIXTURES / "bm/2.0/BM801/valid/foreign-iban-with-bic.xml"
BM802_FILE = FIXTURES / "bm/2.0/BM802/valid/cak-fully-accepted.xml"

_INTERNAL = ("Bericht", "eistandaard.", "models.")


def _no_internal_name(text: str) -> None:
    for token in _INTERNAL:
        assert token not in text, text


def test_message_name_of_a_root_is_the_message_and_of_a_part_its_class() -> None:
    """``message_name``: BM802 for the BM802 root (class ``Bericht``), ``Header`` for a part."""
    assert BM802.__name__ == "Bericht"
    assert message_name(BM802) == "BM802"
    assert message_name(models.parse(WMO323_FILE, WMO323)) == "WMO323"
    header = type(models.parse(WMO323_FILE, WMO323).header)
    assert message_name(header) == header.__name__


@pytest.mark.parametrize(
    ("path", "model", "given", "wanted"),
    [
        (WMO325_FILE, WMO323, "WMO325", "WMO323"),
        (GDS802_FILE, BM802, "GDS802", "BM802"),
    ],
)
def test_parse_with_another_model_names_both_messages(
    path: Path, model: type, given: str, wanted: str
) -> None:
    """``models.parse(answer, Model)``: "is a WMO325, not a WMO323", not "not a Bericht"."""
    with pytest.raises(InputError) as raised:
        models.parse(path, model)
    assert f"is a {given}, not a {wanted}" in str(raised.value)
    _no_internal_name(str(raised.value))


@pytest.mark.parametrize(
    ("reader", "path", "given", "wanted"),
    [
        (parse_gds802, BM802_FILE, "BM802", "GDS802"),
        (parse_gds802, WMO325_FILE, "WMO325", "GDS802"),
        (parse_bm802, GDS802_FILE, "GDS802", "BM802"),
    ],
)
def test_answer_readers_name_the_message_they_got(
    reader: object, path: Path, given: str, wanted: str
) -> None:
    """``parse_gds802`` / ``parse_bm802`` of another answer: "... is a X, not a Y"."""
    with pytest.raises(InputError) as raised:
        reader(path.read_bytes())  # type: ignore[operator]  # the readers of the parametrize
    assert str(raised.value).endswith(f" is a {given}, not a {wanted}")
    _no_internal_name(str(raised.value))


def test_serialize_bm801_of_another_message_names_it() -> None:
    """``serialize_bm801(a WMO323)``: "WMO323 is not a BM801"."""
    with pytest.raises(InputError, match=r"^WMO323 is not a BM801$"):
        serialize_bm801(models.parse(WMO323_FILE, WMO323))  # type: ignore[arg-type]  # on purpose


@pytest.mark.parametrize(
    ("request_file", "answer_file", "given", "wanted"),
    [
        (GDS801_FILE, WMO325_FILE, "WMO325", "GDS802"),
        (GDS801_FILE, BM802_FILE, "BM802", "GDS802"),
        (BM801_FILE, GDS802_FILE, "GDS802", "BM802"),
        (BM801_FILE, WMO325_FILE, "WMO325", "BM802"),
    ],
)
def test_diff_of_an_answer_of_another_family_names_both_messages(
    request_file: Path,
    answer_file: Path,
    given: str,
    wanted: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`ei diff GDS801 BM802` and the like: not answered, naming the messages, exit 1.

    An answer of another message is a readable pair that does not belong together, as a
    GDS802 given for a WMO323 is (one check for every family, answers/explain): exit 1 with
    the mismatch ("a BM802 answers a BM801, not a GDS801"), no statuses or totals.
    """
    assert main(["diff", str(request_file), str(answer_file), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    answers = {"WMO325": "WMO323", "GDS802": "GDS801", "BM802": "BM801"}
    request = answers[wanted]
    assert f"a {given} answers a {answers[given]}, not a {request}" in out
    assert f"does not belong to this request ({request})" in out
    _no_internal_name(out)
