"""The map's unchanging files, served from static/ or inline (geo.dashboard.static)."""

from __future__ import annotations

import base64
from pathlib import Path

from geo.dashboard.static import STATIC_URL, map_assets, publish


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
