"""Helpers shared by the tests of the web formats on invented transcripts (unseen_web, holdout_web)."""

from __future__ import annotations

from pathlib import Path

from edition_builder.model import Block, Document, SourceFile
from edition_builder.parse import parse_source

# What a Wilson Center page prints around a document, never part of its text.
WC_FURNITURE = ["**", "Citation:", "Summary:", "Original Language:", "Contents:", "Translation - English", "##"]


def parse_path(path: Path) -> Document:
    """Parse a fixture the way the build does (format detection, then the parser)."""
    return parse_source(SourceFile(str(path), path.read_bytes()))


def block_n(doc: Document, n: str) -> Block:
    """The one headnote or body block printed with number n."""
    found = [b for b in doc.headnote + doc.body if b.n == n]
    assert len(found) == 1, f"paragraph {n}: {len(found)} blocks"
    return found[0]


def call_after(block: Block, n: str) -> str | None:
    """The text before note n's call in block (None when the block does not call it)."""
    offsets = [r.offset for r in block.notes if r.n == n]
    return " ".join(block.text[: offsets[0]].split()) if offsets else None
