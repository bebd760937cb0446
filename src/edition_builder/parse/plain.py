"""The generic fallback for transcripts of no known format (source format "plain").

Assumes only the loosest shape of a transcript: a title on the first line, an optional date line,
paragraphs separated by blank lines, footnote calls glued to words ("word3", "word³"), the notes
listed at the end (optionally under a "Notes" line), and a "[Source: …]" / "Source: …" line. It must
never fail, whatever the input.
"""

from __future__ import annotations

import re

from ..model import Block, Document, Footnote
from .common import RawBlock, collapse, split_blocks
from .pages import (
    NOTES_HEADING_RE,
    clean_text,
    date_line,
    note_marker,
    plain_call_exists,
    remove_emphasis,
    source_line,
    superscript_calls,
    translation_line,
)

NAME = "plain"

MAX_TITLE = 300  # a longer first line is text, not a title


def detect(text: str, suffix: str) -> float:
    """The fallback is never chosen by detection; the registry uses it when nothing else fits."""
    return 0.0


def parse(text: str, doc: Document) -> None:
    """Fill doc from a plain transcript: title, date, paragraphs, notes at the end, source line."""
    blocks = [b for b in split_blocks(text) if b.text.strip()]
    blocks = _head(blocks, doc)
    blocks = [b for b in blocks if not _label_block(b, doc)]
    body, note_blocks = _split_notes(blocks, doc)
    notes, stray = _notes(note_blocks, doc.removed)
    for b in stray:
        doc.diagnose(
            "warning", "footnote-unnumbered", "text among the notes carries no note number; kept as text", b.line
        )
    body += stray
    numbers = {n for n, _, _ in notes}
    for b in body:
        for k, line in enumerate(_header_lines(b)):
            clean, refs = clean_text(line, numbers)
            if clean:
                doc.body.append(Block("p", clean, notes=refs, line=b.line + k))
            # a bracketed call ("[1]") leaves its brackets behind
            doc.removed.extend(f"[{r.n}]" for r in refs if f"[{r.n}]" in line)
    called = {ref.n for b in doc.body for ref in b.notes}
    seen: set[str] = set()
    for n, note_text, line in notes:
        doc.footnotes.append(Footnote(n, collapse(remove_emphasis(note_text)), None, line=line))
        if n in seen:
            doc.diagnose("warning", "footnote-duplicate", f"note {n} occurs twice", line)
        seen.add(n)
        if n not in called:
            doc.diagnose("warning", "footnote-call-missing", f"no call in the text points to note {n}", line)
    for b in doc.body:
        for ref in b.notes:
            if ref.n not in seen:
                doc.diagnose("warning", "footnote-missing", f"call {ref.n} has no footnote", b.line)


def _head(blocks: list[RawBlock], doc: Document) -> list[RawBlock]:
    """Take the title line and an optional date line off the top."""
    if not blocks:
        return blocks
    first = blocks[0]
    lines = first.text.split("\n")
    raw = lines[0].strip()
    hashes = raw[: len(raw) - len(raw.lstrip("#"))]  # a Markdown-style "# Title"
    title = collapse(remove_emphasis(raw[len(hashes) :]))
    if not title or len(title) > MAX_TITLE:
        return blocks
    doc.title = title
    if hashes:
        doc.removed.append(hashes)
    elif len(title.split()) > 15 or (title.endswith(".") and len(title.split()) > 6):
        # a sentence rather than a title: the transcript may have none
        doc.diagnose("info", "title-guessed", f"first line taken as the title: {title[:60]!r}", first.line)
    rest = [RawBlock("\n".join(lines[1:]), first.line + 1)] if len(lines) > 1 else []
    remaining = rest + blocks[1:]
    if remaining:
        date_lines = remaining[0].text.split("\n")
        # The date line opens the block under the title, or stands among its header lines ("DATE: …").
        candidates = range(len(date_lines)) if _is_header(date_lines) else range(1)
        for k in candidates:
            date = date_line(date_lines[k])
            if date is None:
                continue
            doc.date = date
            leftover = date_lines[k].replace(date.text, "", 1).strip()
            if leftover:
                doc.removed.append(leftover)
            first = remaining[0].line
            head = [RawBlock("\n".join(date_lines[:k]), first)] if k else []
            tail = [RawBlock("\n".join(date_lines[k + 1 :]), first + k + 1)] if k + 1 < len(date_lines) else []
            remaining = head + tail + remaining[1:]
            break
    return remaining


HEADER_LINE_RE = re.compile(r"^\s*[A-Z][A-Za-z .]{0,30}:\s*\S")


def _is_header(lines: list[str]) -> bool:
    """True for a block of short "LABEL: value" lines (FROM:, TO:, DATE:, SUBJECT:), one field a line."""
    return len(lines) > 1 and all(len(line) < 120 and HEADER_LINE_RE.match(line) for line in lines)


def _header_lines(block: RawBlock) -> list[str]:
    """A header block's fields are paragraphs of their own; any other block is one paragraph."""
    lines = block.text.split("\n")
    return lines if _is_header(lines) else [block.text]


def _label_block(block: RawBlock, doc: Document) -> bool:
    """Source and translator lines: their values go to the record, their labels to removed."""
    stripped = block.text.strip()
    found = source_line(stripped) if len(stripped) < 2000 else None
    if found is not None and doc.source is None:
        doc.source, label = found
        doc.removed.append(label)
        return True
    names = translation_line(stripped)
    if names:
        doc.translators.extend(n for n in names if n not in doc.translators)
        doc.removed.append(stripped)
        return True
    return False


def _split_notes(blocks: list[RawBlock], doc: Document) -> tuple[list[RawBlock], list[RawBlock]]:
    """Body blocks and the notes at the end (under a "Notes" line, or a trailing run of numbered blocks)."""
    for k in range(len(blocks) - 1, -1, -1):
        if NOTES_HEADING_RE.match(blocks[k].text):
            doc.removed.append(blocks[k].text.strip())
            return blocks[:k], blocks[k + 1 :]
    start = len(blocks)
    while start > 0 and note_marker(blocks[start - 1].text, plain_numbers=True):
        start -= 1
    if start == len(blocks) or start == 0:
        return blocks, []
    body_text = "\n".join(b.text for b in blocks[:start])
    numbers = [m[0] for b in blocks[start:] if (m := note_marker(b.text, plain_numbers=True))]
    # A numbered list at the end of the text is not a list of notes unless the text calls them.
    sup = set(superscript_calls(body_text))
    if any(n in sup or plain_call_exists(body_text, n) for n in numbers):
        return blocks[:start], blocks[start:]
    return blocks, []


def _notes(blocks: list[RawBlock], removed: list[str]) -> tuple[list[tuple[str, str, int]], list[RawBlock]]:
    """(number, text, line) for each note, and unnumbered text before the first note.

    A line with a marker starts a note; a line without one continues it."""
    notes: list[tuple[str, list[str], int]] = []
    stray: list[RawBlock] = []
    for b in blocks:
        for k, line in enumerate(b.text.split("\n")):
            marker = note_marker(line, plain_numbers=True)
            if marker is not None:
                label = line[: len(line) - len(marker[1])].strip()
                if label.startswith("["):
                    removed.append(label)  # "[1]": the brackets are the marker's, the number is the note's
                notes.append((marker[0], [marker[1]], b.line + k))
            elif notes:
                notes[-1][1].append(line)
            else:
                stray.append(RawBlock(line, b.line + k))
    return [(n, " ".join(parts), line) for n, parts, line in notes], stray
