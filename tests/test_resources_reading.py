"""The data-file readers of ``standards/resources`` word a failed read one way (TOML, text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eistandaard.core.errors import DataError
from eistandaard.standards.resources import load_toml, read_text


@pytest.mark.parametrize("reader", [load_toml, read_text])
def test_missing_file_is_a_data_error_naming_it(reader, tmp_path: Path) -> None:
    """A missing data file is a DataError (never a bare OSError) that names the file."""
    missing = tmp_path / "missing.toml"
    with pytest.raises(DataError) as caught:
        reader(missing)
    assert str(missing) in str(caught.value)
    assert isinstance(caught.value.__cause__, OSError)


@pytest.mark.parametrize("reader", [load_toml, read_text])
def test_non_utf8_file_is_a_data_error(reader, tmp_path: Path) -> None:
    """A data file that is not UTF-8 is a DataError whose cause is the decoding error."""
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'name = "caf\xe9"\n')
    with pytest.raises(DataError) as caught:
        reader(latin)
    assert str(latin) in str(caught.value)
    assert isinstance(caught.value.__cause__, UnicodeDecodeError)


def test_invalid_toml_is_a_data_error(tmp_path: Path) -> None:
    """A UTF-8 file that is not TOML is a DataError from load_toml; read_text still reads it."""
    broken = tmp_path / "broken.toml"
    broken.write_text("name = = 1\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_toml(broken)
    assert str(broken) in str(caught.value)
    assert read_text(broken) == "name = = 1\n"


def test_good_files_are_read(tmp_path: Path) -> None:
    """A valid file gives its table (load_toml) or its text (read_text)."""
    good = tmp_path / "good.toml"
    good.write_text('name = "café"\n', encoding="utf-8")
    assert load_toml(good) == {"name": "café"}
    assert read_text(good) == 'name = "café"\n'
