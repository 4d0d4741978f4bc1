"""The dashboard's timeline bars (geo.dashboard.timeline.timeline_chart): plain HTML the page draws without a
chart library."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from geo.dashboard.timeline import SOURCE_COLORS, Window, counts, timeline_chart


def dated(*rows: tuple[date, str, int]) -> pd.DataFrame:
    """Rows as ``dated_mentions`` gives them (each mention on one day)."""
    return pd.DataFrame({"start": [r[0] for r in rows], "end": [r[0] for r in rows], "source": [r[1] for r in rows],
                         "mentions": [r[2] for r in rows]})


def bars(html: str) -> list[dict[str, str]]:
    return [{"style": s, "title": t} for s, t in re.findall(r'<i style="([^"]*)" title="([^"]*)"></i>', html)]


def test_bars_stack_by_source_and_scale_to_the_tallest() -> None:
    per = counts(dated((date(2024, 1, 5), "text", 3), (date(2024, 1, 9), "published", 1),
                       (date(2024, 3, 2), "text", 2)), "month")
    html = timeline_chart(per, None, "month")
    shown = bars(html)
    assert [b["title"] for b in shown] == ["Jan 2024: 3 mentions dated by the text",
                                           "Jan 2024: 1 mention dated by the publication date",
                                           "Mar 2024: 2 mentions dated by the text"]
    heights = [float(re.search(r"height:([\d.]+)%", b["style"]).group(1)) for b in shown]  # type: ignore[union-attr]
    assert heights == [75.0, 25.0, 50.0]  # January's 4 is the tallest bar: 100 %
    assert "bottom:75.00%" in shown[1]["style"], "the publication-dated part sits on the text-dated part"
    assert 'aria-label="Mentions per month, Jan 2024 to Mar 2024: 5 dated by the text, 1 dated by the publication' \
        in html
    assert ">Jan 2024<" in html and ">Mar 2024<" in html  # the axis


def test_buckets_outside_the_window_are_pale() -> None:
    per = counts(dated((date(2024, 1, 5), "text", 3), (date(2024, 3, 2), "text", 2)), "month")
    html = timeline_chart(per, Window(date(2024, 3, 1), date(2024, 3, 31)), "month")
    january, march = bars(html)
    assert SOURCE_COLORS["text"][1] in january["style"] and january["title"].endswith("(outside the window)")
    assert SOURCE_COLORS["text"][0] in march["style"] and "outside" not in march["title"]


def test_no_dates_no_chart() -> None:
    assert timeline_chart(counts(dated(), "month"), None, "month") == ""
