"""Leaflet and the other scripts a map loads, embedded from ``data/assets`` as ``data:`` URIs.

Set on each map or control *instance* (never on the shared class lists), so an HTML map opens with no
network request unless OpenStreetMap tiles were asked for.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from functools import lru_cache

from folium.elements import JSCSSMixin

from geo.settings import ASSETS_DIR

LEAFLET_JS = (("leaflet", "leaflet/dist/leaflet.js"),)
LEAFLET_CSS = (("leaflet_css", "leaflet/dist/leaflet.css"),)
#: folium.plugins.MarkerCluster's script and styles (names as folium gives them).
MARKERCLUSTER_JS = (("markerclusterjs", "leaflet.markercluster/dist/leaflet.markercluster.js"),)
MARKERCLUSTER_CSS = (("markerclustercss", "leaflet.markercluster/dist/MarkerCluster.css"),
                     ("markerclusterdefaultcss", "leaflet.markercluster/dist/MarkerCluster.Default.css"))
#: Runs before Leaflet loads: without 3D transforms SVG layers paint fully under software compositing
#: (headless browsers, GPU-less machines). folium's own disable_3d flag is set too late.
NO_3D_JS = "<script>L_DISABLE_3D = true;</script>"
NO_3D_URI = "data:text/javascript,L_DISABLE_3D%20%3D%20true%3B"
#: Vendored assets kept encoded (there are four: Leaflet's script and style, markercluster's).
ASSET_CACHE_SIZE = 16


def data_uri(data: bytes, mime: str) -> str:
    """``data`` as a base64 ``data:`` URI of type ``mime``."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@lru_cache(maxsize=ASSET_CACHE_SIZE)
def asset_content(relpath: str) -> tuple[bytes, str]:
    """A vendored asset as served: (bytes, MIME type). CSS gets its ``url(images/…)`` inlined, JS loses its
    source-map comment (which would point at a file that is not there)."""
    path = ASSETS_DIR / relpath
    if path.suffix == ".js":
        text = re.sub(r"//# sourceMappingURL=\S+\s*$", "", path.read_text(encoding="utf-8"))
        return text.encode("utf-8"), "text/javascript"
    if path.suffix == ".css":
        def inline(match: re.Match[str]) -> str:
            image = path.parent / match.group(1)
            return f"url({data_uri(image.read_bytes(), 'image/png')})" if image.is_file() else match.group(0)
        text = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, path.read_text(encoding="utf-8"))
        return text.encode("utf-8"), "text/css"
    raise ValueError(f"not a JS or CSS asset: {relpath}")


@lru_cache(maxsize=ASSET_CACHE_SIZE)
def asset_uri(relpath: str) -> str:
    """A vendored asset as a ``data:`` URI (``asset_content``)."""
    return data_uri(*asset_content(relpath))


def embed(element: JSCSSMixin, js: Sequence[tuple[str, str]], css: Sequence[tuple[str, str]]) -> None:
    """Point an element instance (never its class) at embedded copies of its scripts and styles."""
    element.default_js = [(name, asset_uri(rel)) for name, rel in js]
    element.default_css = [(name, asset_uri(rel)) for name, rel in css]
