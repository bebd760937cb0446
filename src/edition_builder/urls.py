"""The only place that maps ids to output paths and to relative URLs between pages."""

from __future__ import annotations

import functools
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


def document_ris(doc_id: str) -> str:
    """Output path of a document's RIS citation (for reference managers)."""
    return f"documents/{doc_id}/{doc_id}.ris"


def document_csl(doc_id: str) -> str:
    """Output path of a document's CSL-JSON citation."""
    return f"documents/{doc_id}/{doc_id}.csl.json"


def static_file(name: str) -> str:
    """Output path of a static asset (CSS, JS) copied from templates/static/."""
    return f"static/{name}"


def search_bundle(name: str) -> str:
    """Output path of a file of the Pagefind bundle (Pagefind's own layout: pagefind/ at the site root)."""
    return f"pagefind/{name}"


def people_index() -> str:
    """Output path of the index of people."""
    return "people/index.html"


def topics_index() -> str:
    """Output path of the index of topics."""
    return "topics/index.html"


def edition_download(edition_name: str) -> str:
    """Output path of the zip of every TEI file of the edition."""
    return f"data/{edition_name}-tei.zip"


def registers_tei() -> str:
    """Output path of the TEI file of the edition's registers (people, topics, glossary)."""
    return "data/registers.xml"


def paragraph_anchor(n: str) -> str:
    """The fragment id of a numbered paragraph (stable for citing: #p12)."""
    return "p" + _id_safe(n)


def note_anchor(n: str) -> str:
    """The fragment id of a note in the list of notes (#fn3)."""
    return "fn" + _id_safe(n)


def note_call_anchor(n: str, occurrence: int = 1) -> str:
    """The fragment id of the call of a note (#fnref3; a second call of the same note gets #fnref3-2)."""
    return "fnref" + _id_safe(n) + (f"-{occurrence}" if occurrence > 1 else "")


def _id_safe(value: str) -> str:
    # ids may not contain whitespace; anything else is legal in HTML5 and survives in a URL fragment
    return "-".join(value.split()) or "_"


def person_page(person_id: str) -> str:
    """Output path of a person's page."""
    return f"people/{person_id}/index.html"


def topic_page(topic_id: str) -> str:
    """Output path of a topic's page."""
    return f"topics/{topic_id}/index.html"


def section_page(name: str) -> str:
    """Output path of a top-level section page (glossary, chronology, search, about, …)."""
    return "index.html" if name in ("", "home") else f"{name}/index.html"


@functools.lru_cache(maxsize=1 << 16)
def relative(from_path: str, to_path: str) -> str:
    """A relative URL from one output file to another; directory indexes end in '/'."""
    # pure string work (posixpath.relpath consults the working directory), cached: pages link the same
    # targets thousands of times
    start = [part for part in posixpath.dirname(from_path).split("/") if part and part != "."]
    target = to_path
    trailing = ""
    if target.endswith("index.html"):
        target = posixpath.dirname(target)
        trailing = "/"
    goal = [part for part in target.split("/") if part and part != "."]
    common = 0
    while common < min(len(start), len(goal)) and start[common] == goal[common]:
        common += 1
    rel = "/".join([".."] * (len(start) - common) + goal[common:]) or "."
    if trailing:
        rel = "./" if rel == "." else rel + "/"
    return rel


def absolute(base_url: str, path: str) -> str:
    """The public URL of an output path under the edition's base URL."""
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return base_url.rstrip("/") + "/" + path
