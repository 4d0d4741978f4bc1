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
#: Files of changing data (the places of a view) kept in the folder: past this many, the least recently used go.
DATA_FILES_KEPT = 64


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
    """Write ``content`` as ``folder/name-HASH.suffix`` unless it is there; its file name."""
    file_name = f"{name}-{hashlib.sha256(content).hexdigest()[:16]}{suffix}"
    _write_once(folder / file_name, content)
    return file_name


def _write_once(target: Path, content: bytes) -> bool:
    """Write ``target`` unless it is there (atomically: a reader never gets half a file); whether it wrote."""
    if target.is_file():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, target)
    return True


def publish_data(folder: Path, name: str, content: bytes, keep: int = DATA_FILES_KEPT) -> str:
    """The address of ``content`` (data that changes with the view, e.g. the map's places) as a file of
    ``folder``: written once, marked as used on every call; when a new one is written, all but the ``keep``
    most recently used ``name-*.json`` files are removed."""
    file_name = f"{name}-{hashlib.sha256(content).hexdigest()[:16]}.json"
    target = folder / file_name
    if _write_once(target, content):
        _forget_oldest(folder, name, keep)
    else:
        try:
            os.utime(target)  # used now: the last to go
        except FileNotFoundError:  # another server forgot it meanwhile
            _write_once(target, content)
    return f"{STATIC_URL}/{file_name}"


def _forget_oldest(folder: Path, name: str, keep: int) -> None:
    """Remove all but the ``keep`` most recently used ``folder/name-*.json``."""
    files = []
    for path in folder.glob(f"{name}-*.json"):
        try:
            files.append((path.stat().st_mtime_ns, path))
        except OSError:  # removed by another server meanwhile
            continue
    for _, path in sorted(files, reverse=True)[keep:]:
        path.unlink(missing_ok=True)
