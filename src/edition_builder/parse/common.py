"""Text rules shared by the source-format parsers: blocks with line numbers, dates, labels, calls.

Everything here follows the conventions of printed documentary editions, never one transcript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import DateRef, Document, Footnote

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
            f"input is not valid UTF-8 (first bad byte at offset {err.start}); undecodable bytes are shown as U+FFFD",
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


# A footnote call glued after the final punctuation ("…meeting.1", "…of 1988.”12"): the sentence ended before it.
TRAILING_CALL_RE = re.compile(r"(?<=[.!?…\"'”’»)\]])\d{1,3}$|[⁰¹²³⁴⁵⁶⁷⁸⁹]+$")


def ends_sentence(text: str, calls: bool = False) -> bool:
    """True when text ends with sentence-final punctuation (possibly inside quotes/brackets).

    With `calls`, a footnote call after that punctuation ("…meeting.1") does not hide the sentence's end.
    """
    text = text.rstrip()
    if calls:
        text = TRAILING_CALL_RE.sub("", text)
    return bool(TERMINAL_RE.search(text))


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
    # "Translated from the Russian for CWIHP by A": the language and the commissioning body are optional
    # "Obtained and translated for CWIHP by A": the word may follow another verb, in lower case
    r"(?:[Tt]ranslated(?: from (?:the )?[A-Z][a-z]+)?(?: for [^.\n\]]{1,60}?)? by|Translation(?: by)?:?|"
    r"Traduction de|Traduit par|"
    # a name may hold initials ("J. Smith"); it ends at a full stop before a space, a bracket or the end
    r"Übersetzt von|Übersetzung:?)\s+(?=[A-ZÀ-ÖØ-ÞА-Я])((?:\b[A-Z]\.\s*|[^.\]\n;])+?)\s*(?:\.(?=[\s\])]|$)|\]|;|$)",
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


_REF_NUMBER = r"\d+[A-Za-z]?"
# a further number of a list; without its own "No." it has at most three digits (", 1989" is a year, not a document)
_MORE_NUMBER = r"(?:(?:No|Nos)\.?\s*\d+[A-Za-z]?|\d{1,3}[A-Za-z]?(?!\d))"
# "Document No. 39", and lists after it: "Documents Nos. 6 and 7", "Documents No. 19 and No. 21", "Nos. 3, 5–8"
CROSS_REF_RE = re.compile(
    rf"\bDoc(?:ument|\.)?s?\s+(?:No\.?|Nos\.?|Number|#)\s*(?P<first>{_REF_NUMBER})"
    rf"(?P<more>(?:\s*(?:,|and|&|[–—-])\s*{_MORE_NUMBER}\b)*)",
    re.I,
)
_MORE_REF_RE = re.compile(rf"(?P<sep>,|and|&|[–—-])\s*(?P<n>{_MORE_NUMBER})", re.I)


def _ref_numbers(m: re.Match[str]) -> list[str]:
    """The numbers of one reference, a range "6–8" spelled out (when it is short and plainly numeric)."""
    numbers = [m.group("first")]
    for more in _MORE_REF_RE.finditer(m.group("more")):
        n, prev = re.sub(r"^(?:No|Nos)\.?\s*", "", more.group("n"), flags=re.I), numbers[-1]
        if more.group("sep") in "–—-" and n.isdigit() and prev.isdigit() and 0 < int(n) - int(prev) <= 20:
            numbers.extend(str(k) for k in range(int(prev) + 1, int(n) + 1))
        else:
            numbers.append(n)
    return numbers


def find_cross_refs(texts: list[str]) -> list[str]:
    """Document numbers referred to ("see Document No. 39", "Documents Nos. 6 and 7"), in first-seen order."""
    found: list[str] = []
    for t in texts:
        for m in CROSS_REF_RE.finditer(t):
            for n in _ref_numbers(m):
                if n not in found:
                    found.append(n)
    return found


# --- speaker labels ----------------------------------------------------------------------

# "Gorbachev:", "Politburo members:", "Lomakin: (ambassador to Czechoslovakia).", "Gorbachev (laughing):"
# One to four capitalised words (initials, particles like "de"/"von" allowed), a remark in brackets, a colon.
SPEAKER_RE = re.compile(
    r"^(?P<label>(?:[A-ZÀ-ÖØ-ÞА-Я][\w’'.-]*|de|von|van|der|al-)(?:\s+(?:[A-Za-zÀ-ÖØ-öø-ÿА-я][\w’'.-]*)){0,3})"
    r"(?:\s*(?P<before>[(\[][^)\]\n]{1,60}[)\]]))?"
    r":\s*(?:(?P<note>\([^)]{1,120}\))\.?\s*)?"
)
# Enumerations that look like labels but are not speakers.
NOT_SPEAKERS = re.compile(
    r"^(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Last|Next|Point|"
    r"Note|Notes|Source|Question|Answer|Subject|Re|Item|Agenda|Summary|Conclusion|Translation|"
    r"Citation|Contents|Original Language|Comment|Example|Result|Results|Theme|Themes|Topic|"
    r"Document|Appendix|Attachment|Enclosure|Reference|Copy|To|From|Date|Minutes|P\.S|"
    r"Firstly|Secondly|Thirdly|Finally|Lastly|Moreover|However|Therefore|Thus|Hence|Also|Besides|"
    r"Meanwhile|Nevertheless|Nonetheless|Incidentally|Consequently|Proposal|Proposals|Decision|Resolution|"
    r"Reply|Draft|Attention|Warning|Important|Postscript|Examples|Conclusions|Remark|Remarks|Observation|"
    # the fields of a diplomatic cable's header and footer ("REF:", "TAGS:", "TEXT:", "DRAFTED:")
    r"Ref|Refs|Tags|Text|Info|Cc|Fm|Classification|Precedence|Priority|Drafted|Cleared|Approved|Distribution)\b",
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
    return label, m.group("before") or m.group("note"), text[m.end() :]


# --- footnote calls ----------------------------------------------------------------------


# --- closing lines ----------------------------------------------------------------------

# A rank or title printed before a signature ("Col. J. Smith", "Amb. V. Falin").
_RANK = r"(?:(?:Col|Gen|Maj|Lt|Capt|Cdr|Adm|Amb|Dr|Prof|Sgt|Rev)\.\s)?"
# An initial, also the two letters transliteration gives one Russian letter ("Yu.", "Ye.", "Zh.").
_INITIAL = r"(?:[A-ZÀ-ÞА-Я][a-z]?\.\s?)"
# A signature: initials and a surname ("M. Gorbachev", "Krenz E.", "Yu. Andropov"), perhaps after a rank, or the
# editor's bracketed word for one ("[signature]", "(signed)", "[illegible signature]").
SIGNATURE_RE = re.compile(
    rf"^{_RANK}(?:{_INITIAL}{{1,3}}\s?[A-ZÀ-ÞА-Я][\w’'-]+|[A-ZÀ-ÞА-Я][\w’'-]+\s{_INITIAL}{{1,3}})$"
    r"|^[\[(][A-Za-z][\w .-]{0,30}[\])]$"
)
# "With comradely greetings,", "Sincerely yours,", "Respectfully,": the line before a signature.
VALEDICTION_RE = re.compile(r"^[A-Z][\w’' ]{2,40},$")


def suspect_encoding(text: str) -> list[str]:
    """Places where "?" most likely stands for a dash or quote lost in transcoding."""
    hits = []
    for m in re.finditer(r"\w\?\w|\s\?\s|\s\?\w|\w\?(?=[\s.,;])(?<=\w\?)", text):
        ctx = text[max(0, m.start() - 15) : m.end() + 15]
        if re.search(r"\w\?\w|\s\?\s|\s\?[A-Za-z]", m.group(0)):
            hits.append(ctx)
    return hits


# --- footnote calls placed in reading order ------------------------------------------------

# A plain-digit call is glued to the end of a word or of closing punctuation ("mode1 And", "years2 has",
# "said.”3"), and is not itself followed by a letter or digit.
GLUED_CALL_RE = re.compile(r"(?<=[^\W\d_]|[.,;:!?”’\"')\]])(\d{1,3})(?![\w])")
SUPERSCRIPT_CALL_RE = re.compile(f"[{SUPERSCRIPT_CHARS}]+")
# A call in square brackets ("…the Soviet Union.[3]"), used when the notes themselves are numbered "[3] …".
BRACKET_CALL_RE = re.compile(r"\[(\d{1,3})\]")
# A note marked as the source's own, not the modern editor's.
ORIGINAL_NOTE_RE = re.compile(
    r"\[\s*(?:Foot)?note (?:in|of) the original\.?\s*\]|\[\s*Note (?:dans|de) l[’']original\.?\s*\]"
    r"|\[\s*Author[’']s note\.?\s*\]",
    re.I,
)


@dataclass
class CallPlacement:
    """Where the calls of a list of texts were found: clean texts, calls per text, notes never called."""

    texts: list[str]
    calls: list[list[tuple[str, int]]]
    uncalled: list[str]
    # (text index, note) of calls read after a sentence-final number ("of 1974.2"): worth a look
    after_number: list[tuple[int, str]] = field(default_factory=list)
    # (text index, note, number) of uncalled notes whose call may be glued to a year ("in 19892 the")
    ambiguous: list[tuple[int, str, str]] = field(default_factory=list)


_SENTENCE_AFTER_RE = re.compile(r"\s*$|\s+[\"“‘«(\[]?[A-ZÀ-ÖØ-ÞА-Я]")
# A four-digit year with a call glued to it: "in 19892 the" is 1989 + call 2 (or a misprint): never decided here.
_YEAR_CALL_RE = re.compile(r"(?<![\w.,])(1[5-9]\d\d|20\d\d)(\d{1,2})(?![\w]|[.,]\d)")


def _call_candidates(text: str, bracketed: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, number) of every possible call in text, in order; `bracketed`: calls are "[3]"."""
    found: list[tuple[int, int, str]] = []
    if bracketed:
        found = [(m.start(), m.end(), m.group(1)) for m in BRACKET_CALL_RE.finditer(text)]
    for m in GLUED_CALL_RE.finditer(text) if not bracketed else ():
        i = m.start()
        # "1.45" or "2,000": a digit before the punctuation makes this a number, not a call, unless the
        # sentence plainly ends there ("…the law of 1974.2 The …", "…of 1974.2" closing the paragraph)
        if text[i - 1] in ".,:" and i > 1 and text[i - 2].isdigit():
            if not (text[i - 1] == "." and _SENTENCE_AFTER_RE.match(text, m.end())):
                continue
        found.append((m.start(), m.end(), m.group(1)))
    for m in SUPERSCRIPT_CALL_RE.finditer(text):
        found.append((m.start(), m.end(), m.group(0).translate(SUPERSCRIPT_DIGITS)))
    return sorted(found)


def report_calls(doc: Document, placed: CallPlacement, notes: list[Footnote], lines: list[int | None]) -> None:
    """Diagnostics for a call placement: notes without a call, year-glued digits, calls after a number.

    `lines` gives the source line of each text that was searched (in the order given to `place_calls`).
    """
    for f in notes:
        if f.n in placed.uncalled:
            doc.diagnose("warning", "footnote-call-missing", f"note {f.n} has no call in the text", f.line)
    for i, n, number in placed.ambiguous:
        doc.diagnose(
            "warning",
            "footnote-call-ambiguous",
            f'"{number}" may be the year {number[: -len(n)]} with the call of note {n} glued to it; '
            "not taken as a call",
            lines[i],
        )
    for i, n in placed.after_number:
        doc.diagnose(
            "info", "footnote-call-after-number", f"call of note {n} read after a number ending a sentence", lines[i]
        )


def place_calls(
    texts: list[str], numbers: list[str], hints: dict[str, int] | None = None, bracketed: bool = False
) -> CallPlacement:
    """Find the call of each note in texts (reading order) and take it out, keeping its offset.

    Notes are called in order, so each note's call is searched after the previous one; `hints`
    maps a note number to the index of the text its call is expected in (e.g. the paragraph a
    note preview stands beside) and is tried first. Text that is not a call is never touched.
    """
    hints = hints or {}
    cands = [_call_candidates(t, bracketed) for t in texts]
    chosen: dict[int, list[tuple[int, int, str]]] = {}
    used: set[tuple[int, int]] = set()
    pos = (0, -1)
    uncalled: list[str] = []
    for n in numbers:
        pick: tuple[int, tuple[int, int, str]] | None = None
        hinted = hints.get(n)
        if hinted is not None and 0 <= hinted < len(texts):
            pick = next(((hinted, c) for c in cands[hinted] if c[2] == n and (hinted, c[0]) not in used), None)
        if pick is None:
            after = [
                (i, c)
                for i, cs in enumerate(cands)
                for c in cs
                if c[2] == n and (i, c[0]) not in used and (i, c[0]) > pos
            ]
            pick = after[0] if after else None
        if pick is None:
            uncalled.append(n)
            continue
        i, c = pick
        used.add((i, c[0]))
        chosen.setdefault(i, []).append(c)
        pos = (i, c[0])
    clean: list[str] = []
    calls: list[list[tuple[str, int]]] = []
    for i, text in enumerate(texts):
        out = []
        block_calls: list[tuple[str, int]] = []
        last = 0
        removed = 0
        for start, end, n in sorted(chosen.get(i, [])):
            out.append(text[last:start])
            block_calls.append((n, start - removed))
            removed += end - start
            last = end
        out.append(text[last:])
        clean.append("".join(out))
        calls.append(block_calls)
    after_number = [
        (i, n)
        for i, cs in sorted(chosen.items())
        for start, _end, n in sorted(cs)
        if start > 1 and texts[i][start].isdigit() and texts[i][start - 2].isdigit()
    ]
    ambiguous = [
        (i, m.group(2), m.group(0))
        for i, t in enumerate(clean)
        for m in _YEAR_CALL_RE.finditer(t)
        if m.group(2) in uncalled
    ]
    return CallPlacement(clean, calls, uncalled, after_number, ambiguous)


def stray_calls(text: str, numbers: set[str]) -> list[str]:
    """Numbers glued to a lower-case word ("years3 has") that no note answers: likely calls of lost notes."""
    return [m.group(1) for m in re.finditer(r"(?<=[a-z])(\d{1,2})(?=[\s.,;:!?)]|$)", text) if m.group(1) not in numbers]


def note_resp(text: str, default: str | None = "editor") -> str | None:
    """The note's responsibility: "original" when it says so ("[Footnote in the original.]"), else `default`."""
    return "original" if ORIGINAL_NOTE_RE.search(text) else default


# --- Markdown inline markup ---------------------------------------------------------------

_EMPHASIS_RE = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
_LINK_RE = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")


def strip_markdown(text: str) -> tuple[str, list[str]]:
    """Plain text of one Markdown paragraph and the markup dropped from it (links' targets, escapes).

    Emphasis markers go; links keep their words; hard line breaks become spaces.
    """
    dropped: list[str] = []

    def link(m: re.Match[str]) -> str:
        dropped.append(f"({m.group(2)})")
        return m.group(1)

    def escape(m: re.Match[str]) -> str:
        dropped.append("\\")
        return m.group(1)

    text = _LINK_RE.sub(link, text)
    text = _ESCAPE_RE.sub(escape, text)
    text = re.sub(r"\\\n", lambda m: (dropped.append("\\"), "\n")[1], text)  # backslash hard break
    prev = None
    while prev != text:
        prev = text
        text = _EMPHASIS_RE.sub(r"\2", text)
    return collapse(text), dropped


def autolinks(text: str) -> list[str]:
    """URLs written as Markdown autolinks (<https://…>)."""
    return _AUTOLINK_RE.findall(text)


def suspect_encoding_lines(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line number, context) for every line where "?" most likely stands for a lost dash or quote."""
    found: list[tuple[int, str]] = []
    for i, line in enumerate(text.split("\n"), start=first_line):
        hits = suspect_encoding(line)
        if hits:
            found.append((i, hits[0]))
    return found
