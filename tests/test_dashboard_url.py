"""The dashboard's view in its URL (geo.dashboard.url): written, read back, and never trusted."""

from __future__ import annotations

from datetime import date

from geo.dashboard.timeline import Window
from geo.dashboard.url import MAX_LIST_VALUES, MAX_VALUE_CHARS, UrlView, view_from_query, view_query


def test_a_view_survives_its_url() -> None:
    filters = UrlView(groups=("Countries", "Cities and towns"), countries=("ML", "NE"), langs=("fr",),
                      sources=("Le Monde, Afrique",), article="a1b2", only_article=True, min_confidence=0.35,
                      confident_only=True)
    window = Window(date(2025, 2, 1), date(2025, 4, 30), keep_undated=False)
    query = view_query("gn:2440485", window, "month", filters)
    assert query["country"] == ["ML", "NE"] and query["from"] == "2025-02" and query["undated"] == "0"
    back = view_from_query(query)
    assert back.place == "gn:2440485" and back.start == date(2025, 2, 1) and back.end == date(2025, 4, 30)
    assert back.keep_undated is False
    assert (back.groups, back.countries, back.langs, back.sources) == (
        filters.groups, filters.countries, filters.langs, filters.sources)  # a comma inside a source survives
    assert back.article == "a1b2" and back.only_article and back.confident_only
    assert back.min_confidence == 0.35


def test_no_filter_no_parameter() -> None:
    assert view_query(None, None, "month", UrlView()) == {}
    assert view_from_query({}) == UrlView()


def test_hostile_values_are_dropped_or_cut() -> None:
    view = view_from_query({
        "place": ["x" * 10_000], "from": "not a date", "to": "2025-13-45",
        "country": ["ml", "M", "MLI", "<script>", "NE", "NE"], "conf": "nan", "only": "maybe",
        "lang": [f"l{i}" for i in range(1_000)], "sure": "1e9",
    })
    assert view.place is not None and len(view.place) == MAX_VALUE_CHARS
    assert view.start is None and view.end is None
    assert view.countries == ("NE",)  # codes are two capitals, each once
    assert view.min_confidence == 0.0 and not view.only_article and not view.confident_only
    assert len(view.langs) == MAX_LIST_VALUES
    assert view_from_query({"conf": "7"}).min_confidence == 1.0
    assert view_from_query({"conf": "-1"}).min_confidence == 0.0
    assert view_from_query({"conf": "0.33"}).min_confidence == 0.35  # the slider's step


def test_only_what_the_store_has_is_kept() -> None:
    view = UrlView(groups=("Countries", "Planets"), countries=("ML", "ZZ"), langs=("fr", "tlh"),
                   sources=("pasted", "nowhere"))
    known = view.known(groups={"Countries"}, countries={"ML", "NE"}, langs={"en", "fr"}, sources={"pasted"})
    assert (known.groups, known.countries, known.langs, known.sources) == (
        ("Countries",), ("ML",), ("fr",), ("pasted",))


def test_the_map_position_is_read_and_checked() -> None:
    assert view_from_query({"map": "12.5,2.1,6"}).map_view == ((12.5, 2.1), 6)
    assert view_from_query({"map": "12.5,2.1,40"}).map_view == ((12.5, 2.1), 18)  # zoom held to the map's range
    for bad in ("12.5,2.1", "95,0,3", "0,200,3", "nan,0,3", "0,0,inf", "a,b,c", "1,2,3,4", ""):
        assert view_from_query({"map": bad}).map_view is None, bad
