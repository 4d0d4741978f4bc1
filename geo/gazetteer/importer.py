"""Reading GeoNames dumps in the standard tab-separated format (``XX.txt`` or ``XX.zip``).

Every field a place keeps is checked before the row is accepted; a row that fails a check is skipped
and reported as a :class:`RowProblem` with its line number. A file that cannot be read as a dump at
all (missing, a directory, empty, a damaged zip, a zip without a ``.txt`` dump) raises
:class:`DumpError` with a one-line message. Dumps are read a line at a time, never whole.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from geo.gazetteer.sources import PlaceRecord, populated_kind
from geo.vocabulary import Kind

GEONAMES_COLUMNS = 19
#: GeoNames feature class -> our kind for places that are not populated places.
FEATURE_CLASS_KINDS = {"A": Kind.DISTRICT, "H": Kind.WATER, "L": Kind.AREA, "R": Kind.ROAD, "S": Kind.SITE,
                       "T": Kind.LANDFORM, "U": Kind.UNDERSEA, "V": Kind.FOREST}
#: The GeoNames feature classes (P: populated places); a row may also leave the class empty.
FEATURE_CLASSES = frozenset(FEATURE_CLASS_KINDS) | {"P"}
#: Largest population accepted (the whole Earth is 8e9); larger values are typos or garbage.
MAX_POPULATION = 10**10
#: Longest name kept (GeoNames' name columns are varchar(200)).
MAX_NAME_CHARS = 200
#: Longest line read; a longer one is reported and skipped without being held in memory.
MAX_LINE_BYTES = 1 << 20
#: A zip member with this file name is GeoNames' description of the dump, not data.
README_NAME = "readme.txt"

_GEONAMEID = re.compile(r"[0-9]{1,10}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
_POPULATION = re.compile(r"[+-]?[0-9]+")
_COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")
_FEATURE_CODE = re.compile(r"[A-Z][A-Z0-9]{0,9}")
_ADMIN_CODE = re.compile(r"[0-9A-Za-z._-]{0,20}")
#: Control characters and lone surrogates (which SQLite cannot store as UTF-8) make a name unusable.
_UNUSABLE_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class RowError(ValueError):
    """Why one row of a dump is unusable (the row is skipped and reported)."""


class DumpError(ValueError):
    """Why a whole file cannot be read as a GeoNames dump (one line, for the user)."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A malformed line of a dump, reported and skipped. ``member`` names the zip member it is in."""

    line: int
    reason: str
    member: str = ""


def _valid_name(name: str) -> bool:
    return bool(name.strip()) and len(name) <= MAX_NAME_CHARS and not _UNUSABLE_CHARS.search(name)


def _number(text: str, what: str) -> float:
    if not _DECIMAL.fullmatch(text.strip()):
        raise RowError(f"{what} {text!r} is not a number")
    return float(text)


def parse_population(text: str) -> int:
    """A population field (empty means 0) as an integer in 0..MAX_POPULATION; RowError otherwise."""
    text = text.strip()
    if not text:
        return 0
    if not _POPULATION.fullmatch(text):
        raise RowError(f"population {text[:40]!r} is not a number")
    digits = text.lstrip("+-").lstrip("0")
    if text.startswith("-") and digits:
        raise RowError(f"population {text[:40]} is negative")
    if len(digits) > len(str(MAX_POPULATION)) or int(digits or 0) > MAX_POPULATION:
        raise RowError(f"population {text[:40]} exceeds {MAX_POPULATION:,}")
    value = int(digits or 0)
    return value


def parse_geonames_line(line: str) -> PlaceRecord:
    """One GeoNames row (19 tab-separated fields) to a PlaceRecord; RowError (a ValueError) says what is wrong.

    Checked: the geonameid is a number; the name is non-empty, free of control characters and at most
    200 characters; latitude and longitude are finite numbers in range; the feature class is a GeoNames class and the
    feature code looks like one; the country code is two letters or empty; the admin-1 code is short;
    the population is an integer from 0 to 10^10. Alternate names that are empty, too long or contain
    control characters are dropped. The columns a place does not keep (cc2, admin2-4, elevation, dem,
    timezone, modification date) are not read.
    """
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != GEONAMES_COLUMNS:
        raise RowError(f"expected {GEONAMES_COLUMNS} tab-separated fields, found {len(fields)}")
    geonameid, name, asciiname, alternates, lat, lon, fclass, fcode, cc = fields[:9]
    admin1, population = fields[10], fields[14]
    if not _GEONAMEID.fullmatch(geonameid):
        raise RowError(f"geonameid {geonameid[:40]!r} is not a number")
    if not _valid_name(name):
        raise RowError("empty name" if not name.strip() else f"name {name[:40]!r} too long or with control characters")
    try:
        latitude, longitude = _number(lat, "latitude"), _number(lon, "longitude")
    except RowError:
        raise RowError(f"coordinates {lat[:40]!r}, {lon[:40]!r} are not numbers") from None
    if not (math.isfinite(latitude) and math.isfinite(longitude)
            and -90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise RowError(f"coordinates {latitude}, {longitude} out of range")
    if fclass not in FEATURE_CLASSES and fclass != "":
        raise RowError(f"feature class {fclass[:40]!r} is not a GeoNames feature class")
    if fcode and not _FEATURE_CODE.fullmatch(fcode):
        raise RowError(f"feature code {fcode[:40]!r} is not a GeoNames feature code")
    if cc and not _COUNTRY_CODE.fullmatch(cc):
        raise RowError(f"country code {cc[:40]!r} is not ISO 3166-1 alpha-2")
    if not _ADMIN_CODE.fullmatch(admin1):
        raise RowError(f"admin1 code {admin1[:40]!r} is not a GeoNames admin code")
    pop = parse_population(population)
    kind = populated_kind(pop) if fclass == "P" else FEATURE_CLASS_KINDS.get(fclass, Kind.SITE)
    alt = [a for a in alternates.split(",") if _valid_name(a)]
    if asciiname != name and _valid_name(asciiname):
        alt.append(asciiname)
    return PlaceRecord(
        id=f"gn:{int(geonameid)}", name=name, kind=kind, country_code=cc.upper(), lat=latitude, lon=longitude,
        population=pop, source="geonames-import", admin1_code=admin1, feature_code=fcode, alt_names=alt,
    )


# --- reading files ---------------------------------------------------------------------------


def is_zip(path: Path, name: Path | None = None) -> bool:
    """Whether the dump is to be read as a zip (by its name, or by its first bytes)."""
    if (name or path).suffix.lower() == ".zip":
        return True
    with open(path, "rb") as handle:
        return handle.read(4) in _ZIP_MAGIC


def _is_dump_member(info: zipfile.ZipInfo) -> bool:
    base = info.filename.rsplit("/", 1)[-1]
    return (not info.is_dir() and base.lower().endswith(".txt") and base.lower() != README_NAME
            and not base.startswith("._") and not info.filename.startswith("__MACOSX/"))


def check_dump_file(path: Path, shown_as: Path | None = None) -> list[str]:
    """Raise DumpError unless ``path`` is a readable dump; return its zip members ([] for a .txt).
    ``shown_as``: the name to give in messages and to tell a zip by (when ``path`` is a copy)."""
    shown = shown_as or path
    if not path.exists():
        raise DumpError(f"{shown}: no such file")
    if path.is_dir():
        raise DumpError(f"{shown}: is a directory, not a GeoNames dump")
    try:
        if path.stat().st_size == 0:
            raise DumpError(f"{shown}: empty file")
        if not is_zip(path, shown):
            return []
        with zipfile.ZipFile(path) as archive:
            members = [info.filename for info in archive.infolist() if _is_dump_member(info)]
    except DumpError:
        raise
    except zipfile.BadZipFile:
        raise DumpError(f"{shown}: not a zip archive (or a damaged one)") from None
    except OSError as err:
        raise DumpError(f"{shown}: cannot be read ({err.strerror or err})") from None
    except Exception as err:  # zipfile raises many kinds of errors on arbitrary bytes
        raise DumpError(f"{shown}: damaged zip archive ({type(err).__name__})") from None
    if not members:
        raise DumpError(f"{shown}: no .txt GeoNames dump inside the zip")
    return members


def _lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """Raw lines of a stream; None for a line longer than MAX_LINE_BYTES (skipped without storing it)."""
    first = True
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if first and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        first = False
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(MAX_LINE_BYTES + 1)
            yield None
            continue
        yield line


def _parse_stream(stream: IO[bytes], member: str, problems: list[RowProblem]) -> Iterator[PlaceRecord]:
    for number, raw in enumerate(_lines(stream), start=1):
        if raw is None:
            problems.append(RowProblem(number, f"line longer than {MAX_LINE_BYTES:,} bytes", member))
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(RowProblem(number, "not UTF-8 text", member))
            continue
        if not line.strip() or line.startswith("#"):
            continue
        try:
            yield parse_geonames_line(line)
        except RowError as err:
            problems.append(RowProblem(number, str(err), member))


def iter_geonames_dump(path: Path, problems: list[RowProblem], *, shown_as: Path | None = None
                       ) -> Iterator[PlaceRecord]:
    """The good rows of a dump, one at a time; malformed rows are appended to ``problems``.

    A zip is read member by member: every ``.txt`` except ``readme.txt``. Raises DumpError (also
    part-way through, for a zip whose data turns out damaged) when the file is not a readable dump.
    ``shown_as``: the name to give in messages and to tell a zip by (when ``path`` is a copy).
    """
    shown = shown_as or path
    members = check_dump_file(path, shown)
    try:
        if not members:
            with open(path, "rb") as handle:
                yield from _parse_stream(handle, "", problems)
            return
        with zipfile.ZipFile(path) as archive:
            for info in [i for i in archive.infolist() if _is_dump_member(i)]:
                with archive.open(info) as stream:
                    yield from _parse_stream(stream, info.filename if len(members) > 1 else "", problems)
    except DumpError:
        raise
    except OSError as err:
        raise DumpError(f"{shown}: cannot be read ({err.strerror or err})") from None
    except zipfile.BadZipFile as err:
        raise DumpError(f"{shown}: damaged zip archive ({err})") from None
    except Exception as err:  # zlib, lzma, bz2 and zipfile errors on damaged archives
        if not members:
            raise
        raise DumpError(f"{shown}: damaged zip archive ({type(err).__name__})") from None


def read_geonames_dump(path: Path) -> tuple[list[PlaceRecord], list[RowProblem]]:
    """All good rows of a dump, and the malformed ones with their 1-based line numbers (small dumps only)."""
    problems: list[RowProblem] = []
    records = list(iter_geonames_dump(path, problems))
    return records, problems
