"""Load the edition's registers (people, topics, glossary) with schema checks.

Registers are kept by hand, so every mistake is reported as `file:line: field: problem`. Line numbers come
from the YAML node marks (`yaml.compose`), not from the constructed Python values, which have none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .model import Person, Registers, Role, Term, Topic


class RegisterError(Exception):
    """A mistake in a register file, naming file, line and field."""

    def __init__(self, path: str | Path, line: int | None, field: str, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {field}: {problem}")


ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WIKIDATA_RE = re.compile(r"^Q[1-9]\d*$")
VIAF_RE = re.compile(r"^\d+$")
# Years as printed in a register: "1931", "-63", "1931-03-02", "1930s" is not a year (use a description).
YEAR_RE = re.compile(r"^-?\d{1,4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class _Field:
    """One key of an entry: its type check and whether it must be present."""

    kind: str  # "id" | "str" | "year" | "forms" | "roles" | "wikidata" | "viaf"
    required: bool = False


PERSON_FIELDS = {
    "id": _Field("id", True),
    "name": _Field("str", True),
    "sort_name": _Field("str"),
    "forms": _Field("forms"),
    "born": _Field("year"),
    "died": _Field("year"),
    "roles": _Field("roles"),
    "description": _Field("str"),
    "wikidata": _Field("wikidata"),
    "viaf": _Field("viaf"),
}
TOPIC_FIELDS = {
    "id": _Field("id", True),
    "label": _Field("str", True),
    "description": _Field("str"),
    "phrases": _Field("forms"),
}
TERM_FIELDS = {
    "id": _Field("id", True),
    "term": _Field("str", True),
    "expansion": _Field("str", True),
    "description": _Field("str"),
    "forms": _Field("forms"),
}
ROLE_FIELDS = {"title": _Field("str", True), "start": _Field("year"), "end": _Field("year")}


def load_registers(edition_dir: str | Path) -> Registers:
    """Read people.yaml, topics.yaml and glossary.yaml (each optional) from the edition."""
    edition_dir = Path(edition_dir)
    return Registers(
        people=tuple(load_people(edition_dir / "people.yaml")),
        topics=tuple(load_topics(edition_dir / "topics.yaml")),
        glossary=tuple(load_glossary(edition_dir / "glossary.yaml")),
    )


def load_people(path: str | Path) -> list[Person]:
    """The people register at path (empty when the file does not exist)."""
    return _load(Path(path), PERSON_FIELDS, _person)


def load_topics(path: str | Path) -> list[Topic]:
    """The topics register at path (empty when the file does not exist)."""
    return _load(Path(path), TOPIC_FIELDS, _topic)


def load_glossary(path: str | Path) -> list[Term]:
    """The glossary at path (empty when the file does not exist)."""
    return _load(Path(path), TERM_FIELDS, _term)


def _load(path: Path, schema: dict[str, _Field], make: Callable[[dict[str, Any]], Any]) -> list[Any]:
    if not path.is_file():
        return []
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise RegisterError(
            path, line, "encoding", f"not UTF-8 (byte {data[err.start]:#04x}); save the file as UTF-8"
        ) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise RegisterError(path, line, "yaml", f"not valid YAML: {err.problem or err}") from None
    if root is None:
        return []
    if not isinstance(root, SequenceNode):
        raise RegisterError(path, _line(root), "(top level)", "expected a list of entries (each starting with '- id:')")
    entries: list[Any] = []
    seen: dict[str, int | None] = {}
    for node in root.value:
        values = _entry(path, node, schema)
        entry_id = values["id"]
        if entry_id in seen:
            raise RegisterError(path, _line(node), "id", f"duplicate id {entry_id!r} (first at line {seen[entry_id]})")
        seen[entry_id] = _line(node)
        entries.append(make(values))
    return entries


def _entry(path: Path, node: Node, schema: dict[str, _Field], what: str = "entry") -> dict[str, Any]:
    """Check one mapping node against its schema and return its plain values."""
    if not isinstance(node, MappingNode):
        raise RegisterError(path, _line(node), "(entry)", f"expected a mapping of keys to values for each {what}")
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if key not in schema:
            allowed = ", ".join(schema)
            raise RegisterError(path, _line(key_node), str(key), f"unknown key (allowed: {allowed})")
        if key in values:
            raise RegisterError(path, _line(key_node), key, "key given twice in one entry")
        values[key] = _value(path, key, value_node, schema[key])
    for key, spec in schema.items():
        if spec.required and values.get(key) in (None, ""):
            raise RegisterError(path, _line(node), key, f"missing required key {key!r}")
    return values


def _value(path: Path, key: str, node: Node, spec: _Field) -> Any:
    line = _line(node)
    if spec.kind == "forms":
        if _is_null(node):
            return ()
        if not isinstance(node, SequenceNode):
            raise RegisterError(path, line, key, "expected a list of strings")
        items = []
        for item in node.value:
            text = _scalar_str(path, key, item)
            if not text.strip():
                raise RegisterError(path, _line(item), key, "empty string in list")
            items.append(text)
        return tuple(items)
    if spec.kind == "roles":
        if _is_null(node):
            return ()
        if not isinstance(node, SequenceNode):
            raise RegisterError(path, line, key, "expected a list of roles (title, start, end)")
        roles = []
        for item in node.value:
            r = _entry(path, item, ROLE_FIELDS, "role")
            roles.append(Role(r["title"], r.get("start"), r.get("end")))
        return tuple(roles)
    if _is_null(node):
        return None
    text = _scalar_str(path, key, node)
    if spec.kind == "id" and not ID_RE.match(text):
        raise RegisterError(path, line, key, f"{text!r} is not an id (lower-case letters, digits and hyphens)")
    if spec.kind == "year" and not YEAR_RE.match(text):
        raise RegisterError(path, line, key, f"{text!r} is not a year or ISO date (e.g. 1931 or 1931-03-02)")
    if spec.kind == "wikidata" and not WIKIDATA_RE.match(text):
        raise RegisterError(path, line, key, f"{text!r} is not a Wikidata item id (Q followed by digits)")
    if spec.kind == "viaf" and not VIAF_RE.match(text):
        raise RegisterError(path, line, key, f"{text!r} is not a VIAF id (digits)")
    if spec.kind == "str" and not text.strip():
        raise RegisterError(path, line, key, "empty string")
    return text


def _scalar_str(path: Path, key: str, node: Node) -> str:
    """A scalar's text; numbers (years, VIAF ids) are kept as printed, lists and mappings are errors."""
    if not isinstance(node, ScalarNode):
        kind = "list" if isinstance(node, SequenceNode) else "mapping"
        raise RegisterError(path, _line(node), key, f"expected a single value, got a {kind}")
    if node.tag.endswith(":bool"):
        raise RegisterError(path, _line(node), key, f"expected text, got the boolean {node.value!r} (quote it)")
    return str(node.value)


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag.endswith(":null")


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _person(e: dict[str, Any]) -> Person:
    return Person(
        id=e["id"],
        name=e["name"],
        sort_name=e.get("sort_name") or e["name"],
        forms=e.get("forms") or (),
        born=e.get("born"),
        died=e.get("died"),
        roles=e.get("roles") or (),
        description=e.get("description") or "",
        wikidata=e.get("wikidata"),
        viaf=e.get("viaf"),
    )


def _topic(e: dict[str, Any]) -> Topic:
    return Topic(e["id"], e["label"], e.get("description") or "", e.get("phrases") or ())


def _term(e: dict[str, Any]) -> Term:
    return Term(e["id"], e["term"], e["expansion"], e.get("description") or "", e.get("forms") or ())
