"""Choose the source format of a transcript from the formats' own detectors."""

from __future__ import annotations

from types import ModuleType
from typing import Iterable

THRESHOLD = 0.5


def detect_format(text: str, suffix: str, formats: Iterable[ModuleType]) -> tuple[ModuleType | None, float]:
    """The best-scoring format module for text (None when no score reaches the threshold)."""
    best: tuple[ModuleType | None, float] = (None, 0.0)
    for module in formats:
        score = module.detect(text, suffix)
        if score > best[1]:
            best = (module, score)
    return best if best[1] >= THRESHOLD else (None, best[1])
