"""The article as HTML with every place mention marked, coloured by kind (pure functions).

Every piece of article text, place name and id passes through ``geo.render.escape.escape_text``; the
only markup in the output is the ``<mark>``/``<span>``/``<div>`` this module writes itself, so a
hostile article shows as text. Colours and kind labels are the map's (``geo.render.style``,
``geo.vocabulary``), so text and map read alike.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from geo.dashboard.timeline import interval_label
from geo.model import Document, Mention, Place, SentenceLink
from geo.render.escape import escape_text, highlight
from geo.render.style import kind_color, shade_breaks, shade_classes
from geo.settings import MAX_SENTENCES_SHOWN
from geo.vocabulary import Kind, kind_label

CSS = """
<style>
.na-text { white-space: pre-wrap; line-height: 1.65; font-size: 0.95rem; max-height: 560px; overflow-y: auto;
  padding: 0.6rem 0.8rem; border: 1px solid rgba(49,51,63,.2); border-radius: 0.5rem; background: #fff; }
.na-text h4 { margin: 0 0 .4rem; font-size: 1.05rem; white-space: normal; }
.na-m { background: color-mix(in srgb, var(--c) 22%, white); border-bottom: 2px solid var(--c);
  padding: 0 2px; border-radius: 3px; color: inherit; }
.na-text.na-has-sel .na-m { opacity: .55; }
.na-text.na-has-sel .na-m.na-sel { opacity: 1; background: #ffe066; outline: 2px solid var(--c);
  font-weight: 600; }
.na-m.na-fix { border-bottom-style: double; }
.na-legend-row { display: flex; flex-wrap: wrap; gap: .3rem .8rem; font-size: .85rem; margin: .3rem 0; }
.na-chip { display: inline-block; width: .9rem; height: .9rem; border-radius: 3px; vertical-align: -2px;
  margin-right: .3rem; background: color-mix(in srgb, var(--c) 22%, white); border-bottom: 2px solid var(--c); }
.na-sents { margin: .2rem 0 .6rem; padding-left: 1.3rem; }
.na-sents li { margin-bottom: .35rem; }
.na-sents mark { background: #ffe066; padding: 0 1px; border-radius: 2px; }
.na-when { display: block; color: #1f4e79; font-size: .8rem; font-weight: 600; }
.na-src { display: block; color: #777; font-size: .8rem; font-style: italic; }
</style>
"""


esc = escape_text


def highlight_article(
    text: str,
    mentions: Iterable[Mention],
    *,
    selected: str | None = None,
    corrected: Collection[tuple[int, int]] = (),
    title: str = "",
) -> str:
    """``text`` as escaped HTML with each mention in a ``<mark>`` coloured by its place's kind.

    Marks of the ``selected`` place id get the class ``na-sel`` (the others dim); mentions whose
    offsets are in ``corrected`` get ``na-fix``. A mention inside another ("Sahel" in "Alliance of
    Sahel States") is a mark inside the other's mark; crossing or out-of-range mentions are skipped.
    """
    out: list[str] = []
    pos = 0
    open_ends: list[int] = []  # ends of the marks currently open, innermost last

    def close_until(limit: int) -> None:
        nonlocal pos
        while open_ends and open_ends[-1] <= limit:
            end = open_ends.pop()
            out.append(esc(text[pos:end]) + "</mark>")
            pos = end

    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.start < 0 or m.end > len(text) or m.start >= m.end:
            continue
        close_until(m.start)
        if m.start < pos or (open_ends and m.end > open_ends[-1]):
            continue  # crosses a mark already open
        classes = ["na-m", f"na-k-{_css_token(m.place.kind)}"]
        if selected is not None and m.place.id == selected:
            classes.append("na-sel")
        if (m.start, m.end) in corrected:
            classes.append("na-fix")
        label = f"{m.place.name} · {m.place.kind}" + (f" · {m.place.country_code}" if m.place.country_code else "")
        out += [
            esc(text[pos:m.start]),
            f'<mark class="{" ".join(classes)}" style="--c:{kind_color(m.place.kind)}" '
            f'data-place="{esc(m.place.id)}" data-start="{m.start}" title="{esc(label)}">',
        ]
        pos = m.start
        open_ends.append(m.end)
    close_until(len(text))
    out.append(esc(text[pos:]))
    has_sel = " na-has-sel" if selected is not None else ""
    heading = f"<h4>{esc(title)}</h4>" if title and not _opens_with(text, title) else ""
    return f'<div class="na-text{has_sel}">{heading}{"".join(out)}</div>'


def scroll_to_selection_script(selected: str, doc_id: str) -> str:
    """A script (for ``components.html``, a same-origin frame) that scrolls the article pane of the page to
    its first mark of the selected place, without scrolling the page. Naming the place and the article
    makes the frame new when either changes, so the script runs again."""
    import json

    key = json.dumps([selected, doc_id]).replace("<", "\\u003c")
    return f"""<script>
const key = {key};  // the selection this frame scrolls to
const started = Date.now();
function scroll() {{
  const doc = window.parent.document;
  const mark = doc.querySelector(".na-text mark.na-sel");
  if (!mark) {{ if (Date.now() - started < 3000) setTimeout(scroll, 100); return; }}
  const pane = mark.closest(".na-text");
  const offset = mark.getBoundingClientRect().top - pane.getBoundingClientRect().top;
  pane.scrollTop = Math.max(0, pane.scrollTop + offset - pane.clientHeight / 3);
}}
scroll();
</script>"""


def _opens_with(text: str, title: str) -> bool:
    """Whether the text's first line is the title (then the title is not shown twice)."""
    first = next((line for line in text[:2000].splitlines() if line.strip()), "")
    head = " ".join(title.removesuffix("…").split())
    return bool(head) and " ".join(first.split()).startswith(head)


def legend(kinds: Iterable[str]) -> str:
    """A row of colour chips, one per kind present (in first-seen order)."""
    items = [f'<span><i class="na-chip" style="--c:{kind_color(k)}"></i>{esc(kind_label(k))}</span>'
             for k in dict.fromkeys(kinds)]
    return f'<div class="na-legend-row">{"".join(items)}</div>'


def shading_legend(counts: dict[str, int]) -> str:
    """The map's country shading classes in use (as the static map's legend)."""
    items = [f'<span><i class="na-chip" style="background:{color};border:1px solid #999"></i>{label}</span>'
             for label, color in shade_classes(counts, shade_breaks(counts))]
    if not items:
        return ""
    return f'<div class="na-legend-row"><b>Mentions per country</b>{"".join(items)}</div>'


def sentence_list(links: Sequence[SentenceLink], *, limit: int = MAX_SENTENCES_SHOWN) -> str:
    """An ordered list of sentences (``geo.model.SentenceLink``), mentions marked, with the article
    title under each; at most ``limit``, then a line saying how many more there are."""
    items = []
    for link in links[:limit]:
        source = link.get("title") or link.get("doc_id") or "Untitled article"
        when = interval_label(link)
        when_html = f'<span class="na-when">{esc(when)}</span>' if when else ""
        items.append(f'<li>{when_html}{highlight(link["text"], link["spans"])}'
                     f'<span class="na-src">{esc(source)}</span></li>')
    if len(links) > limit:
        more = len(links) - limit
        items.append(f'<li class="na-more">… and {more:,} more sentence{"s" if more != 1 else ""} '
                     f"(the first {limit:,} are listed)</li>")
    return f'<ol class="na-sents">{"".join(items)}</ol>'


def _css_token(value: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in value)


def claim_marks(doc: Document, claims: Iterable[Any]) -> tuple[Mention, ...]:
    """Marks for the spatial claims of ``doc`` (layers rows of kind claim: ``place_id``, ``name``, ``lat``,
    ``lon``, ``country_code``, ``confidence``, ``sentences``): each claim's words in the article, so that
    selecting a claim highlights them in the text like any place. Spans that do not fit the text are left out.
    """
    marks = []
    for row in claims:
        place = Place(id=str(row.place_id), name=str(row.name), kind=Kind.CLAIM,
                      country_code=str(row.country_code or ""), lat=float(row.lat), lon=float(row.lon))
        for link in row.sentences:
            index = int(link["sentence"])
            if not 0 <= index < len(doc.sentences):
                continue
            sentence = doc.sentences[index]
            for start, end in link["spans"]:
                first, last = sentence.start + int(start), sentence.start + int(end)
                if sentence.start <= first < last <= sentence.end:
                    marks.append(Mention(start=first, end=last, text=doc.text[first:last], sentence=index,
                                         place=place, confidence=float(row.confidence)))
    return tuple(marks)
