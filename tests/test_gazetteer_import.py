"""Importing GeoNames dumps (issue 11): every field checked, all or nothing, kept dumps that cannot
collide, a start-up check that never reads them, and one-line errors for files that are not dumps."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from geo import settings
from geo.cli.main import main
from geo.gazetteer import Gazetteer, NameHit
from geo.gazetteer import importer as importer_module
from geo.gazetteer import sources as sources_module
from geo.gazetteer.importer import MAX_POPULATION, RowError, parse_geonames_line, read_geonames_dump
from geo.gazetteer.store import (
    IMPORTS_DIRNAME,
    MANIFEST_FILENAME,
    GazetteerError,
    build_index,
    check_index,
    import_dump,
    index_imports,
    read_manifest,
)
from geo.model import Place
from geo.nlp.pipeline import geoparse
from geo.nlp.resolve import prior

FIXTURE = Path(__file__).parent / "fixtures" / "geonames_sample.txt"


def row(geonameid: object = 98000001, name: str = "Qarzaville", lat: object = 15.5, lon: object = 0.5,
        fclass: str = "P", fcode: str = "PPL", cc: str = "ML", admin1: str = "07", population: object = 500,
        alt: str = "") -> str:
    """One line in GeoNames' 19-column format (values written for these tests)."""
    fields = [str(geonameid), name, name, alt, str(lat), str(lon), fclass, fcode, cc, "", admin1, "", "", "",
              str(population), "", "300", "Africa/Bamako", "2024-01-01"]
    return "\t".join(fields) + "\n"


def imported_count(index: Path) -> int:
    db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM places WHERE source = 'geonames-import'").fetchone()[0]
    finally:
        db.close()


def snapshot(cache: Path) -> dict[str, str]:
    """Every file of a cache dir (but the lock) with its SHA-256: equal snapshots mean nothing changed."""
    return {str(p.relative_to(cache)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(cache.rglob("*")) if p.is_file() and p.name != "gazetteer.lock"}


def quiet(_msg: str) -> None:
    pass


# --- (2) every field is checked; a bad row is reported, never kept, and cannot break later loads ----


def test_a_population_too_large_for_sqlite_is_a_reported_row_problem(index_copy: Path, tmp_path: Path) -> None:
    dump = tmp_path / "ML.txt"
    dump.write_text(row(98000001, "Qarzaville") + row(98000002, "Qarzatown", population="9" * 30)
                    + row(98000003, "Qarzabourg"))
    added, problems = import_dump(dump, index_copy, log=quiet)
    assert added == 2 and [p.line for p in problems] == [2]
    assert "exceeds" in problems[0].reason
    assert imported_count(index_copy) == 2 and check_index(index_copy) is None


@pytest.mark.parametrize(("fields", "reason"), [
    ({"population": -1}, "negative"),
    ({"population": "9" * 30}, "exceeds"),
    ({"population": MAX_POPULATION + 1}, "exceeds"),
    ({"population": "1.5"}, "population"),
    ({"population": "1_000"}, "population"),
    ({"lat": "nan"}, "coordinates"),
    ({"lon": "inf"}, "coordinates"),
    ({"lat": "1e999"}, "out of range"),
    ({"lon": "-180.5"}, "out of range"),
    ({"lat": "١٢"}, "not numbers"),  # float() would accept Arabic-Indic digits
    ({"geonameid": "²"}, "geonameid"),  # str.isdigit() would accept a superscript two
    ({"geonameid": "12345678901"}, "geonameid"),
    ({"cc": "M1"}, "country code"),
    ({"cc": "MLI"}, "country code"),
    ({"fclass": "Q"}, "feature class"),
    ({"fcode": "ppl;drop"}, "feature code"),
    ({"name": " "}, "empty name"),
    ({"name": "x" * 201}, "too long"),
    ({"name": "Bam\x00ako"}, "control characters"),
    ({"admin1": "0 7"}, "admin1"),
])
def test_each_kept_field_is_checked(fields: dict, reason: str) -> None:
    with pytest.raises(RowError, match=reason):
        parse_geonames_line(row(**fields))


def test_bad_alternate_names_are_dropped_and_ids_normalised() -> None:
    record = parse_geonames_line(row("0098000001", alt="Good Name,,Bad\x07Name," + "y" * 300))
    assert record.id == "gn:98000001" and record.alt_names == ["Good Name"]
    assert parse_geonames_line(row(population="")).population == 0
    assert parse_geonames_line(row(cc="ml", fcode="")).country_code == "ML"


def test_an_import_without_one_usable_row_changes_nothing(index_copy: Path, tmp_path: Path) -> None:
    dump = tmp_path / "bad.txt"
    dump.write_text(row(population=-1) + row(lat=91) + "not a dump\n")
    before = snapshot(index_copy.parent)
    with pytest.raises(GazetteerError, match="no usable GeoNames rows"):
        import_dump(dump, index_copy, log=quiet)
    assert snapshot(index_copy.parent) == before  # nothing copied into imports/, index untouched


def test_a_failed_rebuild_removes_its_temporary_file(index_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_source():
        yield from ()
        raise RuntimeError("source broke mid-build")

    monkeypatch.setattr(sources_module, "read_cities500", broken_source)
    before = snapshot(index_copy.parent)
    with pytest.raises(RuntimeError, match="mid-build"):
        build_index(index_copy, log=quiet)
    assert not list(index_copy.parent.glob("gazetteer.tmp*"))
    assert snapshot(index_copy.parent) == before


# --- (3) a negative population cannot reach the resolver, and the resolver survives one anyway ---------


def test_negative_population_row_named_bamako_is_rejected(index_copy: Path, tmp_path: Path) -> None:
    dump = tmp_path / "ML.txt"
    dump.write_text(row(98000010, "Bamako", population=-1) + row(98000011, "Qarzaville"))
    added, problems = import_dump(dump, index_copy, log=quiet)
    assert added == 1 and [(p.line, "negative" in p.reason) for p in problems] == [(1, True)]
    mentions = geoparse("Talks resumed in Bamako on Monday.", Gazetteer(index_copy))
    assert [m.text for m in mentions] == ["Bamako"]


def test_prior_clamps_a_negative_population() -> None:
    def town(population: int) -> NameHit:
        return NameHit(Place(id="gn:1", name="Bamako", kind="town", country_code="ML", lat=12.6, lon=-8.0,
                             population=population, source="test"), 0)

    assert prior(town(-1), "Bamako") == prior(town(0), "Bamako")


# --- (4) kept dumps are named by content: same file names never collide ---------------------------


@pytest.mark.slow
def test_two_dumps_called_ml_txt_both_survive_a_rebuild(index_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "ML.txt", tmp_path / "b" / "ML.txt"
    first.write_text(row(98000021, "Qarzaville"))
    second.write_text(row(98000022, "Qarzatown") + row(98000023, "Qarzabig", population="9" * 30))
    assert import_dump(first, index_copy, log=quiet)[0] == 1
    assert import_dump(second, index_copy, log=quiet)[0] == 1
    kept = [e.file for e in index_imports(index_copy)]
    assert len(kept) == 2 and all(name.endswith("-ML.txt") for name in kept) and kept[0] != kept[1]
    messages: list[str] = []
    build_index(index_copy, log=messages.append)  # a rebuild replays both, in import order
    gazetteer = Gazetteer(index_copy)
    assert gazetteer.get("gn:98000021") is not None and gazetteer.get("gn:98000022") is not None
    assert gazetteer.get("gn:98000023") is None
    assert check_index(index_copy) is None and not list(index_copy.parent.glob("gazetteer.tmp*"))
    assert [e.file for e in index_imports(index_copy)] == kept == [e.file for e in read_manifest(
        index_copy.parent / IMPORTS_DIRNAME)]


def test_the_same_content_again_is_already_imported(index_copy: Path, tmp_path: Path) -> None:
    dump, again = tmp_path / "ML.txt", tmp_path / "copy-of-ML.txt"
    dump.write_text(row(98000031, "Qarzaville"))
    shutil.copyfile(dump, again)
    import_dump(dump, index_copy, log=quiet)
    before = snapshot(index_copy.parent)
    with pytest.raises(GazetteerError, match="already imported"):
        import_dump(again, index_copy, log=quiet)
    assert snapshot(index_copy.parent) == before and len(index_imports(index_copy)) == 1


# --- (5) the start-up check compares size and mtime with the hash recorded at import ---------------


def test_checking_the_index_never_reads_kept_dumps(index_copy: Path, tmp_path: Path) -> None:
    dump = tmp_path / "ML.txt"
    dump.write_text(row(98000041, "Qarzaville"))
    import_dump(dump, index_copy, log=quiet)
    (entry,) = read_manifest(index_copy.parent / IMPORTS_DIRNAME)
    kept = index_copy.parent / IMPORTS_DIRNAME / entry.file
    assert entry.sha256 == hashlib.sha256(dump.read_bytes()).hexdigest() == hashlib.sha256(
        kept.read_bytes()).hexdigest()
    assert entry.size == kept.stat().st_size and entry.mtime_ns == kept.stat().st_mtime_ns
    stat = kept.stat()
    kept.write_bytes(b"x" * stat.st_size)  # same size and mtime, other bytes: only a reader would notice
    os.utime(kept, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert check_index(index_copy) is None
    os.utime(kept, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert check_index(index_copy).startswith("stale")


def test_a_file_put_into_imports_by_hand_makes_the_index_stale(index_copy: Path) -> None:
    (index_copy.parent / IMPORTS_DIRNAME).mkdir()
    (index_copy.parent / IMPORTS_DIRNAME / "XX.txt").write_text(row())
    assert check_index(index_copy).startswith("stale")
    (index_copy.parent / IMPORTS_DIRNAME / "XX.txt").unlink()
    (index_copy.parent / IMPORTS_DIRNAME / ".import.tmp123").write_text("left by a killed import")
    assert check_index(index_copy) is None  # temporary files are not dumps


# --- (6) files that are not dumps: one line on stderr, exit 1, nothing changed ----------------------


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def _unusable(kind: str, tmp_path: Path) -> Path:
    path = tmp_path / {"fake zip": "ML.zip", "zip without dump": "ML.zip", "empty zip": "ML.zip",
                       "directory": "ML", "missing": "missing.txt", "empty": "ML.txt", "binary": "ML.txt",
                       "truncated zip": "ML.zip", "damaged zip": "ML.zip"}[kind]
    if kind == "fake zip":
        path.write_text(row())
    elif kind == "zip without dump":
        _zip(path, {"readme.txt": "GeoNames readme", "ML.csv": row()})
    elif kind == "empty zip":
        _zip(path, {})
    elif kind == "truncated zip":
        _zip(path, {"ML.txt": row() * 2000})
        path.write_bytes(path.read_bytes()[:3000])
    elif kind == "damaged zip":  # readable directory, damaged data: found only part-way through the rows
        _zip(path, {"ML.txt": "".join(row(98100000 + i, f"Qarza {i}") for i in range(200))})
        data = bytearray(path.read_bytes())
        data[5000:5010] = b"#garbage##"
        path.write_bytes(bytes(data))
    elif kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return path


@pytest.mark.parametrize("kind", ["fake zip", "zip without dump", "empty zip", "truncated zip", "damaged zip",
                                  "directory", "missing", "empty", "binary"])
def test_a_file_that_is_not_a_dump_is_one_line_on_stderr(kind: str, index_copy: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "cache_folder", index_copy.parent)
    path = _unusable(kind, tmp_path)
    before = snapshot(index_copy.parent)
    status = main(["gazetteer", "import", str(path)])
    out, err = capsys.readouterr()
    assert status == 1 and out == ""
    assert len(err.splitlines()) == 1 and str(path) in err and "Traceback" not in err, err
    assert snapshot(index_copy.parent) == before


def test_import_errors_are_gazetteer_errors(index_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="not a zip"):
        import_dump(_unusable("fake zip", tmp_path), index_copy, log=quiet)


def test_cli_import_reports_counts_and_refuses_a_second_import(index_copy: Path, capsys: pytest.CaptureFixture,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "cache_folder", index_copy.parent)
    assert main(["gazetteer", "import", str(FIXTURE)]) == 0
    out, err = capsys.readouterr()
    assert out == "geonames_sample.txt: imported 4 places, skipped 4 malformed lines\n"
    assert "geonames_sample.txt:3: skipped: expected 19 tab-separated fields" in err
    before = snapshot(index_copy.parent)
    assert main(["gazetteer", "import", str(FIXTURE)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and "already imported" in err
    assert snapshot(index_copy.parent) == before


def test_every_txt_member_of_a_zip_is_read(index_copy: Path, tmp_path: Path) -> None:
    dump = _zip(tmp_path / "two.zip", {"readme.txt": "GeoNames readme\n", "AA.txt": row(98000051, "Qarzaville"),
                                       "BB.txt": "bad line\n" + row(98000052, "Qarzatown"),
                                       "__MACOSX/._AA.txt": "\x00\x05\x16\x07"})
    added, problems = import_dump(dump, index_copy, log=quiet)
    assert added == 2 and [(p.member, p.line) for p in problems] == [("BB.txt", 1)]
    gazetteer = Gazetteer(index_copy)
    assert gazetteer.get("gn:98000051") is not None and gazetteer.get("gn:98000052") is not None
    (entry,) = index_imports(index_copy)
    assert entry.file.endswith("-two.zip") and (index_copy.parent / IMPORTS_DIRNAME / MANIFEST_FILENAME).exists()


def test_an_overlong_line_is_skipped_without_being_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer_module, "MAX_LINE_BYTES", 100)
    dump = tmp_path / "ML.txt"
    dump.write_bytes((row(alt=",".join(["Alias"] * 40)) + row(98000061, "Qarzaville")).encode() + b"\xff\xfe\n")
    records, problems = read_geonames_dump(dump)
    assert [r.id for r in records] == ["gn:98000061"]
    assert [(p.line, "longer than" in p.reason) for p in problems] == [(1, True), (3, False)]
