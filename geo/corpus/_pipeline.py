"""The one door from the corpus package into the rest of News Atlas.

Everything ``geo.corpus`` needs from the geoparser, the documents, the layers, the static map and the
corrections comes through here, so a move of those modules changes imports in this file only.
Light names are imported at once; the map and the shapes (folium, boundary data) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geo.corrections import NOT_A_PLACE, CorrectionStore, article_key, default_db_path
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.model import Document, Mention, Place, Sentence
from geo.settings import ARTICLES_DIR, MAX_TEXT_CHARS, PROJECT_ROOT, cache_dir
from geo.text.document import make_document
from geo.text.reading import ArticleError, decode_article, html_to_text, read_article
from geo.vocabulary import AREA_KINDS

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "AREA_KINDS", "ARTICLES_DIR", "MAX_TEXT_CHARS", "NOT_A_PLACE", "PROJECT_ROOT", "ArticleError", "CorrectionStore",
    "Document", "Gazetteer", "Mention", "Place", "Sentence", "article_key", "cache_dir", "decode_article",
    "default_db_path", "html_to_text", "layer_columns", "load_gazetteer", "make_document", "parse_document",
    "read_article", "render_html", "shape_for", "simplify_for_web", "warm_up",
]


def parse_document(doc: Document, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Every resolved place mention of ``doc`` (geo.nlp.pipeline.parse_document)."""
    from geo.nlp.pipeline import parse_document as _parse_document

    return _parse_document(doc, gazetteer)


def warm_up() -> Gazetteer:
    """Load the gazetteer, word list and borders once in this process (geo.nlp.pipeline.warm_up)."""
    from geo.nlp.pipeline import warm_up as _warm_up

    return _warm_up()


def shape_for(place: Place) -> BaseGeometry:
    """The geometry drawn for a place (geo.geometry.shapes.shape_for): its shape, or its point."""
    from geo.geometry.shapes import shape_for as _shape_for

    return _shape_for(place)


def simplify_for_web(geom: BaseGeometry) -> BaseGeometry:
    """A shape simplified as the static map simplifies it (geo.render.simplify.simplify_for_web)."""
    from geo.render.simplify import simplify_for_web as _simplify

    return _simplify(geom)


def layer_columns() -> tuple[str, ...]:
    """Columns of the layers table the map draws (geo.model.LAYER_COLUMNS), geometry excluded."""
    from geo.model import LAYER_COLUMNS as COLUMNS

    return COLUMNS


def render_html(layers: gpd.GeoDataFrame, **options: Any) -> str:
    """The self-contained static map of a layers table (geo.render.webmap.render_html)."""
    from geo.render.webmap import render_html as _render_html

    return _render_html(layers, **options)
