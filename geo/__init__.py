"""News Atlas: find the places a news article names and put them on a map."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geo.model import Mention

__all__ = ["geoparse"]


def geoparse(text: str) -> list[Mention]:
    """Every place ``text`` names, resolved with the offline gazetteer (see geo.nlp.pipeline)."""
    from geo.nlp.pipeline import geoparse as _geoparse

    return _geoparse(text)
