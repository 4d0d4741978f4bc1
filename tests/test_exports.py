"""Exports of the layers: GeoJSON, GeoPackage, KML, GeoParquet and the per-mention spreadsheet CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import geopandas as gpd
import pytest

from geo.cli.main import main
from geo.cli.parse import load_and_parse
from geo.layers.export import CELL_MAX_CHARS, mention_rows, mentions_to_csv, write_layers
from geo.layers.table import build_layers
from geo.nlp.pipeline import parse_document
from geo.settings import ARTICLES_DIR
from geo.text.document import make_document

SEEDS = sorted(ARTICLES_DIR.glob("*.txt"))


@pytest.fixture(scope="module")
def seed_layers() -> gpd.GeoDataFrame:
    parsed, _ = load_and_parse(SEEDS)
    return build_layers(parsed)


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_one_csv_row_per_mention(seed_layers):
    rows = read_csv(mentions_to_csv(seed_layers))
    spans = sum(len(s["spans"]) for links in seed_layers["sentences"] for s in links)
    assert len(rows) == spans == len(mention_rows(seed_layers))
    tin = [r for r in rows if r["name"] == "Tin Zaouatine"]
    assert tin and all(r["mention"] == "Tin Zaouatine" for r in tin)
    assert tin[0]["sentence"][int(tin[0]["start"]):int(tin[0]["end"])] == "Tin Zaouatine"
    assert tin[0]["event_start"] == "2025-03-31" and tin[0]["doc_id"] == "aes-recalls-ambassadors.txt"
    algeria = sum(1 for r in rows if r["name"] == "Algeria")
    assert algeria == int(seed_layers.loc[seed_layers["name"] == "Algeria", "mentions"].iloc[0])


def test_csv_cells_are_spreadsheet_safe():
    long_tail = "x" * 40_000
    text = (f"=HYPERLINK(\"http://evil\") said people in Niamey. +1 -2 @SUM(A1) in Bamako {long_tail}.")
    doc = make_document(text, title="=cmd|' /C calc'!A0", doc_id="@evil")
    layers = build_layers([(doc, parse_document(doc))])
    out = mentions_to_csv(layers)
    rows = read_csv(out)
    assert {r["name"] for r in rows} >= {"Niamey", "Bamako"}
    def number(value: str) -> bool:
        try:
            float(value)
        except ValueError:
            return False
        return True

    for row in rows:
        for value in row.values():
            assert len(value) <= CELL_MAX_CHARS
            assert number(value) or not value.startswith(("=", "+", "-", "@")), value[:40]
    assert rows[0]["title"] == "'=cmd|' /C calc'!A0" and rows[0]["doc_id"] == "'@evil"
    assert any(r["sentence"].endswith("…") for r in rows), "a sentence over the cell limit is cut"
    negative = [r for r in rows if r["lon"].startswith("'-")]
    assert negative == []  # numbers stay numbers (Bamako's longitude is negative)
    assert any(float(r["lon"]) < 0 for r in rows)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".kml", ".parquet"])
def test_gis_files_hold_every_place(seed_layers, tmp_path: Path, suffix: str):
    path = write_layers(seed_layers, tmp_path / f"places{suffix}")
    back = gpd.read_parquet(path) if suffix == ".parquet" else gpd.read_file(path)
    assert len(back) == len(seed_layers)
    names = set(back["Name" if suffix == ".kml" else "name"])
    assert {"Tin Zaouatine", "Niamey", "Mali", "Algeria"} <= names
    assert set(back.geometry.geom_type) == set(seed_layers.geometry.geom_type)
    if suffix != ".kml":
        row = back[back["name"] == "Tin Zaouatine"].iloc[0]
        assert str(row["event_start"])[:10] == "2025-03-31"
        assert "Tin Zaouatine" in (json.loads(row["sentences"])[0]["text"] if suffix != ".geojson"
                                   else row["sentences"][0]["text"])
    # written again over the old file, not appended to it
    write_layers(seed_layers, path)
    again = gpd.read_parquet(path) if suffix == ".parquet" else gpd.read_file(path)
    assert len(again) == len(seed_layers)


def test_unknown_export_type_is_refused(seed_layers, tmp_path: Path):
    with pytest.raises(ValueError, match="unknown export type"):
        write_layers(seed_layers, tmp_path / "places.xlsx")


def test_map_and_parse_write_exports(tmp_path: Path, capsys):
    out = tmp_path / "map.html"
    exports = [tmp_path / f"p{s}" for s in (".gpkg", ".kml", ".parquet", ".csv", ".geojson")]
    args = ["map", *map(str, SEEDS), "-o", str(out)]
    for path in exports:
        args += ["--export", str(path)]
    assert main(args) == 0
    assert out.is_file() and all(p.stat().st_size > 1000 for p in exports)
    assert main(["parse", str(SEEDS[0]), "--format", "mentions"]) == 0
    rows = read_csv(capsys.readouterr().out)
    assert rows and {"mention", "sentence", "event_start"} <= set(rows[0])
    assert main(["parse", str(SEEDS[0]), "--export", str(tmp_path / "p.xlsx")]) == 2
    assert "unknown type" in capsys.readouterr().err
    assert not (tmp_path / "p.xlsx").exists()
