"""Jinja2 environment, filters and page rendering; returns strings, writes nothing."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from . import urls
from .model import Block, Document, DocumentLinks, Index, Registers


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
    env.filters["markdown"] = render_markdown
    env.filters["tojson_compact"] = lambda v: Markup(json.dumps(v, ensure_ascii=False, sort_keys=True))
    return env


@jinja2.pass_context
def _link(context: Any, target: str) -> str:
    """Relative URL from the page being rendered to an output path."""
    return urls.relative(context["page_path"], target)


_MD = MarkdownIt("commonmark", {"typographer": False})


def render_markdown(text: str) -> Markup:
    """Editor-written Markdown (about.md) to HTML; raw HTML in it is escaped."""
    return Markup(_MD.render(html.escape(text, quote=False) if "<" in text else text))


def block_html(block: Block, doc: Document, links: DocumentLinks | None = None) -> Markup:
    """A block's text as HTML with its footnote calls in place."""
    out: list[str] = []
    pos = 0
    for ref in sorted(block.notes, key=lambda r: r.offset):
        out.append(html.escape(block.text[pos : ref.offset], quote=False))
        out.append(
            f'<sup class="fn-call"><a href="#fn{html.escape(ref.n)}" id="fnref{html.escape(ref.n)}"'
            f' aria-describedby="fn{html.escape(ref.n)}">{html.escape(ref.n)}</a></sup>'
        )
        pos = ref.offset
    out.append(html.escape(block.text[pos:], quote=False))
    return Markup("".join(out))


def render_site(
    env: jinja2.Environment,
    site: SiteInfo,
    documents: list[Document],
    index: Index,
    registers: Registers,
) -> dict[str, str]:
    """Every HTML page (and text file) of the site, keyed by output path."""
    pages: dict[str, str] = {}
    ordered = sorted(documents, key=document_sort_key)
    common = {"site": site, "documents": ordered, "registers": registers}

    def page(path: str, template: str, **ctx: Any) -> None:
        pages[path] = env.get_template(template).render(page_path=path, **common, **ctx)

    page("index.html", "home.html", page_title=site.title)
    page(urls.section_page("about"), "about.html", page_title="About this edition")
    page(urls.section_page("search"), "search.html", page_title="Search")
    page("404.html", "404.html", page_title="Page not found")
    for doc in ordered:
        links = index.documents.get(doc.id) or DocumentLinks()
        page(
            urls.document_page(doc.id),
            "document.html",
            page_title=doc.title or doc.id,
            doc=doc,
            links=links,
            block_html=lambda b, d=doc, lk=links: block_html(b, d, lk),
            tei_path=urls.document_tei(doc.id),
            json_path=urls.document_json(doc.id),
        )
    pages["sitemap.xml"] = sitemap(site.base_url, sorted(p for p in pages if p.endswith(".html") and p != "404.html"))
    pages["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(site.base_url, 'sitemap.xml')}\n"
    return pages


def document_sort_key(doc: Document) -> tuple[str, str, str]:
    """Documents in date order (undated last), then by number and id."""
    when = doc.date.when if doc.date and doc.date.when else "9999"
    return (when, (doc.number or "").zfill(6), doc.id)


def sitemap(base_url: str, paths: list[str]) -> str:
    """sitemap.xml listing every page under the edition's base URL."""
    items = "".join(f"  <url><loc>{html.escape(urls.absolute(base_url, p))}</loc></url>\n" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + items + "</urlset>\n"
    )
