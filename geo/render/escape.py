"""Escaping: the one way untrusted text (articles, titles, file and place names) reaches a page."""

from __future__ import annotations

import html
from collections.abc import Sequence


def escape_text(value: object) -> str:
    """HTML-escape ``value`` and neutralise the characters special in JS template literals.

    The one helper for every string shown on a map: ``html.escape(quote=True)``, then
    ``\\`` → ``&#92;``, backtick → ``&#96;``, ``$`` → ``&#36;`` (folium puts popup and tooltip HTML
    inside JavaScript template literals).
    """
    text = html.escape(str(value), quote=True)
    return text.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def highlight(text: str, spans: Sequence[Sequence[int]]) -> str:
    """Escaped ``text`` with each span wrapped in ``<mark>`` (overlapping spans merged)."""
    out, pos = [], 0
    for start, end in sorted((max(s, 0), min(e, len(text))) for s, e in spans):
        start = max(start, pos)
        if start >= end:
            continue
        out += [escape_text(text[pos:start]), "<mark>", escape_text(text[start:end]), "</mark>"]
        pos = end
    out.append(escape_text(text[pos:]))
    return "".join(out)
