"""News Atlas dashboard: the articles of a corpus store on a map, linked to their text. UI only; logic in geo/.

Run with ``make run`` (or ``streamlit run app.py``). The articles come from the corpus store
(``$NEWS_ATLAS_STORE``, default ``.cache/store``: ``make run`` puts the bundled articles there; any other store
can be opened from the sidebar). Every count and filter runs in the store's query engine (DuckDB,
``geo.dashboard.corpus``). Corrections go to ``$NEWS_ATLAS_DB`` (default ``.cache/corrections.sqlite``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components
from streamlit_folium import st_folium

from geo.claims import may_hold_claims
from geo.corpus.query import read_corrections
from geo.corpus.store import StoreError
from geo.corrections import NOT_A_PLACE, CorrectionStore, default_db_path
from geo.dashboard import corpus as db
from geo.dashboard.corpus import MAP_PLACES_MAX, SENTENCES_PAGE, StoreReader, View
from geo.dashboard.highlight import (
    CSS,
    claim_marks,
    highlight_article,
    legend,
    scroll_to_selection_script,
    sentence_list,
    shading_legend,
)
from geo.dashboard.map import (
    MAP_HEIGHT,
    base_map,
    borders_json,
    focus_view,
    overview,
    place_layers,
    places_payload,
)
from geo.dashboard.parsing import (
    layers_for_dashboard,
    parse_for_dashboard,
    save_for_dashboard,
    warm_up_in_background,
)
from geo.dashboard.saved import SAVED_SOURCES, SaveError, delete_article
from geo.dashboard.state import (
    Article,
    CorrectionRow,
    PlaceIndex,
    article_from_paste,
    article_from_upload,
    candidate_label,
    candidate_places,
    correction_rows,
    index_places,
    mention_label,
    places_at,
    places_frame,
)
from geo.dashboard.static import MapAssets, map_assets, publish_data
from geo.dashboard.text import literal
from geo.dashboard.timeline import (
    TIMELINE_CSS,
    Unit,
    Window,
    bucket_end,
    bucket_start,
    bucket_unit,
    buckets,
    chart_caption,
    counts,
    describe,
    option_labels,
    time_span,
    timeline_chart,
    window_step,
)
from geo.dashboard.url import UrlView, view_from_query, view_query
from geo.layers import country_mention_counts, layers_to_csv, layers_to_geojson
from geo.render.style import country_label, format_coords
from geo.render.webmap import render_html
from geo.settings import CONFIDENT_MIN, MAX_MENTIONS_PER_ARTICLE, MAX_UPLOAD_BYTES, STATIC_DIR, corpus_store_path
from geo.text.language import is_parsed, language_name, unparsed_notice
from geo.text.reading import ArticleError
from geo.vocabulary import Kind

st.set_page_config(page_title="News Atlas", page_icon="🗺️", layout="wide")

PAGE_CSS = "<style>.block-container { padding-top: 2.2rem; }</style>"
#: Query results kept for all sessions (keyed by the store's version, so a change is never served stale).
QUERY_CACHE_ENTRIES, CLAIMS_CACHE_ENTRIES = 64, 32


# --- cached resources (shared by all sessions) ----------------------------------------------------


@st.cache_resource(show_spinner=False)
def gazetteer():
    from geo.gazetteer import load_gazetteer

    return load_gazetteer()


@st.cache_resource(show_spinner=False)
def parser_warming() -> Any:
    """Loads what parsing an article needs, in the background once per server (the first selection that
    opens an article with claims, or the first paste, would otherwise wait ~0.3 s for it)."""
    return warm_up_in_background()


@st.cache_resource(show_spinner=False)
def corrections_store(path: str) -> CorrectionStore | str:
    """The corrections store, or why it cannot be opened (the map works without it)."""
    try:
        return CorrectionStore(path)
    except (sqlite3.Error, OSError) as err:
        return f"{path}: {err}"


@st.cache_resource(show_spinner="Opening the corpus store…")
def open_reader(path: str, corrections: str) -> StoreReader | str:
    """The store at ``path`` for queries, or why it cannot be opened. The default store gets the bundled
    articles when it has none (``make run`` puts them there first)."""
    root = Path(path)
    try:
        if root.resolve() == corpus_store_path().resolve() and not _has_articles(root):
            from geo.corpus import ingest
            from geo.settings import ARTICLES_DIR

            ingest([str(ARTICLES_DIR)], root, workers=0, progress=False, report=lambda _line: None)
        if not (root / "store.json").exists():
            return f"{path}: no corpus store here (build one with `python -m geo corpus ingest INPUT --store DIR`)"
        reader = StoreReader.open(root, Path(corrections) if corrections else None)
        db.totals(reader)  # reads every table once: a damaged store is reported here
        return reader
    except (StoreError, OSError) as err:
        return str(err)


def _has_articles(root: Path) -> bool:
    if not (root / "store.json").exists():
        return False
    try:
        return any((root / "articles").glob("*.parquet"))
    except OSError:
        return False


@st.cache_resource(show_spinner=False, max_entries=QUERY_CACHE_ENTRIES)
def places_for(_reader: StoreReader, root: str, version: str, view: View) -> Any:
    """The map's places under ``view`` (shared, never changed by the page)."""
    return db.place_rows(_reader, view)


@st.cache_resource(show_spinner=False, max_entries=QUERY_CACHE_ENTRIES)
def place_index(_reader: StoreReader, _layers: Any, root: str, version: str, view: View) -> PlaceIndex:
    """The view's places by id with their Place-box labels (the words the articles wrote for them) and the
    corrected ones: kept per view, as hashing thousands of ids for each query cost a rerun ~30 ms."""
    ids = list(_layers["place_id"])
    return index_places(_layers, db.written_forms(_reader, ids[:MAP_PLACES_MAX]), db.corrected_places(_reader, ids))


@st.cache_resource(show_spinner=False, max_entries=QUERY_CACHE_ENTRIES)
def payload_for(_layers: Any, root: str, version: str, view: View) -> str:
    return places_payload(_layers)


@st.cache_resource(show_spinner=False, max_entries=QUERY_CACHE_ENTRIES)
def query(_reader: StoreReader, name: str, root: str, version: str, *args: Any) -> Any:
    """``geo.dashboard.corpus.<name>(reader, *args)``, kept until the store changes."""
    return getattr(db, name)(_reader, *args)


@st.cache_resource(show_spinner=False)
def map_files() -> MapAssets:
    """The map's Leaflet, markercluster and borders as files the browser keeps (``static/``, served at
    /app/static); inline in each map message if the folder cannot be written."""
    try:
        return map_assets(borders_json(), STATIC_DIR)
    except OSError:
        return map_assets(borders_json())


@st.cache_resource(show_spinner=False, max_entries=QUERY_CACHE_ENTRIES)
def timeline_html(_reader: StoreReader, root: str, version: str, view: View, window: Window | None, unit: Unit) -> str:
    """The timeline's bars for the dated mentions under ``view`` (kept: a selection does not redraw them)."""
    dated = query(_reader, "dated_mentions", root, version, view)
    span = time_span(dated)
    return f"<style>{TIMELINE_CSS}</style>" + timeline_chart(counts(dated, unit, span), window, unit)


def places_file(payload: str) -> str | None:
    """The address the map fetches the places from (a file of ``static/`` the browser keeps: the map message
    stays small and a selection does not resend them), or None to send them inline."""
    try:
        return publish_data(STATIC_DIR, "places", payload.encode("utf-8"))
    except OSError:
        return None


@st.cache_resource(show_spinner=False, max_entries=CLAIMS_CACHE_ENTRIES)
def claims_of(article_id: str, sha: str, _text: str, title: str, published: str) -> Any:
    """The spatial claims of one article ("2 km inside Algeria") as layers rows, and their words as marks
    for the text: parsed from its text when it is shown (the store keeps mentions, not claims). None when it
    has none (an article that gives no distance is not parsed: a selection opening it stays quick)."""
    if not may_hold_claims(_text):
        return None
    try:
        doc, mentions = parse_for_dashboard(_text, title, article_id, published)
    except ArticleError:
        return None
    claims = layers_for_dashboard([(doc, mentions)], places=False)  # its claims only: the store has the places
    marks = claim_marks(doc, claims.itertuples(index=False)) if doc.text == _text else ()
    return claims, marks


# --- session state --------------------------------------------------------------------------------

state = st.session_state
state.setdefault("store_path", str(corpus_store_path()))
state.setdefault("place", None)
state.setdefault("last_place", None)
state.setdefault("sentence_page", 0)
if "url_view" not in state:  # a shared link (?place=ID&from=2025-02&country=ML…), read once per session
    state["url_view"] = view_from_query({name: st.query_params.get_all(name) for name in st.query_params})
    if state["url_view"].place:
        state["place"] = state["url_view"].place

corrections_db = str(default_db_path())
store = corrections_store(corrections_db)
# an unreadable corrections database is left out (the warning below says so); the store opens without it
reader_or_error = open_reader(state["store_path"], "" if isinstance(store, str) else corrections_db)
reader: StoreReader | None = reader_or_error if isinstance(reader_or_error, StoreReader) else None
STORE_DIR = Path(state["store_path"])


def version() -> str:
    return reader.version if reader else ""


def ask(name: str, *args: Any) -> Any:
    """A cached store query (see ``query``)."""
    assert reader is not None
    return query(reader, name, str(reader.root), version(), *args)


def keep(article: Article) -> str | None:
    """Save the reader's article in the store; why not, when it could not be saved. An article cut at the
    mention limit is reported in the sidebar."""
    try:
        save_for_dashboard(STORE_DIR, article)
    except (SaveError, StoreError, OSError) as err:
        return str(err)
    if reader is not None:
        stored = db.article(reader, article.doc_id)
        if stored is not None and stored.n_mentions >= MAX_MENTIONS_PER_ARTICLE:
            state.setdefault("notices", []).append(capped_notice(stored.title))
    return None


def capped_notice(title: str) -> str:
    return (f"{title}: only its first {MAX_MENTIONS_PER_ARTICLE:,} place mentions are mapped (the limit per "
            "article).")


def forget(doc_id: str) -> None:
    """Delete a saved article from the store."""
    try:
        delete_article(STORE_DIR, doc_id)
    except (SaveError, StoreError, OSError) as err:
        state["store_error"] = str(err)


def open_other_store() -> None:
    wanted = (state.get("store_input") or "").strip()
    if wanted:
        state["store_path"] = wanted
        state["place"] = None


def on_map_click() -> None:
    """st_folium reported a click on a place layer: resolved against the layers in the script run."""
    value = state.get("map") or {}
    click = value.get("last_object_clicked")
    if click:
        state["pending_click"] = (click.get("lat"), click.get("lng"), value.get("last_object_clicked_tooltip"))


def select_place(place_id: str) -> None:
    state["place"] = place_id


def on_table_select() -> None:
    rows = state["places_table"].selection.rows
    ids = state.get("table_ids", [])
    if rows and rows[0] < len(ids):
        state["place"] = ids[rows[0]]


def turn_page(step: int) -> None:
    state["sentence_page"] = max(0, state.get("sentence_page", 0) + step)


def apply_fix(refs: list, which_key: str, choice_key: str) -> None:
    """Store the reader's choice for the chosen mentions; the selection follows them. The widget
    values are read when the button is pressed, so a click racing a rerun applies what is shown."""
    which, place_id = state.get(which_key, "all"), state.get(choice_key)
    if place_id is None or isinstance(store, str):
        return
    targets = refs if which == "all" else [refs[which]]
    for ref in targets:
        store.set(ref.sha, ref.mention.start, ref.mention.end, place_id, surface=ref.mention.text)
    state["place"] = place_id if place_id != NOT_A_PLACE else None


def undo_correction(row: CorrectionRow) -> None:
    """Undo one stored correction, "not a place" included: the mention goes back to the parser's place."""
    if not isinstance(store, str):
        store.remove(row.sha, row.start, row.end)


def show_all_dates() -> None:
    state["time_resets"] = state.get("time_resets", 0) + 1  # new boxes, at the whole span
    state["keep_undated"] = True


def add_pasted() -> None:
    try:
        article = article_from_paste(state.get("paste_text", ""), state.get("paste_title", ""),
                                     state.get("paste_date", ""))
    except ArticleError as err:
        state["paste_error"] = str(err)
        return
    problem = keep(article)
    state["paste_error"] = f"Not added: {problem}" if problem else None
    if not problem:
        state["paste_text"] = ""
        state["paste_title"] = ""
        state["paste_date"] = ""


# --- sidebar: the store and the reader's articles -------------------------------------------------

if isinstance(store, str):
    st.warning(f"Corrections are off: the corrections database cannot be read ({literal(store)}). Move the file "
               "away to start a new one; the map works without it.", icon="⚠️")

with st.sidebar:
    st.header("Articles")
    with st.expander("Corpus store", expanded=reader is None):
        st.text_input("Store folder", value=state["store_path"], key="store_input",
                      help="A folder made by `python -m geo corpus ingest`. Your uploads and pastes are saved there.")
        st.button("Open this store", on_click=open_other_store, key="store_open")
    if reader is None:
        st.error(f"The corpus store cannot be opened: {literal(str(reader_or_error))}", icon="⚠️")
    uploads = st.file_uploader(
        f"Upload articles (.txt, .md, .html; up to {MAX_UPLOAD_BYTES // 1_000_000} MB each)",
        type=["txt", "md", "html", "htm"], accept_multiple_files=True, key="uploads")
    upload_errors = []
    state.setdefault("uploaded_seen", set())
    for file in uploads or []:
        key = (file.name, file.size, getattr(file, "file_id", ""))
        if key in state["uploaded_seen"]:
            continue  # saved (or refused) once; deleting it later does not bring it back
        state["uploaded_seen"].add(key)
        try:
            article = article_from_upload(file.name, file.getvalue())
        except ArticleError as err:
            upload_errors.append(str(err))
            continue
        problem = keep(article)
        if problem:
            upload_errors.append(f"{file.name}: {problem}")
    state["upload_errors"] = upload_errors or state.get("upload_errors", []) if uploads else []
    for message in state["upload_errors"]:
        st.error(f"Not added — {literal(message)}", icon="⚠️")
    yours = ask("saved_articles", tuple(SAVED_SOURCES.values())) if reader else pd.DataFrame()
    with st.expander("Paste an article", expanded=not uploads and yours.empty):
        st.text_input("Title (optional)", key="paste_title")
        st.text_input("Publication date (optional)", key="paste_date", placeholder="e.g. 2025-04-07 or April 2025",
                      help="Relative dates in the text (\"last week\", \"on Saturday\") count from it.")
        st.text_area("Article text", key="paste_text", height=160,
                      placeholder="Paste the text of a news article (or an HTML page)…")
        st.button("Add pasted article", on_click=add_pasted, key="paste_add")
        if state.get("paste_error"):
            st.error(literal(state["paste_error"]), icon="⚠️")
    if state.get("store_error"):
        st.warning(f"Your articles cannot be kept: {literal(state['store_error'])}", icon="⚠️")
    for notice in state.get("notices", [])[-3:]:
        st.warning(literal(notice), icon="✂️")
    if not yours.empty:
        st.caption(f"Your articles, kept in {literal(STORE_DIR.name)} until you delete them:")
    for row in yours.itertuples(index=False):
        cols = st.columns([5, 1])
        kind = "Pasted" if row.source == SAVED_SOURCES["pasted"] else "Uploaded"
        cols[0].caption(f"{kind}: {literal(str(row.title))}")
        cols[1].button("✕", key=f"drop-{row.article_id}", help="Delete this article (from the store too)",
                       on_click=forget, args=(str(row.article_id),))
    st.divider()
    basemap = st.radio("Base map", ["Offline: borders only", "Online: OpenStreetMap tiles"], key="basemap",
                       help="Everything works offline; tiles are fetched from openstreetmap.org only if chosen.")
    tiles = "osm" if basemap.startswith("Online") else "none"

if reader is None:
    st.title("News Atlas")
    st.info("Open a corpus store in the sidebar (or start with `make run`, which builds one from the bundled "
            "articles).")
    st.stop()
assert reader is not None

# --- filters (sidebar): kinds, countries, sources, languages, the article shown, confidence -----------

if "url_filters" not in state:  # a shared link's filters, once: only the values this store has
    group_options, country_options = ask("option_values", View())
    source_options, lang_options = ask("article_facets")
    state["url_filters"] = linked = state["url_view"].known(
        groups=group_options, countries=country_options, langs=lang_options, sources=source_options)
    for key, value in (("f_groups", linked.groups), ("f_countries", linked.countries), ("f_langs", linked.langs),
                       ("f_sources", linked.sources), ("f_confidence", linked.min_confidence),
                       ("f_confident", linked.confident_only)):
        if value:
            state[key] = list(value) if isinstance(value, tuple) else value
    if linked.keep_undated is not None:
        state["keep_undated"] = linked.keep_undated
    if linked.article and ask("article", linked.article) is not None:
        state["shown_doc"] = linked.article
        state["f_this_article"] = linked.only_article

shown_article = state.get("shown_doc") if state.get("f_this_article") else None
base_view = View(groups=tuple(state.get("f_groups") or ()), countries=tuple(state.get("f_countries") or ()),
                 sources=tuple(state.get("f_sources") or ()), langs=tuple(state.get("f_langs") or ()),
                 articles=(shown_article,) if shown_article else (),
                 min_confidence=float(state.get("f_confidence") or 0.0),
                 confident_only=bool(state.get("f_confident")))

# --- the time window (the timeline's range) filters the map, the lists and the highlights ----------

dated = ask("dated_mentions", base_view)
span = time_span(dated)
window: Window | None = None
unit: Unit = "month"  # the chart's bars
step: Unit = "month"  # the window's steps
if span is not None:
    unit, step = bucket_unit(span), window_step(span)
    starts = buckets(span, step)
    full_range = (starts[0], starts[-1])
    # the boxes' keys name their options: new articles (a new span) or "Show all dates" start fresh ones
    window_key = f"time:{step}:{starts[0]}:{starts[-1]}:{state.get('time_resets', 0)}"
    state.setdefault("keep_undated", True)
    url_view = state["url_view"]
    for bound, wanted in (("from", url_view.start), ("to", url_view.end)):  # a shared link's window, once
        if wanted is not None and f"{window_key}:{bound}" not in state:
            state[f"{window_key}:{bound}"] = bucket_start(wanted, step) if bucket_start(wanted, step) in starts \
                else (starts[0] if bound == "from" else starts[-1])
    first, last = sorted((state.get(f"{window_key}:from", starts[0]), state.get(f"{window_key}:to", starts[-1])))
    if (first, last) != full_range or not state["keep_undated"]:
        window = Window(first, bucket_end(last, step), keep_undated=state["keep_undated"])
view = replace(base_view, window=window)

group_choices, country_choices = ask("option_values", View(window=window))
source_choices, lang_choices = ask("article_facets")
with st.sidebar:
    with st.expander("Filter the map", expanded=False):
        st.multiselect("Kinds of place", options=group_choices, key="f_groups", placeholder="All kinds")
        st.multiselect("Countries", options=country_choices, key="f_countries", format_func=country_label,
                       placeholder="All countries")
        if len(lang_choices) > 1:
            st.multiselect("Languages", options=lang_choices, key="f_langs", format_func=language_name,
                           placeholder="All languages")
        if len(source_choices) > 1:
            st.multiselect("Sources", options=source_choices, key="f_sources", placeholder="All sources")
        st.checkbox("Only the article shown", key="f_this_article",
                    help="Map only the places of the article open beside the map.")
        st.slider("Lowest confidence shown", min_value=0.0, max_value=1.0, step=0.05, key="f_confidence",
                  help="Hide mentions the parser is less sure of.")
        st.checkbox(f"Only places the parser is sure of (confidence ≥ {CONFIDENT_MIN:.2f})", key="f_confident",
                    help="At or above it, 95 % of the dev corpora's places were right. Below it places are drawn "
                         "with a dashed outline.")

layers = places_for(reader, str(reader.root), version(), view)
store_layers = layers  # the store's places (the shown article's claims join them below)
matched = ask("count_places", view) if len(layers) >= MAP_PLACES_MAX else len(layers)
totals = ask("totals")

# --- the article shown beside the map (its claims are drawn with the places) ------------------------

index = place_index(reader, store_layers, str(reader.root), version(), view)
rows = index.rows
state.setdefault("shown_doc", None)
if state["place"] and state["place"] != state["last_place"] and state["place"] in rows \
        and rows[state["place"]].kind != Kind.CLAIM:
    # follow the selection to an article that mentions it
    mentioning = ask("article_choices", view, state["place"], 50)
    if len(mentioning) and state["shown_doc"] not in set(mentioning["article_id"]):
        state["shown_doc"] = str(mentioning["article_id"].iloc[0])
# the window marks the text and hides no article; "only the article shown" must not hide the others
choices = ask("article_choices", replace(view, window=None, articles=()), None)
if state["shown_doc"] is None and len(choices):
    state["shown_doc"] = str(choices["article_id"].iloc[0])
shown = ask("article", state["shown_doc"]) if state["shown_doc"] else None
parsed_claims = claims_of(shown.article_id, shown.sha, shown.text, shown.title, shown.published) if shown else None
claims, claim_words = parsed_claims if parsed_claims is not None else (None, ())
if claims is not None and len(claims):
    claim_rows = claims.assign(articles=1)
    layers = pd.concat([layers, claim_rows], ignore_index=True).set_geometry("geometry")
    index = index.with_rows(claim_rows)
    rows = index.rows
place_ids, corrected_places = list(index.ids), index.corrected

# a click on the map (reported by the callback) selects the place under it
if state.get("pending_click"):
    lat, lon, tooltip = state.pop("pending_click")
    hits = places_at(layers, lat, lon, tooltip)
    if hits:
        state["place"] = hits[0]
    state["click_choices"] = hits  # overlapping areas: the others are offered beside the map
if state["place"] not in rows:
    state["place"] = None
selected = state["place"]
if selected != state["last_place"]:
    state["sentence_page"] = 0

# --- header ---------------------------------------------------------------------------------------

st.html(CSS + PAGE_CSS)

st.title("News Atlas")
hidden = totals["places"] - matched
st.caption(f"{totals['articles']:,} article{'s' if totals['articles'] != 1 else ''} · {matched:,} places · "
           f"{totals['mentions']:,} mentions · choose a place in the list, the table or on the map"
           + (f" · the map shows the {MAP_PLACES_MAX:,} most mentioned" if matched > MAP_PLACES_MAX else "")
           + (" · filters on" + (f": {hidden:,} places hidden" if hidden > 0 else "") if view.active or window else ""))
if not totals["articles"]:
    st.info("No article yet: upload a file or paste text in the sidebar.")

st.selectbox("Place", options=[None, *place_ids], key="place", placeholder="— choose a place —",
             format_func=lambda pid: "— choose a place —" if pid is None
             else index.labels[pid])

# --- map and text, side by side -------------------------------------------------------------------

col_map, col_text = st.columns([11, 9], gap="medium")

with col_map:
    # a link's map position (map=lat,lon,zoom) holds until the reader changes the selection or the filters
    if "linked_map" not in state:
        state["linked_map"] = (state["url_view"].map_view, selected, view) if state["url_view"].map_view else None
    if state["linked_map"] and state["linked_map"][1:] != (selected, view):
        state["linked_map"] = None
    if state["linked_map"]:
        (lat, lon), zoom = state["linked_map"][0]
        center = [lat, lon]
    else:
        center, zoom = focus_view(rows[selected]) if selected else overview(layers)
    payload = payload_for(store_layers, str(reader.root), version(), view)
    st_folium(base_map(tiles=tiles, assets=map_files()), key="map", height=MAP_HEIGHT, use_container_width=True,
              returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
              feature_group_to_add=place_layers(layers, selected=selected, tiles=tiles, payload=payload,
                                                payload_url=places_file(payload)),
              center=center, zoom=zoom, on_change=on_map_click)
    others = [pid for pid in state.get("click_choices") or () if pid in rows and pid != selected]
    if others and selected in (state.get("click_choices") or ()):
        with st.container(key="click_choices"):
            st.caption(f"Also where you clicked ({len(others)}): choose one to select it instead")
            for pid in others:
                st.button(f"{rows[pid].name} · {rows[pid].kind}", key=f"also-{pid}", on_click=select_place,
                          args=(pid,))
    st.html(legend(layers["kind"]) + shading_legend(country_mention_counts(layers)))
    if span is not None:
        with st.container(border=True, key="timeline"):
            st.html(timeline_html(reader, str(reader.root), version(), base_view, window, unit))
            labels = option_labels(starts, step)
            why = ("Places whose mentions happened in this window (the date the text gives each sentence, else "
                   "the article's publication date). Type a month to find it.")
            t0, t1 = st.columns(2)
            t0.selectbox("From", options=starts, index=0, key=f"{window_key}:from", format_func=labels.get, help=why)
            t1.selectbox("To", options=starts, index=len(starts) - 1, key=f"{window_key}:to", format_func=labels.get,
                         help=why)
            t2, t3 = st.columns(2, vertical_alignment="bottom")
            t2.checkbox("Keep undated places", key="keep_undated",
                        help="Mentions with no date in the text and no publication date.")
            t3.button("Show all dates", key="time_all", on_click=show_all_dates)
            in_base = ask("count_places", base_view)
            st.caption(chart_caption(unit))
            st.caption(f"{describe(window, span, step)} · {matched:,} of {in_base:,} places in it"
                       + (f" · {in_base - matched:,} outside the window" if in_base > matched else ""))

with col_text:
    if selected:
        row = rows[selected]
        st.subheader(literal(row.name))
        st.caption(" · ".join(literal(x) for x in [row.kind, country_label(row.country_code),
                                          format_coords(row.lat, row.lon),
                                          f"{int(row.mentions):,} mention{'s' if int(row.mentions) != 1 else ''}",
                                          f"confidence {row.confidence:.2f}",
                                          "corrected" if selected in corrected_places else ""] if x))
        if row.kind == Kind.CLAIM:
            links, total = list(row.sentences), len(row.sentences)
        else:
            links, total = ask("sentence_page", view, selected, state["sentence_page"])
        st.html(f'<div class="na-selected-sentences">{sentence_list(links, limit=SENTENCES_PAGE)}</div>')
        if total > SENTENCES_PAGE:
            first_shown = state["sentence_page"] * SENTENCES_PAGE
            p0, p1, p2 = st.columns([2, 3, 2], vertical_alignment="center")
            p0.button("← Earlier", key="sent_prev", on_click=turn_page, args=(-1,), disabled=first_shown == 0)
            p1.caption(f"Sentences {first_shown + 1:,}–{min(first_shown + SENTENCES_PAGE, total):,} of {total:,}, "
                       "in date order")
            p2.button("Later →", key="sent_next", on_click=turn_page, args=(1,),
                      disabled=first_shown + SENTENCES_PAGE >= total)
    if shown is not None:
        options = list(dict.fromkeys([shown.article_id, *map(str, choices["article_id"])]))
        titles = dict(zip(map(str, choices["article_id"]), map(str, choices["title"]), strict=True))
        titles[shown.article_id] = shown.title
        listed = int(choices["total"].iloc[0]) if len(choices) else 0
        st.selectbox("Article", options=options, key="shown_doc", format_func=lambda a: titles.get(a, a),
                     help=f"The {len(options):,} newest of {listed:,} articles under the filters; type to search "
                          "their titles. Choosing a place opens an article that names it.")
        if shown.n_mentions >= MAX_MENTIONS_PER_ARTICLE:
            st.warning(literal(capped_notice(shown.title)), icon="✂️")
        if not is_parsed(shown.lang):
            st.warning(literal(unparsed_notice(shown.lang)), icon="🌐")
        elif shown.lang:
            st.caption(f"Language: {literal(language_name(shown.lang))} ({literal(shown.lang)})")
        marks = ask("article_marks", shown.article_id, view)
        if selected and rows[selected].kind == Kind.CLAIM:  # the claim's words, marked like a place's
            marks = [*marks, *(m for m in claim_words if m.place_id == selected)]
        st.html(legend(m.place.kind for m in marks)
                + highlight_article(shown.text, marks, selected=selected,
                                    corrected=ask("corrected_spans", shown.article_id), title=shown.title))
        if selected:
            components.html(scroll_to_selection_script(selected, shown.article_id), height=0)
state["last_place"] = selected
# the view, shareable as the page's URL
st.query_params.from_dict(view_query(selected, window, step, UrlView(
    groups=view.groups, countries=view.countries, langs=view.langs, sources=view.sources,
    article=state["shown_doc"], only_article=bool(state.get("f_this_article")),
    min_confidence=view.min_confidence, confident_only=view.confident_only)))

# --- corrections ----------------------------------------------------------------------------------

# built only when opened (like the table below): a selection does not wait for its mentions' list and pickers
fix_box = st.expander(f"Correct “{literal(rows[selected].name)}”: choose another place for its mentions",
                      key="fix_box", on_change="rerun") if selected and rows[selected].kind != Kind.CLAIM else None
if fix_box is not None and fix_box.open:
    refs, n_refs = ask("mentions_of", selected, view)
    with fix_box:
        if not refs:
            st.write("This place has no mention left.")
        else:
            options = ["all", *range(len(refs))]
            which = st.selectbox(
                "Mention", options=options, key=f"fix-which-{selected}",
                format_func=lambda i: (f"All {len(refs)} mentions listed" + (f" (newest {len(refs)} of {n_refs:,})"
                                                                             if n_refs > len(refs) else ""))
                if i == "all" else mention_label(refs[i]))
            targets = refs if which == "all" else [refs[which]]
            typed = st.text_input("Search the gazetteer for another place", key=f"fix-q-{selected}",
                                  placeholder="e.g. Tinzaouaten")
            first = targets[0].mention
            same_name = [h.place for h in gazetteer().lookup(first.text, limit=10)]
            hits = [h.place for h in gazetteer().lookup(typed, limit=15)] if typed.strip() else []
            candidates = candidate_places(first, [*same_name, *hits])
            st.selectbox(
                "Correct place", options=[*(p.id for p in candidates), NOT_A_PLACE], key=f"fix-to-{selected}",
                format_func=lambda pid: "✗ not a place" if pid == NOT_A_PLACE else candidate_label(
                    next(p for p in candidates if p.id == pid)))
            if typed.strip() and not hits:
                st.caption("No place of that name in the gazetteer.")
            st.button("Apply correction", type="primary", key="fix-apply", on_click=apply_fix,
                      args=(refs, f"fix-which-{selected}", f"fix-to-{selected}"))

# every correction of the store's articles, each with its undo ("not a place" ones belong to no place,
# so this list is the only way back for them)
if not isinstance(store, str):
    fixes_by_sha: dict[str, dict[tuple[int, int], str]] = {}
    for sha, start, end, place_id in read_corrections(Path(corrections_db)):
        fixes_by_sha.setdefault(sha, {})[(start, end)] = place_id
    stored = ask("articles_by_sha", tuple(sorted(fixes_by_sha)))
    fixed = correction_rows([(stored[sha], fixes) for sha, fixes in fixes_by_sha.items() if sha in stored],
                            lambda pid: getattr(gazetteer().get(pid), "name", None))
    if fixed:
        with st.expander(f"Your corrections in these articles ({len(fixed)})", expanded=False):
            for fix in fixed[:200]:
                c1, c2 = st.columns([6, 1], vertical_alignment="bottom")
                c1.write(literal(fix.label))
                c2.button("Undo", key=f"undo-{fix.sha[:12]}-{fix.start}-{fix.end}", on_click=undo_correction,
                          args=(fix,), help="Give this mention back to the place the parser chose")

# --- places table ---------------------------------------------------------------------------------

# built only when opened: a table of thousands of rows takes the browser ~0.3 s to draw, which the page's first
# view (the map) should not wait for
state["table_ids"] = place_ids
table_box = st.expander(f"Places as a table ({len(place_ids):,})", key="places_table_box", on_change="rerun")
if table_box.open:
    table_box.dataframe(
        places_frame(layers, corrected_places), key="places_table", on_select=on_table_select,
        selection_mode="single-row", hide_index=True, width="stretch",
        column_config={"Confidence": st.column_config.ProgressColumn("Confidence", min_value=0.0, max_value=1.0,
                                                                     format="%.2f")},
    )

# --- downloads ------------------------------------------------------------------------------------


def export_layers() -> Any:
    """The layers table of the view with each place's sentences (for the downloads; built on demand)."""
    return reader.run(lambda s: s.layers(view.filters(), limit=MAP_PLACES_MAX, sentences=20))


st.subheader("Take it away")
map_title = shown.title if totals["articles"] == 1 and shown else f"News Atlas: {totals['articles']:,} articles"
d1, d2, d3 = st.columns(3)
d1.download_button("Map (self-contained HTML)", data=lambda: render_html(export_layers(), title=map_title, tiles=tiles),
                   file_name="news-atlas-map.html", mime="text/html", on_click="ignore", key="dl-html")
d2.download_button("Places (GeoJSON)", data=lambda: layers_to_geojson(export_layers()),
                   file_name="news-atlas-places.geojson", mime="application/geo+json", on_click="ignore",
                   key="dl-geojson")
d3.download_button("Places (CSV)", data=lambda: layers_to_csv(export_layers()), file_name="news-atlas-places.csv",
                   mime="text/csv", on_click="ignore", key="dl-csv")
parser_warming()  # after the page: the first open is not kept waiting
