"""Parser for OpenEdition Books pages pasted as text: one document of a printed documentary collection.

The format, top to bottom: site furniture; the book's title and its editors, one per line;
"Document No. N: Title" (the title may end with the date); an optional date line and translator
line; then every paragraph, numbered by the site with the number glued to its first character
("1This …", "41. Our …" is paragraph 4). The editor's headnote comes first and the document
follows; the headnote ends at the first gap of two or more blank lines, the first speaker label, or the
first paragraph that is not prose (a heading, an address, a salutation), whichever comes first; without any
of these it is taken to be the first paragraph, and a diagnostic says so. The last numbered paragraph is
"[Source: …]". The notes follow ("1 Here …"); beside the
text the site shows truncated note previews ("• 1 Here … (...)"). Site furniture closes the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Block, Collection, DateRef, Document, Footnote, NoteRef
from .common import (
    SIGNATURE_RE,
    VALEDICTION_RE,
    RawBlock,
    collapse,
    ends_sentence,
    find_cross_refs,
    find_translators,
    note_resp,
    parse_date,
    place_calls,
    report_calls,
    split_blocks,
    split_names,
    split_speaker,
    starts_lowercase,
    stray_calls,
)

NAME = "openedition"

# Interface strings OpenEdition prints on every page, in its French and English interfaces.
INTERFACE_STRINGS = (
    "Version classique",
    "Version mobile",
    "Classic version",
    "Mobile version",
    "Texte intégral",
    "Full text",
    "Texte",
    "Text",
    "Notes",
    "Plan",
    "Outline",
    "Conditions d’utilisation",
    "Conditions d'utilisation",
    "Terms of use",
    "Volume papier",
    "Printed version",
    "Print version",
    "Rechercher dans OpenEdition Search",
    "Search OpenEdition Search",
    "Vous allez être redirigé vers OpenEdition Search",
    "You will be redirected to OpenEdition Search",
    "Haut de page",
    "Top of page",
    "Auteur",
    "Auteurs",
    "Author",
    "Authors",
    "Référence électronique du chapitre",
    "Electronic reference of the chapter",
    "Référence papier",
    "Référence électronique",
    "Bibliographical reference",
    "Electronic reference",
    "Droits d’auteur",
    "Copyright",
    "Table des matières",
    "Table of contents",
    "Précédent",
    "Suivant",
    "Previous",
    "Next",
    "Citer",
    "Cite",
    "Partager",
    "Share",
    "Ce chapitre est cité par",
    "This chapter is cited by",
    "Cité par",
    "Cited by",
    "Illustrations",
    "Lire",
    "Read",
    "Accès ouvert",
    "Open access",
    "Freemium",
    "Ajouter au panier",
    "Add to cart",
    "Accueil",
    "Home",
    "Catalogue",
    "Catalog",
)
INTERFACE_RE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(s) for s in sorted(INTERFACE_STRINGS, key=len, reverse=True)) + r")\s*:?\s*)+$",
    re.I,
)
# Furniture that may stand above the notes; anything else closes the page.
NOTES_FURNITURE_RE = re.compile(r"^(?:Notes|Note|Bas de page)\s*:?$", re.I)
FULL_TEXT_RE = re.compile(r"^(?:Texte intégral|Full text)\s*$", re.I)
COPYRIGHT_RE = re.compile(
    r"^(?:©|\(c\)|Copyright\s*©?)\s*(?P<publisher>.+?),?\s+(?P<year>1[5-9]\d\d|20\d\d)\s*\.?$", re.I
)
DOC_LINE_RE = re.compile(
    r"^(?P<label>(?:Document|Doc\.)\s+(?:No\.?|Number|n[°ºo]\.?|N°)\s*(?P<num>\d+[A-Za-z]?)\s*[:.–—-]\s*)(?P<title>\S.*)$",
    re.S,
)
TRANSLATOR_LINE_RE = re.compile(
    r"^(?P<label>Traduction de|Traduction par|Traduit par|Traduction\s*:|Translated by|Translation by|"
    r"Translation\s*:|Translators?\s*:)\s*(?P<names>\S.*)$",
    re.I,
)
# The longest headnote a two-line gap may close (the seeds' headnotes run 1-3 paragraphs).
MAX_HEADNOTE = 6
PREVIEW_RE = re.compile(r"^\s*[•·▪]\s*(?P<n>\d+)\b")
NOTE_RE = re.compile(r"^(?P<n>\d+)\s+(?P<text>\S.*)$", re.S)
SOURCE_RE = re.compile(r"^(?P<open>\[\s*Sources?\s*:\s*)(?P<text>.*?)(?P<close>\]?)\s*$", re.S | re.I)
# The place before a closing date line: "Warsaw, ", "East Berlin, ".
PLACE_PREFIX_RE = re.compile(r"(?:[A-ZÀ-ÖØ-Þ][\w’'-]+(?: [A-ZÀ-ÖØ-Þ][\w’'-]+)?,\s*)?")
GLUED_NUMBER_RE = re.compile(r"^(\d+)(?=\S)")


@dataclass
class _Para:
    """A paragraph of the text region before it becomes a Block."""

    type: str
    text: str
    line: int
    n: str | None = None
    gap: int = 0  # longest run of blank lines between the previous paragraph and this one
    notes: list[NoteRef] = field(default_factory=list)
    speaker: str | None = None
    speaker_note: str | None = None


def detect(text: str, suffix: str) -> float:
    """How sure we are (0..1) that text is an OpenEdition page: interface strings and numbered paragraphs."""
    if not text.strip():
        return 0.0
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    # one-word interface strings ("Notes", "Plan") occur in any text; count only the longer ones
    furniture = sum(1 for ln in lines if (INTERFACE_RE.match(ln) and " " in ln) or "OpenEdition" in ln)
    expected, run = 1, 0
    for b in split_blocks(text):
        num = _numbered(b.text, expected) if GLUED_NUMBER_RE.match(b.text) else None
        # the site's number is glued to a word ("1This"); "1. …" and "1) …" are the text's own numbering
        if num and not num[2] and num[1][:1] not in ".)":
            run += 1
            expected += 1
    score = 0.0
    if furniture >= 2:
        score += 0.5
    elif furniture == 1:
        score += 0.2
    if run >= 3:
        score += 0.4
    if any(DOC_LINE_RE.match(ln) for ln in lines[:30]):
        score += 0.1
    return min(score, 0.95)


def _numbered(text: str, expected: int) -> tuple[str, str, bool] | None:
    """(number, text after it, numbering jumped) when text starts with the site's paragraph number."""
    m = re.match(r"\d+", text)
    if not m:
        return None
    digits = m.group(0)
    want = str(expected)
    glued = m.end() < len(text) and not text[m.end()].isspace()
    if not glued:
        # "121 January …": paragraph 12 whose text starts with a number
        if digits.startswith(want) and len(digits) > len(want):
            return want, text[len(want) :], False
        return None
    if digits.startswith(want):
        return want, text[len(want) :], False
    for k in range(1, len(digits) + 1):
        if expected < int(digits[:k]) <= expected + 10:
            return digits[:k], text[k:], True
    return None


def _date_line(text: str) -> DateRef | None:
    """A date when the whole line is (mostly) a date: "March 3, 1989", "Moscow, 13 November 1986"."""
    line = collapse(text)
    if len(line) > 60:
        return None
    d = parse_date(line)
    if d is None or len(line) - len(d.text) > 30 or (d.when and len(d.when) == 4 and len(line) > 8):
        return None
    return DateRef(d.when, line)


def _title_date(title: str) -> DateRef | None:
    """The date printed at the end of a title ("…, February 1989"), if any."""
    d = parse_date(title)
    if d is None or len(d.when or "") == 4:
        return None
    if not title.rstrip(" .").endswith(d.text):
        return None
    return d


def parse(text: str, doc: Document) -> None:
    """Fill doc from an OpenEdition page pasted as text."""
    doc.kind = "document"
    blocks = split_blocks(text)
    start = _text_start(blocks)
    header, rest = blocks[:start], blocks[start:]
    _header(header, doc)
    paras, source_block, tail, hints = _text_region(rest, doc)
    if start == len(blocks) or not paras:
        doc.diagnose("warning", "no-paragraphs", 'no numbered paragraphs found (expected "1This …")', 1)
    notes = _tail(tail, doc)
    if source_block is not None:
        m = SOURCE_RE.match(source_block[1])
        assert m is not None
        doc.source = collapse(m.group("text")) or None
        doc.removed.append(source_block[2] + m.group("open").strip())
        if m.group("close"):
            doc.removed.append("]")
        else:
            doc.diagnose("info", "source-unclosed", "the source line has no closing bracket", source_block[0])
    else:
        line = paras[-1].line if paras else 1
        doc.diagnose("warning", "source-missing", 'no "[Source: …]" paragraph after the text', line)
    if not doc.translators and doc.source:
        doc.translators = find_translators(doc.source)
    head_len = _headnote_length(paras, doc)
    _speakers(paras[head_len:], doc)
    _closers(paras[head_len:])
    _anchor_notes(paras, notes, hints, doc)
    for i, p in enumerate(paras):
        block = Block(p.type if p.type in ("head", "closer") else "p", p.text, n=p.n, notes=p.notes, line=p.line)
        if i >= head_len:
            block.speaker, block.speaker_note = p.speaker, p.speaker_note
            doc.body.append(block)
        else:
            doc.headnote.append(block)
    doc.footnotes = notes
    texts = [b.text for b in doc.headnote + doc.body] + [f.text for f in notes] + [doc.source or ""]
    doc.cross_refs = find_cross_refs(texts)
    if doc.date is None:
        _date_from_closer(doc)
    if doc.date is None:
        doc.diagnose("warning", "date-unparsed", "no date line and no date at the end of the title", 1)


def _text_start(blocks: list[RawBlock]) -> int:
    """Index of the first block of the numbered text (len(blocks) when there is none)."""
    lower = 0
    for i, b in enumerate(blocks):
        if FULL_TEXT_RE.match(b.text.strip()):
            lower = i + 1
            break
    else:
        for i, b in enumerate(blocks):
            if DOC_LINE_RE.match(collapse(b.text)):
                lower = i + 1
                break
    for i in range(lower, len(blocks)):
        b = blocks[i]
        if _date_line(b.text) or TRANSLATOR_LINE_RE.match(b.text.strip()) or INTERFACE_RE.match(b.text.strip()):
            continue
        if _numbered(b.text, 1):
            return i
    return len(blocks)


def _header(blocks: list[RawBlock], doc: Document) -> None:
    """Collection, editors, document number and title, date, translators; furniture to removed."""
    before: list[RawBlock] = []  # non-furniture blocks above the document line
    seen_doc_line = False
    for b in blocks:
        flat = collapse(b.text)
        lines = [ln.strip() for ln in b.text.split("\n") if ln.strip()]
        if all(INTERFACE_RE.match(ln) or "OpenEdition" in ln for ln in lines):
            doc.removed.extend(lines)
            continue
        m = DOC_LINE_RE.match(flat)
        if m and not seen_doc_line:
            seen_doc_line = True
            doc.number = m.group("num")
            doc.title = m.group("title").strip()
            doc.removed.append(m.group("label").strip())
            continue
        tm = TRANSLATOR_LINE_RE.match(flat)
        if tm:
            names = split_names(tm.group("names").rstrip("."))
            doc.removed.append(tm.group("label"))
            for name in names:
                # a name printed twice is recorded once; the repetition is kept in removed
                (doc.removed if name in doc.translators else doc.translators).append(name)
            # the joiners between the names ("et", "and", commas) are dropped from the record: keep them
            joiners = collapse(_without(tm.group("names"), names))
            if joiners:
                doc.removed.append(joiners)
            continue
        cm = COPYRIGHT_RE.match(flat)
        if cm:
            _copyright(cm, flat, doc)
            continue
        d = _date_line(b.text)
        if d and (seen_doc_line or before):
            if doc.date is None:
                doc.date = d
            else:
                doc.diagnose("warning", "date-unparsed", f"a second date line {flat!r} ignored", b.line)
                doc.removed.append(flat)
            continue
        if not seen_doc_line:
            before.append(b)
        else:
            doc.removed.append(flat)
            doc.diagnose("warning", "header-unrecognised", f"line not recognised in the header: {flat!r}", b.line)
    if not seen_doc_line:
        if before:
            # without "Document No." the title is the last header block; the book comes above it
            title_block = before.pop()
            doc.title = collapse(title_block.text)
        if doc.title:
            doc.diagnose("info", "title-guessed", 'no "Document No. N: Title" line; title taken from the header', 1)
    if before:
        first = [ln.strip() for ln in before[0].text.split("\n") if ln.strip()]
        editors = first[1:] + [ln.strip() for b in before[1:] for ln in b.text.split("\n") if ln.strip()]
        if doc.collection is None:
            doc.collection = Collection()
        doc.collection.title = first[0]
        doc.collection.editors = [name for line in editors for name in _editor_names(line, doc)]
    if doc.date is None and doc.title:
        doc.date = _title_date(doc.title)


# "Edited by A, B and C", "Sous la direction de A et B", "A, B and C (eds.)": one line naming the editors
EDITORS_LABEL_RE = re.compile(r"^(?P<label>Edited by|Editors?\s*:|Sous la direction de|Éditeurs?\s*:)\s*", re.I)
EDITORS_SUFFIX_RE = re.compile(r"\s*(?P<suffix>\((?:eds?|dir|éds?|Hg|Hrsg)\.?\)|,?\s+(?:eds?|dir)\.)\s*$", re.I)


def _editor_names(line: str, doc: Document) -> list[str]:
    """The editors one header line names (one a line, or a list with a label); label and joiners to removed."""
    rest = line
    lm = EDITORS_LABEL_RE.match(rest)
    if lm:
        doc.removed.append(lm.group("label"))
        rest = rest[lm.end() :]
    sm = EDITORS_SUFFIX_RE.search(rest)
    if sm:
        doc.removed.append(sm.group("suffix").strip())
        rest = rest[: sm.start()]
    names = split_names(rest)
    if not names:  # only joiners ("," or "and") on the line
        if rest.strip():
            doc.removed.append(collapse(rest))
        return []
    joiners = collapse(_without(rest, names))
    if joiners:
        doc.removed.append(joiners)
    return names


def _copyright(m: re.Match[str], flat: str, doc: Document) -> None:
    """The "© Publisher, year" line gives the collection's publisher and year."""
    if doc.collection is None:
        doc.collection = Collection()
    doc.collection.publisher = m.group("publisher").strip()
    doc.collection.year = m.group("year")
    doc.removed.append(flat)


def _text_region(
    blocks: list[RawBlock], doc: Document
) -> tuple[list[_Para], tuple[int, str, str] | None, list[RawBlock], dict[str, int]]:
    """Numbered paragraphs up to the source line; returns paragraphs, source (line, text, number), tail, hints."""
    paras: list[_Para] = []
    hints: dict[str, int] = {}  # note number → paragraph its preview stands beside
    pending_previews: list[str] = []
    expected = 1
    gap = 0
    for i, b in enumerate(blocks):
        gap = max(gap, b.blank_before)
        stripped = b.text.strip()
        lines = [ln.strip() for ln in b.text.split("\n") if ln.strip()]
        if all(PREVIEW_RE.match(ln) for ln in lines):
            for ln in lines:
                pending_previews.append(PREVIEW_RE.match(ln).group("n"))  # type: ignore[union-attr]
                doc.removed.append(ln)
            continue
        num = _numbered(stripped, expected)
        if num is not None:
            n, rest, jumped = num
            if jumped:
                doc.diagnose(
                    "warning", "paragraph-numbering", f"paragraph {n} follows paragraph {expected - 1}", b.line
                )
            if SOURCE_RE.match(rest.lstrip()) and rest.lstrip().startswith("["):
                return paras, (b.line, rest.lstrip(), n), blocks[i + 1 :], hints
            para = _Para("p", collapse(rest), b.line, n, gap)
            for pn in pending_previews:
                hints[pn] = len(paras)
            pending_previews = []
            paras.append(para)
            expected = int(n) + 1
            gap = 0
            continue
        if all(INTERFACE_RE.match(ln) or "OpenEdition" in ln for ln in lines):
            doc.removed.extend(lines)
            doc.diagnose("info", "furniture", f"interface line inside the text taken out: {lines[0][:60]!r}", b.line)
            continue
        nm = NOTE_RE.match(stripped)
        if nm and paras and (nm.group("n") == "1" or nm.group("n") in hints or nm.group("n") in pending_previews):
            # the notes begin: the page has no source line
            return paras, None, blocks[i:], hints
        if paras and paras[-1].type == "p" and (starts_lowercase(stripped) or not ends_sentence(paras[-1].text, True)):
            paras[-1].text = paras[-1].text + " " + collapse(stripped)
            doc.diagnose("info", "paragraph-joined", "unnumbered block joined to the paragraph it continues", b.line)
            continue
        flat = collapse(stripped)
        if len(flat.split()) <= 12 and not ends_sentence(flat):
            paras.append(_Para("head", flat, b.line, None, gap))
            doc.diagnose("info", "heading", f"unnumbered line taken as a heading: {flat[:60]!r}", b.line)
        else:
            paras.append(_Para("p", flat, b.line, None, gap))
            doc.diagnose("warning", "paragraph-unnumbered", "paragraph without the site's number", b.line)
        gap = 0
    return paras, None, [], hints


def _tail(blocks: list[RawBlock], doc: Document) -> list[Footnote]:
    """The notes after the source line, and the furniture closing the page."""
    notes: list[Footnote] = []
    closed = False  # past the notes: everything else is page furniture
    for b in blocks:
        lines = [ln.strip() for ln in b.text.split("\n") if ln.strip()]
        flat = collapse(b.text)
        if closed:
            cm = COPYRIGHT_RE.match(flat)
            if cm and (doc.collection is None or doc.collection.publisher is None):
                # the "©" line may stand below the chapter's reference and the other closing furniture
                _copyright(cm, flat, doc)
                continue
            doc.removed.extend(lines)
            if NOTE_RE.match(b.text.strip()):
                doc.diagnose(
                    "warning", "footnote-removed", "a note-shaped block after the page's end kept as furniture", b.line
                )
            continue
        cm = COPYRIGHT_RE.match(flat)
        if cm:
            _copyright(cm, flat, doc)
            closed = True
            continue
        if all(INTERFACE_RE.match(ln) or "OpenEdition" in ln for ln in lines):
            doc.removed.extend(lines)
            # interface lines before the notes ("Top of page", "Notes") do not end the page; after them they do
            closed = bool(notes) and not all(NOTES_FURNITURE_RE.match(ln) for ln in lines)
            continue
        if all(PREVIEW_RE.match(ln) for ln in lines):
            doc.removed.extend(lines)
            continue
        m = NOTE_RE.match(b.text.strip())
        if m:
            notes.append(Footnote(m.group("n"), collapse(m.group("text")), line=b.line))
        elif notes:
            notes[-1].text += " " + flat
            doc.diagnose("info", "paragraph-joined", f"block joined to note {notes[-1].n}, which it continues", b.line)
        else:
            doc.removed.append(flat)
            doc.diagnose(
                "info", "furniture", f"block after the source line taken as page furniture: {flat[:60]!r}", b.line
            )
            doc.diagnose("warning", "unrecognised", f"text after the source line is not a note: {flat[:60]!r}", b.line)
    for f in notes:
        f.resp = note_resp(f.text)
    return notes


def _headnote_length(paras: list[_Para], doc: Document) -> int:
    """How many paragraphs make the editor's headnote (see the module's rules)."""
    if not paras:
        return 0
    # the site sets the headnote apart by three blank lines; two also occur inside a document (a section
    # break), so a two-line gap ends the headnote only where a headnote can end: within its first paragraphs
    gap = next((i for i in range(1, len(paras)) if paras[i].gap >= 3 or paras[i].gap == 2 and i <= MAX_HEADNOTE), None)
    late = next((i for i in range(MAX_HEADNOTE + 1, len(paras)) if paras[i].gap == 2), None)
    if gap is None and late is not None:
        doc.diagnose(
            "info",
            "headnote-gap-ignored",
            f"a two-line gap before paragraph {paras[late].n} is too far in to end the headnote",
            paras[late].line,
        )
    speaker = next((i for i, p in enumerate(paras) if p.type == "p" and split_speaker(p.text)[0]), None)
    # the headnote is the editor's prose: a heading, an address or a salutation ("Top Secret", "To the CC CPSU",
    # "Dear comrades,") is the document's own first line
    opening = next((i for i, p in enumerate(paras) if _not_prose(p)), None)
    # dialogue does not belong to the headnote: a speaker before the first gap ends it
    candidates = [i for i in (gap, speaker, opening) if i is not None]
    if candidates:
        return min(candidates)
    if len(paras) > 1:
        doc.diagnose(
            "info",
            "headnote-guessed",
            "no blank-line gap or speaker marks the end of the headnote; taken to be the first paragraph "
            "(set `headnote_length` in a sidecar to fix)",
            paras[0].line,
        )
        return 1
    return 0


def _not_prose(p: _Para) -> bool:
    """True for a short paragraph that does not end a sentence: a heading, address or salutation."""
    return p.type == "head" or (len(p.text.split()) <= 15 and not ends_sentence(p.text, True))


def _without(text: str, names: list[str]) -> str:
    """Text with each of names taken out once (what is left are the joiners between them)."""
    for name in names:
        text = text.replace(name, " ", 1)
    return text


def _speakers(paras: list[_Para], doc: Document) -> None:
    """Take speaker labels off the document's paragraphs, keeping the label in removed."""
    for p in paras:
        if p.type != "p":
            continue
        who, note, rest = split_speaker(p.text)
        if who:
            doc.removed.append(p.text[: len(p.text) - len(rest)].strip())
            p.text = rest.strip()
            p.speaker, p.speaker_note = who, note


def _closers(paras: list[_Para]) -> None:
    """The closing lines of a letter or report after its last paragraph: valediction, signature, place and date."""
    for p in reversed(paras):
        if p.type != "p" or p.speaker:
            return
        text = p.text.rstrip()
        if not (VALEDICTION_RE.match(text) or SIGNATURE_RE.match(text) or _place_date(text)):
            return
        p.type = "closer"


def _date_from_closer(doc: Document) -> None:
    """Without a date above the text, the place-and-date line closing it dates the document (said so)."""
    for b in reversed(doc.body):
        if b.type != "closer":
            break
        if _place_date(b.text):
            d = parse_date(b.text)
            assert d is not None
            doc.date = DateRef(d.when, b.text)
            doc.diagnose(
                "info", "date-from-closer", f"no date above the text; dated by its closing line {b.text!r}", b.line
            )
            return


def _place_date(text: str) -> bool:
    """True for a line that is only a full date, perhaps after a place ("Warsaw, 8 August 1968")."""
    d = parse_date(text)
    if d is None or len(d.when or "") < 10:
        return False
    at = text.find(d.text)
    return text[at + len(d.text) :].strip(" .") == "" and PLACE_PREFIX_RE.fullmatch(text[:at]) is not None


def _anchor_notes(paras: list[_Para], notes: list[Footnote], hints: dict[str, int], doc: Document) -> None:
    """Take the footnote calls out of the paragraphs and anchor each note where its call stood."""
    numbers = [f.n for f in notes]
    placed = place_calls([p.text for p in paras], numbers, hints)
    for p, clean, calls in zip(paras, placed.texts, placed.calls, strict=True):
        p.text = clean
        p.notes = [NoteRef(n, k) for n, k in calls]
    report_calls(doc, placed, notes, [p.line for p in paras])
    known = set(numbers)
    for n in sorted(set(hints) - known, key=int):
        line = paras[hints[n]].line if hints[n] < len(paras) else None
        doc.diagnose("warning", "footnote-missing", f"the page previews note {n} but the note is missing", line)
    for p in paras:
        for n in stray_calls(p.text, known | set(hints)):
            doc.diagnose("warning", "footnote-missing", f"possible call {n} in paragraph {p.n} has no note", p.line)
