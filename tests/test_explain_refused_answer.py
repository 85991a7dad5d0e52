"""An answer that fails its own XSD is never "consistent", for every family (trial 2, items 1-2).

VECOZO refuses a message that is not XSD-valid at reception with a foutbericht, an answer as well
as a request. `ei diff` called a WMO325 or WMO302 with an unknown element "Consistent" (exit 0),
and a GDS802 with one a usage error (exit 2) in mixed languages with a raw ``{namespace}Name``.
The answer's XSD is now checked before any typed model reads it: one problem naming the first
schema error and its line; states and totals only when the engine can still read what the
answer says (the iStandaarden trees), else not answered (a Vektis model lacks the element).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, ROOT
from tests.test_explain_walk import GOLDEN, PAIRS

import eistandaard
from eistandaard.answers import State
from eistandaard.render.explain import render_explanation


def _with_bogus(answer: bytes, child: int) -> bytes:
    """The answer with an element its XSD does not allow, as the last child of ``root[child]``."""
    root = etree.fromstring(answer)
    parent = root[min(child, len(root) - 1)]
    etree.SubElement(parent, f"{{{etree.QName(root).namespace}}}Bogus").text = "x"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("child", [0, 1])
@pytest.mark.parametrize("case", sorted(PAIRS))
def test_a_schema_invalid_answer_is_not_consistent(case: str, child: int) -> None:
    """One XSD problem first, in both languages; Vektis: not answered, nothing else said."""
    request = FIXTURES / PAIRS[case][0]
    answer = _with_bogus((GOLDEN / f"{case}.answer.xml").read_bytes(), child)
    explained = eistandaard.explain(request, answer)
    assert not explained.consistent
    said = explained.problems[0]
    assert said.text("nl").startswith(f"de {explained.answer_message} voldoet niet aan zijn XSD")
    assert said.text("en").startswith(f"the {explained.answer_message} does not pass its XSD")
    assert "Bogus" in said
    assert "regel" in said.text("nl")
    assert sum("XSD" in p for p in explained.problems) == 1
    if explained.convention == "vektis":
        assert explained.state is State.NOT_ANSWERED
        assert explained.problems == (said,)
        assert explained.totals is None
        assert explained.groups == ()
        # the summary says why: unreadable, not "does not belong to this request"
        assert explained.answer_unreadable
        lead = render_explanation(explained, "text", "nl").splitlines()[0]
        assert lead.startswith(f"Dit antwoord ({explained.answer_message}) voldoet niet aan zijn")
        assert "hoort niet bij" not in render_explanation(explained, "html", "nl")
    else:  # the trees still say what the answer says; the summary leads with "NOT consistent"
        assert explained.answers_request


def _diff(request: Path, answer: bytes, lang: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "eistandaard", "diff", "--lang", lang, str(request), "-"],
        input=answer,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("case", ["wmo-partly-rejected", "gds-insurer", "bm-cak"])
def test_the_cli_exits_1_in_the_runs_language(case: str, lang: str) -> None:
    """`ei diff`: exit 1 (not 0, not a usage error 2), the problem in --lang, no raw namespace."""
    answer = _with_bogus((GOLDEN / f"{case}.answer.xml").read_bytes(), 1)
    done = _diff(FIXTURES / PAIRS[case][0], answer, lang)
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 1, out + err
    assert ("voldoet niet aan zijn XSD" if lang == "nl" else "does not pass its XSD") in out
    assert "{http" not in out + err
    assert ("NIET consistent:" if lang == "nl" else "NOT consistent:") in out


def test_a_retour_with_an_extra_header_element_is_not_consistent() -> None:
    """A WMO302 (IV032) with an element its Header lacks: the same problem, exit 1."""
    request = FIXTURES / "iwmo" / "3.2" / "WMO301" / "valid" / "basis.xml"
    report = eistandaard.validate(request, as_of="2026-03-12")
    built = eistandaard.build_return(request, report, dagtekening="2026-03-12").message
    good = bytes(built)
    assert eistandaard.explain(request, good).consistent
    explained = eistandaard.explain(request, _with_bogus(good, 0))
    assert not explained.consistent
    assert "/Bericht/Header/Bogus" in explained.problems[0]
    done = _diff(request, _with_bogus(good, 0), "en")
    assert done.returncode == 1, done.stdout.decode() + done.stderr.decode()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_model_error_is_worded_without_a_namespace(lang: str) -> None:
    """The typed model's unknown element: worded in both languages, its local name only."""
    from eistandaard.core.errors import InputError
    from eistandaard.models.api import parse

    answer = _with_bogus((GOLDEN / "gds-insurer.answer.xml").read_bytes(), 1)
    with pytest.raises(InputError) as caught:
        parse(answer, check_schema=False)
    said = caught.value.text(lang)
    assert "{http" not in said
    expected = "heeft geen element Bogus" if lang == "nl" else "has no element Bogus"
    assert expected in said
    assert ("voldoet niet aan zijn model" if lang == "nl" else "does not fit its model") in said
    with pytest.raises(InputError) as caught:
        parse(answer)  # level 2 first: the schema's line, worded in the language
    assert ("(regel " if lang == "nl" else "(line ") in caught.value.text(lang)
