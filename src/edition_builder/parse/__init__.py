"""Parsers: one module per source format, chosen by `detect`, plus sidecar overrides.

A format module has `NAME`, `detect(text) -> float` (0..1) and `parse(text, doc) -> None`,
which fills the Document in place and reports diagnostics on it. Adding a format is one new
module and one line in `FORMATS`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..model import Block, Collection, DateRef, Document, Footnote, SourceFile
from . import article, markdown, openedition, plain, wilson_center
from .common import decode
from .detect import detect_format

FORMATS = (openedition, wilson_center, article, markdown)
FALLBACK = plain


def parse_source(source: SourceFile) -> Document:
    """Parse one corpus file into a Document, applying its sidecar's overrides."""
    doc = Document(id="", source_format="plain", path=source.path)
    text = decode(source.data, doc)
    module, score = detect_format(text, Path(source.path).suffix, FORMATS)
    if module is None:
        module = FALLBACK
        if text.strip():
            doc.diagnose(
                "warning",
                "unknown-format",
                "no known source format recognised; parsed as a plain transcript "
                "(title line, optional date line, paragraphs, notes at the end)",
                1,
            )
    doc.source_format = module.NAME
    try:
        module.parse(text, doc)
    except Exception as err:  # a parser bug must not lose the text: fall back and say so
        doc = Document(id="", source_format="plain", path=source.path)
        text = decode(source.data, doc)
        doc.diagnose("error", "parser-failed", f"{module.NAME} parser failed ({err!r}); parsed as plain", 1)
        plain.parse(text, doc)
    if not doc.title:
        doc.diagnose("warning", "title-missing", "no title found", 1)
    doc.id = document_id(doc)
    if source.sidecar:
        apply_sidecar(doc, source.sidecar, source.sidecar_path or source.path)
    return doc


def document_id(doc: Document) -> str:
    """A stable id: from the source's own document number, else from the file name."""
    if doc.number and doc.kind == "document":
        return "doc-" + slug(doc.number)
    return slug(Path(doc.path).stem) or "document"


def slug(text: str) -> str:
    """Lower-case ASCII letters, digits and hyphens only."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


SCALAR_FIELDS = ("id", "title", "number", "kind", "url", "summary", "original_language", "source")
LIST_FIELDS = ("authors", "translators", "cross_refs")


def apply_sidecar(doc: Document, sidecar: dict[str, Any], sidecar_path: str) -> None:
    """Replace parsed values by the editor's sidecar values, reporting each as `override`."""

    def note(field_name: str, old: Any, new: Any) -> None:
        doc.diagnostics.append(
            _override(sidecar_path, f"{field_name}: sidecar replaces {old!r} by {new!r}")
        )

    for key, value in sidecar.items():
        if key in SCALAR_FIELDS:
            note(key, getattr(doc, key), value)
            setattr(doc, key, None if value is None else str(value))
        elif key in LIST_FIELDS:
            note(key, getattr(doc, key), value)
            setattr(doc, key, [str(v) for v in value or []])
        elif key == "date":
            new = _date_override(value)
            note(key, doc.date.when if doc.date else None, new.when if new else None)
            doc.date = new
        elif key == "collection":
            note(key, doc.collection, value)
            doc.collection = Collection(**value) if value else None
        elif key == "headnote_length":
            moved = _move_headnote(doc, int(value))
            note(key, moved[0], moved[1])
        elif key == "speakers":
            for n, who in (value or {}).items():
                block = next((b for b in doc.body + doc.headnote if b.n == str(n)), None)
                if block is None:
                    doc.diagnose("warning", "override", f"sidecar names paragraph {n}, which does not exist")
                    continue
                note(f"speaker of paragraph {n}", block.speaker, who)
                block.speaker = who
        elif key == "footnote_resp":
            for n, resp in (value or {}).items():
                fn = next((f for f in doc.footnotes if f.n == str(n)), None)
                if fn is not None:
                    note(f"resp of note {n}", fn.resp, resp)
                    fn.resp = resp
        else:
            doc.diagnose("warning", "override", f"unknown sidecar key {key!r} ignored ({sidecar_path})")


def _override(path: str, message: str) -> Any:
    from ..model import Diagnostic

    return Diagnostic("info", "override", message, path, None)


def _date_override(value: Any) -> DateRef | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return DateRef(when=value.get("when"), text=str(value.get("text") or value.get("when")))
    return DateRef(when=str(value), text=str(value))


def _move_headnote(doc: Document, length: int) -> tuple[int, int]:
    """Make the first `length` paragraphs (headnote + body, in order) the headnote."""
    blocks: list[Block] = doc.headnote + doc.body
    old = len(doc.headnote)
    doc.headnote, doc.body = blocks[:length], blocks[length:]
    return old, length


__all__ = ["parse_source", "FORMATS", "Footnote", "slug", "document_id", "apply_sidecar"]
