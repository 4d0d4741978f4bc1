"""Build benchmarks/french_dev.jsonl (the gold schema of ../shared/eval) from benchmarks/french_dev.md.

Run: .venv/bin/python benchmarks/make_french_dev.py
Each "[surface|key]" of the marked-up passages becomes a toponym with its character offsets in the plain
text and the gold point of ``key`` from the table at the end of the file ("-": no point).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "french_dev.md"
TARGET = HERE / "french_dev.jsonl"
_MARK = re.compile(r"\[([^\[\]|]+)\|([^\[\]|]+)\]")


def read_points(lines: list[str]) -> dict[str, tuple[float, float]]:
    points = {}
    for line in lines:
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 4 and not line.startswith("#"):
            points[parts[0]] = (float(parts[1]), float(parts[2]))
    return points


def build() -> list[dict]:
    text = SOURCE.read_text(encoding="utf-8")
    blocks = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    table_start = text.index("# --- gold points")
    points = read_points(text[table_start:].splitlines())
    rows = []
    for block in blocks:
        header, _, body = block.partition("\n")
        body = body.split("# --- gold points")[0].strip()
        doc_id, date = (p.strip() for p in header.split("|"))
        plain, toponyms, pos = "", [], 0
        for m in _MARK.finditer(body):
            plain += body[pos : m.start()]
            surface, key = m.group(1), m.group(2).strip()
            start = len(plain)
            plain += surface
            lat, lon = points[key] if key != "-" else (None, None)
            toponyms.append({"start": start, "end": len(plain), "name": surface, "lat": lat, "lon": lon, "key": key})
            pos = m.end()
        plain += body[pos:]
        for t in toponyms:
            assert plain[t["start"] : t["end"]] == t["name"]
        rows.append({"id": doc_id, "date": date, "lang": "fr", "text": plain, "toponyms": toponyms})
    return rows


def main() -> None:
    rows = build()
    TARGET.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    n = sum(len(r["toponyms"]) for r in rows)
    pointed = sum(t["lat"] is not None for r in rows for t in r["toponyms"])
    print(f"{TARGET.name}: {len(rows)} passages, {n} toponyms ({pointed} with a point)")


if __name__ == "__main__":
    main()
