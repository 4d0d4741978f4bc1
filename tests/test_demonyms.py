"""Tests for geo.gazetteer.demonyms."""

from __future__ import annotations

import pytest

from geo.gazetteer.demonyms import load_demonyms, read_demonyms
from geo.geometry.borders import load_countries


def test_key_forms():
    d = load_demonyms()
    assert d["Nigerien"] == "NE"
    assert d["Nigerian"] == "NG"
    assert d["Burkinabe"] == "BF"
    assert d["Burkinabè"] == "BF"
    assert d["Algerian"] == "DZ"
    assert d["Malian"] == "ML"
    assert d["Turkish"] == "TR"
    assert d["American"] == "US"
    assert d["British"] == "GB"


def test_every_code_exists_in_admin0():
    codes = set(load_countries().iso_a2) - {""}
    assert set(load_demonyms().values()) <= codes


def test_coverage_of_countries():
    codes = set(load_countries().iso_a2) - {""}
    assert len(set(load_demonyms().values())) >= len(codes) - 10


def test_ambiguous_forms_left_out():
    d = load_demonyms()
    for form in ("Arab", "Tuareg", "Congolese", "Dominican", "Korean", "Central African"):
        assert form not in d


def test_conflicting_rows_rejected(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("country_code,demonym\nNE,Nigerien\nNG,Nigerien\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Nigerien"):
        read_demonyms(path)
