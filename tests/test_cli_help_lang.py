"""``ei ... -h`` follows ``--lang`` (nl by default), its texts from ``rbc/common/words/help.toml``.

Before, every help was English, whatever ``--lang`` said. The English of ``--lang en`` is
word for word the English the commands are defined with (as before).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from typing import Any

import click
import pytest
from tests.messages import valid_fixture

from eistandaard.cli import helptexts
from eistandaard.cli.helptexts import (
    FIXED,
    HELP_TABLE,
    WordedCommand,
    command_help,
    command_key,
    option_help,
    option_keys,
)
from eistandaard.cli.main import cli, main
from eistandaard.standards.wording import bilingual_texts


def _tree() -> Iterator[tuple[click.Context, click.Command]]:
    """Every command of ``ei`` (each group, command and subcommand, aliases too) with a context."""
    root = _root()
    waiting: list[tuple[click.Context, click.Command]] = [(root, cli)]
    while waiting:
        ctx, command = waiting.pop(0)
        yield ctx, command
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None, name
                waiting.append((click.Context(sub, info_name=name, parent=ctx), sub))


def _root() -> click.Context:
    """A context of ``ei`` as a run makes it (``-h``/``--help``: click keeps its help option)."""
    return click.Context(cli, info_name="ei", resilient_parsing=True, **cli.context_settings)


def _help(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The help ``ei args`` prints (exit 0)."""
    assert main(args) == 0
    return capsys.readouterr().out


def _squeezed(text: str) -> str:
    """``text`` without any whitespace: a text found however click wrapped (or hyphenated) it."""
    return re.sub(r"\s+", "", text)


def _table() -> dict[str, dict[str, str]]:
    return {key: dict(entry) for key, entry in bilingual_texts(HELP_TABLE).items()}


def test_the_table_has_a_dutch_and_english_text_for_all_of_the_cli_and_nothing_else() -> None:
    """Every command, subcommand and option with a help has both texts; no key the CLI lacks.

    The ``en`` of each is the English the command is defined with, so ``--lang en`` shows the
    help as it was, and every command is a :class:`WordedCommand` (its help goes through here).
    """
    table = _table()
    used = set(FIXED)
    for key, english in FIXED.items():
        assert table[key]["en"] == english
    for ctx, command in _tree():
        assert isinstance(command, WordedCommand), ctx.command_path
        key = command_key(ctx)
        assert command.help is not None, key
        assert key in table, key
        assert command_help(command, key, "en") == inspect.cleandoc(command.help), key
        used.add(key)
        for param in command.get_params(ctx):
            english = getattr(param, "help", None)
            if english is None:
                continue
            keys = option_keys(ctx, param)
            assert keys, f"{key} {param.opts}: no text in {HELP_TABLE}"
            assert option_help(ctx, param, "en") == english, (key, param.opts)
            used.update(keys)
    assert sorted(set(table) - used) == []
    for key, entry in table.items():
        assert entry["nl"].strip(), key
        assert entry["en"].strip(), key


def test_every_help_is_dutch_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    """Each command's ``-h`` (no ``--lang``): click's headings and the help option in Dutch."""
    for ctx, _command in _tree():
        args = [*ctx.command_path.split()[1:], "-h"]
        shown = _help(args, capsys)
        assert shown.startswith(f"Gebruik: {ctx.command_path} [OPTIES]"), args
        assert "\nOpties:\n" in shown, args
        assert "Toon deze hulptekst en stop." in shown, args
        for english in ("Usage:", "Options:", "Commands:", "Show this message", "[default:"):
            assert english not in shown, (args, english)


def test_ei_validate_help_without_lang_is_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    """``ei validate -h``: Dutch headings, Dutch option help, no English sentence of the table."""
    shown = _help(["validate", "-h"], capsys)
    assert shown.startswith("Gebruik: ei validate [OPTIES] PATHS...")
    assert "\nOpties:\n" in shown
    assert "Toon deze hulptekst en stop." in shown
    assert "[standaard: text]" in shown
    for english in ("Usage:", "Options:", "Show this message", "default:", "Check EI messages"):
        assert english not in shown
    squeezed = _squeezed(shown)
    table = _table()
    for key in [k for k in table if k.startswith("ei validate") or k.startswith("--")]:
        nl, en = table[key]["nl"], table[key]["en"]
        if _squeezed(nl) != _squeezed(en) and len(en) > 12:
            assert _squeezed(en) not in squeezed, key
    assert _squeezed(table["ei validate --schemas"]["nl"]) in squeezed
    assert _squeezed(table["--as-of"]["nl"]) in squeezed


@pytest.mark.parametrize(
    "args",
    [["--lang", "en", "validate", "-h"], ["validate", "--lang", "en", "-h"]],
    ids=["before", "after"],
)
def test_ei_validate_help_with_lang_en_is_the_english_of_today(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """``ei --lang en validate -h`` and ``ei validate --lang en -h``: the English help as before."""
    shown = _help(args, capsys)
    assert shown.startswith("Usage: ei validate [OPTIONS] PATHS...")
    assert "\nOptions:\n" in shown
    assert "Show this message and exit." in shown
    assert "[default: text]" in shown
    squeezed = _squeezed(shown)
    validate = cli.get_command(_root(), "validate")
    assert validate is not None
    assert validate.help is not None
    assert _squeezed(inspect.cleandoc(validate.help)) in squeezed
    for param in validate.params:
        if isinstance(param, click.Option) and param.help:
            assert _squeezed(param.help) in squeezed, param.opts
    for dutch in ("Gebruik", "Opties", "standaard"):
        assert dutch not in shown


def test_both_places_of_lang_en_give_the_same_help(capsys: pytest.CaptureFixture[str]) -> None:
    """``--lang en`` before or after the command: the same bytes."""
    before = _help(["--lang", "en", "validate", "-h"], capsys)
    assert _help(["validate", "--lang", "en", "-h"], capsys) == before
    assert _help(["validate", "-h", "--lang", "en"], capsys) == before


@pytest.mark.parametrize(
    ("args", "lang"),
    [
        (["ledger", "show", "-h"], "nl"),
        (["ledger", "--lang", "nl", "show", "-h"], "nl"),
        (["--lang", "en", "ledger", "show", "-h"], "en"),
        (["ledger", "--lang", "en", "show", "-h"], "en"),
        (["ledger", "show", "--lang", "en", "-h"], "en"),
    ],
)
def test_a_subcommand_help_follows_lang(
    args: list[str], lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ei ledger show -h`` is Dutch; with ``--lang en`` anywhere before ``-h``, English."""
    shown = _help(args, capsys)
    table = _table()
    other = "nl" if lang == "en" else "en"
    for key in ("ei ledger show", "--ledger ledger", "--lang", "--help"):
        assert _squeezed(table[key][lang]) in _squeezed(shown), key
        assert _squeezed(table[key][other]) not in _squeezed(shown), key
    usage = {"en": "Usage: ei ledger show [OPTIONS]", "nl": "Gebruik: ei ledger show [OPTIES]"}
    assert shown.startswith(usage[lang])


def test_the_group_help_lists_the_commands_in_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    """``ei -h``: the commands with the start of their Dutch help; ``--lang en``: as before."""
    shown = _help(["-h"], capsys)
    assert "\nOpdrachten:\n" in shown
    assert "Gebruik: ei [OPTIES] OPDRACHT [ARGUMENTEN]..." in shown
    assert re.search(r"^  validate +Controleer EI-berichten", shown, re.MULTILINE)
    assert "Toon de versie en stop." in shown
    english = _help(["--lang", "en", "-h"], capsys)
    assert "\nCommands:\n" in english
    assert re.search(r"^  validate +Check EI messages", english, re.MULTILINE)
    assert "Show the version and exit." in english


def test_return_help_names_the_pairs_in_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    """The heading of the catalog's pairs and ``[required]`` are in the run's language too."""
    shown = _help(["return", "-h"], capsys)
    assert "Heenbericht: zijn retourbericht (uit de catalogus):" in shown
    assert "[verplicht]" in shown
    english = _help(["return", "--lang", "en", "-h"], capsys)
    assert "Request: its answer (from the catalog):" in english
    assert "[required]" in english


def test_a_help_without_its_table_is_the_english_in_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A table that cannot be read: the English help of the code, no crash (exit 0)."""
    expected = _help(["--lang", "en", "validate", "-h"], capsys)

    def unreadable(name: str) -> Any:
        from eistandaard.core.errors import DataError

        raise DataError(f"rbc/common/{name}: broken")

    monkeypatch.setattr(helptexts, "bilingual_texts", unreadable)
    assert _help(["validate", "-h"], capsys) == expected


def test_a_text_whose_english_is_out_of_date_is_not_shown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A key whose ``en`` is not the code's English, or a missing key: that English, no crash."""
    table = _table()
    table["ei validate --schemas"]["en"] = "Some older English."
    del table["ei validate --hidden"]
    monkeypatch.setattr(helptexts, "_entries", lambda: table)
    shown = _squeezed(_help(["validate", "-h"], capsys))
    assert _squeezed("Folder with an external schema release to use instead of the") in shown
    assert _squeezed("Also check hidden files and folders (.git, .venv ...).") in shown
    assert _squeezed(table["--as-of"]["nl"]) in shown  # the rest stays Dutch


def test_a_normal_run_does_not_read_the_help_table(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ei validate FILE`` never reads ``words/help.toml``: only a help does."""
    read: list[str] = []
    monkeypatch.setattr(helptexts, "_entries", lambda: read.append("help") or {})
    assert main(["validate", str(valid_fixture("iwmo", "WMO323"))]) == 0
    assert "goedgekeurd" in capsys.readouterr().out
    assert read == []
    _help(["validate", "-h"], capsys)
    assert read
