"""Parser for Wilson Center Digital Archive pages saved as Markdown.

The format: the date in bold, the title in bold, labelled sections (`**Citation:**`, `**Summary:**`,
`**Original Language:**`, `**Contents:**`, …) each followed by its value, then the document
(`## [HEADING]` lines, paragraphs, numbered points, closing lines of initials, codes and dates),
the source line "[Source: …]" and the notes ("14 In the political dictionary …"). Pasting cuts
some paragraphs in two, and the archive's transcoding turned some dashes and quotes into "?".
"""

from __future__ import annotations

import re

from ..model import Block, DateRef, Document, Footnote, NoteRef
from .common import (
    SIGNATURE_RE,
    VALEDICTION_RE,
    RawBlock,
    autolinks,
    collapse,
    ends_sentence,
    find_cross_refs,
    find_translators,
    note_resp,
    parse_date,
    place_calls,
    report_calls,
    split_blocks,
    split_speaker,
    starts_lowercase,
    stray_calls,
    strip_markdown,
)

NAME = "wilson-center"

# "**Citation:**" (value below or on the same line); "**Citation**:" is the same label.
LABEL_RE = re.compile(r"^\*\*(?P<label>[^*\n]{1,60}?)(?::\*\*|\*\*\s*:)[ \t]*(?P<rest>.*)$", re.S)
BOLD_LINE_RE = re.compile(r"^\*\*(?P<text>[^\n]+?)\*\*\s*$")
HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)(?:\s+#+)?\s*$")
SOURCE_RE = re.compile(r"^(?P<open>\[\s*Sources?\s*:\s*)(?P<text>.*?)(?P<close>\]?)\s*$", re.S | re.I)
# "14 In the political dictionary …" or, in bracketed style, "[14] In …"
NOTE_RE = re.compile(r"^(?P<label>\[(?P<bn>\d{1,3})\]|(?P<n>\d{1,3})(?=\s))\s*(?P<text>\S.*)$", re.S)
# A heading the page may print above the notes.
NOTES_HEADING_RE = re.compile(r"^(?:#{1,6}\s*)?(?:\*\*)?(?:Notes|Footnotes|Endnotes)(?:\*\*)?:?(?:\*\*)?\s*$", re.I)
# A numbered or lettered point: "1. ", "(2) ", "a) ", "(b) ".
POINT_RE = re.compile(r"^\(?\d+[.)]\s|^\(?[a-z]\)\s")
URL_RE = re.compile(r"https?://[^\s<>]+")
ARCHIVE_RE = re.compile(r"Wilson Center Digital Archive\s*[,.]\s*(?P<rest>.+)$", re.S)
# The values of "Contents:" are the kinds of file the archive holds for the document.
CONTENT_TYPE_RE = re.compile(r"^(?:Translation|Transcript|Transcription|Original Scan|Original|Scan)\b", re.I)
SIGNATURE_LABELS = ("citation:", "summary:", "original language:", "contents:")
# Labels of the archive's record page; an unknown bold label with text after it ("**Kohl:** Yes.") is the document's.
HEADER_LABELS = {
    "citation",
    "summary",
    "original language",
    "contents",
    "credits",
    "rights",
    "record id",
    "type",
    "language",
    "source",
    "original archive",
    "original classification",
    "keywords",
    "subjects discussed",
    "associated people & organizations",
    "associated places",
    "associated topics",
}
# How many further blocks a section's value may run over before the next label ("Summary" in two paragraphs,
# "Original Language" one language a line); past that, the blocks are the document's.
MAX_VALUE_BLOCKS = 6
# A value of "Original Language": "Russian", "German, Russian", "Serbo-Croatian".
LANGUAGE_RE = re.compile(r"^[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?(?:\s*(?:,|;|and)\s*[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)*$")
# "c. 1956", "ca. 1961", "circa 1970", "1956 [?]", "[probably 1957]": a date the archive itself is unsure of.
APPROXIMATE_RE = re.compile(r"\b(?:c|ca|cca)\.|\bcirca\b|\?|\bprobably\b|\bapprox", re.I)


def detect(text: str, suffix: str) -> float:
    """How sure we are (0..1) that text is a Wilson Center archive page: its bold section labels."""
    lowered = text.lower()
    labels = sum(1 for lab in SIGNATURE_LABELS if f"**{lab}**" in lowered)
    score = 0.0
    if labels >= 2:
        score = 0.85
    elif labels == 1:
        score = 0.5
    if "wilson center digital archive" in lowered:
        score += 0.1
    return min(score, 0.95)


def _plain(text: str, doc: Document) -> str:
    """Text of one Markdown block without markup; dropped markup goes to removed."""
    clean, dropped = strip_markdown(text)
    doc.removed.extend(dropped)
    return clean


def parse(text: str, doc: Document) -> None:
    """Fill doc from a Wilson Center archive page in Markdown."""
    doc.kind = "document"
    blocks = split_blocks(text)
    body_start = _header(blocks, doc)
    rest = blocks[body_start:]
    source_at = next(
        (i for i, b in enumerate(rest) if SOURCE_RE.match(b.text.strip()) and b.text.lstrip()[0] == "["), None
    )
    if source_at is not None:
        body_blocks, note_blocks = rest[:source_at], rest[source_at + 1 :]
        _source(rest[source_at], doc)
    else:
        # without a source line the notes are the numbered blocks at the end ("14 In …", not "1. …")
        first_note = next((i for i, b in enumerate(rest) if i > 0 and NOTE_RE.match(b.text.strip())), len(rest))
        body_blocks, note_blocks = rest[:first_note], rest[first_note:]
        line = rest[-1].line if rest else 1
        doc.diagnose("warning", "source-missing", 'no "[Source: …]" line after the document', line)
    _body(body_blocks, doc)
    _notes(note_blocks, doc)
    _anchor_notes(doc)
    if not doc.translators:
        doc.translators = find_translators(doc.source or "")
    texts = [b.text for b in doc.body] + [f.text for f in doc.footnotes] + [doc.source or "", doc.summary or ""]
    doc.cross_refs = find_cross_refs(texts)


def _header(blocks: list[RawBlock], doc: Document) -> int:
    """Date, title and the labelled sections; returns the index of the document's first block."""
    i = 0
    sections: list[tuple[str, RawBlock, str, list[RawBlock]]] = []
    while i < len(blocks):
        b = blocks[i]
        stripped = b.text.strip()
        lm = LABEL_RE.match(stripped)
        if lm and sections and lm.group("rest").strip() and not _header_label(lm.group("label")):
            break  # "**Kohl:** Good morning." after the sections: the document's first paragraph
        if lm:
            values: list[RawBlock] = []
            i += 1
            if not lm.group("rest").strip():
                if i < len(blocks) and not _is_label_or_heading(blocks[i].text):
                    values.append(blocks[i])
                    i += 1
                more = _more_values(blocks, i, lm.group("label"))
                values.extend(blocks[i : i + more])
                i += more
            sections.append((lm.group("label").strip(), b, lm.group("rest").strip(), values))
            continue
        if sections:
            break  # the first block after the last section begins the document
        bm = BOLD_LINE_RE.match(stripped)
        hm = HEADING_RE.match(stripped)
        if bm or (hm and len(hm.group("hashes")) == 1):
            value = bm.group("text") if bm else hm.group("text")  # type: ignore[union-attr]
            if hm:
                doc.removed.append(hm.group("hashes"))
            d = parse_date(value)
            if doc.date is None and doc.title is None and d and len(collapse(value)) - len(d.text) <= 12:
                doc.date = DateRef(d.when, _plain(value, doc))
                if APPROXIMATE_RE.search(value):
                    doc.diagnose(
                        "info",
                        "date-approximate",
                        f"the archive's date {doc.date.text!r} is approximate; recorded as {d.when}",
                        b.line,
                    )
            elif doc.title is None:
                doc.title = _plain(value, doc)
            else:
                break
            i += 1
            continue
        break
    if not sections:
        doc.diagnose("warning", "sections-missing", "no labelled sections (**Citation:**, **Summary:**)", 1)
    for label, b, inline, values in sections:
        _section(label, b, inline, values, doc)
    if doc.date is None:
        doc.diagnose("warning", "date-unparsed", "no bold date line above the title", blocks[0].line if blocks else 1)
    # a missing title is reported by parse_source ("title-missing")
    return i


def _header_label(label: str) -> bool:
    return label.strip().lower() in HEADER_LABELS


def _more_values(blocks: list[RawBlock], i: int, label: str) -> int:
    """How many blocks from i still belong to the value of `label` (the first value block is already taken).

    A value runs on up to the next label of the record page when only plain blocks stand between; after the
    last label, only what can be a value of that label: kinds of file for "Contents", languages for
    "Original Language".
    """
    key = label.strip().lower()
    for k in range(i, min(len(blocks), i + MAX_VALUE_BLOCKS + 1)):
        text = blocks[k].text.strip()
        lm = LABEL_RE.match(text)
        if lm and _header_label(lm.group("label")):
            return k - i
        if HEADING_RE.match(text) or BOLD_LINE_RE.match(text) or lm:
            break
    n = 0
    while i + n < len(blocks) and not _is_label_or_heading(blocks[i + n].text):
        text = blocks[i + n].text.strip()
        if key == "contents" and CONTENT_TYPE_RE.match(text):
            n += 1
        elif key in ("original language", "language") and LANGUAGE_RE.match(text):
            n += 1
        else:
            break
    return n


def _is_label_or_heading(text: str) -> bool:
    stripped = text.strip()
    return bool(LABEL_RE.match(stripped) or HEADING_RE.match(stripped))


def _section(label: str, b: RawBlock, inline: str, values: list[RawBlock], doc: Document) -> None:
    """One labelled section: its value goes to its field; the label and unused values to removed."""
    doc.removed.append(f"{label}:")
    raw = "\n".join(([inline] if inline else []) + [v.text for v in values])
    key = label.lower()
    if not raw.strip():
        doc.diagnose("warning", "section-empty", f"section {label!r} has no value", b.line)
        return
    if key == "citation":
        urls = autolinks(raw) or URL_RE.findall(raw)
        if urls:
            doc.url = urls[0]
        doc.removed.append(collapse(raw))
        without_url = collapse(re.sub(r"<[^>\s]+>|https?://\S+", " ", raw))
        am = ARCHIVE_RE.search(without_url)
        if am:
            doc.source = _plain(am.group("rest"), doc)
        doc.translators = find_translators(without_url)
    elif key == "summary":
        doc.summary = _plain(raw, doc)
    elif key in ("original language", "language"):
        # one language a line (or a block): the record lists them comma-separated
        doc.original_language = ", ".join(_plain(v, doc) for v in raw.split("\n") if v.strip())
    else:
        doc.removed.append(collapse(raw))
        if key != "contents":
            doc.diagnose("info", "section-unused", f"section {label!r} kept only in removed", b.line)


def _source(b: RawBlock, doc: Document) -> None:
    """The "[Source: …]" line; it replaces the source read from the citation."""
    m = SOURCE_RE.match(b.text.strip())
    assert m is not None
    doc.removed.append(m.group("open").strip())
    if m.group("close"):
        doc.removed.append("]")
    text = _plain(m.group("text"), doc)
    if text:
        doc.source = text


def _body(blocks: list[RawBlock], doc: Document) -> None:
    """Headings, paragraphs (joining those the paste cut in two) and the closing lines."""
    closer_from = len(blocks)
    while closer_from > 1 and _is_closer(blocks[closer_from - 1].text):
        closer_from -= 1
    for b in blocks[:closer_from]:
        stripped = b.text.strip()
        hm = HEADING_RE.match(stripped)
        if hm:
            doc.removed.append(hm.group("hashes"))
            doc.body.append(Block("head", _plain(hm.group("text"), doc), line=b.line))
            continue
        text = _plain(stripped, doc)
        if BOLD_LINE_RE.match(stripped) and len(text.split()) <= 15 and not ends_sentence(text.rstrip("]")):
            # a short line set in bold on its own is the document's own heading
            doc.body.append(Block("head", text, line=b.line))
            continue
        prev = doc.body[-1] if doc.body and doc.body[-1].type == "p" else None
        if prev is not None and _continues(prev.text, text):
            prev.text = f"{prev.text} {text}"
            doc.diagnose("info", "paragraph-joined", "paragraph cut by the paste joined to the one before", b.line)
            continue
        doc.body.append(Block("p", text, line=b.line))
    for b in blocks[closer_from:]:
        for k, line in enumerate(b.text.split("\n")):
            if line.strip():
                doc.body.append(Block("closer", _plain(line, doc), line=b.line + k))
    _speakers(doc)


def _continues(prev: str, text: str) -> bool:
    """True when text continues the sentence prev ended in (a paragraph cut in two by the paste)."""
    if not text or POINT_RE.match(text) or re.fullmatch(r"\[[^\]]*\]", text):
        return False  # a numbered point, or an editor's remark standing alone ("[signature]", "[page missing]")
    if starts_lowercase(text):
        return True
    # a long paragraph stopping on a word or a comma has lost its end to the next block
    return not ends_sentence(prev, True) and len(prev) > 80 and bool(re.search(r"[\w,]$", prev))


# A place line of a closing block ("Budapest", "East Berlin"), counted only beside a date, code or signature.
PLACE_RE = re.compile(r"^[A-ZÀ-ÞА-Я][\w’'-]+(?:\s[A-ZÀ-ÞА-Я][\w’'-]+)?$")


def _is_closer(text: str) -> bool:
    """Closing lines after the last paragraph: initials, reference codes and dates ("5-yesh/GG", "24.2.89"),
    signatures ("M. Gorbachev", "[signature]") with the signer's function, a valediction ("With comradely
    greetings,") and the place standing beside a date or code ("Budapest" over "15/ks")."""
    lines = [ln.strip().replace("*", "") for ln in text.split("\n") if ln.strip()]
    if not lines or HEADING_RE.match(lines[0]) or SOURCE_RE.match(lines[0]) and lines[0].startswith("["):
        return False
    if len(lines) == 1 and VALEDICTION_RE.match(lines[0]):
        return True
    coded = False
    signed = any(SIGNATURE_RE.match(plain) for plain in lines)
    for plain in lines:
        if len(plain) > 40 or len(plain.split()) > 5:
            return False
        if SIGNATURE_RE.match(plain):
            coded = True
            continue
        if signed and plain[:1].isupper() and not re.search(r"[.!?:;,]$", plain):
            continue  # the signer's function printed beside the signature ("Director of the Department")
        if re.search(r"[.!?:;,]$", plain) and not re.search(r"\d", plain):
            return False
        if re.search(r"\d|/", plain) or plain.isupper() or parse_date(plain):
            coded = True
        elif not PLACE_RE.match(plain):
            return False
    return coded


def _speakers(doc: Document) -> None:
    """Speaker labels, only when the document is a dialogue (some label recurs)."""
    labelled = [(b, split_speaker(b.text)) for b in doc.body if b.type == "p"]
    labels = [s[0] for _, s in labelled if s[0]]
    # a memorandum may start paragraphs with "Poland:"; a conversation repeats its speakers
    if not labels:
        return
    if len(set(labels)) == len(labels) and len(labels) < 3:
        # too few to tell a short exchange from a memo's headings: keep the labels in the text and say so
        for b, (who, _, _) in labelled:
            if who:
                doc.diagnose(
                    "info",
                    "speaker-uncertain",
                    f"{who!r} may be a speaker label; kept in the text (name it under `speakers:` in a sidecar)",
                    b.line,
                )
        return
    for b, (who, note, rest) in labelled:
        if who:
            doc.removed.append(b.text[: len(b.text) - len(rest)].strip())
            b.text, b.speaker, b.speaker_note = rest.strip(), who, note


def _note_lines(blocks: list[RawBlock]) -> list[RawBlock]:
    """The note blocks, a block holding several notes ("1 …" / "2 …" on consecutive lines) cut at each note."""
    out: list[RawBlock] = []
    for b in blocks:
        lines = b.text.split("\n")
        start = 0
        for k in range(1, len(lines)):
            if NOTE_RE.match(lines[k].strip()) and NOTE_RE.match(lines[start].strip()):
                out.append(RawBlock("\n".join(lines[start:k]), b.line + start, b.blank_before))
                start = k
        out.append(RawBlock("\n".join(lines[start:]), b.line + start, b.blank_before))
    return out


def _notes(blocks: list[RawBlock], doc: Document) -> None:
    """Notes after the source line; a block without a number continues the note before it."""
    for b in _note_lines(blocks):
        stripped = b.text.strip()
        m = NOTE_RE.match(stripped)
        if NOTES_HEADING_RE.match(stripped) and not doc.footnotes:
            doc.removed.append(stripped)
            continue
        if m:
            if m.group("bn"):
                doc.removed.append(m.group("label"))
            n = m.group("bn") or m.group("n")
            doc.footnotes.append(Footnote(n, _plain(m.group("text"), doc), line=b.line))
        elif doc.footnotes:
            doc.footnotes[-1].text += " " + _plain(stripped, doc)
            doc.diagnose("info", "paragraph-joined", f"block joined to note {doc.footnotes[-1].n}", b.line)
        else:
            doc.body.append(Block("p", _plain(stripped, doc), line=b.line))
            doc.diagnose(
                "warning", "unrecognised", "text after the source line is not a note; kept in the body", b.line
            )
    for f in doc.footnotes:
        f.resp = note_resp(f.text, default=None)


def _anchor_notes(doc: Document) -> None:
    """Take footnote calls out of the text and anchor each note; report notes without calls."""
    numbers = [f.n for f in doc.footnotes]
    # notes numbered "[3] …" are called "[3]" in the text, and only so
    bracketed = bool(doc.footnotes) and all(f"[{f.n}]" in doc.removed for f in doc.footnotes)
    placed = place_calls([b.text for b in doc.body], numbers, bracketed=bracketed)
    for b, clean, calls in zip(doc.body, placed.texts, placed.calls, strict=True):
        b.text = clean
        b.notes = [NoteRef(n, k) for n, k in calls]
        if bracketed:
            doc.removed.extend(f"[{n}]" for n, _k in calls)
    report_calls(doc, placed, doc.footnotes, [b.line for b in doc.body])
    for b in doc.body:
        for n in stray_calls(b.text, set(numbers)):
            doc.diagnose("warning", "footnote-missing", f"possible call {n} has no note", b.line)
