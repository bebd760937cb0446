"""Text helpers shared by the article and plain parsers: note markers, emphasis, calls, label lines.

These follow the conventions of printed scholarly texts (superscript or plain note numbers,
Markdown emphasis left by PDF-to-text tools), never one transcript.
"""

from __future__ import annotations

import re

from ..model import DateRef, NoteRef
from .common import (
    SUPERSCRIPT_CHARS,
    SUPERSCRIPT_DIGITS,
    collapse,
    ends_sentence,
    find_translators,
    parse_date,
    split_names,
)

SUPERSCRIPT_RUN_RE = re.compile(f"[{SUPERSCRIPT_CHARS}]+")
# Superscript runs anywhere; plain digit runs only where a call could stand (after a letter or a closer).
# and bracketed numbers ("1965.[1]") as typed transcripts print them.
CALL_CANDIDATE_RE = re.compile(rf"[{SUPERSCRIPT_CHARS}]+|(?:(?<=[^\W\d_])|(?<=[.,;:”’\")\]]))\d+|\[\d{{1,4}}\]")
BRACKET_CALL_RE = re.compile(r"\[(\d{1,4})\]")

# A note that starts with superscript digits: "¹³¹ Michal REIMAN, …" (the space may be missing).
SUPERSCRIPT_NOTE_RE = re.compile(rf"^\s*([{SUPERSCRIPT_CHARS}]{{1,4}})\s*(?=\S)")
# A note that starts with a plain number: "131 Michal REIMAN", "12. See …", "[3] Ibid.", "4) Ibid."
# The number is followed by a space ("24.X.56", a date, and "3.5" are not notes).
PLAIN_NOTE_RE = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,4})[.)]?\s)\s*(?=\S)")
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
    """True when plain number n stands glued to a word or closing punctuation in text ("word3 ", "1961.12"),
    or in brackets ("[3]")."""
    if f"[{n}]" in text and re.search(rf"(?<=\S)\[{re.escape(n)}\]", text):
        return True  # a bracketed call glued to the text, not a note's "[3]" opening a line
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
        elif run[0] == "[":
            if run[1:-1] not in numbers:
                continue
            n = run[1:-1]
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
    """A date when the short line is (mostly) a date: "March 3, 1989", "Prague, 24.2.1989",
    "Washington, October 24, 1962, 4:30 p.m.", "Published online: 12 March 2009", "27 OCTOBER 1962"."""
    stripped = line.strip().strip("*_[]() ")
    if not stripped or len(stripped) > 60:
        return None
    date = parse_date(stripped)
    if date is None or date.when is None or len(date.when) == 4:
        # Typed documents print month names in capitals; read them capitalised, keep the text as printed.
        title = CAPS_MONTH_RE.sub(lambda m: m.group(0).capitalize(), stripped)
        found = parse_date(title) if title != stripped else None
        if found is not None and found.when is not None and len(found.when) > 4:
            start = title.find(found.text)
            date = DateRef(found.when, stripped[start : start + len(found.text)])
    if date is None:
        return None
    if len(date.text) >= 0.5 * len(stripped):
        return date
    # A longer line is a date line when the rest is a label ("Published online:") or a place and a time.
    rest = stripped.replace(date.text, " ", 1)
    words = rest.replace(",", " ").split()
    if date.when is None or len(date.when) < 7 or len(words) > 4:
        return None
    if rest.rstrip().endswith(":") or all(w[0].isupper() or w[0].isdigit() or w in DAY_PARTS for w in words):
        return date
    return None


CAPS_MONTH_RE = re.compile(
    r"\b(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)\b"
)
DAY_PARTS = frozenset({"a.m.", "p.m.", "am", "pm", "hrs", "h", "noon", "midnight"})


def translation_line(block: str) -> list[str]:
    """Translators named by a short "Translation: …" / "Translated by …" block, else []."""
    if len(block) > 300 or not TRANSLATION_LINE_RE.match(block):
        return []
    flat = collapse(block)
    m = TRANSLATED_FROM_RE.match(flat)
    if m:  # "Translated from the Czech by A", "Translated from Russian into English by A and B"
        return split_names(m.group(1))
    return find_translators(flat)


TRANSLATED_FROM_RE = re.compile(
    r"^\[?(?:Translated|Translation)\s+from\s+(?:the\s+)?\S+(?:\s+into\s+(?:the\s+)?\S+)?\s+by\s+"
    r"((?:\b[A-Z]\.\s*|[^.\]])+?)\s*\.?\]?$"
)


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


# --- words cut by line and page breaks ---------------------------------------------------

LINE_HYPHEN_RE = re.compile(r"([^\W\d_]+)-[ \t]*\n[ \t]*(?=[^\W\d_])")


class Compounds:
    """The hyphenated compounds a text prints whole inside a line ("post-war"): evidence that a hyphen
    at a line end belongs to the word. Looked up only for the few words broken at a line end."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.seen: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word not in self.seen:
            pattern = rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])"
            self.seen[word] = re.search(pattern, self.text, re.I) is not None
        return self.seen[word]


def compounds(text: str) -> Compounds:
    """The compounds printed whole in text, for `soft_hyphen`."""
    return Compounds(text)


def soft_hyphen(left: str, right: str, known: Compounds) -> bool:
    """True when "left-" at a line or page end and "right" are one word broken by the typesetter:
    lower case on both sides ("diplo-|macy"), not a compound the text prints whole elsewhere.
    A capital after the hyphen ("Soviet-|American") keeps it."""
    if not left or not right or not left[-1].islower() or not right[0].islower():
        return False
    head = re.findall(r"[^\W\d_]+$", left)
    tail = re.findall(r"^[^\W\d_]+", right)
    return not (head and tail and f"{head[0]}-{tail[0]}".casefold() in known)


def unwrap(text: str, known: Compounds) -> tuple[str, int]:
    """A block's lines as one line: words hyphenated at a line end joined; returns (text, hyphens dropped)."""
    if "-" not in text or "\n" not in text:
        return collapse(text), 0
    dropped = 0

    def join(m: re.Match[str]) -> str:
        nonlocal dropped
        right = text[m.end() : m.end() + 40]
        if soft_hyphen(m.group(1), right, known):
            dropped += 1
            return m.group(1)
        return m.group(1) + "-"

    return collapse(LINE_HYPHEN_RE.sub(join, text)), dropped


def join_pieces(pieces: list[str], known: Compounds) -> tuple[str, int]:
    """Pieces of one paragraph or note cut by page breaks, joined; a word hyphenated across the break
    is joined like one cut at a line end. Returns (text, hyphens dropped)."""
    raw = ""
    dropped = 0
    for piece in pieces:
        if not raw:
            raw = piece
        elif raw.endswith("-") and len(raw) > 1 and raw[-2].isalpha() and piece[:1].isalpha():
            if soft_hyphen(raw[:-1], piece, known):
                raw = raw[:-1] + piece
                dropped += 1
            else:
                raw += piece  # "Soviet-" + "American"
        else:
            raw = f"{raw} {piece}"
    return raw, dropped


# --- page furniture -----------------------------------------------------------------------

# A journal's running head or citation line: "Cold War History 12 (2004)", "Vol. 9, No. 2, Spring 2007, pp. 23–45".
JOURNAL_LINE_RE = re.compile(
    r"\b\d{1,4}\s*\((?:1[89]|20)\d\d\)|\bVol(?:\.|ume)\s*[0-9IVXL]+\b|\bNo\.\s*\d+\s*[,(]|\bpp\.\s*\d+\s*[–-]\s*\d+",
    re.I,
)
PAGE_LABEL_RE = re.compile(r"^\s*(?:Page|p\.|S\.|str\.|с\.)\s*\d{1,4}\s*$", re.I)
# A page number printed beside a running head: "134   COLD WAR HISTORY", "DÉTENTE … 97", "12 | Title".
EDGE_NUMBER_RE = re.compile(r"^\s*[-–—]?\s*\d{1,4}\s*[-–—|]?\s+(?=\D)|(?<=\D)\s+[|–—-]?\s*\d{1,4}\s*[-–—]?\s*$")


def furniture_key(line: str) -> str:
    """A short line as a running head compares: page number beside it removed, case and spacing ignored."""
    return collapse(EDGE_NUMBER_RE.sub(" ", line)).casefold()


def is_page_label(line: str) -> bool:
    """True for a line that is only a page number, bare or labelled ("134", "— 7 —", "Page 7")."""
    return is_page_number(line) or bool(PAGE_LABEL_RE.match(line))


def journal_line(line: str) -> bool:
    """True for a short line citing a journal's volume, year or pages (a running head or a first-page line)."""
    s = line.strip()
    return len(s) <= 120 and not ends_sentence(s) and JOURNAL_LINE_RE.search(s) is not None
