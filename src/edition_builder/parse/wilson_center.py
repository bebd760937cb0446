"""Parser for the wilson-center source format (stub: to be written)."""

from __future__ import annotations

from ..model import Block, Document
from .common import collapse, split_blocks

NAME = "wilson-center"


def detect(text: str, suffix: str) -> float:
    """How sure we are (0..1) that text is in this format."""
    return 0.0


def parse(text: str, doc: Document) -> None:
    """Fill doc from text."""
    blocks = split_blocks(text)
    if blocks:
        doc.title = collapse(blocks[0].text)
    for b in blocks[1:]:
        doc.body.append(Block("p", collapse(b.text), line=b.line))
