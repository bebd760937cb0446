"""Render helpers: relative links, footnote calls, linked spans and their nesting, citation formats."""

from __future__ import annotations

import json
from pathlib import Path

from edition_builder import render, urls
from edition_builder.model import (
    Block,
    Collection,
    DateRef,
    Document,
    DocumentLinks,
    Footnote,
    Index,
    Mention,
    NoteRef,
    Person,
    Registers,
    Span,
    Term,
)

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = {"gorbachev": Person("gorbachev", "Mikhail Gorbachev", "Gorbachev, Mikhail")}
TERMS = {"cpsu": Term("cpsu", "CPSU", "Communist Party of the Soviet Union")}


def ctx(notes: set[str] | None = None) -> render.TextContext:
    return render.TextContext("documents/d1/index.html", PEOPLE, TERMS, notes or {"1", "2"})


def test_relative_links_from_nested_pages_and_the_root() -> None:
    assert urls.relative("documents/d1/index.html", urls.person_page("gorbachev")) == "../../people/gorbachev/"
    assert urls.relative("documents/d1/index.html", "index.html") == "../../"
    assert urls.relative("index.html", urls.document_page("d1")) == "documents/d1/"
    assert urls.relative("people/index.html", "people/index.html") == "./"
    assert urls.relative("documents/d1/index.html", urls.document_ris("d1")) == "d1.ris"
    assert urls.relative("search/index.html", "static/search.js") == "../static/search.js"


def test_a_footnote_call_links_to_its_note_and_a_second_call_gets_its_own_id() -> None:
    c = ctx()
    first = render.note_call_html("1", c)
    assert first == ('<sup class="fn-call"><a href="#fn1" id="fnref1" role="doc-noteref" data-note="fn1">1</a></sup>')
    assert 'id="fnref1-2"' in render.note_call_html("1", c)
    assert render.note_call_html("9", c) == '<sup class="fn-call fn-missing">9</sup>', "no link to a missing note"


def test_spans_become_person_links_abbreviations_and_times_with_calls_in_place() -> None:
    text = "Gorbachev told the CPSU on 1989-02-14 that it would change."
    spans = [Span("person", "gorbachev", 0, 9), Span("term", "cpsu", 19, 23), Span("date", "x", 27, 37, "1989-02-14")]
    out = str(render.annotate(text, spans, [NoteRef("1", 23), NoteRef("2", len(text))], ctx()))
    assert out.startswith('<a class="person" href="../../people/gorbachev/">Gorbachev</a> told the ')
    assert '<abbr title="Communist Party of the Soviet Union">CPSU</abbr><sup class="fn-call">' in out
    assert '<time datetime="1989-02-14">1989-02-14</time>' in out
    assert out.endswith(
        'change.<sup class="fn-call"><a href="#fn2" id="fnref2" role="doc-noteref" data-note="fn2">2</a></sup>'
    )


def test_a_call_inside_a_person_link_splits_the_link_and_never_nests_links() -> None:
    text = "Mikhail Gorbachev spoke."
    out = str(render.annotate(text, [Span("person", "gorbachev", 0, 17)], [NoteRef("1", 7)], ctx()))
    assert out.count('<a class="person"') == 2
    assert out.index("</a><sup") < out.index('<a href="#fn1"')
    # a link opened inside another one would be invalid HTML: check every <a> closes before the next opens
    depth = 0
    for token in out.replace("<a ", "\0<a ").replace("</a>", "\0</a>").split("\0"):
        depth += token.startswith("<a ") - token.startswith("</a>")
        assert depth in (0, 1)


def test_crossing_and_unknown_spans_are_left_out_and_text_is_escaped() -> None:
    text = "<b> & CPSU Gorbachev"
    spans = [
        Span("term", "cpsu", 6, 10),
        Span("person", "gorbachev", 8, 20),  # crosses the abbreviation: dropped
        Span("person", "nobody", 11, 20),  # not in the register: no markup
        Span("term", "cpsu", 15, 99),  # outside the text: dropped
    ]
    out = str(render.annotate(text, spans, [], ctx()))
    assert out == '&lt;b&gt; &amp; <abbr title="Communist Party of the Soviet Union">CPSU</abbr> Gorbachev'


def test_abbreviation_inside_a_person_span_nests() -> None:
    text = "CPSU chief Gorbachev"
    spans = [Span("person", "gorbachev", 0, 20), Span("term", "cpsu", 0, 4)]
    out = str(render.annotate(text, spans, [], ctx()))
    assert out == (
        '<a class="person" href="../../people/gorbachev/"><abbr title="Communist Party of the Soviet Union">'
        "CPSU</abbr> chief Gorbachev</a>"
    )


def _doc() -> Document:
    return Document(
        id="doc-41",
        source_format="openedition",
        title="Memorandum on Strategy",
        number="41",
        date=DateRef("1989-02", "February 1989"),
        translators=["Svetlana Savranskaya"],
        collection=Collection("Masterpieces of History", ["S. Savranskaya"], "CEU Press", "2010"),
        body=[Block("p", "Text about the CPSU.", n="12", notes=[NoteRef("1", 20)])],
        footnotes=[Footnote("1", "A note.", "editor")],
        source="Archive of the Gorbachev Foundation.",
    )


SITE = render.SiteInfo(
    title="The End of the Bloc",
    subtitle="",
    editors=("Ann Editor", "Bob Editor"),
    licence="CC BY 4.0",
    licence_url="",
    base_url="https://example.org/ed/",
    language="en",
    about_markdown="Hello *world*.",
    publisher="Edition Builder",
)


def test_citation_formats_carry_the_same_facts() -> None:
    c = render.make_citation(_doc(), SITE)
    assert c.url == "https://example.org/ed/documents/doc-41/"
    chicago = render.chicago_text(c)
    assert chicago == (
        "“Memorandum on Strategy.” February 1989. Document No. 41 in Masterpieces of History. "
        "Translated by Svetlana Savranskaya. In The End of the Bloc, edited by Ann Editor and Bob Editor. "
        "Edition Builder. https://example.org/ed/documents/doc-41/."
    )
    assert "<i>The End of the Bloc</i>" in str(render.chicago_html(c))
    bib = render.bibtex(c)
    assert bib.startswith("@misc{doc41,\n") and bib.endswith("}\n")
    assert "  date = {1989-02},\n" in bib and "  editor = {Ann Editor and Bob Editor},\n" in bib
    (item,) = render.csl_json(c)
    assert item["issued"] == {"date-parts": [[1989, 2]]} and item["type"] == "document"
    assert item["translator"] == [{"literal": "Svetlana Savranskaya"}]
    ris = render.ris(c)
    lines = ris.split("\r\n")
    assert lines[0] == "TY  - GEN" and "DA  - 1989/02/" in lines and "ER  -" in lines
    assert "UR  - https://example.org/ed/documents/doc-41/" in lines
    assert render.highwire_date("1989-02-14") == "1989/02/14"
    assert render.human_date("1989-02-14") == "14 February 1989"


def test_bibtex_escapes_special_characters() -> None:
    doc = _doc()
    doc.title = "Costs of 50% & more_{x}"
    assert "title = {Costs of 50\\% \\& more\\_\\{x\\}}" in render.bibtex(render.make_citation(doc, SITE))


def test_render_site_gives_pages_citation_files_and_linked_text() -> None:
    env = render.make_environment(ROOT / "templates")
    doc = _doc()
    links = DocumentLinks(
        people=[Mention("gorbachev", 1)],
        terms=[Mention("cpsu", 1)],
        spans={("body", 0): [Span("term", "cpsu", 15, 19)]},
    )
    registers = Registers(people=tuple(PEOPLE.values()), glossary=tuple(TERMS.values()))
    pages = render.render_site(env, SITE, [doc], Index(documents={"doc-41": links}), registers)
    page = pages["documents/doc-41/index.html"]
    assert '<p id="p12"><a class="pn" href="#p12"' in page
    assert '<abbr title="Communist Party of the Soviet Union">CPSU</abbr>.<sup class="fn-call">' in page
    assert '<li id="fn1">' in page and 'href="#fnref1"' in page
    assert '<meta name="citation_title" content="Memorandum on Strategy">' in page
    assert '<meta name="DC.date" content="1989-02">' in page
    assert 'data-pagefind-filter="person:Mikhail Gorbachev"' in page
    assert 'data-pagefind-sort="date:1989-02"' in page
    assert json.loads(pages["documents/doc-41/doc-41.csl.json"])[0]["number"] == "41"
    assert pages["documents/doc-41/doc-41.ris"].startswith("TY  - GEN\r\n")
    person = pages["people/gorbachev/index.html"]
    assert 'href="../../documents/doc-41/"' in person and "1 mention" in person
    for section in ("glossary/index.html", "chronology/index.html", "people/index.html", "topics/index.html"):
        assert section in pages
    assert "<em>world</em>" in pages["index.html"]
    assert "https://example.org/ed/people/gorbachev/" in pages["sitemap.xml"]


def test_markdown_shows_raw_html_as_text() -> None:
    assert str(render.render_markdown("<script>x</script> *a*")) == "<p>&lt;script&gt;x&lt;/script&gt; <em>a</em></p>\n"


def test_documents_without_printed_numbers_get_edition_numbers_and_unique_anchors() -> None:
    doc = Document(
        id="x",
        source_format="plain",
        body=[Block("head", "Part"), Block("p", "One."), Block("p", "Two."), Block("closer", "Signed")],
    )
    _, body, _ = render.block_views(doc, DocumentLinks(), ctx(set()))
    assert [(v.anchor, v.number, v.editorial_number) for v in body] == [
        ("s1", None, False),
        ("p1", "1", True),
        ("p2", "2", True),
        (None, None, False),
    ]


def test_an_editors_correction_follows_the_printed_word_inside_the_person_link() -> None:
    text = "Gorbachvv agreed."
    spans = [Span("person", "gorbachev", 0, 9), Span("corr", "Gorbachev", 0, 9)]
    out = str(render.annotate(text, spans, [], ctx()))
    assert out == (
        '<a class="person" href="../../people/gorbachev/"><span class="sic" title="So printed; the editor reads'
        ' “Gorbachev”">Gorbachvv</span> <ins class="corr">[Gorbachev]</ins></a> agreed.'
    )
