"""The layers table: one row per place (or claim) with its sentences, and its exports."""

from geo.layers.export import layers_to_csv, layers_to_geojson, mentions_to_csv, write_layers
from geo.layers.table import COLUMNS, build_layers, country_mention_counts, sentence_links

__all__ = ["COLUMNS", "build_layers", "country_mention_counts", "layers_to_csv", "layers_to_geojson",
           "mentions_to_csv", "sentence_links", "write_layers"]
