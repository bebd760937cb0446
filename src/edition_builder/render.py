"""Jinja2 environment, filters and page rendering; returns strings, writes nothing."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from . import urls
from .model import Block, Document, DocumentLinks, Index, Mention, NoteRef, Person, Registers, Span, Term


@dataclass(frozen=True)
class SiteInfo:
    """What templates need to know about the edition (kept apart from config to stay a pure stage)."""

    title: str
    subtitle: str
    editors: tuple[str, ...]
    licence: str
    licence_url: str
    base_url: str
    language: str
    about_markdown: str
    publisher: str = ""
    edition_name: str = ""
    # output path of the zip of all TEI files, when the build produces one
    download: str | None = None


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """The Jinja2 environment: autoescaping, strict undefined, our filters and globals."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["link"] = _link
    env.globals["section"] = _section
    env.globals["static"] = _static
    env.globals["bundle"] = _bundle
    env.globals["urls"] = urls
    env.filters["markdown"] = render_markdown
    env.filters["tojson_compact"] = lambda v: Markup(json.dumps(v, ensure_ascii=False, sort_keys=True))
    env.filters["jsonld"] = json_ld_script
    return env


@jinja2.pass_context
def _link(context: Any, target: str) -> str:
    """Relative URL from the page being rendered to an output path."""
    return urls.relative(context["page_path"], target)


@jinja2.pass_context
def _section(context: Any, name: str) -> str:
    """Relative URL of a top-level section page ("home", "chronology", "people", "search", …)."""
    return urls.relative(context["page_path"], urls.section_page(name))


@jinja2.pass_context
def _static(context: Any, name: str) -> str:
    """Relative URL of a static asset."""
    return urls.relative(context["page_path"], urls.static_file(name))


@jinja2.pass_context
def _bundle(context: Any, name: str) -> str:
    """Relative URL of a file of the Pagefind bundle."""
    return urls.relative(context["page_path"], urls.search_bundle(name))


_MD = MarkdownIt("commonmark", {"html": False, "typographer": False})


def render_markdown(text: str) -> Markup:
    """Editor-written Markdown (about.md) to HTML; raw HTML in it is shown as text, never run."""
    return Markup(_MD.render(text))


def json_ld_script(data: dict[str, Any]) -> Markup:
    """A JSON-LD object safe to put inside <script>: no '</' can close the element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return Markup(text.replace("</", "<\\/"))


# --- text with footnote calls and linked spans ------------------------------------------------------


@dataclass
class TextContext:
    """What annotating a document's text needs: the page, the registers and the notes that exist."""

    page_path: str
    people: dict[str, Person] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    note_ids: set[str] = field(default_factory=set)
    # how many calls of each note were rendered so far on this page (a note may be called twice)
    calls_seen: dict[str, int] = field(default_factory=dict)


_DATETIME = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _opener(span: Span, ctx: TextContext) -> tuple[str, str] | None:
    """The HTML tag (name, opening markup) a span becomes, or None when it gets no markup."""
    if span.kind == "person" and span.ref in ctx.people:
        href = urls.relative(ctx.page_path, urls.person_page(span.ref))
        return "a", f'<a class="person" href="{html.escape(href)}">'
    if span.kind == "term" and span.ref in ctx.terms:
        return "abbr", f'<abbr title="{html.escape(ctx.terms[span.ref].expansion)}">'
    if span.kind == "date" and span.when and _DATETIME.match(span.when):
        return "time", f'<time datetime="{html.escape(span.when)}">'
    if span.kind == "corr":
        return "span", f'<span class="sic" title="{html.escape(f"So printed; the editor reads “{span.ref}”")}">'
    return None


def _closer(span: Span, tag: str) -> str:
    """The closing markup of a span; an editor's correction follows the printed word it corrects."""
    if span.kind == "corr":
        return f'</{tag}> <ins class="corr">[{html.escape(span.ref, quote=False)}]</ins>'
    return f"</{tag}>"


def _accepted_spans(text: str, spans: Iterable[Span], ctx: TextContext) -> list[tuple[Span, str, str]]:
    """Spans that can be marked up: inside the text, properly nested, and no link inside a link."""
    accepted: list[tuple[Span, str, str]] = []
    # on the same stretch a correction nests inside the link, so that the link covers the corrected reading
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.kind == "corr", s.kind, s.ref)):
        if not (0 <= span.start < span.end <= len(text)):
            continue
        opener = _opener(span, ctx)
        if opener is None:
            continue
        tag, markup = opener
        ok = True
        for other, other_tag, _ in accepted:
            disjoint = span.end <= other.start or span.start >= other.end
            inside = other.start <= span.start and span.end <= other.end
            if not (disjoint or inside) or (inside and tag == "a" and other_tag == "a"):
                ok = False
                break
        if ok:
            accepted.append((span, tag, markup))
    return accepted


def note_call_html(n: str, ctx: TextContext) -> str:
    """A footnote call: a link to the note in the list (works without JS), or a bare number if it has no note."""
    label = html.escape(n)
    if n not in ctx.note_ids:
        return f'<sup class="fn-call fn-missing">{label}</sup>'
    ctx.calls_seen[n] = ctx.calls_seen.get(n, 0) + 1
    call_id = urls.note_call_anchor(n, ctx.calls_seen[n])
    note_id = urls.note_anchor(n)
    return (
        f'<sup class="fn-call"><a href="#{html.escape(note_id)}" id="{html.escape(call_id)}"'
        f' role="doc-noteref" data-note="{html.escape(note_id)}">{label}</a></sup>'
    )


def annotate(text: str, spans: Iterable[Span], notes: Iterable[NoteRef], ctx: TextContext) -> Markup:
    """A block's text as HTML: linked spans (people, abbreviations, dates) and footnote calls in place.

    Calls are points and spans are ranges; a call that falls inside a link closes the link and reopens
    it after the call, since a link may not contain another link.
    """
    accepted = _accepted_spans(text, spans, ctx)
    calls = sorted(((min(max(r.offset, 0), len(text)), i, r.n) for i, r in enumerate(notes)))
    points = sorted({0, len(text)} | {s.start for s, _, _ in accepted} | {s.end for s, _, _ in accepted})
    points = sorted(set(points) | {c[0] for c in calls})
    out: list[str] = []
    stack: list[tuple[Span, str, str]] = []
    call_i = 0
    span_i = 0
    for k, pos in enumerate(points):
        while stack and stack[-1][0].end == pos:
            closing, tag, _ = stack.pop()
            out.append(_closer(closing, tag))
        while call_i < len(calls) and calls[call_i][0] == pos:
            links_open = [i for i, (_, tag, _) in enumerate(stack) if tag == "a"]
            cut = links_open[0] if links_open else len(stack)
            out.extend(f"</{tag}>" for _, tag, _ in reversed(stack[cut:]))
            out.append(note_call_html(calls[call_i][2], ctx))
            out.extend(markup for _, _, markup in stack[cut:])
            call_i += 1
        while span_i < len(accepted) and accepted[span_i][0].start == pos:
            stack.append(accepted[span_i])
            out.append(accepted[span_i][2])
            span_i += 1
        if k + 1 < len(points):
            out.append(html.escape(text[pos : points[k + 1]], quote=False))
    # drop empty reopened links left by a call at the very end of a link
    return Markup(re.sub(r'<a class="person" href="[^"]*"></a>', "", "".join(out)))


# --- paragraphs, numbering and the document view ----------------------------------------------------


@dataclass
class BlockView:
    """One block as the document template shows it."""

    type: str
    html: Markup
    anchor: str | None = None
    number: str | None = None
    editorial_number: bool = False
    speaker: str | None = None
    speaker_note: str | None = None
    speaker_href: str | None = None


def block_views(
    doc: Document, links: DocumentLinks, ctx: TextContext
) -> tuple[list[BlockView], list[BlockView], list[tuple[Any, Markup]]]:
    """Headnote, body and footnotes as views: anchors unique on the page, spans and calls in place.

    Printed paragraph numbers give the anchors (#p12). A document whose source prints none gets
    paragraphs numbered by the edition in reading order, so every paragraph can still be cited.
    """
    used: set[str] = set()
    printed = any(b.n for b in doc.headnote + doc.body)
    counter = 0

    def anchor_for(candidate: str) -> str | None:
        if candidate in used:
            return None
        used.add(candidate)
        return candidate

    def view(part: str, i: int, b: Block) -> BlockView:
        nonlocal counter
        spans = links.spans.get((part, i), []) if isinstance(links.spans, dict) else []
        v = BlockView(type=b.type, html=annotate(b.text, spans, b.notes, ctx))
        if b.type == "head":
            v.anchor = anchor_for(f"s{i + 1}")
        elif b.type == "p":
            if b.n:
                v.number = b.n
                v.anchor = anchor_for(urls.paragraph_anchor(b.n))
            elif part == "body" and not printed:
                counter += 1
                v.number, v.editorial_number = str(counter), True
                v.anchor = anchor_for(urls.paragraph_anchor(str(counter)))
            else:
                v.anchor = anchor_for(f"{part[0]}{i + 1}")
            if v.anchor is None:
                v.number = None
        v.speaker, v.speaker_note = b.speaker, b.speaker_note
        speakers = getattr(links, "speakers", None) or {}
        who = speakers.get((part, i))
        if who and who in ctx.people:
            v.speaker_href = urls.relative(ctx.page_path, urls.person_page(who))
        return v

    headnote = [view("headnote", i, b) for i, b in enumerate(doc.headnote)]
    body = [view("body", i, b) for i, b in enumerate(doc.body)]
    notes: list[tuple[Any, Markup]] = []
    for i, fn in enumerate(doc.footnotes):
        spans = links.spans.get(("footnotes", i), []) if isinstance(links.spans, dict) else []
        notes.append((fn, annotate(fn.text, spans, (), ctx)))
    return headnote, body, notes


def effective_date(doc: Document, links: DocumentLinks | None) -> tuple[str | None, str | None]:
    """(ISO when, printed text) of a document, using the linker's normalised date where the parser had none."""
    when = doc.date.when if doc.date else None
    text = doc.date.text if doc.date else None
    linked = getattr(links, "date", None) if links is not None else None
    if not when and linked is not None and linked.when:
        when, text = linked.when, text or linked.text
    return when, text


# --- citations ----------------------------------------------------------------------------------------

_MONTHS = "January February March April May June July August September October November December".split()


def date_parts(when: str | None) -> list[int]:
    """[year, month, day] (as far as known) of an ISO date; [] when there is none."""
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", when or "")
    return [int(g) for g in m.groups() if g] if m else []


def human_date(when: str | None) -> str:
    """An ISO date as readers write it: '14 February 1989', 'February 1989', '1989'."""
    parts = date_parts(when)
    if not parts:
        return ""
    if len(parts) == 1:
        return str(parts[0])
    month = _MONTHS[parts[1] - 1] if 1 <= parts[1] <= 12 else ""
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{parts[2]} {month} {parts[0]}"


@dataclass(frozen=True)
class Citation:
    """What every citation format is made from."""

    id: str
    kind: str
    title: str
    authors: tuple[str, ...]
    translators: tuple[str, ...]
    when: str | None
    date_text: str | None
    number: str | None
    collection: str | None
    edition_title: str
    editors: tuple[str, ...]
    publisher: str
    url: str
    language: str
    source: str | None


def make_citation(doc: Document, site: SiteInfo, links: DocumentLinks | None = None) -> Citation:
    """The citation data of a document in this edition."""
    when, text = effective_date(doc, links)
    return Citation(
        id=doc.id,
        kind=doc.kind,
        title=doc.title or doc.id,
        authors=tuple(doc.authors),
        translators=tuple(doc.translators),
        when=when,
        date_text=text,
        number=doc.number,
        collection=doc.collection.title if doc.collection else None,
        edition_title=site.title,
        editors=tuple(site.editors),
        publisher=site.publisher or ", ".join(site.editors),
        url=urls.absolute(site.base_url, urls.document_page(doc.id)),
        language=site.language,
        source=doc.source,
    )


def _and(names: Iterable[str]) -> str:
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def chicago_html(c: Citation) -> Markup:
    """A Chicago-style bibliography entry (notes and bibliography), the edition title in italics."""
    e = html.escape
    out: list[str] = []
    if c.authors:
        out.append(e(_and(c.authors)) + ". ")
    out.append(f"“{e(c.title.rstrip('.'))}.” ")
    out.append(e(human_date(c.when) or c.date_text or "n.d.") + ". ")
    if c.number:
        what = f"Document No. {c.number}"
        out.append(e(what + (f" in {c.collection}" if c.collection else "")) + ". ")
    elif c.collection:
        out.append(e(c.collection) + ". ")
    if c.translators:
        out.append(e("Translated by " + _and(c.translators)) + ". ")
    out.append(f"In <i>{e(c.edition_title)}</i>")
    if c.editors:
        out.append(", edited by " + e(_and(c.editors)))
    out.append(". ")
    if c.publisher:
        out.append(e(c.publisher) + ". ")
    out.append(e(c.url) + ".")
    return Markup("".join(out))


def chicago_text(c: Citation) -> str:
    """The Chicago entry as plain text (for copying into a plain-text note)."""
    return re.sub(r"</?i>", "", html.unescape(str(chicago_html(c))))


def _bibtex_escape(value: str) -> str:
    return re.sub(r"([{}&%$#_])", r"\\\1", value)


def bibtex(c: Citation) -> str:
    """A BibTeX (biblatex-compatible) @misc entry."""
    key = re.sub(r"[^A-Za-z0-9]+", "", c.id) or "document"
    fields: list[tuple[str, str]] = [("title", c.title)]
    if c.authors:
        fields.append(("author", " and ".join(c.authors)))
    if c.translators:
        fields.append(("translator", " and ".join(c.translators)))
    parts = date_parts(c.when)
    if parts:
        fields.append(("date", c.when[:10] if c.when else ""))
        fields.append(("year", str(parts[0])))
    if c.number:
        fields.append(("number", c.number))
    if c.collection:
        fields.append(("series", c.collection))
    fields.append(("booktitle", c.edition_title))
    if c.editors:
        fields.append(("editor", " and ".join(c.editors)))
    if c.publisher:
        fields.append(("publisher", c.publisher))
    fields.append(("url", c.url))
    lines = [f"@misc{{{key},"] + [f"  {k} = {{{_bibtex_escape(v)}}}," for k, v in fields] + ["}"]
    return "\n".join(lines) + "\n"


def csl_json(c: Citation) -> list[dict[str, Any]]:
    """The CSL-JSON item (in a one-item list, as reference managers import it)."""
    item: dict[str, Any] = {
        "id": c.id,
        "type": "article" if c.kind == "essay" else "document",
        "title": c.title,
        "container-title": c.edition_title,
        "URL": c.url,
        "language": c.language,
    }
    if c.authors:
        item["author"] = [{"literal": a} for a in c.authors]
    if c.translators:
        item["translator"] = [{"literal": t} for t in c.translators]
    if c.editors:
        item["editor"] = [{"literal": e} for e in c.editors]
    parts = date_parts(c.when)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    elif c.date_text:
        item["issued"] = {"literal": c.date_text}
    if c.number:
        item["number"] = c.number
    if c.collection:
        item["collection-title"] = c.collection
    if c.publisher:
        item["publisher"] = c.publisher
    if c.source:
        item["archive"] = c.source
    return [item]


def ris(c: Citation) -> str:
    """An RIS record (Zotero, EndNote, Mendeley import it)."""
    rows: list[tuple[str, str]] = [("TY", "GEN" if c.kind != "essay" else "ELEC"), ("TI", c.title)]
    rows += [("AU", a) for a in c.authors]
    rows += [("A4", t) for t in c.translators]
    rows += [("ED", e) for e in c.editors]
    parts = date_parts(c.when)
    if parts:
        rows.append(("PY", str(parts[0])))
        rows.append(("DA", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)) + "/"))
    if c.number:
        rows.append(("M1", c.number))
    rows.append(("T2", c.edition_title))
    if c.collection:
        rows.append(("T3", c.collection))
    if c.publisher:
        rows.append(("PB", c.publisher))
    if c.source:
        rows.append(("AV", c.source))
    rows += [("LA", c.language), ("UR", c.url), ("ER", "")]
    return "".join(f"{tag}  - {value}".rstrip() + "\r\n" for tag, value in rows)


def highwire_date(when: str | None) -> str | None:
    """A date as Highwire Press tags write it (YYYY/MM/DD, or fewer parts)."""
    parts = date_parts(when)
    return "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)) if parts else None


# --- the site -----------------------------------------------------------------------------------------


@dataclass
class ListedDoc:
    """A document as lists show it."""

    doc: Document
    path: str
    when: str | None
    date_text: str | None
    count: int = 0
    context: Markup | None = None


def _mentions(value: Any) -> list[tuple[str, int]]:
    """(id, count) pairs from Mention objects or tuples, whatever the linker gave."""
    out: list[tuple[str, int]] = []
    for m in value or []:
        if isinstance(m, Mention):
            out.append((m.id, m.count))
        elif isinstance(m, (tuple, list)) and m:
            out.append((str(m[0]), int(m[1]) if len(m) > 1 else 1))
        elif isinstance(m, str):
            out.append((m, 1))
    return out


def _first_id(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (tuple, list)) and value:
        return str(value[0])
    return getattr(value, "id", None)


def _group_docs(by_doc: dict[str, list[tuple[str, int]]], attr: str, index: Index) -> dict[str, list[tuple[str, int]]]:
    """register id → [(doc id, count)]: the linker's table when it gave one, else gathered from documents."""
    given = getattr(index, attr, None)
    if given:
        return {k: _mentions(v) for k, v in given.items()}
    table: dict[str, list[tuple[str, int]]] = {}
    for doc_id, mentions in sorted(by_doc.items()):
        for rid, count in mentions:
            table.setdefault(rid, []).append((doc_id, count))
    return {k: sorted(v, key=lambda x: (-x[1], x[0])) for k, v in table.items()}


def _context_from_spans(doc: Document, links: DocumentLinks, person_id: str, width: int = 90) -> Markup | None:
    """The first mention of a person in reading order, with some text either side and the name marked."""
    for part, blocks in (("headnote", doc.headnote), ("body", doc.body)):
        for i, b in enumerate(blocks):
            for s in sorted(links.spans.get((part, i), []), key=lambda s: s.start):
                if s.kind == "person" and s.ref == person_id and 0 <= s.start < s.end <= len(b.text):
                    a, z = max(0, s.start - width), min(len(b.text), s.end + width)
                    before = ("…" if a else "") + b.text[a : s.start]
                    after = b.text[s.end : z] + ("…" if z < len(b.text) else "")
                    e = html.escape
                    return Markup(f"{e(before)}<mark>{e(b.text[s.start : s.end])}</mark>{e(after)}")
    return None


MonthGroups = list[tuple[str, list[tuple[str, list[ListedDoc]]]]]


def _month_groups(listed: list[ListedDoc]) -> tuple[MonthGroups, list[ListedDoc]]:
    """Dated documents grouped by year and month (in order), and the undated ones apart."""
    years: dict[str, dict[str, list[ListedDoc]]] = {}
    undated: list[ListedDoc] = []
    for item in listed:
        parts = date_parts(item.when)
        if not parts:
            undated.append(item)
            continue
        month = _MONTHS[parts[1] - 1] if len(parts) > 1 and 1 <= parts[1] <= 12 else "Month not known"
        key = f"{parts[1]:02d}" if len(parts) > 1 else "00"
        years.setdefault(str(parts[0]), {}).setdefault(key + "|" + month, []).append(item)
    grouped = [
        (year, [(k.split("|", 1)[1], v) for k, v in sorted(months.items())]) for year, months in sorted(years.items())
    ]
    return grouped, undated


def render_site(
    env: jinja2.Environment,
    site: SiteInfo,
    documents: list[Document],
    index: Index,
    registers: Registers,
) -> dict[str, str]:
    """Every HTML page (and text file) of the site, keyed by output path."""
    pages: dict[str, str] = {}
    links_of = {d.id: index.documents.get(d.id) or DocumentLinks() for d in documents}
    ordered = sorted(documents, key=lambda d: _sort_key_with_links(d, links_of[d.id]))
    by_id = {d.id: d for d in ordered}
    people = {p.id: p for p in registers.people}
    topics = {t.id: t for t in registers.topics}
    terms = {t.id: t for t in registers.glossary}

    def listed(doc_id: str, count: int = 0) -> ListedDoc:
        doc = by_id[doc_id]
        when, text = effective_date(doc, links_of[doc_id])
        return ListedDoc(doc, urls.document_page(doc_id), when, text, count)

    all_listed = [listed(d.id) for d in ordered]
    doc_people = {d.id: _mentions(links_of[d.id].people or d.people) for d in ordered}
    doc_topics = {d.id: _mentions(links_of[d.id].topics or d.topics) for d in ordered}
    doc_terms = {d.id: _mentions(getattr(links_of[d.id], "terms", [])) for d in ordered}
    by_person = _group_docs(doc_people, "by_person", index)
    by_topic = _group_docs(doc_topics, "by_topic", index)
    by_term = _group_docs(doc_terms, "by_term", index)

    collections: dict[str, list[ListedDoc]] = {}
    for item in all_listed:
        coll = item.doc.collection.title if item.doc.collection and item.doc.collection.title else None
        collections.setdefault(coll or "Other sources", []).append(item)
    kinds = {
        "Documents": [i for i in all_listed if i.doc.kind != "essay"],
        "Essays": [i for i in all_listed if i.doc.kind == "essay"],
    }
    chronology, undated = _month_groups(all_listed)
    common = {"site": site, "documents": ordered, "registers": registers}

    def page(path: str, template: str, **ctx: Any) -> None:
        pages[path] = env.get_template(template).render(page_path=path, **common, **ctx)

    page(
        "index.html",
        "home.html",
        page_title=site.title,
        listed=all_listed,
        collections=sorted(collections.items(), key=lambda kv: (kv[0] == "Other sources", kv[0])),
        kinds=[(k, v) for k, v in kinds.items() if v],
    )
    page(urls.section_page("about"), "about.html", page_title="About this edition")
    page(urls.section_page("search"), "search.html", page_title="Search")
    page("404.html", "404.html", page_title="Page not found")
    page(urls.section_page("chronology"), "chronology.html", page_title="Chronology", years=chronology, undated=undated)

    people_sorted = sorted(registers.people, key=lambda p: (p.sort_name.casefold(), p.id))
    page(
        urls.people_index(),
        "people.html",
        page_title="People",
        people=[(p, len([x for x in by_person.get(p.id, []) if x[0] in by_id])) for p in people_sorted],
    )
    for p in people_sorted:
        items = []
        for doc_id, count in by_person.get(p.id, []):
            if doc_id not in by_id:
                continue
            item = listed(doc_id, count)
            ctx_text = (getattr(links_of[doc_id], "first_context", None) or {}).get(p.id)
            if isinstance(ctx_text, str) and ctx_text:
                item.context = Markup(html.escape(ctx_text, quote=False))
            else:
                item.context = _context_from_spans(by_id[doc_id], links_of[doc_id], p.id)
            items.append(item)
        page(urls.person_page(p.id), "person.html", page_title=p.name, person=p, items=items)

    topics_sorted = sorted(registers.topics, key=lambda t: (t.label.casefold(), t.id))
    page(
        urls.topics_index(),
        "topics.html",
        page_title="Topics",
        topics=[(t, len([x for x in by_topic.get(t.id, []) if x[0] in by_id])) for t in topics_sorted],
    )
    for t in topics_sorted:
        items = [listed(d, c) for d, c in by_topic.get(t.id, []) if d in by_id]
        page(urls.topic_page(t.id), "topic.html", page_title=t.label, topic=t, items=items)

    glossary = sorted(registers.glossary, key=lambda t: (t.term.casefold(), t.id))
    page(
        urls.section_page("glossary"),
        "glossary.html",
        page_title="Glossary",
        entries=[(t, [listed(d, c) for d, c in by_term.get(t.id, []) if d in by_id]) for t in glossary],
    )

    related_table = getattr(index, "related", None) or {}
    for pos, doc in enumerate(ordered):
        links = links_of[doc.id]
        path = urls.document_page(doc.id)
        ctx = TextContext(path, people, terms, {f.n for f in doc.footnotes})
        headnote, body, notes = block_views(doc, links, ctx)
        citation = make_citation(doc, site, links)
        related: list[str] = []
        for target in (links.cross_refs or {}).values():
            if target and target in by_id and target != doc.id and target not in related:
                related.append(target)
        for entry in related_table.get(doc.id, []):
            rid = _first_id(entry)
            if rid and rid in by_id and rid != doc.id and rid not in related:
                related.append(rid)
        when, date_text = effective_date(doc, links)
        page(
            path,
            "document.html",
            page_title=doc.title or doc.id,
            doc=doc,
            links=links,
            when=when,
            date_text=date_text,
            headnote=headnote,
            body=body,
            notes=notes,
            called={n for n in ctx.calls_seen},
            people_here=[(people[i], c) for i, c in doc_people[doc.id] if i in people],
            topics_here=[(topics[i], c) for i, c in doc_topics[doc.id] if i in topics],
            terms_here=[(terms[i], c) for i, c in doc_terms[doc.id] if i in terms],
            related=[listed(r) for r in related[:8]],
            previous=listed(ordered[pos - 1].id) if pos > 0 else None,
            next=listed(ordered[pos + 1].id) if pos + 1 < len(ordered) else None,
            citation=citation,
            chicago=chicago_html(citation),
            bibtex=bibtex(citation),
            highwire_date=highwire_date(when),
            json_ld=document_json_ld(doc, citation, site, [people[i] for i, _ in doc_people[doc.id] if i in people]),
            tei_path=urls.document_tei(doc.id),
            json_path=urls.document_json(doc.id),
            ris_path=urls.document_ris(doc.id),
            csl_path=urls.document_csl(doc.id),
        )
        pages[urls.document_ris(doc.id)] = ris(citation)
        pages[urls.document_csl(doc.id)] = json.dumps(csl_json(citation), ensure_ascii=False, indent=2) + "\n"

    listed_pages = sorted(p for p in pages if p.endswith(".html") and p != "404.html")
    pages["sitemap.xml"] = sitemap(site.base_url, listed_pages)
    pages["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(site.base_url, 'sitemap.xml')}\n"
    return pages


def _sort_key_with_links(doc: Document, links: DocumentLinks) -> tuple[str, str, str]:
    when, _ = effective_date(doc, links)
    return (when or "9999", (doc.number or "").zfill(6), doc.id)


def document_json_ld(doc: Document, c: Citation, site: SiteInfo, mentioned: list[Person]) -> dict[str, Any]:
    """schema.org description of a document page, for search engines and reference tools."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle" if doc.kind == "essay" else "ArchiveComponent",
        "@id": c.url,
        "url": c.url,
        "name": c.title,
        "inLanguage": site.language,
        "isPartOf": {
            "@type": "Collection",
            "name": site.title,
            "url": site.base_url,
            "editor": [{"@type": "Person", "name": e} for e in site.editors],
        },
        "encoding": [
            {
                "@type": "MediaObject",
                "encodingFormat": "application/tei+xml",
                "contentUrl": urls.absolute(site.base_url, urls.document_tei(doc.id)),
            },
            {
                "@type": "MediaObject",
                "encodingFormat": "application/json",
                "contentUrl": urls.absolute(site.base_url, urls.document_json(doc.id)),
            },
        ],
    }
    if c.publisher:
        data["publisher"] = {"@type": "Organization", "name": c.publisher}
    if c.when:
        data["dateCreated"] = c.when
    if c.authors:
        data["author"] = [{"@type": "Person", "name": a} for a in c.authors]
    if c.translators:
        data["translator"] = [{"@type": "Person", "name": t} for t in c.translators]
    if doc.summary:
        data["abstract"] = doc.summary
    if c.collection:
        data["position"] = c.number or None
        data["isBasedOn"] = {"@type": "Book", "name": c.collection}
        if data["position"] is None:
            del data["position"]
    if mentioned:
        data["mentions"] = [
            {"@type": "Person", "name": p.name, "url": urls.absolute(site.base_url, urls.person_page(p.id))}
            for p in mentioned
        ]
    return data


def sitemap(base_url: str, paths: list[str]) -> str:
    """sitemap.xml listing every page under the edition's base URL."""
    items = "".join(f"  <url><loc>{html.escape(urls.absolute(base_url, p))}</loc></url>\n" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + items + "</urlset>\n"
    )
