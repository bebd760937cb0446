"""Parsers: one module per source format, chosen by `detect`, plus sidecar overrides.

A format module has `NAME`, `detect(text, suffix) -> float` (0..1) and `parse(text, doc) -> None`,
which fills the Document in place and reports diagnostics on it. Adding a format is one new
module and one line in `FORMATS`.

`parse_source` never raises on any input: undecodable bytes are reported (`suspect-encoding`), a detector
or parser that fails falls back to the plain parser with a `parser-failed` error, and a sidecar value
that cannot be used is a warning. `missing_characters` is the faithfulness check: the characters of an
input that its record does not hold.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from ..model import Block, Collection, Correction, Diagnostic, Document, Footnote, NoteRef, SourceFile
from . import article, markdown, openedition, plain, wilson_center
from .common import decode, suspect_encoding_lines
from .detect import detect_format

FORMATS: tuple[ModuleType, ...] = (openedition, wilson_center, article, markdown)
FALLBACK = plain


def parse_source(source: SourceFile) -> Document:
    """Parse one corpus file into a Document, applying its sidecar's overrides; never raises."""
    doc = Document(id="", source_format="plain", path=source.path)
    text = decode(source.data, doc)
    module, _score = detect_format(text, Path(source.path).suffix, FORMATS)
    if module is None:
        module = FALLBACK
        if text.strip():
            doc.diagnose(
                "warning",
                "unknown-format",
                "no known source format recognised; parsed as a plain transcript "
                "(title line, optional date line, paragraphs, notes at the end)",
                1,
            )
    doc.source_format = module.NAME
    try:
        module.parse(text, doc)
    except Exception as err:  # a parser bug must not lose the text: fall back and say so
        doc = _fallback(source, module, err)
    # in every format: text damaged in transcoding is kept as it is and reported, never silently mended
    for line, ctx in suspect_encoding_lines(text):
        doc.diagnose("warning", "suspect-encoding", f'"?" probably stands for a lost dash or quote: …{ctx}…', line)
    if not doc.title:
        doc.diagnose("warning", "title-missing", "no title found", 1)
    doc.id = doc.id or document_id(doc)
    if source.sidecar:
        try:
            apply_sidecar(doc, source.sidecar, source.sidecar_path or source.path, source.sidecar_lines)
        except Exception as err:  # an unusable sidecar is the editor's to fix, never a crash
            doc.diagnostics.append(
                Diagnostic("error", "bad-field", f"sidecar not applied: {err!r}", source.sidecar_path or "", 1)
            )
    return doc


def _fallback(source: SourceFile, failed: ModuleType, err: Exception) -> Document:
    """Parse again with the plain parser; if even that fails, keep every non-blank line as a paragraph."""
    doc = Document(id="", source_format=FALLBACK.NAME, path=source.path)
    text = decode(source.data, doc)
    doc.diagnose("error", "parser-failed", f"{failed.NAME} parser failed ({err!r}); parsed as plain", 1)
    try:
        FALLBACK.parse(text, doc)
        return doc
    except Exception as err2:
        doc = Document(id="", source_format=FALLBACK.NAME, path=source.path)
        text = decode(source.data, doc)
        doc.diagnose("error", "parser-failed", f"{failed.NAME} and plain parsers failed ({err2!r})", 1)
        for i, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                doc.body.append(Block("p", " ".join(line.split()), line=i))
        return doc


def document_id(doc: Document) -> str:
    """A stable id: from the source's own document number, else from the file name."""
    if doc.number and doc.kind == "document":
        return "doc-" + (slug(doc.number) or "x")
    return slug(Path(doc.path).stem) or "document"


def slug(text: str) -> str:
    """Lower-case ASCII letters, digits and hyphens only."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --- sidecars ----------------------------------------------------------------------------

SCALAR_FIELDS = ("id", "title", "number", "url", "summary", "original_language", "source")
LIST_FIELDS = ("authors", "translators", "cross_refs")
KINDS = ("document", "essay")
RESPS = ("editor", "original", None)
SIDECAR_KEYS = (
    *SCALAR_FIELDS,
    *LIST_FIELDS,
    "kind",
    "date",
    "collection",
    "headnote_length",
    "corrections",
    "speakers",
    "footnote_resp",
)


class SidecarValueError(ValueError):
    """A sidecar value of the wrong shape; reported as a warning at the key's line."""


def apply_sidecar(
    doc: Document, sidecar: dict[str, Any], sidecar_path: str, lines: dict[str, int] | None = None
) -> None:
    """Replace parsed values by the editor's sidecar values, reporting each as `override` at its line.

    Keys: id, title, number, url, summary, original_language, source (text); authors, translators,
    cross_refs (lists); kind ("document" | "essay"); date (ISO, as printed, or {when, text}); collection
    {title, editors, publisher, year}; headnote_length (the first N blocks are the headnote); speakers
    {paragraph n: name, or null to undo a wrongly found label}; footnote_resp (one resp for every note, or
    {note n: resp}); corrections {word as printed: corrected word} (the text keeps the printed word; the
    edition shows the correction and TEI encodes choice/sic/corr). An unknown key or a value of the wrong
    shape is a warning; nothing is applied for it.
    """
    lines = lines or {}
    id_was_derived = doc.id == document_id(doc)

    def line_of(key: str) -> int:
        return lines.get(key) or lines.get(key.split(".")[0]) or 1

    def note(key: str, what: str, old: Any, new: Any) -> None:
        doc.diagnostics.append(
            Diagnostic(
                "info",
                "override",
                f"{what}: sidecar replaces {old!r} by {new!r}",
                sidecar_path,
                line_of(key),
            )
        )

    def warn(key: str, code: str, message: str) -> None:
        doc.diagnostics.append(Diagnostic("warning", code, message, sidecar_path, line_of(key)))

    for raw_key, value in sidecar.items():
        key = str(raw_key)
        try:
            if key not in SIDECAR_KEYS:
                known = ", ".join(SIDECAR_KEYS)
                warn(key, "unknown-field", f"unknown sidecar key {key!r} ignored (known: {known})")
            elif key in SCALAR_FIELDS:
                new = _text(value)
                note(key, key, getattr(doc, key), new)
                setattr(doc, key, new)
            elif key in LIST_FIELDS:
                new_list = _text_list(value)
                note(key, key, getattr(doc, key), new_list)
                setattr(doc, key, new_list)
            elif key == "kind":
                if value not in KINDS:
                    raise SidecarValueError(f"kind must be one of {KINDS}, not {value!r}")
                note(key, key, doc.kind, value)
                doc.kind = value
            elif key == "date":
                new_date = markdown.date_from_value(value)
                if new_date is not None and new_date.when is None:
                    warn(key, "date-unparsed", f"sidecar date {new_date.text!r} not understood")
                note(key, key, doc.date.when if doc.date else None, new_date.when if new_date else None)
                doc.date = new_date
            elif key == "collection":
                new_coll = _collection(value, lambda sub: warn(f"collection.{sub}", "unknown-field", sub))
                note(key, key, doc.collection, new_coll)
                doc.collection = new_coll
            elif key == "headnote_length":
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise SidecarValueError(f"headnote_length must be a whole number ≥ 0, not {value!r}")
                old, new_len = _move_headnote(doc, value)
                note(key, key, old, new_len)
            elif key == "speakers":
                _override_speakers(doc, _mapping(key, value), note, warn)
            elif key == "footnote_resp":
                _override_resp(doc, value, note, warn)
            elif key == "corrections":
                _corrections(doc, _mapping(key, value), note, warn)
        except SidecarValueError as err:
            warn(key, "bad-field", f"sidecar {key!r} not applied: {err}")
    if "id" not in sidecar and id_was_derived:  # a new number or kind moves a derived id with it
        doc.id = document_id(doc)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        raise SidecarValueError(f"expected text, got {type(value).__name__}")
    return str(value)


def _text_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or any(isinstance(v, dict | list) for v in value):
        raise SidecarValueError("expected a list of names")
    return [str(v) for v in value]


def _mapping(key: str, value: Any) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise SidecarValueError(f"{key} must be a mapping, e.g. {{21: Name}}")
    return value


def _collection(value: Any, unknown: Any) -> Collection | None:
    if value is None:
        return None
    if isinstance(value, str):
        return Collection(title=value)
    if not isinstance(value, dict):
        raise SidecarValueError("collection must be a mapping {title, editors, publisher, year}")
    coll = Collection()
    for sub, v in value.items():
        if sub == "editors":
            coll.editors = _text_list(v)
        elif sub in ("title", "publisher", "year"):
            setattr(coll, sub, _text(v))
        else:
            unknown(str(sub))
    return coll


def _find_block(doc: Document, n: Any) -> Block | None:
    return next((b for b in doc.body + doc.headnote if b.n == str(n)), None)


def _override_speakers(doc: Document, value: dict[Any, Any], note: Any, warn: Any) -> None:
    for n, who in value.items():
        key = f"speakers.{n}"
        block = _find_block(doc, n)
        if block is None:
            warn(key, "bad-field", f"sidecar names paragraph {n}, which does not exist")
            continue
        if who is not None and (isinstance(who, dict | list) or not str(who).strip()):
            warn(key, "bad-field", f"speaker of paragraph {n} must be a name or null")
            continue
        old = block.speaker
        if who is None:
            if block.speaker:  # a label wrongly taken for a speaker goes back into the text, as printed
                label = _printed_label(doc, block)
                _shift(block, label + " ")
                block.speaker, block.speaker_note = None, None
        else:
            who = str(who).strip()
            label = re.match(re.escape(who) + r":\s*", block.text)
            if block.speaker is None and label:  # the parser missed a printed label: take it out of the text
                _shift(block, "", cut=label.end())
            block.speaker = who
        note(key, f"speaker of paragraph {n}", old, block.speaker)


def _printed_label(doc: Document, block: Block) -> str:
    """The label as the parser took it out (kept in `removed`), taken back from there; else rebuilt."""
    speaker, note = block.speaker or "", block.speaker_note
    for i, kept in enumerate(doc.removed):
        if (note and kept.startswith(speaker) and note in kept and ":" in kept) or (not note and kept == speaker + ":"):
            return doc.removed.pop(i)
    return (block.speaker or "") + ":" + (" " + block.speaker_note if block.speaker_note else "")


def _shift(block: Block, prefix: str, cut: int = 0) -> None:
    """Put `prefix` before (or cut `cut` characters from the start of) a block's text, moving its calls."""
    delta = len(prefix) - cut
    block.text = prefix + block.text[cut:]
    block.notes = [NoteRef(r.n, max(0, r.offset + delta)) for r in block.notes]


def _override_resp(doc: Document, value: Any, note: Any, warn: Any) -> None:
    if isinstance(value, dict):
        for n, resp in value.items():
            key = f"footnote_resp.{n}"
            fn: Footnote | None = next((f for f in doc.footnotes if f.n == str(n)), None)
            if fn is None:
                warn(key, "bad-field", f"sidecar names note {n}, which does not exist")
            elif resp not in RESPS:
                warn(key, "bad-field", f"resp of note {n} must be 'editor', 'original' or null, not {resp!r}")
            else:
                note(key, f"resp of note {n}", fn.resp, resp)
                fn.resp = resp
        return
    if value not in RESPS:
        raise SidecarValueError("footnote_resp must be 'editor', 'original', null or {note n: resp}")
    for fn in doc.footnotes:
        note("footnote_resp", f"resp of note {fn.n}", fn.resp, value)
        fn.resp = value


def _corrections(doc: Document, value: dict[Any, Any], note: Any, warn: Any) -> None:
    texts = [b.text for b in doc.headnote + doc.body] + [f.text for f in doc.footnotes]
    found: list[Correction] = []
    for sic, corr in value.items():
        key = f"corrections.{sic}"
        if isinstance(corr, dict | list) or not str(corr).strip() or not str(sic).strip():
            warn(key, "bad-field", f"correction of {sic!r} must be the corrected word, not {corr!r}")
            continue
        correction = Correction(str(sic), str(corr).strip())
        count = sum(len(correction.occurrences(t)) for t in texts)
        if not count:
            warn(key, "bad-field", f"{sic!r} is not printed in the text as a whole word; correction not applied")
            continue
        note(key, f"correction ({count} occurrence{'s' if count > 1 else ''})", correction.sic, correction.corr)
        found.append(correction)
    # one canonical order, so that the record reads back the same from TEI
    doc.corrections = sorted({c.sic: c for c in doc.corrections + found}.values(), key=lambda c: c.sic)


def _move_headnote(doc: Document, length: int) -> tuple[int, int]:
    """Make the first `length` blocks (headnote + body, in order) the headnote."""
    blocks: list[Block] = doc.headnote + doc.body
    old = len(doc.headnote)
    doc.headnote, doc.body = blocks[:length], blocks[length:]
    return old, len(doc.headnote)


# --- faithfulness ------------------------------------------------------------------------

# Markup that the design lets a parser drop (Markdown emphasis, heading and quote marks, list markers, the
# brackets of footnote calls and links, backslash escapes, a printed paragraph number's dot). The input is
# normalised by these rules before counting, so only real text can be "missing".
_MD_NOTE = re.compile(r"\[\^([^\]\s]+)\]:?")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\(")
_MD_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")
_MD_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~\n]|$)")
_LINE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+|^[ \t]*#{1,6}(?=[ \t]|$)|[ \t]+#+[ \t]*$", re.MULTILINE)
# One or more list markers opening a line ("1. 2. text" is a list in a list): keep their numbers only.
_LIST_MARKS = re.compile(r"^(?:[ \t]*(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))+", re.MULTILINE)
_LIST_NUMBER = re.compile(r"(\d{1,9})[.)]")
_IGNORED = str.maketrans("", "", "*_`")
# Record fields computed from the text rather than copied from it: they must not mask a loss.
_DERIVED = {"id", "source_format", "kind", "resp", "type", "offset", "when", "cross_refs", "people", "topics"}


def normalise_for_count(text: str) -> str:
    """The input as the faithfulness check counts it: NFKC, droppable markup out, no whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = _MD_NOTE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1(", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = _MD_ESCAPE.sub("", text)
    text = _LINE_MARKS.sub("", text)
    text = _LIST_MARKS.sub(lambda m: "".join(_LIST_NUMBER.findall(m.group(0))), text)
    return "".join(text.translate(_IGNORED).split())


def record_strings(record: dict[str, Any] | Document) -> list[str]:
    """Every string a reader or `removed` holds in a record (not diagnostics or derived values)."""
    rec = record.to_record() if isinstance(record, Document) else record
    out: list[str] = []

    def walk(value: Any, key: str = "") -> None:
        if key in _DERIVED or key in ("diagnostics", "dates_mentioned", "corrections"):
            return
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            if value.get("speaker"):  # the label's colon is implied by `speaker`
                out.append(":")
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)

    walk(rec)
    return out


def missing_characters(text: str, record: dict[str, Any] | Document) -> Counter[str]:
    """Characters of the input (after `normalise_for_count`) that no string of the record holds."""
    kept = unicodedata.normalize("NFKC", "".join(record_strings(record))).translate(_IGNORED)
    have = Counter("".join(kept.split()))
    want = Counter(normalise_for_count(text))
    return want - have


__all__ = [
    "parse_source",
    "FORMATS",
    "FALLBACK",
    "slug",
    "document_id",
    "apply_sidecar",
    "missing_characters",
    "normalise_for_count",
    "record_strings",
]
