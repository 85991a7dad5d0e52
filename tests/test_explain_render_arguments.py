"""`render_explanation` refuses bad arguments with an InputError naming them (trial 2, item 6).

``render_explanation(ex, "yaml", "en")`` raised a bare KeyError and
``render_explanation(None, "text", "en")`` an AttributeError; the other public functions name
the argument (:mod:`eistandaard.core.arguments`).
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.core.errors import InputError
from eistandaard.render.explain import render_explanation

GOLDEN = FIXTURES / "golden" / "answers"


@pytest.fixture(scope="module")
def explained() -> eistandaard.answers.Explanation:
    """The golden partly rejected WMO325 explained."""
    return eistandaard.explain(
        FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml",
        GOLDEN / "wmo-partly-rejected.answer.xml",
    )


def test_an_unknown_format_is_an_input_error_listing_the_known(explained: Any) -> None:
    """An unknown format: InputError (still a KeyError), naming it and the known ones."""
    with pytest.raises(InputError) as caught:
        render_explanation(explained, "yaml", "en")
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == 'unknown format "yaml"; known: html, json, text'
    assert caught.value.text("nl").startswith('onbekend formaat "yaml"')


@pytest.mark.parametrize(
    ("args", "keyword"),
    [
        ((None, "text", "en"), "explained"),
        (("not an explanation", "text", "en"), "explained"),
        ((..., None, "en"), "fmt"),
        ((..., "text", 1), "lang"),
    ],
)
def test_an_argument_of_the_wrong_kind_is_named(
    explained: Any, args: tuple[Any, ...], keyword: str
) -> None:
    """None or another type: InputError naming the argument, never AttributeError or TypeError."""
    given = tuple(explained if a is ... else a for a in args)
    with pytest.raises(InputError) as caught:
        render_explanation(*given)
    assert str(caught.value).startswith(f"{keyword} must be ")


def test_rejected_only_must_be_a_bool(explained: Any) -> None:
    """rejected_only="yes" is refused by name."""
    with pytest.raises(InputError, match="rejected_only must be True or False"):
        render_explanation(explained, "text", "en", rejected_only="yes")  # type: ignore[arg-type]
