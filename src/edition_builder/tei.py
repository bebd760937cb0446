"""Document ⇄ TEI P5 with lxml; registers → TEI lists; the edition's TEI download as a zip.

The TEI keeps the record's text exactly: markup is only ever added around characters, never in place of
them, so the text of a block element (without its notes) is the block's `text`. That is what lets
`tei_to_document` read an exported file back into the same record, and TEI serve as an input format.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from .model import (
    Block,
    Collection,
    Correction,
    DateRef,
    Document,
    DocumentLinks,
    Footnote,
    NoteRef,
    Person,
    Registers,
    Span,
)

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"

# Elements whose content is other elements only: safe to indent. Everything else may be mixed content,
# where added whitespace would change the text.
STRUCTURAL = {
    "TEI", "teiHeader", "fileDesc", "titleStmt", "respStmt", "publicationStmt", "availability", "notesStmt",
    "relatedItem", "sourceDesc", "biblStruct", "monogr", "imprint", "encodingDesc", "classDecl", "taxonomy",
    "category", "profileDesc", "creation", "langUsage", "textClass", "keywords", "particDesc", "listPerson",
    "person", "text", "front", "back", "body", "div", "sp", "argument", "list", "item", "bibl",
}  # fmt: skip

# Footnote.resp ⇄ note/@type: the TEI names the kind of note, the record names who is responsible.
RESP_TO_TYPE = {"editor": "editorial", "original": "original"}
TYPE_TO_RESP = {v: k for k, v in RESP_TO_TYPE.items()}

LANGUAGE_CODES = {
    "english": "en", "russian": "ru", "german": "de", "french": "fr", "polish": "pl", "czech": "cs",
    "slovak": "sk", "hungarian": "hu", "romanian": "ro", "bulgarian": "bg", "serbian": "sr", "croatian": "hr",
    "ukrainian": "uk", "italian": "it", "spanish": "es", "chinese": "zh", "albanian": "sq", "finnish": "fi",
}  # fmt: skip

# xsd:date, xsd:gYearMonth, xsd:gYear: what @when accepts; other EDTF values go to @when-custom.
W3C_DATE = re.compile(r"-?\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
BRACKET = re.compile(r"\[([^\[\]\n]*)\]")
GAP_MARK = re.compile(r"\s*(…|\.\s?\.\s?\.)\s*")
SIC_MARK = re.compile(r"\s*sic!?\s*", re.IGNORECASE)
# Supplied words are short; a longer bracketed sentence is an editorial remark, left as plain text.
SUPPLIED_MAX_WORDS = 5
# "[i.e., …]", "[see …]": the editor explains rather than supplies missing words; left as plain text
GLOSS_MARK = re.compile(r"\s*(i\.\s?e\.|e\.\s?g\.|viz\.|cf\.|see\b)", re.IGNORECASE)
CROSS_REF = re.compile(r"\b(?:Documents?|Doc\.)\s+(?:No\.?\s*|Nos\.?\s*|#\s*)?(\d+[A-Za-z]?)\b")


# XML 1.0 cannot hold these at all; they become U+FFFD rather than stop the build (a transcript's stray
# control character is the only way they arrive)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return NOT_XML.sub("\ufffd", value)


def _el(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    names = {(f"{{{XML_NS}}}{k[4:]}" if k.startswith("xml_") else k.replace("_", "-")): v for k, v in attrs.items()}
    clean = {k: _xml_text(v) for k, v in names.items() if v is not None}
    el = (
        etree.Element(T + tag, clean, nsmap={None: TEI_NS})
        if parent is None
        else etree.SubElement(parent, T + tag, clean)
    )
    if text is not None:
        el.text = _xml_text(text)
    return el


def _serialise(root: etree._Element) -> bytes:
    _indent(root, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _indent(el: etree._Element, level: int) -> None:
    name = etree.QName(el).localname
    children = list(el)
    if name not in STRUCTURAL or not children or (el.text or "").strip():
        return
    if any((c.tail or "").strip() for c in children):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in children:
        child.tail = pad
        _indent(child, level + 1)
    children[-1].tail = "\n" + "  " * level


def _ncname(prefix: str, ident: str) -> str:
    """An xml:id: the prefix keeps it a valid NCName whatever the register id starts with."""
    return _xml_id(prefix + ident)


def _xml_id(raw: str) -> str:
    """`raw` made a valid NCName (an xml:id may not start with a digit or hyphen)."""
    ident = re.sub(r"[^A-Za-z0-9._-]", "-", raw)
    return ident if re.match(r"[A-Za-z_]", ident) else "_" + ident


def _date_attrs(when: str | None) -> dict[str, str | None]:
    if when is None:
        return {}
    if W3C_DATE.fullmatch(when):
        return {"when": when}
    parts = when.split("/")
    if len(parts) == 2 and all(W3C_DATE.fullmatch(p) for p in parts):
        return {"from": parts[0], "to": parts[1]}
    return {"when_custom": when} if when and not re.search(r"\s", when) else {}


def _date_when(el: etree._Element) -> str | None:
    if el.get("when") is not None:
        return el.get("when")
    if el.get("from") is not None and el.get("to") is not None:
        return f"{el.get('from')}/{el.get('to')}"
    return el.get("when-custom")


# --- document → TEI ------------------------------------------------------------------------


@dataclass
class _Mark:
    """A stretch of text to wrap in an element (or, for gap, to replace by one holding it)."""

    start: int
    end: int
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    atomic: bool = False  # nothing may be placed strictly inside (a gap's desc)
    corr: str | None = None  # for choice: the editor's correction of the marked (printed) text


@dataclass
class _Context:
    doc: Document
    links: DocumentLinks
    registers_url: str
    document_url: Callable[[str], str] | None
    note_ids: dict[int, str]
    targets: dict[int, int | None]  # id(NoteRef) → index of the footnote it calls
    inline: bool
    placed: set[int] = field(default_factory=set)

    def ref(self, prefix: str, ident: str) -> str:
        """A pointer to a register entry in the registers TEI."""
        return f"{self.registers_url}#{_ncname(prefix, ident)}"


def document_to_tei(
    doc: Document,
    links: DocumentLinks | None = None,
    *,
    edition_title: str = "",
    editors: tuple[str, ...] = (),
    publisher: str = "",
    licence: str = "",
    licence_url: str = "",
    url: str = "",
    language: str = "en",
    registers: Registers | None = None,
    registers_url: str = "registers.xml",
    document_url: Callable[[str], str] | None = None,
) -> bytes:
    """Serialise one document as a TEI P5 file (UTF-8 bytes, indented, deterministic)."""
    links = links or DocumentLinks()
    root = _el(None, "TEI", xml_id=_xml_id(doc.id), xml_lang=language or None)
    targets = {id(ref): target for _, ref, target in _call_targets(doc)}
    ctx = _Context(doc, links, registers_url, document_url, _note_ids(doc), targets, _notes_in_call_order(doc))
    _header(root, doc, links, ctx, edition_title, editors, publisher, licence, licence_url, url, language, registers)
    text = _el(root, "text")
    if doc.summary is not None or doc.headnote:
        front = _el(text, "front")
        if doc.summary is not None:
            argument = _el(front, "argument")
            _el(argument, "p", doc.summary)
        if doc.headnote:
            _blocks(_el(front, "div", type="headnote"), doc.headnote, "headnote", ctx)
    body = _el(text, "body")
    _blocks(body, doc.body, "body", ctx)
    rest = [i for i in range(len(doc.footnotes)) if i not in ctx.placed]
    if rest:
        # notes no call points to (or all notes, when calls run out of the notes' order), in record order
        div = _el(_el(text, "back"), "div", type="notes")
        for i in rest:
            _note(div, i, ctx)
    return _serialise(root)


def _note_ids(doc: Document) -> dict[int, str]:
    ids: dict[int, str] = {}
    seen: set[str] = set()
    for i, fn in enumerate(doc.footnotes):
        base = _xml_id(f"{doc.id}-fn{fn.n}")
        ident, k = base, 1
        while ident in seen:
            k += 1
            ident = f"{base}-{k}"
        seen.add(ident)
        ids[i] = ident
    return ids


def _call_targets(doc: Document) -> Iterator[tuple[Block, NoteRef, int | None]]:
    """Every call in reading order with the footnote index it points to (the first unused one with its n)."""
    by_n: dict[str, list[int]] = {}
    for i, fn in enumerate(doc.footnotes):
        by_n.setdefault(fn.n, []).append(i)
    used: set[int] = set()
    for block in doc.headnote + doc.body:
        for ref in sorted(block.notes, key=lambda r: r.offset):
            candidates = by_n.get(ref.n, [])
            target = next((i for i in candidates if i not in used), candidates[0] if candidates else None)
            if target is not None:
                used.add(target)
            yield block, ref, target


def _notes_in_call_order(doc: Document) -> bool:
    """Whether placing notes at their first call (uncalled ones after) keeps the record's order of notes."""
    order: list[int] = []
    for _, _, target in _call_targets(doc):
        if target is not None and target not in order:
            order.append(target)
    order += [i for i in range(len(doc.footnotes)) if i not in order]
    return order == list(range(len(doc.footnotes)))


def _header(
    root: etree._Element,
    doc: Document,
    links: DocumentLinks,
    ctx: _Context,
    edition_title: str,
    editors: tuple[str, ...],
    publisher: str,
    licence: str,
    licence_url: str,
    url: str,
    language: str,
    registers: Registers | None,
) -> None:
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    if doc.title is not None:
        _el(title_stmt, "title", doc.title, type="main")
    else:
        _el(title_stmt, "title", doc.number and f"Document No. {doc.number}" or doc.id, type="supplied")
    if edition_title:
        _el(title_stmt, "title", edition_title, type="series")
    for name in doc.authors:
        _el(title_stmt, "author", name)
    for name in doc.translators:
        resp = _el(title_stmt, "respStmt")
        _el(resp, "resp", "translated by")
        _el(resp, "name", name)
    pub = _edition_statements(title_stmt, file_desc, editors, publisher or edition_title, url)
    _el(pub, "idno", doc.id, type="document-id")
    _el(pub, "idno", doc.source_format, type="source-format")
    _el(pub, "idno", doc.kind, type="kind")
    if doc.number is not None:
        _el(pub, "idno", doc.number, type="document-number")
    avail = _el(pub, "availability")
    _el(avail, "licence", licence or "All rights reserved", target=licence_url or None)

    if doc.cross_refs:
        notes_stmt = _el(file_desc, "notesStmt")
        for number in doc.cross_refs:
            item = _el(notes_stmt, "relatedItem", type="cross-ref", n=number)
            target = links.cross_refs.get(number)
            href = ctx.document_url(target) if target and ctx.document_url else None
            _el(item, "ref", f"Document No. {number}", target=href)

    source_desc = _el(file_desc, "sourceDesc")
    if doc.collection is not None:
        _collection(source_desc, doc.collection)
    if doc.source is not None:
        _el(source_desc, "bibl", doc.source, type="archival")
    if doc.url is not None:
        online = _el(source_desc, "bibl", type="online")
        _el(online, "idno", doc.url, type="URI")
    if not len(source_desc):
        _el(source_desc, "p", "Source not stated.")

    profile = _el(header, "profileDesc")
    if doc.date is not None:
        creation = _el(profile, "creation")
        _el(creation, "date", doc.date.text, **_date_attrs(doc.date.when))
    lang_usage = _el(profile, "langUsage")
    _el(lang_usage, "language", _language_name(language), ident=language or "und", usage="100")
    if doc.original_language is not None:
        _el(lang_usage, "language", doc.original_language, ident=_language_code(doc.original_language), n="original")
    topics = {t.id: t for t in registers.topics} if registers else {}
    if links.topics:
        keywords = _el(_el(profile, "textClass"), "keywords", scheme=f"{ctx.registers_url}#topics")
        for mention in links.topics:
            label = topics[mention.id].label if mention.id in topics else mention.id
            _el(keywords, "term", label, ref=ctx.ref("topic-", mention.id), n=str(mention.count))
    # the speakers as labelled; sameAs points to the register entry when linking identified the person
    speakers: dict[str, str | None] = {}
    for part, blocks in (("headnote", doc.headnote), ("body", doc.body)):
        for i, block in enumerate(blocks):
            if block.speaker:
                speakers[block.speaker] = speakers.get(block.speaker) or links.speakers.get((part, i))
    if speakers:
        list_person = _el(_el(profile, "particDesc"), "listPerson", type="speakers")
        for name in sorted(speakers):
            person_id = speakers[name]
            same_as = ctx.ref("person-", person_id) if person_id else None
            person = _el(list_person, "person", xml_id=_speaker_id(name), sameAs=same_as)
            _el(person, "persName", name)


def _collection(parent: etree._Element, coll: Collection) -> None:
    monogr = _el(_el(parent, "biblStruct", type="collection"), "monogr")
    if coll.title is not None:
        _el(monogr, "title", coll.title)
    else:
        _el(monogr, "title", type="missing")
    for name in coll.editors:
        _el(monogr, "editor", name)
    imprint = _el(monogr, "imprint")
    if coll.publisher is not None:
        _el(imprint, "publisher", coll.publisher)
    if coll.year is not None:
        _el(imprint, "date", coll.year, **_date_attrs(coll.year))
    if not len(imprint):
        _el(imprint, "date", type="missing")


def _language_code(value: str) -> str:
    if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
        return value
    return LANGUAGE_CODES.get(value.strip().lower(), "und")


def _language_name(code: str) -> str:
    names = {v: k.capitalize() for k, v in LANGUAGE_CODES.items()}
    return names.get(code.split("-")[0], code)


def _speaker_id(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "speaker-" + (re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "unnamed")


def _blocks(container: etree._Element, blocks: list[Block], part: str, ctx: _Context) -> None:
    """Blocks as TEI: a head opens a division and a closer ends one, so split into <div>s where needed."""
    indexed = list(enumerate(blocks))
    sections: list[list[tuple[int, Block]]] = []
    for i, block in indexed:
        current = sections[-1] if sections else None
        starts_new = (
            current is None
            or (block.type == "head" and any(b.type != "head" for _, b in current))
            or (block.type != "closer" and current[-1][1].type == "closer")
        )
        if starts_new:
            sections.append([])
        sections[-1].append((i, block))
    if len(sections) <= 1:
        _section(container, sections[0] if sections else [], part, ctx)
        return
    for section in sections:
        _section(_el(container, "div", type="section"), section, part, ctx)


def _section(parent: etree._Element, section: list[tuple[int, Block]], part: str, ctx: _Context) -> None:
    heads = [(i, b) for i, b in section if b.type == "head"]
    closers = [(i, b) for i, b in section if b.type == "closer"]
    middle = [(i, b) for i, b in section if b.type not in ("head", "closer")]
    for i, block in heads:
        _inline(_el(parent, "head", n=block.n), block.text, block.notes, (part, i), ctx)
    turn: etree._Element | None = None
    for i, block in middle:
        if block.speaker is not None or block.speaker_note is not None:
            turn = _el(parent, "sp", who="#" + _speaker_id(block.speaker or ""))
            speaker = _el(turn, "speaker", block.speaker)
            if block.speaker_note is not None:
                _el(speaker, "seg", block.speaker_note, type="speaker-note")
        target = turn if turn is not None else parent
        # a block type TEI has no element for (should a parser add one) keeps its name on an <ab>
        el = _el(target, "p", n=block.n) if block.type == "p" else _el(target, "ab", type=block.type, n=block.n)
        _inline(el, block.text, block.notes, (part, i), ctx)
    if not middle:
        # TEI wants some text between a division's heads and its closers; this marker holds none.
        _el(parent, "ab", type="empty")
    for i, block in closers:
        _inline(_el(parent, "closer", n=block.n), block.text, block.notes, (part, i), ctx)


def _inline(el: etree._Element, text: str, calls: list[NoteRef], key: tuple[str, int], ctx: _Context) -> None:
    """Fill `el` with `text`, its links and editorial marks as elements, and the notes at their calls."""
    points = sorted(((r.offset, j) for j, r in enumerate(calls)), key=lambda p: p)
    offsets = [o for o, _ in points]
    marks = _accepted(_marks(text, ctx.links.spans.get(key, []), ctx), offsets)
    _fill(el, text, 0, len(text), marks, points, calls, ctx, top=True)


def _fill(
    el: etree._Element,
    text: str,
    start: int,
    end: int,
    marks: list[_Mark],
    points: list[tuple[int, int]],
    calls: list[NoteRef],
    ctx: _Context,
    top: bool = False,
) -> None:
    """Write text[start:end] into el, nesting the marks that lie inside and placing calls by offset."""
    pos = start
    last: etree._Element | None = None

    def put(chunk: str) -> None:
        nonlocal last
        if not chunk:
            return
        chunk = _xml_text(chunk)
        if last is None:
            el.text = (el.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk

    def calls_until(limit: int, inclusive: bool) -> None:
        nonlocal pos, last
        while points and (points[0][0] < limit or (inclusive and points[0][0] == limit)):
            offset, j = points.pop(0)
            put(text[pos:offset])
            pos = max(pos, offset)
            last = _call(el, calls[j], ctx)

    inside = [m for m in marks if m.start >= start and m.end <= end]
    outer: list[_Mark] = []
    for m in inside:
        if not any(o.start <= m.start and m.end <= o.end for o in outer):
            outer.append(m)
    for mark in outer:
        calls_until(mark.start, inclusive=True)
        put(text[pos : mark.start])
        child = _el(el, mark.tag, **mark.attrs)
        inner = [m for m in marks if m is not mark and mark.start <= m.start and m.end <= mark.end]
        if mark.atomic:
            _el(child, "desc", text[mark.start : mark.end])
        elif mark.tag == "choice":
            # the printed word stays the text (sic); the editor's reading sits beside it (corr)
            _fill(_el(child, "sic"), text, mark.start, mark.end, inner, points, calls, ctx)
            _el(child, "corr", mark.corr)
        else:
            _fill(child, text, mark.start, mark.end, inner, points, calls, ctx)
        last, pos = child, mark.end
    # a call at the very end of a mark stands after it; at the top level every remaining call is placed
    calls_until(len(text) + 1 if top else end, inclusive=top)
    put(text[pos:end])


def _call(parent: etree._Element, ref: NoteRef, ctx: _Context) -> etree._Element:
    target = ctx.targets.get(id(ref))
    if target is None:
        return _el(parent, "anchor", type="note-call", n=ref.n)
    if ctx.inline and target not in ctx.placed:
        return _note(parent, target, ctx)
    return _el(parent, "ptr", type="note-call", n=ref.n, target="#" + ctx.note_ids[target])


def _note(parent: etree._Element, i: int, ctx: _Context) -> etree._Element:
    fn = ctx.doc.footnotes[i]
    ctx.placed.add(i)
    kind = RESP_TO_TYPE.get(fn.resp, fn.resp) if fn.resp is not None else None
    # @type says whose note it is; no @resp, since an editorial note is the source editors', not ours
    note = _el(parent, "note", place="foot", n=fn.n, type=kind, xml_id=ctx.note_ids[i])
    marks = _accepted(_marks(fn.text, ctx.links.spans.get(("footnotes", i), []), ctx), [])
    _fill(note, fn.text, 0, len(fn.text), marks, [], [], ctx, top=True)
    return note


def _marks(text: str, spans: Iterable[Span], ctx: _Context) -> list[_Mark]:
    marks: list[_Mark] = []
    for s in spans:
        if not (0 <= s.start < s.end <= len(text)):
            continue
        if s.kind == "person":
            marks.append(_Mark(s.start, s.end, "persName", {"ref": ctx.ref("person-", s.ref)}))
        elif s.kind == "topic":
            marks.append(_Mark(s.start, s.end, "rs", {"type": "topic", "ref": ctx.ref("topic-", s.ref)}))
        elif s.kind == "term":
            marks.append(_Mark(s.start, s.end, "term", {"ref": ctx.ref("term-", s.ref)}))
        elif s.kind == "date":
            marks.append(_Mark(s.start, s.end, "date", _date_attrs(s.when or None)))
    for c in ctx.doc.corrections:
        for start, end in c.occurrences(text):
            marks.append(_Mark(start, end, "choice", corr=c.corr))
    for m in CROSS_REF.finditer(text):
        target = ctx.links.cross_refs.get(m.group(1))
        href = ctx.document_url(target) if target and ctx.document_url else None
        if href:
            marks.append(_Mark(m.start(), m.end(), "ref", {"type": "cross-ref", "target": href}))
        else:
            marks.append(_Mark(m.start(), m.end(), "rs", {"type": "document", "n": m.group(1)}))
    for m in BRACKET.finditer(text):
        inner = m.group(1)
        if GAP_MARK.fullmatch(inner):
            marks.append(_Mark(m.start(), m.end(), "gap", {"reason": "omitted"}, atomic=True))
        elif SIC_MARK.fullmatch(inner):
            word = re.search(r"(\S+)\s*$", text[: m.start()])
            if word:
                marks.append(_Mark(word.start(1), word.end(1), "sic"))
        elif (
            inner.strip()
            and len(inner.split()) <= SUPPLIED_MAX_WORDS
            and not inner.rstrip().endswith(".")
            and not GLOSS_MARK.match(inner)
        ):
            marks.append(_Mark(m.start(1), m.end(1), "supplied", {"reason": "editorial"}))
    return marks


def _accepted(marks: list[_Mark], offsets: list[int]) -> list[_Mark]:
    """Marks that nest properly (XML cannot cross), first come first kept; no call inside an atomic mark."""
    order = {"gap": 0, "supplied": 1, "sic": 1, "ref": 2, "rs": 3, "persName": 3, "term": 4, "date": 4, "choice": 5}
    kept: list[_Mark] = []
    for m in sorted(marks, key=lambda m: (m.start, -m.end, order.get(m.tag, 9))):
        if m.atomic and any(m.start < o < m.end for o in offsets):
            continue
        crosses = any((k.start < m.start < k.end < m.end) or (m.start < k.start < m.end < k.end) for k in kept)
        same = any(k.start == m.start and k.end == m.end and k.tag == m.tag for k in kept)
        inside_atomic = any(k.atomic and k.start <= m.start and m.end <= k.end for k in kept)
        contains_atomic_badly = m.atomic and any(m.start <= k.start and k.end <= m.end for k in kept)
        if not (crosses or same or inside_atomic or contains_atomic_badly):
            kept.append(m)
    return kept


# --- TEI → document ------------------------------------------------------------------------


def tei_to_document(data: bytes, path: str) -> Document:
    """Read a TEI file (as exported, or any simple TEI P5) back into a Document.

    `removed` and `diagnostics` are not carried by the TEI and come back empty; links (people, topics,
    dates mentioned) belong to the linking stage and are found again there.
    """
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    header = root.find(T + "teiHeader")
    idnos = {i.get("type"): i.text or "" for i in root.iterfind(f"{T}teiHeader/{T}fileDesc/{T}publicationStmt/{T}idno")}
    stem = re.sub(r"[^a-z0-9]+", "-", path.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()).strip("-")
    doc = Document(
        id=idnos.get("document-id") or root.get(XML_ID) or stem or "document",
        source_format=idnos.get("source-format") or "tei",
        kind=idnos.get("kind") or "document",
        number=idnos.get("document-number"),
        path=path,
    )
    if header is not None:
        _read_header(header, doc)
    text = root.find(T + "text")
    notes: list[tuple[etree._Element, Footnote]] = []
    if text is not None:
        front = text.find(T + "front")
        if front is not None:
            argument = front.find(T + "argument")
            if argument is not None:
                doc.summary = "\n\n".join(_text(p, [], notes) for p in argument.iterfind(T + "p"))
            for div in front.iterfind(T + "div"):
                if div.get("type") == "headnote":
                    doc.headnote += _read_blocks(div, notes)
        body = text.find(T + "body")
        if body is not None:
            doc.body = _read_blocks(body, notes)
        for note in text.iterfind(f"{T}back//{T}note"):
            _footnote(note, notes)
    doc.footnotes = [fn for _, fn in notes]
    pairs = {}
    for choice in root.iterfind(f".//{T}text//{T}choice"):
        sic, corr = choice.find(T + "sic"), choice.find(T + "corr")
        if sic is not None and corr is not None:
            pairs.setdefault(_plain(sic), _plain(corr))
    doc.corrections = [Correction(sic, corr) for sic, corr in sorted(pairs.items())]
    return doc


def _read_header(header: etree._Element, doc: Document) -> None:
    title_stmt = header.find(f"{T}fileDesc/{T}titleStmt")
    if title_stmt is not None:
        titles = title_stmt.findall(T + "title")
        main = next((t for t in titles if t.get("type") in ("main", None)), None)
        doc.title = _plain(main) if main is not None else None
        doc.authors = [_plain(a) for a in title_stmt.iterfind(T + "author")]
        for resp in title_stmt.iterfind(T + "respStmt"):
            what = (resp.findtext(T + "resp") or "").lower()
            if what == "translated by":
                doc.translators += [_plain(n) for n in resp.iterfind(T + "name")]
    file_desc = header.find(T + "fileDesc")
    if file_desc is not None:
        doc.cross_refs = [
            r.get("n") or "" for r in file_desc.iterfind(f"{T}notesStmt/{T}relatedItem") if r.get("type") == "cross-ref"
        ]
        source_desc = file_desc.find(T + "sourceDesc")
        if source_desc is not None:
            _read_source_desc(source_desc, doc)
    date = header.find(f"{T}profileDesc/{T}creation/{T}date")
    if date is not None:
        doc.date = DateRef(when=_date_when(date), text=_plain(date))
    for lang in header.iterfind(f"{T}profileDesc/{T}langUsage/{T}language"):
        if lang.get("n") == "original":
            doc.original_language = _plain(lang)


def _read_source_desc(source_desc: etree._Element, doc: Document) -> None:
    for child in source_desc:
        kind = child.get("type")
        if child.tag == T + "biblStruct":
            monogr = child.find(T + "monogr")
            if monogr is None:
                continue
            title = monogr.find(T + "title")
            publisher = monogr.find(f"{T}imprint/{T}publisher")
            year = next((d for d in monogr.iterfind(f"{T}imprint/{T}date") if d.get("type") != "missing"), None)
            doc.collection = Collection(
                title=_plain(title) if title is not None and title.get("type") != "missing" else None,
                editors=[_plain(e) for e in monogr.iterfind(T + "editor")],
                publisher=_plain(publisher) if publisher is not None else None,
                year=_plain(year) if year is not None else None,
            )
        elif child.tag == T + "bibl" and kind == "archival":
            doc.source = _plain(child)
        elif child.tag == T + "bibl" and kind == "online":
            doc.url = child.findtext(T + "idno") or None


def _plain(el: etree._Element) -> str:
    return "".join(el.itertext())


def _read_blocks(container: etree._Element, notes: list[tuple[etree._Element, Footnote]]) -> list[Block]:
    blocks: list[Block] = []
    for child in container:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name in ("head", "p", "closer"):
            calls: list[NoteRef] = []
            text = _text(child, calls, notes)
            blocks.append(Block(type=name, text=text, n=child.get("n"), notes=calls))
        elif name == "sp":
            speaker_el = child.find(T + "speaker")
            speaker: str | None = None
            speaker_note: str | None = None
            if speaker_el is not None:
                speaker = speaker_el.text or None
                seg = speaker_el.find(T + "seg")
                speaker_note = _plain(seg) if seg is not None else None
            first = True
            for p in child:
                if p.tag not in (T + "p", T + "ab"):
                    continue
                calls = []
                text = _text(p, calls, notes)
                blocks.append(
                    Block(
                        type=p.get("type", "p") if p.tag == T + "ab" else "p",
                        text=text,
                        n=p.get("n"),
                        speaker=speaker if first else None,
                        speaker_note=speaker_note if first else None,
                        notes=calls,
                    )
                )
                first = False
        elif name == "div":
            blocks += _read_blocks(child, notes)
        elif name == "ab" and child.get("type") == "empty":
            continue
        elif name == "ab" and child.get("type"):
            calls = []
            text = _text(child, calls, notes)
            blocks.append(Block(type=child.get("type"), text=text, n=child.get("n"), notes=calls))  # type: ignore[arg-type]
        elif name in ("ab", "quote", "lg", "list", "table", "floatingText"):
            # other TEI's text blocks: kept as paragraphs so that no text is lost
            calls = []
            blocks.append(Block(type="p", text=" ".join(_text(child, calls, notes).split()), n=child.get("n")))
    return blocks


def _text(el: etree._Element, calls: list[NoteRef], notes: list[tuple[etree._Element, Footnote]]) -> str:
    """The element's text without its notes; note calls go to `calls` with their offsets."""
    out: list[str] = []

    def walk(node: etree._Element) -> None:
        out.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                name = etree.QName(child).localname
                if name == "note" and child.get("place") == "foot":
                    calls.append(NoteRef(child.get("n") or "", sum(map(len, out))))
                    _footnote(child, notes)
                elif name in ("ptr", "anchor") and child.get("type") == "note-call":
                    calls.append(NoteRef(child.get("n") or "", sum(map(len, out))))
                elif name == "choice":
                    printed = child.find(T + "sic")
                    if printed is None:
                        printed = child.find(T + "orig")
                    if printed is not None:
                        walk(printed)
                else:
                    walk(child)
            out.append(child.tail or "")

    walk(el)
    return "".join(out)


def _footnote(note: etree._Element, notes: list[tuple[etree._Element, Footnote]]) -> None:
    if any(el is note for el, _ in notes):
        return
    kind = note.get("type")
    resp = TYPE_TO_RESP.get(kind, kind) if kind is not None else None
    notes.append((note, Footnote(n=note.get("n") or "", text=_text(note, [], notes), resp=resp)))


# --- registers → TEI -----------------------------------------------------------------------


def _edition_statements(
    title_stmt: etree._Element, file_desc: etree._Element, editors: tuple[str, ...], publisher: str, url: str
) -> etree._Element:
    """The edition's editors (respStmt) and its publicationStmt with the file's URL; returns the latter."""
    if editors:
        resp = _el(title_stmt, "respStmt", xml_id="edition-editors")
        _el(resp, "resp", "digital edition by")
        for name in editors:
            _el(resp, "name", name)
    pub = _el(file_desc, "publicationStmt")
    _el(pub, "publisher", publisher or "Edition Builder")
    if url:
        _el(pub, "idno", url, type="URI")
    return pub


def registers_to_tei(
    registers: Registers,
    *,
    edition_title: str = "",
    editors: tuple[str, ...] = (),
    publisher: str = "",
    licence: str = "",
    licence_url: str = "",
    url: str = "",
    language: str = "en",
) -> bytes:
    """The edition's people, topics and glossary as one TEI P5 file (UTF-8 bytes, deterministic)."""
    root = _el(None, "TEI", xml_id="registers", xml_lang=language or None)
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", f"{edition_title}: registers" if edition_title else "Registers", type="main")
    pub = _edition_statements(title_stmt, file_desc, editors, publisher or edition_title, url)
    _el(_el(pub, "availability"), "licence", licence or "All rights reserved", target=licence_url or None)
    _el(_el(file_desc, "sourceDesc"), "p", "Registers compiled by the editors of the edition.")
    if registers.topics:
        taxonomy = _el(_el(_el(header, "encodingDesc"), "classDecl"), "taxonomy", xml_id="topics")
        _el(taxonomy, "desc", "Topics of the edition")
        for topic in registers.topics:
            category = _el(taxonomy, "category", xml_id=_ncname("topic-", topic.id))
            desc = _el(category, "catDesc")
            term = _el(desc, "term", topic.label)
            if topic.description:
                term.tail = ". "
                _el(desc, "gloss", topic.description)
    _el(_el(header, "profileDesc"), "langUsage").append(_language(language))

    body = _el(_el(root, "text"), "body")
    if registers.people:
        div = _el(body, "div", type="people")
        _el(div, "head", "People")
        list_person = _el(div, "listPerson")
        for person in registers.people:
            _person(list_person, person)
    if registers.glossary:
        div = _el(body, "div", type="glossary")
        _el(div, "head", "Abbreviations and terms")
        glossary = _el(div, "list", type="abbreviations")
        for term in registers.glossary:
            item = _el(glossary, "item", xml_id=_ncname("term-", term.id))
            _el(item, "abbr", term.term)
            for form in term.forms:
                _el(item, "abbr", form, type="variant")
            _el(item, "expan", term.expansion)
            if term.description:
                _el(item, "note", term.description)
    if not len(body):
        _el(body, "p", "The edition has no registers yet.")
    return _serialise(root)


def _language(code: str) -> etree._Element:
    return _el(None, "language", _language_name(code), ident=code or "und")


def _person(parent: etree._Element, person: Person) -> None:
    el = _el(parent, "person", xml_id=_ncname("person-", person.id))
    _el(el, "persName", person.name, type="main")
    if person.sort_name != person.name:
        _el(el, "persName", person.sort_name, type="sort")
    for form in person.forms:
        if form not in (person.name, person.sort_name):
            _el(el, "persName", form, type="variant")
    if person.born:
        _el(el, "birth", person.born, **_date_attrs(person.born))
    if person.died:
        _el(el, "death", person.died, **_date_attrs(person.died))
    for role in person.roles:
        start = role.start if role.start and W3C_DATE.fullmatch(role.start) else None
        end = role.end if role.end and W3C_DATE.fullmatch(role.end) else None
        label = role.title
        if (role.start and not start) or (role.end and not end):
            label += f" ({role.start or ''}–{role.end or ''})"
        _el(el, "occupation", label, **{"from": start, "to": end})
    if person.description:
        _el(el, "note", person.description)
    if person.wikidata:
        _el(el, "idno", person.wikidata, type="wikidata")
    if person.viaf:
        _el(el, "idno", person.viaf, type="VIAF")


# --- the download -------------------------------------------------------------------------


def edition_readme(
    *,
    title: str,
    editors: tuple[str, ...],
    licence: str,
    licence_url: str,
    base_url: str,
    documents: int,
) -> str:
    """README.txt of the TEI download: what is in it, the licence and how to cite the edition."""
    who = ", ".join(editors) or "the editors"
    lines = [
        f"{title} — TEI P5 files",
        "",
        f"This archive holds the TEI P5 encoding of the {documents} documents of the edition",
        "(documents/<id>.xml, one file per document) and of its registers of people, topics and",
        "abbreviations (registers.xml). Every file validates against the TEI P5 tei_all schema.",
        "",
        "Licence",
        f"  {licence}" + (f" ({licence_url})" if licence_url else ""),
        "",
        "Citation",
        f"  {who} (eds.), {title}. {base_url}",
        '  Cite a single document by its URL, given in each file\'s <publicationStmt> (idno type="URI").',
        "",
    ]
    return "\n".join(lines)


ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def edition_zip(files: dict[str, bytes], readme: str, *, folder: str = "") -> bytes:
    """A byte-deterministic zip of `files` plus README.txt: sorted entries, fixed timestamps and modes."""
    entries = dict(files)
    entries["README.txt"] = readme.encode("utf-8")
    prefix = folder.strip("/") + "/" if folder.strip("/") else ""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(prefix + name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, entries[name], compresslevel=9)
    return buf.getvalue()
