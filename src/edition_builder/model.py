"""The typed model every stage shares: documents, registers, links and diagnostics.

`Document.to_record()` gives the JSON record fixed by the design ("The record"); fields marked
`internal` in their metadata (source line numbers, the source path) stay out of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any, Literal

BlockType = Literal["p", "head", "closer"]
Level = Literal["error", "warning", "info"]

INTERNAL = {"internal": True}


@dataclass(frozen=True)
class Diagnostic:
    """A finding about one input file, at a line (1-based) when it has one."""

    level: Level
    code: str
    message: str
    file: str = ""
    line: int | None = None

    def to_record(self) -> dict[str, Any]:
        """The diagnostic as it appears in a record."""
        return {
            "level": self.level,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }

    def format(self) -> str:
        """`file:line: level: code: message`, the form editors read in a terminal."""
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.level}: {self.code}: {self.message}"


@dataclass
class NoteRef:
    """A footnote call: note `n` stood at character `offset` of its block's text."""

    n: str
    offset: int


@dataclass
class Block:
    """One unit of text in reading order: a paragraph, a heading or a closer."""

    type: BlockType
    text: str
    n: str | None = None
    speaker: str | None = None
    speaker_note: str | None = None
    notes: list[NoteRef] = field(default_factory=list)
    line: int | None = field(default=None, metadata=INTERNAL)


@dataclass
class Footnote:
    """A note; `resp` is "editor" (the modern editor's), "original" (the source's) or None."""

    n: str
    text: str
    resp: str | None = None
    line: int | None = field(default=None, metadata=INTERNAL)


@dataclass
class DateRef:
    """A date as printed (`text`) and normalised to ISO 8601 / EDTF level 0 (`when`)."""

    when: str | None
    text: str


@dataclass
class Collection:
    """The published collection or journal a document was taken from."""

    title: str | None = None
    editors: list[str] = field(default_factory=list)
    publisher: str | None = None
    year: str | None = None


@dataclass(frozen=True)
class Correction:
    """An editor's correction of a word as printed (from a sidecar): the text keeps `sic`, editions show `corr`."""

    sic: str
    corr: str

    def occurrences(self, text: str) -> list[tuple[int, int]]:
        """Where `sic` stands in text as a whole word (never inside a longer word)."""
        pattern = r"(?<!\w)" + re.escape(self.sic) + r"(?!\w)"
        return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


@dataclass
class Mention:
    """How often a register entry is mentioned in one document."""

    id: str
    count: int


@dataclass
class Document:
    """One parsed source: a primary document or an essay, with its diagnostics."""

    id: str
    source_format: str
    kind: str = "document"
    title: str | None = None
    number: str | None = None
    date: DateRef | None = None
    authors: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    collection: Collection | None = None
    url: str | None = None
    summary: str | None = None
    original_language: str | None = None
    headnote: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    source: str | None = None
    cross_refs: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    people: list[Mention] = field(default_factory=list)
    topics: list[Mention] = field(default_factory=list)
    dates_mentioned: list[DateRef] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    path: str = field(default="", metadata=INTERNAL)

    def to_record(self) -> dict[str, Any]:
        """The JSON-ready record of the design; keys that do not apply are None or []."""
        return _to_plain(self)

    def diagnose(self, level: Level, code: str, message: str, line: int | None = None) -> None:
        """Record a diagnostic about this document's source file."""
        self.diagnostics.append(Diagnostic(level, code, message, self.path, line))


def _to_plain(value: Any) -> Any:
    if isinstance(value, Diagnostic):
        return value.to_record()
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _to_plain(getattr(value, f.name)) for f in fields(value) if not f.metadata.get("internal")}
    if isinstance(value, list):
        return [_to_plain(v) for v in value]
    return value


def document_from_record(record: dict[str, Any]) -> Document:
    """Rebuild a Document from its JSON record (the inverse of `Document.to_record`)."""
    r = dict(record)
    date = r.get("date")
    coll = r.get("collection")
    return Document(
        id=r["id"],
        source_format=r["source_format"],
        kind=r.get("kind") or "document",
        title=r.get("title"),
        number=r.get("number"),
        date=DateRef(**date) if date else None,
        authors=list(r.get("authors") or []),
        translators=list(r.get("translators") or []),
        collection=Collection(**coll) if coll else None,
        url=r.get("url"),
        summary=r.get("summary"),
        original_language=r.get("original_language"),
        headnote=[_block(b) for b in r.get("headnote") or []],
        body=[_block(b) for b in r.get("body") or []],
        footnotes=[Footnote(**f) for f in r.get("footnotes") or []],
        corrections=[Correction(**c) for c in r.get("corrections") or []],
        source=r.get("source"),
        cross_refs=list(r.get("cross_refs") or []),
        people=[Mention(**m) for m in r.get("people") or []],
        topics=[Mention(**m) for m in r.get("topics") or []],
        dates_mentioned=[DateRef(**d) for d in r.get("dates_mentioned") or []],
        removed=list(r.get("removed") or []),
        diagnostics=[Diagnostic(**d) for d in r.get("diagnostics") or []],
    )


def _block(b: dict[str, Any]) -> Block:
    return Block(
        type=b["type"],
        text=b["text"],
        n=b.get("n"),
        speaker=b.get("speaker"),
        speaker_note=b.get("speaker_note"),
        notes=[NoteRef(**a) for a in b.get("notes") or []],
    )


@dataclass(frozen=True)
class SourceFile:
    """A corpus file as found on disk: its bytes and its optional sidecar mapping."""

    path: str
    data: bytes
    sidecar: dict[str, Any] | None = None
    sidecar_path: str | None = None
    # 1-based line of each sidecar key ("speakers", and "speakers.21" for nested keys), for diagnostics
    sidecar_lines: dict[str, int] = field(default_factory=dict)


# --- registers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    """An office a person held, with the years as printed in the register."""

    title: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class Person:
    """A registered person and every name form that refers to them."""

    id: str
    name: str
    sort_name: str
    forms: tuple[str, ...] = ()
    born: str | None = None
    died: str | None = None
    roles: tuple[Role, ...] = ()
    description: str = ""
    wikidata: str | None = None
    viaf: str | None = None


@dataclass(frozen=True)
class Topic:
    """A registered topic and the phrases that signal it."""

    id: str
    label: str
    description: str = ""
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term:
    """A glossary entry: an abbreviation or term and its expansion."""

    id: str
    term: str
    expansion: str
    description: str = ""
    forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registers:
    """The edition's people, topics and glossary."""

    people: tuple[Person, ...] = ()
    topics: tuple[Topic, ...] = ()
    glossary: tuple[Term, ...] = ()


# --- links -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A linked stretch of one block's text: `kind` is person, topic, term or date."""

    kind: str
    ref: str
    start: int
    end: int
    when: str | None = None


@dataclass
class DocumentLinks:
    """What linking found in one document, with spans per block for rendering."""

    people: list[Mention] = field(default_factory=list)
    topics: list[Mention] = field(default_factory=list)
    terms: list[Mention] = field(default_factory=list)
    dates_mentioned: list[DateRef] = field(default_factory=list)
    cross_refs: dict[str, str | None] = field(default_factory=dict)
    # keyed by ("headnote"|"body"|"footnotes", index) → spans in that block's text
    spans: dict[tuple[str, int], list[Span]] = field(default_factory=dict)
    first_context: dict[str, str] = field(default_factory=dict)
    # the person a block's speaker label names (the label is not part of the block text, so no span)
    speakers: dict[tuple[str, int], str] = field(default_factory=dict)
    # the document's own date, normalised when the parser left `when` empty
    date: DateRef | None = None
    # what linking found wrong in this document (also in Index.diagnostics)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class Index:
    """The linking stage's result over the whole edition."""

    documents: dict[str, DocumentLinks] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unknown_people: dict[str, int] = field(default_factory=dict)
    # register id → [(document id, mentions)], most mentions first: what person/topic/glossary pages list
    by_person: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    by_topic: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    by_term: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # document id → [(document id, score)], best first: documents sharing people and topics
    related: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
