"""The OpenEdition and Wilson Center parsers on transcripts their authors never saw.

Each fixture in tests/fixtures/unseen_web/ is an invented but plausible page of the format, written to vary
what the seeds hold fixed: the interface language, headnotes with and without the blank-line gap, many
notes with previews, calls after quotes, brackets and numbers, dates in the title or as "Moscow, 13 November
1986", imprecise archive dates, several original languages, sections over several blocks, conversations and
signatures. `EXPECTED` says what a correct record shows, in the manner of the gold files for the seeds.
Where a case is genuinely ambiguous the parser must say so with a diagnostic on the right line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from edition_builder.model import Document, SourceFile
from edition_builder.parse import missing_characters, parse_source
from web_helpers import WC_FURNITURE, block_n, call_after, parse_path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "unseen_web"

OE_FURNITURE = [
    "Classic version",
    "Version classique",
    "Mobile version",
    "Full text",
    "Texte intégral",
    "Terms of use",
    "Conditions d",
    "Print version",
    "Volume papier",
    "OpenEdition",
    "You will be redirected",
    "Top of page",
    "•",
    "(...)",
    "[Source:",
]

EXPECTED: dict[str, dict[str, Any]] = {
    "oe_12a_english_no_headnote.txt": {
        "source_format": "openedition",
        "title": "Record of the Conversation between M. S. Gorbachev and N. I. Ryzhkov on the Retail Price Reform",
        "number": "12A",
        "date": ("1986-11-13", "Moscow, 13 November 1986"),
        "translators": ["Irina Kopylova", "David Marsh"],
        "collection": ("Hinges of the Bloc", ["Eleanor Writer", "Pavel Fictov"], "Fictional Academic Press", "2019"),
        "headnote": 0,
        "body_numbers": ["1", "2", "3", "4", "5", "6"],
        "starts": {"1": "Nikolai Ivanovich, the draft", "4": "I will report in two weeks.", "6": "The rest of"},
        "speakers": {
            "1": ("M. S. Gorbachev", None),
            "2": ("Ryzhkov N. I.", None),
            "3": ("M. S. Gorbachev", None),
            "4": ("Ryzhkov N. I.", "(Chairman of the USSR Council of Ministers)"),
            "6": (None, None),
        },
        # note 2's call is glued to a year ("19622"): reported, not guessed
        "notes": {"1": ("2", "14 billion rubles", "editor"), "2": (None, None, "original")},
        "diagnostics": [("footnote-call-ambiguous", 25), ("footnote-call-missing", 36)],
        "source": "Archive of the Gorbachev Foundation, Fond 1, Opis 1. Translated by Irina Kopylova and David Marsh.",
        "cross_refs": [],
        "absent": OE_FURNITURE + ["Document No."],
    },
    "oe_05_many_notes.txt": {
        "source_format": "openedition",
        "title": "Report by Anastas Mikoyan and Mikhail Suslov to the CC CPSU Presidium, 26 October 1956",
        "number": "5",
        "date": ("1956-10-26", "26 October 1956"),
        "translators": ["Margaret Sample", "Oleg Fiktivny"],
        "collection": (
            "Hungary 1956 Reconsidered",
            ["Csaba Példa", "Margaret Sample", "Oleg Fiktivny"],
            "Fictional University Press",
            "2017",
        ),
        "headnote": 3,
        "headnote_ends": "(Documents Nos. 6 and 7).",
        "body_numbers": ["4", "5", "6", "7", "8", "9", "10", "11"],
        # a paragraph opening with a year keeps it: "91956 has shown" is paragraph 9
        "starts": {"4": "Top Secret", "5": "To the CC CPSU", "9": "1956 has shown", "11": "A. Mikoyan, M. Suslov"},
        "speakers": {"6": (None, None), "8": (None, None)},
        "notes": {
            "1": ("6", "declared “neutrality”", "editor"),
            "2": ("7", "the term “counter-revolution.”", "editor"),
            "3": (None, None, "editor"),
            "4": ("8", "the agreement of 19553 [sic]", "original"),
            "5": ("10", "declaration (expected tomorrow)", "editor"),
            "6": ("10", "will stay in Budapest", "editor"),
        },
        "diagnostics": [("footnote-call-ambiguous", 37), ("footnote-call-missing", 57)],
        "source": "Russian State Archive of Contemporary History [RGANI], Fond 3, Opis 64, Delo 484, ll. 88–90. "
        "Translated by Margaret Sample and Oleg Fiktivny.",
        "cross_refs": ["3", "6", "7"],
        "absent": OE_FURNITURE + ["Notes"],
    },
    "oe_17_letter_no_gap.txt": {
        "source_format": "openedition",
        "title": "Letter from the Presidium of the CC CPCz to the CC CPSU, 18 July 1968",
        "number": "17",
        "date": ("1968-07-18", "18 July 1968"),
        "translators": ["Helen Template", "Jan Vzor"],
        "collection": ("The Prague Spring Papers", ["Jan Vzor", "Helen Template"], "Presses Fictives", "2008"),
        # no gap, no speaker: the address "To the Central Committee …" opens the document
        "headnote": 2,
        "headnote_ends": "(see Documents No. 19 and No. 21).",
        "body_numbers": ["3", "4", "5", "6", "7", "8"],
        "starts": {"3": "To the Central Committee", "4": "Dear comrades,", "7": "With comradely greetings,"},
        "speakers": {"5": (None, None)},
        "notes": {"1": ("5", "not a threat to socialism but its renewal.", "editor")},
        "diagnostics": [],
        "no_diagnostics": ["headnote-guessed"],
        "source": "National Archives, Prague, fond 02/1, sv. 68, a.j. 110. Translated by Helen Template and Jan Vzor.",
        "cross_refs": ["15", "19", "21"],
        "absent": OE_FURNITURE + ["Traduction de"],
    },
    "oe_29_headnote_ambiguous.txt": {
        "source_format": "openedition",
        "title": "Memorandum of the Hungarian Ministry of Foreign Affairs on the Border Regime",
        "number": "29",
        "date": ("1989-05-02", "Budapest, 2 May 1989"),
        "translators": ["Anna Example"],
        # two prose paragraphs of headnote run straight into the prose of the document: the parser cannot
        # know, takes the first paragraph and says so
        "headnote": 1,
        "body_numbers": ["2", "3", "4"],
        "starts": {"3": "The Government of the Hungarian", "4": "The border regime itself"},
        "notes": {
            "1": ("3", "(Ministry of the Interior estimate)", "original"),
            "2": ("4", "including those of 1974.", "editor"),
        },
        "diagnostics": [("headnote-guessed", 15), ("footnote-call-after-number", 21)],
        "source": "Hungarian National Archives [MNL OL], XIX-J-1-j, 1989, box 54. Translated by Anna Example.",
        "cross_refs": ["31"],
        "absent": OE_FURNITURE,
    },
    "oe_44_eleven_notes_editors_line.txt": {
        "source_format": "openedition",
        "title": "Minutes of the Meeting of the Political Consultative Committee of the Warsaw Treaty, "
        "Sofia, March 1965",
        "number": "44",
        "date": ("1965-03", "March 1965"),
        "translators": ["Richard Sample"],
        # the editors on one line, "(eds.)" after them
        "collection": (
            "Détente in Question",
            ["Marta Vzorová", "Richard Sample", "Lev Primerov"],
            "Fictional Academic Press",
            "2021",
        ),
        "headnote": 4,
        "headnote_ends": "(Document No. 47).",
        "body_numbers": [str(n) for n in range(5, 14)],
        "starts": {"5": "Comrades, the imperialists", "13": "[The meeting was adjourned at 18:40.]"},
        "speakers": {
            "5": ("Brezhnev", None),
            "6": ("Maurer", None),
            "8": ("Gomułka", None),
            "9": ("Novotný", None),
            "10": ("Maurer", "(chairman of the Romanian Council of Ministers)"),
            "12": ("Zhivkov", None),
            "13": (None, None),
        },
        "notes": {
            "1": ("5", "have not given up their plans.", "editor"),
            "2": ("5", "The multilateral nuclear force", "editor"),
            "3": ("6", "we do not think that new bodies", "editor"),
            "4": ("7", "spoke differently last year.", "editor"),
            "5": ("8", "on the nuclear question.", "original"),
            "6": ("9", "Czechoslovakia supports it fully.", "editor"),
            "7": ("10", "We object to decisions taken for us.", "editor"),
            "8": ("11", "Nobody takes decisions for anybody.", "editor"),
            "9": ("12", "prepare a text by tomorrow.", "editor"),
            "10": ("13", "[The meeting was adjourned at 18:40.]", "editor"),
            "11": (None, None, "editor"),
        },
        "note_texts": {"10": "The minutes end here. The second session is not recorded."},
        "diagnostics": [("footnote-call-missing", 71)],
        "source": "Central State Archive, Sofia, fond 1-B, opis 64, a.e. 331. Translated by Richard Sample.",
        "cross_refs": ["47"],
        "absent": OE_FURNITURE + ["Notes", "(eds.)", "Electronic reference", "SAMPLE, Richard"],
    },
    "wc_bracket_notes_bold_speakers.txt": {
        "source_format": "wilson-center",
        "title": "Memorandum of Conversation between Erich Honecker and Yuri Andropov",
        "date": ("1983-10-03", "October 3, 1983"),
        "translators": ["Paul Exemplar"],
        "summary": None,
        "original_language": "German",
        "url": "https://digitalarchive.wilsoncenter.org/document/119900",
        # bold speaker labels are the document's, not more labelled sections of the archive page
        "types": ["p", "p", "p", "p", "p"],
        "texts": {2: "We have told them so in Geneva, but they do not listen."},
        "speakers_at": {
            0: ("Honecker", None),
            1: ("Andropov", None),
            2: (None, None),
            3: ("Honecker", "(after a pause)"),
            4: ("Andropov", None),
        },
        # notes "[1] …" on consecutive lines, calls "[1]" in the text
        "notes_at": {
            "1": (0, "the deployment decision in Bonn", None),
            "2": (1, "by any means.", "original"),
            "3": (4, "You can rely on us.", None),
        },
        "note_texts": {"3": "The record breaks off here; a second page was not found."},
        "diagnostics": [],
        "source": "SAPMO-BArch, DY 30/2380. Translated from the German for CWIHP by Paul Exemplar.",
        "cross_refs": [],
        "absent": WC_FURNITURE + ["Honecker:", "Andropov:", "[1]", "[2]", "[3]", "Notes"],
    },
    "wc_march1989_no_summary.txt": {
        "source_format": "wilson-center",
        "title": "Information on the Talks between the Delegations of the SED and the CPSU in Moscow",
        "date": ("1989-03", "March 1989"),
        "translators": ["Bernd Muster", "Christiane Beispiel"],
        "summary": None,
        "original_language": "German, Russian",
        "url": "https://digitalarchive.wilsoncenter.org/document/120045",
        "types": ["head", "head", "p", "head", "p", "p", "head", "p", "closer", "closer", "closer"],
        "texts": {
            0: "INFORMATION",
            3: "Economic questions",
            5: "The deliveries of oil for 1990 will be reduced by 2 million tons. The SED delegation stated that "
            "this would cause serious difficulties for the economy of the GDR and asked for compensation in the "
            "form of natural gas.",
            8: "E. Krenz",
            9: "Berlin, 14.3.1989",
            10: "No. 412/89",
        },
        "notes_at": {
            "1": (2, "with the government", None),
            "2": (4, 'another Novocherkassk."', None),
            "3": (7, "the elections of 26 March.", None),
            "4": (None, None, None),
        },
        "diagnostics": [("footnote-call-missing", 55)],
        "source": "SAPMO-BArch, DY 30/IV 2/2.035/61. Translated for CWIHP by Bernd Muster and Christiane Beispiel.",
        "cross_refs": [],
        "absent": WC_FURNITURE + ["Transcript - Russian", "Russian"],
    },
    "wc_kohl_conversation.txt": {
        "source_format": "wilson-center",
        "title": "Record of Conversation between M. S. Gorbachev and Chancellor H. Kohl",
        "date": ("1989-06-12", "June 12, 1989"),
        "translators": ["Anna Beispiel"],
        "summary": "Gorbachev and Kohl discuss the reforms in Poland and Hungary and economic cooperation between "
        "the USSR and the FRG.",
        "original_language": "Russian",
        "url": "https://digitalarchive.wilsoncenter.org/document/120813",
        "types": ["head", "p", "p", "p", "p", "p", "p", "closer", "closer"],
        "texts": {0: "[Excerpt]", 6: "Then we agree on the main point.", 7: "[signature]", 8: "No. 1716/GS"},
        "speakers_at": {
            1: ("Kohl", None),
            2: (None, None),
            3: ("Gorbachev", "(smiling)"),
            4: ("Kohl", None),
            5: ("Gorbachev", None),
            6: ("Kohl", None),
        },
        "notes_at": {"1": (2, "believes that the elections", None), "2": (5, "the declaration of 1988.", None)},
        "diagnostics": [("footnote-call-after-number", 35)],
        "source": "Archive of the Gorbachev Foundation, fond 1, opis 1. Translated by Anna Beispiel.",
        "cross_refs": [],
        "absent": WC_FURNITURE + ["Kohl:", "Gorbachev:"],
    },
    "wc_circa1956_headings.txt": {
        "source_format": "wilson-center",
        "title": "Notes on the Situation in the Hungarian Writers' Union",
        "date": ("1956", "c. 1956"),
        "translators": ["Csaba Példa"],
        "summary": "An anonymous report on the mood of the Writers' Union after the Twentieth Congress of the CPSU. "
        "The report was probably written for the party's Agitation and Propaganda Department.",
        "original_language": "Hungarian",
        "url": "https://digitalarchive.wilsoncenter.org/document/110987",
        "types": ["head", "p", "p", "head", "p", "p", "closer", "closer"],
        "texts": {0: "I. THE MOOD OF THE MEMBERS", 3: "II. PROPOSALS", 6: "Budapest", 7: "15/ks"},
        "notes_at": {
            "1": (1, "openly discussing the secret speech.", None),
            "2": (5, "strengthen the opposition", None),
        },
        "diagnostics": [("date-approximate", 3)],
        "source": "Hungarian National Archives, M-KS 276. f. 65/353. ő.e. Translated for CWIHP by Csaba Példa.",
        "cross_refs": [],
        "absent": WC_FURNITURE + ["Original Scan"],
    },
    "wc_1961_letter.txt": {
        "source_format": "wilson-center",
        "title": "Letter from W. Ulbricht to N. S. Khrushchev on the Situation in Berlin",
        "date": ("1961", "1961"),
        "translators": ["Hope Sample"],
        "summary": "Ulbricht asks Khrushchev to agree to measures against the flight of citizens of the GDR to "
        "West Berlin.",
        "original_language": "German, Russian",
        "url": "https://digitalarchive.wilsoncenter.org/document/116200",
        "types": ["p", "p", "p", "closer", "closer"],
        "texts": {0: "Dear Comrade Khrushchev!", 3: "With communist greetings,", 4: "W. Ulbricht"},
        "notes_at": {"1": (2, "at the coming meeting.", None), "2": (None, None, None)},
        "diagnostics": [("footnote-call-missing", 39)],
        "no_diagnostics": ["paragraph-joined"],
        "source": "SAPMO-BArch, DY 30/3509. Translated by Hope Sample.",
        "cross_refs": [],
        "absent": WC_FURNITURE + ["Original Scan"],
    },
}


def parse(name: str) -> Document:
    return parse_path(FIXTURES / name)


def where_called(doc: Document, n: str) -> list[int]:
    return [i for i, b in enumerate(doc.body) if any(r.n == n for r in b.notes)]


def test_every_fixture_has_expectations() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_header_fields(name: str) -> None:
    want, doc = EXPECTED[name], parse(name)
    assert doc.source_format == want["source_format"]
    assert doc.kind == "document"
    assert doc.title == want["title"]
    assert doc.number == want.get("number")
    assert doc.date is not None and (doc.date.when, doc.date.text) == want["date"]
    assert doc.translators == want["translators"]
    assert doc.source == want["source"]
    assert doc.cross_refs == want["cross_refs"]
    if "collection" in want:
        assert doc.collection is not None
        c = doc.collection
        assert (c.title, c.editors, c.publisher, c.year) == want["collection"]
    for key in ("summary", "original_language", "url"):
        if key in want:
            assert getattr(doc, key) == want[key], key


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.startswith("oe_")))
def test_openedition_paragraphs_speakers_and_notes(name: str) -> None:
    want, doc = EXPECTED[name], parse(name)
    assert len(doc.headnote) == want["headnote"]
    if "headnote_ends" in want:
        assert doc.headnote[-1].text.endswith(want["headnote_ends"])
    assert [b.n for b in doc.body] == want["body_numbers"]
    for n, start in want["starts"].items():
        assert block_n(doc, n).text.startswith(start), n
    for n, (speaker, note) in want.get("speakers", {}).items():
        b = block_n(doc, n)
        assert (b.speaker, b.speaker_note) == (speaker, note), n
    assert [f.n for f in doc.footnotes] == list(want["notes"])
    for n, text in want.get("note_texts", {}).items():
        assert next(f.text for f in doc.footnotes if f.n == n) == text
    for f in doc.footnotes:
        para, after, resp = want["notes"][f.n]
        assert f.resp == resp, f.n
        called_in = [b.n for b in doc.headnote + doc.body if any(r.n == f.n for r in b.notes)]
        assert called_in == ([para] if para else []), f.n
        if para:
            assert (call_after(block_n(doc, para), f.n) or "").endswith(after), f.n


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.startswith("wc_")))
def test_wilson_center_blocks_speakers_and_notes(name: str) -> None:
    want, doc = EXPECTED[name], parse(name)
    assert doc.headnote == []
    assert [b.type for b in doc.body] == want["types"]
    for i, text in want["texts"].items():
        assert doc.body[i].text == text, i
    for i, (speaker, note) in want.get("speakers_at", {}).items():
        assert (doc.body[i].speaker, doc.body[i].speaker_note) == (speaker, note), i
    assert [f.n for f in doc.footnotes] == list(want["notes_at"])
    for n, text in want.get("note_texts", {}).items():
        assert next(f.text for f in doc.footnotes if f.n == n) == text
    for f in doc.footnotes:
        index, after, resp = want["notes_at"][f.n]
        assert f.resp == resp, f.n
        assert where_called(doc, f.n) == ([index] if index is not None else []), f.n
        if index is not None:
            assert (call_after(doc.body[index], f.n) or "").endswith(after), f.n


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_diagnostics_name_the_line(name: str) -> None:
    want, doc = EXPECTED[name], parse(name)
    got = {(d.code, d.line) for d in doc.diagnostics}
    for expected in want["diagnostics"]:
        assert expected in got, f"{expected} not in {sorted(got, key=str)}"
    warnings = {(d.code, d.line) for d in doc.diagnostics if d.level != "info"}
    assert warnings <= set(want["diagnostics"]), "unexpected warnings"
    for code in want.get("no_diagnostics", []):
        assert code not in {d.code for d in doc.diagnostics}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_furniture_in_the_text_and_nothing_lost(name: str) -> None:
    want, doc = EXPECTED[name], parse(name)
    reading = [b.text for b in doc.headnote + doc.body] + [f.text for f in doc.footnotes]
    reading += [doc.title or "", doc.source or "", doc.summary or ""]
    for furniture in want["absent"]:
        hits = [t for t in reading if furniture in t]
        # "Russian" and "Notes" may be words of the text; they must not stand alone as a block
        if furniture in ("Russian", "Notes"):
            hits = [t for t in hits if t == furniture]
        assert not hits, f"{furniture!r} left in {hits[0][:80]!r}"
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert not missing_characters(text, doc)


def test_a_two_line_gap_deep_in_the_document_does_not_end_the_headnote() -> None:
    """Two blank lines also mark section breaks inside a document: far in, they cannot close a headnote."""
    paras = [f"{k}Paragraph {k} of the report states the position of the ministry clearly." for k in range(1, 11)]
    text = (
        "Classic versionMobile version\n\nA Collection\n\nAn Editor\n\n\n"
        "Document No. 3: Report of the Ministry, 4 May 1972\n\nFull text\n\n"
        + "\n\n".join(paras[:8])
        + "\n\n\n"
        + "\n\n".join(paras[8:])
        + "\n\n11[Source: An archive.]\n"
    )
    doc = parse_source(SourceFile("gap.txt", text.encode()))
    assert len(doc.headnote) == 1
    assert [b.n for b in doc.body] == [str(k) for k in range(2, 11)]
    got = {(d.code, d.line) for d in doc.diagnostics}
    assert ("headnote-guessed", 12) in got
    assert ("headnote-gap-ignored", 29) in got
