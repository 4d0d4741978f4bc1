"""The visible text of any HTML (scripts, styles and other non-text elements dropped): the fallback when
trafilatura finds no article body in a page (``geo.text.webpage``)."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})
    _BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "section",
            "article",
            "header",
            "footer",
            "blockquote",
            "title",
            "ul",
            "ol",
            "table",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip_depth:
            self._skip_depth -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page: scripts, styles and other non-text elements dropped."""
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    lines = (re.sub(r"[ \t\f\v]+", " ", line).strip() for line in "".join(extractor.parts).splitlines())
    return "\n".join(line for line in lines if line)
