"""Document ⇄ TEI P5 with lxml; registers → TEI lists."""

from __future__ import annotations

from lxml import etree

from .model import Block, Document, DocumentLinks

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
T = "{%s}" % TEI_NS


def _el(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    attrs = {(f"{{{XML_NS}}}{k[4:]}" if k.startswith("xml_") else k): v for k, v in attrs.items() if v is not None}
    el = etree.Element(T + tag, attrs) if parent is None else etree.SubElement(parent, T + tag, attrs)
    if text is not None:
        el.text = text
    return el


def document_to_tei(
    doc: Document,
    links: DocumentLinks | None = None,
    *,
    edition_title: str = "",
    editors: tuple[str, ...] = (),
    publisher: str = "",
    licence: str = "",
    url: str = "",
) -> bytes:
    """Serialise one document as a TEI P5 file (UTF-8 bytes, pretty-printed, deterministic)."""
    root = _el(None, "TEI", xml_id=doc.id)
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", doc.title or doc.id)
    for name in doc.authors:
        _el(title_stmt, "author", name)
    for name in editors:
        resp = _el(title_stmt, "respStmt")
        _el(resp, "resp", "edited by")
        _el(resp, "name", name)
    for name in doc.translators:
        resp = _el(title_stmt, "respStmt")
        _el(resp, "resp", "translated by")
        _el(resp, "name", name)
    pub = _el(file_desc, "publicationStmt")
    _el(pub, "publisher", publisher or edition_title or "Edition Builder")
    if url:
        _el(pub, "idno", url, type="URI")
    avail = _el(pub, "availability")
    _el(avail, "licence", licence or "All rights reserved")
    source_desc = _el(file_desc, "sourceDesc")
    _el(source_desc, "p", doc.source or "Source not stated.")
    text = _el(root, "text")
    if doc.headnote:
        front = _el(text, "front")
        div = _el(front, "div", type="headnote")
        for block in doc.headnote:
            _block(div, block, doc)
    body = _el(text, "body")
    if not doc.body:
        _el(body, "p")
    for block in doc.body:
        _block(body, block, doc)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _block(parent: etree._Element, block: Block, doc: Document) -> None:
    tag = {"p": "p", "head": "head", "closer": "closer"}[block.type]
    el = _el(parent, tag, n=block.n)
    notes = {f.n: f for f in doc.footnotes}
    pos = 0
    last: etree._Element | None = None
    for ref in sorted(block.notes, key=lambda r: r.offset):
        chunk = block.text[pos : ref.offset]
        if last is None:
            el.text = (el.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk
        fn = notes.get(ref.n)
        last = _el(el, "note", fn.text if fn else "", place="foot", n=ref.n, xml_id=f"{doc.id}-fn{ref.n}")
        pos = ref.offset
    rest = block.text[pos:]
    if last is None:
        el.text = (el.text or "") + rest
    else:
        last.tail = (last.tail or "") + rest
