"""geo.dashboard.highlight: mentions marked by kind, selection emphasised, everything escaped."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from geo.dashboard.highlight import highlight_article, legend, sentence_list
from geo.model import Mention, Place
from geo.render.style import kind_color

MALI = Place("country:ML", "Mali", "country", "ML", 17.0, -4.0)
TIN = Place("supplement:tin-zaouatine-dz", "Tin Zaouatine", "town", "DZ", 19.9533, 2.9667)
EVIL = Place('x"><script>alert(1)</script>', "<img src=x onerror=alert(2)>", "town", "D&Z", 0.0, 0.0)

HOSTILE = ("<script>window.x=1</script> Mali & <b>Tin Zaouatine</b> ${alert(3)} `\\u003c` "
           '"\'><svg onload=alert(4)> </mark></div> Mali')


class Collect(HTMLParser):
    """Tags, attributes and text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(markup: str) -> Collect:
    c = Collect()
    c.feed(markup)
    c.close()
    return c


def at(text: str, surface: str, place: Place, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(start, start + len(surface), surface, 0, place, 0.9)


def test_mentions_marked_with_kind_colour_and_place():
    text = "Drone down near Tin Zaouatine, Mali said."
    out = highlight_article(text, [at(text, "Tin Zaouatine", TIN), at(text, "Mali", MALI)])
    marks = [(t, a) for t, a in parse(out).tags if t == "mark"]
    assert [a["data-place"] for _, a in marks] == [TIN.id, MALI.id]
    assert f"--c:{kind_color('town')}" in marks[0][1]["style"]
    assert "na-k-country" in marks[1][1]["class"]
    assert "".join(parse(out).text) == text  # the text itself is unchanged
    assert "na-sel" not in out and "na-has-sel" not in out


def test_selected_place_emphasised_and_corrections_flagged():
    text = "Mali and Mali and Tin Zaouatine"
    mentions = [at(text, "Mali", MALI), at(text, "Mali", MALI, 1), at(text, "Tin Zaouatine", TIN)]
    out = highlight_article(text, mentions, selected=MALI.id, corrected={(9, 13)})
    marks = [a for t, a in parse(out).tags if t == "mark"]
    assert ["na-sel" in a["class"] for a in marks] == [True, True, False]
    assert ["na-fix" in a["class"] for a in marks] == [False, True, False]
    assert 'class="na-text na-has-sel"' in out


def test_nested_mentions_nest_and_crossing_or_out_of_range_ones_are_skipped():
    text = "Alliance of Sahel States and northern Mali"
    aes = Place("group:aes", "Alliance of Sahel States", "group", "", 15.0, 0.0)
    sahel = Place("region:sahel", "Sahel", "region", "", 15.0, 5.0)
    part = Place("part:north:country:ML", "northern Mali", "part", "ML", 20.0, -2.0)
    mentions = [Mention(0, 24, "Alliance of Sahel States", 0, aes, 1.0), Mention(12, 17, "Sahel", 0, sahel, 1.0),
                Mention(20, 31, "tes and nor", 0, sahel, 1.0),  # crosses the alliance: skipped
                Mention(29, 42, "northern Mali", 0, part, 1.0), Mention(38, 42, "Mali", 0, MALI, 1.0),
                Mention(40, 99, "x", 0, MALI, 1.0)]
    out = highlight_article(text, mentions, selected="region:sahel")
    assert out.count("<mark") == 4 and out.count("</mark>") == 4
    assert '<mark class="na-m na-k-group"' in out and "Alliance of <mark" in out
    assert 'na-sel"' in out and ">Sahel</mark> States</mark>" in out
    assert "northern <mark" in out and ">Mali</mark></mark></div>" in out
    assert "".join(parse(out).text) == text


def test_hostile_text_and_place_fields_are_escaped():
    mentions = [at(HOSTILE, "Mali", EVIL), at(HOSTILE, "Tin Zaouatine", TIN), at(HOSTILE, "Mali", MALI, 1)]
    out = highlight_article(HOSTILE, mentions, selected=EVIL.id, title="<script>t()</script>")
    tags = parse(out).tags
    assert {t for t, _ in tags} <= {"div", "h4", "mark"}
    assert all(not k.startswith("on") for _, a in tags for k in a)
    assert next(a["data-place"] for t, a in tags if t == "mark") == EVIL.id  # round-trips as data, not markup
    assert "<script" not in out and "<svg" not in out and "<img" not in out
    assert "".join(parse(out).text) == "<script>t()</script>" + HOSTILE


@given(st.text(alphabet=st.sampled_from(list("<>&\"'`$\\/ amrkscipt=()\n")), max_size=80))
def test_any_text_round_trips_as_text(text):
    mentions = [Mention(0, min(3, len(text)), text[:3], 0, EVIL, 0.5)] if len(text) >= 3 else []
    out = highlight_article(text, mentions)
    assert {t for t, _ in parse(out).tags} <= {"div", "mark"}
    assert "".join(parse(out).text) == text


def test_legend_lists_each_kind_once():
    out = legend(["town", "country", "town", "<b>odd</b>"])
    assert out.count("na-chip") == 3 and "<b>" not in out and "&lt;b&gt;odd" in out


def test_sentence_list_marks_spans_and_escapes():
    links = [{"title": "<i>T</i>", "doc_id": "a", "sentence": 0, "text": "A <b> near Tin Zaouatine.",
              "spans": [[11, 24]]}]
    out = sentence_list(links)
    c = parse(out)
    assert [t for t, _ in c.tags] == ["ol", "li", "mark", "span"]
    assert "".join(c.text) == "A <b> near Tin Zaouatine.<i>T</i>"


def test_a_claims_words_are_marked_in_the_article_when_selected() -> None:
    from types import SimpleNamespace

    from geo.dashboard.highlight import claim_marks
    from geo.text.document import make_document

    text = "Drones flew on Monday. Mali says the drone was 10 kilometers inside its territory."
    doc = make_document(text, title="t", doc_id="d", lang="en")
    second = doc.sentences[1]
    start = second.text.index("10 kilometers")
    claim = SimpleNamespace(place_id="claim:d:1:0", name="Mali: 10 km inside Mali", country_code="ML", lat=19.8,
                            lon=3.0, confidence=1.0, sentences=[
                                {"sentence": 1, "spans": [[start, start + len("10 kilometers")], [0, 10_000]]},
                                {"sentence": 7, "spans": [[0, 4]]}])  # out of range: left out
    marks = claim_marks(doc, [claim])
    assert [m.text for m in marks] == ["10 kilometers"]
    assert text[marks[0].start:marks[0].end] == "10 kilometers"
    html = highlight_article(text, marks, selected="claim:d:1:0")
    assert '10 kilometers</mark>' in html and "na-sel" in html
