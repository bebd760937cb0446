"""TEI P5 export and import: validity against tei_all, exact round trip, inline markup, registers, download.

Golden files: tests/golden/tei/<document id>.xml hold the demo build's TEI, compared byte for byte.
After an intended change of the TEI (or of the parsers), regenerate them and review the diff:

    .venv/bin/pytest tests/test_tei.py --regen-golden
"""

from __future__ import annotations

import difflib
import io
import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from edition_builder import build as build_api
from edition_builder import tei
from edition_builder.model import (
    Block,
    Collection,
    Correction,
    DateRef,
    Document,
    DocumentLinks,
    Footnote,
    Mention,
    NoteRef,
    Person,
    Registers,
    Role,
    Span,
    Term,
    Topic,
)

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "editions" / "demo"
GOLDEN = Path(__file__).resolve().parent / "golden" / "tei"
NS = {"t": tei.TEI_NS}

# What the TEI carries of a record; people/topics/dates_mentioned come from linking, removed and
# diagnostics from parsing, and none of them is read back from TEI.
NOT_IN_TEI = ("people", "topics", "dates_mentioned", "removed", "diagnostics")

SETTINGS = dict(
    edition_title="Test Edition",
    editors=("Ada Editor", "Ben Editor"),
    publisher="Test Press",
    licence="CC BY 4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
    language="en",
    registers_url="https://example.org/data/registers.xml",
    document_url=lambda doc_id: f"https://example.org/documents/{doc_id}/",
)


def carried(doc: Document) -> dict:
    """The part of a record that must survive document → TEI → document."""
    record = doc.to_record()
    return {k: v for k, v in record.items() if k not in NOT_IN_TEI}


def assert_valid(schema: etree.RelaxNG, data: bytes, name: str) -> None:
    """Validate against tei_all, showing every error with its line when it fails."""
    ok = schema.validate(etree.ElementTree(etree.fromstring(data)))
    log = "\n".join(f"{name}:{e.line}: {e.message}" for e in schema.error_log)
    assert ok, f"{name} is not valid TEI:\n{log}"


def round_trip(doc: Document, links: DocumentLinks | None = None) -> tuple[bytes, Document]:
    data = tei.document_to_tei(doc, links, url=f"https://example.org/documents/{doc.id}/", **SETTINGS)
    return data, tei.tei_to_document(data, doc.path or f"{doc.id}.xml")


# --- the demo build ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tei") / "site"
    build_api.build(DEMO, out=out)
    return out


def demo_tei_files(site: Path) -> list[Path]:
    return sorted(site.glob("documents/*/*.xml"))


def test_every_demo_tei_file_validates(demo_site: Path, tei_schema: etree.RelaxNG) -> None:
    files = demo_tei_files(demo_site) + [demo_site / "data" / "registers.xml"]
    assert len(files) >= 6
    for path in files:
        assert_valid(tei_schema, path.read_bytes(), path.relative_to(demo_site).as_posix())


def test_demo_tei_keeps_every_block_text(demo_site: Path) -> None:
    """The text of each TEI file, minus markup, gives back the JSON record's text exactly."""
    for path in demo_tei_files(demo_site):
        back = tei.tei_to_document(path.read_bytes(), path.name)
        original = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert [b["text"] for b in original["body"]] == [b.text for b in back.body], path.name
        assert [f["text"] for f in original["footnotes"]] == [f.text for f in back.footnotes], path.name


def test_download_zip_holds_every_tei_file_and_a_readme(demo_site: Path) -> None:
    zips = sorted((demo_site / "data").glob("*-tei.zip"))
    assert [z.name for z in zips] == ["demo-tei.zip"]
    with zipfile.ZipFile(zips[0]) as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())
        assert "demo-tei/README.txt" in names and "demo-tei/registers.xml" in names
        readme = zf.read("demo-tei/README.txt").decode("utf-8")
        assert "CC BY 4.0" in readme and "https://example.github.io/edition-builder/" in readme
        for path in demo_tei_files(demo_site):
            assert zf.read(f"demo-tei/documents/{path.stem}.xml") == path.read_bytes()
        assert zf.read("demo-tei/registers.xml") == (demo_site / "data" / "registers.xml").read_bytes()


def test_edition_zip_is_byte_deterministic() -> None:
    files = {"b.xml": b"<b/>", "a/c.xml": b"<c/>"}
    one = tei.edition_zip(files, "read me", folder="ed-tei")
    two = tei.edition_zip(dict(reversed(list(files.items()))), "read me", folder="ed-tei")
    assert one == two
    with zipfile.ZipFile(io.BytesIO(one)) as zf:
        assert zf.namelist() == ["ed-tei/README.txt", "ed-tei/a/c.xml", "ed-tei/b.xml"]
        assert zf.read("ed-tei/a/c.xml") == b"<c/>"


def test_golden_tei_of_the_demo_edition(demo_site: Path, regen_golden: bool) -> None:
    produced = {p.name: p.read_bytes() for p in demo_tei_files(demo_site)}
    if regen_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for stale in GOLDEN.glob("*.xml"):
            if stale.name not in produced:
                stale.unlink()
        for name, data in produced.items():
            (GOLDEN / name).write_bytes(data)
    golden = {p.name: p.read_bytes() for p in sorted(GOLDEN.glob("*.xml"))}
    assert sorted(golden) == sorted(produced), "documents differ from the golden set; run with --regen-golden"
    for name, data in produced.items():
        if data != golden[name]:
            diff = difflib.unified_diff(
                golden[name].decode().splitlines(), data.decode().splitlines(), "golden", "built", lineterm="", n=0
            )
            shown = "\n".join(line[:300] for line in list(diff)[:20])
            pytest.fail(f"{name} differs from tests/golden/tei/{name}; review, then --regen-golden:\n{shown}")


# --- round trip --------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((ROOT / "corpus").glob("*.txt")), ids=lambda p: p.name)
def test_corpus_documents_round_trip(path: Path, tei_schema: etree.RelaxNG) -> None:
    doc = build_api.parse_file(path)
    data, back = round_trip(doc)
    assert_valid(tei_schema, data, path.name)
    assert carried(back) == carried(doc)


def rich_document() -> tuple[Document, DocumentLinks]:
    """A document exercising every TEI construct: speakers, notes, heads, closers, brackets, links."""
    turn = "Gorbachev thinks [that] we […] lost 493 percent [sic] in 1987, see Document No. 41 and CMEA."
    doc = Document(
        id="doc-53",
        source_format="openedition",
        number="53",
        title="Record of Conversation",
        date=DateRef("1989-02-24", "February 24, 1989"),
        authors=["Anatoly Chernyaev"],
        translators=["Svetlana Savranskaya", "Anna Melyakova"],
        collection=Collection("Masterpieces of History", ["S. Savranskaya", "T. Blanton"], "CEU Press", "2010"),
        url="https://books.openedition.org/ceup/2600",
        summary="Gorbachev on the bloc.",
        original_language="Russian",
        headnote=[Block("p", "The editors [our] note.", notes=[NoteRef("1", 10)])],
        body=[
            Block("head", "Part One", n=None),
            Block(
                "p",
                turn,
                n="1",
                speaker="Gorbachev",
                speaker_note="(General Secretary)",
                notes=[NoteRef("2", 0), NoteRef("3", 9), NoteRef("2", len(turn))],
            ),  # fmt: skip
            Block("p", "And he went on.", n="2"),
            Block("p", "Kohl: Agreed.", n="3", speaker="Kohl"),
            Block("closer", "Signed, Chernyaev", notes=[NoteRef("9", 7)]),
            Block("p", "A postscript after the closer.", n="4"),
            Block("head", "Annex"),
        ],
        footnotes=[
            Footnote("1", "An editorial note [sic] about Gorbachev.", "editor"),
            Footnote("2", "A note of the original.", "original"),
            Footnote("3", "A note of unknown origin.", None),
            Footnote("4", "A note no call points to.", "editor"),
        ],
        source="Archive of the Gorbachev Foundation, Fond 1, opis 1.",
        cross_refs=["41", "99"],
    )
    start = turn.index("CMEA")
    links = DocumentLinks(
        topics=[Mention("economy", 2)],
        cross_refs={"41": "doc-41", "99": None},
        spans={
            ("body", 1): [
                Span("person", "gorbachev", 0, 9),
                Span("date", "1987", turn.index("1987"), turn.index("1987") + 4, when="1987"),
                Span("term", "cmea", start, start + 4),
                Span("topic", "economy", start, start + 4),
                Span("person", "crossing", 5, 20),  # crosses the first span: must be dropped, not break XML
            ],
            ("footnotes", 0): [Span("person", "gorbachev", 30, 39)],
        },
        speakers={("body", 1): "gorbachev"},
    )
    return doc, links


def test_rich_document_validates_and_round_trips(tei_schema: etree.RelaxNG) -> None:
    doc, links = rich_document()
    data, back = round_trip(doc, links)
    assert_valid(tei_schema, data, "rich")
    assert carried(back) == carried(doc)


def test_rich_document_markup() -> None:
    doc, links = rich_document()
    data, _ = round_trip(doc, links)
    root = etree.fromstring(data)

    def one(xpath: str) -> etree._Element:
        found = root.xpath(xpath, namespaces=NS)
        assert len(found) == 1, f"{xpath}: {len(found)} matches"
        return found[0]

    assert one("//t:titleStmt/t:title[@type='main']").text == "Record of Conversation"
    assert [n.text for n in root.xpath("//t:respStmt[t:resp='translated by']/t:name", namespaces=NS)] == [
        "Svetlana Savranskaya",
        "Anna Melyakova",
    ]
    assert one("//t:publicationStmt/t:idno[@type='URI']").text == "https://example.org/documents/doc-53/"
    assert one("//t:licence").get("target") == "https://creativecommons.org/licenses/by/4.0/"
    assert one("//t:sourceDesc/t:biblStruct//t:imprint/t:publisher").text == "CEU Press"
    assert one("//t:sourceDesc/t:bibl[@type='archival']").text.startswith("Archive of the Gorbachev")
    assert one("//t:creation/t:date").get("when") == "1989-02-24"
    assert one("//t:language[@n='original']").get("ident") == "ru"
    assert one("//t:keywords/t:term").get("ref") == "https://example.org/data/registers.xml#topic-economy"
    assert one("//t:front/t:argument/t:p").text == "Gorbachev on the bloc."
    # structure: a closer ends a division, a head opens one, so the body is split into sections
    assert [d.get("type") for d in root.xpath("//t:body/t:div", namespaces=NS)] == ["section"] * 3
    sp = one("//t:sp[t:speaker='Gorbachev(General Secretary)']")
    assert sp.get("who") == "#speaker-gorbachev"
    assert [p.get("n") for p in sp.xpath("t:p", namespaces=NS)] == ["1", "2"]  # p 2 continues the turn
    assert one("//t:person[@xml:id='speaker-gorbachev']").get("sameAs").endswith("#person-gorbachev")
    # notes at their calls, typed; the second call of note 2 points to it; the uncalled note goes to the back
    note2 = one("//t:p[@n='1']/t:note[@n='2']")
    assert note2.get("type") == "original" and note2.get("place") == "foot"
    assert one("//t:p[@n='1']/t:ptr[@type='note-call']").get("target") == "#" + note2.get(f"{{{tei.XML_NS}}}id")
    assert one("//t:front//t:note[@n='1']").get("type") == "editorial"
    assert one("//t:note[@n='3']").get("type") is None
    assert one("//t:back/t:div[@type='notes']/t:note").get("n") == "4"
    assert one("//t:closer/t:anchor[@type='note-call']").get("n") == "9"  # a call whose note is missing
    # editorial marks around the text, never instead of it
    assert one("//t:p[@n='1']/t:supplied").text == "that"
    assert one("//t:p[@n='1']/t:gap").get("reason") == "omitted"
    assert one("//t:p[@n='1']/t:sic").text == "percent"
    assert one("//t:p[@n='1']/t:date").get("when") == "1987"
    assert one("//t:p[@n='1']/t:ref[@type='cross-ref']").get("target") == "https://example.org/documents/doc-41/"
    assert one("//t:p[@n='1']/t:persName").get("ref").endswith("#person-gorbachev")
    topic = one("//t:p[@n='1']//t:rs[@type='topic']")
    assert "".join(topic.itertext()) == "CMEA"
    assert one("//t:note[@n='1']/t:persName").text == "Gorbachev"
    assert one("//t:note[@n='1']/t:sic").text == "note"
    assert one("//t:relatedItem[@n='99']/t:ref").get("target") is None


@pytest.mark.parametrize(
    "doc",
    [
        Document(id="empty", source_format="plain"),
        Document(id="000-heads-only", source_format="plain", body=[Block("head", "A"), Block("head", "B")]),
        Document(id="closer-first", source_format="plain", body=[Block("closer", "Yours"), Block("p", "Then")]),
        Document(
            id="odd-dates",
            source_format="markdown",
            kind="essay",
            title=None,
            date=DateRef("1989/1990", "1989–90"),
            collection=Collection(),
            body=[Block("p", "x")],
        ),
        Document(id="season", source_format="plain", date=DateRef("1989-21", "Spring 1989"), body=[Block("p", "y")]),
        Document(id="undated", source_format="plain", date=DateRef(None, "n.d."), body=[Block("p", "z")]),
        Document(
            id="notes-out-of-order",
            source_format="article",
            body=[Block("p", "Later first.", notes=[NoteRef("2", 5), NoteRef("1", 12)])],
            footnotes=[Footnote("1", "one"), Footnote("2", "two")],
        ),
        Document(
            id="same-number-twice",
            source_format="article",
            body=[Block("p", "a b", notes=[NoteRef("1", 1)]), Block("p", "c d", notes=[NoteRef("1", 1)])],
            footnotes=[Footnote("1", "first series", "original"), Footnote("1", "second series", "editor")],
        ),
        Document(
            id="call-in-gap",
            source_format="plain",
            body=[Block("p", "cut [...] here [Footnote in the original.]", notes=[NoteRef("1", 6)])],
            footnotes=[Footnote("1", "inside the gap")],
        ),
        Document(
            id="speaker-note-only",
            source_format="plain",
            body=[Block("p", "t", speaker=None, speaker_note="(aside)"), Block("quote", "A quotation.")],
        ),
    ],
    ids=lambda d: d.id,
)
def test_edge_cases_validate_and_round_trip(doc: Document, tei_schema: etree.RelaxNG) -> None:
    data, back = round_trip(doc)
    assert_valid(tei_schema, data, doc.id)
    assert carried(back) == carried(doc)


def test_export_is_deterministic() -> None:
    doc, links = rich_document()
    assert round_trip(doc, links)[0] == round_trip(*rich_document())[0]


def test_call_inside_a_gap_drops_the_gap_not_the_call() -> None:
    doc = Document(
        id="g", source_format="plain", body=[Block("p", "cut […] here", notes=[NoteRef("1", 6)])],
        footnotes=[Footnote("1", "n")],
    )  # fmt: skip
    root = etree.fromstring(round_trip(doc)[0])
    assert root.xpath("//t:gap", namespaces=NS) == []
    assert root.xpath("//t:p/t:note/@n", namespaces=NS) == ["1"]


def test_long_bracketed_remark_is_not_marked_supplied() -> None:
    text = "Text [Footnote in the original.] [the] plan [i.e., a new “Marshall Plan”]"
    doc = Document(id="r", source_format="plain", body=[Block("p", text)])
    root = etree.fromstring(round_trip(doc)[0])
    assert root.xpath("//t:supplied/text()", namespaces=NS) == ["the"]


# --- TEI as an input format -----------------------------------------------------------------


def test_tei_file_is_read_by_parse_file_with_its_sidecar(tmp_path: Path) -> None:
    doc, links = rich_document()
    data, _ = round_trip(doc, links)
    path = tmp_path / "doc-53.xml"
    path.write_bytes(data)
    assert carried(build_api.parse_file(path)) == carried(doc)
    path.with_suffix(".yaml").write_text("title: A better title\n", encoding="utf-8")
    parsed = build_api.parse_file(path)
    assert parsed.title == "A better title"
    assert any(d.code == "override" for d in parsed.diagnostics)


# --- registers ---------------------------------------------------------------------------


def hand_registers() -> Registers:
    return Registers(
        people=(
            Person(
                id="gorbachev",
                name="Mikhail Gorbachev",
                sort_name="Gorbachev, Mikhail",
                forms=("Gorbachev", "M. S. Gorbachev"),
                born="1931-03-02",
                died="2022",
                roles=(Role("General Secretary of the CPSU", "1985", "1991"), Role("Student", "c. 1950", None)),
                description="Soviet leader.",
                wikidata="Q30487",
                viaf="97083127",
            ),
            Person(id="9-unknown", name="Nobody", sort_name="Nobody"),
        ),
        topics=(Topic("economy", "Economy", "Trade and subsidies.", ("CMEA",)), Topic("army", "Army")),
        glossary=(Term("cmea", "CMEA", "Council for Mutual Economic Assistance", "Comecon.", ("Comecon",)),),
    )


def test_hand_made_registers_validate(tei_schema: etree.RelaxNG) -> None:
    data = tei.registers_to_tei(hand_registers(), edition_title="Test Edition", editors=("Ada Editor",))
    assert_valid(tei_schema, data, "registers")
    root = etree.fromstring(data)
    person = root.xpath("//t:listPerson/t:person[@xml:id='person-gorbachev']", namespaces=NS)[0]
    assert person.xpath("t:idno[@type='wikidata']/text()", namespaces=NS) == ["Q30487"]
    assert person.xpath("t:idno[@type='VIAF']/text()", namespaces=NS) == ["97083127"]
    assert person.xpath("t:birth/@when", namespaces=NS) == ["1931-03-02"]
    assert person.xpath("t:occupation[1]/@from", namespaces=NS) == ["1985"]
    assert person.xpath("t:occupation[2]/text()", namespaces=NS) == ["Student (c. 1950–)"]
    assert root.xpath("//t:person[2]/@xml:id", namespaces=NS) == ["person-9-unknown"]
    assert root.xpath("//t:taxonomy/t:category/@xml:id", namespaces=NS) == ["topic-economy", "topic-army"]
    item = root.xpath("//t:list[@type='abbreviations']/t:item", namespaces=NS)[0]
    assert item.xpath("t:abbr/text()", namespaces=NS) == ["CMEA", "Comecon"]
    assert item.xpath("t:expan/text()", namespaces=NS) == ["Council for Mutual Economic Assistance"]


def test_empty_registers_validate(tei_schema: etree.RelaxNG) -> None:
    assert_valid(tei_schema, tei.registers_to_tei(Registers()), "empty registers")


def test_characters_xml_cannot_hold_do_not_stop_the_export(tei_schema: etree.RelaxNG) -> None:
    doc = Document(id="ctl", source_format="plain", title="A\x0cB", body=[Block("p", "page\x0cbreak")])
    data, back = round_trip(doc)
    assert_valid(tei_schema, data, "ctl")
    assert (back.title, back.body[0].text) == ("A\ufffdB", "page\ufffdbreak")


def test_editor_corrections_become_choice_sic_corr_and_read_back(tei_schema: etree.RelaxNG) -> None:
    doc = Document(
        id="doc-9",
        source_format="openedition",
        title="Corrections",
        body=[Block("p", "I had a talk with Husdk and Husdk-like men; Husdk agreed.", n="1")],
        footnotes=[],
        corrections=[Correction("Husdk", "Husák")],
    )
    data, back = round_trip(doc)
    assert_valid(tei_schema, data, "corrections")
    root = etree.fromstring(data)
    choices = root.findall(".//t:body//t:choice", NS)
    # a whole word only: "Husdk-like" is corrected too (a hyphen ends a word), never inside a longer word
    assert [(c.findtext("t:sic", namespaces=NS), c.findtext("t:corr", namespaces=NS)) for c in choices] == [
        ("Husdk", "Husák")
    ] * 3
    assert back.body[0].text == doc.body[0].text, "the printed text stays the text"
    assert carried(back) == carried(doc)
