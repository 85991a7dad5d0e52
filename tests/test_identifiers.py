import doctest
import types

import pytest
from stdnum import exceptions as stdnum_exceptions
from stdnum.nl import bsn as stdnum_bsn
from tests.conftest import need_shared

from eistandaard import identifiers
from eistandaard.identifiers import agb, gemeentecode, uzovi

MODULES = [agb, uzovi, gemeentecode]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rpartition(".")[2])
def test_module_docstring_examples_run(module: types.ModuleType) -> None:
    """The python-stdnum style examples in each module docstring hold."""
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL, verbose=False
    )
    assert result.attempted >= 4
    assert result.failed == 0


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rpartition(".")[2])
def test_modules_follow_the_stdnum_protocol(module: types.ModuleType) -> None:
    """Each module has compact, validate, is_valid and format, as python-stdnum modules do."""
    for name in ("compact", "validate", "is_valid", "format"):
        assert callable(getattr(module, name)), name


def test_bsn_is_python_stdnums_own_module() -> None:
    """The BSN is not rewritten: the package re-exports stdnum.nl.bsn itself."""
    assert identifiers.bsn is stdnum_bsn
    assert identifiers.bsn.is_valid("999912343")
    assert not identifiers.bsn.is_valid("999912344")


@pytest.mark.parametrize(
    ("number", "compact"),
    [("99112233", "99112233"), ("99 11 22 33", "99112233"), ("01-012345", "01012345")],
)
def test_agb_accepts_eight_digits(number: str, compact: str) -> None:
    """An AGB-code of 8 digits (separators allowed) validates to its compact form."""
    assert agb.validate(number) == compact
    assert agb.is_valid(number)


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("9911223", stdnum_exceptions.InvalidLength),
        ("991122334", stdnum_exceptions.InvalidLength),
        ("9911223X", stdnum_exceptions.InvalidFormat),
        ("", stdnum_exceptions.InvalidFormat),
        ("00112233", stdnum_exceptions.InvalidComponent),
    ],
)
def test_agb_raises_stdnum_exceptions(number: str, error: type[Exception]) -> None:
    """Bad AGB-codes raise python-stdnum's own exception for the kind of fault."""
    with pytest.raises(error):
        agb.validate(number)
    assert not agb.is_valid(number)


def test_agb_zorgsoort_is_the_first_two_digits() -> None:
    """The zorgsoort of an AGB-code is its two-digit prefix."""
    assert agb.zorgsoort("03 123456") == "03"
    assert agb.format("03123456") == "03-123456"


@pytest.mark.parametrize(
    ("module", "good", "short", "letters"),
    [(uzovi, "3311", "331", "33A1"), (gemeentecode, "0363", "363", "03B3")],
    ids=["uzovi", "gemeentecode"],
)
def test_four_digit_codes(module: types.ModuleType, good: str, short: str, letters: str) -> None:
    """UZOVI and gemeentecode take exactly 4 digits and raise stdnum's exceptions otherwise."""
    assert module.validate(f" {good} ") == good
    with pytest.raises(stdnum_exceptions.InvalidLength):
        module.validate(short)
    with pytest.raises(stdnum_exceptions.InvalidFormat):
        module.validate(letters)
    assert not module.is_valid(short)


def test_gemeentecode_accepts_the_cbs_prefix() -> None:
    """CBS writes gemeentecodes as GM0363; the prefix is removed and added back by format."""
    assert gemeentecode.compact("gm0363") == "0363"
    assert gemeentecode.format("0363") == "GM0363"


@pytest.mark.parametrize("junk", ["", " ", "\x00", "ÿÿÿÿ", "1" * 200, "--..", "GM"])
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rpartition(".")[2])
def test_is_valid_never_raises_on_junk(module: types.ModuleType, junk: str) -> None:
    """is_valid answers False for garbage instead of raising."""
    assert module.is_valid(junk) is False


def test_fictitious_corpus_codes_are_well_formed() -> None:
    """Every Afzender (AGB) and Ontvanger (gemeente) of the corpus passes the form check.

    The corpus is fictitious test data (AGB 99xxxxxx, gemeente 9xxx); a form check must not
    reject it.
    """
    from lxml import etree

    corpus = need_shared("conformance")
    paths = [p for p in sorted(corpus.glob("*/*.xml")) if not p.name.endswith(".rapport.xml")]
    assert len(paths) >= 300
    for path in paths:
        root = etree.parse(str(path)).getroot()
        header = {etree.QName(e).localname: (e.text or "") for e in root[0]}
        assert agb.is_valid(header["Afzender"]), path.name
        assert gemeentecode.is_valid(header["Ontvanger"]), path.name
