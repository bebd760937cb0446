"""Registers: the demo registers load, and every schema mistake names file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition_builder.registers import RegisterError, load_glossary, load_people, load_registers, load_topics

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "editions" / "demo"


def test_demo_registers_load_with_descriptions() -> None:
    regs = load_registers(DEMO)
    ids = {p.id for p in regs.people}
    assert {"gorbachev", "khrushchev", "ceausescu", "kadar", "husak", "ulbricht", "mikoyan"} <= ids
    assert all(p.description for p in regs.people)
    assert all(t.description and t.phrases for t in regs.topics)
    assert {t.term for t in regs.glossary} >= {"CMEA", "HSWP", "PUWP", "WTO", "GDR", "FRG", "CSCE", "PCC", "KPDR"}
    ceausescu = next(p for p in regs.people if p.id == "ceausescu")
    assert {"Ceaușescu", "Ceauşescu", "Ceausescu"} <= set(ceausescu.forms)
    ryzhkov = next(p for p in regs.people if p.id == "ryzhkov")
    assert "Nikolay Ivanovich" in ryzhkov.forms and ryzhkov.born == "1929"
    assert ryzhkov.roles[0].title.startswith("Chairman") and ryzhkov.roles[0].start == "1985"


def test_missing_files_give_empty_registers(tmp_path: Path) -> None:
    regs = load_registers(tmp_path)
    assert regs.people == () and regs.topics == () and regs.glossary == ()


def _error(tmp_path: Path, text: str, loader=load_people, name: str = "people.yaml") -> RegisterError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        loader(path)
    return info.value


PERSON = "- id: gorbachev\n  name: Mikhail Gorbachev\n"


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        (PERSON + "- id: ligachev\n  name: Yegor Ligachev\n  nickname: Yegor\n", 5, "nickname", "unknown key"),
        (PERSON + "- name: Boris Yeltsin\n", 3, "id", "missing"),
        (PERSON + "- id: yeltsin\n  forms: [Yeltsin]\n", 3, "name", "missing"),
        (PERSON + "- id: gorbachev\n  name: Gorbachev again\n", 3, "id", "duplicate"),
        (PERSON + "- id: yeltsin\n  name: Boris Yeltsin\n  forms: Yeltsin\n", 5, "forms", "list"),
        (PERSON + "- id: yeltsin\n  name: [Boris, Yeltsin]\n", 4, "name", "single value"),
        (PERSON + "- id: yeltsin\n  name: Boris Yeltsin\n  born: nineteen\n", 5, "born", "year"),
        (PERSON + "- id: yeltsin\n  name: Boris Yeltsin\n  wikidata: 34453\n", 5, "wikidata", "Wikidata"),
        (PERSON + "- id: Yeltsin Boris\n  name: Boris Yeltsin\n", 3, "id", "not an id"),
        (PERSON + "- id: yeltsin\n  name: Boris Yeltsin\n  roles:\n    - {start: 1991}\n", 6, "title", "missing"),
        (PERSON + "- id: yeltsin\n  name: Boris Yeltsin\n  description: yes\n", 5, "description", "boolean"),
        ("id: gorbachev\nname: Mikhail Gorbachev\n", 1, "(top level)", "list"),
        (PERSON + "- id: yeltsin\n  name: [unclosed\n", 5, "yaml", "not valid YAML"),
    ],
)
def test_schema_errors_name_file_line_and_field(tmp_path: Path, text: str, line: int, field: str, words: str) -> None:
    err = _error(tmp_path, text)
    assert err.line == line
    assert err.field == field
    assert str(err).startswith(f"{tmp_path / 'people.yaml'}:{line}: {field}: ")
    assert words in str(err)


def test_topic_and_glossary_schemas(tmp_path: Path) -> None:
    err = _error(tmp_path, "- id: berlin\n  phrases: [Berlin]\n", load_topics, "topics.yaml")
    assert (err.line, err.field) == (1, "label")
    err = _error(tmp_path, "- id: cmea\n  term: CMEA\n", load_glossary, "glossary.yaml")
    assert (err.line, err.field) == (1, "expansion")
    topics = load_topics(ROOT / "editions" / "demo" / "topics.yaml")
    assert any("Warsaw Pact" in t.phrases for t in topics)


def test_years_and_viaf_numbers_are_kept_as_text(tmp_path: Path) -> None:
    path = tmp_path / "people.yaml"
    path.write_text(PERSON + "  born: 1931\n  viaf: 100219255\n  forms: [Gorbachev]\n", encoding="utf-8")
    [person] = load_people(path)
    assert person.born == "1931" and person.viaf == "100219255" and person.sort_name == "Mikhail Gorbachev"
