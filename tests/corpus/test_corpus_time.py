"""Time in the corpus store: publication dates kept as written, each mention's event time as DuckDB columns,
time windows on event time, dated sentences in date order, and stores of the previous schema set aside."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo.cli.main import main
from geo.corpus import ingest, open_store
from geo.corpus.query import Filters
from geo.corpus.records import SCHEMA_VERSION
from geo.corpus.store import StoreError
from geo.settings import ARTICLES_DIR
from geo.text.articles import bundled_articles

SEED_2 = "aes-recalls-ambassadors.txt"
UNDATED = {"id": "undated", "text": "Troops moved from Gao toward Kidal in northern Mali."}
OLD_NEWS = {"id": "old-news", "date": "2025-04-10",
            "text": "Officials recalled the past.\nIn March 2023, the army withdrew from Ansongo after an attack."}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two seed articles (published "2025-04"), one article with no date at all and one published in
    April 2025 that names a town only about March 2023."""
    folder = tmp_path_factory.mktemp("time")
    extra = folder / "extra.jsonl"
    extra.write_text(json.dumps(UNDATED) + "\n" + json.dumps(OLD_NEWS) + "\n", encoding="utf-8")
    summary = ingest([str(ARTICLES_DIR), str(extra)], folder / "store", workers=0, progress=False,
                     report=lambda _: None)
    assert summary.parsed == len(bundled_articles()) + 2 and summary.failed == 0
    return folder / "store"


def test_publication_date_keeps_its_precision(store: Path) -> None:
    with open_store(store, corrections=False) as corpus:
        rows = corpus.sql("SELECT article_id, published, date FROM articles ORDER BY article_id")
    by_id = {r.article_id: r for r in rows.itertuples()}
    seed = next(r for k, r in by_id.items() if k.endswith(SEED_2))
    assert seed.published == "2025-04" and str(seed.date)[:10] == "2025-04-01"
    assert pd.isna(by_id["undated"].published) and pd.isna(by_id["undated"].date)


def test_mentions_carry_the_event_time_of_their_sentence(store: Path) -> None:
    """The drone sentence's places carry "the night of March 31 to April 1", as the time gold says."""
    with open_store(store, corrections=False) as corpus:
        rows = corpus.sql("""SELECT surface, event_start, event_end, event_source FROM mentions
                             WHERE contains(sentence_text, 'during the night of March 31 to April 1')""")
        undated = corpus.sql("SELECT event_start, event_source FROM mentions WHERE article_id = 'undated'")
    tin = rows[rows["surface"] == "Tin Zaouatine"]
    assert len(tin) >= 1
    for row in tin.itertuples():
        assert row.event_source == "text"
        assert date(2025, 3, 31) <= row.event_start.date() <= row.event_end.date() <= date(2025, 4, 1)
    assert len(undated) and undated["event_start"].isna().all() and undated["event_source"].isna().all()


def test_time_window_selects_by_event_time_not_publication(store: Path) -> None:
    """February to April 2025 keeps Tin Zaouatine and Niamey; Ansongo, named only about March 2023, drops out
    though its article was published in April 2025; undated mentions drop out of any window."""
    window = Filters(start=date(2025, 2, 1), end=date(2025, 4, 30))
    with open_store(store, corrections=False) as corpus:
        every = set(corpus.places()["name"])
        inside = set(corpus.places(window)["name"])
        year_2023 = set(corpus.places(Filters(start=date(2023, 1, 1), end=date(2023, 12, 31)))["name"])
    assert {"Tin Zaouatine", "Niamey", "Ansongo", "Gao"} <= every
    assert {"Tin Zaouatine", "Niamey"} <= inside
    assert "Ansongo" in year_2023 and "Ansongo" not in inside
    assert "Tin Zaouatine" not in year_2023 and "Niamey" not in year_2023
    assert "Gao" not in inside | year_2023  # only in the undated article


def test_cli_month_bounds(store: Path, capsys: pytest.CaptureFixture) -> None:
    """``--from 2025-02 --to 2025-04`` means 1 February to 30 April."""
    status = main(["corpus", "places", "--store", str(store), "--no-corrections", "--from", "2025-02",
                   "--to", "2025-04", "--json"])
    out = capsys.readouterr().out
    names = {row["name"] for row in json.loads(out)}
    assert status == 0 and {"Tin Zaouatine", "Niamey"} <= names and "Ansongo" not in names


def test_cli_rejects_a_date_it_cannot_read(store: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["corpus", "places", "--store", str(store), "--from", "sometime"])
    assert exit_info.value.code == 2 and "not a date: 'sometime'" in capsys.readouterr().err


def test_layers_list_dated_sentences_in_date_order(store: Path) -> None:
    with open_store(store, corrections=False) as corpus:
        layers = corpus.layers(limit=50)
    for links in layers["sentences"]:
        starts = [link["event_start"] for link in links if link["event_start"]]
        assert starts == sorted(starts)
        assert all(link["event_source"] in {"text", "published", None} for link in links)
    algeria = layers[layers["name"] == "Algeria"].iloc[0]
    assert {link["event_source"] for link in algeria["sentences"]} == {"text", "published"}


def test_store_of_the_previous_schema_is_named_and_set_aside(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Fighting near Kidal, Mali.", "date": "2025-03"}) + "\n")
    root = tmp_path / "store"
    ingest([str(src)], root, workers=0, progress=False, report=lambda _: None)
    manifest = json.loads((root / "store.json").read_text())
    (root / "store.json").write_text(json.dumps(manifest | {"schema_version": SCHEMA_VERSION - 1}))
    with pytest.raises(StoreError, match="--set-aside-old"):
        open_store(root)
    status = main(["corpus", "ingest", str(src), "--store", str(root), "--workers", "0", "--no-progress",
                   "--set-aside-old"])
    err = capsys.readouterr().err
    moved = [p for p in tmp_path.iterdir() if p.name.startswith(f"store.schema-{SCHEMA_VERSION - 1}-")]
    assert status == 0 and len(moved) == 1 and "moved to" in err
    assert (moved[0] / "store.json").exists()  # nothing deleted
    with open_store(root, corrections=False) as corpus:
        assert corpus.stats()["articles"] == 1
