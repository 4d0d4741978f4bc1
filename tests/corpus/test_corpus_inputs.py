"""Ingest inputs: JSONL with malformed records, stdin, zip archives, folders with metadata, saved web pages."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo.cli.main import main
from geo.corpus.inputs import Problem, read_inputs
from geo.settings import ARTICLES_DIR
from geo.text.articles import bundled_articles
from geo.text.webpage import read_web_page

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Algeria closes its airspace to Mali | Sahel Daily</title>
<meta property="og:title" content="Algeria closes its airspace to Mali">
<meta property="og:site_name" content="Sahel Daily">
<link rel="canonical" href="https://sahel-daily.example/2025/04/07/algeria-airspace">
<meta property="article:published_time" content="2025-04-07T09:30:00+00:00">
<script>var cities = "Tokyo Lima";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/asia">News from Tokyo</a></nav>
<article><h1>Algeria closes its airspace to Mali</h1>
<p>Algeria closed its airspace to flights from and to Mali on Monday, a week after a drone was shot down near
Tin Zaouatine, close to the border between the two countries.</p>
<p>The Malian government said the drone had crashed about ten kilometers inside Malian territory, while
Algiers said it had entered Algerian airspace.</p>
<p>Mali, Burkina Faso and Niger, the three members of the Alliance of Sahel States, recalled their
ambassadors from Algiers.</p>
</article>
<footer>Copyright Sahel Daily. Offices in Dakar.</footer>
</body></html>
"""


def ingest(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, dict, str]:
    status = main(["corpus", "ingest", *argv, "--workers", "0", "--json", "--no-progress"])
    out, err = capsys.readouterr()
    return status, json.loads(out) if out.strip() else {}, err


def test_malformed_records_are_reported_with_file_and_line_and_skipped(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture) -> None:
    lines = [
        '{"id": "ok-1", "text": "Protests in Bamako, the capital of Mali.", "date": "2025-04-07"}',  # BOM added below
        "not json at all",
        '{"text": "Gao"}',
        '{"id": "no-text"}',
        '{"id": "num-text", "text": 42}',
        '{"id": NaN, "text": "Niamey"}',
        '{"id": "ok-1", "text": "A duplicate id."}',
        '{"id": "blank", "text": "   "}',
        '["an", "array"]',
        '{"id": 7, "text": "Flooding in Niamey, Niger.", "date": "sometime in April"}',
        '{"id": "bad-title", "text": "Kidal", "title": 3}',
        "",
    ]
    data = b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n\xff\xfe broken bytes\n"
    src = tmp_path / "in.jsonl"
    src.write_bytes(data)
    status, summary, err = ingest(capsys, str(src), "--store", str(tmp_path / "store"))
    assert status == 0
    expected = {2: "bad JSON", 3: 'missing "id"', 4: 'missing "text"', 5: '"text" must be a string',
                6: '"id" is NaN', 7: "duplicate id 'ok-1' (first at", 8: "empty text", 9: "expected a JSON object",
                11: '"title" must be a string', 13: "not UTF-8"}
    for line, reason in expected.items():
        assert f"{src}:{line}: skipped: {reason}" in err, (line, err)
    assert f"{src}:10: warning: date 'sometime in April' not understood" in err
    assert f"{src}:1:" not in err  # the BOM is not a problem
    assert summary["read"] == 12 and summary["parsed"] == 2 and summary["failed"] == 10
    assert summary["malformed"] == 10 and summary["skipped"] == 0 and summary["warnings"] == 1
    articles = pd.read_parquet(tmp_path / "store" / "articles").set_index("article_id")
    assert sorted(articles.index) == ["7", "ok-1"]
    assert articles.loc["ok-1", "date"] == date(2025, 4, 7) and pd.isna(articles.loc["7", "date"])
    assert "read 12: parsed 2" in err and "failed 10" in err


def test_stdin_dash_reads_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'{"id": "s1", "text": "Clashes near Gao in northern Mali.", "url": "https://example.org/s1"}\n{bad\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    status, summary, err = ingest(capsys, "-", "--store", str(tmp_path / "store"))
    assert status == 0 and summary["parsed"] == 1 and summary["failed"] == 1
    assert "<stdin>:2: skipped: bad JSON" in err
    row = pd.read_parquet(tmp_path / "store" / "articles").iloc[0]
    assert row["article_id"] == "s1" and row["url"] == "https://example.org/s1" and row["origin"] == "<stdin>:1"


def test_zip_of_articles(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    archive = tmp_path / "articles.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(ARTICLES_DIR / "aes-recalls-ambassadors.txt", "news/aes.txt")
        zf.writestr("news/brief.md", "# Brief\n\nFighting was reported near **Timbuktu** in Mali.\n")
        zf.writestr("news/page.html", PAGE)
        zf.writestr("more.jsonl", '{"id": "z1", "text": "Floods hit Niamey."}\nnope\n')
        zf.writestr("news/binary.txt", b"\x00\x01\x02 not text")
        zf.writestr("__MACOSX/news/._aes.txt", b"\x00junk")
        zf.writestr("news/notes.csv", "a,b\n")
    status, summary, err = ingest(capsys, str(archive), "--store", str(tmp_path / "store"))
    assert status == 0 and summary["parsed"] == 4 and summary["failed"] == 2
    assert f"{archive}!more.jsonl:2: skipped: bad JSON" in err
    assert f"{archive}!news/binary.txt: skipped: looks like a binary file" in err
    articles = pd.read_parquet(tmp_path / "store" / "articles").set_index("article_id")
    assert sorted(articles.index) == ["news/aes.txt", "news/brief.md", "news/page.html", "z1"]
    assert articles.loc["news/page.html", "title"] == "Algeria closes its airspace to Mali"
    assert articles.loc["news/brief.md", "title"] == "Brief"


def test_saved_web_page_gives_main_text_and_metadata() -> None:
    page = read_web_page(PAGE.encode(), filename="page.html")
    assert page.title == "Algeria closes its airspace to Mali"
    assert page.url == "https://sahel-daily.example/2025/04/07/algeria-airspace"
    assert page.site == "Sahel Daily" and page.date == date(2025, 4, 7)
    assert "Tin Zaouatine" in page.text and "Alliance of Sahel States" in page.text
    for junk in ("Tokyo", "Lima", "Dakar", "Copyright"):  # navigation, script and footer are not the article
        assert junk not in page.text


def test_html_folder_and_sidecar_metadata(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "airspace.html").write_text(PAGE, encoding="utf-8")
    (folder / ".hidden.txt").write_text("Paris", encoding="utf-8")
    status, summary, _ = ingest(capsys, str(folder), str(ARTICLES_DIR), "--store", str(tmp_path / "store"))
    assert status == 0 and summary["parsed"] == len(bundled_articles()) + 1 and summary["failed"] == 0
    articles = pd.read_parquet(tmp_path / "store" / "articles").set_index("article_id")
    page = articles.loc["airspace.html"]
    assert page["url"].startswith("https://sahel-daily.example/") and page["source"] == "Sahel Daily"
    assert page["date"] == date(2025, 4, 7)
    seed = articles.loc["aes-recalls-ambassadors.txt"]  # data/articles/articles.json gives title, source, month
    assert seed["title"].startswith("AES recalls ambassadors") and seed["date"] == date(2025, 4, 1)
    mentions = pd.read_parquet(tmp_path / "store" / "mentions")
    page_places = set(mentions.loc[mentions["article_id"] == "airspace.html", "place_name"])
    assert {"Algeria", "Mali", "Tin Zaouatine"} <= page_places and "Tokyo" not in page_places


def test_missing_inputs_and_globs(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    status, summary, err = ingest(capsys, str(tmp_path / "nope.jsonl"), str(ARTICLES_DIR / "aes-*.txt"),
                                  "--store", str(tmp_path / "store"))
    assert status == 1 and summary["parsed"] == 1 and summary["missing_inputs"] == 1
    assert "nope.jsonl: error: no such file or directory" in err
    items = list(read_inputs([str(tmp_path / "*.none")]))
    assert items == [Problem(str(tmp_path / "*.none"), "no file matches this pattern", "input")]
