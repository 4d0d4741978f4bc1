"""Drawing the layers table: one style for every map, the static folium map, popups and assets.

The names below load on first use, so that ``geo.render.simplify`` (the corpus workers' shapes) does not
import folium.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_map", "escape_text", "render_html"]


def __getattr__(name: str) -> Any:
    if name == "escape_text":
        from geo.render.escape import escape_text

        return escape_text
    if name in {"build_map", "render_html"}:
        from geo.render import webmap

        return getattr(webmap, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
