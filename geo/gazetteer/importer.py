"""Reading GeoNames dumps in the standard tab-separated format (``XX.txt`` or ``XX.zip``)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.gazetteer.sources import PlaceRecord, populated_kind
from geo.vocabulary import Kind

GEONAMES_COLUMNS = 19
#: GeoNames feature class -> our kind for places that are not populated places.
FEATURE_CLASS_KINDS = {"A": Kind.DISTRICT, "H": Kind.WATER, "L": Kind.AREA, "R": Kind.ROAD, "S": Kind.SITE,
                       "T": Kind.LANDFORM, "U": Kind.UNDERSEA, "V": Kind.FOREST}


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A malformed line of a dump, reported and skipped."""

    line: int
    reason: str


def parse_geonames_line(line: str) -> PlaceRecord:
    """One GeoNames row (19 tab-separated fields) to a PlaceRecord; ValueError says what is wrong."""
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != GEONAMES_COLUMNS:
        raise ValueError(f"expected {GEONAMES_COLUMNS} tab-separated fields, found {len(fields)}")
    geonameid, name, asciiname, alternates, lat, lon, fclass, fcode, cc = fields[:9]
    admin1, population = fields[10], fields[14]
    if not geonameid.isdigit():
        raise ValueError(f"geonameid {geonameid!r} is not a number")
    if not name.strip():
        raise ValueError("empty name")
    try:
        latitude, longitude = float(lat), float(lon)
    except ValueError:
        raise ValueError(f"coordinates {lat!r}, {lon!r} are not numbers") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"coordinates {latitude}, {longitude} out of range")
    if len(cc) not in (0, 2):
        raise ValueError(f"country code {cc!r} is not ISO 3166-1 alpha-2")
    try:
        pop = int(population or 0)
    except ValueError:
        raise ValueError(f"population {population!r} is not a number") from None
    kind = populated_kind(pop) if fclass == "P" else FEATURE_CLASS_KINDS.get(fclass, Kind.SITE)
    alt = [a for a in alternates.split(",") if a]
    if asciiname and asciiname != name:
        alt.append(asciiname)
    return PlaceRecord(
        id=f"gn:{geonameid}", name=name, kind=kind, country_code=cc.upper(), lat=latitude, lon=longitude,
        population=pop, source="geonames-import", admin1_code=admin1, feature_code=fcode, alt_names=alt,
    )


def iter_dump_lines(path: Path) -> Iterator[str]:
    """Lines of a GeoNames dump, from a .txt file or the .txt inside a .zip (readme files skipped)."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
            if not members:
                raise ValueError(f"{path.name}: no .txt dump inside the zip")
            with archive.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8", errors="replace")
    else:
        with open(path, encoding="utf-8", errors="replace") as handle:
            yield from handle


def read_geonames_dump(path: Path) -> tuple[list[PlaceRecord], list[RowProblem]]:
    """All good rows of a dump, and the malformed ones with their 1-based line numbers."""
    records: list[PlaceRecord] = []
    problems: list[RowProblem] = []
    for number, line in enumerate(iter_dump_lines(path), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            records.append(parse_geonames_line(line))
        except ValueError as err:
            problems.append(RowProblem(number, str(err)))
    return records, problems
