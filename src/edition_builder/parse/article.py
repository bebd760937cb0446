"""Parser for scholarly articles extracted from a PDF, pages concatenated (source format "article").

Shape: the title (often in capitals) on the first line, the author(s) on the next short line; then page
after page of body text blocks followed by that page's footnotes, each opening with its number in
superscript digits ("¹³¹ Michal REIMAN, …"); calls are superscript digits glued to words ("2000.¹³¹").
Page breaks cut paragraphs and notes; a paragraph's continuation follows the previous page's notes, a
note's continuation opens the next page's foot area. Pages may be printed out of order, which the note
numbering (and the calls in the text) reveal. A "Translation: …" line names the translator.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import Block, Document, Footnote
from .common import SUPERSCRIPT_CHARS, RawBlock, collapse, ends_sentence, split_blocks, starts_lowercase
from .pages import (
    PLAIN_NOTE_RE,
    SUPERSCRIPT_CALL_RE,
    SUPERSCRIPT_NOTE_RE,
    Compounds,
    clean_text,
    compounds,
    date_line,
    furniture_key,
    is_page_label,
    join_pieces,
    journal_line,
    note_marker,
    plain_call_exists,
    remove_emphasis,
    superscript_calls,
    translation_line,
    unwrap,
)

NAME = "article"

# Words a title-case heading may leave in lower case.
MINOR_WORDS = frozenset(
    "a an the and or nor but of in on at to for by with from into onto as vs via over under upon its "
    "de la le les du des von van der den und et di da del y e".split()
)
NAME_PARTICLES = frozenset("and et und de la le du des von van der den di da del y".split())
WEB_MARKERS = re.compile(r"Texte intégral|Version classique|\*\*Citation:\*\*|Wilson Center Digital Archive")
# A page number beside a running head ("134 COLD WAR HISTORY"), not a note's number.
EDGE_DIGITS_RE = re.compile(r"^\s*\d{1,4}\s{2,}|^\s*\d{1,4}\s+[^\W\d_]+(?:\s+[^\W\d_]+)*\s*$(?<=[A-Z\s])")
# A short line and a page number set apart by a wide gap ("HELSINKI AND AFTER   211", "188   SMITH"): a running
# head with its folio; headings and text never end or open with a spaced-out number.
FOLIO_HEAD_RE = re.compile(r"^\s*\d{1,4}(?:\s{2,}|\t)[^\W\d_]|[^\W\d_.,;:!?](?:\s{2,}|\t)\d{1,4}\s*$")
# Words a note may consist of alone ("12 Ibid"), never a section heading.
NOTE_WORDS = frozenset("ibid ibidem idem id op cit loc see cf ebd ebenda tamže tamtéž там же".split())
# Marks after an author's name pointing to an affiliation note at the foot of the first page ("SMITH*, ROE†").
AUTHOR_MARK_RE = re.compile(r"(?<=[^\W\d_])([*†‡§¶‖]{1,3})(?=\s|,|$)")
AFFILIATION_RE = re.compile(r"^\s*([*†‡§¶‖]{1,3})\s*(?=\S)")
NAME_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b|\bAND\b|\bet\b|\bund\b)\s*")


@dataclass
class Note:
    """A footnote being assembled: its marker, its text pieces and where it started."""

    n: str
    parts: list[str]
    line: int

    def text(self) -> str:
        """The note's text so far, pieces joined."""
        return " ".join(self.parts)


@dataclass
class Item:
    """One block of the page stream: body text, a marked note, or a note's continuation."""

    kind: str  # "body" | "note" | "cont"
    text: str
    line: int
    note: Note | None = None
    page_break: bool = False  # page furniture (a running head, a page number) stood right before it


@dataclass
class Page:
    """A printed page as it survives extraction: body blocks, then its foot area."""

    body: list[Item] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    calls: list[int] = field(default_factory=list)

    def first_line(self) -> int:
        """The line the page starts on."""
        if self.body:
            return self.body[0].line
        return self.notes[0].line if self.notes else 0


def detect(text: str, suffix: str) -> float:
    """How sure we are (0..1) that text is a PDF-extracted article with per-page footnotes."""
    if suffix.lower() in {".md", ".markdown", ".xml"} or WEB_MARKERS.search(text[:20000]):
        return 0.0
    blocks = split_blocks(text[:400000])
    if len(blocks) < 4:
        return 0.0
    sup_notes = [i for i, b in enumerate(blocks) if SUPERSCRIPT_NOTE_RE.match(b.text)]
    if sup_notes:
        calls = len(SUPERSCRIPT_CALL_RE.findall(text))
        interleaved = _interleaved(blocks, set(sup_notes))
        if calls == 0:
            return 0.2
        score = 0.45 + (0.35 if interleaved else 0.0)
        score += 0.1 * min(1.0, calls / max(1, len(sup_notes)))
        return min(score + (0.05 if _capital_title(blocks) else 0.0), 1.0)
    # Other extractions number notes with plain digits: "131 Michal REIMAN, …" between pages.
    plain = [
        i
        for i, b in enumerate(blocks[1:], start=1)
        if (m := PLAIN_NOTE_RE.match(b.text)) and plain_call_exists(text, m.group(1) or m.group(2))
    ]
    if len(plain) >= 2 and _interleaved(blocks, set(plain)):
        return 0.55 + (0.15 if _capital_title(blocks) else 0.0)
    return 0.0


def _interleaved(blocks: list[RawBlock], notes: set[int]) -> bool:
    """True when body text follows some notes (per-page notes, not endnotes)."""
    if not notes:
        return False
    first = min(notes)
    return any(i not in notes and len(b.text) > 80 for i, b in enumerate(blocks) if i > first)


def _capital_title(blocks: list[RawBlock]) -> bool:
    first = blocks[0].text.split("\n")[0]
    return any(c.isalpha() for c in first) and first.upper() == first


def parse(text: str, doc: Document) -> None:
    """Fill doc from an article's text: front matter, body in reading order, footnotes."""
    doc.kind = "essay"
    blocks = [b for b in split_blocks(text) if b.text.strip()]
    blocks = _front_matter(blocks, doc)
    superscript = any(SUPERSCRIPT_NOTE_RE.match(line) for b in blocks for line in b.text.split("\n"))
    known = compounds(text)
    marks = set(AUTHOR_MARK_RE.findall("\n".join(text.split("\n", 40)[:40]))) if doc.authors else set()
    blocks = _affiliations(blocks, doc, marks)
    items = _items(blocks, doc, text, superscript, known)
    _assign_continuations(items, doc)
    pages = _reorder(_pages(items), doc)
    numbers = {note.n for page in pages for note in page.notes} if not superscript else set()
    _body(pages, doc, numbers, known)
    _footnotes(pages, doc, known)


# --- front matter and furniture --------------------------------------------------------


FRONT_BLOCKS = 10  # front matter (byline, date, abstract, dedication…) sits within the first blocks
ABSTRACT_RE = re.compile(r"^\s*(?:Abstract|Summary|Résumé|Zusammenfassung|Аннотация)\s*(?::|\.|—|–|$)\s*", re.I)
KEYWORDS_RE = re.compile(r"^\s*(?:Key\s*words|Keywords|Key terms|Mots-clés|Schlüsselwörter|Schlagwörter)\s*:", re.I)
DEDICATION_RE = re.compile(r"^\s*(?:For|To|In memory of|In memoriam|To the memory of|Dedicated to)\s+\S", re.I)
ATTRIBUTION_RE = re.compile(r"^\s*(?:—|–|--?)\s*\S")
BYLINE_PREFIX_RE = re.compile(r"^\s*by\s+(?=\S)", re.I)


def _front_matter(blocks: list[RawBlock], doc: Document) -> list[RawBlock]:
    """Take the front matter off the top: title (and subtitle), byline, date, translator, abstract,
    keywords, dedication and epigraph; return the remaining blocks."""
    if not blocks:
        return blocks
    first = blocks[0]
    lines = first.text.split("\n")
    title = lines[0].strip()
    caps = _is_caps(title)
    later_byline = len(blocks) > 1 and "\n" not in blocks[1].text and _byline(blocks[1].text, caps) is not None
    rest: list[str] = []
    start = first.line
    for k, line in enumerate(lines[1:], start=1):
        if rest:
            rest.append(line)
            continue
        words = title.split()
        if title.endswith("-") or (words and words[-1].casefold() in MINOR_WORDS):
            title = title + line.strip() if title.endswith("-") else f"{title} {line.strip()}"  # wrapped title
        elif not doc.authors and not later_byline and _take_byline(line, caps, doc):
            pass
        elif doc.date is None and _take_date(line, doc):
            pass
        elif len(line) < 150 and not ends_sentence(line) and not doc.authors and doc.date is None:
            title = f"{title} {line.strip()}"  # a subtitle, or a title wrapped over lines
            if not (caps and _is_caps(line)):
                doc.diagnose("info", "subtitle", "line under the title taken as part of the title", first.line + k)
        else:
            rest = [line]
            start = first.line + k
    doc.title = collapse(remove_emphasis(title.strip("#").strip()))
    remaining: list[RawBlock] = [RawBlock("\n".join(rest), start, 0)] if rest else []
    k = 1
    while not rest and k < min(len(blocks), FRONT_BLOCKS) and _front_block(blocks[k], doc, caps):
        k += 1
    return remaining + blocks[k:]


def _affiliations(blocks: list[RawBlock], doc: Document, marks: set[str]) -> list[RawBlock]:
    """Take the authors' affiliation notes ("* University of Vienna.") into the headnote: lines opening with
    a mark the byline gave a name, in a block of such lines, early in the text."""
    if not marks:
        return blocks
    out: list[RawBlock] = []
    for k, b in enumerate(blocks):
        lines = b.text.split("\n")
        found = [AFFILIATION_RE.match(line) for line in lines]
        if k >= FRONT_BLOCKS or not all(m and m.group(1) in marks for m in found):
            out.append(b)
            continue
        for j, (line, m) in enumerate(zip(lines, found, strict=True)):
            if m is not None:
                doc.removed.append(m.group(1))
                doc.headnote.append(Block("p", collapse(remove_emphasis(line[m.end() :])), line=b.line + j))
    return out


def _byline(line: str, caps: bool) -> str | None:
    """The names of a byline ("JOHN SMITH AND ANNA NOWAK", "by Mária Kovács"), else None."""
    stripped = line.strip()
    prefix = BYLINE_PREFIX_RE.match(stripped)
    names = stripped[prefix.end() :] if prefix else stripped
    return names if _author_line(names, caps) else None


def _take_byline(line: str, caps: bool, doc: Document) -> bool:
    names = _byline(line, caps)
    if names is None:
        return False
    prefix = line.strip()[: len(line.strip()) - len(names)].strip()
    if prefix:
        doc.removed.append(prefix)  # "by"
    byline = collapse(remove_emphasis(names))
    marks = AUTHOR_MARK_RE.findall(byline)
    if marks:
        doc.removed.extend(marks)  # the affiliation notes keep their text; the marks are labels
        byline = AUTHOR_MARK_RE.sub("", byline)
    doc.authors = [a for a in NAME_SPLIT_RE.split(byline) if a]
    joiners = collapse(" ".join(m.group(0) for m in NAME_SPLIT_RE.finditer(byline)))
    if joiners:
        doc.removed.append(joiners)  # "and", commas between the names
    return True


def _take_date(line: str, doc: Document) -> bool:
    date = date_line(line)
    if date is None:
        return False
    doc.date = date
    rest = line.replace(date.text, "", 1).strip()
    if rest:
        doc.removed.append(rest)  # "Published online:", a place of publication
    return True


def _front_block(block: RawBlock, doc: Document, caps: bool) -> bool:
    """Take one front-matter block into doc (True), or say that the text has begun (False)."""
    text = block.text.strip()
    lines = text.split("\n")
    if not doc.authors and len(lines) == 1 and _take_byline(text, caps, doc):
        return True
    if doc.date is None and len(lines) == 1 and _take_date(text, doc):
        return True
    names = translation_line(text)
    if names:
        doc.translators.extend(n for n in names if n not in doc.translators)
        doc.removed.append(text)
        return True
    m = ABSTRACT_RE.match(text)
    if m and doc.summary is None and len(text) > m.end():
        doc.summary = collapse(text[m.end() :])
        doc.removed.append(text[: m.end()].strip())
        return True
    short = len(text) < 120 and not ends_sentence(text)
    dedication = len(lines) == 1 and short and DEDICATION_RE.match(text) is not None
    epigraph = 1 < len(lines) <= 8 and len(text) < 800 and ATTRIBUTION_RE.match(lines[-1]) is not None
    if KEYWORDS_RE.match(text) or dedication or epigraph:
        doc.headnote.append(Block("p", collapse(remove_emphasis(text)), line=block.line))
        return True
    return False


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _author_line(line: str, caps_title: bool) -> bool:
    """A short line of capitalised name words, no sentence punctuation: the byline."""
    s = collapse(remove_emphasis(line))
    words = s.split()
    if not words or len(s) > 100 or len(words) > 12 or ends_sentence(s) and not s.endswith("."):
        return False
    if any(ch.isdigit() for ch in s) or s.endswith((".", ":")) and not re.search(r"\b[A-Z]\.$", s):
        return False
    if caps_title and _is_caps(s):
        return True
    # A byline in mixed case: name words, joined only by "and"/"&" and name particles.
    if len(words) > 8:
        return False
    return all(w[0].isupper() or w.lower() in NAME_PARTICLES or w in {"&", ","} for w in words)


def _running_heads(blocks: list[RawBlock]) -> Counter[str]:
    """How often each short line stands alone in a block: a line printed on several pages is a running head."""
    counts: Counter[str] = Counter()
    for b in blocks:
        if len(b.text) > 240 or b.text.count("\n") > 2:
            continue
        for line in b.text.split("\n"):
            if len(line) <= 120 and not ends_sentence(line) and not SUPERSCRIPT_NOTE_RE.match(line):
                counts[furniture_key(line)] += 1
    return counts


def _furniture(line: str, doc: Document, heads: Counter[str], alone: bool) -> str | None:
    """Why a line is page furniture (a page number or a running head), or None; only a line standing
    alone in its block may be taken for a journal line (a wrapped citation in a note cites volumes too)."""
    stripped = line.strip()
    if is_page_label(stripped):
        return ""
    if len(stripped) > 120 or ends_sentence(stripped) or stripped.endswith(","):
        return None
    if SUPERSCRIPT_NOTE_RE.match(stripped) or PLAIN_NOTE_RE.match(stripped) and not EDGE_DIGITS_RE.match(stripped):
        return None
    key = furniture_key(stripped)
    title = collapse(doc.title or "").casefold()
    if key and (key == title or key in (a.casefold() for a in doc.authors) or _author_head(key, doc)):
        return ""
    if key and title.startswith(key) and (len(key.split()) >= 3 or 2 * len(key) >= len(title)):
        return "the title's opening words"
    if heads[key] >= 2:
        return "a line printed on several pages"
    if alone and FOLIO_HEAD_RE.search(stripped):
        return "a page number set beside it"
    if alone and journal_line(stripped):
        return "a journal's volume, year or pages"
    return None


def _take_furniture(line: str, why: str, doc: Document, number: int) -> None:
    doc.removed.append(line.strip())
    if why:
        doc.diagnose("info", "running-head", f"{line.strip()!r} taken as a running head ({why}) and removed", number)


def _author_head(key: str, doc: Document) -> bool:
    """True for a running head made of the authors' names or surnames ("SMITH AND NOWAK", "Smith et al.")."""
    if not doc.authors:
        return False
    names = {w.casefold() for a in doc.authors for w in a.split()}
    words = key.replace(",", " ").split()
    surnames = [w for w in words if w not in {"and", "&", "et", "al.", "und"}]
    return bool(surnames) and all(w in names for w in surnames)


# --- the page stream ---------------------------------------------------------------------


def _items(blocks: list[RawBlock], doc: Document, text: str, superscript: bool, known: Compounds) -> list[Item]:
    """Split blocks into body blocks and marked notes (a marker line starts a new note); page furniture
    (page numbers, running heads) standing alone or at a block's edge goes to `removed`."""
    heads = _running_heads(blocks)
    headings = set() if superscript else _numbered_headings(blocks, doc, text)
    items: list[Item] = []
    broken = False  # furniture was taken out since the last item: a page break
    for b in blocks:
        names = translation_line(b.text.strip())
        if names:  # a translator's credit, wherever the page puts it
            doc.translators.extend(n for n in names if n not in doc.translators)
            doc.removed.append(b.text.strip())
            continue
        lines = b.text.split("\n")
        whys = [_furniture(line, doc, heads, True) for line in lines] if len(lines) <= 3 else []
        if whys and all(why is not None for why in whys):
            for k, (line, why) in enumerate(zip(lines, whys, strict=True)):
                _take_furniture(line, why or "", doc, b.line + k)
            broken = True
            continue
        first, last = 0, len(lines)
        while first < last and (why := _furniture(lines[first], doc, heads, False)) is not None:
            _take_furniture(lines[first], why, doc, b.line + first)
            first += 1
            broken = True
        while last > first and (why := _furniture(lines[last - 1], doc, heads, False)) is not None:
            _take_furniture(lines[last - 1], why, doc, b.line + last - 1)
            last -= 1
        current: list[str] = []
        start = b.line + first
        note: Note | None = None
        count = len(items)
        for k in range(first, last):
            line = lines[k]
            marker = None if b.line + k in headings else note_marker(line, plain_numbers=not superscript)
            if marker and not superscript and not plain_call_exists(text, marker[0]):
                marker = None
            if marker and not superscript and note is not None and marker[0] != _next_number(note.n):
                marker = None  # notes on one page run in sequence: "24 October …" continues the note
            if marker:
                if line.lstrip().startswith("["):
                    doc.removed.append(line[: len(line) - len(marker[1])].strip())  # "[3]": the brackets
                _flush(items, current, start, note, known, doc)
                note = Note(marker[0], [], b.line + k)
                current, start = [marker[1]], b.line + k
            else:
                if not current:
                    start = b.line + k
                current.append(line)
        _flush(items, current, start, note, known, doc)
        if len(items) > count and broken:
            items[count].page_break = True
        broken = broken and len(items) == count
        if last < len(lines):
            broken = True  # furniture at the block's foot
    return items


def _next_number(n: str) -> str:
    return str(int(n) + 1) if n.isdigit() else ""


def _numbered_headings(blocks: list[RawBlock], doc: Document, text: str) -> set[int]:
    """Lines of numbered section headings ("2. The Western Response") where notes also open with plain
    numbers: a one-line block whose words after the number read as a heading, not as a note."""
    found: dict[int, str] = {}
    notes: set[str] = set()
    for b in blocks:
        for k, line in enumerate(b.text.split("\n")):
            marker = note_marker(line, plain_numbers=True)
            if marker is None:
                continue
            rest = marker[1].strip()
            if "\n" not in b.text and _heading_like(rest) and rest.split()[0].rstrip(".").casefold() not in NOTE_WORDS:
                found[b.line + k] = marker[0]
            else:
                notes.add(marker[0])
    for line, n in found.items():
        if n not in notes and plain_call_exists(text, n):
            doc.diagnose(
                "warning",
                "heading-ambiguous",
                f"numbered line could be note {n} (called in the text, no other note {n}) or a section heading; "
                "taken as a heading",
                line,
            )
    return set(found)


def _flush(items: list[Item], lines: list[str], start: int, note: Note | None, known: Compounds, doc: Document) -> None:
    if not lines:
        return
    text = "\n".join(lines)
    if note is not None:
        flat, dropped = unwrap(text, known)
        doc.removed.extend("-" * dropped)  # hyphens of words broken at a line end
        note.parts.append(flat)
        items.append(Item("note", text, start, note))
    else:
        items.append(Item("body", text, start))
    lines.clear()


def _ends(text: str) -> bool:
    """Sentence-final punctuation at the end, looking past trailing calls and emphasis marks."""
    stripped = text.rstrip().rstrip(SUPERSCRIPT_CHARS + "*").rstrip()
    k = len(stripped)
    while k > 0 and stripped[k - 1].isdigit() and len(stripped) - k < 4:
        k -= 1
    if 0 < k < len(stripped) and stripped[k - 1] in '.!?;:”"’)]':
        stripped = stripped[:k]  # "years.12": a plain-digit call after the full stop
    return ends_sentence(stripped[-12:])  # only the tail matters; spares a scan of long blocks


def _assign_continuations(items: list[Item], doc: Document) -> None:
    """Decide which unmarked blocks continue a footnote cut by a page break (they become "cont")."""
    last_note: Note | None = None
    last_body: Item | None = None
    for i, item in enumerate(items):
        if item.kind == "note":
            last_note = item.note
            continue
        note_open = last_note is not None and not _ends(last_note.text())
        body_open = last_body is not None and not _ends(last_body.text) and not _heading_like(last_body.text)
        if not note_open or last_note is None:
            last_body = item
            continue
        prev_note = i > 0 and items[i - 1].kind in {"note", "cont"}
        next_note = i + 1 < len(items) and items[i + 1].kind == "note"
        has_calls = bool(superscript_calls(item.text))
        lower = starts_lowercase(item.text)
        if not lower and not has_calls and prev_note and _capital_continuation(items, i, last_note, body_open):
            item.kind = "cont"
            item.note = last_note
            last_note.parts.append(collapse(item.text))
            doc.diagnose(
                "warning",
                "note-continuation-ambiguous",
                f"block opening a page with a capital taken as the continuation of note {last_note.n}, "
                "which the page break cut after a lower-case word",
                item.line,
            )
            continue
        if not lower:
            if next_note and not prev_note and not has_calls and not body_open:
                doc.diagnose(
                    "info",
                    "note-continuation-ambiguous",
                    f"block may continue note {last_note.n} (cut by a page break), not the body; kept in the body",
                    item.line,
                )
            last_body = item
            continue
        if has_calls:
            choice, sure = "body", not (next_note and not prev_note)
        elif next_note and not prev_note:
            choice, sure = "note", True  # the top of a page's foot area
        elif prev_note and not next_note:
            choice, sure = "body", True  # the top of a page's body
        elif not body_open:
            choice, sure = "note", True  # a paragraph never opens in lower case, and the body text is closed
        else:
            choice, sure = ("note", False) if next_note else ("body", False)
        if not sure:
            doc.diagnose(
                "warning",
                "note-continuation-ambiguous",
                f"lower-case block could continue note {last_note.n} or the body text; "
                f"taken as {'a continuation of the note' if choice == 'note' else 'body text'}",
                item.line,
            )
        if choice == "note":
            item.kind = "cont"
            item.note = last_note
            last_note.parts.append(collapse(item.text))
            doc.diagnose("info", "note-joined", f"note {last_note.n} continues here after a page break", item.line)
        else:
            last_body = item


def _capital_continuation(items: list[Item], i: int, note: Note, body_open: bool) -> bool:
    """True when block i, opening a page right after the notes, continues a note certainly cut (after a
    lower-case word or a comma) though it starts with a capital: the body cannot claim it, either because
    the body's continuation follows in lower case after this closed sentence, or because the body is
    closed and no block without calls waits at the foot of the page to continue the note there."""
    item = items[i]
    if not item.page_break or not _ends_lower_word(note.text()):
        return False
    following = items[i + 1] if i + 1 < len(items) else None
    if body_open:
        return (
            following is not None and following.kind == "body" and starts_lowercase(following.text) and _ends(item.text)
        )
    for k in range(i + 1, len(items)):
        if items[k].kind != "body":
            foot = items[k - 1]
            return k - 1 == i or bool(superscript_calls(foot.text)) or _has_plain_call(foot.text)
    return True


def _has_plain_call(text: str) -> bool:
    """True when a plain number stands glued to a word or a closing mark, as a call does ("order.6 It")."""
    return re.search(r"(?<=[^\W\d_]|[.,;:”’\"')\]])\d{1,4}(?![\d\w])", text) is not None


def _pages(items: list[Item]) -> list[Page]:
    """Group the stream into pages: body blocks, then the notes that follow them."""
    pages: list[Page] = [Page()]
    for item in items:
        page = pages[-1]
        if item.kind == "body":
            if page.notes or (item.page_break and page.body):
                page = Page()
                pages.append(page)
            page.body.append(item)
            page.calls.extend(int(n) for n in superscript_calls(item.text))
        elif item.kind == "note" and item.note is not None:
            page.notes.append(item.note)
    return [p for p in pages if p.body or p.notes]


def _descents(values: list[int]) -> int:
    return sum(1 for a, b in zip(values, values[1:], strict=False) if b < a)


def _reorder(pages: list[Page], doc: Document) -> list[Page]:
    """Put pages printed out of order back, when both the note numbers and the calls say so."""
    # Pages with notes are sorted by their notes among the places they occupy; a page without notes gives
    # no evidence of its place, so it keeps the place it was printed in.
    noted = [k for k, page in enumerate(pages) if any(n.n.isdigit() for n in page.notes)]
    keyed = sorted(noted, key=lambda k: (min(int(n.n) for n in pages[k].notes if n.n.isdigit()), k))
    order = list(range(len(pages)))
    for slot, k in zip(noted, keyed, strict=True):
        order[slot] = k
    if order == list(range(len(pages))):
        return pages

    def flat(seq: list[int], attr: str) -> list[int]:
        out: list[int] = []
        for k in seq:
            if attr == "notes":
                out.extend(int(n.n) for n in pages[k].notes if n.n.isdigit())
            else:
                out.extend(pages[k].calls)
        return out

    before = list(range(len(pages)))
    notes_better = _descents(flat(order, "notes")) < _descents(flat(before, "notes"))
    calls_agree = _descents(flat(order, "calls")) <= _descents(flat(before, "calls"))
    restart = any(min((int(n.n) for n in p.notes if n.n.isdigit()), default=2) == 1 for p in pages[1:])
    if not notes_better or not calls_agree or restart:
        doc.diagnose(
            "warning",
            "page-order",
            "footnote numbering goes backwards but the calls in the text (or a restart of the numbering) "
            "do not confirm a page out of order; pages left as printed",
            pages[order[0]].first_line(),
        )
        return pages
    for pos, k in enumerate(order):
        if k != pos and (pos == 0 or order[pos - 1] != k - 1):
            page = pages[k]
            nums = [n.n for n in page.notes]
            span = "no notes" if not nums else f"note {nums[0]}" if len(nums) == 1 else f"notes {nums[0]}–{nums[-1]}"
            doc.diagnose(
                "warning",
                "page-order",
                f"page starting at line {page.first_line()} ({span}) was printed out of reading order "
                f"(footnote numbering and calls); moved to reading position {pos + 1}",
                page.first_line(),
            )
    return [pages[k] for k in order]


# --- body ------------------------------------------------------------------------------


def _heading_like(text: str) -> bool:
    """A short one-line block in title case without a final period, comma or colon."""
    if len(text) > 400 or "\n" in text.strip():
        return False
    s = collapse(remove_emphasis(SUPERSCRIPT_CALL_RE.sub("", text)))
    if not s or len(s) > 150 or s.endswith((".", ",", ";", ":")):
        return False
    words = s.split()
    if len(words) > 16:
        return False
    for k, word in enumerate(words):
        core = word.lstrip("\"“‘'(«[")
        if not core or not core[0].isalpha():
            continue
        if core[0].isupper():
            continue
        if k > 0 and core.lower().rstrip(".,;:\"”’'") in MINOR_WORDS:
            continue
        return False
    first = words[0].lstrip("\"“‘'(«[")
    return bool(first) and (first[0].isupper() or first[0].isdigit())


def _ends_lower_word(text: str) -> bool:
    """True when text ends in a word starting in lower case or a comma or hyphen: a sentence certainly cut."""
    words = text.rstrip().rstrip(SUPERSCRIPT_CHARS).split()
    return bool(words) and (words[-1][0].islower() or words[-1][-1] in ",-–")


def _body(pages: list[Page], doc: Document, numbers: set[str], known: Compounds) -> None:
    """Assemble the body in reading order: headings, and paragraphs joined across page breaks."""
    stream = [item for page in pages for item in page.body]
    # A page break cuts a paragraph anywhere; a break the extraction does not show (no notes, no furniture)
    # is trusted only after a lower-case word: "the\n\nUSSR" is cut, "A. G. Kovalev\n\nEach" may be a list.
    page_tops = {id(page.body[0]) for page in pages if page.body}
    groups: list[tuple[str, list[Item]]] = []
    for i, item in enumerate(stream):
        following = stream[i + 1] if i + 1 < len(stream) else None
        prev = groups[-1] if groups else None
        if _heading_like(item.text) and following is not None and not starts_lowercase(following.text):
            if prev and prev[0] == "p" and not _ends(prev[1][-1].text):
                doc.diagnose(
                    "info",
                    "heading-ambiguous",
                    "short title-case line after a paragraph cut mid-sentence; taken as a heading",
                    item.line,
                )
            groups.append(("head", [item]))
            continue
        cut = False
        if prev and prev[0] == "p" and not _ends(prev[1][-1].text):
            cut = id(item) in page_tops or _ends_lower_word(prev[1][-1].text) or starts_lowercase(item.text)
            if not cut:
                doc.diagnose(
                    "info",
                    "paragraph-ambiguous",
                    "paragraph ends without punctuation after a capitalised word or a number, and no page break "
                    "is visible; the next block is taken as a new paragraph",
                    item.line,
                )
        if prev and prev[0] == "p" and (starts_lowercase(item.text) or cut):
            prev[1].append(item)
            doc.diagnose(
                "info",
                "paragraph-joined",
                f"paragraph cut by a page break continues here (from line {prev[1][0].line})",
                item.line,
            )
            continue
        if starts_lowercase(item.text):
            doc.diagnose(
                "warning",
                "paragraph-joined",
                "block starts mid-sentence but there is no paragraph it could continue",
                item.line,
            )
        groups.append(("p", [item]))
    for kind, members in groups:
        pieces: list[str] = []
        for member in members:
            piece, dropped = unwrap(member.text, known)
            doc.removed.extend("-" * dropped)  # hyphens of words broken at a line end
            pieces.append(piece)
        raw, dropped = join_pieces(pieces, known)
        doc.removed.extend("-" * dropped)  # … and at a page break
        text, notes = clean_text(raw, numbers)
        doc.removed.extend(f"[{r.n}]" for r in notes if f"[{r.n}]" in raw)  # a bracketed call's brackets
        block_type = "head" if kind == "head" else "p"
        doc.body.append(Block(block_type, text, notes=notes, line=members[0].line))


def _footnotes(pages: list[Page], doc: Document, known: Compounds) -> None:
    """The notes in reading order, checked against the calls in the body."""
    called = {ref.n for b in doc.body for ref in b.notes}
    seen: set[str] = set()
    for page in pages:
        for note in page.notes:
            joined, dropped = join_pieces(note.parts, known)
            doc.removed.extend("-" * dropped)  # a word of the note hyphenated across the page break
            text = collapse(remove_emphasis(joined))
            if note.n in seen:
                doc.diagnose("warning", "footnote-duplicate", f"note {note.n} occurs twice", note.line)
            seen.add(note.n)
            doc.footnotes.append(Footnote(note.n, text, "original", line=note.line))
            if note.n not in called:
                doc.diagnose(
                    "warning", "footnote-call-missing", f"no call in the text points to note {note.n}", note.line
                )
    for b in doc.body:
        for ref in b.notes:
            if ref.n not in seen:
                doc.diagnose("warning", "footnote-missing", f"call {ref.n} has no footnote", b.line)
