"""The map's unchanging files, served from static/ or inline (geo.dashboard.static)."""

from __future__ import annotations

import base64
from pathlib import Path

from geo.dashboard.static import STATIC_URL, map_assets, publish, publish_data


def test_files_are_named_by_their_content_and_written_once(tmp_path: Path) -> None:
    first = publish(tmp_path, "borders", b'{"a":1}', ".json")
    assert first.startswith("borders-") and first.endswith(".json")
    (tmp_path / first).write_bytes(b"kept")  # an existing file is not written again
    assert publish(tmp_path, "borders", b'{"a":1}', ".json") == first
    assert (tmp_path / first).read_bytes() == b"kept"
    assert publish(tmp_path, "borders", b'{"a":2}', ".json") != first  # a change gets a new address
    assert not list(tmp_path.glob(".*.tmp"))  # no half-written file left


def test_served_or_inline_the_same_files(tmp_path: Path) -> None:
    served, inline = map_assets(b'{"type":"FeatureCollection"}', tmp_path), map_assets(b'{"type":"FeatureCollection"}')
    assert [name for name, _ in served.js] == [name for name, _ in inline.js][:len(served.js)]
    for (_name, url), (_same, data) in zip(served.js[1:] + served.css, inline.js[1:] + inline.css, strict=True):
        assert url.startswith(STATIC_URL + "/") and data.startswith("data:")
        assert (tmp_path / url.removeprefix(STATIC_URL + "/")).read_bytes() == base64.b64decode(data.split(",", 1)[1])
    assert (tmp_path / served.borders.removeprefix(STATIC_URL + "/")).read_bytes() == b'{"type":"FeatureCollection"}'
    assert inline.borders.startswith("data:application/json;base64,")


def test_changing_data_keeps_the_most_recently_used_files(tmp_path: Path) -> None:
    """The places of each view are a file the map fetches; past ``keep`` files the least recently used go,
    and using a file again (a reader back on that view) keeps it."""
    import os
    import time

    first = publish_data(tmp_path, "places", b"[1]", keep=2)
    assert first.startswith(STATIC_URL + "/places-") and first.endswith(".json")
    second = publish_data(tmp_path, "places", b"[2]", keep=2)
    old = time.time() - 60
    for path in tmp_path.glob("places-*.json"):
        os.utime(path, (old, old))
    assert publish_data(tmp_path, "places", b"[1]", keep=2) == first  # used again: now the newest
    third = publish_data(tmp_path, "places", b"[3]", keep=2)
    on_disk = {STATIC_URL + "/" + p.name for p in tmp_path.glob("places-*.json")}
    assert on_disk == {first, third}, (second, on_disk)
    (tmp_path / first.removeprefix(STATIC_URL + "/")).unlink()  # forgotten by another server: written again
    assert publish_data(tmp_path, "places", b"[1]", keep=2) == first
    assert (tmp_path / first.removeprefix(STATIC_URL + "/")).read_bytes() == b"[1]"
    assert publish(tmp_path, "borders", b"{}", ".json") in {p.name for p in tmp_path.iterdir()}
    publish_data(tmp_path, "places", b"[4]", keep=1)
    assert len(list(tmp_path.glob("borders-*.json"))) == 1, "only files of that name are forgotten"
