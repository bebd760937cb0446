"""The plain fallback parser: title, date, paragraphs, end notes, source line; never fails."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition_builder.model import Document, SourceFile
from edition_builder.parse import missing_characters, parse_source, plain

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plain"


def parse_bytes(data: bytes, name: str = "x.txt") -> Document:
    return parse_source(SourceFile(name, data))


def parse_file(path: Path) -> Document:
    return parse_source(SourceFile(str(path), path.read_bytes()))


def test_memo_title_date_paragraphs_notes_source() -> None:
    doc = parse_file(FIXTURES / "memo.txt")
    assert doc.source_format == "plain"
    assert "unknown-format" in [d.code for d in doc.diagnostics]
    assert doc.title == "A Plain Memo on Supplies"
    assert doc.date is not None and doc.date.when == "1989-03-03"
    assert [b.text for b in doc.body] == [
        "First paragraph with a call and a stressed word. It runs over two lines.",
        "Second paragraph with a superscript call and a year 1989.",
    ]
    first, second = doc.body
    assert [(r.n, first.text[: r.offset]) for r in first.notes] == [("1", "First paragraph with a call")]
    assert [(r.n, second.text[: r.offset]) for r in second.notes] == [("3", "Second paragraph with a superscript call")]
    assert [(f.n, f.text) for f in doc.footnotes] == [
        ("1", "First note."),
        ("3", "Third note continued on a second line."),
    ]
    assert doc.source == "Archive X, fond 1, opis 2."
    assert "Notes" in doc.removed


def test_end_notes_without_heading_and_bare_source_line() -> None:
    doc = parse_file(FIXTURES / "endnotes.txt")
    assert doc.date is None
    assert doc.source == "State Archive, Prague, box 4."
    assert [(r.n, r.offset) for r in doc.body[0].notes] == [("2", 26), ("1", len(doc.body[0].text))]
    assert [f.n for f in doc.footnotes] == ["1", "2"]
    assert not [d for d in doc.diagnostics if d.code.startswith("footnote")]


def test_numbered_list_without_calls_stays_in_the_body() -> None:
    doc = parse_file(FIXTURES / "numbered_list.txt")
    assert doc.footnotes == []
    assert [b.text for b in doc.body][1:] == ["1 The question of transit.", "2 The question of the border."]


def test_note_without_call_and_call_without_note() -> None:
    doc = parse_bytes("Title\n\nText with a call2 and a call² here.\n\nNotes\n\n1 An orphan note.\n".encode())
    found = {d.code for d in doc.diagnostics}
    assert {"footnote-call-missing", "footnote-missing"} <= found
    # plain 2 is no note number, so it is text; superscript ² is a call whatever the notes say
    assert doc.body[0].text == "Text with a call2 and a call here."
    assert [r.n for r in doc.body[0].notes] == ["2"]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_no_character_is_lost(path: Path) -> None:
    assert missing_characters(path.read_text(encoding="utf-8"), parse_file(path)) == Counter()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\n\t \n",
        bytes(range(256)) * 4,
        b"\xff\xfe\x00garbage\x80\x81 text\n\n\xc3(",
        ("word " * 200_000).encode(),
        ("x¹ " * 50_000 + "\n\n¹ note").encode(),
        b"1\n\n2\n\n3",
        b"Notes",
        b"[Source: ]",
    ],
    ids=["empty", "whitespace", "binary", "bad-utf8", "giant-line", "many-calls", "only-numbers", "notes", "source"],
)
def test_never_fails(data: bytes) -> None:
    doc = Document(id="x", source_format="plain")
    text = data.decode("utf-8", errors="replace")
    plain.parse(text, doc)
    assert missing_characters(text, doc) == Counter()
    assert [d for d in doc.diagnostics if d.level == "error"] == []


PIECES = ["¹", "²³", "\n", "\n\n", " ", "word", "Word", ".", "12", "1 ", "² ", "Notes", "[Source: a]", "Source: b"]
PIECES += ["March 3, 1989", "# ", "*", "Translated by A and B.", "\ufffd"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
    | st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
)
def test_any_text_parses_and_keeps_its_characters(text: str) -> None:
    doc = Document(id="x", source_format="plain")
    plain.parse(text.replace("\r", "\n"), doc)
    assert missing_characters(text, doc) == Counter()


def test_a_sentence_on_the_first_line_is_taken_as_the_title_with_a_note() -> None:
    doc = Document(id="", source_format="plain", path="x.txt")
    plain.parse("The delegation arrived in Moscow late in the evening and was met at the station.\n\nMore.\n", doc)
    assert doc.title and doc.title.startswith("The delegation arrived")
    assert [(d.code, d.line) for d in doc.diagnostics if d.code == "title-guessed"] == [("title-guessed", 1)]


def test_suspect_encoding_is_reported_in_every_format_and_the_text_kept() -> None:
    data = b"A Memo\n\nIn some countries?Hungary, Poland?the reforms go on.\n"
    doc = parse_source(SourceFile("corpus/memo.txt", data))
    assert [(d.code, d.line) for d in doc.diagnostics if d.code == "suspect-encoding"] == [("suspect-encoding", 3)]
    assert doc.body[0].text == "In some countries?Hungary, Poland?the reforms go on."
