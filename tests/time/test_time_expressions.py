"""Date expressions in sentences and the intervals they resolve to (geo.time.find_dates)."""

from __future__ import annotations

from datetime import date

import pytest

from geo.text.document import make_document
from geo.time import find_dates, parse_published


def _dates(text: str, published: str | None) -> list[tuple[str, str, str]]:
    doc = make_document(text)
    found = find_dates(doc, parse_published(published))
    for d in found:
        assert doc.text[d.start_char:d.end_char] == d.text
    return [(d.text, d.start.isoformat(), d.end.isoformat()) for d in found]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # absolute
        ("The treaty was signed in July 2024 in Niamey.", "2025-04", ("July 2024", "2024-07-01", "2024-07-31")),
        ("The attack took place on 31 March 2025 near Gao.", None, ("31 March 2025", "2025-03-31", "2025-03-31")),
        ("The vote was held on March 31, 2025.", None, ("March 31, 2025", "2025-03-31", "2025-03-31")),
        ("The bloc was set up in 2023.", None, ("2023", "2023-01-01", "2023-12-31")),
        ("Officers who seized power in a 2021 coup.", None, ("2021", "2021-01-01", "2021-12-31")),
        ("Results came out on 2025-04-03.", None, ("2025-04-03", "2025-04-03", "2025-04-03")),
        ("The town was founded in the 1890s.", None, ("the 1890s", "1890-01-01", "1899-12-31")),
        ("Kidnappings rose in the first quarter of 2022.", None,
         ("the first quarter of 2022", "2022-01-01", "2022-03-31")),
        ("Output fell in Q3 2024.", None, ("Q3 2024", "2024-07-01", "2024-09-30")),
        # parts and seasons
        ("Mid-April 2024 saw the first joint operation.", None, ("Mid-April 2024", "2024-04-11", "2024-04-20")),
        ("In the summer of 2012, rebels seized Gao.", None, ("the summer of 2012", "2012-06-01", "2012-08-31")),
        ("Early 2013 saw French troops land.", None, ("Early 2013", "2013-01-01", "2013-04-30")),
        ("The mission left at the end of 2023.", None, ("the end of 2023", "2023-11-01", "2023-12-31")),
        ("The coup came in the early 2000s.", None, ("the early 2000s", "2000-01-01", "2003-12-31")),
        # year-less: the occurrence nearest the publication date, past unless the clause looks ahead
        ("The drone was destroyed on March 31.", "2025-04", ("March 31", "2025-03-31", "2025-03-31")),
        ("Protests broke out on December 28.", "2021-01-15", ("December 28", "2020-12-28", "2020-12-28")),
        ("Elections will be held on 15 December.", "2024-08-02", ("15 December", "2024-12-15", "2024-12-15")),
        ("The rains came in May.", "2025-04-09", ("May", "2024-05-01", "2024-05-31")),
        ("Elections will be held in May.", "2025-04-09", ("May", "2025-05-01", "2025-05-31")),
        ("The emergency was extended until June.", "2025-03-06", ("June", "2025-06-01", "2025-06-30")),
        # relative to the publication date
        ("The army said on Saturday it had retaken the town.", "2025-04-09",
         ("Saturday", "2025-04-05", "2025-04-05")),
        ("Talks will resume on Saturday.", "2025-04-09", ("Saturday", "2025-04-12", "2025-04-12")),
        ("Fighting broke out last week in Kidal.", "2025-04-09", ("last week", "2025-03-31", "2025-04-06")),
        ("The convoy was hit yesterday.", "2025-04-09", ("yesterday", "2025-04-08", "2025-04-08")),
        ("Three days ago, a bus struck a mine.", "2025-04-09", ("Three days ago", "2025-04-06", "2025-04-06")),
        ("Two years ago the border closed.", "2025-04-09", ("Two years ago", "2023-01-01", "2023-12-31")),
        ("Aid arrived over the weekend.", "2025-04-09", ("the weekend", "2025-04-05", "2025-04-06")),
        ("Over the past two weeks, violence spiked.", "2025-04-09",
         ("the past two weeks", "2025-03-26", "2025-04-09")),
        ("Earlier this year, the junta dissolved the parties.", "2025-04-09",
         ("Earlier this year", "2025-01-01", "2025-04-09")),
        ("The bridge should reopen early next year.", "2025-04-09", ("early next year", "2026-01-01", "2026-04-30")),
        ("The summit opens next Monday.", "2025-04-09", ("next Monday", "2025-04-14", "2025-04-14")),
        ("Gunmen struck on Christmas Eve.", "2024-12-30", ("Christmas Eve", "2024-12-24", "2024-12-24")),
        ("Protesters marched this past weekend.", "2025-04-09", ("this past weekend", "2025-04-05", "2025-04-06")),
        ("Harvests failed in autumn.", "2025-04-09", ("autumn", "2024-09-01", "2024-11-30")),
        # known only to the month: every day it may denote
        ("The move was announced late Monday.", "2025-04", ("late Monday", "2025-03-31", "2025-04-28")),
        ("Yesterday, the ministry confirmed it.", "2025-04", ("Yesterday", "2025-03-31", "2025-04-29")),
        ("The ministers met last month.", "2025-04", ("last month", "2025-03-01", "2025-03-31")),
        # ranges
        ("It was destroyed during the night of March 31 to April 1.", "2025-04",
         ("the night of March 31 to April 1", "2025-03-31", "2025-04-01")),
        ("Between July 25 and July 27, families fled.", "2024-08-02",
         ("Between July 25 and July 27", "2024-07-25", "2024-07-27")),
        ("Between July 25 and 27 families fled.", "2024-08-02",
         ("Between July 25 and 27", "2024-07-25", "2024-07-27")),
        ("The talks ran from 12 to 14 March in Lomé.", "2024-04-02",
         ("from 12 to 14 March", "2024-03-12", "2024-03-14")),
        ("The drought from 2019 to 2021 hit the Sahel.", None, ("from 2019 to 2021", "2019-01-01", "2021-12-31")),
        ("The 2021-22 season was hard.", None, ("2021-22", "2021-01-01", "2022-12-31")),
        ("Protests ran from December 28 to January 3, 2021.", None,
         ("from December 28 to January 3, 2021", "2020-12-28", "2021-01-03")),
        ("From Monday to Wednesday, schools stayed shut.", "2024-10-05",
         ("From Monday to Wednesday", "2024-09-30", "2024-10-02")),
    ],
)
def test_expression_and_interval(text: str, published: str | None, expected: tuple[str, str, str]) -> None:
    assert _dates(text, published) == [expected]


def test_shift_from_an_event_dated_elsewhere_in_the_article() -> None:
    text = ("The drone was destroyed during the night of March 31 to April 1 near Tin Zaouatine. "
            "A month before the drone incident, army chiefs met in Niamey.")
    assert _dates(text, "2025-04")[1] == ("A month before the drone incident", "2025-02-01", "2025-03-31")


def test_shift_from_a_stem_of_the_event_word() -> None:
    text = "The dam collapsed on 10 September 2024. Three weeks after the collapse, residents were in camps."
    assert _dates(text, "2024-10-05")[1] == ("Three weeks after the collapse", "2024-10-01", "2024-10-01")


def test_shift_from_a_date_written_in_it_and_from_the_previous_date() -> None:
    assert _dates("Two days after the March 3 attack, police arrested five men.", "2025-04-09") == [
        ("Two days after the March 3 attack", "2025-03-05", "2025-03-05")]
    assert _dates("The vote was on 2 October. A week later, the results came.", "2025-04-09") == [
        ("2 October", "2024-10-02", "2024-10-02"), ("A week later", "2024-10-09", "2024-10-09")]


def test_unresolvable_expressions_are_left_out() -> None:
    assert _dates("The troops left the next day.", "2025-04-09") == []  # no date before it
    assert _dates("Weeks before the disaster, the mayor warned.", "2025-04-09") == []  # undated event
    assert _dates("The army said on Saturday it retook Gao in 2013.", None) == [("2013", "2013-01-01", "2013-12-31")]


def test_a_year_in_the_sentence_settles_a_year_less_date_when_the_publication_cannot() -> None:
    assert _dates("The 2020 rainy season brought floods in late August.", "2020") == [
        ("2020", "2020-01-01", "2020-12-31"), ("late August", "2020-08-21", "2020-08-31")]


@pytest.mark.parametrize(
    "text",
    [
        "The 5,000-strong force was 10 kilometers away, two kilometers from the border.",
        "Bayraktar TB2 drones, quoted by Tribune South Africa, flew at 10 a.m.",
        "The unit has 2000 troops and about 1500 vehicles; turnout was 38 per cent.",
        "Under Resolution 2391 and the Agenda 2063, Vision 2030 was adopted.",
        "Officials may close the border, April Ryan said; the March was peaceful.",
        "On Good Friday, the Good Friday Agreement was remembered at a Christmas market.",
        "M23 rebels, Channel 4 News and the 3rd Battalion fought for three weeks along the N2.",
        "The suspect, 22, served 18 months of a two and a half years sentence; Bus 14 carried 43 passengers.",
        "Code 123-2021 was printed on Flight 302 tickets, 2-1 after extra time.",
        # house numbers: the store's timeline once ran from the year 1000 because of them
        "The clinic is located at 1950 E. Harmon Street, next to the school.",
        "Deputies were called to the 1400 block of Elm Ridge.",
        "The museum moved to 1875 Old Mill Road.",
        "Fires damaged two houses at 1920 and 1932 N. Lakeview Avenue.",
    ],
)
def test_not_dates(text: str) -> None:
    assert _dates(text, "2025-04-09") == []


def test_a_french_house_number_is_no_year() -> None:
    doc = make_document("Elle vit au 1930 rue des Lilas depuis 2019.")
    assert [d.text for d in find_dates(doc, parse_published("2025-04-09"), language="fr")] == ["2019"]


@pytest.mark.parametrize(("text", "year"), [
    ("By 2023 Main Street had changed beyond recognition.", "2023"),
    ("The 2021 Street Festival drew crowds.", "2021"),
    ("In 1998 Route 9 was widened.", "1998"),
])
def test_a_year_before_a_street_name_is_still_a_year(text: str, year: str) -> None:
    assert [d[0] for d in _dates(text, "2025-04-09")] == [year]


def test_granularity_and_kind() -> None:
    doc = make_document("In January 2025 and late Monday, from 2019 to 2021, a month before the 2 March vote.")
    found = {d.text: (d.granularity, d.kind) for d in find_dates(doc, parse_published("2025-04-09"))}
    assert found["January 2025"] == ("month", "absolute")
    assert found["late Monday"] == ("day", "relative")
    assert found["from 2019 to 2021"] == ("year", "range")
    assert found["a month before the 2 March vote"] == ("month", "anchored")


def test_the_interval_covers_every_possible_day_of_a_month_known_publication() -> None:
    doc = make_document("The army said on Saturday that it had retaken the town.")
    (found,) = find_dates(doc, parse_published("2025-04"))
    assert (found.start, found.end) == (date(2025, 3, 29), date(2025, 4, 26))  # Saturdays on or before 1 and 30 April
