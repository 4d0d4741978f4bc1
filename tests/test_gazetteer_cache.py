"""Cache life cycle: a corrupt or stale index is detected and rebuilt; imports add without losing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer
from geo.gazetteer.importer import parse_geonames_line, read_geonames_dump
from geo.gazetteer.store import check_index, ensure_index, import_dump, index_imports
from geo.nlp.pipeline import geoparse

FIXTURE = Path(__file__).parent / "fixtures" / "geonames_sample.txt"


def test_sound_index_passes_the_check(index_copy: Path) -> None:
    assert check_index(index_copy) is None


def test_garbage_file_is_reported_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    assert check_index(path).startswith("corrupt")


def test_missing_index_is_reported(tmp_path: Path) -> None:
    assert check_index(tmp_path / "gazetteer.sqlite") == "not built yet"


def test_stale_index_is_detected_when_imports_change(index_copy: Path) -> None:
    (index_copy.parent / "imports").mkdir()
    (index_copy.parent / "imports" / "XX.txt").write_text("")
    assert check_index(index_copy).startswith("stale")


@pytest.mark.slow
def test_corrupt_index_is_rebuilt_with_a_message(index_copy: Path) -> None:
    with open(index_copy, "r+b") as handle:  # overwrite the middle of the file
        handle.seek(index_copy.stat().st_size // 2)
        handle.write(b"\xff" * 200_000)
    messages: list[str] = []
    ensure_index(index_copy, log=messages.append)
    assert any("rebuilding" in m for m in messages), messages
    assert check_index(index_copy) is None
    assert Gazetteer(index_copy).stats()["places"] >= 230_000


def test_reading_a_dump_reports_malformed_lines_with_numbers() -> None:
    records, problems = read_geonames_dump(FIXTURE)
    assert [r.name for r in records] == ["Tessit", "Inates", "Adrar des Ifoghas", "Tinzaouaten"]
    assert [p.line for p in problems] == [3, 5, 6, 8]
    assert "19 tab-separated fields" in problems[0].reason
    assert "not a number" in problems[1].reason
    assert "out of range" in problems[3].reason


def test_dump_rows_get_kinds_from_feature_classes() -> None:
    records, _ = read_geonames_dump(FIXTURE)
    kinds = {r.name: r.kind for r in records}
    assert kinds == {"Tessit": "town", "Inates": "town", "Adrar des Ifoghas": "landform", "Tinzaouaten": "town"}
    with pytest.raises(ValueError):
        parse_geonames_line("1\t2\t3")


def test_import_adds_places_from_a_zip_and_loses_nothing(index_copy: Path, tmp_path: Path) -> None:
    before = Gazetteer(index_copy).stats()["places"]
    dump = tmp_path / "ML.zip"
    with zipfile.ZipFile(dump, "w") as archive:
        archive.writestr("readme.txt", "GeoNames readme")
        archive.writestr("ML.txt", FIXTURE.read_text())
    added, problems = import_dump(dump, index_copy, log=lambda m: None)
    assert added == 4 and len(problems) == 4
    gazetteer = Gazetteer(index_copy)
    assert gazetteer.stats()["places"] == before + 3  # Tinzaouaten (2476086) was already there: updated
    assert gazetteer.lookup("Inates")[0].place.country_code == "NE"
    assert gazetteer.lookup("Tassit")[0].place.name == "Tessit"  # alternate names are indexed
    assert gazetteer.lookup("Tinzaouaten")[0].place.id == "gn:2476086"
    assert gazetteer.lookup("Niamey")[0].place.kind == "city"  # what was there is still there
    assert check_index(index_copy) is None  # the import keeps the index sound (and its fingerprint)
    (kept,) = index_imports(index_copy)  # a rebuild replays it, from a copy named by its content
    assert kept.file.endswith("-ML.zip") and (index_copy.parent / "imports" / kept.file).exists()


def _geonames_row(geonameid: int, name: str, lat: float, lon: float, fcode: str, cc: str, alt: str = "") -> str:
    """One line in GeoNames' 19-column dump format (values written for these tests)."""
    fields = [str(geonameid), name, name, alt, str(lat), str(lon), "A", fcode, cc, "", "01", "", "", "", "0", "",
              "0", "", "2024-01-01"]
    return "\t".join(fields) + "\n"


def test_imported_country_and_adm1_rows_move_our_areas_points(index_copy: Path, tmp_path: Path) -> None:
    before = Gazetteer(index_copy)
    places_before = before.stats()["places"]
    canada_before = before.get("country:CA")
    dump = tmp_path / "areas.txt"
    dump.write_text(
        _geonames_row(900001, "Canada", 59.0, -110.0, "PCLI", "CA", "Kanada")
        + _geonames_row(900002, "Alberta", 53.0, -116.0, "ADM1", "CA", "Province of Alberta")
        + _geonames_row(900003, "Alberta", 17.0, -2.0, "ADM1", "ML")  # no Malian admin-1 unit of that name
    )
    added, problems = import_dump(dump, index_copy, log=lambda m: None)
    assert (added, problems) == (3, [])
    gazetteer = Gazetteer(index_copy)
    canada, alberta = gazetteer.get("country:CA"), gazetteer.lookup("Alberta", country="CA")[0].place
    assert (canada.lat, canada.lon) == (59.0, -110.0) and (canada_before.lat, canada_before.lon) != (59.0, -110.0)
    assert canada.source.endswith("; point from gn:900001") and canada.name == "Canada"
    assert alberta.kind == "admin1" and (alberta.lat, alberta.lon) == (53.0, -116.0)
    assert gazetteer.lookup("Kanada")[0].place.id == "country:CA"  # its names now lead to our area
    assert [h.place.id for h in gazetteer.lookup("Canada") if h.place.kind == "country"] == ["country:CA"]
    assert gazetteer.stats()["places"] == places_before + 1  # only the unmatched row became a place
    mentions = geoparse("Wildfires spread across Alberta, Canada.", gazetteer)
    assert [(m.text, m.lat, m.lon) for m in mentions] == [("Alberta", 53.0, -116.0), ("Canada", 59.0, -110.0)]


def test_an_area_row_far_from_our_shape_stays_its_own_place(index_copy: Path, tmp_path: Path) -> None:
    dump = tmp_path / "far.txt"
    dump.write_text(_geonames_row(900004, "Alberta", -30.0, 150.0, "ADM1", "CA"))  # wrong hemisphere
    import_dump(dump, index_copy, log=lambda m: None)
    gazetteer = Gazetteer(index_copy)
    assert gazetteer.get("gn:900004") is not None
    assert gazetteer.lookup("Alberta", country="CA")[0].place.lat > 45
