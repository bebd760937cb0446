"""Choose the source format of a transcript from the formats' own detectors.

Each format module scores the text (0..1); the best score wins when it reaches THRESHOLD, ties going to the
format listed first (deterministic). A detector that fails scores 0: detection must never stop a parse.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

THRESHOLD = 0.5


def score_formats(text: str, suffix: str, formats: Iterable[ModuleType]) -> list[tuple[ModuleType, float]]:
    """Every format's score for text, in the order given (a failing detector scores 0)."""
    scores: list[tuple[ModuleType, float]] = []
    for module in formats:
        try:
            score = float(module.detect(text, suffix))
        except Exception:  # a detector bug must not stop the parse; the text falls to the others
            score = 0.0
        scores.append((module, score if 0.0 <= score <= 1.0 else 0.0))
    return scores


def detect_format(text: str, suffix: str, formats: Iterable[ModuleType]) -> tuple[ModuleType | None, float]:
    """The best-scoring format module for text (None when no score reaches the threshold)."""
    best: tuple[ModuleType | None, float] = (None, 0.0)
    for module, score in score_formats(text, suffix, formats):
        if score > best[1]:
            best = (module, score)
    return best if best[1] >= THRESHOLD else (None, best[1])
