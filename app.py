"""News Atlas dashboard: articles and their map side by side, linked. UI only; logic lives in geo/.

Run with ``make run`` (or ``streamlit run app.py``). Corrections go to ``$NEWS_ATLAS_DB``
(default ``.cache/corrections.sqlite``).
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Any

import streamlit as st
import streamlit.components.v1 as components
from streamlit_folium import st_folium

from geo.corpus.store import StoreError
from geo.corrections import NOT_A_PLACE, CorrectionStore, apply_corrections, default_db_path
from geo.dashboard.filters import PlaceFilters, country_options, filter_layers, group_options
from geo.dashboard.highlight import (
    CSS,
    highlight_article,
    legend,
    scroll_to_selection_script,
    sentence_list,
    shading_legend,
)
from geo.dashboard.map import MAP_HEIGHT, base_map, focus_view, overview, place_layers
from geo.dashboard.parsing import layers_for_dashboard, parse_for_dashboard, save_for_dashboard
from geo.dashboard.saved import SaveError, delete_article, saved_articles
from geo.dashboard.state import (
    Article,
    CorrectionRow,
    article_from_paste,
    article_from_upload,
    candidate_label,
    candidate_places,
    correction_rows,
    mention_label,
    mentions_of,
    place_label,
    places_at,
    places_frame,
    written_forms,
)
from geo.dashboard.text import literal
from geo.dashboard.timeline import (
    Unit,
    Window,
    bucket_end,
    bucket_start,
    bucket_unit,
    buckets,
    chart_caption,
    counts,
    dated_mentions,
    describe,
    in_window,
    option_labels,
    time_span,
    timeline_chart,
    window_keys,
    window_step,
)
from geo.dashboard.url import view_from_query, view_query
from geo.layers import country_mention_counts, layers_to_csv, layers_to_geojson
from geo.render.style import country_label, format_coords
from geo.render.webmap import render_html
from geo.settings import CONFIDENT_MIN, MAX_MENTIONS_PER_ARTICLE, MAX_UPLOAD_BYTES, corpus_store_path
from geo.text.articles import bundled_articles
from geo.text.language import is_parsed, language_name, unparsed_notice
from geo.text.reading import ArticleError, read_article

st.set_page_config(page_title="News Atlas", page_icon="🗺️", layout="wide")

PAGE_CSS = "<style>.block-container { padding-top: 2.2rem; }</style>"
#: Parsed articles and layer tables kept for all sessions: at most this many, each for at most an hour.
#: An article is at most MAX_UPLOAD_BYTES of text and MAX_MENTIONS_PER_ARTICLE mentions, so the cache holds
#: at most PARSE_CACHE_ENTRIES x (about 3 x 5 MB of text and sentences + 5,000 mentions).
PARSE_CACHE_ENTRIES, LAYERS_CACHE_ENTRIES, PARSE_CACHE_SECONDS = 16, 8, 3600


# --- cached resources (shared by all sessions) ----------------------------------------------------


@st.cache_resource(show_spinner=False)
def gazetteer():
    from geo.gazetteer import load_gazetteer

    return load_gazetteer()


@st.cache_resource(show_spinner=False)
def corrections_store(path: str) -> CorrectionStore | str:
    """The corrections store, or why it cannot be opened (the map works without it)."""
    try:
        return CorrectionStore(path)
    except (sqlite3.Error, OSError) as err:
        return f"{path}: {err}"


def corrections_for(sha: str) -> dict:
    """The reader's corrections of an article ({} when the store is unreadable)."""
    if isinstance(store, str):
        return {}
    try:
        return store.for_article(sha)
    except sqlite3.Error:
        return {}


@st.cache_resource(show_spinner=False)
def bundled(name: str) -> Article:
    info = next(a for a in bundled_articles() if a.path.name == name)
    return Article(f"bundled/{name}", info.title, read_article(info.path), "bundled", info.date)


@st.cache_resource(show_spinner=False, max_entries=PARSE_CACHE_ENTRIES, ttl=PARSE_CACHE_SECONDS)
def parse_article(text: str, title: str, doc_id: str, published: str):
    return parse_for_dashboard(text, title, doc_id, published)  # large texts in a worker process: no session waits


@st.cache_resource(show_spinner=False, max_entries=LAYERS_CACHE_ENTRIES, ttl=PARSE_CACHE_SECONDS)
def layers_for(signature: str, _parsed: tuple):
    return layers_for_dashboard([(doc, mentions) for _a, doc, mentions in _parsed])


# --- session state --------------------------------------------------------------------------------

state = st.session_state
state.setdefault("pasted", {})  # pasted articles the store could not take: kept for this session only
state.setdefault("deleted", set())  # saved articles deleted here (an upload box may still hold them)
STORE_DIR = corpus_store_path()


def refresh_saved() -> None:
    """Read the reader's saved articles (uploads and pastes) from the store again."""
    try:
        state["saved"] = saved_articles(STORE_DIR)
        state["store_error"] = None
    except (StoreError, OSError) as err:
        state["saved"], state["store_error"] = [], str(err)


def keep(article: Article) -> str | None:
    """Save the reader's article in the store; why not, when it could not be saved."""
    try:
        save_for_dashboard(STORE_DIR, article)
    except (SaveError, StoreError, OSError) as err:
        return str(err)
    state["deleted"].discard(article.doc_id)
    refresh_saved()
    return None


def forget(doc_id: str) -> None:
    """Delete a saved article from the store (and the session)."""
    state["pasted"].pop(doc_id, None)
    state["deleted"].add(doc_id)
    try:
        delete_article(STORE_DIR, doc_id)
    except (SaveError, StoreError, OSError) as err:
        state["store_error"] = str(err)
    refresh_saved()


if "saved" not in state:
    refresh_saved()
state.setdefault("place", None)
state.setdefault("last_place", None)
state.setdefault("notices", [])
if "url_view" not in state:  # a shared link: ?place=ID&from=2025-02&to=2025-04, read once per session
    state["url_view"] = view_from_query(dict(st.query_params))
    if state["url_view"].place:
        state["place"] = state["url_view"].place


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


def apply_fix(refs: list, which_key: str, choice_key: str) -> None:
    """Store the reader's choice for the chosen mentions; the selection follows them. The widget
    values are read when the button is pressed, so a click racing a rerun applies what is shown."""
    which, place_id = state.get(which_key, "all"), state.get(choice_key)
    if place_id is None or isinstance(store, str):
        return
    targets = refs if which == "all" else [refs[which]]
    for ref in targets:
        store.set(ref.sha, ref.mention.start, ref.mention.end, place_id, surface=ref.mention.text)
    state["place"] = place_id or None


def undo_fix(targets: list) -> None:
    if isinstance(store, str):
        return
    for ref in targets:
        store.remove(ref.sha, ref.mention.start, ref.mention.end)
    state["place"] = None


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
    state["paste_error"] = None
    problem = keep(article)
    if problem:  # still shown in this session, and the reader is told it will not come back
        state["pasted"][article.doc_id] = article
        state["paste_error"] = f"Shown for this session only: {problem}"
    state["paste_text"] = ""
    state["paste_title"] = ""
    state["paste_date"] = ""


# --- sidebar: articles ----------------------------------------------------------------------------

store = corrections_store(str(default_db_path()))
if isinstance(store, str):
    st.warning(f"Corrections are off: the corrections database cannot be read ({literal(store)}). Move the file "
               "away to start a new one; the map works without it.", icon="⚠️")
infos = {a.path.name: a for a in bundled_articles()}

with st.sidebar:
    st.header("Articles")
    chosen = st.multiselect("Bundled articles", options=list(infos), default=list(infos),
                            format_func=lambda name: infos[name].title, key="bundled")
    uploads = st.file_uploader(
        f"Upload articles (.txt, .md, .html; up to {MAX_UPLOAD_BYTES // 1_000_000} MB each)",
        type=["txt", "md", "html", "htm"], accept_multiple_files=True, key="uploads")
    upload_errors = []
    uploaded: list[Article] = []
    saved_ids = {a.doc_id for a in state["saved"]}
    for file in uploads or []:
        try:
            article = article_from_upload(file.name, file.getvalue())
        except ArticleError as err:
            upload_errors.append(str(err))
            continue
        if article.doc_id in state["deleted"]:
            continue  # deleted by the reader, though still in the upload box
        if article.doc_id not in saved_ids:
            problem = keep(article)
            if problem:
                upload_errors.append(f"{file.name}: shown for this session only: {problem}")
                uploaded.append(article)
    for message in upload_errors:
        st.error(f"Not added — {literal(message)}", icon="⚠️")
    with st.expander("Paste an article", expanded=not uploads and not state["pasted"] and not state["saved"]):
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
    yours = [*state["saved"], *state["pasted"].values()]
    if yours:
        st.caption(f"Your articles, kept in {literal(STORE_DIR.name)} until you delete them:")
    for article in yours:
        cols = st.columns([5, 1])
        cols[0].caption(f"{'Pasted' if article.origin == 'pasted' else 'Uploaded'}: {literal(article.title)}")
        cols[1].button("✕", key=f"drop-{article.doc_id}", help="Delete this article (from the store too)",
                       on_click=forget, args=(article.doc_id,))
    st.divider()
    basemap = st.radio("Base map", ["Offline: borders only", "Online: OpenStreetMap tiles"], key="basemap",
                       help="Everything works offline; tiles are fetched from openstreetmap.org only if chosen.")
    tiles = "osm" if basemap.startswith("Online") else "none"

articles: list[Article] = [bundled(name) for name in chosen] + [*state["saved"], *uploaded, *state["pasted"].values()]
articles = list({a.doc_id: a for a in articles}.values())

# --- parse, apply corrections, build layers -------------------------------------------------------

parsed: list[tuple[Article, Any, tuple]] = []
corrected_spans: dict[str, set[tuple[int, int]]] = {}
for article in articles:
    try:
        doc, raw = parse_article(article.text, article.title, article.doc_id, article.published)
    except ArticleError as err:
        st.error(f"{literal(article.title)}: {literal(err)}", icon="⚠️")
        continue
    if len(raw) >= MAX_MENTIONS_PER_ARTICLE:
        st.warning(f"{literal(article.title)}: only its first {MAX_MENTIONS_PER_ARTICLE:,} place mentions are "
                   "mapped (the limit per article).", icon="✂️")
    fixes = corrections_for(article.sha)
    mentions = tuple(apply_corrections(raw, fixes, gazetteer())) if fixes else raw
    corrected_spans[article.doc_id] = set(fixes)
    parsed.append((article, doc, mentions))

signature = hashlib.sha256(repr([(a.doc_id, a.title, a.published, a.sha, sorted(corrected_spans[a.doc_id]),
                                  [m.place.id for m in ms]) for a, _d, ms in parsed]).encode()).hexdigest()
all_layers = layers_for(signature, tuple(parsed))

# --- the time window (the timeline's range) filters the map, the lists and the highlights ----------

dated = dated_mentions(all_layers)
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
dated_layers = in_window(all_layers, window)

# --- filters: kind groups, countries, the article shown, confidence (sidebar) ----------------------

with st.sidebar:
    with st.expander("Filter the map", expanded=False):
        st.multiselect("Kinds of place", options=group_options(dated_layers), key="f_groups",
                       placeholder="All kinds")
        st.multiselect("Countries", options=country_options(dated_layers), key="f_countries",
                       format_func=country_label, placeholder="All countries")
        st.checkbox("Only the article shown", key="f_this_article",
                    help="Map only the places of the article open beside the map.")
        st.slider("Lowest confidence shown", min_value=0.0, max_value=1.0, step=0.05, key="f_confidence",
                  help="Hide places whose best mention the parser is less sure of.")
        st.checkbox(f"Only places the parser is sure of (confidence ≥ {CONFIDENT_MIN:.2f})", key="f_confident",
                    help="At or above it, 95 % of the dev corpora's places were right. Below it places are drawn "
                         "with a dashed outline.")
shown_article = state.get("shown_doc") if state.get("f_this_article") else None
place_filters = PlaceFilters(groups=tuple(state.get("f_groups") or ()),
                             countries=tuple(state.get("f_countries") or ()),
                             articles=(shown_article,) if shown_article else (),
                             min_confidence=float(state.get("f_confidence") or 0.0),
                             confident_only=bool(state.get("f_confident")))
layers = filter_layers(dated_layers, place_filters)
place_ids = list(layers["place_id"])
rows = {row.place_id: row for row in layers.itertuples(index=False)}
written = written_forms(parsed)  # place id -> the words the articles used (the place box searches them)
corrected_places = {m.place.id for a, _d, ms in parsed for m in ms
                    if (m.start, m.end) in corrected_spans.get(a.doc_id, set())}

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

# --- header ---------------------------------------------------------------------------------------

st.html(CSS + PAGE_CSS)

st.title("News Atlas")
n_mentions = sum(len(ms) for _a, _d, ms in parsed)
st.caption(f"{len(parsed)} article{'s' if len(parsed) != 1 else ''} · {len(layers)} places · "
           f"{n_mentions} mentions · choose a place in the list, the table or on the map"
           + (f" · filters on: {len(dated_layers) - len(layers)} places hidden (sidebar)"
              if place_filters.active else ""))
if not parsed:
    st.info("No article yet: pick a bundled article, upload a file or paste text in the sidebar.")

st.selectbox("Place", options=[None, *place_ids], key="place",
             format_func=lambda pid: "— choose a place —" if pid is None
             else place_label(rows[pid], written.get(pid, ())))

# --- map and text, side by side -------------------------------------------------------------------

col_map, col_text = st.columns([11, 9], gap="medium")

with col_map:
    center, zoom = focus_view(rows[selected]) if selected else overview(layers)
    st_folium(base_map(tiles=tiles), key="map", height=MAP_HEIGHT, use_container_width=True,
              returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
              feature_group_to_add=place_layers(layers, selected=selected, tiles=tiles),
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
            st.altair_chart(timeline_chart(counts(dated, unit, span), window, unit), width="stretch")
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
            hidden = len(all_layers) - len(dated_layers)
            st.caption(chart_caption(unit))
            st.caption(f"{describe(window, span, step)} · {len(dated_layers)} of {len(all_layers)} places in it"
                       + (f" · {hidden} outside the window" if hidden else ""))

with col_text:
    if selected:
        row = rows[selected]
        st.subheader(literal(row.name))
        st.caption(" · ".join(literal(x) for x in [row.kind, country_label(row.country_code),
                                          format_coords(row.lat, row.lon),
                                          f"{int(row.mentions)} mention{'s' if int(row.mentions) != 1 else ''}",
                                          f"confidence {row.confidence:.2f}",
                                          "corrected" if selected in corrected_places else ""] if x))
        st.html(f'<div class="na-selected-sentences">{sentence_list(row.sentences)}</div>')
    if parsed:
        doc_ids = [a.doc_id for a, _d, _m in parsed]
        titles = {a.doc_id: a.title for a, _d, _m in parsed}
        if selected and selected != state["last_place"]:
            # follow the selection to an article that mentions it
            showing = state.get("shown_doc")
            mentioning = [a.doc_id for a, _d, ms in parsed if any(m.place.id == selected for m in ms)]
            if mentioning and showing not in mentioning:
                state["shown_doc"] = mentioning[0]
        if state.get("shown_doc") not in doc_ids:
            state["shown_doc"] = doc_ids[0]
        shown = st.selectbox("Article", options=doc_ids, key="shown_doc", format_func=titles.get)
        article, doc, mentions = next(p for p in parsed if p[0].doc_id == shown)
        if not is_parsed(doc.lang):
            st.warning(literal(unparsed_notice(doc.lang)), icon="🌐")
        else:
            st.caption(f"Language: {literal(language_name(doc.lang))} ({literal(doc.lang)})")
        if window is not None:  # only the mentions inside the time window stay marked
            keys = window_keys(layers, window)
            mentions = tuple(m for m in mentions if (shown, m.sentence, m.place.id) in keys)
        st.html(legend(m.place.kind for m in mentions)
                + highlight_article(article.text, mentions, selected=selected,
                                    corrected=corrected_spans.get(shown, set()), title=article.title))
        if selected:
            components.html(scroll_to_selection_script(selected, shown), height=0)
state["last_place"] = selected
st.query_params.from_dict(view_query(selected, window, step))  # the view, shareable as the page's URL

# --- corrections ----------------------------------------------------------------------------------

if selected:
    refs = mentions_of(parsed, selected)
    with st.expander(f"Correct “{literal(rows[selected].name)}”: choose another place for its mentions",
                     expanded=False):
        if not refs:
            st.write("This place has no mention left.")
        else:
            options = ["all", *range(len(refs))]
            which = st.selectbox(
                "Mention", options=options, key=f"fix-which-{selected}",
                format_func=lambda i: f"All {len(refs)} mentions of this place" if i == "all"
                else mention_label(refs[i]))
            targets = refs if which == "all" else [refs[which]]
            query = st.text_input("Search the gazetteer for another place", key=f"fix-q-{selected}",
                                  placeholder="e.g. Tinzaouaten")
            hits = [h.place for h in gazetteer().lookup(query, limit=15)] if query.strip() else []
            first = targets[0].mention
            candidates = candidate_places(first, hits)
            scores = {c.place.id: c.score for c in first.alternatives}
            st.selectbox(
                "Correct place", options=[*(p.id for p in candidates), NOT_A_PLACE], key=f"fix-to-{selected}",
                format_func=lambda pid: "✗ not a place" if pid == NOT_A_PLACE else candidate_label(
                    next(p for p in candidates if p.id == pid), scores))
            if query.strip() and not hits:
                st.caption("No place of that name in the gazetteer.")
            c1, c2 = st.columns(2)
            c1.button("Apply correction", type="primary", key="fix-apply", on_click=apply_fix,
                      args=(refs, f"fix-which-{selected}", f"fix-to-{selected}"))
            undoable = [r for r in targets if (r.mention.start, r.mention.end) in corrected_spans.get(r.doc_id, ())]
            if undoable:
                c2.button("Undo correction", key="fix-undo", on_click=undo_fix, args=(undoable,))

# every correction of the open articles, each with its undo ("not a place" ones belong to no place,
# so this list is the only way back for them)
fixed = correction_rows([(a, corrections_for(a.sha)) for a, _d, _m in parsed],
                        lambda pid: getattr(gazetteer().get(pid), "name", None))
if fixed:
    with st.expander(f"Your corrections in these articles ({len(fixed)})", expanded=False):
        for row in fixed:
            c1, c2 = st.columns([6, 1], vertical_alignment="bottom")
            c1.write(literal(row.label))
            c2.button("Undo", key=f"undo-{row.sha[:12]}-{row.start}-{row.end}", on_click=undo_correction,
                      args=(row,), help="Give this mention back to the place the parser chose")

# --- places table ---------------------------------------------------------------------------------

st.subheader("Places")
state["table_ids"] = place_ids
st.dataframe(
    places_frame(layers, corrected_places), key="places_table", on_select=on_table_select,
    selection_mode="single-row", hide_index=True, width="stretch",
    column_config={"Confidence": st.column_config.ProgressColumn("Confidence", min_value=0.0, max_value=1.0,
                                                                 format="%.2f")},
)

# --- downloads ------------------------------------------------------------------------------------

st.subheader("Take it away")
map_title = parsed[0][0].title if len(parsed) == 1 else f"News Atlas: {len(parsed)} articles"
d1, d2, d3 = st.columns(3)
d1.download_button("Map (self-contained HTML)", data=lambda: render_html(layers, title=map_title, tiles=tiles),
                   file_name="news-atlas-map.html", mime="text/html", on_click="ignore", key="dl-html")
d2.download_button("Places (GeoJSON)", data=lambda: layers_to_geojson(layers), file_name="news-atlas-places.geojson",
                   mime="application/geo+json", on_click="ignore", key="dl-geojson")
d3.download_button("Places (CSV)", data=lambda: layers_to_csv(layers), file_name="news-atlas-places.csv",
                   mime="text/csv", on_click="ignore", key="dl-csv")
