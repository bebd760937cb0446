"""The build: run the stages in order and write the site atomically. The only module that writes."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path

from lxml import etree

from . import link as link_stage
from . import registers as registers_stage
from . import render, search, sources, tei, urls
from .config import Settings, load_settings
from .model import Diagnostic, Document, Index, Registers, SourceFile
from .parse import apply_sidecar, missing_characters, parse_source, slug

PACKAGE_ROOT = Path(__file__).resolve().parent


class BuildError(Exception):
    """The build stopped; the previous site is untouched. The message names file and line."""


@dataclass
class BuildResult:
    """What a build produced and found."""

    out: Path
    documents: list[Document]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0


def parse_file(path: str | Path) -> Document:
    """Parse one transcript (and its sidecar) into a Document, as `edition-builder parse` does."""
    return parse_any(sources.read_source(Path(path), Path.cwd()))


def parse_and_link(path: str | Path, edition_dir: str | Path) -> Document:
    """Parse one transcript and link it against an edition's registers (people, topics, dates filled in)."""
    doc = parse_file(path)
    index = link_stage.link([doc], _load_registers(load_settings(edition_dir)))
    return link_stage.apply_links(doc, index.documents[doc.id])


def parse_any(source: SourceFile) -> Document:
    """Parse one corpus file: TEI (.xml) is read back by tei.py, everything else by the format parsers."""
    if source.path.endswith(".xml"):
        try:
            doc = tei.tei_to_document(source.data, source.path)
        except etree.XMLSyntaxError as err:
            doc = Document(id=slug(Path(source.path).stem) or "document", source_format="tei", path=source.path)
            doc.diagnose("error", "tei-invalid", f"not well-formed XML: {err.msg}", err.lineno or 1)
            return doc
        if not (doc.title or doc.body or doc.headnote):
            doc.diagnose("error", "tei-empty", "no TEI title or text found (is this a TEI P5 file?)", 1)
        if source.sidecar:
            apply_sidecar(doc, source.sidecar, source.sidecar_path or source.path, source.sidecar_lines)
        return doc
    return parse_source(source)


def _code_fingerprint() -> bytes:
    """Digest of the code a parse result depends on, so that a new parser version invalidates the cache."""
    digest = hashlib.sha256()
    for p in sorted([*(PACKAGE_ROOT / "parse").glob("*.py"), PACKAGE_ROOT / "model.py", PACKAGE_ROOT / "tei.py"]):
        digest.update(p.name.encode() + b"\0" + p.read_bytes())
    return digest.digest()


# Taken once, when the code is loaded: the digest must describe the code that runs, not files edited since.
CODE_FINGERPRINT = _code_fingerprint()
DOCUMENT_FIELDS = frozenset(f.name for f in fields(Document))


def parse_cached(found: list[SourceFile], cache_dir: Path | None) -> list[Document]:
    """Parse every source, reusing results cached by content hash (file bytes, sidecar, parser code)."""
    if cache_dir is None:
        return [parse_any(s) for s in found]
    fingerprint = CODE_FINGERPRINT
    cache_dir.mkdir(parents=True, exist_ok=True)
    documents = []
    for source in found:
        key = hashlib.sha256(fingerprint + pickle.dumps(source, protocol=5)).hexdigest()
        entry = cache_dir / f"{key}.pickle"
        if entry.is_file():
            # our own cache, written below by this function: safe to unpickle
            doc = pickle.loads(entry.read_bytes())
            if isinstance(doc, Document) and DOCUMENT_FIELDS <= vars(doc).keys():
                documents.append(doc)
                continue
        doc = parse_any(source)
        tmp = entry.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(doc, protocol=5))
        os.replace(tmp, entry)
        documents.append(doc)
    return documents


@dataclass
class Analysis:
    """The edition parsed and linked: what both `check` and `build` start from."""

    settings: Settings
    documents: list[Document]  # linked copies: records carry people, topics, dates and linking diagnostics
    registers: Registers
    index: Index
    diagnostics: list[Diagnostic]


def analyse(edition_dir: str | Path, cache_dir: Path | None = None, verify_text: bool = False) -> Analysis:
    """Parse every corpus file (reusing cached parses from cache_dir) and link the edition; write nothing else.

    With `verify_text`, also verify that every character of each transcript reached the record or its
    `removed` list (`text-lost` otherwise): a parser must never drop text silently.
    """
    settings = load_settings(edition_dir)
    found = sources.find_sources(settings)
    documents = parse_cached(found, cache_dir)
    if verify_text:
        for source, doc in zip(found, documents, strict=True):
            if not source.path.endswith(".xml"):  # TEI input is read element by element, not parsed from text
                _check_nothing_lost(source, doc)
    registers = _load_registers(settings)
    index = link_stage.link(documents, registers)
    diagnostics = [d for doc in documents for d in doc.diagnostics] + _duplicate_ids(documents) + index.diagnostics
    linked = [link_stage.apply_links(doc, index.documents[doc.id]) for doc in documents]
    return Analysis(settings, linked, registers, index, diagnostics)


def check(edition_dir: str | Path) -> list[Diagnostic]:
    """Parse and link the edition without writing anything; return every diagnostic (text-lost included)."""
    return analyse(edition_dir, verify_text=True).diagnostics


def _check_nothing_lost(source: SourceFile, doc: Document) -> None:
    lost = missing_characters(source.data.decode("utf-8", errors="replace"), doc)
    if lost:
        shown = "".join(sorted(lost.elements()))[:80]
        doc.diagnose(
            "warning", "text-lost", f"characters of the input reached neither the record nor removed: {shown!r}", 1
        )


def build(
    edition_dir: str | Path, out: str | Path | None = None, strict: bool = False, cache: bool = True
) -> BuildResult:
    """Build the edition into `out` (default: <root>/site), replacing it only on success.

    Parse results are cached by content hash under <root>/.cache/parse unless `cache` is False.
    """
    settings = load_settings(edition_dir)
    out_dir = Path(out) if out else settings.root / "site"

    analysis = analyse(edition_dir, settings.root / ".cache" / "parse" if cache else None)
    documents, registers, index, diagnostics = (
        analysis.documents,
        analysis.registers,
        analysis.index,
        analysis.diagnostics,
    )
    _stop_on_errors(diagnostics, strict)

    files: dict[str, bytes] = {}
    for doc in documents:
        links = index.documents.get(doc.id)
        files[urls.document_tei(doc.id)] = tei.document_to_tei(
            doc,
            links,
            edition_title=settings.title,
            editors=settings.editors,
            publisher=settings.publisher,
            licence=settings.licence,
            url=urls.absolute(settings.base_url, urls.document_page(doc.id)),
            licence_url=settings.licence_url,
            language=settings.language,
            registers=registers,
            registers_url=urls.absolute(settings.base_url, urls.registers_tei()),
            document_url=lambda target: urls.absolute(settings.base_url, urls.document_page(target)),
        )
        files[urls.document_json(doc.id)] = _json(doc.to_record())
    files.update(_tei_downloads(settings, documents, registers, files))

    env = render.make_environment(settings.root / "templates")
    pages = render.render_site(env, _site_info(settings, files), documents, index, registers)
    files.update({path: text.encode("utf-8") for path, text in pages.items()})
    files.update(_static_files(settings.root / "templates" / "static"))
    html_pages = {p: t for p, t in pages.items() if p.endswith(".html") and p != "404.html"}
    try:
        files.update(search.index_pages(html_pages, settings.language))
    except RuntimeError as err:  # the pagefind binary failed: stop before anything is written
        raise BuildError(f"search index: {err}") from err

    write_atomically(out_dir, files)
    return BuildResult(out_dir, documents, diagnostics, len(files))


def _load_registers(settings: Settings) -> Registers:
    try:
        return registers_stage.load_registers(settings.edition_dir)
    except registers_stage.RegisterError as err:
        raise BuildError(str(err)) from err


def _tei_downloads(
    settings: Settings, documents: list[Document], registers: Registers, files: dict[str, bytes]
) -> dict[str, bytes]:
    """The registers' TEI and the zip of every TEI file of the edition (built by tei.py, written here)."""
    registers_xml = tei.registers_to_tei(
        registers,
        edition_title=settings.title,
        editors=settings.editors,
        publisher=settings.publisher,
        licence=settings.licence,
        licence_url=settings.licence_url,
        url=urls.absolute(settings.base_url, urls.registers_tei()),
        language=settings.language,
    )
    in_zip = {f"documents/{doc.id}.xml": files[urls.document_tei(doc.id)] for doc in documents}
    in_zip["registers.xml"] = registers_xml
    readme = tei.edition_readme(
        title=settings.title,
        editors=settings.editors,
        licence=settings.licence,
        licence_url=settings.licence_url,
        base_url=settings.base_url,
        documents=len(documents),
    )
    return {
        urls.registers_tei(): registers_xml,
        urls.edition_download(settings.name): tei.edition_zip(in_zip, readme, folder=f"{settings.name}-tei"),
    }


def _site_info(settings: Settings, files: dict[str, bytes] | None = None) -> render.SiteInfo:
    download = urls.edition_download(settings.name)
    return render.SiteInfo(
        title=settings.title,
        subtitle=settings.subtitle,
        editors=settings.editors,
        licence=settings.licence,
        licence_url=settings.licence_url,
        base_url=settings.base_url,
        language=settings.language,
        about_markdown=settings.about,
        publisher=settings.publisher,
        edition_name=settings.name,
        download=download if files and download in files else None,
    )


def _json(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def _duplicate_ids(documents: list[Document]) -> list[Diagnostic]:
    """An error for every document whose id another document already has."""
    seen: dict[str, str] = {}
    found: list[Diagnostic] = []
    for doc in documents:
        if doc.id in seen:
            sidecar = Path(doc.path).with_suffix(".yaml")
            message = (
                f"document id {doc.id!r} is also the id of {seen[doc.id]}; set 'id:' in {sidecar} to tell them apart"
            )
            found.append(Diagnostic("error", "duplicate-id", message, doc.path, 1))
        seen.setdefault(doc.id, doc.path)
    return found


def _stop_on_errors(diagnostics: list[Diagnostic], strict: bool) -> None:
    bad = [d for d in diagnostics if d.level == "error" or (strict and d.level == "warning")]
    if bad:
        shown = "\n".join(d.format() for d in bad[:50])
        more = f"\n… and {len(bad) - 50} more" if len(bad) > 50 else ""
        raise BuildError(f"build stopped by {len(bad)} diagnostic(s){' (--strict)' if strict else ''}:\n{shown}{more}")


def _static_files(static_dir: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    if static_dir.is_dir():
        for p in sorted(static_dir.rglob("*")):
            if p.is_file():
                files[urls.static_file(p.relative_to(static_dir).as_posix())] = p.read_bytes()
    return files


def write_atomically(out_dir: Path, files: dict[str, bytes]) -> None:
    """Write files into a temporary sibling directory, then swap it in for out_dir."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        for rel in sorted(files):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[rel])
        os.chmod(tmp, 0o755)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = out_dir.with_name(f".{out_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    had_site = out_dir.exists()
    if had_site:
        os.replace(out_dir, old)
    try:
        os.replace(tmp, out_dir)
    except BaseException:
        if had_site:  # put the previous site back: a failed build leaves it untouched
            os.replace(old, out_dir)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if had_site:
        shutil.rmtree(old)
