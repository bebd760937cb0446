"""The article parser: per-page footnotes, paragraphs and notes cut by page breaks, pages out of order."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition_builder.model import Document, SourceFile
from edition_builder.parse import article, missing_characters, parse_source

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "article"
SEED = ROOT / "corpus" / "004_ccabb8d3acd16cc4.txt"
WEB_SEEDS = sorted((ROOT / "corpus").glob("00[0-3]_*.txt"))


def parse_file(path: Path) -> Document:
    return parse_source(SourceFile(str(path), path.read_bytes()))


def codes(doc: Document) -> list[str]:
    return [d.code for d in doc.diagnostics]


def lost_characters(path: Path) -> Counter[str]:
    return missing_characters(path.read_text(encoding="utf-8"), parse_file(path))


# --- fixtures ----------------------------------------------------------------------------


def test_front_matter_and_translator() -> None:
    doc = parse_file(FIXTURES / "runon.txt")
    assert doc.source_format == "article"
    assert doc.kind == "essay"
    assert doc.title == "THE PROVINCES AND THE CENTRE"
    assert doc.authors == ["JANE DOE", "JOHN ROE"]
    assert doc.translators == ["Anna Smith"]
    assert doc.date is None
    assert "Translation: Anna Smith" in doc.removed


def test_paragraph_cut_by_notes_is_joined_and_calls_anchored() -> None:
    doc = parse_file(FIXTURES / "runon.txt")
    first = doc.body[0]
    assert first.text.endswith("in the middle of a sentence about the northern provinces, which ends here.")
    offsets = {ref.n: ref.offset for ref in first.notes}
    assert first.text[: offsets["1"]].endswith("a first claim.")
    assert first.text[: offsets["2"]].endswith("A second claim follows.")
    assert offsets["3"] == len(first.text)
    assert "paragraph-joined" in codes(doc)
    assert all(not b.text[0].islower() for b in doc.body)


def test_heading_between_paragraphs() -> None:
    doc = parse_file(FIXTURES / "runon.txt")
    assert [(b.type, b.text) for b in doc.body if b.type == "head"] == [("head", "A Short Heading")]
    assert doc.body[2].text == (
        "Another paragraph opens a new section and makes a point. "
        "It ends with a sentence that finishes only after the notes of the page."
    )


def test_note_running_on_to_next_page_stays_in_the_note() -> None:
    doc = parse_file(FIXTURES / "runon.txt")
    notes = {f.n: f.text for f in doc.footnotes}
    assert (
        notes["2"]
        == 'It is often discussed whether the author\'s concept was "defensive" or "aggressive", as many have argued.'
    )
    assert not any("defensive" in b.text for b in doc.body)
    assert notes["1"] == "Jane DOE, A Book About Things, Prague 2001, 12."  # emphasis markers out
    assert [f.n for f in doc.footnotes] == ["1", "2", "3", "4"]


def test_pages_out_of_order_are_put_back() -> None:
    doc = parse_file(FIXTURES / "swapped.txt")
    assert doc.body[0].text == (
        "First page text with a call. The sentence runs on to the next page, where it finishes. "
        "Another sentence follows. Then a fresh paragraph is cut near the end of page three, where it ends."
    )
    assert [r.n for r in doc.body[0].notes] == ["1", "2", "3", "4"]
    assert doc.body[1].text == "A closing paragraph stands on its own."
    assert [f.n for f in doc.footnotes] == ["1", "2", "3", "4", "5"]
    page_order = [d for d in doc.diagnostics if d.code == "page-order"]
    assert page_order and {d.level for d in page_order} == {"warning"}
    assert {d.line for d in page_order} == {9, 17}


def test_orphan_note_and_missing_note_are_reported() -> None:
    doc = parse_file(FIXTURES / "orphans.txt")
    assert [f.n for f in doc.footnotes] == ["1", "3"]
    missing_call = [d for d in doc.diagnostics if d.code == "footnote-call-missing"]
    missing_note = [d for d in doc.diagnostics if d.code == "footnote-missing"]
    assert [d.line for d in missing_call] == [9]
    assert len(missing_note) == 1 and "2" in missing_note[0].message
    assert doc.body[-1].text == "A final paragraph."


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")) + [SEED], ids=lambda p: p.name)
def test_no_character_is_lost(path: Path) -> None:
    assert lost_characters(path) == Counter()


PIECES = ["¹", "²³", "\n", "\n\n", " ", "word", "Word", "the", ".", ",", "A TITLE", "JOHN DOE", "12", "1 ", "² "]
PIECES += ["Translation: X Y", "*", "and", "“", "Heading Here", "-", "\ufffd"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_any_article_shaped_text_parses_and_keeps_its_characters(text: str) -> None:
    doc = Document(id="x", source_format="article")
    article.parse(text, doc)
    assert missing_characters(text, doc) == Counter()


# --- detection ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")) + [SEED], ids=lambda p: p.name)
def test_detects_articles(path: Path) -> None:
    assert article.detect(path.read_text(encoding="utf-8"), ".txt") >= 0.5


@pytest.mark.parametrize("path", WEB_SEEDS, ids=lambda p: p.name)
def test_does_not_claim_web_transcripts(path: Path) -> None:
    assert article.detect(path.read_text(encoding="utf-8"), path.suffix) < 0.1


def test_plain_digit_notes_between_pages() -> None:
    text = (
        "A TITLE\n\nAN AUTHOR\n\nThe text makes a claim about 1961.12 It then runs on to the\n\n"
        "12 A note with plain digits.\n\n"
        "next page, where it ends after a long detour through the archives of the period.13\n\n"
        "13 Another note.\n"
    )
    assert article.detect(text, ".txt") >= 0.5
    doc = Document(id="x", source_format="article")
    article.parse(text, doc)
    assert [f.n for f in doc.footnotes] == ["12", "13"]
    assert doc.body[0].text == (
        "The text makes a claim about 1961. It then runs on to the next page, "
        "where it ends after a long detour through the archives of the period."
    )
    assert [(r.n, r.offset) for r in doc.body[0].notes] == [("12", 34), ("13", len(doc.body[0].text))]


# --- the seed ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Document:
    return parse_file(SEED)


def test_seed_front_matter(seed: Document) -> None:
    assert seed.title is not None and seed.title.casefold() == "khrushchev and his foreign policy"
    assert [a.casefold() for a in seed.authors] == ["michal reiman"]
    assert seed.translators == ["Frederick L. Snider"]
    assert seed.date is None


def test_seed_notes(seed: Document) -> None:
    assert [f.n for f in seed.footnotes] == [str(n) for n in range(131, 216)]
    notes = {f.n: f.text for f in seed.footnotes}
    assert 'whether Khrushchev\'s concept was "defensive" or "aggressive". Similar' in notes["166"]
    called = [r.n for b in seed.body for r in b.notes]
    assert sorted(called, key=int) == [str(n) for n in range(131, 216)]
    assert "footnote-missing" not in codes(seed) and "footnote-call-missing" not in codes(seed)


def test_seed_page_order_and_joins(seed: Document) -> None:
    assert {d.line for d in seed.diagnostics if d.code == "page-order"} == {269, 277}
    texts = [b.text for b in seed.body]
    for joined in (
        "Sino-Soviet relations had become ever more acrimonious",
        "But the process proved to be a two-edged sword",
        "After 1960 military expenditures rose significantly",
        "strong dependence on the USSR; nevertheless",
        "Beria, a vice premier in the Government, was its most agile member",
    ):
        assert any(joined in t for t in texts), joined
    assert not any(t[0].islower() for t in texts)
    assert not any("In the extensive literature on the German question" in t for t in texts)


def test_seed_headings(seed: Document) -> None:
    heads = [b.text for b in seed.body if b.type == "head"]
    assert heads[0] == "Soviet Postwar Policy"
    assert heads[-1] == "Summary"
    assert len(heads) == 10


def test_byline_in_mixed_case_with_name_particles() -> None:
    doc = parse_file(FIXTURES / "mixed_byline.txt")
    assert doc.authors == ["Jane Doe", "Pieter van der Berg"]
    assert [b.type for b in doc.body] == ["p", "p"]


def test_seed_with_plain_digit_notes_parses_the_same() -> None:
    """Other extractions print note numbers as plain digits ("131 Michal REIMAN", "2000.131")."""
    text = SEED.read_text(encoding="utf-8").translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
    assert article.detect(text, ".txt") >= 0.5
    doc = Document(id="x", source_format="article")
    article.parse(text, doc)
    reference = parse_file(SEED)
    assert [(f.n, f.text) for f in doc.footnotes] == [(f.n, f.text) for f in reference.footnotes]
    assert [(b.type, b.text, b.notes) for b in doc.body] == [(b.type, b.text, b.notes) for b in reference.body]
