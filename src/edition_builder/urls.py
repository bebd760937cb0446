"""The only place that maps ids to output paths and to relative URLs between pages."""

from __future__ import annotations

import posixpath


def document_page(doc_id: str) -> str:
    """Output path of a document's page."""
    return f"documents/{doc_id}/index.html"


def document_tei(doc_id: str) -> str:
    """Output path of a document's TEI file."""
    return f"documents/{doc_id}/{doc_id}.xml"


def document_json(doc_id: str) -> str:
    """Output path of a document's JSON record."""
    return f"documents/{doc_id}/{doc_id}.json"


def person_page(person_id: str) -> str:
    """Output path of a person's page."""
    return f"people/{person_id}/index.html"


def topic_page(topic_id: str) -> str:
    """Output path of a topic's page."""
    return f"topics/{topic_id}/index.html"


def section_page(name: str) -> str:
    """Output path of a top-level section page (glossary, chronology, search, about, …)."""
    return "index.html" if name in ("", "home") else f"{name}/index.html"


def relative(from_path: str, to_path: str) -> str:
    """A relative URL from one output file to another; directory indexes end in '/'."""
    start = posixpath.dirname(from_path) or "."
    target = to_path
    trailing = ""
    if target.endswith("index.html"):
        target = posixpath.dirname(target) or "."
        trailing = "/"
    rel = posixpath.relpath(target, start)
    if trailing:
        rel = "./" if rel == "." else rel + "/"
    return rel


def absolute(base_url: str, path: str) -> str:
    """The public URL of an output path under the edition's base URL."""
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return base_url.rstrip("/") + "/" + path
