"""Fit the calibrated confidence (geo.nlp.confidence.WEIGHTS) and its threshold on the dev corpora.

Run: .venv/bin/python benchmarks/calibrate_confidence.py
Parses TR-News and LGL, labels every predicted mention as eval_geoparser.py does (right: within 161 km or the
gold point inside its area; wrong: resolved elsewhere or no gold toponym; mentions of gold toponyms without
coordinates left out), fits a logistic model over geo.nlp.confidence.EVIDENCE (L2-regularised, Newton steps),
checks it across corpora (fitted on one, applied to the other), then fits on both and prints the weights and
the lowest threshold at which at least 95 % of each corpus's mentions are right. Paste them into
geo/nlp/confidence.py and geo/settings.py (CONFIDENT_MIN); eval_geoparser.py --reliability then shows the table.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_geoparser  # noqa: E402

from geo.nlp.confidence import EVIDENCE  # noqa: E402

TARGET = 0.95
#: A threshold must keep at least this many mentions (a handful of top mentions proves nothing).
MIN_KEPT = 50
L2 = 1.0


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression weights (last one the intercept) by Newton's method with an L2 penalty."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], L2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(x @ w[:-1] + w[-1], -30, 30)))


def threshold(p: np.ndarray, y: np.ndarray, target: float = TARGET) -> float:
    """Lowest threshold at which the mentions at or above it are right at least ``target`` of the time."""
    for t in np.unique(np.round(p, 3)):
        kept = p >= t
        if kept.sum() >= MIN_KEPT and y[kept].mean() >= target:
            return float(t)
    return 1.0


def report(name: str, p: np.ndarray, y: np.ndarray, t: float) -> None:
    kept = p >= t
    print(f"  {name}: at or above {t:.3f}: {kept.sum()} of {len(y)} mentions ({kept.mean():.1%}), "
          f"{y[kept].mean():.3f} right; below: {y[~kept].mean():.3f} right")


def main() -> None:
    data = {}
    for corpus in ("trnews", "lgl"):
        rows, predictions, _, _ = eval_geoparser.predict(corpus)
        labelled = eval_geoparser.tally(rows, predictions).labelled
        data[corpus] = (np.array([m.evidence for m, _ in labelled]), np.array([r for _, r in labelled], dtype=float))
    print("cross-corpus check (fitted on one corpus, threshold chosen there, applied to the other):")
    for train, test in (("trnews", "lgl"), ("lgl", "trnews")):
        w = fit(*data[train])
        t = threshold(predict(w, data[train][0]), data[train][1])
        report(f"fitted on {train}, {train}", predict(w, data[train][0]), data[train][1], t)
        report(f"fitted on {train}, {test}", predict(w, data[test][0]), data[test][1], t)
    x = np.vstack([data[c][0] for c in data])
    y = np.concatenate([data[c][1] for c in data])
    w = fit(x, y)
    t = max(threshold(predict(w, data[c][0]), data[c][1]) for c in data)
    print(f"fitted on both; threshold {t:.3f} (the higher of the two corpora's):")
    for c in data:
        report(c, predict(w, data[c][0]), data[c][1], t)
    print("\nWEIGHTS = (")
    for name, value in zip(EVIDENCE, w[:-1], strict=True):
        print(f"    {value:.4f},  # {name}")
    print(f")\nINTERCEPT = {w[-1]:.4f}\nCONFIDENT_MIN = {t:.3f}")


if __name__ == "__main__":
    main()
