"""The Wilson Center parser: small invented archive pages, the seed, and faithfulness."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition_builder.model import Document, SourceFile
from edition_builder.parse import missing_characters, parse_source, wilson_center

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "wilson_center"
SEED = next((ROOT / "corpus").glob("001_*.txt"))


def parse_file(path: Path) -> Document:
    """Parse a file the way the build does (format detection, then the parser)."""
    return parse_source(SourceFile(str(path), path.read_bytes()))


def parse_text(text: str) -> Document:
    """Run the Wilson Center parser alone on text."""
    doc = Document(id="", source_format=wilson_center.NAME, path="test.md")
    wilson_center.parse(text, doc)
    return doc


@pytest.fixture(scope="module")
def memo() -> Document:
    return parse_file(FIXTURES / "memo_1990.txt")


def test_memo_header_fields(memo: Document) -> None:
    assert memo.source_format == "wilson-center"
    assert memo.kind == "document"
    assert memo.title == "Note on the Situation in the Baltic Republics"
    assert memo.date is not None and (memo.date.when, memo.date.text) == ("1990-03-05", "March 5, 1990")
    assert memo.url == "https://digitalarchive.wilsoncenter.org/document/999001"
    assert memo.summary == "A short assessment of the movements in the Baltic republics."
    assert memo.original_language == "Russian"
    assert memo.translators == ["Olga Test"]
    assert memo.source == "Example Party Archive, fond 4, opis 2. Translated by Olga Test."
    for label in ("Citation:", "Summary:", "Original Language:", "Contents:", "Translation - English"):
        assert label in memo.removed


def test_memo_body_heading_points_and_closer(memo: Document) -> None:
    assert [(b.type, b.text[:12]) for b in memo.body] == [
        ("head", "[NOTE OF THE"),
        ("p", "The movement"),
        ("p", "The popular "),
        ("p", "1. The depar"),
        ("p", "2. The ?radi"),
        ("closer", "V.F./ob"),
        ("closer", "5.III.90"),
    ]
    assert all(b.n is None for b in memo.body)
    assert memo.cross_refs == ["4"]


def test_memo_cut_paragraph_is_joined_and_reported(memo: Document) -> None:
    assert any("preparing for the elections in a mood" in b.text for b in memo.body)
    joined = [d for d in memo.diagnostics if d.code == "paragraph-joined"]
    assert {d.line for d in joined} == {30, 45}
    assert all(d.level == "info" for d in joined)


def test_memo_question_marks_are_kept_and_reported_per_line(memo: Document) -> None:
    assert "grown?in some places?faster" in memo.body[1].text
    lines = sorted(d.line for d in memo.diagnostics if d.code == "suspect-encoding")
    assert lines == [26, 34]


def test_memo_notes_calls_and_run_on(memo: Document) -> None:
    notes = {f.n: f for f in memo.footnotes}
    assert notes["3"].text == "The term is used here in its Party sense."
    assert notes["7"].text == "A note that the paste cut in two parts."
    point = memo.body[3]
    assert [r.n for r in point.notes] == ["3"]
    assert point.text[: point.notes[0].offset].endswith("moderate wing")
    missing = [d for d in memo.diagnostics if d.code == "footnote-call-missing"]
    assert [(d.line, d.level) for d in missing] == [(43, "warning")]


def test_markdown_markers_are_gone(memo: Document) -> None:
    shown = [memo.title, memo.summary, memo.source] + [b.text for b in memo.body] + [f.text for f in memo.footnotes]
    assert not any("*" in (s or "") for s in shown)


def test_conversation_without_date_or_source() -> None:
    doc = parse_file(FIXTURES / "conversation_nodate.txt")
    codes = {d.code for d in doc.diagnostics}
    assert {"date-unparsed", "source-missing"} <= codes
    assert doc.date is None
    # without a source line the source comes from the citation, after the archive's name
    assert doc.source == "Example Archive, box 12."
    assert [b.speaker for b in doc.body] == ["Petrov", "Miller", "Petrov", "Miller"]
    assert doc.body[1].speaker_note == "(guest)" and doc.body[1].text == "Long but quiet."


def test_memorandum_with_country_labels_has_no_speakers() -> None:
    text = (
        "**May 1, 1981**\n\n**Memo**\n\n**Citation:**\n\nx\n\n**Summary:**\n\ny\n\n"
        "Poland: the party is weak.\n\nHungary: reforms continue.\n\n[Source: Z.]\n"
    )
    doc = parse_text(text)
    assert [b.speaker for b in doc.body] == [None, None]
    assert doc.body[0].text == "Poland: the party is weak."


def test_bold_line_in_the_document_is_a_heading() -> None:
    text = "**Citation:**\n\nx\n\n**Summary:**\n\ny\n\n**II. The Economy**\n\nGrowth has stopped.\n\n[Source: Z.]\n"
    doc = parse_text(text)
    assert [(b.type, b.text) for b in doc.body] == [("head", "II. The Economy"), ("p", "Growth has stopped.")]


def test_new_paragraph_after_a_finished_sentence_is_not_joined() -> None:
    text = (
        "**Citation:**\n\nx\n\n**Summary:**\n\ny\n\nThe first ends here.\n\nThe second starts here.\n\n[Source: Z.]\n"
    )
    doc = parse_text(text)
    assert [b.text for b in doc.body] == ["The first ends here.", "The second starts here."]
    assert "paragraph-joined" not in {d.code for d in doc.diagnostics}


@pytest.mark.parametrize("text", ["", "\n\n", "**", "**Citation:**", "## x", "[Source: a", "14 note only"])
def test_odd_input_never_crashes_nor_loses_text(text: str) -> None:
    assert not missing_characters(text, parse_text(text))


def test_detect_scores() -> None:
    for path in FIXTURES.glob("*.txt"):
        assert wilson_center.detect(path.read_text(), ".txt") >= 0.5, path.name
    assert wilson_center.detect("", ".md") == 0.0
    assert wilson_center.detect("# Essay\n\nSome *Markdown* text.\n", ".md") == 0.0
    openedition_page = (ROOT / "tests" / "fixtures" / "openedition" / "doc07_conversation.txt").read_text()
    assert wilson_center.detect(openedition_page, ".txt") < 0.5


# --- the seed ---


def test_seed_structure() -> None:
    doc = parse_file(SEED)
    paragraphs = [b for b in doc.body if b.type == "p"]
    assert len(paragraphs) == 38
    assert [b.text for b in doc.body if b.type == "closer"] == ["5-yesh/GG", "24.2.89"]
    assert doc.date is not None and doc.date.when == "1989-02-24"
    assert doc.translators == ["Vladislav Zubok", "Gary Goldberg"]
    assert [f.n for f in doc.footnotes] == ["14"]
    assert "footnote-call-missing" in {d.code for d in doc.diagnostics}


@pytest.mark.parametrize("path", [SEED, *sorted(FIXTURES.glob("*.txt"))], ids=lambda p: p.stem[:12])
def test_every_character_is_kept(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not missing_characters(text, parse_file(path))


def test_two_different_labels_are_kept_in_the_text_and_reported() -> None:
    text = (
        "\n\n**May 5, 1990**\n\n**Record of a Telephone Call**\n\n**Citation:**\n\n"
        '"Record of a Telephone Call", May 5, 1990, Wilson Center Digital Archive, Private collection.\n\n'
        "Kohl: We should meet soon in the Caucasus.\n\nGorbachev: I agree, let our aides prepare it.\n"
    )
    doc = parse_text(text)
    assert [b.text.split(":")[0] for b in doc.body] == ["Kohl", "Gorbachev"]
    assert all(b.speaker is None for b in doc.body)
    uncertain = [d for d in doc.diagnostics if d.code == "speaker-uncertain"]
    assert [d.line for d in uncertain] == [11, 13]
