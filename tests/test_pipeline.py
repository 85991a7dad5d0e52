"""The validation pipeline: levels in order, stop rules, fail closed on engine errors."""

from __future__ import annotations

import datetime as dt
import io
from importlib import metadata
from pathlib import Path

import pytest
from tests.messages import valid_fixture

import eistandaard
from eistandaard import Finding, Level, Verdict, pipeline
from eistandaard.core.errors import EngineError, InputError
from eistandaard.levels.checks import ParsedMessage
from eistandaard.standards.codelists import CodeLists

AS_OF = dt.date(2026, 11, 23)


def test_valid_message_runs_every_level_and_is_accepted() -> None:
    """A valid WMO323 passes levels 1-5, with identity, versions and timings recorded."""
    report = eistandaard.validate(valid_fixture("iwmo", "WMO323"), as_of=AS_OF)
    assert report.verdict is Verdict.ACCEPTED
    assert report.levels_run == (1, 2, 3, 4, 5)
    assert report.identity is not None
    assert report.identity.message == "WMO323"
    assert report.schema_version == "iwmo/3.2"
    assert report.rules_version
    assert "iwmo" in report.rules_version
    assert report.as_of == AS_OF
    assert {"level1", "level2", "level3"} <= set(report.timings)


def test_bytes_path_and_stream_give_the_same_findings() -> None:
    """The three kinds of source are read the same way."""
    path = valid_fixture("ijw", "JW323")
    data = path.read_bytes()
    broken = data[: len(data) // 2]
    by_bytes = eistandaard.validate(broken, as_of=AS_OF)
    by_stream = eistandaard.validate(io.BytesIO(broken), as_of=AS_OF)
    assert by_bytes.codes == by_stream.codes == ["EI108"]
    assert by_stream.source == "<stream>"
    assert eistandaard.validate(str(path), as_of=AS_OF).accepted


def test_unsupported_document_is_a_level1_finding() -> None:
    """Well-formed XML of no supported standard: EI120 with VECOZO BRS25, no crash."""
    report = eistandaard.validate(b'<Bericht xmlns="urn:example:other"><a/></Bericht>')
    assert report.codes == ["EI120"]
    assert report.findings[0].vecozo_code == "BRS25"
    assert report.identity is None
    assert report.verdict is Verdict.REJECTED


def test_schema_failure_stops_before_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """An XSD-invalid message is not checked at level 3 (the rule runner is never called)."""
    called: list[str] = []
    monkeypatch.setattr(pipeline, "check_relations", lambda *a, **k: called.append("3") or [])
    data = valid_fixture("iwmo", "WMO323").read_bytes().replace(b">484<", b">999<", 1)
    report = eistandaard.validate(data, as_of=AS_OF)
    assert report.verdict is Verdict.REJECTED
    assert {f.level for f in report.findings} == {Level.STRUCTURE}
    assert report.findings[0].vecozo_code == "CC02"
    assert called == []
    assert report.levels_run == (1, 2)


def test_rule_engine_failure_is_verdict_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing stylesheet run ends as 'error', never 'accepted'."""

    def broken(*_args: object, **_kwargs: object) -> list[Finding]:
        raise EngineError("stylesheet exploded")

    monkeypatch.setattr(pipeline, "check_relations", broken)
    report = eistandaard.validate(valid_fixture("iwmo", "WMO323"), as_of=AS_OF)
    assert report.verdict is Verdict.ERROR
    assert any("stylesheet exploded" in e for e in report.engine_errors)
    assert 3 not in report.levels_run


def test_unexpected_exception_in_a_level_is_also_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a bug (ZeroDivisionError) in level 4 fails closed."""
    monkeypatch.setattr(pipeline, "check_references", lambda *a, **k: 1 / 0)
    report = eistandaard.validate(valid_fixture("ijw", "JW323"), as_of=AS_OF)
    assert report.verdict is Verdict.ERROR
    assert "ZeroDivisionError" in report.engine_errors[0]


def test_missing_schema_is_an_engine_error(tmp_path: Path) -> None:
    """An external schema folder with a broken XSD makes the verdict 'error'."""
    (tmp_path / "WMO323.xsd").write_text("<not a schema/>", encoding="utf-8")
    report = eistandaard.validate(valid_fixture("iwmo", "WMO323"), schemas=tmp_path)
    assert report.verdict is Verdict.ERROR


def test_schema_folder_without_the_message_schema_is_an_error(tmp_path: Path) -> None:
    """--schemas pointing at a folder without WMO323.xsd: verdict 'error' naming the file."""
    report = eistandaard.validate(valid_fixture("iwmo", "WMO323"), schemas=tmp_path)
    assert report.verdict is Verdict.ERROR
    assert "WMO323.xsd" in report.engine_errors[0]


def test_plugin_findings_are_level5_and_reject() -> None:
    """A plug-in's findings come back at level 5 and reject the message.

    Plug-ins run in a child process (fail closed), so what the plug-in saw travels back in its
    finding, not through a side effect.
    """

    def not_ours(message: ParsedMessage) -> list[Finding]:
        seen = f"{message.identity.message} {message.as_of} {message.root.tag.endswith('Bericht')}"
        return [
            Finding(level=5, code="GEM01", text_nl="Niet van ons", text_en="Not ours", details=seen)
        ]

    report = eistandaard.validate(valid_fixture("iwmo", "WMO323"), checks=[not_ours], as_of=AS_OF)
    assert report.codes == ["GEM01"]
    assert report.verdict is Verdict.REJECTED
    assert report.findings[0].details == f"WMO323 {AS_OF} True"


@pytest.mark.parametrize(
    "result",
    [pytest.param(None, id="returns-None"), pytest.param(["text"], id="returns-strings")],
)
def test_plugin_returning_junk_is_an_engine_error(result: object) -> None:
    """A plug-in that returns no findings list is an engine error, not a pass."""
    report = eistandaard.validate(
        valid_fixture("iwmo", "WMO323"), checks=[lambda _m: result], as_of=AS_OF
    )
    assert report.verdict is Verdict.ERROR


def test_plugin_that_raises_is_an_engine_error() -> None:
    """A plug-in that raises makes the verdict 'error'."""

    def boom(_message: ParsedMessage) -> list[Finding]:
        raise RuntimeError("database down")

    report = eistandaard.validate(valid_fixture("iwmo", "WMO323"), checks=[boom], as_of=AS_OF)
    assert report.verdict is Verdict.ERROR
    assert "database down" in report.engine_errors[0]


def test_source_of_the_wrong_type_is_an_input_error() -> None:
    """Passing an int is the caller's mistake: InputError (a ValueError)."""
    with pytest.raises(InputError):
        eistandaard.validate(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="float"):
        eistandaard.validate(3.5)  # type: ignore[arg-type]


def test_environment_reaches_the_vektis_rules() -> None:
    """A test-environment (T) BM801 is rejected in P with 8028 and passes when sent to T."""
    folder = Path(__file__).parents[1] / "fixtures" / "bm" / "2.0" / "BM801" / "invalid"
    path = folder / "berichtsoort-test-in-production.xml"
    path = folder / "berichtsoort-test-in-production.xml"
    in_production = eistandaard.validate(path, as_of=AS_OF)
    assert "8028" in {f.retourcode for f in in_production.findings}
    in_test = eistandaard.validate(path, as_of=AS_OF, environment="T")
    assert in_test.environment == "T"
    assert in_test.verdict is Verdict.ACCEPTED, in_test.findings
    with pytest.raises(InputError, match="environment"):
        eistandaard.validate(path, environment="X")


def test_checks_against_lists_nobody_supplied_are_named_in_notes(tmp_path: Path) -> None:
    """An optional list that is not there is no finding but a not-run rule and a note.

    Supplying the list runs the rule.
    """
    report = eistandaard.validate(valid_fixture("iwmo", "WMO323"), as_of=AS_OF)
    assert report.accepted
    assert any(note.startswith("TR381") and "productcodes" in note for note in report.notes)
    level4 = {n.rule: n.reason for n in report.not_run if n.level == 4}
    assert level4 == {"TR381": "receiver-products", "TR346": "contract"}
    assert 4 in report.levels_run
    assert 4 not in report.levels_complete  # not claimed as fully run
    products = tmp_path / "productcodes.csv"
    products.write_text(
        "# codelist: productcodes\n# publisher: test\n# source: test\n# version: 1\n"
        "# retrieved: 2026-11-23\n# complete: no\ncode,ingangsdatum,expiratiedatum,omschrijving\n",
        encoding="utf-8",
    )
    lists = CodeLists(overrides={"productcodes": products})
    supplied = eistandaard.validate(valid_fixture("iwmo", "WMO323"), as_of=AS_OF, codelists=lists)
    assert not any("TR381" in note for note in supplied.notes)
    assert {n.rule for n in supplied.not_run if n.level == 4} == {"TR346"}
    assert lists.missing == set()  # the caller's object is not changed by a validation


def _published(monkeypatch: pytest.MonkeyPatch, entries: list[metadata.EntryPoint]) -> None:
    """Make the ``eistandaard.checks`` group hold ``entries`` for one test."""
    from eistandaard.levels import checks as checks_module

    def fake(*, group: str) -> list[metadata.EntryPoint]:
        return entries if group == "eistandaard.checks" else []

    monkeypatch.setattr(checks_module.metadata, "entry_points", fake)
    pipeline._published_checks.cache_clear()  # the pipeline scans the group once per process


def test_checks_published_as_entry_points_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A check in the eistandaard.checks group runs at level 5; entry_points=False skips it."""
    (tmp_path / "gemeente_checks.py").write_text(
        "from eistandaard import Finding\n"
        "def not_ours(message):\n"
        "    return [Finding(level=5, code='GEM02', text_nl='Niet van ons', text_en='Not ours')]\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    entry = metadata.EntryPoint("not-ours", "gemeente_checks:not_ours", "eistandaard.checks")
    _published(monkeypatch, [entry])
    try:
        path = valid_fixture("iwmo", "WMO323")
        assert eistandaard.validate(path, as_of=AS_OF).codes == ["GEM02"]
        assert eistandaard.validate(path, as_of=AS_OF, entry_points=False).accepted
    finally:
        pipeline._published_checks.cache_clear()


def test_entry_point_that_cannot_load_is_an_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A published check whose module is missing makes the verdict 'error', not a pass."""
    entry = metadata.EntryPoint("gone", "no_such_module_xyz:check", "eistandaard.checks")
    _published(monkeypatch, [entry])
    try:
        report = eistandaard.validate(valid_fixture("iwmo", "WMO323"), as_of=AS_OF)
        assert report.verdict is Verdict.ERROR
        assert "gone" in report.engine_errors[0]
    finally:
        pipeline._published_checks.cache_clear()
