"""What a reader sees on clicking or hovering a place or a claim, and the map's legend; escaped HTML.

Every string from an article, a file name or the gazetteer passes through ``escape_text`` once, and
only escaped pieces are joined into the HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.claims import claim_props
from geo.claims.rows import UNATTRIBUTED_COLOR
from geo.model import CLAIM_COLUMN
from geo.render.escape import escape_text, highlight
from geo.render.style import SHADE_BREAKS, area_style, country_label, format_coords, kind_color, shade_classes
from geo.vocabulary import Kind, is_area_kind, kind_label

#: Longest sentence excerpt shown in a popup, and most sentences listed per place.
EXCERPT_CHARS = 360
MAX_SENTENCES = 40


def excerpt(text: str, spans: Sequence[Sequence[int]], limit: int = EXCERPT_CHARS) -> tuple[str, list[list[int]]]:
    """Cut a long sentence to about ``limit`` characters around its first span; spans shifted."""
    if len(text) <= limit or not spans:
        return text, [list(s) for s in spans]
    first = spans[0][0]
    start = max(0, min(first - limit // 3, len(text) - limit))
    end = start + limit
    kept = [[s - start, e - start] for s, e in spans if s >= start and e <= end]
    prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
    shift = len(prefix)
    return prefix + text[start:end] + suffix, [[s + shift, e + shift] for s, e in kept]


def popup_html(row: Any, limit: int = MAX_SENTENCES) -> str:
    """Popup of a place: name, kind, country, coordinates, then the first ``limit`` sentences that mention
    it, the mention highlighted and the article title beside it. Built from escaped pieces only."""
    sentences = list(getattr(row, "sentences", None) or [])
    meta = [escape_text(row.kind)]
    if row.country_code:
        meta.append(escape_text(country_label(row.country_code)))
    meta.append(escape_text(format_coords(row.lat, row.lon)))
    n = int(row.mentions)
    meta.append(f"{n} mention{'s' if n != 1 else ''}")
    items = []
    for link in sentences[:limit]:
        text, spans = excerpt(link["text"], link["spans"])
        title = link.get("title") or link.get("doc_id") or "Untitled article"
        items.append(f'<li><span class="na-sent">{highlight(text, spans)}</span>'
                     f'<span class="na-src">{escape_text(title)}</span></li>')
    more = len(sentences) - limit
    if more > 0:
        items.append(f'<li class="na-more">… and {more} more sentence{"s" if more != 1 else ""}</li>')
    return (f'<div class="na-pop"><div class="na-name">{escape_text(row.name)}</div>'
            f'<div class="na-meta">{" · ".join(meta)}</div><ol class="na-sents">{"".join(items)}</ol></div>')


def tooltip_text(row: Any) -> str:
    """Short hover label: name and kind, escaped."""
    return f"<b>{escape_text(row.name)}</b> · {escape_text(row.kind)}"


def legend_html(counts: dict[str, int], kinds: Sequence[str], extra: str = "",
                breaks: tuple[int, ...] = SHADE_BREAKS) -> str:
    """Legend: what the country fill counts (only the classes used), then the symbol of each kind on the map
    and what a dot's size means."""
    rows = [f'<span><i class="na-sw" style="background:{color}"></i>{label}</span>'
            for label, color in shade_classes(counts, breaks)]
    symbols, points = [], False
    for kind in dict.fromkeys(kinds):
        if not is_area_kind(kind):
            points = True
            swatch = f'<i class="na-dot" style="background:{kind_color(kind)}"></i>'
        else:
            style = area_style(kind)
            dash = "dashed" if "dashArray" in style else "solid"
            swatch = f'<i class="na-sw" style="border:2px {dash} {style["color"]};background:none"></i>'
        symbols.append(f"<div>{swatch}{escape_text(kind_label(kind))}</div>")
    shading = ('<div class="na-lh">Country fill: mentions in the articles</div>'
               f'<div class="na-shades">{"".join(rows)}</div>'
               '<div class="na-note">a country counts its own mentions and those of its towns, provinces and '
               'parts</div>') if rows else ""
    size_note = '<div class="na-note">a dot grows with its mentions</div>' if points else ""
    kinds_html = f'<div class="na-lh">Places, by kind</div>{"".join(symbols)}{size_note}' if symbols else ""
    return f'<div class="na-legend">{shading}{kinds_html}{extra}</div>'


def claim_popup_html(row: Any) -> str:
    """Popup of a claim: label, claimant, quantity, how it is drawn, and its sentence with the expression
    highlighted; every string shown goes through ``escape_text``."""
    p = claim_props(row)
    color = escape_text(p.get("color", UNATTRIBUTED_COLOR))
    who = p.get("claimant", "")
    if p.get("claimant_surface") and p.get("claimant_surface") != who:
        who = f"{who} (“{p['claimant_surface']}”)"
    items = "".join(f"<li>{escape_text(n)}</li>" for n in p.get("notes", []))
    links = list(getattr(row, "sentences", None) or [])
    sentence = highlight(links[0]["text"], links[0]["spans"]) if links else escape_text(p.get("sentence", ""))
    title = escape_text(p.get("title") or p.get("doc_id") or "")
    return (f'<div class="na-pop na-claim"><div class="na-name" style="border-left:6px solid {color};'
            f'padding-left:6px">{escape_text(p.get("label", ""))}</div>'
            f'<div class="na-meta">claim · claimant: <b>{escape_text(who)}</b> · '
            f'quantity: {escape_text(p.get("quantity", ""))}'
            f'</div><ol class="na-sents"><li><span class="na-sent">{sentence}</span>'
            f'<span class="na-src">{title}</span></li></ol>'
            f'<div class="na-meta">how it is drawn:</div><ul class="na-notes">{items}</ul></div>')


def claim_tooltip(row: Any) -> str:
    """Hover label of a claim: its short name and claimant, escaped."""
    return f"<b>{escape_text(getattr(row, 'name', ''))}</b> · claim"


def claims_legend_html(layers: Any) -> str:
    """Legend lines: one swatch per claimant colour (empty when the layers hold no claim)."""
    if CLAIM_COLUMN not in getattr(layers, "columns", ()):
        return ""
    seen: dict[str, str] = {}
    for value in layers[CLAIM_COLUMN]:
        if isinstance(value, dict):
            seen.setdefault(value.get("claimant", ""), value.get("color", UNATTRIBUTED_COLOR))
    if not seen:
        return ""
    rows = "".join(f'<div><i class="na-sw" style="background:{escape_text(color)};opacity:.7"></i>'
                   f"{escape_text(name)}</div>" for name, color in seen.items())
    return f'<div class="na-lh">Claims, by claimant</div>{rows}'


def place_popup_html(row: Any, limit: int = MAX_SENTENCES) -> str:
    """The popup of any layer row: a claim's or a place's (with at most ``limit`` sentences)."""
    return claim_popup_html(row) if row.kind == Kind.CLAIM else popup_html(row, limit)


def place_tooltip(row: Any) -> str:
    """The hover label of any layer row: a claim's or a place's."""
    return claim_tooltip(row) if row.kind == Kind.CLAIM else tooltip_text(row)
