"""The OpenEdition parser: small invented pages of the format, the seeds, and faithfulness."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition_builder.model import Document, SourceFile
from edition_builder.parse import missing_characters, openedition, parse_source

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "openedition"
SEEDS = sorted((ROOT / "corpus").glob("00[023]_*.txt"))


def parse_file(path: Path) -> Document:
    """Parse a file the way the build does (format detection, then the parser)."""
    return parse_source(SourceFile(str(path), path.read_bytes()))


def parse_text(text: str) -> Document:
    """Run the OpenEdition parser alone on text."""
    doc = Document(id="", source_format=openedition.NAME, path="test.txt")
    openedition.parse(text, doc)
    return doc


def codes(doc: Document) -> set[str]:
    return {d.code for d in doc.diagnostics}


@pytest.fixture(scope="module")
def doc07() -> Document:
    return parse_file(FIXTURES / "doc07_conversation.txt")


def test_doc07_is_detected_and_has_its_header(doc07: Document) -> None:
    assert doc07.source_format == "openedition"
    assert doc07.id == "doc-7"
    assert doc07.number == "7"
    assert doc07.title == "Record of Conversation between the Foreign Ministers of the USSR and Hungary"
    assert doc07.date is not None and doc07.date.when == "1988-04-12"
    assert doc07.translators == ["Jane Roe"]
    assert doc07.collection is not None
    assert doc07.collection.title == "Voices of the Thaw"
    assert doc07.collection.editors == ["Maria Example", "John Sample"]
    assert (doc07.collection.publisher, doc07.collection.year) == ("Example University Press", "2015")


def test_doc07_headnote_ends_before_the_first_speaker(doc07: Document) -> None:
    assert [b.n for b in doc07.headnote] == ["1"]
    assert [b.n for b in doc07.body] == ["2", "3", "4", "5", "6"]
    assert "headnote-guessed" not in codes(doc07)


def test_doc07_speakers_and_enumerations(doc07: Document) -> None:
    by_n = {b.n: b for b in doc07.body}
    assert by_n["2"].speaker == "Shevardnadze"
    assert by_n["2"].text.startswith("We want to hear")
    assert by_n["3"].speaker is None
    assert (by_n["4"].speaker, by_n["4"].speaker_note) == ("Horn", "(Hungarian foreign minister)")
    assert by_n["4"].text.startswith("Thank you.")
    # an enumeration is not a speaker, and its label stays in the text
    assert by_n["6"].speaker is None
    assert by_n["6"].text.startswith("Second point:")


def test_doc07_note_is_anchored_where_its_call_stood(doc07: Document) -> None:
    block = next(b for b in doc07.body if b.n == "4")
    assert [r.n for r in block.notes] == ["1"]
    assert block.text[: block.notes[0].offset].endswith("The plenum")
    assert "plenum1" not in block.text
    assert doc07.footnotes[0].text == "The plenum was postponed twice, first to May and then to June."
    assert doc07.footnotes[0].resp == "editor"


def test_doc07_furniture_previews_and_labels_go_to_removed(doc07: Document) -> None:
    assert "Classic versionMobile version" in doc07.removed
    assert "You will be redirected to OpenEdition Search" in doc07.removed
    assert any(r.startswith("• 1 The plenum") for r in doc07.removed)
    assert "7[Source:" in doc07.removed
    shown = " ".join([b.text for b in doc07.headnote + doc07.body] + [f.text for f in doc07.footnotes])
    for furniture in ("•", "(...)", "Full text", "OpenEdition", "Terms of use"):
        assert furniture not in shown
    assert doc07.source == "Archive of the Example Foundation, Fond 9. Translated by Jane Roe."
    assert doc07.cross_refs == ["5"]
    assert doc07.diagnostics == []


# --- an invented Document No. 12: French interface, headnote ended by a gap, note of the original ---


def test_doc12_gap_ends_the_headnote_and_number_is_split_from_text() -> None:
    doc = parse_file(FIXTURES / "doc12_gap.txt")
    assert [b.n for b in doc.headnote] == ["1", "2"]
    assert doc.body[0].n == "3"
    assert doc.body[0].text.startswith("1. Trade with the partners")
    assert doc.date is not None and (doc.date.when, doc.date.text) == ("1985-05", "May 1985")
    assert doc.translators == ["Ana Modèle", "Boris Muster"]
    assert doc.removed[:5] == [
        "Version classiqueVersion mobile",
        "Document No. 12:",
        "Traduction de",
        "et",
        "Texte intégral",
    ]


def test_doc12_notes_resp_and_missing_call() -> None:
    doc = parse_file(FIXTURES / "doc12_gap.txt")
    notes = {f.n: f for f in doc.footnotes}
    assert notes["2"].resp == "original"
    assert "[Footnote in the original.]" in notes["2"].text
    assert notes["1"].resp == "editor"
    anchored = {r.n for b in doc.body + doc.headnote for r in b.notes}
    assert anchored == {"2"}
    missing = [d for d in doc.diagnostics if d.code == "footnote-call-missing"]
    assert len(missing) == 1 and missing[0].line == 27 and "note 1" in missing[0].message


# --- an invented page with no boundary, a numbering jump, no source and a lost note ---


def test_doc20_guesses_and_reports() -> None:
    doc = parse_file(FIXTURES / "doc20_guess.txt")
    assert [b.n for b in doc.headnote] == ["1"]
    assert [b.n for b in doc.body] == ["2", "4", "5"]
    found = {d.code: d for d in doc.diagnostics}
    assert found["headnote-guessed"].level == "info"
    assert found["paragraph-numbering"].line == 16
    assert {"source-missing", "footnote-missing", "date-unparsed"} <= set(found)
    assert doc.source is None and doc.date is None


# --- format rules on small texts ---


def test_translators_come_from_the_source_line_without_a_translator_line() -> None:
    text = (
        "Document No. 3: A Note\n\n1Headnote text.\n\n\n2Body text.\n\n"
        "3[Source: Some Archive. Translated by A. B. Cole and Dana Fox.]\n"
    )
    doc = parse_text(text)
    assert doc.translators == ["A. B. Cole", "Dana Fox"]
    assert [b.n for b in doc.headnote] == ["1"]
    assert doc.source == "Some Archive. Translated by A. B. Cole and Dana Fox."


def test_date_at_the_end_of_the_title_with_a_day() -> None:
    doc = parse_text("Document No. 9: Session of the Council, November 2, 1987\n\n1Text.\n\n2[Source: X.]\n")
    assert doc.date is not None and doc.date.when == "1987-11-02"
    assert doc.title == "Session of the Council, November 2, 1987"


def test_own_number_is_not_a_cross_reference() -> None:
    doc = parse_text("Document No. 9: Memo, May 1980\n\n1See Document No. 2 and Doc. No. 4.\n\n2[Source: X.]\n")
    assert doc.cross_refs == ["2", "4"]


def test_unknown_header_line_is_reported_not_lost() -> None:
    doc = parse_text("Document No. 9: Memo, May 1980\n\nSomething odd here\n\n1Text.\n\n2[Source: X.]\n")
    assert "Something odd here" in doc.removed
    assert "header-unrecognised" in codes(doc)


@pytest.mark.parametrize("text", ["", "\n\n\n", "Version classiqueVersion mobile", "1", "1[Source:", "• 1 x"])
def test_odd_input_never_crashes_nor_loses_text(text: str) -> None:
    doc = parse_text(text)
    assert not missing_characters(text, doc)


def test_title_missing_is_reported() -> None:
    page = "Version classiqueVersion mobile\n\nTexte intégral\n\n1Text.\n\n2More text.\n\n3Even more.\n"
    doc = parse_source(SourceFile("t.txt", page.encode()))
    assert doc.source_format == "openedition"
    assert doc.title is None
    assert "title-missing" in codes(doc)


def test_detect_scores() -> None:
    for path in FIXTURES.glob("*.txt"):
        assert openedition.detect(path.read_text(), ".txt") >= 0.5, path.name
    assert openedition.detect("", ".txt") == 0.0
    assert openedition.detect("A letter.\n\n1. First point.\n\n2. Second.\n\n3. Third.\n\nNotes\n", ".txt") < 0.5
    wilson = (ROOT / "tests" / "fixtures" / "wilson_center" / "memo_1990.txt").read_text()
    assert openedition.detect(wilson, ".txt") < 0.5


def test_unknown_transcript_falls_through_to_plain() -> None:
    doc = parse_source(SourceFile("x.txt", b"A Letter\n\nDear friend, all is well.\n\nYours, K.\n"))
    assert doc.source_format == "plain"


# --- the seeds ---


def test_seed_000_headnote_gap_and_numbers_glued_to_points() -> None:
    doc = parse_file(SEEDS[0])
    assert len(doc.headnote) == 3
    first = doc.body[0]
    assert (first.n, first.text[:10]) == ("4", "1. Our rel")
    para5 = next(b for b in doc.body if b.n == "5")
    assert para5.text[: para5.notes[0].offset].endswith("a new mode")
    assert doc.collection is not None and doc.collection.year == "2010"


def test_seed_002_speakers_and_notes() -> None:
    doc = parse_file(SEEDS[1])
    by_n = {b.n: b for b in doc.body}
    assert (by_n["21"].speaker, by_n["21"].speaker_note) == ("Lomakin", "(ambassador to Czechoslovakia)")
    assert by_n["21"].text.startswith("The issue is not")
    assert doc.translators == ["Anna Melyakova"]
    assert doc.cross_refs == ["53"]
    assert [f.n for f in doc.footnotes] == ["1", "2"]
    assert not [d for d in doc.diagnostics if d.level != "info"]


def test_seed_003_enumerations_and_original_note() -> None:
    doc = parse_file(SEEDS[2])
    by_n = {b.n: b for b in doc.body}
    assert by_n["3"].speaker is None and by_n["3"].text.startswith("First point:")
    assert by_n["44"].speaker == "Politburo members" and by_n["44"].text == "Approve."
    assert doc.footnotes[0].resp == "original"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_every_character_of_the_seed_is_kept(path: Path) -> None:
    lost = missing_characters(path.read_text(encoding="utf-8"), parse_file(path))
    assert not lost, f"characters lost: {dict(lost)}"


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem)
def test_every_character_of_the_fixture_is_kept(path: Path) -> None:
    assert not missing_characters(path.read_text(encoding="utf-8"), parse_file(path))


def test_interface_lines_before_the_notes_do_not_swallow_them() -> None:
    seed = (ROOT / "corpus" / "002_8bb61ebf049e4da5.txt").read_text(encoding="utf-8")
    text = seed.replace("\n\n1 The first free elections", "\n\nTop of page\n\nNotes\n\n1 The first free elections", 1)
    assert text != seed
    doc = parse_text(text)
    assert [f.n for f in doc.footnotes] == ["1", "2"]
    assert "Top of page" in doc.removed and "Notes" in doc.removed
    assert all(r.n in {"1", "2"} for b in doc.body for r in b.notes)
