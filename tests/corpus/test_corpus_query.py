"""Queries over a store: stats, places, articles, exports, the map, the Python API, readers' corrections."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
from corpus_helpers import sample_eval, write_jsonl

from geo.cli.main import main
from geo.corpus import ingest, open_store
from geo.corpus.export import formula_safe
from geo.corpus.query import Filters
from geo.corpus.records import SCHEMA_VERSION
from geo.corrections import NOT_A_PLACE, CorrectionStore
from geo.settings import ARTICLES_DIR
from geo.text.articles import bundled_articles

FORMULA = {"id": "formula", "title": "@SUM(A1)", "date": "2025-04-02", "source": "=cmd|' /C calc'!A0",
           "text": '=HYPERLINK("http://evil.example","click") Protests spread in Bamako, Mali.'}


#: The bundled articles, 40 dev articles and the formula-shaped one.
N_ARTICLES = len(bundled_articles()) + 41

@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two seed articles (dated April 2025), 40 dev articles (dated 2024) and a formula-shaped article."""
    folder = tmp_path_factory.mktemp("query")
    src = write_jsonl(folder / "in.jsonl", [*sample_eval(30, 10, seed=5), FORMULA])
    summary = ingest([str(ARTICLES_DIR), str(src)], folder / "store", workers=0, progress=False,
                     report=lambda _: None)
    assert summary.parsed == N_ARTICLES and summary.failed == 0
    return folder / "store"


def is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def cli(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_stats_json(store: Path, capsys: pytest.CaptureFixture) -> None:
    status, out, _ = cli(capsys, "corpus", "stats", "--store", str(store), "--json", "--no-corrections")
    stats = json.loads(out)
    assert status == 0 and stats["articles"] == N_ARTICLES and stats["mentions"] > 300 and stats["places"] > 100
    assert stats["first_date"].startswith("2024-") and stats["last_date"] == "2025-04-02"
    assert stats["schema_version"] == SCHEMA_VERSION == 2 and stats["runs"] == 1
    status, out, _ = cli(capsys, "corpus", "stats", "--store", str(store), "--no-corrections")
    assert status == 0 and f"{N_ARTICLES} articles" in out


def test_places_with_filters(store: Path, capsys: pytest.CaptureFixture) -> None:
    base = ["corpus", "places", "--store", str(store), "--no-corrections", "--json"]
    _, out, _ = cli(capsys, *base, "--from", "2025-04-01", "--to", "2025-04-30", "--limit", "5")
    april = json.loads(out)
    assert april[0]["place_id"] in {"country:DZ", "country:ML"} and len(april) == 5
    assert all(p["first_date"] >= "2025-04-01" for p in april)
    _, out, _ = cli(capsys, *base, "--kind", "city,town", "--country", "ml")
    towns = json.loads(out)
    assert "Bamako" in {p["name"] for p in towns}
    assert all(p["kind"] in {"city", "town"} and p["country_code"] == "ML" for p in towns)
    _, out, _ = cli(capsys, *base, "--q", "drone")
    drone = {p["place_id"] for p in json.loads(out)}
    assert "country:DZ" in drone and len(drone) < 40
    status, out, _ = cli(capsys, "corpus", "places", "--store", str(store), "--no-corrections", "--limit", "3")
    assert status == 0 and len(out.strip().splitlines()) == 4 and "mentions" in out.splitlines()[0]


def test_articles_for_a_place(store: Path, capsys: pytest.CaptureFixture) -> None:
    status, out, _ = cli(capsys, "corpus", "articles", "--store", str(store), "--no-corrections",
                         "--place", "country:ML", "--json")
    rows = json.loads(out)
    ids = [r["article_id"] for r in rows]
    assert status == 0 and {"aes-recalls-ambassadors.txt", "algeria-closes-airspace.txt", "formula"} <= set(ids)
    assert rows[0]["date"] >= rows[-1]["date"]  # newest first
    status, out, _ = cli(capsys, "corpus", "articles", "--store", str(store), "--no-corrections", "--place",
                         "country:ML")
    assert status == 0 and "aes-recalls-ambassadors.txt" in out


@pytest.mark.parametrize("fmt", ["geojson", "csv", "parquet", "gpkg"])
def test_export_formats(store: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / f"places.{fmt}"
    status, _, err = cli(capsys, "corpus", "export", "--store", str(store), "--no-corrections", "--format", fmt,
                         "-o", str(out), "--country", "DZ,ML")
    assert status == 0 and "wrote" in err
    if fmt == "geojson":
        features = json.loads(out.read_text())["features"]
        names = {f["properties"]["name"] for f in features}
        assert {"Algeria", "Mali"} <= names and features[0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
        assert {"Algeria", "Mali"} <= {r["name"] for r in rows}
        assert rows[0]["geometry_wkt"].startswith(("POLY", "MULTI"))
    else:
        frame = gpd.read_file(out) if fmt == "gpkg" else gpd.read_parquet(out)
        assert {"Algeria", "Mali"} <= set(frame["name"]) and frame.crs.to_epsg() == 4326
    assert not list(tmp_path.glob(".*tmp*"))


def test_one_place_mentions_as_geojson(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "dz.geojson"
    status, _, _ = cli(capsys, "corpus", "export", "--store", str(store), "--no-corrections", "--format", "geojson",
                       "--what", "mentions", "--place", "country:DZ", "-o", str(out))
    features = json.loads(out.read_text())["features"]
    assert status == 0 and len(features) > 20
    assert all(f["properties"]["place_id"] == "country:DZ" and f["geometry"]["type"] == "Point" for f in features)
    props = features[0]["properties"]
    text = props["sentence_text"]
    assert text[props["start"] - props["sentence_start"]:props["end"] - props["sentence_start"]] == props["surface"]


def test_csv_export_is_formula_safe(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "mentions.csv"
    status, _, _ = cli(capsys, "corpus", "export", "--store", str(store), "--no-corrections", "--format", "csv",
                       "--what", "mentions", "--q", "hyperlink", "-o", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert status == 0 and rows and {r["article_id"] for r in rows} == {"formula"}
    for row in rows:
        assert row["sentence_text"].startswith("'=HYPERLINK(") and row["title"] == "'@SUM(A1)"
        risky = [v for v in row.values() if v.startswith(("=", "+", "-", "@")) and not is_number(v)]
        assert risky == [] and float(row["lon"]) < 0  # text is quoted, numbers stay numbers
    assert formula_safe("-2+3") == "'-2+3" and formula_safe("+1") == "'+1" and formula_safe(-2.5) == -2.5
    assert formula_safe("Mali") == "Mali"


def test_map_from_the_store(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "map.html"
    status, _, err = cli(capsys, "corpus", "map", "--store", str(store), "--no-corrections", "--from", "2025-04-01",
                         "--limit", "30", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert status == 0 and "wrote" in err
    assert "na-id-country_ML" in html and "na-id-gn_" in html and "Tin Zaouatine" in html
    assert "unpkg.com" not in html and "cdn.jsdelivr" not in html  # self-contained, like geo map's


def test_python_api(store: Path) -> None:
    with open_store(store, corrections=False) as corpus:
        places = corpus.places(kinds=("country",), limit=3)
        assert isinstance(places, gpd.GeoDataFrame) and places.crs.to_epsg() == 4326 and len(places) == 3
        assert (places["kind"] == "country").all() and places["mentions"].is_monotonic_decreasing
        window = corpus.places(Filters(start=date(2025, 4, 1), end=date(2025, 4, 30)))
        assert set(window["place_id"]) <= set(corpus.places()["place_id"]) and len(window) > 10
        mentions = corpus.mentions(place="country:ML")
        assert mentions.geom_type.eq("Point").all() and (mentions["place_name"] == "Mali").all()
        articles = corpus.articles(place="country:ML")
        assert "first_sentence" in articles and len(articles) >= 3
        assert corpus.sql("SELECT count(*) AS n FROM articles")["n"][0] == N_ARTICLES


def test_corrections_apply_at_query_time(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "corrections.sqlite"
    with open_store(store, corrections=False) as corpus:
        plain = corpus.mentions(article="aes-recalls-ambassadors.txt")
        before = corpus.stats()
    algiers = plain[plain["surface"] == "Algiers"].iloc[0]
    sahel = plain[plain["place_id"] == "region:sahel"]
    corrections = CorrectionStore(db)
    corrections.set(algiers["text_sha256"], int(algiers["start"]), int(algiers["end"]), "country:DZ")
    for _, m in sahel.iterrows():
        corrections.set(m["text_sha256"], int(m["start"]), int(m["end"]), NOT_A_PLACE)
    corrections.set(algiers["text_sha256"], 0, 1, "gn:does-not-exist")  # no such mention, no such place: ignored
    with open_store(store, corrections=db) as corpus:
        fixed = corpus.mentions(article="aes-recalls-ambassadors.txt")
        row = fixed[(fixed["start"] == algiers["start"]) & (fixed["end"] == algiers["end"])].iloc[0]
        assert row["place_id"] == "country:DZ" and row["kind"] == "country" and row["confidence"] == 1.0
        assert bool(row["corrected"])
        assert "region:sahel" not in set(fixed["place_id"]) and len(fixed) == len(plain) - len(sahel)
        stats = corpus.stats()
        assert stats["mentions"] == before["mentions"] - len(sahel) and stats["corrected_mentions"] == 1
    counts = {}
    for flag in (["--corrections", str(db)], ["--no-corrections"]):
        _, out, _ = cli(capsys, "corpus", "places", "--store", str(store), *flag, "--json", "--q", "sahel")
        counts[flag[0]] = {p["place_id"]: p["mentions"] for p in json.loads(out)}
    assert counts["--corrections"].get("region:sahel", 0) == counts["--no-corrections"]["region:sahel"] - len(sahel)
