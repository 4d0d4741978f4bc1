"""Benchmark page: the store's places drawn the dashboard's way, folium through st_folium (see bench_map_engines).

    NEWS_ATLAS_STORE=DIR streamlit run benchmarks/map_engines/folium_page.py

A click on a place selects it as in app.py (st_folium's clicked point and tooltip, ``places_at``): the page
then draws its ring and writes its name.
"""

from __future__ import annotations

import os

import streamlit as st
from shared import MAP_HEIGHT, SELECTED, Places, load_places
from streamlit_folium import st_folium

from geo.dashboard.map import base_map, place_layers
from geo.dashboard.state import places_at

st.set_page_config(page_title="Map engine: folium")


@st.cache_resource(show_spinner=False)
def places(store: str) -> Places:
    return load_places(store)


def on_click() -> None:
    """As app.py's ``on_map_click`` and its resolution of the click, in one step."""
    value = st.session_state.get("map") or {}
    click = value.get("last_object_clicked")
    if click:
        hits = places_at(shown.rows, click.get("lat"), click.get("lng"), value.get("last_object_clicked_tooltip"))
        st.session_state["place"] = hits[0] if hits else None


shown = places(os.environ["NEWS_ATLAS_STORE"])
selected = st.session_state.get("place")
st_folium(base_map(), key="map", height=MAP_HEIGHT, use_container_width=True,
          returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
          feature_group_to_add=place_layers(shown.rows, selected=selected, payload=shown.payload),
          center=list(shown.center), zoom=shown.zoom, on_change=on_click)
names = dict(zip(shown.rows["place_id"], shown.rows["name"], strict=True))
with st.container(key="selected"):
    st.write(SELECTED + (names[selected] if selected in names else "none"))
