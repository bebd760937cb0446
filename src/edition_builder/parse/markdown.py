"""Parser for documents editors write themselves in Markdown (source_format "markdown", files *.md).

The format, as editors write it:

* **Front matter** (optional): a YAML mapping between a first line `---` and a closing `---` (or `...`).
  Keys: title, number, id, date, kind ("document" or "essay"; default "document"), authors, translators,
  collection {title, editors, publisher, year}, url, summary, original_language, source. A date may be ISO
  (`1989`, `1989-02`, `1989-02-24`), a `{when, text}` mapping, or as printed ("February 24, 1989"). Names are
  a YAML list, or one string split at ";" and " and ". An unknown key is a warning (`unknown-field`), invalid
  YAML an error (`front-matter-invalid`); both name the line. The front matter is kept verbatim in `removed`,
  so nothing an editor wrote is lost even when a value cannot be used.
* **Title**: the front matter's `title`; without one, a level-1 heading that opens the body is the title.
* **Headnote**: the section under a heading that reads just "Headnote" (any level). It runs to the next heading
  of the same or a higher level, or to a thematic break (`---`). The "Headnote" heading itself goes to
  `removed`. A `headnote` front matter key is not used (warning): long Markdown with notes belongs in the body.
* **Body**: parsed with markdown-it (CommonMark) and its footnote plugin, from the token stream. Paragraphs
  become `p` blocks, headings `head` blocks; block quotes, list items and code keep their text as paragraphs.
  Text is plain: emphasis markers are dropped, a link keeps its text and adds its address in brackets
  ("text (https://…)"), an image its description and address. HTML and entities stay as typed (literal).
* **Numbered paragraphs**: "12. text" is what CommonMark reads as an ordered list item; every ordered list item
  becomes a paragraph whose `n` is the printed number ("12") and whose text is the rest. To keep a number as
  text, escape its dot (`12\\. text`).
* **Footnotes**: `[^label]` calls and `[^label]: text` definitions; the note's `n` is the label, the call's
  offset its place in the paragraph's plain text. A call without a definition is `footnote-missing`, a
  definition without a call `footnote-call-missing` (warnings).
* **Speakers** (documents only, not essays): a label at the start of a body paragraph, `**Name:**` or `Name:`,
  optionally with a bracketed note, is the paragraph's speaker (rules of `common.split_speaker`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..model import Block, Collection, DateRef, Document, Footnote, NoteRef
from .common import find_cross_refs, find_translators, parse_date, split_blocks, split_speaker

NAME = "markdown"

FIELDS = {
    "title",
    "number",
    "id",
    "date",
    "kind",
    "authors",
    "translators",
    "collection",
    "url",
    "summary",
    "original_language",
    "source",
}
COLLECTION_FIELDS = {"title", "editors", "publisher", "year"}
KINDS = {"document", "essay"}
HEADNOTE_HEADING = "headnote"

FRONT_MATTER_OPEN = re.compile(r"\A---[ \t]*\n")
FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:", re.MULTILINE)
FOOTNOTE_CALL = re.compile(r"\[\^[^\]\s]+\](?!:)")
YAML_KEY_LINE = re.compile(r"^[A-Za-z_][\w-]*:", re.MULTILINE)


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    # Notes stay where they were written (move_to_end=False) so that a definition no call points to is
    # kept and reported, and calls without a definition still parse (always_match_refs) to be reported.
    md.use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
    # Entities and link reference definitions would silently change or swallow typed text.
    md.disable(["entity", "reference"])
    # Addresses are kept as typed, not percent-encoded, so a link's address is text a reader can check.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.normalizeLinkText = lambda url: url  # type: ignore[method-assign]
    return md


MD = _markdown()
# Past markdown-it's nesting limit the rest of a document is silently skipped; such input is parsed again
# with quotes and lists off, so their markers stay as typed text rather than losing what they hold.
MD_FLAT = _markdown().disable(["blockquote", "list"])
MAX_NESTING = int(MD.options["maxNesting"])


def _tokens(body_text: str, first_line: int, doc: Document) -> list[Token]:
    """The block tokens of the body; never the truncated stream of a too deeply nested document."""
    tokens = MD.parse(body_text)
    if max((t.level for t in tokens), default=0) < MAX_NESTING - 1:
        return tokens
    doc.diagnose(
        "warning",
        "markdown-too-deep",
        f"quotes or lists nested more than {MAX_NESTING - 2} deep; their markers are kept as text",
        first_line,
    )
    tokens = MD_FLAT.parse(body_text)
    if max((t.level for t in tokens), default=0) < MAX_NESTING - 1:
        return tokens
    flat: list[Token] = []
    for raw in split_blocks(body_text):  # still too deep (nested notes): one paragraph per block, as typed
        inline = Token("inline", "", 0, map=[raw.line - 1, raw.line], content=raw.text)
        inline.children = [Token("text", "", 0, content=raw.text)]
        flat += [Token("paragraph_open", "p", 1), inline, Token("paragraph_close", "p", -1)]
    return flat


def detect(text: str, suffix: str) -> float:
    """How sure we are (0..1) that text is an editor-written Markdown document."""
    front = _split_front_matter(text) is not None and bool(YAML_KEY_LINE.search(text[:4000]))
    if suffix.lower() in {".md", ".markdown"}:
        return 0.95 if front else 0.9
    if front:
        return 0.7
    # Markdown footnote definitions are a strong sign in a .txt; bold labels alone are not (other formats).
    if FOOTNOTE_DEF.search(text) and FOOTNOTE_CALL.search(text):
        return 0.6
    return 0.0


# --- front matter ------------------------------------------------------------------------


def _split_front_matter(text: str) -> tuple[str, int] | None:
    """(the YAML between the fences, index where the body starts) when text opens with front matter."""
    m = FRONT_MATTER_OPEN.match(text)
    if not m:
        return None
    close = FRONT_MATTER_CLOSE.search(text, m.end())
    if not close:
        return None
    end = close.end()
    if end < len(text) and text[end] == "\n":
        end += 1
    return text[m.end() : close.start()], end


def load_yaml_with_lines(text: str) -> tuple[Any, dict[str, int]]:
    """Load YAML safely; also return the 1-based line of each top-level key (and `key.sub` of nested maps)."""
    data = yaml.safe_load(text)
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            lines.setdefault(key, key_node.start_mark.line + 1)
            if isinstance(value_node, yaml.MappingNode):
                for sub_key, _ in value_node.value:
                    lines.setdefault(f"{key}.{sub_key.value}", sub_key.start_mark.line + 1)
    return data, lines


def _names(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str | int | float):
        return [p.strip() for p in re.split(r"\s*;\s*|\s+and\s+", str(value)) if p.strip()]
    return None


def date_from_value(value: Any) -> DateRef | None:
    """A DateRef from a YAML value: an ISO date or year, a {when, text} mapping, or a date as printed."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime | datetime.date):
        iso = value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
        return DateRef(iso, iso)
    if isinstance(value, dict):
        when = value.get("when")
        text = value.get("text")
        when_s = None if when is None else (when.isoformat() if isinstance(when, datetime.date) else str(when))
        return DateRef(when_s, str(text if text is not None else when_s or ""))
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return DateRef(text, text)
    found = parse_date(text)
    if found is None:
        return DateRef(None, text)
    return DateRef(found.when, text)


def _apply_front_matter(data: dict[Any, Any], lines: dict[str, int], first: int, doc: Document) -> None:
    """Fill doc from the front matter mapping; `first` is the file line of the YAML's first line."""

    def at(key: str) -> int:
        return first + lines.get(key, 1) - 1

    for raw_key, value in data.items():
        key = str(raw_key)
        if key == "headnote":
            doc.diagnose(
                "warning",
                "unknown-field",
                "front matter 'headnote' is not used: write the headnote under a '## Headnote' heading "
                "(kept in removed)",
                at(key),
            )
            continue
        if key not in FIELDS:
            doc.diagnose("warning", "unknown-field", f"unknown front matter key {key!r} ignored", at(key))
            continue
        if key in {"authors", "translators"}:
            names = _names(value)
            if names is None:
                doc.diagnose("warning", "bad-field", f"{key} must be a list of names or one string", at(key))
            else:
                setattr(doc, key, names)
        elif key == "date":
            doc.date = date_from_value(value)
            if doc.date is not None and doc.date.when is None:
                doc.diagnose("warning", "date-unparsed", f"date {doc.date.text!r} not understood", at(key))
        elif key == "kind":
            kind = str(value).strip().lower()
            if kind in KINDS:
                doc.kind = kind
            else:
                doc.diagnose("warning", "bad-field", f"kind {value!r} is not 'document' or 'essay'", at(key))
        elif key == "collection":
            doc.collection = _collection(value, lambda k: at(k), doc)
        elif value is None:
            setattr(doc, key, None)
        elif isinstance(value, str | int | float | datetime.date):
            setattr(doc, key, str(value).strip() or None)
        else:
            doc.diagnose("warning", "bad-field", f"{key} must be text, not {type(value).__name__}", at(key))


def _collection(value: Any, at: Any, doc: Document) -> Collection | None:
    if value is None:
        return None
    if isinstance(value, str | int | float):
        return Collection(title=str(value))
    if not isinstance(value, dict):
        doc.diagnose("warning", "bad-field", "collection must be a mapping or a title", at("collection"))
        return None
    coll = Collection()
    for raw_key, sub in value.items():
        key = str(raw_key)
        if key not in COLLECTION_FIELDS:
            doc.diagnose("warning", "unknown-field", f"unknown collection key {key!r} ignored", at(f"collection.{key}"))
        elif key == "editors":
            coll.editors = _names(sub) or []
        elif sub is not None:
            setattr(coll, key, str(sub))
    return coll


# --- body --------------------------------------------------------------------------------


@dataclass
class _Para:
    """A paragraph's plain text being assembled from inline tokens, with its footnote calls."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    calls: list[tuple[str, int]] = field(default_factory=list)

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)


def _inline_text(token: Token, in_note: bool = False) -> tuple[str, list[tuple[str, int]]]:
    """Plain text of an inline token, and (label, offset) of its footnote calls, before collapsing."""
    para = _Para()
    links: list[tuple[str, str, int]] = []
    for t in token.children or []:
        typ = t.type
        if typ in ("text", "code_inline"):
            para.add(t.content)
        elif typ in ("softbreak", "hardbreak"):
            para.add("\n")
        elif typ == "footnote_ref":
            label = str(t.meta.get("label", ""))
            if in_note:  # a call inside a note has nowhere to point: keep it as typed
                para.add(f"[^{label}]")
            else:
                para.calls.append((label, para.length))
        elif typ == "link_open":
            links.append((str(t.attrGet("href") or ""), t.markup, para.length))
        elif typ == "link_close" and links:
            href, markup, start = links.pop()
            shown = "".join(para.parts)[start:]
            if markup != "autolink" and (href != shown or not href):
                para.add(f" ({href})")
        elif typ == "image":
            para.add(t.content)
            src = str(t.attrGet("src") or "")
            if src:
                para.add(f" ({src})")
        elif typ.endswith("_open") or typ.endswith("_close"):
            continue  # emphasis and the like: plain text drops the markers
        else:
            para.add(t.content)
    return "".join(para.parts), para.calls


def _collapse_with_calls(raw: str, calls: list[tuple[str, int]]) -> tuple[str, list[NoteRef]]:
    """Collapse whitespace and move each call's offset along with the text."""
    text = " ".join(raw.split())
    refs: list[NoteRef] = []
    for label, off in calls:
        before = " ".join(raw[:off].split())
        new = len(before)
        if before and raw[:off][-1:].isspace() and raw[off:].strip():
            new += 1
        refs.append(NoteRef(label, min(new, len(text))))
    return text, refs


@dataclass
class _State:
    """Where the walk over block tokens is: headnote section, list item numbers, the note being read."""

    headnote_level: int | None = None
    headnote_done: bool = False
    item_numbers: list[str | None] = field(default_factory=list)
    note: Footnote | None = None
    note_parts: list[str] = field(default_factory=list)


def _walk(tokens: list[Token], lines: list[str], offset: int, doc: Document, title_from_heading: bool) -> None:
    """Turn the block token stream into headnote, body and footnotes."""
    state = _State()
    first_block = True
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        typ = tok.type
        line = tok.map[0] + offset + 1 if tok.map else None
        if typ == "footnote_reference_open":
            state.note = Footnote(str(tok.meta.get("label", "")), "", line=line)
            state.note_parts = []
        elif typ == "footnote_reference_close" and state.note is not None:
            state.note.text = " ".join(" ".join(state.note_parts).split())
            doc.footnotes.append(state.note)
            state.note = None
        elif typ == "heading_open":
            level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
            raw, calls = _inline_text(tokens[i + 1], in_note=state.note is not None)
            text, refs = _collapse_with_calls(raw, calls)
            if state.headnote_level is not None and level <= state.headnote_level:
                state.headnote_level, state.headnote_done = None, True
            if state.note is not None:
                state.note_parts.append(text)
            elif first_block and title_from_heading and level == 1 and not refs:
                doc.title = text or None
            elif text.casefold().rstrip(":") == HEADNOTE_HEADING and not state.headnote_done:
                state.headnote_level = level
                doc.removed.append(_source_lines(lines, tok))
            else:
                _target(doc, state).append(Block("head", text, notes=refs, line=line))
            first_block = False
            i += 3
            continue
        elif typ == "hr":
            if state.headnote_level is not None:
                state.headnote_level, state.headnote_done = None, True
            doc.removed.append(tok.markup)
        elif typ == "ordered_list_open" or typ == "bullet_list_open":
            pass
        elif typ == "list_item_open":
            state.item_numbers.append(tok.info if tok.info else None)
        elif typ == "list_item_close":
            if state.item_numbers and state.item_numbers[-1] is not None:
                _paragraph(doc, state, "", [], line)  # an empty numbered item still shows its number
            if state.item_numbers:
                state.item_numbers.pop()
        elif typ == "inline":
            raw, calls = _inline_text(tok, in_note=state.note is not None)
            _paragraph(doc, state, raw, calls, line)
        elif typ in ("code_block", "fence"):
            raw = (tok.info + "\n" if tok.info else "") + tok.content
            _paragraph(doc, state, raw, [], line)
        elif typ == "html_block":
            _paragraph(doc, state, tok.content, [], line)
        if typ not in ("footnote_reference_open", "footnote_reference_close") and not typ.endswith("_close"):
            first_block = False
        i += 1


def _source_lines(lines: list[str], tok: Token) -> str:
    if not tok.map:
        return ""
    return "\n".join(lines[tok.map[0] : tok.map[1]])


def _target(doc: Document, state: _State) -> list[Block]:
    return doc.headnote if state.headnote_level is not None else doc.body


def _paragraph(doc: Document, state: _State, raw: str, calls: list[tuple[str, int]], line: int | None) -> None:
    """Add one paragraph of plain text to the note being read, the headnote or the body."""
    if state.note is not None:
        if state.item_numbers and state.item_numbers[-1] is not None:
            raw = state.item_numbers[-1] + ". " + raw
            state.item_numbers[-1] = None
        state.note_parts.append(raw)
        return
    text, refs = _collapse_with_calls(raw, calls)
    n = None
    if state.item_numbers and state.item_numbers[-1] is not None:
        n = state.item_numbers[-1]
        state.item_numbers[-1] = None  # later paragraphs of the same item continue it
    block = Block("p", text, n=n, notes=refs, line=line)
    target = _target(doc, state)
    if doc.kind == "document" and target is doc.body:
        speaker, note, rest = split_speaker(text)
        if speaker is not None:
            cut = len(text) - len(rest)
            block.speaker, block.speaker_note, block.text = speaker, note, rest
            # the label's own punctuation ("Name: (note)." keeps its dot) goes to removed, verbatim
            leftover = text[:cut].replace(speaker, "", 1).replace(":", "", 1).replace(note or "", "", 1).strip()
            if leftover:
                doc.removed.append(leftover)
            block.notes = [NoteRef(r.n, max(0, r.offset - cut)) for r in refs]
    if not block.text and not block.notes and block.n is None and block.speaker is None:
        return
    target.append(block)


def _check_notes(doc: Document) -> None:
    """Report calls without notes, notes without calls and labels defined twice."""
    defined: dict[str, Footnote] = {}
    for fn in doc.footnotes:
        if fn.n in defined:
            doc.diagnose("warning", "footnote-duplicate", f"note [^{fn.n}] is defined twice", fn.line)
        defined.setdefault(fn.n, fn)
    called: set[str] = set()
    for block in doc.headnote + doc.body:
        for ref in block.notes:
            called.add(ref.n)
            if ref.n not in defined:
                doc.diagnose("warning", "footnote-missing", f"call [^{ref.n}] has no note", block.line)
    for n, fn in defined.items():
        if n not in called:
            doc.diagnose("warning", "footnote-call-missing", f"note [^{n}] has no call in the text", fn.line)


def parse(text: str, doc: Document) -> None:
    """Fill doc from an editor-written Markdown document (front matter, headnote section, body, notes)."""
    body_text = text
    offset = 0
    split = _split_front_matter(text)
    has_title = False
    if split is None and FRONT_MATTER_OPEN.match(text):
        doc.diagnose("error", "front-matter-invalid", "front matter opened with '---' is never closed", 1)
    if split is not None:
        yaml_text, end = split
        doc.removed.append(text[:end].rstrip("\n"))
        body_text = text[end:]
        offset = text[:end].count("\n")
        try:
            data, key_lines = load_yaml_with_lines(yaml_text)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            line = 2 + (mark.line if mark is not None else 0)
            doc.diagnose("error", "front-matter-invalid", f"invalid YAML: {err.problem or err}", line)
            data, key_lines = None, {}
        except Exception as err:  # any YAML failure is the editor's to fix, never a crash
            doc.diagnose("error", "front-matter-invalid", f"invalid YAML: {err}", 2)
            data, key_lines = None, {}
        if isinstance(data, dict):
            _apply_front_matter(data, key_lines, 2, doc)
            has_title = doc.title is not None
        elif data is not None:
            doc.diagnose("error", "front-matter-invalid", "front matter must be a mapping of fields", 2)
    if "\x00" in body_text:  # markdown-it would turn NULs into U+FFFD: keep them, verbatim, in removed
        doc.diagnose(
            "warning",
            "suspect-encoding",
            f"{body_text.count(chr(0))} NUL characters taken out",
            offset + body_text[: body_text.index("\x00")].count("\n") + 1,
        )
        doc.removed.append("\x00" * body_text.count("\x00"))
        body_text = body_text.replace("\x00", "")
    tokens = _tokens(body_text, offset + 1, doc)
    _walk(tokens, body_text.split("\n"), offset, doc, title_from_heading=not has_title)
    _check_notes(doc)
    if not doc.translators and doc.source:
        doc.translators = find_translators(doc.source)
    doc.cross_refs = find_cross_refs([b.text for b in doc.headnote + doc.body] + [f.text for f in doc.footnotes])
