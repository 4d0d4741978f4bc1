"""Drawing the layers table: one style for every map, the static folium map, popups and assets."""

from geo.render.escape import escape_text
from geo.render.webmap import build_map, render_html

__all__ = ["build_map", "escape_text", "render_html"]
