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
from dataclasses import dataclass, field

from ..model import Block, Document, Footnote
from .common import SUPERSCRIPT_CHARS, RawBlock, collapse, ends_sentence, split_blocks, starts_lowercase
from .pages import (
    PLAIN_NOTE_RE,
    SUPERSCRIPT_CALL_RE,
    SUPERSCRIPT_NOTE_RE,
    clean_text,
    date_line,
    is_page_number,
    note_marker,
    plain_call_exists,
    remove_emphasis,
    superscript_calls,
    translation_line,
)

NAME = "article"

# Words a title-case heading may leave in lower case.
MINOR_WORDS = frozenset(
    "a an the and or nor but of in on at to for by with from into onto as vs via over under upon its "
    "de la le les du des von van der den und et di da del y e".split()
)
NAME_PARTICLES = frozenset("and et und de la le du des von van der den di da del y".split())
WEB_MARKERS = re.compile(r"Texte intégral|Version classique|\*\*Citation:\*\*|Wilson Center Digital Archive")
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
    items = _items(blocks, doc, text, superscript)
    _assign_continuations(items, doc)
    pages = _reorder(_pages(items), doc)
    numbers = {note.n for page in pages for note in page.notes} if not superscript else set()
    _body(pages, doc, numbers)
    _footnotes(pages, doc)


# --- front matter and furniture --------------------------------------------------------


def _front_matter(blocks: list[RawBlock], doc: Document) -> list[RawBlock]:
    """Take the title, author and optional date lines off the top; return the remaining blocks."""
    lines: list[tuple[str, int]] = [
        (line, b.line + k) for b in blocks[:3] for k, line in enumerate(b.text.split("\n")) if line.strip()
    ]
    if not lines:
        return blocks
    used = 1
    title = lines[0][0].strip()
    # A title in capitals may run over several lines.
    while used < len(lines) and _is_caps(title) and _is_caps(lines[used][0]) and _same_block(lines, used):
        title += " " + lines[used][0].strip()
        used += 1
    doc.title = collapse(remove_emphasis(title.strip("#").strip()))
    if used < len(lines) and _author_line(lines[used][0], _is_caps(title)):
        byline = collapse(remove_emphasis(lines[used][0]))
        doc.authors = [a for a in NAME_SPLIT_RE.split(byline) if a]
        joiners = collapse(" ".join(m.group(0) for m in NAME_SPLIT_RE.finditer(byline)))
        if joiners:
            doc.removed.append(joiners)  # "and", commas between the names
        used += 1
    if used < len(lines):
        date = date_line(lines[used][0])
        if date is not None:
            doc.date = date
            rest = lines[used][0].replace(date.text, "", 1).strip()
            if rest:
                doc.removed.append(rest)
            used += 1
    last_line = lines[used - 1][1]
    remaining: list[RawBlock] = []
    for b in blocks:
        block_lines = b.text.split("\n")
        end = b.line + len(block_lines) - 1
        if end <= last_line:
            continue
        if b.line <= last_line:
            keep = block_lines[last_line - b.line + 1 :]
            remaining.append(RawBlock("\n".join(keep), last_line + 1, 0))
        else:
            remaining.append(b)
    return remaining


def _same_block(lines: list[tuple[str, int]], k: int) -> bool:
    """True when line k sits in the same block as line k-1 (a title wrapped over lines)."""
    return lines[k][1] == lines[k - 1][1] + 1


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


def _furniture(block: str, doc: Document) -> bool:
    """Page numbers, running heads repeating the title or author, translator credits."""
    stripped = block.strip()
    if is_page_number(stripped):
        doc.removed.append(stripped)
        return True
    flat = collapse(stripped).casefold()
    if doc.title and (flat == doc.title.casefold() or any(flat == a.casefold() for a in doc.authors)):
        doc.removed.append(stripped)
        return True
    names = translation_line(stripped)
    if names:
        doc.translators.extend(n for n in names if n not in doc.translators)
        doc.removed.append(stripped)
        return True
    return False


# --- the page stream ---------------------------------------------------------------------


def _items(blocks: list[RawBlock], doc: Document, text: str, superscript: bool) -> list[Item]:
    """Split blocks into body blocks and marked notes (a marker line starts a new note)."""
    items: list[Item] = []
    for b in blocks:
        if _furniture(b.text, doc):
            continue
        current: list[str] = []
        start = b.line
        note: Note | None = None
        for k, line in enumerate(b.text.split("\n")):
            marker = note_marker(line, plain_numbers=not superscript)
            if marker and not superscript and not plain_call_exists(text, marker[0]):
                marker = None
            if marker:
                _flush(items, current, start, note)
                note = Note(marker[0], [], b.line + k)
                current, start = [marker[1]], b.line + k
            else:
                if not current:
                    start = b.line + k
                current.append(line)
        _flush(items, current, start, note)
    return items


def _flush(items: list[Item], lines: list[str], start: int, note: Note | None) -> None:
    if not lines:
        return
    text = "\n".join(lines)
    if note is not None:
        note.parts.append(collapse(text))
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
            choice, sure = "note", False
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


def _pages(items: list[Item]) -> list[Page]:
    """Group the stream into pages: body blocks, then the notes that follow them."""
    pages: list[Page] = [Page()]
    for item in items:
        page = pages[-1]
        if item.kind == "body":
            if page.notes:
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
    keys: list[int] = []
    for page in pages:
        nums = [int(n.n) for n in page.notes if n.n.isdigit()]
        keys.append(min(nums) if nums else (keys[-1] if keys else 0))
    order = sorted(range(len(pages)), key=lambda k: (keys[k], k))
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


def _body(pages: list[Page], doc: Document, numbers: set[str]) -> None:
    """Assemble the body in reading order: headings, and paragraphs joined across page breaks."""
    stream = [item for page in pages for item in page.body]
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
        if prev and prev[0] == "p" and (starts_lowercase(item.text) or not _ends(prev[1][-1].text)):
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
        raw = ""
        for member in members:
            piece = collapse(member.text)
            if raw.endswith("-") and starts_lowercase(piece):
                raw += piece  # a word hyphenated across the page break
            else:
                raw = f"{raw} {piece}" if raw else piece
        text, notes = clean_text(raw, numbers)
        block_type = "head" if kind == "head" else "p"
        doc.body.append(Block(block_type, text, notes=notes, line=members[0].line))


def _footnotes(pages: list[Page], doc: Document) -> None:
    """The notes in reading order, checked against the calls in the body."""
    called = {ref.n for b in doc.body for ref in b.notes}
    seen: set[str] = set()
    for page in pages:
        for note in page.notes:
            text = collapse(remove_emphasis(note.text()))
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
