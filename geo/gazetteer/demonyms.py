"""Demonyms and country adjectives ("Algerian", "Burkinabè", "Nigeriens") -> ISO 3166-1 alpha-2.

The table ``data/gazetteer/demonyms.csv`` is authored by hand: one row per form, only forms
that denote a single country (no "Arab", "Tuareg", "Congolese", "Dominican", "Korean").
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from geo import settings

DEMONYMS_FILE = settings.GAZETTEER_DATA_DIR / "demonyms.csv"


def read_demonyms(path: Path) -> dict[str, str]:
    """Parse a ``country_code,demonym`` CSV; a form listed for two countries is an error."""
    table: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            form, code = row["demonym"].strip(), row["country_code"].strip().upper()
            if not form or len(code) != 2:
                raise ValueError(f"{path}:{line}: bad row {row}")
            if table.get(form, code) != code:
                raise ValueError(f"{path}:{line}: {form!r} maps to {table[form]} and {code}")
            table[form] = code
    return table


@cache
def load_demonyms() -> dict[str, str]:
    """Every demonym form (as written, e.g. "Nigerien") mapped to its ISO a2 country code."""
    return read_demonyms(DEMONYMS_FILE)
