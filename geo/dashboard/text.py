"""The one text-only path for Streamlit: untrusted strings shown where Streamlit reads Markdown.

``st.caption``, ``st.subheader``, ``st.error``, expander labels and the like render Markdown: an article
title, a file name or an imported place name could fetch an image from outside (a tracking beacon),
make a link, colour text (``:red[...]``) or typeset LaTeX (``$...$``). ``literal`` turns every
character that Markdown or Streamlit's extensions read as syntax into a numeric character reference,
which Markdown decodes back to that character *as text*: the reader sees exactly the string given.
Streamlit also turns bare URLs and e-mail addresses in text into links after decoding, so a word joiner
(U+2060, invisible) is put inside "://", "www." and "@".
"""

from __future__ import annotations

import re

_AUTOLINK = re.compile(r"(?i)(://|www\.|@)")
WORD_JOINER = "\u2060"

#: ASCII characters with a meaning in CommonMark, GitHub Markdown, remark-math or Streamlit directives.
MARKDOWN_SYNTAX = frozenset("\\`*_{}[]()#+-.!|<>~$:=&\"'^%@")


def literal(text: object) -> str:
    """``text`` for a Streamlit Markdown context, shown as plain text (no Markdown, no HTML)."""
    out = []
    unlinked = _AUTOLINK.sub(lambda m: m.group()[0] + WORD_JOINER + m.group()[1:], str(text))
    for ch in unlinked:
        if ch in MARKDOWN_SYNTAX:
            out.append(f"&#{ord(ch)};")
        elif ch in "\r\n\t":
            out.append(" ")  # a label is one line: no headings or lists from line starts
        else:
            out.append(ch)
    return "".join(out)
