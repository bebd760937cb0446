"""Never crash: any bytes give a Document whose diagnostics name a code and a real line.

Inputs: empty and blank files, binary junk, invalid UTF-8, NUL bytes, a 1 MB single line, every corpus
file fed to every format's detector and parser, and Hypothesis over arbitrary bytes and text. A parser
that raises is a bug even though `parse_source` falls back to the plain parser (`parser-failed`), so the
tests call each parser directly too, and name it when it fails.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edition_builder.model import Document, SourceFile
from edition_builder.parse import FALLBACK, FORMATS, missing_characters, parse_source
from edition_builder.parse.detect import detect_format
from faithful import corpus_files, transcripts

PARSERS: list[ModuleType] = [*FORMATS, FALLBACK]
LEVELS = {"error", "warning", "info"}
CODE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
GENERATED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

EDGE_CASES: dict[str, bytes] = {
    "empty": b"",
    "blank": b"   \n\n\t\n \n",
    "one-newline": b"\n",
    "bom-only": b"\xef\xbb\xbf",
    "junk": bytes(range(256)) * 4,
    "invalid-utf8": b"Title\n\nA line with a bad byte: " + b"\xff\xfe\x80 here.\n\nMore text.\n",
    "nul-bytes": b"Title\n\nText\x00with\x00NULs.\n\x00\x00\n",
    "crlf": b"Title\r\n\r\nA paragraph.\r\n\r\n1 A note.\r\n",
    "lone-cr": b"Title\rA paragraph.\r\r2. Numbered.\r",
    "long-line": ("word " * 200_000).encode(),
    "many-lines": ("Speaker: line\n\n" * 5_000).encode(),
    "front-matter-only": b"---\ntitle: T\n---\n",
    "broken-front-matter": b"---\n: : :\n  - [\n---\n\nText.\n",
    "yaml-bomb": b"---\na: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\ntitle: *a\n---\n\nText.\n",
    "only-notes": b"Notes\n\n1 A note.\n\n2 Another.\n",
    "deep-quote": (b">" * 500) + b" text\n",
    "deep-list": b"".join(b"  " * i + b"- item\n" for i in range(200)),
}


def check_diagnostics(doc: Document, text: str) -> None:
    """Every diagnostic has a level, a design-style code, and a line in the file (or none)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1  # a lone CR ends a line too
    for d in doc.diagnostics:
        assert d.level in LEVELS, d
        assert CODE.match(d.code), d
        assert d.message, d
        if d.line is not None:
            assert isinstance(d.line, int) and not isinstance(d.line, bool), d
            assert d.line >= 1, d
            if d.file == doc.path:
                assert d.line <= lines, f"{d} is past the last line ({lines})"


def check_document(doc: Document, text: str) -> None:
    record = doc.to_record()
    json.dumps(record, ensure_ascii=False)  # the record is always serialisable
    assert record["source_format"] in {m.NAME for m in PARSERS}
    assert doc.id and re.fullmatch(r"[a-z0-9-]+", doc.id)
    check_diagnostics(doc, text)


@pytest.mark.parametrize("suffix", [".txt", ".md"])
@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases_never_crash(name: str, suffix: str) -> None:
    data = EDGE_CASES[name]
    doc = parse_source(SourceFile(f"{name}{suffix}", data))
    text = data.decode("utf-8", errors="replace")
    check_document(doc, text)
    assert "parser-failed" not in {d.code for d in doc.diagnostics}, doc.diagnostics
    assert not missing_characters(text.replace("\ufeff", "").replace("\r", "\n"), doc)


def test_invalid_utf8_is_reported_with_its_line() -> None:
    doc = parse_source(SourceFile("bad.txt", EDGE_CASES["invalid-utf8"]))
    found = [d for d in doc.diagnostics if d.code == "suspect-encoding"]
    assert found and found[0].line == 3
    assert any("\ufffd" in b.text for b in doc.body + doc.headnote) or "\ufffd" in (doc.title or "")


@pytest.mark.parametrize("module", PARSERS, ids=lambda m: m.NAME)
@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_every_parser_takes_edge_cases(module: ModuleType, name: str) -> None:
    text = EDGE_CASES[name].decode("utf-8", errors="replace")
    assert 0.0 <= module.detect(text, ".txt") <= 1.0
    doc = Document(id="x", source_format=module.NAME, path="edge.txt")
    module.parse(text, doc)
    check_diagnostics(doc, text)


@pytest.mark.parametrize("module", PARSERS, ids=lambda m: m.NAME)
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_detector_and_parser_takes_every_other_format(module: ModuleType, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for suffix in (".txt", ".md"):
        score = module.detect(text, suffix)
        assert isinstance(score, float | int) and 0.0 <= score <= 1.0
    doc = Document(id="x", source_format=module.NAME, path=path.name)
    module.parse(text, doc)
    check_diagnostics(doc, text)


def test_detection_picks_the_gold_format_and_no_rival_comes_close() -> None:
    gold_dir = Path(__file__).resolve().parents[2] / "shared" / "gold"
    golds = sorted(gold_dir.glob("*.json"))
    assert golds, f"no gold files in {gold_dir}"
    for gold_path in golds:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        seed = gold_dir.parent / "seeds" / gold["file"]
        text = seed.read_text(encoding="utf-8")
        module, score = detect_format(text, seed.suffix, FORMATS)
        assert module is not None and module.NAME == gold["source_format"], gold["file"]
        rivals = [m.detect(text, seed.suffix) for m in FORMATS if m is not module]
        assert max(rivals) < 0.5 <= score, f"{gold['file']}: {module.NAME} {score} vs rivals {rivals}"


@GENERATED
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".xml", ""]))
def test_arbitrary_bytes_never_crash(data: bytes, suffix: str) -> None:
    doc = parse_source(SourceFile(f"any{suffix}", data))
    check_document(doc, data.decode("utf-8", errors="replace"))


@GENERATED
@given(text=st.text(max_size=3000), suffix=st.sampled_from([".txt", ".md"]))
def test_arbitrary_text_never_crashes(text: str, suffix: str) -> None:
    doc = parse_source(SourceFile(f"any{suffix}", text.encode("utf-8", errors="surrogatepass")))
    check_document(doc, text)


@pytest.mark.parametrize("module", PARSERS, ids=lambda m: m.NAME)
@GENERATED
@given(text=st.one_of(st.text(max_size=2000), transcripts()))
def test_every_parser_takes_arbitrary_text(module: ModuleType, text: str) -> None:
    doc = Document(id="x", source_format=module.NAME, path="any.txt")
    module.parse(text.replace("\r", "\n"), doc)
    check_diagnostics(doc, text.replace("\r", "\n"))
