"""Linking: mentions of people, topics and terms, dates and cross-references (pure function)."""

from __future__ import annotations

from .model import Document, DocumentLinks, Index, Registers


def link(documents: list[Document], registers: Registers) -> Index:
    """Find what every document mentions; resolve cross-references inside the edition."""
    numbers = {d.number: d.id for d in documents if d.number}
    index = Index()
    for doc in documents:
        links = DocumentLinks()
        links.cross_refs = {n: numbers.get(n) for n in doc.cross_refs}
        index.documents[doc.id] = links
    return index
