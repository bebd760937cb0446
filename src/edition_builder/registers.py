"""Load the edition's registers (people, topics, glossary) with schema checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .model import Person, Registers, Role, Term, Topic


class RegisterError(Exception):
    """A mistake in a register file, naming file, line and field."""


def load_registers(edition_dir: str | Path) -> Registers:
    """Read people.yaml, topics.yaml and glossary.yaml (each optional) from the edition."""
    edition_dir = Path(edition_dir)
    return Registers(
        people=tuple(_person(e) for e in _entries(edition_dir / "people.yaml")),
        topics=tuple(_topic(e) for e in _entries(edition_dir / "topics.yaml")),
        glossary=tuple(_term(e) for e in _entries(edition_dir / "glossary.yaml")),
    )


def _entries(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise RegisterError(f"{path}:1: expected a list of entries")
    return data


def _person(e: dict[str, Any]) -> Person:
    return Person(
        id=e["id"],
        name=e["name"],
        sort_name=e.get("sort_name") or e["name"],
        forms=tuple(e.get("forms") or ()),
        born=_s(e.get("born")),
        died=_s(e.get("died")),
        roles=tuple(Role(r["title"], _s(r.get("start")), _s(r.get("end"))) for r in e.get("roles") or ()),
        description=e.get("description") or "",
        wikidata=e.get("wikidata"),
        viaf=_s(e.get("viaf")),
    )


def _topic(e: dict[str, Any]) -> Topic:
    return Topic(e["id"], e["label"], e.get("description") or "", tuple(e.get("phrases") or ()))


def _term(e: dict[str, Any]) -> Term:
    return Term(e["id"], e["term"], e["expansion"], e.get("description") or "", tuple(e.get("forms") or ()))


def _s(v: Any) -> str | None:
    return None if v is None else str(v)
