"""Any string in, valid mentions or a clear error out: never a crash."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.nlp.pipeline import geoparse, parse_document
from geo.settings import MAX_MENTIONS_PER_ARTICLE, MAX_TEXT_CHARS
from geo.text.document import make_document
from geo.text.reading import ArticleError, decode_article


def _check(text: str) -> None:
    for m in geoparse(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert -90 <= m.lat <= 90 and -180 <= m.lon <= 180


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gives_valid_offsets(text: str) -> None:
    _check(text)


place_words = st.sampled_from(["Mali", "Niger", "Tin Zaouatine", "AES", "northern Mali", "Algerian", "Paris", "the",
                               "Ky.", "U.S.", "of", "\u2028", "’s", "-", "\n", "  ", "ÉCOWAS", "Ниамей", "نيامي"])


@settings(max_examples=200, deadline=None)
@given(st.lists(place_words, max_size=60).map(" ".join))
def test_place_heavy_text_gives_valid_offsets(text: str) -> None:
    _check(text)
    _check(text.upper())


@pytest.mark.parametrize("text", ["", " ", "\n\n\t", "\x00\x01\x02", "A" * 10_000, "MALI NIGER ALGERIA " * 200])
def test_edge_cases(text: str) -> None:
    _check(text)


def test_the_largest_text_is_parsed_or_refused_clearly() -> None:
    text = ("Fighting near Gao and Kidal in northern Mali continued. " * 180_000)[:MAX_TEXT_CHARS]
    mentions = parse_document(make_document(text))
    # the first MAX_MENTIONS_PER_ARTICLE mentions, in text order, resolved as in a short article
    assert len(mentions) == MAX_MENTIONS_PER_ARTICLE
    assert [m.text for m in mentions[:3]] == ["Gao", "Kidal", "northern Mali"]
    assert mentions[-1].start < len(text) // 10
    with pytest.raises(ArticleError, match="limit"):
        make_document(text + "x")


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "no text"), (b"\x00\x01binary\x00", "binary"), (b"caf\xe9 au lait", "UTF-8"), (b"a" * 6_000_000, "limit")],
)
def test_bad_uploads_get_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        decode_article(data, filename="upload.txt")


def test_hostile_html_is_reduced_to_text() -> None:
    html = b"<html><script>alert(1)</script><p>Clashes in <b>Gao</b>.</p><img src=x onerror=alert(2)></html>"
    text = decode_article(html, filename="a.html")
    assert "alert" not in text and "Gao" in text
