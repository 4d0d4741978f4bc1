"""``geo map`` refuses to write a map when no input is an article file."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.cli.main import main


def test_map_fails_when_every_input_is_missing_or_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "atlas.html"
    status = main(["map", str(tmp_path / "missing.txt"), str(tmp_path), "-o", str(out)])
    err = capsys.readouterr().err
    assert status == 1 and not out.exists()
    assert "missing.txt: no such file" in err and f"{tmp_path}: is a directory" in err
    assert "none of the inputs is an article file" in err
