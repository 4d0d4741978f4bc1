"""The dashboard's filters over the layers table: kind groups, countries, articles and confidence.

Pure functions; the time window is ``geo.dashboard.timeline``. A place stays when it passes every filter;
with an article filter it keeps only its sentences (and mentions) in those articles.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import geopandas as gpd

from geo.model import is_confident
from geo.render.style import group_rank
from geo.vocabulary import Kind, kind_group


@dataclass(frozen=True, slots=True)
class PlaceFilters:
    """Empty collections mean "any"."""

    groups: Collection[str] = ()
    countries: Collection[str] = ()
    articles: Collection[str] = ()
    min_confidence: float = 0.0
    confident_only: bool = False  # only places the parser is sure of (geo.model.is_confident)

    @property
    def active(self) -> bool:
        return bool(self.groups or self.countries or self.articles or self.min_confidence > 0 or self.confident_only)


def group_options(layers: gpd.GeoDataFrame) -> list[str]:
    """The kind groups present (countries, regions, cities…), in the map's order."""
    return sorted({kind_group(k) for k in layers["kind"]}, key=group_rank)


def country_options(layers: gpd.GeoDataFrame) -> list[str]:
    """The ISO codes present, alphabetical."""
    return sorted({str(c) for c in layers["country_code"] if c})


def filter_layers(layers: gpd.GeoDataFrame, filters: PlaceFilters) -> gpd.GeoDataFrame:
    """The rows passing ``filters``; an article filter also narrows each row's sentences and mention count."""
    if not filters.active:
        return layers
    groups, countries, articles = set(filters.groups), set(filters.countries), set(filters.articles)
    keep, links_kept, counts = [], [], []
    for i, row in enumerate(layers.itertuples(index=False)):
        if groups and kind_group(row.kind) not in groups:
            continue
        if countries and row.country_code not in countries:
            continue
        if float(row.confidence) < filters.min_confidence:
            continue
        if filters.confident_only and row.kind != Kind.CLAIM and not is_confident(float(row.confidence)):
            continue
        links = row.sentences
        if articles:
            links = [link for link in links if link.get("doc_id") in articles]
            if not links:
                continue
        keep.append(i)
        links_kept.append(links)
        counts.append(int(row.mentions) if len(links) == len(row.sentences)
                      else sum(max(1, len(link.get("spans") or ())) for link in links))
    out = layers.iloc[keep].copy()
    out["sentences"] = links_kept
    out["mentions"] = counts
    return out.reset_index(drop=True)
