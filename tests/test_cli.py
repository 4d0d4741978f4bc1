"""The command line, called as users call it (in-process through geo.cli.main.main)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.cli.main import main
from geo.geometry.metric import haversine_km
from geo.settings import ARTICLES_DIR

AES = ARTICLES_DIR / "aes-recalls-ambassadors.txt"


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_lookup_json(capsys) -> None:
    status, out, _ = run(capsys, "lookup", "Tin Zaouatine", "--json")
    best = json.loads(out)[0]
    assert status == 0 and best["country_code"] == "DZ" and best["kind"] == "town"
    assert haversine_km(best["lat"], best["lon"], 19.9533, 2.9667) < 15
    assert set(best) == {"id", "name", "kind", "country_code", "lat", "lon", "population"}


def test_lookup_country_filter_and_unknown_name(capsys) -> None:
    _, out, _ = run(capsys, "lookup", "Niger", "--country", "NG", "--limit", "1", "--json")
    assert json.loads(out)[0]["kind"] == "admin1"
    status, _, err = run(capsys, "lookup", "Qxzqxzqxz")
    assert status == 1 and "no place" in err


def test_gazetteer_stats_json(capsys) -> None:
    _, out, _ = run(capsys, "gazetteer", "stats", "--json")
    stats = json.loads(out)
    assert stats["places"] >= 230_000 and stats["by_kind"]["country"] >= 230


def test_parse_jsonl_reports_malformed_lines(capsys, tmp_path: Path) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"id": "a", "text": "Clashes near Gao in northern Mali."}\nnot json\n{"id": "b"}\n'
                   '{"id": 7, "text": "Protests in Niamey."}\n')
    status, _, err = run(capsys, "parse", "--jsonl", str(src), "--out", str(dst))
    rows = [json.loads(line) for line in dst.read_text().splitlines()]
    assert status == 1 and [r["id"] for r in rows] == ["a", 7]
    assert ":2: skipped" in err and ":3: skipped" in err and "2 documents" in err
    mention = rows[0]["mentions"][0]
    assert set(mention) == {"start", "end", "text", "name", "kind", "country_code", "lat", "lon", "place_id",
                            "confidence", "event_start", "event_end", "event_source"}
    assert rows[0]["mentions"][1]["kind"] == "part"


@pytest.mark.parametrize("fmt", ["text", "json", "geojson", "csv"])
def test_parse_formats(capsys, fmt: str) -> None:
    status, out, _ = run(capsys, "parse", str(AES), "--format", fmt)
    assert status == 0 and "Tin Zaouatine" in out
    if fmt == "json":
        mentions = json.loads(out)[0]["mentions"]
        assert all("alternatives" in m for m in mentions)
    if fmt == "geojson":
        kinds = {f["properties"]["kind"] for f in json.loads(out)["features"]}
        assert {"country", "group", "town", "claim"} <= kinds


def test_parse_unreadable_file_is_reported(capsys, tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\x00\x00")
    status, _, err = run(capsys, "parse", str(binary), str(AES))
    assert status == 1 and "binary" in err


def test_parse_jsonl_isolates_every_bad_record(capsys, tmp_path: Path) -> None:
    """Each line that broke the run before is reported with its number; every later document is written."""
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [
        '\ufeff{"id": "bom", "text": "Clashes near Gao."}',  # a byte-order mark on line 1
        "[" * 100_000,  # RecursionError in json
        '{"id": "\\ud800", "text": "Niamey."}',  # a lone surrogate in the id
        '{"id": NaN, "text": "Niamey."}',  # NaN is not JSON
        '{"id": "word", "text": "Mali ' + "a" * 1_000_000 + '"}',  # a million-letter word
        '{"id": "bom", "text": "Again."}',  # duplicate id
        '{"id": "sur", "text": "Protests in Niamey \\udc80 today."}',  # lone surrogate in the text: replaced
        '{"id": "last", "text": "Protests in Niamey."}',
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, _, err = run(capsys, "parse", "--jsonl", str(src), "--out", str(dst))
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert status == 1
    assert [r["id"] for r in rows] == ["bom", "word", "sur", "last"]
    for number, reason in [(2, "nested too deeply"), (3, "lone surrogate"), (4, "NaN"), (6, "duplicate id")]:
        assert f"in.jsonl:{number}: skipped:" in err and reason in err, (number, err)
    assert "4 documents, 4 lines skipped" in err
    assert rows[1]["mentions"][0]["name"] == "Mali" and rows[2]["mentions"][0]["name"] == "Niamey"


def test_parse_jsonl_reads_standard_input(tmp_path: Path) -> None:
    import subprocess
    import sys

    dst = tmp_path / "out.jsonl"
    done = subprocess.run([sys.executable, "-m", "geo", "parse", "--jsonl", "-", "--out", str(dst)],
                          input=b'{"id": "s", "text": "Protests in Niamey."}\n', capture_output=True,
                          cwd=ARTICLES_DIR.parent.parent, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(dst.read_text())["mentions"][0]["name"] == "Niamey"


def test_parse_and_map_read_standard_input(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = ARTICLES_DIR.parent.parent
    text = b"Protests in Niamey and Bamako on Monday.\n"
    parsed = subprocess.run([sys.executable, "-m", "geo", "parse", "-", "--format", "json"], input=text,
                            capture_output=True, cwd=root, timeout=300)
    assert parsed.returncode == 0, parsed.stderr
    (doc,) = json.loads(parsed.stdout)
    assert [m["name"] for m in doc["mentions"]] == ["Niamey", "Bamako"]
    out = tmp_path / "stdin.html"
    drawn = subprocess.run([sys.executable, "-m", "geo", "map", "-", "-o", str(out)], input=text,
                           capture_output=True, cwd=root, timeout=300)
    assert drawn.returncode == 0, drawn.stderr
    assert "Niamey" in out.read_text(encoding="utf-8")


def test_json_outputs_carry_publication_dates_and_event_times(capsys, tmp_path: Path) -> None:
    status, out, _ = run(capsys, "parse", str(AES), "--format", "json")
    (doc,) = json.loads(out)
    assert status == 0 and doc["published"] == "2025-04"
    night = next(d for d in doc["dates"] if d["text"] == "the night of March 31 to April 1")
    assert (night["start"], night["end"], night["granularity"]) == ("2025-03-31", "2025-04-01", "day")
    tin = next(m for m in doc["mentions"] if m["text"] == "Tin Zaouatine")
    assert (tin["event_start"], tin["event_end"], tin["event_source"]) == ("2025-03-31", "2025-04-01", "text")
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"id": "d", "date": "2025-04-07", "text": "Protests in Niamey yesterday. Talks in Bamako."}\n'
                   '{"id": "u", "text": "Protests in Niamey."}\n')
    run(capsys, "parse", "--jsonl", str(src), "--out", str(dst))
    dated, undated = (json.loads(line) for line in dst.read_text().splitlines())
    assert dated["published"] == "2025-04-07" and dated["dates"][0]["start"] == "2025-04-06"
    niamey, bamako = dated["mentions"]
    assert (niamey["event_start"], niamey["event_source"]) == ("2025-04-06", "text")
    assert (bamako["event_start"], bamako["event_end"], bamako["event_source"]) == (
        "2025-04-07", "2025-04-07", "published")
    assert undated["published"] is None and undated["mentions"][0]["event_source"] is None
