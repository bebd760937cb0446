"""Linking: mentions of people, topics and terms, dates and cross-references (a pure function).

`link(documents, registers)` builds its lookup tables once, then reads every text once:

* Texts are cut into tokens (maximal runs of letters and digits). A name is a run of tokens joined by
  separators that may occur inside a name (a space, ". " after an initial, a hyphen, an apostrophe), so a
  form never matches inside a longer word ("Beria" is not in "Siberian", "Kádár" is not in "Kádárism")
  and never across a comma or a bracket. At each token the longest registered form wins, so "Sergei
  Khrushchev" is not a mention of Nikita Khrushchev. Cost grows with the text: a token that cannot start a
  form is rejected by one set look-up, and n-grams are built only up to the longest form.
* Every scanner works from the same tokens, cut once per text by one regex split: a single pass marks the
  tokens any scanner may start at (register start words, words with digits, month names, one-letter
  capitals, titles), and the date, initials and title patterns run only there, never over whole texts;
  suspect-ocr candidates are judged once per distinct word of a document (`benchmarks/bench_link.py`).
* People and glossary terms match case-sensitively on the registered form, and also in capitals
  ("KHRUSHCHEV" in a title, "Michal REIMAN" in a bibliography). Topic phrases match in any case.
  Possessives ("Gorbachev’s") need nothing special: the apostrophe ends the name. Texts and forms are
  compared in NFC, so decomposed accents match; transliteration variants (Ceaușescu/Ceauşescu/Ceausescu)
  are the register's business: list every form the edition uses.
* Dates are normalised to EDTF level 0 (ISO 8601 calendar dates at the precision printed, and intervals
  `start/end`): "13 August 1961" → 1961-08-13, "April 1985" → 1985-04, "1956" → 1956, "1947-48" →
  1947/1948, "the 1930s" → 1930/1939, "the 1930-40s" → 1930/1949, "3–21 March 1960" →
  1960-03-03/1960-03-21. A day and month without a year ("January 21") take the year of the document's
  own date; without one they are left out.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate, combinations

from .model import (
    Block,
    Correction,
    DateRef,
    Diagnostic,
    Document,
    DocumentLinks,
    Index,
    Mention,
    Registers,
    Span,
)

TOKEN_RE = re.compile(r"[^\W_]+")
SPLIT_RE = re.compile(r"([^\W_]+)")
# \w is [^\W_] plus "_" and splits faster: used for the many texts without an underscore
SPLIT_FAST_RE = re.compile(r"(\w+)")
# a word starting with one of these (Latin-1 lower case) is a common word wherever it is printed in lower case
LOWER_INITIALS = frozenset(map(chr, [*range(ord("a"), ord("z") + 1), *range(0xDF, 0xF7), *range(0xF8, 0x100)]))
# Words that, capitalised right after a surname, make it part of another name ("Gorbachev Foundation").
INSTITUTION_WORDS = frozenset(
    "Foundation Archive Archives Library Institute Institution Center Centre Museum Prize Plan Doctrine "
    "University College School Street Square Avenue Boulevard Memorial Fund Papers Collection Line Shipyard "
    "Stadium Peak Canal Bridge Airport Award Medal Order Society Trust Lecture Lectures Corporation Company".split()
)
CONTEXT_CHARS = 50
RELATED_LIMIT = 5


# --- lookup tables, built once per link() call ----------------------------------------


@dataclass
class _Lexicon:
    """Every register form as a token-key, indexed for the one-pass scan."""

    exact: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # people and terms, case-sensitive
    folded: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # topics, lower-cased
    starts: set[str] = field(default_factory=set)
    folded_starts: set[str] = field(default_factory=set)
    max_tokens: int = 1
    prefixes: set[str] = field(default_factory=set)  # keys of the first tokens of every form (both tables)
    any_starts: set[str] = field(default_factory=set)  # starts | folded_starts: one look-up per token
    # first tokens that are a whole form by themselves; any other start word matches only with what follows
    solo: set[str] = field(default_factory=set)
    # exact key → (people ids, term ids), split once per key on first use
    exact_refs: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    form_words: set[str] = field(default_factory=set)  # lower-cased tokens of every form: never suspect-ocr
    ocr: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # masked skeleton → (form word, id)
    ocr_shapes: set[tuple[str, int]] = field(default_factory=set)
    # (length, part, letters, part, letters) of two unmasked quarters of every ocr key: a cheap necessary test
    ocr_quarters: set[tuple[int, int, str, int, str]] = field(default_factory=set)
    plain: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # skeleton → (form word, id)
    names: dict[str, str] = field(default_factory=dict)  # person id → display name
    # word → ("variant" | "ocr", suggestions): words recur across documents, judge each once
    suspect_cache: dict[str, tuple[str, list[tuple[str, str]]]] = field(default_factory=dict)


SEPARATORS = {" ": " ", ". ": ". ", "-": "-", "'": "'", "’": "'"}  # the usual gaps, looked up before _separator


def _separator(gap: str) -> str | None:
    """The canonical joint between two tokens of one name, or None when the gap ends a name."""
    if gap == " ":
        return " "
    stripped = gap.strip()
    if not stripped:
        return " "
    if stripped == ".":
        return ". "
    if gap in ("-", "‐", "‑"):
        return "-"
    if gap in ("'", "’"):
        return "'"
    return None


class _Tokens:
    """The tokens of a text with their offsets, cut in one C-level split shared by every scanner.

    `marked`, when the document set it, holds the indices of every token any scanner may start at (register
    start words, words with digits, month names, one-letter capitals, titles), found in one pass over the
    tokens; each scanner then picks its own from that short list instead of walking all tokens again.
    """

    __slots__ = ("words", "gaps", "offsets", "marked")

    def __init__(self, text: str) -> None:
        parts = (SPLIT_RE if "_" in text else SPLIT_FAST_RE).split(text)  # [gap, word, gap, word, …, gap]
        self.words: list[str] = parts[1::2]
        self.gaps: list[str] = parts[2::2]  # gaps[k] follows words[k]
        self.offsets: list[int] = list(accumulate(map(len, parts), initial=0))
        self.marked: list[int] | None = None

    def indices(self, wanted: set[str] | frozenset[str]) -> list[int]:
        """Indices of the tokens that are in wanted, in order (wanted ∩ words must be marked, if marked is set)."""
        words = self.words
        if self.marked is None:
            return [k for k, w in enumerate(words) if w in wanted]
        return [k for k in self.marked if words[k] in wanted]

    def start(self, k: int) -> int:
        """Offset where token k starts."""
        return self.offsets[2 * k + 1]


def _key(form: str) -> tuple[str, int, str]:
    """A form's lookup key (tokens joined by canonical separators), its token count and first token."""
    prefixes = _prefixes(form)
    if not prefixes:
        return "", 0, ""
    return prefixes[-1], len(prefixes), prefixes[0]


def _prefixes(form: str) -> list[str]:
    """The keys of a form's first 1, 2, … n tokens (the last one is the form's key)."""
    text = unicodedata.normalize("NFC", form)
    # most forms are one word, or words joined by single spaces: no regex needed (isalnum is one token)
    if text.isalnum():
        return [text]
    words = text.split(" ")
    if all(map(str.isalnum, words)):
        return list(accumulate(words, lambda key, w: key + " " + w))
    parts = (SPLIT_RE if "_" in text else SPLIT_FAST_RE).split(text)  # [gap, word, gap, word, …, gap]
    out: list[str] = []
    for k in range(1, len(parts) - 1, 2):
        # parts[k - 1] is the gap before this word; a form with a comma inside can never match: fine
        out.append(parts[k] if k == 1 else out[-1] + (_separator(parts[k - 1]) or "\x00") + parts[k])
    return out


def _variants(form: str) -> list[str]:
    """A name as registered, in capitals, and with its last word in capitals (bibliographies)."""
    out = [form, form.upper()]
    head, _, last = form.rpartition(" ")
    if head:
        out.append(f"{head} {last.upper()}")
    return list(dict.fromkeys(out))


SKELETON_SPECIAL = {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ı": "i"}


@lru_cache(maxsize=65536)
def _skeleton(word: str) -> str:
    """The word lower-cased without diacritics, one letter per letter (so positions line up)."""
    if word.isascii():
        return word.lower()
    return "".join(SKELETON_SPECIAL.get(c) or unicodedata.normalize("NFD", c)[0].lower() for c in word)


def build_lexicon(registers: Registers) -> _Lexicon:
    """Index every person form, topic phrase and glossary form for the scan (once per link call)."""
    lex = _Lexicon()

    def add(table: dict[str, list[tuple[str, str]]], starts: set[str], text: str, entry: tuple[str, str]) -> None:
        prefixes = _prefixes(text)
        if not prefixes:
            return
        if table is lex.folded:
            prefixes = [p.lower() for p in prefixes]
        bucket = table.setdefault(prefixes[-1], [])
        if entry not in bucket:
            bucket.append(entry)
        first = prefixes[0]
        if table is lex.folded:
            # topics match in any case; keep the usual casings of a first word so the scan needs no lower()
            starts.update((first, first.lower(), first.capitalize(), first.upper()))
        else:
            starts.add(first)
        lex.prefixes.update(prefixes)
        if len(prefixes) > lex.max_tokens:
            lex.max_tokens = len(prefixes)

    def words_of(text: str) -> list[str]:
        found = TOKEN_RE.findall(unicodedata.normalize("NFC", text))
        lex.form_words.update(map(str.lower, found))
        return found

    for person in registers.people:
        lex.names[person.id] = person.name
        # a surname recurs in several forms of one person: index its OCR keys once
        ocr_words = set()
        for form in dict.fromkeys((*person.forms, person.name)):
            for variant in _variants(form):
                add(lex.exact, lex.starts, variant, ("person", person.id))
            for word in words_of(form):
                if not word.isascii() and word not in ocr_words:
                    ocr_words.add(word)
                    _index_ocr(lex, word, person.id)
    for term in registers.glossary:
        for form in dict.fromkeys((term.term, *term.forms)):
            add(lex.exact, lex.starts, form, ("term", term.id))
            words_of(form)
    for topic in registers.topics:
        for phrase in dict.fromkeys((*topic.phrases, topic.label)):
            add(lex.folded, lex.folded_starts, phrase, ("topic", topic.id))
            words_of(phrase)
    lex.any_starts = lex.starts | lex.folded_starts
    lex.solo = {w for w in lex.starts if w in lex.exact} | {w for w in lex.folded_starts if w.lower() in lex.folded}
    return lex


def _index_ocr(lex: _Lexicon, word: str, person_id: str) -> None:
    """Index a name word by masks over its accented letters: OCR turns "á" into another letter."""
    if len(word) < 4 or not word[0].isupper() or word.isupper():
        return
    skel = _skeleton(word)
    lex.plain.setdefault(skel, [])
    if (word, person_id) not in lex.plain[skel]:
        lex.plain[skel].append((word, person_id))
    accented = [i for i, c in enumerate(word) if i > 0 and not c.isascii()]
    if not accented:
        return
    keys: list[str] = []
    for r in (1, 2):
        for picked in combinations(accented, r):
            chars = list(skel)
            for i in picked:
                chars[i] = "\x00"
            keys.append("".join(chars))
    for i in accented:
        keys.append(skel[:i] + "\x00\x00" + skel[i + 1 :])  # one accented letter read as two
        keys.append(skel[:i] + skel[i + 1 :])  # an accented letter lost
    for k in keys:
        bucket = lex.ocr.get(k)
        if bucket is None:
            # a name word recurs in several forms of a person: index a key's shape and quarters once
            bucket = lex.ocr[k] = []
            lex.ocr_shapes.add((k[0], len(k)))
            lex.ocr_quarters.update(_quarter_pairs(k, clean_only=True))
        if (word, person_id) not in bucket:
            bucket.append((word, person_id))


def _quarter_pairs(key: str, clean_only: bool = False) -> list[tuple[int, int, str, int, str]]:
    """Pairs of the key's four quarters, with its length; only quarters without a mask when clean_only.

    An ocr key has at most two masks, so two of its quarters are clean; a word that matches one of the word's
    masked keys equals the key on those two quarters. The word's pairs missing from ocr_quarters rule it out.
    """
    n = len(key)
    cuts = [0, n // 4, n // 2, 3 * n // 4, n]
    parts = [key[cuts[j] : cuts[j + 1]] for j in range(4)]
    keep = [j for j in range(4) if not clean_only or "\x00" not in parts[j]]
    return [(n, a, parts[a], b, parts[b]) for a, b in combinations(keep, 2)]


def _ocr_suggestions(lex: _Lexicon, word: str) -> list[tuple[str, str]]:
    """Registered name words this word could be an OCR-damaged copy of (edits only at accented letters)."""
    skel = _skeleton(word)
    n = len(skel)
    if (skel[0], n) not in lex.ocr_shapes or lex.ocr_quarters.isdisjoint(_quarter_pairs(skel)):
        return []
    found: list[tuple[str, str]] = []
    keys = [skel]
    rest = range(1, n)
    for i in rest:
        keys.append(skel[:i] + "\x00" + skel[i + 1 :])
    for i, j in combinations(rest, 2):
        keys.append(skel[:i] + "\x00" + skel[i + 1 : j] + "\x00" + skel[j + 1 :])
    for k in keys:
        for hit in lex.ocr.get(k, ()):
            if _skeleton(hit[0]) != skel and hit not in found:
                found.append(hit)
    return found


# --- words that are not people ---------------------------------------------------------

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
NOT_PEOPLE = frozenset(
    (
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
        "August September October November December Party Committee Central State States Army Navy Secretary "
        "General Council Republic Union Government Foreign Affairs Ministry Minister Politburo Presidium Congress "
        "Archive Archives Document Documents Note Notes Source Summary Contents Citation Translation Question "
        "Answer Subject First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Last Next Point Item "
        "Agenda Conclusion Comment Appendix Attachment Enclosure Reference Copy Date Minutes Original Language "
        "Theme Themes Topic Example Result Results Soviet Soviets Socialist Communist Communists Western Eastern "
        "West East North South Europe European America American Americans Africa Asia Germany German Germans "
        "Poland Polish Hungary Hungarian Czechoslovakia Czechoslovak Romania Rumania Romanian Bulgaria Bulgarian "
        "Yugoslavia Yugoslav Albania China Chinese Cuba Cuban Russia Russian Britain British France French Italy "
        "Italian Moscow Prague Berlin Warsaw Budapest Bucharest Sofia Belgrade Washington London Paris Vienna "
        "Geneva Kremlin Embassy Office Department Bureau Conference Summit Plenum Session Meeting Treaty Pact "
        "Organization Assembly Supreme Court Bank Prime Deputy Vice Head Chairman President Premier Chancellor "
        "Ambassador Marshal Professor Academician Comrade Comrades Members Member Delegation Leadership The This "
        "That These Those There Here In On At By For From With To Of And But Or As If When While After Before "
        "Yes No Mr Mrs Ms Dr Sir Lord Lady Saint St Our We They He She It His Her Their Its"
    ).split()
)
TITLES = (
    r"General|Marshal|Admiral|Colonel|Major|Captain|President|Chancellor|Premier|Prime Minister|"
    r"Ambassador|Minister|Comrade|Academician|Professor|Dr\.|Mr\.|Mrs\.|Ms\.|premier|chancellor|ambassador|"
    r"marshal|minister|president"
)
TITLE_RE = re.compile(
    rf"\b(?:{TITLES})\s+(?:\[(?P<first>[A-Z][\w’'-]+)\]\s+)?"
    r"(?P<name>(?:[A-Z]\.\s?){0,3}[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)"
)
# A title starts with \b and ends with a space or a dot, so its first word is a whole token: these tokens.
TITLE_WORDS = frozenset(t.split()[0].rstrip(".").replace("\\", "") for t in TITLES.split("|"))
INITIALS_RE = re.compile(r"(?<![\w.])(?P<name>(?:[A-Z]\.\s?){1,3}[A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?)")
# Initials start with a capital that is not preceded by a word character or a dot: a one-letter token.
CAPITAL_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
BRACKET_FIRST_RE = re.compile(r"\[(?P<first>[A-Z][a-z]+)\]\s+(?P<name>[A-Z][^\W\d_]+)")
SPEAKER_RE = re.compile(r"^(?P<name>[A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+){0,2}):\s")
COUNTRY_INITIALS = {"U. S.", "U.S.", "U. K.", "U.K.", "U. N.", "U.N.", "E. U.", "D. C.", "D.C."}


def _looks_like_name(name: str) -> bool:
    words = [w for w in re.split(r"[\s.]+", name) if w]
    surname = words[-1] if words else ""
    if len(surname) < 2 or surname.strip("’'") in NOT_PEOPLE:
        return False
    return not (surname.isupper() and len(surname) <= 3)


# --- dates -------------------------------------------------------------------------------

_D = r"(?P<{}>\d{{1,2}})"
# The alternatives of DATE_RE in order: all start with a digit except those in MONTH_FIRST, with a month name.
DATE_ALTERNATIVES = [
    rf"(?P<r_dd>\b{_D.format('d1')}\s*[–-]\s*{_D.format('d2')}\s+(?P<m>{MONTH_RE}),?\s+(?P<y>\d{{4}})\b)",
    rf"(?P<r_dmdm>\b{_D.format('d3')}\s+(?P<m3>{MONTH_RE})\s*[–-]\s*{_D.format('d4')}\s+"
    rf"(?P<m4>{MONTH_RE}),?\s+(?P<y4>\d{{4}})\b)",
    rf"(?P<dmy>\b{_D.format('d5')}\s+(?P<m5>{MONTH_RE}),?\s+(?P<y5>\d{{4}})\b)",
    rf"(?P<mdy>\b(?P<m6>{MONTH_RE})\s+{_D.format('d6')},?\s+(?P<y6>\d{{4}})\b)",
    rf"(?P<my>\b(?P<m7>{MONTH_RE}),?\s+(?P<y7>\d{{4}})\b)",
    rf"(?P<md>\b(?P<m8>{MONTH_RE})\s+{_D.format('d8')}\b(?![.,]?\d))",
    rf"(?P<dm>\b{_D.format('d9')}\s+(?P<m9>{MONTH_RE})\b)",
    r"(?P<num>(?<![\d.])(?P<d10>\d{1,2})\.(?P<m10>\d{1,2})\.(?P<y10>\d{4}|\d{2})(?![\d.]\d))",
    r"(?P<decades>\b(?P<c1>1[89]\d|20\d)0\s*[–-]\s*(?P<c2>\d)0[’']?s\b)",
    r"(?P<decade>\b(?P<c3>1[89]\d|20\d)0[’']?s\b)",
    r"(?P<years>(?<![\d.,/])\b(?P<y11>1[89]\d\d|20\d\d)\s*[–-]\s*(?P<y12>\d{4}|\d{2})\b(?![–-]?\d))",
    r"(?P<year>(?<![\d.,/])\b(?P<y13>1[89]\d\d|20\d\d)\b(?![.,]\d|[–-]\d))",
]
DATE_RE = re.compile("|".join(DATE_ALTERNATIVES))
MONTH_FIRST = ("(?P<mdy>", "(?P<my>", "(?P<md>")
# At one position only one family can match, so trying it alone keeps DATE_RE's first-match order.
DATE_DIGIT_RE = re.compile("|".join(a for a in DATE_ALTERNATIVES if not a.startswith(MONTH_FIRST)))
DATE_MONTH_RE = re.compile("|".join(a for a in DATE_ALTERNATIVES if a.startswith(MONTH_FIRST)))
MONTH_WORDS = frozenset(MONTH_RE[3:-1].split("|"))
# A year-sized number followed by one of these is a quantity, not a year.
UNIT_AFTER_RE = re.compile(r"\s*(?:rubles|roubles|dollars|marks|percent|per cent|%|tons|kilograms|km|pp\b|people)")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(name: str) -> int:
    return MONTHS[name.lower()]


def _date_when(m: re.Match[str], default_year: int | None) -> str | None:
    """The EDTF level 0 value of one DATE_RE match (None when it is not a valid date)."""
    g = m  # read groups by name: groupdict() would build a dict of every group for each date
    kind = m.lastgroup
    if kind == "r_dd":
        a = _iso(int(g["y"]), _month(g["m"]), int(g["d1"]))
        b = _iso(int(g["y"]), _month(g["m"]), int(g["d2"]))
        return f"{a}/{b}" if a and b and a < b else None
    if kind == "r_dmdm":
        y = int(g["y4"])
        a = _iso(y, _month(g["m3"]), int(g["d3"]))
        b = _iso(y, _month(g["m4"]), int(g["d4"]))
        return f"{a}/{b}" if a and b and a < b else None
    if kind == "dmy":
        return _iso(int(g["y5"]), _month(g["m5"]), int(g["d5"]))
    if kind == "mdy":
        return _iso(int(g["y6"]), _month(g["m6"]), int(g["d6"]))
    if kind == "my":
        return f"{int(g['y7']):04d}-{_month(g['m7']):02d}"
    if kind == "md":
        return _iso(default_year, _month(g["m8"]), int(g["d8"])) if default_year else None
    if kind == "dm":
        return _iso(default_year, _month(g["m9"]), int(g["d9"])) if default_year else None
    if kind == "num":
        year = int(g["y10"])
        if year < 100:
            # a two-digit year is the one nearest the document's own year ("24.2.89" in 1989 is 1989)
            base = default_year or 1950
            year = min((c * 100 + year for c in range(base // 100 - 1, base // 100 + 2)), key=lambda y: abs(y - base))
        return _iso(year, int(g["m10"]), int(g["d10"]))
    if kind == "decades":
        start, end = int(g["c1"]) * 10, (int(g["c1"]) // 10 * 10 + int(g["c2"])) * 10 + 9
        return f"{start}/{end}" if end > start else None
    if kind == "decade":
        return f"{int(g['c3']) * 10}/{int(g['c3']) * 10 + 9}"
    if kind == "years":
        a, b = g["y11"], g["y12"]
        if len(b) == 2:
            b = a[:2] + b
        return f"{a}/{b}" if b > a else None
    if kind == "year":
        if UNIT_AFTER_RE.match(m.string, m.end()):
            return None
        return g["y13"]
    return None


def normalise_date(text: str, default_year: int | None = None) -> DateRef | None:
    """The first date in text, normalised to EDTF level 0 (see the module docstring)."""
    found = find_dates(text, default_year)
    return found[0][2] if found else None


def find_dates(text: str, default_year: int | None) -> list[tuple[int, int, DateRef]]:
    """Every date text mentions: (start, end, DateRef), in order."""
    return _find_dates(text, _Tokens(text), default_year)


def _find_dates(
    text: str, toks: _Tokens, default_year: int | None, numeric_words: set[str] | None = None
) -> list[tuple[int, int, DateRef]]:
    """find_dates over a text already cut into tokens."""
    out = []
    done = 0
    # every date starts with a digit or a month name: try the pattern of that family only there
    for start, is_month in _date_triggers(text, toks, numeric_words):
        if start < done:
            continue
        m = (DATE_MONTH_RE if is_month else DATE_DIGIT_RE).match(text, start)
        if not m:
            continue
        when = _date_when(m, default_year)
        if when:
            out.append((m.start(), m.end(), DateRef(when, m.group())))
            done = m.end()
    return out


def _numeric_words(words: set[str] | list[str]) -> set[str]:
    """The words with a digit in them (a token that is not all letters has one)."""
    return {w for w in words if not w.isalpha()}


def _date_triggers(text: str, toks: _Tokens, numeric_words: set[str] | None = None) -> list[tuple[int, bool]]:
    """Where a date may start, from the tokens: (offset, is a month name) at every run of digits and every month.

    Digits and month names are inside tokens, so a text whose tokens are all letters and name no month is done
    with two C-level set operations (numeric_words: a superset of the text's words with digits, if known).
    """
    words = toks.words
    numeric = _numeric_words(words) if numeric_words is None else numeric_words.intersection(words)
    months = MONTH_WORDS.intersection(words)
    if not numeric and not months:
        return []
    found = numeric | months
    out: list[tuple[int, bool]] = []
    for k in toks.indices(found):
        w, start = words[k], toks.start(k)
        if w in months:
            # \b around the name: only an underscore (a \w that is not a token character) can touch it
            if text[start - 1 : start] != "_" and text[start + len(w) : start + len(w) + 1] != "_":
                out.append((start, True))
        elif w.isdecimal():
            out.append((start, False))
        else:
            # the start of every run of digits (re's \d is str.isdecimal), as in "A1" or "1a2"
            out.extend(
                (start + j, False) for j, c in enumerate(w) if c.isdecimal() and (j == 0 or not w[j - 1].isdecimal())
            )
    return out


# --- the scan ----------------------------------------------------------------------------


@dataclass
class _Text:
    """One piece of a document's text: where it is (part, index), its text and source line."""

    part: str
    index: int
    text: str
    line: int | None
    speaker: str | None = None


def _texts(doc: Document) -> list[_Text]:
    out: list[_Text] = []
    if doc.title:
        out.append(_Text("title", 0, doc.title, 1))
    if doc.summary:
        out.append(_Text("summary", 0, doc.summary, None))
    for part, blocks in (("headnote", doc.headnote), ("body", doc.body)):
        for i, b in enumerate(blocks):
            out.append(_block_text(part, i, b))
    for i, fn in enumerate(doc.footnotes):
        out.append(_Text("footnotes", i, fn.text, fn.line))
    return out


def _block_text(part: str, i: int, b: Block) -> _Text:
    return _Text(part, i, b.text, b.line, b.speaker)


def _nfc_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """NFC text and, when normalisation changed it, the original offset of every NFC character."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    origin: list[int] = []
    start = 0
    for k in range(1, len(text) + 1):
        if k == len(text) or not unicodedata.combining(text[k]):
            piece = unicodedata.normalize("NFC", text[start:k])
            out.append(piece)
            origin.extend([start] * len(piece))
            start = k
    origin.append(len(text))
    return "".join(out), origin


@dataclass
class _DocScan:
    """What the scan of one document collects before it becomes DocumentLinks."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    first: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, tuple[list[str], int | None, int]] = field(default_factory=dict)
    ocr: dict[str, tuple[list[tuple[str, str]], int | None]] = field(default_factory=dict)
    variants: dict[str, tuple[list[tuple[str, str]], int | None]] = field(default_factory=dict)
    unknown: dict[str, tuple[int | None, int]] = field(default_factory=dict)


def _context(text: str, start: int, end: int) -> str:
    a = max(0, start - CONTEXT_CHARS)
    b = min(len(text), end + CONTEXT_CHARS)
    if a > 0:
        space = text.find(" ", a, start)
        a = space + 1 if space != -1 else a
    if b < len(text):
        space = text.rfind(" ", end, b)
        b = space if space != -1 else b
    return ("…" if a > 0 else "") + text[a:b].strip() + ("…" if b < len(text) else "")


def _scan_entities(
    lex: _Lexicon, text: str, piece: _Text, scan: _DocScan, toks: _Tokens | None = None
) -> tuple[list[Span], _Tokens, set[int]]:
    """Longest-match register forms in one text: spans (people, terms, topics), tokens, matched token indices."""
    if toks is None:
        toks = _Tokens(text)
    words, gaps, offsets = toks.words, toks.gaps, toks.offsets
    spans: list[Span] = []
    n = len(words)
    exact, folded = lex.exact, lex.folded
    ex_starts, fo_starts = lex.starts, lex.folded_starts
    max_n, prefixes = lex.max_tokens, lex.prefixes
    any_starts, solo, exact_refs = lex.any_starts, lex.solo, lex.exact_refs
    linked: set[int] = set()
    skip = 0
    # the only per-token work is one set look-up; the rest runs per candidate
    for i in toks.indices(any_starts):
        if i < skip:
            continue
        w = words[i]
        keys = [w]
        key = w
        k = i
        # extend only while some form still starts this way: cost stays with the text, not the register
        while k < n - 1 and len(keys) < max_n:
            gap = gaps[k]
            sep = " " if gap == " " else SEPARATORS.get(gap) or _separator(gap)
            if sep is None:
                break
            key = key + sep + words[k + 1]
            if key not in prefixes and key.lower() not in prefixes:
                break
            keys.append(key)
            k += 1
        if k == i and w not in solo:
            # most candidates ("the", "I"): not a form alone and nothing registered continues them here
            continue
        best_exact = best_folded = 0
        if w in ex_starts:
            for j in range(len(keys), 0, -1):
                if keys[j - 1] in exact:
                    best_exact = j
                    break
        if w in fo_starts:
            for j in range(len(keys), 0, -1):
                if keys[j - 1].lower() in folded:
                    best_folded = j
                    break
        if not best_exact and not best_folded:
            continue
        length = max(best_exact, best_folded)
        last = i + length - 1
        linked.update(range(i, last + 1))
        start, end = offsets[2 * i + 1], offsets[2 * last + 2]
        if best_exact >= best_folded:
            found = keys[best_exact - 1]
            refs = exact_refs.get(found)
            if refs is None:
                entries = exact[found]
                refs = exact_refs[found] = (
                    [ref for kind, ref in entries if kind == "person"],
                    [ref for kind, ref in entries if kind == "term"],
                )
            people, terms = refs
            if people and last + 1 < n and toks.gaps[last] == " " and words[last + 1] in INSTITUTION_WORDS:
                # "Gorbachev Foundation" names an institution, not the person
                skip = last + 2
                continue
            if len(people) > 1:
                form = text[start:end]
                ids, line, count = scan.ambiguous.get(form, (people, piece.line, 0))
                scan.ambiguous[form] = (ids, line, count + 1)
            elif people:
                prev = spans[-1] if spans else None
                # "Yegor Kuzmich [Ligachev]": an editor's bracketed name repeats the mention, it is not another
                repeat = prev is not None and prev.ref == people[0] and text[prev.end : start].strip() == "["
                spans.append(Span("person", people[0], start, end))
                if not repeat:
                    _count(scan, "person", people[0], text, start, end)
            elif terms:
                spans.append(Span("term", terms[0], start, end))
                _count(scan, "term", terms[0], text, start, end)
            if best_folded == best_exact:
                for _, ref in folded[keys[best_folded - 1].lower()]:
                    _count(scan, "topic", ref, text, start, end)
        else:
            for j, (_, ref) in enumerate(folded[keys[best_folded - 1].lower()]):
                if j == 0:
                    spans.append(Span("topic", ref, start, end))
                _count(scan, "topic", ref, text, start, end)
        skip = last + 1
    return spans, toks, linked


def _count(scan: _DocScan, kind: str, ref: str, text: str, start: int, end: int) -> None:
    scan.counts[(kind, ref)] += 1
    if ref not in scan.first:
        scan.first[ref] = _context(text, start, end)


def _suspect_words(lex: _Lexicon, doc_words: set[str]) -> set[str]:
    """The document's words that may be damaged names: four letters or more, capitalised, not all capitals.

    Not a word of any register form, nor one the document also prints in lower case ("However"/"however").
    Judged once per distinct word of the document, not per occurrence.
    """
    form_words = lex.form_words
    out: set[str] = set()
    for w in doc_words.difference(NOT_PEOPLE):
        if len(w) < 4 or not w[0].isupper() or w.isupper():
            continue
        low = w.lower()
        if low in form_words or (low in doc_words and low[0] in LOWER_INITIALS):
            continue
        out.add(w)
    return out


def _scan_suspects(
    lex: _Lexicon, toks: _Tokens, linked: set[int], piece: _Text, suspects: set[str], scan: _DocScan
) -> None:
    """Suspect words of one text, outside every register match, that look like a damaged or unlisted name."""
    cache = lex.suspect_cache
    words = toks.words
    found = suspects.intersection(words)
    if not found:
        return
    linked_count = Counter(words[k] for k in linked)
    # sorted: the set's order would do (the text's line is the same for every word), but keep runs identical
    for w in sorted(found):
        # a word counts when at least one of its occurrences is outside every register match
        if w in linked_count and words.count(w) == linked_count[w]:
            continue
        if w not in cache:
            plain = [h for h in lex.plain.get(_skeleton(w), ()) if h[0] != w]
            cache[w] = ("variant", plain) if plain else ("ocr", _ocr_suggestions(lex, w))
        kind, hits = cache[w]
        if not hits:
            continue
        table = scan.variants if kind == "variant" else scan.ocr
        if w not in table:
            table[w] = (hits, piece.line)


def _starts_of(toks: _Tokens, wanted: frozenset[str]) -> list[int]:
    """Offsets of the tokens that are in wanted, in order (two C-level passes when there is none)."""
    words = toks.words
    if wanted.isdisjoint(words):
        return []
    offsets = toks.offsets
    return [offsets[2 * k + 1] for k in toks.indices(wanted)]


def _match_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """What pattern.finditer(text) finds, when every match must begin at one of starts (sorted)."""
    found = []
    end = 0
    for start in starts:
        if start < end:
            continue
        m = pattern.match(text, start)
        if m:
            found.append(m)
            end = m.end()
    return found


def _scan_unknown(
    text: str, piece: _Text, spans: list[Span], lex: _Lexicon, scan: _DocScan, toks: _Tokens | None = None
) -> None:
    """Names that look like people but are not in the register (initials, titles, speaker labels)."""
    if toks is None:
        toks = _Tokens(text)
    people = [(s.start, s.end) for s in spans if s.kind == "person"]
    seen: set[int] = set()  # where each noted name ends: two rules finding one name count it once

    def note(name: str, start: int, end: int) -> None:
        name = re.sub(r"[’']s$", "", " ".join(name.split()))
        if end in seen or any(a < end and start < b for a, b in people) or not _looks_like_name(name):
            return
        seen.add(end)
        key, _, _ = _key(name)
        if key in lex.exact or name.lower() in lex.form_words:
            return
        line, count = scan.unknown.get(name, (piece.line, 0))
        scan.unknown[name] = (line, count + 1)

    # the patterns run only where a match can begin, found from the shared tokens, not over the whole text
    for m in _match_at(INITIALS_RE, text, _starts_of(toks, CAPITAL_LETTERS)):
        name = m.group("name")
        initials = name[: name.rfind(".") + 1]
        if initials.strip() in COUNTRY_INITIALS:
            continue
        note(name, m.start("name"), m.end("name"))
    for m in _match_at(TITLE_RE, text, _starts_of(toks, TITLE_WORDS)):
        name = m.group("name")
        first = m.group("first")
        if name.split()[0].rstrip(".") in NOT_PEOPLE:
            continue
        note(f"{first} {name}" if first else name, m.start("name"), m.end("name"))
    for m in BRACKET_FIRST_RE.finditer(text) if "[" in text else ():
        note(f"{m.group('first')} {m.group('name')}", m.start("name"), m.end("name"))
    m = SPEAKER_RE.match(text)
    if m and not any(w in NOT_PEOPLE for w in m.group("name").split()):
        note(m.group("name"), m.start("name"), m.end("name"))
    if piece.speaker and re.fullmatch(r"[A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+){0,2}", piece.speaker):
        if not any(w in NOT_PEOPLE for w in piece.speaker.split()):
            key, _, _ = _key(piece.speaker)
            if key not in lex.exact:
                line, count = scan.unknown.get(piece.speaker, (piece.line, 0))
                scan.unknown[piece.speaker] = (line, count + 1)


def _speaker_ref(lex: _Lexicon, speaker: str) -> str | None:
    """The registered person a speaker label names: the whole label, else its longest form."""
    text = unicodedata.normalize("NFC", speaker)
    key, _, _ = _key(text)
    entries = lex.exact.get(key)
    if entries is None:
        spans, _, _ = _scan_entities(lex, text, _Text("speaker", 0, text, None), _DocScan())
        persons = [s.ref for s in spans if s.kind == "person"]
        return persons[0] if len(set(persons)) == 1 else None
    people = {ref for kind, ref in entries if kind == "person"}
    return people.pop() if len(people) == 1 else None


def _correction_spans(lex: _Lexicon, text: str, corrections: list[Correction], scan: _DocScan) -> list[Span]:
    """Spans for the editor's corrections in text; a corrected name is linked to its person (outer span)."""
    spans: list[Span] = []
    for c in corrections:
        ref = _speaker_ref(lex, c.corr)
        for start, end in c.occurrences(text):
            if ref:
                spans.append(Span("person", ref, start, end))
                _count(scan, "person", ref, text, start, end)
            spans.append(Span("corr", c.corr, start, end))
    return spans


def _date_spans(
    text: str, toks: _Tokens, default_year: int | None, taken: list[Span], numeric_words: set[str] | None = None
) -> tuple[list[Span], list[DateRef]]:
    spans: list[Span] = []
    refs: list[DateRef] = []
    for start, end, ref in _find_dates(text, toks, default_year, numeric_words):
        refs.append(ref)
        if not any(s.start < end and start < s.end for s in taken):
            spans.append(Span("date", ref.when or "", start, end, when=ref.when))
    return spans, refs


def _document_year(doc: Document) -> tuple[int | None, DateRef | None]:
    """The year of the document's own date, and its date normalised when the parser left `when` empty."""
    date = doc.date
    if date and not date.when and date.text:
        found = normalise_date(date.text)
        date = DateRef(found.when, date.text) if found else date
    if date and date.when and re.match(r"\d{4}", date.when):
        return int(date.when[:4]), date
    return None, date


def _link_document(
    doc: Document, lex: _Lexicon, numbers: dict[tuple[str, str], list[str]]
) -> tuple[DocumentLinks, _DocScan]:
    links = DocumentLinks()
    scan = _DocScan()
    year, links.date = _document_year(doc)
    pieces = _texts(doc)
    normalised = [_nfc_with_offsets(p.text) for p in pieces]
    tokens = [_Tokens(text) for text, _ in normalised]
    # every word of the document: one printed in lower case somewhere is a common word, not a damaged name
    doc_words: set[str] = set().union(*(t.words for t in tokens))
    # a word the editor corrected in the sidecar is no longer a suspect: its correction is linked instead
    corrections = [replace(c, sic=unicodedata.normalize("NFC", c.sic)) for c in doc.corrections]
    suspects = _suspect_words(lex, doc_words) - {c.sic for c in corrections}
    numeric = _numeric_words(doc_words)
    marks = numeric.union(
        *(s.intersection(doc_words) for s in (lex.any_starts, MONTH_WORDS, CAPITAL_LETTERS, TITLE_WORDS))
    )
    for toks in tokens:
        toks.marked = toks.indices(marks)
    dates: list[DateRef] = []
    for piece, (text, origin), toks in zip(pieces, normalised, tokens, strict=True):
        if piece.speaker:
            ref = _speaker_ref(lex, piece.speaker)
            if ref:
                links.speakers[(piece.part, piece.index)] = ref
                scan.counts[("person", ref)] += 1
                scan.first.setdefault(ref, f"{piece.speaker}: {_context(text, 0, 0)}")
        spans, _, linked = _scan_entities(lex, text, piece, scan, toks)
        if corrections:
            spans += _correction_spans(lex, text, corrections, scan)
        _scan_suspects(lex, toks, linked, piece, suspects, scan)
        _scan_unknown(text, piece, spans, lex, scan, toks)
        date_spans, refs = _date_spans(text, toks, year, spans, numeric)
        dates.extend(refs)
        spans = sorted(spans + date_spans, key=lambda s: (s.start, s.end))
        if origin is not None:
            spans = [replace(s, start=origin[s.start], end=origin[s.end]) for s in spans]
        if spans:
            links.spans[(piece.part, piece.index)] = spans
    links.people = _mentions(scan.counts, "person")
    links.topics = _mentions(scan.counts, "topic")
    links.terms = _mentions(scan.counts, "term")
    links.first_context = dict(sorted(scan.first.items()))
    links.dates_mentioned = [DateRef(w, t) for w, t in dict.fromkeys((d.when, d.text) for d in dates)]
    links.cross_refs = {n: _cross_ref_target(doc, n, numbers) for n in doc.cross_refs}
    return links, scan


def _mentions(counts: Counter[tuple[str, str]], kind: str) -> list[Mention]:
    found = [Mention(ref, c) for (k, ref), c in counts.items() if k == kind]
    return sorted(found, key=lambda m: (-m.count, m.id))


CROSS_REF_TEMPLATE = r"\bDoc(?:ument|\.)?s?\s+(?:No\.?|Nos\.?|Number|#)\s*{}\b"


def _cross_ref_line(doc: Document, number: str) -> int | None:
    pattern = re.compile(CROSS_REF_TEMPLATE.format(re.escape(number)), re.I)
    for block in [*doc.headnote, *doc.body]:
        if pattern.search(block.text):
            return block.line
    for fn in doc.footnotes:
        if pattern.search(fn.text):
            return fn.line
    return None


def _diagnostics(doc: Document, links: DocumentLinks, scan: _DocScan, lex: _Lexicon) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    path = doc.path
    for form, (ids, line, count) in sorted(scan.ambiguous.items()):
        names = " or ".join(f"{lex.names[i]} ({i})" for i in ids)
        out.append(
            Diagnostic(
                "info",
                "ambiguous-person",
                f"“{form}” ({count}×) may be {names}; not linked — make the form specific in people.yaml",
                path,
                line,
            )
        )
    for word, (hits, line) in sorted(scan.ocr.items()):
        sugg = ", ".join(f"“{w}” ({lex.names[i]})" for w, i in hits)
        out.append(
            Diagnostic(
                "warning",
                "suspect-ocr",
                f"“{word}” looks like an OCR-damaged {sugg}; not linked — accept the suggestion with "
                f"`corrections: {{{word}: {hits[0][0]}}}` in the document's sidecar, or add the form to "
                "people.yaml if it is right",
                path,
                line,
            )
        )
    for word, (hits, line) in sorted(scan.variants.items()):
        sugg = ", ".join(f"“{w}” ({lex.names[i]})" for w, i in hits)
        out.append(
            Diagnostic(
                "info",
                "unregistered-form",
                f"“{word}” differs from {sugg} only in accents; not linked — add it to that person's forms "
                "in people.yaml if it refers to them",
                path,
                line,
            )
        )
    for name, (line, count) in sorted(scan.unknown.items()):
        out.append(
            Diagnostic(
                "info", "unknown-person", f"“{name}” ({count}×) looks like a person not in people.yaml", path, line
            )
        )
    for number, target in links.cross_refs.items():
        if target is None:
            out.append(
                Diagnostic(
                    "info",
                    "cross-ref-missing",
                    f"Document No. {number} is referred to but is not in this edition",
                    path,
                    _cross_ref_line(doc, number),
                )
            )
    return out


def _by_entity(index: Index, attr: str) -> dict[str, list[tuple[str, int]]]:
    table: dict[str, list[tuple[str, int]]] = {}
    for doc_id, links in index.documents.items():
        for m in getattr(links, attr):
            table.setdefault(m.id, []).append((doc_id, m.count))
    return {k: sorted(v, key=lambda x: (-x[1], x[0])) for k, v in sorted(table.items())}


def _related(index: Index) -> dict[str, list[tuple[str, float]]]:
    """Documents sharing people and topics, scored by shared mentions weighted by rarity."""
    vectors = {
        doc_id: {("person", m.id): m.count for m in links.people} | {("topic", m.id): m.count for m in links.topics}
        for doc_id, links in index.documents.items()
    }
    df: Counter[tuple[str, str]] = Counter(k for v in vectors.values() for k in v)
    total = len(vectors)
    related: dict[str, list[tuple[str, float]]] = {}
    for a, va in vectors.items():
        scores = []
        for b, vb in vectors.items():
            if a == b:
                continue
            shared = va.keys() & vb.keys()
            score = sum(min(va[k], vb[k]) * (1.0 + math.log(total / df[k])) for k in shared)
            if score > 0:
                scores.append((b, round(score, 3)))
        related[a] = sorted(scores, key=lambda x: (-x[1], x[0]))[:RELATED_LIMIT]
    return related


def _collection_key(doc: Document) -> str:
    return (doc.collection.title or "") if doc.collection else ""


def _cross_ref_target(doc: Document, number: str, numbers: dict[tuple[str, str], list[str]]) -> str | None:
    """The edition's document that "Document No. N" in doc means: same collection first, else a unique number."""
    same = numbers.get((_collection_key(doc), number), [])
    if len(same) == 1:
        return same[0]
    anywhere = [i for (_, n), ids in sorted(numbers.items()) if n == number for i in ids]
    # a number shared by documents of different collections is ambiguous: leave it unlinked (reported missing)
    return anywhere[0] if len(anywhere) == 1 else None


def link(documents: list[Document], registers: Registers) -> Index:
    """Find what every document mentions; resolve cross-references inside the edition."""
    lex = build_lexicon(registers)
    numbers: dict[tuple[str, str], list[str]] = {}
    for d in documents:
        if d.number:
            numbers.setdefault((_collection_key(d), d.number), []).append(d.id)
    index = Index()
    unknown: Counter[str] = Counter()
    for doc in documents:
        links, scan = _link_document(doc, lex, numbers)
        index.documents[doc.id] = links
        links.diagnostics = _diagnostics(doc, links, scan, lex)
        index.diagnostics.extend(links.diagnostics)
        for name, (_, count) in scan.unknown.items():
            unknown[name] += count
    index.unknown_people = dict(sorted(unknown.items(), key=lambda x: (-x[1], x[0])))
    index.by_person = _by_entity(index, "people")
    index.by_topic = _by_entity(index, "topics")
    index.by_term = _by_entity(index, "terms")
    index.related = _related(index)
    return index


def apply_links(doc: Document, links: DocumentLinks) -> Document:
    """A copy of the document with people, topics, dates mentioned and linking diagnostics from its links."""
    date = doc.date
    if links.date is not None and (date is None or not date.when):
        date = links.date
    return replace(
        doc,
        people=[Mention(m.id, m.count) for m in links.people],
        topics=[Mention(m.id, m.count) for m in links.topics],
        dates_mentioned=[DateRef(d.when, d.text) for d in links.dates_mentioned],
        date=date,
        diagnostics=[*doc.diagnostics, *links.diagnostics],
    )
