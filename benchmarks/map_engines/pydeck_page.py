"""Benchmark page: the same places drawn with ``st.pydeck_chart`` (see bench_map_engines), no basemap.

    NEWS_ATLAS_STORE=DIR streamlit run benchmarks/map_engines/pydeck_page.py

A click on a place selects it (``on_select="rerun"``, one object): the page writes its name.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st
from shared import AREAS, MAP_HEIGHT, POINTS, SELECTED, Places, deck, load_places

st.set_page_config(page_title="Map engine: pydeck")


@st.cache_resource(show_spinner=False)
def places(store: str) -> Places:
    return load_places(store)


@st.cache_resource(show_spinner=False)
def chart(store: str) -> Any:
    return deck(places(store))


store = os.environ["NEWS_ATLAS_STORE"]
event = st.pydeck_chart(chart(store), on_select="rerun", selection_mode="single-object", key="map",
                        height=MAP_HEIGHT)
objects = event.selection.get("objects", {}) if event else {}
picked = [*objects.get(POINTS, []), *objects.get(AREAS, [])]
name = None
if picked:
    first = picked[0]
    name = first.get("name") or (first.get("properties") or {}).get("name")
with st.container(key="selected"):
    st.write(SELECTED + (str(name) if name else "none"))
