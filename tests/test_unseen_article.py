"""Article and plain parsers on transcripts written for this test, not the seeds: the key facts of each.

Each fixture under tests/fixtures/unseen_article/ is an invented essay as a PDF text extraction of a
journal gives it (per-page notes, running heads, page numbers, broken words, pages out of order);
plain/ holds transcripts of no known format for the fallback.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from article_helpers import anchors, heads, notes, paragraphs
from edition_builder.model import Document, SourceFile
from edition_builder.parse import article, missing_characters, parse_source

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "unseen_article"
ARTICLES = sorted(FIXTURES.glob("*.txt"))
PLAINS = sorted((FIXTURES / "plain").glob("*.txt"))


def parse_file(path: Path) -> Document:
    return parse_source(SourceFile(str(path), path.read_bytes()))


def parse_text(text: str) -> Document:
    return parse_source(SourceFile("x.txt", text.encode()))


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {p.stem: parse_file(p) for p in ARTICLES + PLAINS}


def codes(doc: Document) -> list[str]:
    return [d.code for d in doc.diagnostics]


# --- what holds for every fixture ----------------------------------------------------------


@pytest.mark.parametrize("path", ARTICLES + PLAINS, ids=lambda p: p.name)
def test_no_character_is_lost(path: Path) -> None:
    doc = parse_file(path)
    assert missing_characters(path.read_text(encoding="utf-8"), doc) == Counter()


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_articles_are_detected_and_read_cleanly(path: Path) -> None:
    doc = parse_file(path)
    assert article.detect(path.read_text(encoding="utf-8"), ".txt") >= 0.5
    assert doc.source_format == "article" and doc.kind == "essay"
    assert not any(b.text[0].islower() for b in doc.body), "a paragraph starts in lower case"
    # every note is called exactly where the text has it, and every call has its note
    assert "footnote-missing" not in codes(doc) and "footnote-call-missing" not in codes(doc)
    assert "footnote-duplicate" not in codes(doc)
    called = sorted((r.n for b in doc.body for r in b.notes), key=int)
    assert called == [f.n for f in doc.footnotes] == [str(n) for n in range(1, len(doc.footnotes) + 1)]
    # page furniture never reaches the text
    for b in doc.body + doc.headnote:
        assert not b.text.isdigit() and "—" not in b.text.split()[0], b.text
        assert "(2004)" not in b.text and "(2009)" not in b.text and "Vol. 9" not in b.text, b.text


@pytest.mark.parametrize("path", PLAINS, ids=lambda p: p.name)
def test_plain_transcripts_fall_back(path: Path) -> None:
    doc = parse_file(path)
    assert doc.source_format == "plain"
    assert "unknown-format" in codes(doc)


# --- two authors, plain-digit notes, numbered sections, running heads ----------------------


def test_berlin_front_matter(docs: dict[str, Document]) -> None:
    doc = docs["berlin_plain_notes"]
    assert doc.title == "THE BERLIN ULTIMATUM AND THE WESTERN ALLIANCE, 1958–1959"
    assert doc.authors == ["JOHN SMITH", "ANNA NOWAK"]
    assert doc.summary is not None and doc.summary.startswith("This article reconstructs the Western response")
    assert doc.summary.endswith("the cohesion of NATO.")
    assert "Abstract:" in doc.removed
    assert [b.text for b in doc.headnote] == ["Keywords: Berlin; NATO; Khrushchev; Macmillan; alliance politics"]


def test_berlin_numbered_headings_are_not_notes(docs: dict[str, Document]) -> None:
    doc = docs["berlin_plain_notes"]
    assert heads(doc) == ["1. Introduction", "2. The Western Response", "3. Conclusion"]
    assert notes(doc)["2"] == "Vladislav Zubok, A Failed Empire (Chapel Hill, 2007), 130–131."
    assert notes(doc)["3"].startswith("Macmillan diary, 28 November 1958")
    assert len(paragraphs(doc)) == 4


def test_berlin_joins_across_running_heads(docs: dict[str, Document]) -> None:
    doc = docs["berlin_plain_notes"]
    first, second, third, _ = paragraphs(doc)
    # the continuation opens with a proper noun: the cut sentence, not the capital, decides
    assert "merely to open talks with the United States on terms of his own choosing." in first.text
    assert "a step that the Americans regarded with deep suspicion." in second.text
    assert third.text.startswith("The French position was harder still.")
    for furniture in ("COLD WAR HISTORY 12 (2004)", "134", "135", "136", "SMITH AND NOWAK"):
        assert furniture in doc.removed
    assert "THE BERLIN ULTIMATUM AND THE WESTERN ALLIANCE" in doc.removed
    assert anchors(doc)["3"].endswith('"Russians have put a pistol to our heads".')
    assert anchors(doc)["1"].endswith("within six months.")


# --- superscripts, dedication, epigraph, a note over two page breaks ---------------------


def test_coexistence_front_matter(docs: dict[str, Document]) -> None:
    doc = docs["coexistence_runon"]
    assert doc.title == "KHRUSHCHEV, KENNEDY AND THE LANGUAGE OF PEACEFUL COEXISTENCE"
    assert doc.authors == ["PETER HOLLAND"]
    assert [b.text for b in doc.headnote] == [
        "For Vojtech Mastny",
        "“They will speak of peace while they prepare the next move.” "
        "— Briefing paper for the Vienna meeting, May 1961",
    ]
    assert paragraphs(doc)[0].text.startswith("Few slogans of the Cold War")


def test_coexistence_note_runs_over_two_page_breaks(docs: dict[str, Document]) -> None:
    doc = docs["coexistence_runon"]
    note = notes(doc)["2"]
    assert note.startswith("N. S. Khrushchev, report of the Central Committee")
    assert "the revisions sharpened the wording but did not change its sense." in note
    assert note.endswith("two days before the report was delivered.")
    assert not any("was delivered" in b.text or "the wording" in b.text for b in doc.body)
    assert [d.line for d in doc.diagnostics if d.code == "note-joined"] == [28, 37]


def test_coexistence_words_broken_at_page_and_line_ends(docs: dict[str, Document]) -> None:
    doc = docs["coexistence_runon"]
    texts = [b.text for b in paragraphs(doc)]
    assert texts[1].startswith("The American reading owed much to the experience of Soviet diplomacy in the 1930s")
    assert "Soviet-American relationship" in texts[4]
    assert texts[2] == "Khrushchev told the President at Vienna:"
    assert texts[3].startswith("“We want peace") and texts[3].endswith("shared equally.”")  # the block quote
    assert len(texts) == 5
    assert doc.removed.count("-") == 1  # the soft hyphen of "diplo-macy", nothing else
    assert {"— 7 —", "— 8 —", "PETER HOLLAND"} <= set(doc.removed)
    assert anchors(doc)["1"].endswith("“peaceful coexistence”.")
    assert anchors(doc)["4"].endswith("“the worst thing in my life”.")


# --- pages printed out of order, Roman headings, translator, date -----------------------


def test_prague_front_matter(docs: dict[str, Document]) -> None:
    doc = docs["prague_swapped"]
    assert doc.title == "PRAGUE 1968 AND THE LIMITS OF SOVIET TOLERANCE"
    assert doc.authors == ["Jan Novák"]
    assert doc.translators == ["Jana Dvořáková"]
    assert doc.date is not None and (doc.date.when, doc.date.text) == ("2009-03-12", "12 March 2009")
    assert "Published online:" in doc.removed


def test_prague_pages_put_back_in_order(docs: dict[str, Document]) -> None:
    doc = docs["prague_swapped"]
    assert heads(doc) == ["I. The Spring", "II. The Crisis"]
    first, second = paragraphs(doc)
    assert "had turned a change of leaders into a movement for reform that Moscow could not ignore." in first.text
    assert "it culminated in the meeting at Čierná nad Tisou" in first.text
    assert first.text.endswith("Nothing was settled there.")
    assert second.text.endswith("The Czechoslovak army did not resist, on the orders of its own minister.")
    assert [r.n for r in first.notes] == ["1", "2", "3", "4", "5"]
    page_order = [d for d in doc.diagnostics if d.code == "page-order"]
    assert {d.line for d in page_order} == {21, 35} and {d.level for d in page_order} == {"warning"}
    assert doc.removed.count("Czechoslovak Journal of Contemporary History 5 (2009)") == 2


# --- hard-wrapped lines, words hyphenated at line ends, a title over two lines --------------


def test_wrapped_title_and_hyphens(docs: dict[str, Document]) -> None:
    doc = docs["wrapped_lines"]
    assert doc.title == "THE CUBAN MISSILE CRISIS IN SOVIET-AMERICAN DIPLOMACY"
    assert doc.authors == ["MARIA FERREIRA"]
    first, second, third = paragraphs(doc)
    assert "in particular the conduct of Soviet diplomacy in Washington" in first.text
    assert "The Soviet-American channel was thus at first a channel of misunderstanding, and the instructions" in (
        second.text
    )
    assert "On 26 October Khrushchev wrote to Kennedy directly" in second.text
    assert third.text.startswith("The settlement that followed")
    assert notes(doc)["5"].endswith("in Cold War International History Project Bulletin 5 (1995), 79–80.")
    assert doc.removed.count("-") == 3  # con-duct, Oc-tober, Inter-national


def test_wrapped_note_line_opening_with_a_number_continues_the_note(docs: dict[str, Document]) -> None:
    doc = docs["wrapped_lines"]
    assert notes(doc)["3"] == (
        "Dobrynin to Foreign Ministry, 23 October 1962; Gromyko's reply followed on 24 October. "
        "Both are in AVP RF, f. 059, op. 6, d. 7."
    )
    assert "24" not in notes(doc)
    assert notes(doc)["4"] == "Khrushchev to Kennedy, 26 October 1962, FRUS 1961–1963, vol. VI, doc. 65."
    assert "COLD WAR HISTORY 12 (2004)" in doc.removed and "46" in doc.removed


# --- calls after punctuation and inside quotes; title with a subtitle; head and page number --


def test_detente_calls_around_quotes(docs: dict[str, Document]) -> None:
    doc = docs["detente_quotes"]
    assert doc.title == "DÉTENTE AS A EUROPEAN PROJECT Bonn, Paris and Moscow, 1969–1975"
    assert doc.authors == ["ELENA MARCHETTI"]
    found = anchors(doc)
    assert found["2"].endswith('"change through rapprochement"')
    assert found["4"].endswith('"European peace order".')
    assert found["5"].endswith('"the realities of the post-war world",')
    assert found["12"].endswith('"the price of peace".')
    assert '"change through rapprochement"; for Georges Pompidou' in paragraphs(doc)[0].text
    assert len(paragraphs(doc)) == 4 and heads(doc) == []
    assert notes(doc)["12"] == "Willy BRANDT, Begegnungen und Einsichten (Hamburg, 1976), 641."
    assert any(r.startswith("DÉTENTE AS A EUROPEAN PROJECT") and r.endswith("97") for r in doc.removed)
    assert "subtitle" in codes(doc)


# --- mixed-case title, "by" byline, dedication, journal line on the first page -------------


def test_hungary_front_matter(docs: dict[str, Document]) -> None:
    doc = docs["hungary_front"]
    assert doc.title == "The Hungarian Revolution and the United Nations"
    assert doc.authors == ["Mária Kovács", "Péter Szabó"]
    assert "by" in doc.removed
    assert [b.text for b in doc.headnote] == [
        "In memory of our teacher, György Litván",
        "Keywords: Hungary; United Nations; 1956; Imre Nagy; Dag Hammarskjöld",
    ]
    assert heads(doc) == ["1. Introduction", "2. Hungary and the Suez Crisis", "3. The Report of the Special Committee"]
    assert len(paragraphs(doc)) == 3
    assert "Journal of Cold War Studies, Vol. 9, No. 2, Spring 2007, pp. 23–45" in doc.removed
    assert "running-head" in codes(doc)


# --- ambiguous cases are reported, not guessed silently -------------------------------------


def test_numbered_line_that_could_be_a_note_is_reported() -> None:
    text = (
        "A TITLE ON BERLIN\n\nAN AUTHOR\n\n"
        "The text makes a first claim about the city.1 It then goes on at some length about the crisis.2\n\n"
        "1 A note on the claim.\n\n"
        "2. The Western Response\n\n"
        "The next section opens here and runs on about the Western powers and their doubts for some time.\n"
    )
    doc = parse_text(text)
    assert heads(doc) == ["2. The Western Response"]
    warnings = [d for d in doc.diagnostics if d.code == "heading-ambiguous"]
    assert [(d.level, d.line) for d in warnings] == [("warning", 9)]
    # with no note 2, the "2" after "crisis." is not taken for a call: it stays in the text
    assert doc.body[0].text.endswith("about the crisis.2")


def test_hyphen_kept_when_the_text_prints_the_compound() -> None:
    text = (
        "A TITLE ON ORDER\n\nAN AUTHOR\n\n"
        "The post-war order in Europe was the subject of the talks.¹ Both sides saw the post-\n"
        "war settlement differently, and the diplo-\nmats knew it.\n\n"
        "¹ A note on the talks.\n"
    )
    doc = Document(id="x", source_format="article")
    article.parse(text, doc)
    assert "Both sides saw the post-war settlement differently, and the diplomats knew it." in doc.body[0].text
    assert doc.removed.count("-") == 1


# --- the fallback ---------------------------------------------------------------------------


def test_memo_date_line_with_place_and_time(docs: dict[str, Document]) -> None:
    doc = docs["memo_endnotes"]
    assert doc.title == "MEMORANDUM OF CONVERSATION"
    assert doc.date is not None and doc.date.when == "1962-10-24"
    texts = [b.text for b in doc.body]
    assert texts[0] == "SUBJECT: Berlin and Cuba"
    assert texts[-1] == "Drafted by: F. D. Kohler"
    assert len(texts) == 5
    found = anchors(doc)
    assert found["1"].endswith("The Ambassador called at his own request.")
    assert found["2"].endswith("could not be separated in the present situation.")
    assert notes(doc) == {
        "1": "The meeting had been arranged by telephone at noon.",
        "2": "See the Secretary's briefing of the same morning.",
    }
    assert "NOTES" in doc.removed


def test_telegram_header_fields_and_capital_date(docs: dict[str, Document]) -> None:
    doc = docs["telegram"]
    assert doc.title == "TELEGRAM"
    assert doc.date is not None and (doc.date.when, doc.date.text) == ("1962-10-27", "27 OCTOBER 1962")
    texts = [b.text for b in doc.body]
    assert texts[:3] == ["FROM: AMEMBASSY MOSCOW", "TO: SECSTATE WASHDC", "SECRET"]
    assert texts[3].startswith("KHRUSHCHEV MESSAGE RECEIVED 1700 LOCAL TIME STOP")
    assert texts[-1] == "KOHLER" and len(texts) == 6
    assert doc.footnotes == [] and all(not b.notes for b in doc.body)


def test_footnotes_heading_and_bracketed_calls(docs: dict[str, Document]) -> None:
    doc = docs["footnotes_heading"]
    assert doc.title == "Note on the Warsaw Pact Meeting of January 1965"
    assert doc.date is None
    assert [f.n for f in doc.footnotes] == ["1", "2"]
    found = anchors(doc)
    assert found["1"].endswith("in Warsaw on 19 and 20 January 1965.")
    assert found["2"].endswith("objected to the draft on nuclear sharing,")
    assert doc.body[0].text.startswith("The Political Consultative Committee met in Warsaw on 19 and 20 January 1965. ")
    assert "Footnotes" in doc.removed and doc.removed.count("[1]") == 2
    assert "footnote-call-missing" not in codes(doc)
