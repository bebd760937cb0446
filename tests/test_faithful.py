"""Nothing is lost: every non-space character of an input ends up in its record or in `removed`.

The check (`edition_builder.parse.missing_characters`) compares character multisets of the input and of
every string of the record (title, number, date text, names, collection, url, summary, language, headnote
and body text with n, speaker, speaker_note and call numbers, footnote numbers and texts, source, removed),
after NFKC normalisation (so "¹" counts as "1") and without whitespace. Diagnostics and derived values (id,
kind, resp, ISO dates, cross-refs) do not count. The markup the design lets a parser drop is taken out of
the input first, and only that: emphasis `*` `_` and code backticks; `#` heading marks and `>` quote marks
at line starts; list markers (`-`, `+`, `*`, and the `.`/`)` after a number opening a line: "12." is the
paragraph's n); the `[^` `]` `:` around a Markdown note label; the brackets of `[text](url)` links and
`<url>` autolinks; backslash escapes; and the colon of a speaker label (implied by `speaker`).
A failure names the parser and the characters it lost.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings

from edition_builder.model import Block, Document, Footnote, NoteRef, SourceFile
from edition_builder.parse import FALLBACK, FORMATS, missing_characters, normalise_for_count, parse_source
from faithful import corpus_files, seed_variants, transcripts

PARSERS: list[ModuleType] = [*FORMATS, FALLBACK]
GENERATED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def lost(text: str, doc: Document) -> Counter[str]:
    return missing_characters(text, doc)


def parse_with(module: ModuleType, text: str, name: str = "generated.txt") -> Document:
    doc = Document(id="", source_format=module.NAME, path=name)
    module.parse(text, doc)
    return doc


def describe(module: ModuleType, missing: Counter[str], text: str) -> str:
    chars = "".join(sorted(missing.elements()))[:80]
    return f"{module.NAME} parser lost {sum(missing.values())} characters {chars!r} of input {text[:300]!r}"


# --- the check itself --------------------------------------------------------------------


def test_missing_characters_finds_a_dropped_word() -> None:
    doc = Document(id="x", source_format="plain", body=[Block("p", "Hello world")])
    assert lost("Hello brave world", doc) == Counter("brave")


def test_missing_characters_allows_only_the_documented_markup() -> None:
    doc = Document(
        id="x",
        source_format="markdown",
        body=[Block("p", "We agree. See (https://x.org)", n="12", speaker="Lomakin", notes=[NoteRef("1", 9)])],
        footnotes=[Footnote("1", "A note.")],
    )
    assert not lost("12. **Lomakin:** We _agree_.[^1] See [](https://x.org)\n\n[^1]: A note.", doc)
    assert lost("12. Lomakin: We agree; See (https://x.org) A note.1", doc) == Counter(";")
    # brackets that are text (editorial insertions) are never excused
    assert lost("[and]", Document(id="x", source_format="plain", body=[Block("p", "and")])) == Counter("[]")


def test_normalise_uses_nfkc_and_drops_whitespace() -> None:
    assert normalise_for_count("word¹ \n\t ﬁ") == "word1fi"


# --- every corpus file, through parse_source and through every parser -------------------


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_file_loses_nothing(path: Path) -> None:
    data = path.read_bytes()
    doc = parse_source(SourceFile(str(path), data))
    missing = lost(data.decode("utf-8", errors="replace"), doc)
    assert not missing, f"{path.name}: " + describe_source(doc, missing)


def describe_source(doc: Document, missing: Counter[str]) -> str:
    return f"{doc.source_format} parser lost {''.join(sorted(missing.elements()))[:120]!r}"


@pytest.mark.parametrize("module", PARSERS, ids=lambda m: m.NAME)
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_parser_loses_nothing_of_any_corpus_file(module: ModuleType, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = parse_with(module, text, path.name)
    missing = lost(text, doc)
    assert not missing, f"{path.name}: " + describe(module, missing, "")


# --- generated inputs --------------------------------------------------------------------


@pytest.mark.parametrize("module", PARSERS, ids=lambda m: m.NAME)
@GENERATED
@given(text=transcripts())
def test_generated_transcripts_lose_nothing(module: ModuleType, text: str) -> None:
    doc = parse_with(module, text)
    missing = lost(text, doc)
    assert not missing, describe(module, missing, text)


@GENERATED
@given(variant=seed_variants())
def test_seed_variants_lose_nothing_through_parse_source(variant: tuple[str, str]) -> None:
    name, text = variant
    doc = parse_source(SourceFile(name, text.encode("utf-8")))
    missing = lost(text, doc)
    assert not missing, f"variant of {name}: " + describe_source(doc, missing)


@GENERATED
@given(text=transcripts())
def test_generated_markdown_documents_lose_nothing_through_parse_source(text: str) -> None:
    doc = parse_source(SourceFile("generated.md", text.encode("utf-8")))
    assert doc.source_format == "markdown"
    missing = lost(text, doc)
    assert not missing, describe_source(doc, missing) + f" of {text[:300]!r}"
