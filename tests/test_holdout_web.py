"""A held-out measure of the OpenEdition and Wilson Center parsers: six transcripts written after the parsers.

Each fixture in tests/fixtures/holdout_web/ is an invented but plausible page, different in content and layout
from the seeds and the other fixtures: a long Politburo transcript with interruptions ("Honecker
(interrupting):") and nine notes, a letter with salutation and signature, a title without a date under a
date line "Berlin, 7 October 1989"; a conversation of many turns, a cable with "FROM:"/"TEXT:" header lines and
numbered paragraphs, a memo with a summary in two paragraphs, a lettered list and a signature block.
Every expectation is its own test, so the run counts how many of a transcript's facts the parsers get right
(`python tests/test_holdout_web.py` prints the table).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from edition_builder.model import Document, SourceFile
from edition_builder.parse import missing_characters, parse_source
from web_helpers import WC_FURNITURE, block_n, call_after, parse_path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "holdout_web"

OE_FURNITURE = [
    "Classic version",
    "Version classique",
    "Mobile version",
    "Full text",
    "Texte intégral",
    "Terms of use",
    "Conditions d",
    "Print version",
    "OpenEdition",
    "Top of page",
    "Haut de page",
    "Electronic reference",
    "Référence électronique",
    "Bibliographical reference",
    "•",
    "(...)",
    "[Source:",
    "©",
]

EXPECTED: dict[str, dict[str, Any]] = {
    "oe_63_politburo_interruptions.txt": {
        "title": "Transcript of the SED Politburo Session on the Situation in the Republic, 10 October 1989",
        "number": "63",
        "date": ("1989-10-10", "10 October 1989"),
        "translators": ["Gerda Fiktiv", "Ian Specimen"],
        "collection": (
            "Turning Points of 1989",
            ["Klaus Musterfeld", "Irina Obraztsova"],
            "Éditions Exemplaires",
            "2016",
        ),
        "headnote": 2,
        "body_numbers": [str(n) for n in range(3, 15)],
        "starts": {"3": "Comrades, I open", "8": "It is a question of weeks", "14": "[The session ended at 21.15.]"},
        "speakers": {
            "3": ("Honecker", None),
            "4": ("Krenz", None),
            "5": ("Honecker", "(interrupting)"),
            "7": ("Mittag", None),
            "8": (None, None),
            "10": ("Honecker", "(interrupting)"),
            "11": ("Stoph", "(Chairman of the Council of Ministers)"),
            "14": (None, None),
        },
        "notes": {
            "1": ("3", "for his own ends.", "editor"),
            "2": ("4", "Nobody gave an order to stop them.", "editor"),
            "3": ("6", "the times of the calls here.", "editor"),
            "4": ("7", "the deliveries to the Soviet Union", "editor"),
            "5": ("9", "ready for a “dialogue”", "editor"),
            "6": ("10", "It is not a legal organisation.", "editor"),
            "7": ("11", "in Neues Deutschland.", "editor"),
            "8": ("12", "[before it goes out].", "original"),
            "9": ("13", "draft it tonight.", "editor"),
        },
        "diagnostics": [],
        "source": "Stiftung Archiv der Parteien und Massenorganisationen der DDR im Bundesarchiv [SAPMO-BArch], "
        "DY 30/J IV 2/2/2353. Traduit par Gerda Fiktiv et Ian Specimen.",
        "cross_refs": ["61", "64"],
        "absent": OE_FURNITURE + ["Honecker (interrupting):", "Plan", "FIKTIV"],
    },
    "oe_22_letter_salutation.txt": {
        "title": "Letter from Władysław Gomułka to Leonid Brezhnev, 8 August 1968",
        "number": "22",
        "date": ("1968-08-08", "8 August 1968"),
        "translators": ["Tomasz Przykład"],
        "collection": (
            "Allies in Doubt",
            ["Ruth Sampleton", "Tomasz Przykład"],
            "Fictional University Press",
            "2012",
        ),
        "headnote": 2,
        "body_numbers": [str(n) for n in range(3, 11)],
        "starts": {"3": "Dear Leonid Ilyich,", "4": "I write to you", "9": "W. Gomułka", "10": "Warsaw, 8 August"},
        "speakers": {"3": (None, None), "5": (None, None)},
        # the valediction, signature and place-and-date line close the letter
        "types": {"3": "p", "7": "p", "8": "closer", "9": "closer", "10": "closer"},
        "notes": {
            "1": ("4", "the Czechoslovak question.", "editor"),
            "2": ("5", "even if he wants to keep them.", "editor"),
            "3": ("7", "Politburo of the CC CPSU.", "editor"),
        },
        "diagnostics": [],
        "source": "Archiwum Akt Nowych, KC PZPR, XIA/1234, k. 10–12. Translation: Tomasz Przykład.",
        "cross_refs": ["24"],
        "absent": OE_FURNITURE + ["Copyright", "SAMPLETON", "Edited by"],
    },
    "oe_88_dateline_no_title_date.txt": {
        "title": "Record of the Conversation between Mikhail Gorbachev and Erich Honecker",
        "number": "88",
        "date": ("1989-10-07", "Berlin, 7 October 1989"),
        "translators": ["Mark Exemplar", "Sofia Probova"],
        "collection": (
            "The End of the GDR in Documents",
            ["Hanna Beispielhaft", "Mark Exemplar", "Sofia Probova"],
            "Fictional Academic Press",
            "2020",
        ),
        "headnote": 2,
        "body_numbers": [str(n) for n in range(3, 9)],
        "starts": {"3": "I am glad to see you", "8": "Both sides agreed"},
        "speakers": {
            "3": ("M. S. Gorbachev", None),
            "4": ("E. Honecker", None),
            "7": ("M. S. Gorbachev", None),
            "8": (None, None),
        },
        "notes": {
            "1": ("4", "it stands firmly.", "editor"),
            "2": ("5", "those who come too late.", "editor"),
            "3": ("6", "will be completed in 1990.", "editor"),
            "4": ("8", "at the level of the Central Committees.", "editor"),
        },
        # "in 1990.3": a call after a year ending the sentence is taken, and said so
        "diagnostics": [("footnote-call-after-number", 30)],
        "source": "Archive of the Gorbachev Foundation, Fond 1, Opis 1. Translated by Mark Exemplar and Sofia Probova.",
        "cross_refs": ["86", "87"],
        "absent": OE_FURNITURE + ["BEISPIELHAFT", "Translated by Mark Exemplar;"],
    },
    "wc_ceausescu_conversation.txt": {
        "title": "Record of the Conversation between M.S. Gorbachev and N. Ceauşescu in Bucharest",
        "date": ("1989-07-07", "July 7, 1989"),
        "translators": ["Ruxandra Exemplu"],
        "summary": "Gorbachev and Ceauşescu argue about reform, Hungary and the role of the party during the meeting "
        "of the Political Consultative Committee.",
        "original_language": "Russian",
        "url": "https://digitalarchive.wilsoncenter.org/document/121044",
        "types": ["head"] + ["p"] * 13,
        "texts": {
            0: "[CONVERSATION ONE ON ONE]",
            6: "You want us to go back to 1968?",
            13: "Good. Let us discuss it there.",
        },
        "speakers_at": {
            1: ("N. Ceauşescu", None),
            2: ("M.S. Gorbachev", None),
            6: ("M.S. Gorbachev", "(laughing)"),
            8: ("M.S. Gorbachev", None),
            9: (None, None),
            10: ("N. Ceauşescu", None),
            13: ("M.S. Gorbachev", None),
        },
        "notes_at": {"1": (3, "the liquidation of socialism.", None), "2": (10, "without foreign debt.", None)},
        "diagnostics": [],
        "source": "Archive of the Gorbachev Foundation, fond 1, opis 1. Translated by Ruxandra Exemplu.",
        "cross_refs": [],
        "absent": WC_FURNITURE + ["Ceauşescu:", "Gorbachev:", "Transcript - Russian"],
    },
    "wc_cable_numbered.txt": {
        "title": "Cable from the Soviet Embassy in Berlin to the Ministry of Foreign Affairs, "
        "'On the Change of Leadership in the SED'",
        "date": ("1989-10-18", "October 18, 1989"),
        "translators": ["Daniel Example"],
        "summary": "The Soviet ambassador reports on the Politburo session at which Honecker was replaced by Krenz.",
        "original_language": "Russian",
        "url": "https://digitalarchive.wilsoncenter.org/document/121180",
        "types": ["head", "p", "p", "p", "p", "p", "p", "p", "p", "p", "p", "closer"],
        # the cable's header fields stay in the text as printed; numbered paragraphs keep their numbers
        "texts": {
            2: "FROM: BERLIN, SOVIET EMBASSY",
            5: "REF: OUR NO. 1142 OF 17 OCTOBER",
            6: "TEXT:",
            11: "KOCHEMASOV",
        },
        "text_starts": {7: "1. Today, at the session", 10: "4. Comment: the change"},
        # "FROM:", "REF:", "TEXT:" are the fields of a cable, not speakers
        "speakers_at": {i: (None, None) for i in range(1, 11)},
        "notes_at": {"1": (7, "as his successor.", None), "2": (9, "seek the advice of the CPSU.", None)},
        "diagnostics": [],
        "no_diagnostics": ["speaker-uncertain"],
        "source": "Archive of Foreign Policy of the Russian Federation (AVPRF), fond 742, opis 94, delo 18. "
        "Translated by Daniel Example.",
        "cross_refs": [],
        "absent": WC_FURNITURE,
    },
    "wc_memo_two_paragraph_summary.txt": {
        "title": "Memorandum of the Polish Ministry of Internal Affairs on the Strikes on the Coast",
        "date": ("1980-09-17", "September 17, 1980"),
        # "Obtained and translated for CWIHP by …": the translator follows a lower-case "translated"
        "translators": ["Małgorzata Wzór"],
        "summary": "An assessment by the Ministry of Internal Affairs of the strikes in Gdańsk, Gdynia and Szczecin "
        "and of the new independent trade unions. The memorandum proposes measures to limit the influence of the "
        "Inter-Factory Strike Committee on the workers of other regions.",
        "original_language": "Polish",
        "url": "https://digitalarchive.wilsoncenter.org/document/113722",
        # a lettered list keeps one paragraph a point; the signer's function, signature and place-date close it
        "types": ["head", "p", "p", "p", "p", "p", "p", "p", "closer", "closer", "closer"],
        "texts": {
            3: "The Ministry proposes the following measures:",
            4: "a) to strengthen the operational groups in the shipyards of Gdańsk and Gdynia;",
            8: "Director of the Department",
            9: "Col. J. Przykładowski",
            10: "Warsaw, 17.09.1980",
        },
        "notes_at": {
            "1": (1, "The agreements signed at the end of August", None),
            "2": (2, 'speak of "self-governing unions"', None),
            "3": (5, "to other regions;", None),
            "4": (6, "with KOR.", None),
        },
        "diagnostics": [],
        "no_diagnostics": ["paragraph-joined"],
        "source": "Instytut Pamięci Narodowej, MSW II 1583. Obtained and translated for CWIHP by Małgorzata Wzór.",
        "cross_refs": ["14"],
        "absent": WC_FURNITURE + ["Original Scan"],
    },
    "oe_71_report_russian_initials.txt": {
        "title": "Report of the KGB to the CC CPSU on the Situation in Kabul",
        "number": "71",
        "date": ("1979-12-10", "Moscow, 10 December 1979"),
        "translators": ["Viktor Obrazets"],
        "collection": (
            "Moscow and the Afghan War",
            ["Petra Probe", "Viktor Obrazets"],
            "Fictional Academic Press",
            "2018",
        ),
        "headnote": 1,
        "body_numbers": [str(n) for n in range(2, 9)],
        "starts": {"2": "Top Secret", "3": "To the CC CPSU", "7": "Yu. Andropov", "8": "Moscow, 10 December 1979"},
        "speakers": {"4": (None, None), "7": (None, None)},
        # a Russian signature with a two-letter initial ("Yu.") and the place-date line close the report
        "types": {"6": "p", "7": "closer", "8": "closer"},
        "notes": {
            "1": ("4", "grown weaker in recent weeks.", "editor"),
            "2": ("5", "chargé d’affaires twice.", "editor"),
        },
        # no date above the text: the closing "Moscow, 10 December 1979" dates it, and the parser says so
        "diagnostics": [("date-from-closer", 31)],
        "source": "Archive of the President of the Russian Federation, Fond 3, Opis 82, Delo 176. "
        "Translated by Viktor Obrazets.",
        "cross_refs": ["69"],
        "absent": OE_FURNITURE + ["PROBE"],
    },
    "wc_mikoyan_budapest.txt": {
        "title": "Report from A. Mikoyan and M. Suslov from Budapest",
        "date": ("1956-10-24", "October 24, 1956"),
        "translators": ["Johanna Granville"],
        "summary": "Mikoyan and Suslov report on their first day in Budapest and their talks with Gerő and Nagy.",
        "original_language": "Russian",
        "url": "https://digitalarchive.wilsoncenter.org/document/110999",
        # two signatures in one block and a date in Roman-numeral month close the telegram
        "types": ["head", "p", "p", "p", "p", "p", "p", "p", "p", "closer", "closer", "closer"],
        "texts": {
            1: "Special No. 1",
            5: "(a) Nagy will speak on the radio tonight;",
            7: "(c) the Soviet troops will not enter the districts of the workers.",
            9: "A. Mikoyan",
            10: "M. Suslov",
            11: "24.X.56",
        },
        "notes_at": {
            "1": (2, "stand at the main crossings.", None),
            "2": (6, "until the morning of 26 October;", None),
        },
        "diagnostics": [],
        "no_diagnostics": ["paragraph-joined"],
        "source": "RGANI, fond 89, opis 45, delo 2. Translated by Johanna Granville.",
        "cross_refs": [],
        "absent": WC_FURNITURE + ["Original Scan"],
    },
}


def parse(name: str) -> Document:
    return parse_path(FIXTURES / name)


Check = Callable[[Document], None]


def _field(key: str, want: Any) -> Check:
    def check(doc: Document) -> None:
        got = getattr(doc, key)
        assert got == want, f"{key}: {got!r}"

    return check


def _date(want: tuple[str, str]) -> Check:
    def check(doc: Document) -> None:
        assert doc.date is not None and (doc.date.when, doc.date.text) == want, doc.date

    return check


def _collection(want: tuple[str, list[str], str | None, str | None]) -> Check:
    def check(doc: Document) -> None:
        c = doc.collection
        assert c is not None and (c.title, c.editors, c.publisher, c.year) == want, c

    return check


def _oe_checks(want: dict[str, Any]) -> list[tuple[str, Check]]:
    checks: list[tuple[str, Check]] = [("number", _field("number", want["number"]))]
    checks.append(("collection", _collection(want["collection"])))

    def headnote(doc: Document) -> None:
        assert len(doc.headnote) == want["headnote"], [b.n for b in doc.headnote]

    def numbers(doc: Document) -> None:
        assert [b.n for b in doc.body] == want["body_numbers"]

    checks += [("headnote", headnote), ("body_numbers", numbers)]
    for n, start in want["starts"].items():

        def starts(doc: Document, n: str = n, start: str = start) -> None:
            assert block_n(doc, n).text.startswith(start), block_n(doc, n).text[:60]

        checks.append((f"starts-{n}", starts))
    for n, (speaker, note) in want["speakers"].items():

        def speaks(doc: Document, n: str = n, speaker: str | None = speaker, note: str | None = note) -> None:
            b = block_n(doc, n)
            assert (b.speaker, b.speaker_note) == (speaker, note)

        checks.append((f"speaker-{n}", speaks))
    for n, kind in want.get("types", {}).items():

        def typed(doc: Document, n: str = n, kind: str = kind) -> None:
            assert block_n(doc, n).type == kind

        checks.append((f"type-{n}", typed))
    for n, (para, after, resp) in want["notes"].items():

        def anchored(doc: Document, n: str = n, para: str = para, after: str = after, resp: str = resp) -> None:
            f = next(f for f in doc.footnotes if f.n == n)
            assert f.resp == resp
            called_in = [b.n for b in doc.headnote + doc.body if any(r.n == n for r in b.notes)]
            assert called_in == [para]
            assert (call_after(block_n(doc, para), n) or "").endswith(after)

        checks.append((f"note-{n}", anchored))
    return checks


def _wc_checks(want: dict[str, Any]) -> list[tuple[str, Check]]:
    checks: list[tuple[str, Check]] = [(k, _field(k, want[k])) for k in ("summary", "original_language", "url")]

    def types(doc: Document) -> None:
        assert doc.headnote == []
        assert [b.type for b in doc.body] == want["types"]

    checks.append(("types", types))
    for i, text in want["texts"].items():

        def texts(doc: Document, i: int = i, text: str = text) -> None:
            assert doc.body[i].text == text, doc.body[i].text[:80]

        checks.append((f"text-{i}", texts))
    for i, start in want.get("text_starts", {}).items():

        def starts(doc: Document, i: int = i, start: str = start) -> None:
            assert doc.body[i].text.startswith(start), doc.body[i].text[:80]

        checks.append((f"starts-{i}", starts))
    for i, (speaker, note) in want.get("speakers_at", {}).items():

        def speaks(doc: Document, i: int = i, speaker: str | None = speaker, note: str | None = note) -> None:
            assert (doc.body[i].speaker, doc.body[i].speaker_note) == (speaker, note)

        checks.append((f"speaker-{i}", speaks))
    for n, (index, after, resp) in want["notes_at"].items():

        def anchored(
            doc: Document, n: str = n, index: int = index, after: str = after, resp: str | None = resp
        ) -> None:
            f = next(f for f in doc.footnotes if f.n == n)
            assert f.resp == resp
            assert [i for i, b in enumerate(doc.body) if any(r.n == n for r in b.notes)] == [index]
            assert (call_after(doc.body[index], n) or "").endswith(after)

        checks.append((f"note-{n}", anchored))
    return checks


def expectations(name: str) -> list[tuple[str, Check]]:
    """Every fact a correct parse of fixture `name` shows, each as (label, check)."""
    want = EXPECTED[name]
    fmt = "openedition" if name.startswith("oe_") else "wilson-center"
    checks: list[tuple[str, Check]] = [
        ("format", _field("source_format", fmt)),
        ("title", _field("title", want["title"])),
        ("date", _date(want["date"])),
        ("translators", _field("translators", want["translators"])),
        ("source", _field("source", want["source"])),
        ("cross_refs", _field("cross_refs", want["cross_refs"])),
    ]
    checks += _oe_checks(want) if fmt == "openedition" else _wc_checks(want)

    def notes(doc: Document) -> None:
        key = "notes" if fmt == "openedition" else "notes_at"
        assert [f.n for f in doc.footnotes] == list(want[key])

    def diagnostics(doc: Document) -> None:
        got = {(d.code, d.line) for d in doc.diagnostics}
        assert set(want["diagnostics"]) <= got, sorted(got, key=str)
        warnings = {(d.code, d.line) for d in doc.diagnostics if d.level != "info"}
        assert warnings <= set(want["diagnostics"]), f"unexpected warnings {sorted(warnings, key=str)}"
        for code in want.get("no_diagnostics", []):
            assert code not in {d.code for d in doc.diagnostics}, code

    def furniture(doc: Document) -> None:
        reading = [b.text for b in doc.headnote + doc.body] + [f.text for f in doc.footnotes]
        reading += [doc.title or "", doc.source or "", doc.summary or ""]
        for word in want["absent"]:
            hits = [t for t in reading if (t == word if word == "Plan" else word in t)]
            assert not hits, f"{word!r} left in {hits[0][:80]!r}"

    def nothing_lost(doc: Document) -> None:
        assert not missing_characters((FIXTURES / name).read_text(encoding="utf-8"), doc)

    checks += [("notes", notes), ("diagnostics", diagnostics), ("furniture", furniture), ("faithful", nothing_lost)]
    return checks


CASES = [(name, label) for name in sorted(EXPECTED) for label, _ in expectations(name)]


def test_every_fixture_has_expectations() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize(("name", "label"), CASES, ids=[f"{n[:-4]}-{label}" for n, label in CASES])
def test_expectation(name: str, label: str) -> None:
    check = dict(expectations(name))[label]
    check(parse(name))


def table() -> list[tuple[str, int, int, list[str]]]:
    """(fixture, passed, failed, failed labels) for every held-out transcript."""
    rows = []
    for name in sorted(EXPECTED):
        doc = parse(name)
        failed = []
        for label, check in expectations(name):
            try:
                check(doc)
            except (AssertionError, StopIteration, IndexError) as err:
                failed.append(f"{label}: {str(err)[:70]}")
        total = len(expectations(name))
        rows.append((name, total - len(failed), len(failed), failed))
    return rows


if __name__ == "__main__":
    for name, ok, bad, failed in table():
        print(f"{name:40} pass {ok:3}  fail {bad:3}")
        for f in failed:
            print(f"    {f}")
    sys.exit(0)


def test_closing_rules_do_not_take_prose_or_a_mid_text_date() -> None:
    """Only the run of closing lines at the very end is a closer; a sentence holding a date stays a paragraph."""
    text = (
        "Classic versionMobile version\n\nA Collection\n\nAn Editor\n\n\n"
        "Document No. 5: Letter of the Ministry\n\nFull text\n\n"
        "1The editor introduces the letter in one paragraph of prose.\n\n\n\n"
        "2Dear comrades,\n\n3Moscow, 4 May 1972\n\n"
        "4The delegation arrived in Moscow on 4 May 1972 and left the next day.\n\n"
        "5[Source: An archive.]\n"
    )
    doc = parse_source(SourceFile("letter.txt", text.encode()))
    assert [b.type for b in doc.body] == ["p", "p", "p"]
    assert doc.date is None
    assert "date-unparsed" in {d.code for d in doc.diagnostics}
