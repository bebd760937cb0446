"""Load and validate an edition's edition.yaml into frozen Settings."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class ConfigError(Exception):
    """A mistake in edition.yaml, with the file (and line where known) in the message."""


@dataclass(frozen=True)
class Settings:
    """Everything an edition declares about itself."""

    root: Path  # the project root (corpus/ and templates/ live here)
    edition_dir: Path
    name: str
    title: str
    subtitle: str
    editors: tuple[str, ...]
    publisher: str
    licence: str
    licence_url: str
    base_url: str
    language: str
    corpus: tuple[str, ...]  # glob patterns relative to the project root
    about: str  # markdown text of about.md ("" when absent)


REQUIRED = ("title", "editors", "licence", "base_url")
KNOWN = frozenset({*REQUIRED, "subtitle", "publisher", "licence_url", "language", "corpus"})


def load_settings(edition_dir: str | Path) -> Settings:
    """Read editions/<name>/edition.yaml (and about.md beside it) into Settings."""
    edition_dir = Path(edition_dir).resolve()
    path = edition_dir / "edition.yaml"
    if not path.is_file():
        raise ConfigError(f"{path}: edition.yaml not found")
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: edition.yaml must be a mapping of keys to values")
    for key in sorted(set(map(str, data)) - KNOWN):
        hint = difflib.get_close_matches(key, KNOWN, n=1)
        line = _key_line(path, key)
        raise ConfigError(
            f"{path}:{line}: unknown key {key!r}"
            + (f" (did you mean {hint[0]!r}?)" if hint else "")
            + f"; known keys: {', '.join(sorted(KNOWN))}"
        )
    for key in REQUIRED:
        if not data.get(key):
            raise ConfigError(f"{path}: required key {key!r} is missing or empty")
    editors = data["editors"]
    if isinstance(editors, str):
        editors = [editors]
    if not isinstance(editors, list) or not all(isinstance(e, str) for e in editors):
        raise ConfigError(f"{path}: 'editors' must be a list of names")
    corpus = data.get("corpus") or ["corpus/*"]
    if isinstance(corpus, str):
        corpus = [corpus]
    root = edition_dir.parent.parent if edition_dir.parent.name == "editions" else edition_dir
    about_path = edition_dir / "about.md"
    return Settings(
        root=root,
        edition_dir=edition_dir,
        name=edition_dir.name,
        title=str(data["title"]),
        subtitle=str(data.get("subtitle") or ""),
        editors=tuple(editors),
        publisher=str(data.get("publisher") or ", ".join(editors)),
        licence=str(data["licence"]),
        licence_url=str(data.get("licence_url") or ""),
        base_url=str(data["base_url"]).rstrip("/") + "/",
        language=str(data.get("language") or "en"),
        corpus=tuple(str(c) for c in corpus),
        about=about_path.read_text(encoding="utf-8") if about_path.is_file() else "",
    )


def _key_line(path: Path, key: str) -> int:
    """The 1-based line of a top-level key in a YAML mapping file (1 when it cannot be told)."""
    node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    for key_node, _ in getattr(node, "value", []):
        if str(getattr(key_node, "value", "")) == key:
            return key_node.start_mark.line + 1
    return 1


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{line}: invalid YAML: {err}") from err


def find_edition(root: str | Path = ".") -> Path:
    """The only edition under root/editions (for commands given no edition)."""
    editions = sorted(p for p in (Path(root) / "editions").glob("*/edition.yaml"))
    if len(editions) != 1:
        names = ", ".join(p.parent.name for p in editions) or "none"
        raise ConfigError(f"name the edition to build (editions found: {names})")
    return editions[0].parent
