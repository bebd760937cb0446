"""Text helpers shared by the article and plain parsers: note markers, emphasis, calls, label lines.

These follow the conventions of printed scholarly texts (superscript or plain note numbers,
Markdown emphasis left by PDF-to-text tools), never one transcript.
"""

from __future__ import annotations

import re

from ..model import DateRef, NoteRef
from .common import SUPERSCRIPT_CHARS, SUPERSCRIPT_DIGITS, collapse, find_translators, parse_date

SUPERSCRIPT_RUN_RE = re.compile(f"[{SUPERSCRIPT_CHARS}]+")
# Superscript runs anywhere; plain digit runs only where a call could stand (after a letter or a closer).
CALL_CANDIDATE_RE = re.compile(rf"[{SUPERSCRIPT_CHARS}]+|(?:(?<=[^\W\d_])|(?<=[.,;:”’\")\]]))\d+")

# A note that starts with superscript digits: "¹³¹ Michal REIMAN, …" (the space may be missing).
SUPERSCRIPT_NOTE_RE = re.compile(rf"^\s*([{SUPERSCRIPT_CHARS}]{{1,4}})\s*(?=\S)")
# A note that starts with a plain number: "131 Michal REIMAN", "12. See …", "[3] Ibid.", "4) Ibid."
PLAIN_NOTE_RE = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,4})(?:[.)]|\s)(?!\d))\s*(?=\S)")
# A superscript call glued to a word or a closing punctuation mark: "2000.¹³¹", "years¹³²".
SUPERSCRIPT_CALL_RE = re.compile(rf"(?<=[^\s{SUPERSCRIPT_CHARS}])[{SUPERSCRIPT_CHARS}]{{1,4}}")
# Markdown emphasis: *x*, **x**, _x_ is left alone (underscores occur in archive signatures).
EMPHASIS_RE = re.compile(r"(\*{1,2})(?=\S)([^*\n]+?)(?<=\S)\1")
SOURCE_RE = re.compile(r"^\s*(\[\s*Source\s*:\s*)(.+?)(\s*\]\s*)$|^\s*(Source\s*:\s*)(.+?)\s*$", re.I | re.S)
NOTES_HEADING_RE = re.compile(r"^\s*(?:#+\s*)?\**(?:Notes|Footnotes|Endnotes)\**\s*:?\s*$", re.I)
PAGE_NUMBER_RE = re.compile(r"^\s*[-–—]?\s*\d{1,4}\s*[-–—]?\s*$")
TRANSLATION_LINE_RE = re.compile(
    r"^\s*(?:\[)?(?:Translation|Translated|Traduction|Traduit|Übersetzung|Übersetzt)\b", re.I
)


def remove_emphasis(text: str) -> str:
    """Take Markdown emphasis markers (*x*, **x**) out of text, keeping the words."""
    if "*" not in text:
        return text
    return EMPHASIS_RE.sub(lambda m: m.group(2), text)


def note_marker(text: str, plain_numbers: bool) -> tuple[str, str] | None:
    """(number, rest) when text starts with a note marker; plain numbers only when allowed."""
    m = SUPERSCRIPT_NOTE_RE.match(text)
    if m:
        return m.group(1).translate(SUPERSCRIPT_DIGITS), text[m.end() :]
    if plain_numbers:
        m = PLAIN_NOTE_RE.match(text)
        if m:
            return m.group(1) or m.group(2), text[m.end() :]
    return None


def superscript_calls(text: str) -> list[str]:
    """The note numbers called with superscript digits glued to a word or punctuation."""
    return [m.group(0).translate(SUPERSCRIPT_DIGITS) for m in SUPERSCRIPT_CALL_RE.finditer(text)]


def plain_call_exists(text: str, n: str) -> bool:
    """True when plain number n stands glued to a word or closing punctuation in text ("word3 ", "1961.12")."""
    return re.search(rf"(?<=[^\W\d_]|[.,;:”’\"')\]]){re.escape(n)}(?![\d\w])", text) is not None


def take_calls(text: str, numbers: set[str]) -> tuple[str, list[tuple[str, int]]]:
    """Take footnote calls out of text in one pass: superscript digits, and plain numbers of `numbers`
    glued to a word or closing punctuation ("word3", "1961.12" but not "3.5" or "x2y")."""
    pattern = CALL_CANDIDATE_RE if numbers else SUPERSCRIPT_RUN_RE
    out: list[str] = []
    size = 0
    last = 0
    calls: list[tuple[str, int]] = []
    for m in pattern.finditer(text):
        i, j = m.span()
        run = m.group(0)
        if run[0] in SUPERSCRIPT_CHARS:
            n = run.translate(SUPERSCRIPT_DIGITS)
        else:
            decimal = i > 1 and text[i - 2].isdigit() and text[i - 1] in ".," and not _after_year(text, i, j)
            if run not in numbers or (j < len(text) and text[j].isalnum()) or decimal:
                continue
            n = run
        out.append(text[last:i])
        size += i - last
        calls.append((n, size))
        last = j
    out.append(text[last:])
    return "".join(out), calls


def _after_year(text: str, i: int, j: int) -> bool:
    """True for a call after a year's full stop at a sentence end ("in 1961.12 It"), not a decimal."""
    return (
        text[i - 1] == "."
        and i >= 5
        and text[i - 5 : i - 1].isdigit()
        and (i == 5 or not text[i - 6].isalnum())
        and (j == len(text) or text[j].isspace())
    )


def clean_text(raw: str, numbers: set[str]) -> tuple[str, list[NoteRef]]:
    """Collapse whitespace, drop emphasis markers, take footnote calls out (with their offsets)."""
    text, calls = take_calls(remove_emphasis(collapse(raw)), numbers)
    # A call standing alone between spaces leaves a double space behind; collapse and shift offsets.
    if "  " in text or text != text.strip():
        text, calls = _recollapse(text, calls)
    if not text.strip():
        # Digits with nothing to attach to are text, not calls (a stray "¹" line must not vanish).
        return remove_emphasis(collapse(raw)), []
    return text, [NoteRef(n, k) for n, k in calls]


def _recollapse(text: str, calls: list[tuple[str, int]]) -> tuple[str, list[tuple[str, int]]]:
    out: list[str] = []
    mapping: list[int] = []
    for ch in text:
        mapping.append(len(out))
        if ch.isspace() and (not out or out[-1] == " "):
            continue
        out.append(" " if ch.isspace() else ch)
    mapping.append(len(out))
    while out and out[-1] == " ":
        out.pop()
    length = len(out)
    return "".join(out), [(n, min(mapping[k], length)) for n, k in calls]


def date_line(line: str) -> DateRef | None:
    """A date when the short line is (mostly) a date, e.g. "March 3, 1989" or "Prague, 24.2.1989"."""
    stripped = line.strip().strip("*_[]() ")
    if not stripped or len(stripped) > 60:
        return None
    date = parse_date(stripped)
    if date is None or len(date.text) < 0.5 * len(stripped):
        return None
    return date


def translation_line(block: str) -> list[str]:
    """Translators named by a short "Translation: …" / "Translated by …" block, else []."""
    if len(block) > 300 or not TRANSLATION_LINE_RE.match(block):
        return []
    return find_translators(collapse(block))


def source_line(block: str) -> tuple[str, str] | None:
    """(source, label) for a "[Source: …]" or "Source: …" block; label is what is dropped."""
    m = SOURCE_RE.match(block)
    if not m:
        return None
    if m.group(2) is not None:
        return collapse(m.group(2)), m.group(1) + m.group(3)
    return collapse(m.group(5)), m.group(4)


def is_page_number(block: str) -> bool:
    """True for a block that is only a printed page number ("123", "- 12 -")."""
    return bool(PAGE_NUMBER_RE.match(block))
