"""Sidecars: NAME.yaml beside a transcript overrides parsed values, each override reported at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition_builder.config import ConfigError
from edition_builder.model import Block, Document, Footnote, NoteRef, SourceFile
from edition_builder.parse import apply_sidecar, missing_characters, parse_source
from edition_builder.sources import read_source

CORPUS = Path(__file__).parent / "fixtures" / "sidecar" / "corpus"


def parse_fixture(name: str) -> Document:
    return parse_source(read_source(CORPUS / name, CORPUS))


def overrides(doc: Document) -> dict[str, tuple[str, int | None]]:
    """First words of each override message → (file, line)."""
    return {d.message.split(":")[0]: (d.file, d.line) for d in doc.diagnostics if d.code == "override"}


def test_read_source_keeps_key_lines() -> None:
    source = read_source(CORPUS / "meeting.md", CORPUS)
    assert source.sidecar_path == "meeting.yaml"
    assert source.sidecar_lines["title"] == 2
    assert source.sidecar_lines["speakers"] == 5
    assert source.sidecar_lines["speakers.2"] == 6
    assert source.sidecar_lines["speakers.9"] == 8


def test_overrides_replace_values_and_are_reported_at_their_lines() -> None:
    doc = parse_fixture("meeting.md")
    assert doc.title == "Record of the Meeting of 3 March 1989"
    assert doc.date is not None and doc.date.when == "1989-03-03"
    assert doc.number == "51"
    assert doc.id == "doc-51"  # the id follows the corrected number
    assert doc.translators == ["Anna Melyakova"]
    assert doc.footnotes[0].resp == "original"
    found = overrides(doc)
    assert found["title"] == ("meeting.yaml", 2)
    assert found["date"] == ("meeting.yaml", 3)
    assert found["number"] == ("meeting.yaml", 4)
    assert found["speaker of paragraph 2"] == ("meeting.yaml", 6)
    assert found["speaker of paragraph 3"] == ("meeting.yaml", 7)
    assert found["resp of note 1"] == ("meeting.yaml", 10)
    assert found["translators"] == ("meeting.yaml", 11)
    assert all(d.level == "info" for d in doc.diagnostics if d.code == "override")


def test_speaker_overrides() -> None:
    doc = parse_fixture("meeting.md")
    by_n = {b.n: b for b in doc.body}
    assert by_n["1"].speaker == "Gorbachev"
    assert by_n["2"].speaker == "Lomakin"  # an OCR-damaged label corrected
    # a place name wrongly taken for a speaker goes back into the text as printed
    assert by_n["3"].speaker is None
    assert by_n["3"].text == "Moscow: the city was cold that week."
    assert by_n["4"].speaker == "Ryzhkov"


def test_unknown_keys_and_missing_paragraphs_are_warnings_with_lines() -> None:
    doc = parse_fixture("meeting.md")
    warnings = {(d.code, d.line) for d in doc.diagnostics if d.level == "warning"}
    assert ("unknown-field", 12) in warnings  # colour: blue
    assert ("bad-field", 8) in warnings  # speakers 9: no such paragraph
    assert all(d.file == "meeting.yaml" for d in doc.diagnostics if d.line in (8, 12) and d.level == "warning")


def test_txt_transcript_sidecar_id_headnote_and_collection() -> None:
    doc = parse_fixture("transcript.txt")
    assert doc.id == "memo-on-something"
    assert doc.title == "Memorandum on Something"
    assert len(doc.headnote) == 1
    assert doc.collection is not None
    assert (doc.collection.title, doc.collection.editors) == ("A Collection", ["A. Editor"])
    unknown = [d for d in doc.diagnostics if d.code == "unknown-field"]
    assert [(d.file, d.line) for d in unknown] == [("transcript.yaml", 8)]


def test_values_of_the_wrong_shape_are_warnings_not_crashes() -> None:
    doc = parse_fixture("bad.md")
    bad = sorted(d.line or 0 for d in doc.diagnostics if d.code == "bad-field")
    assert bad == [1, 2, 3, 4]
    assert doc.kind == "document"
    assert doc.summary == "Still applied."


def test_missing_label_is_cut_when_the_sidecar_names_the_speaker() -> None:
    doc = Document(id="x", source_format="plain", path="x.txt")
    doc.body = [Block("p", "Lomakin: I agree.", n="7", notes=[NoteRef("1", 17)])]
    doc.footnotes = [Footnote("1", "n")]
    apply_sidecar(doc, {"speakers": {7: "Lomakin"}}, "x.yaml", {"speakers": 1, "speakers.7": 2})
    block = doc.body[0]
    assert (block.speaker, block.text, block.notes[0].offset) == ("Lomakin", "I agree.", 8)
    assert not missing_characters("7 Lomakin: I agree.1", doc)


def test_footnote_resp_for_every_note() -> None:
    doc = Document(id="x", source_format="plain", path="x.txt")
    doc.footnotes = [Footnote("1", "a"), Footnote("2", "b")]
    apply_sidecar(doc, {"footnote_resp": "editor"}, "x.yaml")
    assert [f.resp for f in doc.footnotes] == ["editor", "editor"]


def test_invalid_sidecar_yaml_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nText.\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("title: x\nspeakers: {1: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"a\.yaml:\d+: invalid YAML"):
        read_source(tmp_path / "a.txt", tmp_path)


def test_sidecar_applies_to_parse_source_directly() -> None:
    source = SourceFile("d.md", b"# Old\n\nText.\n", sidecar={"title": "New"}, sidecar_path="d.yaml")
    doc = parse_source(source)
    assert doc.title == "New"
    assert [(d.code, d.file, d.line) for d in doc.diagnostics] == [("override", "d.yaml", 1)]


def test_corrections_are_recorded_reported_and_never_change_the_text() -> None:
    doc = Document(
        id="d",
        source_format="plain",
        path="corpus/d.txt",
        body=[Block("p", "Husdk met Kdddr and Husdk again.", n="1")],
    )
    apply_sidecar(
        doc, {"corrections": {"Husdk": "Husák", "Nowhere": "X", "Kdddr": ["bad"]}}, "corpus/d.yaml", {"corrections": 4}
    )
    assert [(c.sic, c.corr) for c in doc.corrections] == [("Husdk", "Husák")]
    assert doc.body[0].text == "Husdk met Kdddr and Husdk again."
    codes = [(d.code, d.level, d.file, d.line) for d in doc.diagnostics]
    assert ("override", "info", "corpus/d.yaml", 4) in codes
    assert [d.message for d in doc.diagnostics if d.code == "override"] == [
        "correction (2 occurrences): sidecar replaces 'Husdk' by 'Husák'"
    ]
    bad = [d.message for d in doc.diagnostics if d.code == "bad-field"]
    assert len(bad) == 2 and any("'Nowhere' is not printed" in m for m in bad)


def test_undoing_a_speaker_puts_the_label_back_as_printed_and_out_of_removed() -> None:
    data = (
        "Version classiqueVersion mobile\n\nBook\n\nA. Editor\n\n\nDocument No. 3: Talks, May 1989\n\n"
        "Texte intégral\n\n1Headnote of the editor.\n\n\n\n2Honecker (interrupting): We disagree.\n\n"
        "3Honecker (interrupting): Again.\n\n4[Source: Archive.]\n"
    ).encode()
    doc = parse_source(SourceFile("corpus/t.txt", data))
    assert doc.body[0].speaker == "Honecker"
    apply_sidecar(doc, {"speakers": {2: None}}, "corpus/t.yaml", {"speakers.2": 2})
    assert doc.body[0].text == "Honecker (interrupting): We disagree." and doc.body[0].speaker is None
    assert doc.removed.count("Honecker (interrupting):") == 1, "one label left in removed: paragraph 3's"
    assert not missing_characters(data.decode(), doc)
