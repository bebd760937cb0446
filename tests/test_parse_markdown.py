"""The Markdown format: front matter, headnote section, token-stream body, footnotes, speakers."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition_builder.model import Document, SourceFile
from edition_builder.parse import markdown, missing_characters, parse_source

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
CORPUS = Path(__file__).parent.parent / "corpus"


def parse_md(text: str, name: str = "doc.md") -> Document:
    return parse_source(SourceFile(name, text.encode("utf-8")))


def codes(doc: Document) -> dict[str, list[int | None]]:
    found: dict[str, list[int | None]] = {}
    for d in doc.diagnostics:
        found.setdefault(d.code, []).append(d.line)
    return found


def test_conversation_fixture_front_matter_speakers_and_notes() -> None:
    doc = parse_source(SourceFile("conversation.md", (FIXTURES / "conversation.md").read_bytes()))
    assert doc.source_format == "markdown"
    assert doc.kind == "document"
    assert doc.title == "Record of a Conversation between M. S. Gorbachev and K. Grósz"
    assert doc.number == "52" and doc.id == "doc-52"
    assert doc.date is not None and (doc.date.when, doc.date.text) == ("1989-03-23", "March 23, 1989")
    assert doc.translators == ["Svetlana Savranskaya", "Anna Melyakova"]
    assert doc.original_language == "Russian"
    assert doc.source == "Archive of the Gorbachev Foundation, Fond 1, Opis 1."
    assert [b.text for b in doc.headnote] == ["The editors' introduction, with one note."]
    assert doc.headnote[0].notes[0].n == "h"
    body = doc.body
    assert (body[0].type, body[0].text) == ("head", "Record of conversation")
    paras = [b for b in body if b.type == "p"]
    assert [(b.n, b.speaker) for b in paras] == [
        ("1", "Gorbachev"),
        ("2", "Grósz"),
        ("3", "Lomakin"),
        (None, None),
        ("4", None),
    ]
    assert paras[0].text == "I am glad to welcome you in Moscow."
    assert [(r.n, r.offset) for r in paras[0].notes] == [("1", len(paras[0].text))]
    assert paras[1].speaker_note == "(General Secretary of the HSWP)"
    assert paras[1].text == "Thank you. We have much to discuss."
    assert paras[2].text == "I agree. We must hurry."  # emphasis markers gone
    assert paras[2].text[: paras[2].notes[0].offset] == "I agree."
    assert [(f.n, f.text) for f in doc.footnotes] == [
        ("h", "An editor's note on the headnote."),
        ("1", "Gorbachev spoke in Russian."),
        ("2", "Lomakin was ambassador."),
    ]
    assert doc.diagnostics == []
    assert "## Headnote" in doc.removed


def test_essay_fixture_kind_collection_links_and_cross_refs() -> None:
    doc = parse_source(SourceFile("essay.md", (FIXTURES / "essay.md").read_bytes()))
    assert doc.kind == "essay" and doc.id == "essay"
    assert doc.authors == ["Jane Archivist"]
    assert doc.date is not None and doc.date.when == "2009-11"
    assert doc.collection is not None
    assert doc.collection.title == "Cold War Readers"
    assert doc.collection.editors == ["Ann Editor", "Bob Editor"]
    assert (doc.collection.publisher, doc.collection.year) == ("Example Press", "2010")
    assert doc.summary == "A short essay on 1989."
    texts = [b.text for b in doc.body]
    assert texts[0] == "The argument"
    assert texts[2] == "Some call it a revolution. Others, a collapse (https://example.org/collapse)."
    assert doc.cross_refs == ["41"]
    # essays have no speakers, even when a paragraph starts like a label
    essay = parse_md("---\nkind: essay\ntitle: T\n---\n\nBerlin: a city divided.\n")
    assert essay.body[0].speaker is None and essay.body[0].text == "Berlin: a city divided."


def test_heading_title_literal_text_bullets_and_note_diagnostics() -> None:
    doc = parse_source(SourceFile("plain_heading.md", (FIXTURES / "plain_heading.md").read_bytes()))
    assert doc.title == "A Memorandum Without Front Matter"
    texts = [b.text for b in doc.body]
    assert texts[0] == "Kept as typed: 5 &lt; 6 and AT&T, and a code span."
    assert texts[1] == "12. This number stays in the text."
    assert doc.body[1].n is None
    assert texts[2:] == ["a bullet point", "another one", "A quoted paragraph."]
    assert codes(doc) == {"footnote-missing": [8], "footnote-call-missing": [12]}
    assert [f.n for f in doc.footnotes] == ["orphan"]


def test_numbered_paragraphs_keep_their_number_as_n() -> None:
    doc = parse_md("---\ntitle: T\n---\n\n12. First point.\n\n13. Second point, with a\ncontinuation.\n")
    assert [(b.n, b.text) for b in doc.body] == [
        ("12", "First point."),
        ("13", "Second point, with a continuation."),
    ]
    assert [b.line for b in doc.body] == [5, 7]


@pytest.mark.parametrize(
    ("value", "when"),
    [("1989", "1989"), ("1989-02", "1989-02"), ("1989-02-24", "1989-02-24"), ("24 February 1989", "1989-02-24")],
)
def test_front_matter_dates(value: str, when: str) -> None:
    doc = parse_md(f"---\ntitle: T\ndate: {value}\n---\n\nText.\n")
    assert doc.date is not None and doc.date.when == when
    assert "date-unparsed" not in codes(doc)


def test_unparsed_date_is_kept_and_reported() -> None:
    doc = parse_md("---\ntitle: T\n\ndate: sometime in spring\n---\n\nText.\n")
    assert doc.date is not None and doc.date.when is None and doc.date.text == "sometime in spring"
    assert codes(doc)["date-unparsed"] == [4]


def test_unknown_front_matter_key_is_a_warning_with_its_line() -> None:
    doc = parse_md("---\ntitle: T\nauthor_email: x@example.org\n---\n\nText.\n")
    unknown = [d for d in doc.diagnostics if d.code == "unknown-field"]
    assert len(unknown) == 1 and unknown[0].level == "warning" and unknown[0].line == 3
    assert "author_email" in unknown[0].message
    assert any("x@example.org" in r for r in doc.removed)  # kept, not lost


def test_invalid_yaml_is_an_error_with_its_line_and_nothing_is_lost() -> None:
    text = "---\ntitle: T\ndate: [1989\nsummary: x\n---\n\nBody text.\n"
    doc = parse_md(text)
    errors = [d for d in doc.diagnostics if d.code == "front-matter-invalid"]
    assert len(errors) == 1 and errors[0].level == "error"
    assert isinstance(errors[0].line, int) and 2 <= errors[0].line <= 5
    assert [b.text for b in doc.body] == ["Body text."]
    assert not missing_characters(text, doc)


def test_unclosed_front_matter_is_reported() -> None:
    doc = parse_md("---\ntitle: T\n\nBody text.\n")
    assert codes(doc)["front-matter-invalid"] == [1]


def test_footnote_offsets_survive_whitespace_and_emphasis() -> None:
    doc = parse_md("# T\n\nThe *first*   claim[^a] and the **second**\nclaim.[^b]\n\n[^a]: A.\n[^b]: B.\n")
    block = doc.body[0]
    assert block.text == "The first claim and the second claim."
    assert [(r.n, block.text[: r.offset]) for r in block.notes] == [
        ("a", "The first claim"),
        ("b", "The first claim and the second claim."),
    ]


def test_multi_paragraph_note_and_lines() -> None:
    doc = parse_md("# T\n\nText.[^1]\n\n[^1]: First part.\n\n    Second part.\n")
    assert [(f.n, f.text, f.line) for f in doc.footnotes] == [("1", "First part. Second part.", 5)]


def test_headnote_section_ends_at_same_level_heading() -> None:
    doc = parse_md("# T\n\n## Headnote\n\nIntro.\n\n### Sub\n\nMore intro.\n\n## Document\n\nBody.\n")
    assert [(b.type, b.text) for b in doc.headnote] == [("p", "Intro."), ("head", "Sub"), ("p", "More intro.")]
    assert [(b.type, b.text) for b in doc.body] == [("head", "Document"), ("p", "Body.")]


def test_bold_speaker_label_with_note_and_call() -> None:
    doc = parse_md("# T\n\n**Shevardnadze:** (Minister) We agree.[^1]\n\n[^1]: N.\n")
    block = doc.body[0]
    assert (block.speaker, block.speaker_note, block.text) == ("Shevardnadze", "(Minister)", "We agree.")
    assert block.notes[0].offset == len("We agree.")


def test_detect_scores() -> None:
    assert markdown.detect("# T\n\ntext\n", ".md") >= 0.9
    assert markdown.detect("---\ntitle: T\n---\ntext\n", ".txt") >= 0.5
    assert markdown.detect("A text.[^1]\n\n[^1]: note\n", ".txt") >= 0.5
    assert markdown.detect("Plain text.\n", ".txt") == 0.0


def test_detect_is_low_for_wilson_center_transcripts() -> None:
    seeds = sorted(CORPUS.glob("*.txt"))
    assert seeds, "corpus/ has no transcripts"
    for path in seeds:
        assert markdown.detect(path.read_text(encoding="utf-8"), path.suffix) < 0.5, path.name
