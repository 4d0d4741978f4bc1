"""The dashboard map's unchanging files (Leaflet, markercluster, the simplified borders), served once and kept
by the reader's browser instead of being sent inside every map message.

Streamlit serves the project's ``static/`` folder at ``/app/static/`` (``server.enableStaticServing`` in
``.streamlit/config.toml``). Each file is written there under a name holding its content's hash, so a
changed file gets a new address and a browser never keeps a stale copy. Without the folder (a map built
outside the dashboard), the same files go inline as ``data:`` URIs: one code path, two ways to deliver.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from geo.render.assets import (
    LEAFLET_CSS,
    LEAFLET_JS,
    MARKERCLUSTER_CSS,
    MARKERCLUSTER_JS,
    NO_3D_URI,
    asset_content,
    data_uri,
)

#: Where Streamlit serves the app's ``static/`` folder.
STATIC_URL = "/app/static"


@dataclass(frozen=True, slots=True)
class MapAssets:
    """Addresses of the map's scripts and styles (``(name, url)``, in load order) and of its borders."""

    js: tuple[tuple[str, str], ...]
    css: tuple[tuple[str, str], ...]
    borders: str


def map_assets(borders_json: bytes, folder: Path | None = None) -> MapAssets:
    """The map's assets, written into ``folder`` and addressed under STATIC_URL, or inline (``data:`` URIs)
    when ``folder`` is None."""
    def address(name: str, content: bytes, mime: str, suffix: str) -> str:
        if folder is None:
            return data_uri(content, mime)
        return f"{STATIC_URL}/{publish(folder, name, content, suffix)}"

    def addresses(assets: Sequence[tuple[str, str]], suffix: str) -> tuple[tuple[str, str], ...]:
        return tuple((name, address(name, *asset_content(rel), suffix)) for name, rel in assets)

    return MapAssets(js=(("no3d", NO_3D_URI), *addresses((*LEAFLET_JS, *MARKERCLUSTER_JS), ".js")),
                     css=addresses((*LEAFLET_CSS, *MARKERCLUSTER_CSS), ".css"),
                     borders=address("borders", borders_json, "application/json", ".json"))


def publish(folder: Path, name: str, content: bytes, suffix: str) -> str:
    """Write ``content`` as ``folder/name-HASH.suffix`` unless it is there (atomically: a reader never gets
    half a file); its file name."""
    file_name = f"{name}-{hashlib.sha256(content).hexdigest()[:16]}{suffix}"
    target = folder / file_name
    if not target.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{file_name}.{os.getpid()}.tmp")
        tmp.write_bytes(content)
        os.replace(tmp, target)
    return file_name
