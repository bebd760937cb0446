"""End to end: build the demo edition, determinism, atomic replacement, ids and CLI commands."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from edition_builder import build as build_api
from edition_builder.cli import main as cli_main
from edition_builder.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "editions" / "demo"


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under folder with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    build_api.build(DEMO, out)
    return out


def test_demo_build_has_every_page_tei_json_and_index(demo_site: Path) -> None:
    corpus = sorted((ROOT / "corpus").glob("*.txt"))
    docs = sorted(p.name for p in (demo_site / "documents").iterdir())
    assert len(docs) == len(corpus)
    for doc_id in docs:
        folder = demo_site / "documents" / doc_id
        html = (folder / "index.html").read_text(encoding="utf-8")
        assert "<h1" in html
        record = json.loads((folder / f"{doc_id}.json").read_text(encoding="utf-8"))
        assert record["id"] == doc_id
        assert (folder / f"{doc_id}.xml").read_bytes().startswith(b"<?xml")
    for page in ("index.html", "search/index.html", "about/index.html", "404.html", "sitemap.xml", "robots.txt"):
        assert (demo_site / page).is_file(), page
    entry = json.loads((demo_site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"], "Pagefind wrote no language index"
    assert list((demo_site / "pagefind" / "fragment").glob("*.pf_fragment"))


def test_home_page_lists_every_document_with_relative_links(demo_site: Path) -> None:
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    for folder in (demo_site / "documents").iterdir():
        assert f'href="documents/{folder.name}/"' in home
    hrefs = re.findall(r'(?:href|src)="([^"]+)"', home)
    assert hrefs
    internal = [h for h in hrefs if not re.match(r"[a-z]+:", h)]
    assert all(not h.startswith("/") for h in internal), "absolute links break sub-path hosting"


def test_two_builds_are_byte_identical(tmp_path: Path, demo_site: Path) -> None:
    again = tmp_path / "site"
    build_api.build(DEMO, again)
    assert tree_digest(again) == tree_digest(demo_site)


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "corpus").mkdir(parents=True)
    (project / "editions" / "ed").mkdir(parents=True)
    (project / "templates").symlink_to(ROOT / "templates")
    (project / "corpus" / "a.txt").write_text("A Title\n\nFirst paragraph.\n", encoding="utf-8")
    edition = project / "editions" / "ed"
    (edition / "edition.yaml").write_text(
        "title: T\neditors: [E]\nlicence: CC BY\nbase_url: https://x.test/\ncorpus: ['corpus/*']\n", encoding="utf-8"
    )
    out = project / "site"
    build_api.build(edition, out)
    before = tree_digest(out)
    # a second file with the same id makes the build fail after parsing
    (project / "corpus" / "a.md").write_text("---\ntitle: Other\n---\n\nText.\n", encoding="utf-8")
    with pytest.raises(build_api.BuildError, match=r"corpus/a\.(md|txt):1: error: duplicate-id: document id 'a'"):
        build_api.build(edition, out)
    assert tree_digest(out) == before
    assert not list(project.glob(".site.tmp-*")), "temporary build folder left behind"


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    project = tmp_path / "p"
    (project / "corpus").mkdir(parents=True)
    (project / "editions" / "e").mkdir(parents=True)
    (project / "templates").symlink_to(ROOT / "templates")
    (project / "corpus" / "x.txt").write_bytes(b"Title\n\nBad \xff byte.\n")
    (project / "editions" / "e" / "edition.yaml").write_text(
        "title: T\neditors: [E]\nlicence: L\nbase_url: https://x.test/\n", encoding="utf-8"
    )
    build_api.build(project / "editions" / "e", project / "site")
    with pytest.raises(build_api.BuildError, match=r"corpus/x\.txt:\d+: warning: suspect-encoding"):
        build_api.build(project / "editions" / "e", project / "site2", strict=True)
    assert not (project / "site2").exists()


def test_config_errors_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "edition.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"edition\.yaml:\d+: invalid YAML"):
        load_settings(tmp_path)
    (tmp_path / "edition.yaml").write_text("title: T\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="required key 'editors'"):
        load_settings(tmp_path)


def test_cli_parse_prints_the_record(capsys: pytest.CaptureFixture[str]) -> None:
    path = sorted((ROOT / "corpus").glob("*.txt"))[0]
    assert cli_main(["parse", str(path), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    expected = {"id", "kind", "source_format", "title", "number", "date", "authors", "translators", "collection"}
    expected |= {"url", "summary", "original_language", "headnote", "body", "footnotes", "source", "cross_refs"}
    expected |= {"people", "topics", "dates_mentioned", "removed", "diagnostics"}
    assert expected <= set(record)


def test_cli_check_reports_and_sets_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["check", str(DEMO)]) == 0
    assert re.search(r"\d+ errors, \d+ warnings, \d+ notes", capsys.readouterr().out)
    assert cli_main(["check", str(tmp_path / "nowhere")]) == 1
    assert "edition.yaml not found" in capsys.readouterr().err


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("build", "parse", "check", "serve"):
        assert f"edition-builder {command}" in readme, command
    for target in ("make build", "make test", "make bench", "make serve", "make check", "make golden"):
        assert target in readme, target


def test_cli_parse_with_an_edition_links_the_record(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "corpus" / "002_8bb61ebf049e4da5.txt"
    assert cli_main(["parse", str(path), "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert plain["people"] == [] and plain["dates_mentioned"] == []
    assert cli_main(["parse", str(path), "--json", "--edition", str(DEMO)]) == 0
    linked = json.loads(capsys.readouterr().out)
    people = {p["id"]: p["count"] for p in linked["people"]}
    assert people["gorbachev"] >= 3 and "yeltsin" in people
    assert {"when": "1989-03-26", "text": "March 26, 1989"} in linked["dates_mentioned"]
    assert linked["body"] == plain["body"]


def small_project(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """A project with one edition over corpus/*, the given files (path → bytes) and the real templates."""
    project = tmp_path / "p"
    (project / "editions" / "e").mkdir(parents=True)
    (project / "corpus").mkdir()
    (project / "templates").symlink_to(ROOT / "templates")
    (project / "editions" / "e" / "edition.yaml").write_text(
        "title: T\neditors: [E]\nlicence: L\nbase_url: https://x.test/\n", encoding="utf-8"
    )
    for rel, data in files.items():
        (project / rel).write_bytes(data)
    return project / "editions" / "e"


def test_check_reports_what_build_refuses(tmp_path: Path) -> None:
    edition = small_project(
        tmp_path,
        {
            "corpus/a.txt": b"A Title\n\nText.\n",
            "corpus/a.md": b"---\ntitle: Other\n---\n\nText.\n",
            "corpus/bad.xml": b"<TEI><unclosed>\n</TEI>\n",
            "corpus/other.xml": b"<root>hello</root>\n",
        },
    )
    found = {(d.file, d.code, d.level) for d in build_api.check(edition)}
    assert ("corpus/a.txt", "duplicate-id", "error") in found or ("corpus/a.md", "duplicate-id", "error") in found
    assert ("corpus/bad.xml", "tei-invalid", "error") in found
    assert ("corpus/other.xml", "tei-empty", "error") in found
    with pytest.raises(build_api.BuildError, match=r"corpus/bad\.xml:2: error: tei-invalid"):
        build_api.build(edition, tmp_path / "site")


def test_a_register_that_is_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    edition = small_project(tmp_path, {"corpus/a.txt": b"A Title\n\nText.\n"})
    (edition / "people.yaml").write_bytes(b"- id: x\n  name: Ren\xe9\n")
    with pytest.raises(build_api.BuildError, match=r"people\.yaml:2: encoding: not UTF-8"):
        build_api.build(edition, tmp_path / "site")
    assert cli_main(["check", str(edition)]) == 1


def test_an_unknown_edition_key_is_an_error_with_its_line_and_a_hint(tmp_path: Path) -> None:
    (tmp_path / "edition.yaml").write_text(
        "title: T\neditors: [E]\nlicence: L\nlicense_url: https://x.test/l\nbase_url: https://x.test/\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ConfigError, match=r"edition\.yaml:4: unknown key 'license_url' \(did you mean 'licence_url'\?\)"
    ):
        load_settings(tmp_path)
