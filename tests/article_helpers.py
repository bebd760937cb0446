"""Helpers shared by the article-format tests on invented transcripts (unseen_article, holdout_article)."""

from __future__ import annotations

from edition_builder.model import Block, Document


def paragraphs(doc: Document) -> list[Block]:
    """The body's paragraphs (headings and closers left out)."""
    return [b for b in doc.body if b.type == "p"]


def heads(doc: Document) -> list[str]:
    """The text of every heading of the body."""
    return [b.text for b in doc.body if b.type == "head"]


def notes(doc: Document) -> dict[str, str]:
    """Note number → note text."""
    return {f.n: f.text for f in doc.footnotes}


def anchors(doc: Document) -> dict[str, str]:
    """The 60 characters of text right before each call."""
    return {r.n: b.text[: r.offset][-60:] for b in doc.body for r in b.notes}
