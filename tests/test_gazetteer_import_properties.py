"""Property-based checks of the GeoNames importer (issue 11): the row parser turns any line into a valid
record or a RowError; the dump reader turns any file into records and row problems or a DumpError."""

from __future__ import annotations

import io
import math
import re
import sqlite3
import tempfile
import warnings
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.gazetteer.importer import (
    FEATURE_CLASS_KINDS,
    GEONAMES_COLUMNS,
    MAX_NAME_CHARS,
    MAX_POPULATION,
    DumpError,
    RowError,
    RowProblem,
    parse_geonames_line,
    read_geonames_dump,
)
from geo.gazetteer.sources import PlaceRecord
from geo.gazetteer.store import _SCHEMA, _write_records

KINDS = {"city", "town", *FEATURE_CLASS_KINDS.values()}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def assert_valid(record: PlaceRecord) -> None:
    """Everything a parsed record promises, and that the index can store it."""
    assert re.fullmatch(r"gn:[1-9][0-9]*|gn:0", record.id)
    for name in [record.name, *record.alt_names]:
        assert name.strip() and len(name) <= MAX_NAME_CHARS and not _CONTROL.search(name)
    assert math.isfinite(record.lat) and -90 <= record.lat <= 90
    assert math.isfinite(record.lon) and -180 <= record.lon <= 180
    assert isinstance(record.population, int) and 0 <= record.population <= MAX_POPULATION
    assert re.fullmatch(r"[A-Z]{2}|", record.country_code)
    assert re.fullmatch(r"[A-Z][A-Z0-9]{0,9}|", record.feature_code)
    assert re.fullmatch(r"[0-9A-Za-z._-]{0,20}", record.admin1_code)
    assert record.kind in KINDS and record.source == "geonames-import"
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(_SCHEMA)
        assert _write_records(db, [record]) == 1
    finally:
        db.close()


def parse_or_problem(line: str) -> PlaceRecord | None:
    try:
        record = parse_geonames_line(line)
    except RowError as err:
        assert str(err) and "\n" not in str(err)
        return None
    assert_valid(record)
    return record


# Field values near the edges of what is valid, mixed with arbitrary text.
_text = st.text(max_size=12)
_numbers = st.one_of(st.integers(-10**31, 10**31).map(str), st.floats().map(str), st.floats().map(repr),
                     st.sampled_from(["", "nan", "-inf", "1e999", "90", "-90.0", "180.0000001", "١٢", "1_0", " 5 ",
                                      "+7", "0x10", "9" * 30, "-0", "1e3"]))
_field = {
    0: st.one_of(st.integers(0, 10**12).map(str), st.sampled_from(["", "²", "007", "-1", "1.0"]), _text),
    1: st.one_of(st.text(min_size=1, max_size=30), _text,
                 st.sampled_from(["Bamako", "", " ", "x" * 201, "Bam\x00ako", "Gao\u200b", "\ud800"])),
    3: st.lists(_text, max_size=4).map(",".join),
    4: st.one_of(st.floats(-90, 90).map(str), _numbers),
    5: st.one_of(st.floats(-180, 180).map(str), _numbers),
    14: st.one_of(st.integers(0, MAX_POPULATION).map(str), _numbers),
    6: st.one_of(st.sampled_from([*FEATURE_CLASS_KINDS, "P", "", "p", "PP", "Q"]), _text),
    7: st.one_of(st.sampled_from(["PPL", "PPLA2", "ADM1", "PCLI", "", "ppl", "P P", "A" * 11]), _text),
    8: st.one_of(st.sampled_from(["ML", "ml", "", "M1", "MLI", "ÄÖ"]), _text),
    10: st.one_of(st.sampled_from(["07", "", "ENG", "0 7", "x" * 21]), _text),
}
_plain = st.text(alphabet=st.characters(exclude_characters="\t\n\r"), max_size=12)
_valid = {
    0: st.integers(0, 10**10 - 1).map(str), 1: st.text(min_size=1, max_size=30), 2: st.text(max_size=30),
    3: st.lists(st.text(min_size=1, max_size=10), max_size=4).map(",".join),
    4: st.floats(-90, 90).map(str), 5: st.floats(-180, 180).map(str), 6: st.sampled_from([*FEATURE_CLASS_KINDS, "P"]),
    7: st.sampled_from(["PPL", "PPLA2", "ADM1", "PCLI", ""]), 8: st.sampled_from(["ML", "ne", ""]),
    10: st.sampled_from(["07", "", "ENG"]), 14: st.integers(0, MAX_POPULATION).map(str),
}


def _mutated(base: tuple[str, ...], changes: dict[int, str]) -> str:
    return "\t".join(changes.get(i, value) for i, value in enumerate(base))


# A plausible row with up to three fields replaced by edge values or arbitrary text.
_row = st.builds(_mutated, st.tuples(*[_valid.get(i, _plain) for i in range(GEONAMES_COLUMNS)]),
                 st.dictionaries(st.integers(0, GEONAMES_COLUMNS - 1), st.one_of(_text, *_field.values()),
                                 max_size=3))


@given(st.text())
def test_any_text_is_a_record_or_a_row_error(line: str) -> None:
    parse_or_problem(line)


@given(_row)
@settings(max_examples=400)
def test_any_19_fields_are_a_valid_record_or_a_row_error(line: str) -> None:
    parse_or_problem(line)


@given(st.binary(max_size=400))
def test_any_bytes_decoded_leniently_are_a_record_or_a_row_error(data: bytes) -> None:
    parse_or_problem(data.decode("utf-8", errors="surrogateescape"))


def read_bytes_as_dump(data: bytes, name: str) -> tuple[list[PlaceRecord], list[RowProblem]] | None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            records, problems = read_geonames_dump(path)
        except DumpError as err:
            assert str(err).startswith(str(path)) and "\n" not in str(err)
            return None
    for record in records:
        assert_valid(record)
    assert all(p.line >= 1 and p.reason for p in problems)
    return records, problems


_lines = st.lists(st.one_of(_row, st.text(max_size=30)), max_size=6).map("\n".join)
_file_bytes = st.one_of(st.binary(max_size=2000), _lines.map(lambda s: s.encode("utf-8", "surrogatepass")))


@given(_file_bytes, st.sampled_from(["ML.txt", "ML.zip", "ML"]))
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_any_file_is_records_and_problems_or_a_dump_error(data: bytes, name: str) -> None:
    read_bytes_as_dump(data, name)


def _zip_bytes(members: list[tuple[str, bytes]], compression: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate member names are allowed: archives in the wild have them
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


_member_names = st.one_of(st.sampled_from(["ML.txt", "readme.txt", "NE.TXT", "dir/DZ.txt", "ML.csv", "a/"]),
                          st.text(alphabet="abcXY./_", min_size=1, max_size=8))


@given(st.lists(st.tuples(_member_names, _file_bytes), max_size=4),
       st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]),
       st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 255)), max_size=3))
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_any_zip_even_damaged_is_records_and_problems_or_a_dump_error(members: list[tuple[str, bytes]],
                                                                      compression: int,
                                                                      damage: list[tuple[int, int]]) -> None:
    data = bytearray(_zip_bytes(members, compression))
    for offset, value in damage:  # flip bytes anywhere: headers, compressed data, central directory
        if data:
            data[offset % len(data)] = value
    read_bytes_as_dump(bytes(data), "ML.zip")


def test_a_good_zip_yields_the_rows_of_every_dump_member() -> None:
    row = "\t".join(["5", "Gao", "Gao", "", "16.27", "-0.04", "P", "PPL", "ML", "", "07", "", "", "", "86000", "",
                     "", "", ""])
    data = _zip_bytes([("ML.txt", row.encode()), ("readme.txt", row.encode()), ("x/NE.txt", row.encode())],
                      zipfile.ZIP_DEFLATED)
    result = read_bytes_as_dump(data, "ML.zip")
    assert result is not None and [r.name for r in result[0]] == ["Gao", "Gao"]
