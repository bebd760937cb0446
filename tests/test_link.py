"""Linking: mentions, spans, suspect-ocr, unknown people, dates, cross-references and the seeds."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from edition_builder.build import parse_file
from edition_builder.link import apply_links, find_dates, link, normalise_date
from edition_builder.model import Block, Collection, DateRef, Document, Footnote, Person, Registers, Term, Topic
from edition_builder.registers import load_people, load_registers

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "link"

PEOPLE = (
    Person("gorbachev", "Mikhail Gorbachev", "Gorbachev, Mikhail", ("Gorbachev", "Mikhail Gorbachev")),
    Person("khrushchev", "Nikita Khrushchev", "Khrushchev, Nikita", ("Khrushchev", "N. S. Khrushchev")),
    Person("sergei-khrushchev", "Sergei Khrushchev", "Khrushchev, Sergei", ("Sergei Khrushchev",)),
    Person("beria", "Lavrentiy Beria", "Beria, Lavrentiy", ("Beria",)),
    Person("kadar", "János Kádár", "Kádár, János", ("Kádár",)),
    Person("reiman", "Michal Reiman", "Reiman, Michal", ("Reiman", "Michal Reiman")),
    Person("ryzhkov", "Nikolai Ryzhkov", "Ryzhkov, Nikolai", ("Ryzhkov", "Nikolay Ivanovich")),
    Person("ceausescu", "Nicolae Ceaușescu", "Ceaușescu, Nicolae", ("Ceaușescu", "Ceauşescu")),
    Person("de-gaulle", "Charles de Gaulle", "de Gaulle, Charles", ("de Gaulle",)),
)
TOPICS = (Topic("warsaw-pact", "Warsaw Pact", "", ("Warsaw Pact", "Warsaw Treaty", "WTO")),)
TERMS = (
    Term("wto", "WTO", "Warsaw Treaty Organization"),
    Term("cmea", "CMEA", "Council for Mutual Economic Assistance"),
)
REGISTERS = Registers(PEOPLE, TOPICS, TERMS)


def doc_of(*paragraphs: str, footnotes: tuple[str, ...] = (), **kw) -> Document:
    """A document built directly from model classes: one body block per paragraph, lines 1, 2, …."""
    body = [Block("p", t, line=i + 1) for i, t in enumerate(paragraphs)]
    notes = [Footnote(str(i + 1), t, line=100 + i) for i, t in enumerate(footnotes)]
    return Document(id=kw.pop("id", "d1"), source_format="plain", body=body, footnotes=notes, path="x.txt", **kw)


def linked(doc: Document, registers: Registers = REGISTERS):
    index = link([doc], registers)
    return index, index.documents[doc.id]


def people_of(doc: Document, registers: Registers = REGISTERS) -> dict[str, int]:
    return {m.id: m.count for m in linked(doc, registers)[1].people}


def span_texts(doc: Document, kind: str = "person") -> list[tuple[str, str]]:
    _, links = linked(doc)
    out = []
    for (part, i), spans in sorted(links.spans.items()):
        text = doc.body[i].text if part == "body" else doc.footnotes[i].text
        out += [(s.ref, text[s.start : s.end]) for s in spans if s.kind == kind]
    return out


# --- matching rules -----------------------------------------------------------------------


def test_possessives_and_spans_point_at_the_name() -> None:
    doc = doc_of("Gorbachev’s policy and Gorbachev's speech; Mikhail Gorbachev spoke.")
    assert span_texts(doc) == [
        ("gorbachev", "Gorbachev"),
        ("gorbachev", "Gorbachev"),
        ("gorbachev", "Mikhail Gorbachev"),
    ]
    assert people_of(doc) == {"gorbachev": 3}


def test_never_inside_a_longer_word() -> None:
    doc = doc_of("Siberian exile, Kádárism and the Leningrad case; a gorbachev-style reform; Berians.")
    assert people_of(doc) == {}


def test_hyphenated_compounds_still_mention_each_name() -> None:
    assert people_of(doc_of("The Khrushchev-Beria rivalry.")) == {"khrushchev": 1, "beria": 1}


def test_case_sensitive_but_capitals_match() -> None:
    doc = doc_of("KHRUSHCHEV AND HIS FOREIGN POLICY", "Michal REIMAN, Studená válka.", "the khrushchev thaw")
    assert people_of(doc) == {"khrushchev": 1, "reiman": 1}


def test_longest_name_wins_over_a_name_inside_it() -> None:
    doc = doc_of("Sergei Khrushchev wrote about N. S. Khrushchev and Khrushchev’s son.")
    assert people_of(doc) == {"sergei-khrushchev": 1, "khrushchev": 2}


def test_institution_named_after_a_person_is_not_the_person() -> None:
    assert people_of(doc_of("Archive of the Gorbachev Foundation. Gorbachev said.")) == {"gorbachev": 1}


def test_first_name_and_patronymic_and_bracketed_repeat_count_once() -> None:
    doc = doc_of("Nikolay Ivanovich [Ryzhkov], take everything into your own hands.")
    assert people_of(doc) == {"ryzhkov": 1}


def test_diacritic_variants_and_decomposed_text() -> None:
    nfd = unicodedata.normalize("NFD", "Kádár met Ceaușescu and Ceauşescu.")
    doc = doc_of(nfd)
    _, links = linked(doc)
    assert {m.id: m.count for m in links.people} == {"kadar": 1, "ceausescu": 2}
    first = links.spans[("body", 0)][0]
    assert unicodedata.normalize("NFC", nfd[first.start : first.end]) == "Kádár"  # offsets into the NFD text


def test_lowercase_particle_names() -> None:
    assert people_of(doc_of("De facto, de Gaulle agreed.")) == {"de-gaulle": 1}


def test_ambiguous_form_is_reported_not_guessed() -> None:
    regs = Registers(
        PEOPLE
        + (Person("roy-medvedev", "Roy Medvedev", "Medvedev, Roy", ("Medvedev", "Roy Medvedev")),)
        + (Person("zhores-medvedev", "Zhores Medvedev", "Medvedev, Zhores", ("Medvedev", "Zhores Medvedev")),),
    )
    doc = doc_of("Medvedev wrote, and Roy Medvedev agreed.")
    index, links = linked(doc, regs)
    assert {m.id: m.count for m in links.people} == {"roy-medvedev": 1}
    [diag] = [d for d in index.diagnostics if d.code == "ambiguous-person"]
    assert diag.level == "info" and "Roy Medvedev" in diag.message and "Zhores Medvedev" in diag.message
    assert diag.file == "x.txt" and diag.line == 1


def test_terms_topics_and_overlap() -> None:
    doc = doc_of("The WTO and the Warsaw Pact, the warsaw treaty; CMEA countries.")
    _, links = linked(doc)
    assert {m.id: m.count for m in links.terms} == {"wto": 1, "cmea": 1}
    assert {m.id: m.count for m in links.topics} == {"warsaw-pact": 3}
    kinds = [(s.kind, doc.body[0].text[s.start : s.end]) for s in links.spans[("body", 0)]]
    # one span per stretch of text: "WTO" links the glossary and still counts for the topic
    assert kinds == [("term", "WTO"), ("topic", "Warsaw Pact"), ("topic", "warsaw treaty"), ("term", "CMEA")]


def test_headnote_footnotes_speakers_and_first_context() -> None:
    doc = doc_of("Nothing is going to be easy.", footnotes=("Beria was arrested in 1953.",))
    doc.body[0].speaker = "Gorbachev"
    doc.headnote = [Block("p", "In this record Khrushchev speaks.", line=5)]
    _, links = linked(doc)
    assert {m.id: m.count for m in links.people} == {"beria": 1, "gorbachev": 1, "khrushchev": 1}
    assert links.speakers == {("body", 0): "gorbachev"}
    assert ("footnotes", 0) in links.spans and ("headnote", 0) in links.spans
    assert links.first_context["beria"].startswith("Beria was arrested")


def test_mentions_sorted_by_count_then_id() -> None:
    doc = doc_of("Beria, Khrushchev, Beria, Kádár, Khrushchev, Beria.")
    assert [(m.id, m.count) for m in linked(doc)[1].people] == [("beria", 3), ("khrushchev", 2), ("kadar", 1)]


# --- suspect-ocr -------------------------------------------------------------------------


def test_ocr_damaged_names_are_suggested_never_linked() -> None:
    regs = Registers(tuple(load_people(FIXTURES / "people.yaml")))
    text = (FIXTURES / "ocr.txt").read_text(encoding="utf-8")
    doc = doc_of(*text.splitlines())
    index, links = linked(doc, regs)
    ocr = {d.message.split("”")[0].lstrip("“"): d for d in index.diagnostics if d.code == "suspect-ocr"}
    assert set(ocr) == {"Husdk", "Kdddr"}  # not Radar, Husky, Berlin, Bering, Siberia, nor registered names
    assert "Husák" in ocr["Husdk"].message and "Kádár" in ocr["Kdddr"].message
    assert all(d.level == "warning" and d.file == "x.txt" and d.line == 1 for d in ocr.values())
    counts = {m.id: m.count for m in links.people}
    assert counts == {"husak": 1, "kadar": 1, "zhivkov": 1, "ceausescu": 1, "jakes": 1}
    variants = [d for d in index.diagnostics if d.code == "unregistered-form"]
    assert [d.message.split("”")[0] for d in variants] == ["“Kadar"]


def test_ocr_on_the_seed_headnote() -> None:
    # the seed as collected (../shared/seeds), without the demo corpus's sidecar that accepts the suggestions
    doc = parse_file(ROOT.parent / "shared" / "seeds" / "003_972c1308b9e2f050.txt")
    index = link([doc], load_registers(ROOT / "editions" / "demo"))
    messages = [d.message for d in index.diagnostics if d.code == "suspect-ocr"]
    assert any("“Husdk”" in m and "Husák" in m for m in messages)
    assert any("“Kdddr”" in m and "Kádár" in m for m in messages)
    assert len(messages) == 2
    assert "corrections: {Husdk: Husák}" in next(m for m in messages if "Husdk" in m)


def test_sidecar_corrections_accept_the_ocr_suggestions() -> None:
    # corpus/003_….yaml says `corrections: {Husdk: Husák, Kdddr: Kádár}`
    doc = parse_file(ROOT / "corpus" / "003_972c1308b9e2f050.txt")
    assert [(c.sic, c.corr) for c in doc.corrections] == [("Husdk", "Husák"), ("Kdddr", "Kádár")]
    assert "Husdk" in doc.headnote[0].text, "the transcript's text stays as printed"
    index = link([doc], load_registers(ROOT / "editions" / "demo"))
    assert not [d for d in index.diagnostics if d.code == "suspect-ocr"]
    links = index.documents[doc.id]
    spans = links.spans[("headnote", 0)]
    text = doc.headnote[0].text
    corr = [(text[s.start : s.end], s.ref) for s in spans if s.kind == "corr"]
    assert corr == [("Husdk", "Husák"), ("Kdddr", "Kádár")] or sorted(corr) == [("Husdk", "Husák"), ("Kdddr", "Kádár")]
    people = {(text[s.start : s.end], s.ref) for s in spans if s.kind == "person"}
    assert {("Husdk", "husak"), ("Kdddr", "kadar")} <= people


# --- unknown people ----------------------------------------------------------------------


def test_unknown_people_counted_across_the_edition() -> None:
    one = doc_of(
        "See K. Kaplan, Mocní a bezmocní. General [Konstantin] Kurochkin came back.",
        "Mr. Smith met Chancellor Adenauer in Moscow in May.",
        "Lomakin: (ambassador to Czechoslovakia). The issue is not the farms.",
        id="a",
    )
    two = doc_of("K. Kaplan again. In Paris, Europe and the Soviet Union, nobody.", id="b")
    index = link([one, two], REGISTERS)
    assert index.unknown_people == {
        "K. Kaplan": 2,
        "Adenauer": 1,
        "Konstantin Kurochkin": 1,
        "Lomakin": 1,
        "Smith": 1,
    }
    diags = [d for d in index.diagnostics if d.code == "unknown-person"]
    assert all(d.level == "info" for d in diags)
    assert {(d.file, d.line) for d in diags if "Kaplan" in d.message} == {("x.txt", 1)}


def test_registered_people_and_titles_are_not_unknown() -> None:
    doc = doc_of("General Secretary Gorbachev and President of the USSR; N. S. Khrushchev; Prime Minister Beria.")
    index, _ = linked(doc)
    assert index.unknown_people == {}


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("the Politburo’s January 21 discussion", "1989-01-21"),
        ("began in April 1985 and", "1985-04"),
        ("scheduled for March 26, 1989 (see", "1989-03-26"),
        ("5-yesh/GG 24.2.89", "1989-02-24"),
        ("which began on 13 August 1961.", "1961-08-13"),
        ("our policy in the 1930-40s, and", "1930/1949"),
        ("the purges of the 1930's.", "1930/1939"),
        ("the methods of 1956 and", "1956"),
        ("in 1947-48 led to", "1947/1948"),
        ("talks, 21 February–3 March 1959, especially", "1959-02-21/1959-03-03"),
        ("limitations, 3–21 March 1960, Reiman", "1960-03-03/1960-03-21"),
    ],
)
def test_dates_are_normalised_to_edtf(text: str, when: str) -> None:
    [(start, end, ref)] = find_dates(text, 1989)
    assert ref.when == when and text[start:end] == ref.text


def test_quantities_and_page_numbers_are_not_years() -> None:
    assert find_dates("600-700-1500 rubles, 2000 rubles, pp. 338, 358–360 and 1.45-1.5 tons", 1989) == []


def test_two_digit_years_take_the_century_nearest_the_document_year() -> None:
    assert normalise_date("24.2.89", 1989) == DateRef("1989-02-24", "24.2.89")
    assert normalise_date("3.5.01", 2001) == DateRef("2001-05-03", "3.5.01")
    assert normalise_date("3.5.99", 2001) == DateRef("1999-05-03", "3.5.99")


def test_dates_without_year_take_the_document_year() -> None:
    doc = doc_of("the Politburo’s January 21 discussion of 1956.", date=DateRef(None, "February 1989"))
    _, links = linked(doc)
    assert [(d.when, d.text) for d in links.dates_mentioned] == [("1989-01-21", "January 21"), ("1956", "1956")]
    assert links.date == DateRef("1989-02", "February 1989")
    spans = [s for s in links.spans[("body", 0)] if s.kind == "date"]
    assert [(s.when, doc.body[0].text[s.start : s.end]) for s in spans] == [
        ("1989-01-21", "January 21"),
        ("1956", "1956"),
    ]
    no_date = doc_of("the January 21 discussion", id="d2")
    assert linked(no_date)[1].dates_mentioned == []


# --- cross-references, index tables, apply_links -------------------------------------------


def test_cross_refs_resolved_or_reported_with_line() -> None:
    a = doc_of("Beria, as in Document No. 8; see Document No. 39.", id="doc-41", number="41", cross_refs=["8", "39"])
    b = doc_of("Beria and Khrushchev.", id="doc-8", number="8")
    index = link([a, b], REGISTERS)
    assert index.documents["doc-41"].cross_refs == {"8": "doc-8", "39": None}
    [diag] = [d for d in index.diagnostics if d.code == "cross-ref-missing"]
    assert diag.level == "info" and "39" in diag.message and (diag.file, diag.line) == ("x.txt", 1)


def test_index_tables_for_pages_and_related_documents() -> None:
    a = doc_of("Beria, Beria, Khrushchev and the Warsaw Pact.", id="a")
    b = doc_of("Beria and the Warsaw Pact.", id="b")
    c = doc_of("Kádár alone.", id="c")
    index = link([a, b, c], REGISTERS)
    assert index.by_person["beria"] == [("a", 2), ("b", 1)]
    assert index.by_topic["warsaw-pact"] == [("a", 1), ("b", 1)]
    assert [doc_id for doc_id, _ in index.related["a"]] == ["b"]
    assert index.related["c"] == []


def test_apply_links_fills_the_record_and_leaves_the_input_alone() -> None:
    doc = doc_of("Kádár and Beria in 1956; Husdk.", date=DateRef(None, "13 November 1986"))
    regs = Registers(REGISTERS.people + (Person("husak", "Gustáv Husák", "Husák, Gustáv", ("Husák",)),))
    index = link([doc], regs)
    out = apply_links(doc, index.documents[doc.id])
    record = out.to_record()
    assert record["people"] == [{"id": "beria", "count": 1}, {"id": "kadar", "count": 1}]
    assert record["dates_mentioned"] == [{"when": "1956", "text": "1956"}]
    assert record["date"] == {"when": "1986-11-13", "text": "13 November 1986"}
    assert [d["code"] for d in record["diagnostics"]] == ["suspect-ocr"]
    assert doc.people == [] and doc.diagnostics == []


# --- the five seeds ----------------------------------------------------------------------

SEED_PEOPLE = {
    "000_ffc0f46697218c04.txt": {"gorbachev", "zhivkov", "ceausescu", "stalin", "falin"},
    "002_8bb61ebf049e4da5.txt": {
        "gorbachev",
        "yeltsin",
        "ligachev",
        "zhivkov",
        "jakes",
        "lomakin",
        "aristov",
        "stalin",
        "brezhnev",
    },
    "003_972c1308b9e2f050.txt": {
        "gorbachev",
        "shevardnadze",
        "ryzhkov",
        "zhivkov",
        "ceausescu",
        "jaruzelski",
        "kadar",
        "husak",
        "castro",
        "aganbegyan",
        "kurochkin",
        "dobrynin",
    },
    "004_ccabb8d3acd16cc4.txt": {
        "khrushchev",
        "malenkov",
        "beria",
        "molotov",
        "kennedy",
        "eisenhower",
        "ulbricht",
        "mikoyan",
        "stalin",
        "kaganovich",
        "voroshilov",
        "bulganin",
        "zhukov",
        "gromyko",
        "macmillan",
        "de-gaulle",
        "nasser",
        "nagy",
        "rakosi",
        "gomulka",
        "novotny",
        "husak",
        "sergei-khrushchev",
        "reiman",
        "lunak",
    },
}


@pytest.fixture(scope="module")
def seeds():
    docs = {p.name: parse_file(p) for p in sorted((ROOT / "corpus").iterdir()) if p.suffix == ".txt"}
    index = link(list(docs.values()), load_registers(ROOT / "editions" / "demo"))
    return docs, index


@pytest.mark.parametrize("name", sorted(SEED_PEOPLE))
def test_each_seed_links_the_people_it_mentions(seeds, name: str) -> None:
    docs, index = seeds
    found = {m.id for m in index.documents[docs[name].id].people}
    assert SEED_PEOPLE[name] <= found, SEED_PEOPLE[name] - found


def test_seed_spans_are_exactly_the_register_forms(seeds) -> None:
    docs, index = seeds
    regs = load_registers(ROOT / "editions" / "demo")
    forms = {p.id: set(p.forms) | {p.name} for p in regs.people}
    for doc in docs.values():
        links = index.documents[doc.id]
        for (part, i), spans in links.spans.items():
            if part not in ("headnote", "body", "footnotes"):
                continue
            text = doc.footnotes[i].text if part == "footnotes" else getattr(doc, part)[i].text
            for s in spans:
                if s.kind != "person":
                    continue
                piece = text[s.start : s.end]
                # a word the editor corrected in the sidecar is linked through its correction
                piece = {c.sic: c.corr for c in doc.corrections}.get(piece, piece)
                assert piece in forms[s.ref] or piece.upper() == piece or piece.split()[-1].isupper(), piece
                # never inside a longer word
                assert not (s.start > 0 and text[s.start - 1].isalpha()), text[s.start - 5 : s.end]
                assert not (s.end < len(text) and text[s.end].isalpha()), text[s.start : s.end + 5]


def test_cross_refs_prefer_the_citing_documents_collection() -> None:
    book_a, book_b = Collection(title="Book A"), Collection(title="Book B")
    citing = doc_of("See Document No. 5.", id="a-1", number="1", collection=book_a, cross_refs=["5"])
    same = doc_of("Five.", id="a-5", number="5", collection=book_a)
    other = doc_of("Five elsewhere.", id="b-5", number="5", collection=book_b)
    loose = doc_of("See Document No. 5.", id="x", cross_refs=["5"])
    index = link([citing, same, other, loose], REGISTERS)
    assert index.documents["a-1"].cross_refs == {"5": "a-5"}
    # no collection to tell "No. 5" of Book A from No. 5 of Book B: not linked, reported
    assert index.documents["x"].cross_refs == {"5": None}


def test_seed_dates_and_missing_cross_refs(seeds) -> None:
    docs, index = seeds
    memo = index.documents[docs["000_ffc0f46697218c04.txt"].id]
    whens = {d.when for d in memo.dates_mentioned}
    assert {"1985-04", "1930/1949"} <= whens
    wilson = index.documents[docs["001_a628a735b644c8c5.txt"].id]
    assert "1989-02-24" in {d.when for d in wilson.dates_mentioned}
    essay = index.documents[docs["004_ccabb8d3acd16cc4.txt"].id]
    assert "1961-08-13" in {d.when for d in essay.dates_mentioned}
