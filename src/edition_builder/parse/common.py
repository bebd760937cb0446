"""Text rules shared by the source-format parsers: blocks with line numbers, dates, labels, calls.

Everything here follows the conventions of printed documentary editions, never one transcript.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..model import DateRef, Document

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
MONTH_RE = "|".join(m.capitalize() for m in MONTHS)

SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# Sentence-final punctuation, possibly followed by closing quotes or brackets.
TERMINAL_RE = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"”»]$")


@dataclass
class RawBlock:
    """A run of non-blank lines of the input, with the 1-based line number it starts on."""

    text: str
    line: int
    blank_before: int = 0  # how many blank lines preceded it (page and section gaps)


def decode(data: bytes, doc: Document) -> str:
    """Decode UTF-8 input, reporting (never hiding) bytes that are not valid UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        doc.diagnose(
            "warning",
            "suspect-encoding",
            f"input is not valid UTF-8 (first bad byte at offset {err.start}); "
            "undecodable bytes are shown as U+FFFD",
            line,
        )
        text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        doc.removed.append("\ufeff")
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_blocks(text: str, first_line: int = 1) -> list[RawBlock]:
    """Split text into blocks at blank lines, keeping each block's first line number."""
    blocks: list[RawBlock] = []
    current: list[str] = []
    start = first_line
    blanks = 0
    for i, line in enumerate(text.split("\n"), start=first_line):
        if line.strip():
            if not current:
                start = i
            current.append(line)
        else:
            if current:
                blocks.append(RawBlock("\n".join(current), start, blanks))
                current = []
                blanks = 0
            blanks += 1
    if current:
        blocks.append(RawBlock("\n".join(current), start, blanks))
    return blocks


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return " ".join(text.split())


def ends_sentence(text: str) -> bool:
    """True when text ends with sentence-final punctuation (possibly inside quotes/brackets)."""
    return bool(TERMINAL_RE.search(text.rstrip()))


def starts_lowercase(text: str) -> bool:
    """True when the first letter of text is lower case (a paragraph cut by a page break)."""
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


# --- dates -------------------------------------------------------------------------------

_DATE_PATTERNS = [
    # March 26, 1989 / March 26 1989
    (re.compile(rf"\b({MONTH_RE})\s+(\d{{1,2}}),?\s+(\d{{4}})\b"), "mdy"),
    # 26 March 1989
    (re.compile(rf"\b(\d{{1,2}})\s+({MONTH_RE})\s+(\d{{4}})\b"), "dmy"),
    # March 1989
    (re.compile(rf"\b({MONTH_RE})\s+(\d{{4}})\b"), "my"),
    # 24.2.89 / 24.02.1989
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\b"), "numeric"),
    # 1989-02-24
    (re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b"), "iso"),
]


def parse_date(text: str) -> DateRef | None:
    """Find the first full or partial date in text and normalise it (EDTF level 0)."""
    best: tuple[int, DateRef] | None = None
    for pattern, kind in _DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        when = _when(m, kind)
        if when is None:
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), DateRef(when, m.group(0)))
    if best:
        return best[1]
    m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", text)
    if m:
        return DateRef(m.group(1), m.group(1))
    return None


def _when(m: re.Match[str], kind: str) -> str | None:
    g = m.groups()
    try:
        if kind == "mdy":
            return _iso(int(g[2]), MONTHS[g[0].lower()], int(g[1]))
        if kind == "dmy":
            return _iso(int(g[2]), MONTHS[g[1].lower()], int(g[0]))
        if kind == "my":
            return f"{int(g[1]):04d}-{MONTHS[g[0].lower()]:02d}"
        if kind == "numeric":
            year = int(g[2])
            if year < 100:
                year += 1900
            return _iso(year, int(g[1]), int(g[0]))
        if kind == "iso":
            return _iso(int(g[0]), int(g[1]), int(g[2])) if g[2] else f"{g[0]}-{g[1]}"
    except ValueError:
        return None
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    import datetime

    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


# --- labels in source lines --------------------------------------------------------------

TRANSLATED_BY_RE = re.compile(
    r"(?:Translated(?: from [A-Z][a-z]+)? by|Translation(?: by)?:?|Traduction de|Traduit par|"
    r"Übersetzt von|Übersetzung:?)\s+([^.\]\n]+?)\s*(?:\.|\]|$)",
    re.MULTILINE,
)


def split_names(text: str) -> list[str]:
    """Split "A, B and C" into names."""
    parts = re.split(r"\s*(?:,|;|\band\b|\bet\b|\bund\b|&)\s*", text.strip())
    return [p.strip() for p in parts if p.strip()]


def find_translators(text: str) -> list[str]:
    """Translators named in text: "Translated by A and B", "Translation: A", "Traduction de A"."""
    names: list[str] = []
    for m in TRANSLATED_BY_RE.finditer(text):
        for name in split_names(m.group(1)):
            if name not in names:
                names.append(name)
    return names


CROSS_REF_RE = re.compile(r"\bDoc(?:ument|\.)?s?\s+(?:No\.?|Nos\.?|Number|#)\s*(\d+[A-Za-z]?)", re.I)


def find_cross_refs(texts: list[str]) -> list[str]:
    """Document numbers referred to ("see Document No. 39"), in first-seen order."""
    found: list[str] = []
    for t in texts:
        for m in CROSS_REF_RE.finditer(t):
            if m.group(1) not in found:
                found.append(m.group(1))
    return found


# --- speaker labels ----------------------------------------------------------------------

# "Gorbachev:", "Politburo members:", "Lomakin: (ambassador to Czechoslovakia)."
# One to four capitalised words (initials, particles like "de"/"von" allowed), then a colon.
SPEAKER_RE = re.compile(
    r"^(?P<label>(?:[A-ZÀ-ÖØ-ÞА-Я][\w’'.-]*|de|von|van|der|al-)(?:\s+(?:[A-Za-zÀ-ÖØ-öø-ÿА-я][\w’'.-]*)){0,3})"
    r":\s*(?:(?P<note>\([^)]{1,120}\))\.?\s*)?"
)
# Enumerations that look like labels but are not speakers.
NOT_SPEAKERS = re.compile(
    r"^(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Last|Next|Point|"
    r"Note|Notes|Source|Question|Answer|Subject|Re|Item|Agenda|Summary|Conclusion|Translation|"
    r"Citation|Contents|Original Language|Comment|Example|Result|Results|Theme|Themes|Topic|"
    r"Document|Appendix|Attachment|Enclosure|Reference|Copy|To|From|Date|Minutes|P\.S)\b",
    re.I,
)


def split_speaker(text: str) -> tuple[str | None, str | None, str]:
    """Split a leading speaker label off a paragraph: (speaker, note in brackets, rest)."""
    m = SPEAKER_RE.match(text)
    if not m:
        return None, None, text
    label = m.group("label")
    words = label.split()
    if NOT_SPEAKERS.match(label) or len(label) > 40:
        return None, None, text
    # a speaker label is a name or a body of people: every word but particles is capitalised
    if not all(w[0].isupper() or w in {"de", "von", "van", "der", "members", "member"} for w in words):
        return None, None, text
    return label, m.group("note"), text[m.end() :]


# --- footnote calls ----------------------------------------------------------------------


def strip_calls(text: str, numbers: set[str], superscript: bool = True) -> tuple[str, list[tuple[str, int]]]:
    """Take footnote calls out of text; return the clean text and (n, offset) for each call.

    A call is a superscript number, or a plain number in `numbers` glued to the end of a word
    or a closing punctuation mark ("mode1 And", "years2 has", "2000.131").
    """
    out: list[str] = []
    calls: list[tuple[str, int]] = []
    i = 0
    length = len(text)
    while i < length:
        ch = text[i]
        if superscript and ch in SUPERSCRIPT_CHARS:
            j = i
            while j < length and text[j] in SUPERSCRIPT_CHARS:
                j += 1
            calls.append((text[i:j].translate(SUPERSCRIPT_DIGITS), len("".join(out))))
            i = j
            continue
        if ch.isdigit() and i > 0 and (text[i - 1].isalpha() or text[i - 1] in ".,;:”’\")"):
            j = i
            while j < length and text[j].isdigit():
                j += 1
            num = text[i:j]
            after_ok = j == length or not text[j].isalnum()
            before_digit = i > 1 and text[i - 2].isdigit() and text[i - 1] in ".,"
            if num in numbers and after_ok and not before_digit:
                calls.append((num, len("".join(out))))
                i = j
                continue
        out.append(ch)
        i += 1
    return "".join(out), calls


def suspect_encoding(text: str) -> list[str]:
    """Places where "?" most likely stands for a dash or quote lost in transcoding."""
    hits = []
    for m in re.finditer(r"\w\?\w|\s\?\s|\s\?\w|\w\?(?=[\s.,;])(?<=\w\?)", text):
        ctx = text[max(0, m.start() - 15) : m.end() + 15]
        if re.search(r"\w\?\w|\s\?\s|\s\?[A-Za-z]", m.group(0)):
            hits.append(ctx)
    return hits


def nfc(text: str) -> str:
    """Normalise to NFC so that composed and decomposed accents compare equal."""
    return unicodedata.normalize("NFC", text)
