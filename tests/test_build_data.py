"""scripts/build_data.py reproduces the committed border files byte for byte."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from geo import settings

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("build_data", ROOT / "scripts" / "build_data.py")
build_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_data)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _admin1_deb() -> Path | None:
    """A downloaded libgnudatalanguage0 .deb (NEWS_ATLAS_ADMIN1_DEB or /tmp/deb), if any."""
    candidates = [os.environ.get("NEWS_ATLAS_ADMIN1_DEB", "")]
    candidates += sorted(str(p) for p in Path("/tmp/deb").glob("libgnudatalanguage0_*.deb"))
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def test_helpers():
    assert build_data.normalise("Ségou") == "segou"
    assert build_data.normalise("M'Sila") == "m sila"
    assert build_data.slug("Tillabéri") == "tillaberi"
    assert build_data.slug("") == "unnamed"
    assert build_data.unique_ids(["a", "b", "a", "a"]) == ["a", "b", "a-2", "a-3"]


@pytest.mark.slow
def test_admin0_rebuild_is_byte_identical(tmp_path):
    path = build_data.build_admin0_file(tmp_path)
    assert _sha256(path) == _sha256(settings.BOUNDARIES_DIR / "admin0.parquet")


@pytest.mark.slow
@pytest.mark.skipif(_admin1_deb() is None or shutil.which("dpkg") is None,
                    reason="no downloaded libgnudatalanguage0 .deb (set NEWS_ATLAS_ADMIN1_DEB)")
def test_admin1_rebuild_is_byte_identical(tmp_path):
    path = build_data.build_admin1_file(tmp_path, _admin1_deb())
    assert _sha256(path) == _sha256(settings.BOUNDARIES_DIR / "admin1.parquet")


_water_spec = importlib.util.spec_from_file_location("build_water", ROOT / "scripts" / "build_water.py")
build_water = importlib.util.module_from_spec(_water_spec)
_water_spec.loader.exec_module(build_water)


def test_every_water_entry_is_valid():
    specs = build_water.load_specs()
    assert len(specs) == 75 and all(s["id"].startswith("water:") for s in specs)
    assert {s["feature"] for s in specs} == {"ocean", "sea", "gulf", "bay", "strait", "lake"}


@pytest.mark.slow
@pytest.mark.skipif(_admin1_deb() is None or shutil.which("dpkg") is None,
                    reason="no downloaded libgnudatalanguage0 .deb (set NEWS_ATLAS_ADMIN1_DEB)")
def test_water_rebuild_is_byte_identical(tmp_path):
    shutil.copyfile(settings.BOUNDARIES_DIR / "admin0.parquet", tmp_path / "admin0.parquet")
    path = build_water.build(tmp_path, _admin1_deb())
    assert _sha256(path) == _sha256(settings.BOUNDARIES_DIR / "water.parquet")
