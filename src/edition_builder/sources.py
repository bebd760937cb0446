"""Find an edition's corpus files, in sorted order, with their sidecars."""

from __future__ import annotations

from pathlib import Path

import yaml

from .config import ConfigError, Settings
from .model import SourceFile

SOURCE_SUFFIXES = (".txt", ".md", ".xml")


def find_sources(settings: Settings) -> list[SourceFile]:
    """Every corpus file the edition names, sorted by path, with NAME.yaml sidecars read."""
    paths: set[Path] = set()
    for pattern in settings.corpus:
        for p in settings.root.glob(pattern):
            if p.is_file() and p.suffix in SOURCE_SUFFIXES:
                paths.add(p)
    if not paths:
        raise ConfigError(f"{settings.edition_dir / 'edition.yaml'}: corpus patterns match no files")
    return [read_source(p, settings.root) for p in sorted(paths)]


def read_source(path: Path, root: Path | None = None) -> SourceFile:
    """Read one corpus file and its sidecar (NAME.yaml beside it), if any."""
    shown = _shown(path, root)
    sidecar_path = path.with_suffix(".yaml")
    sidecar = None
    lines: dict[str, int] = {}
    if sidecar_path.is_file():
        try:
            text = sidecar_path.read_text(encoding="utf-8")
            sidecar = yaml.safe_load(text) or {}
            lines = _key_lines(text)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            raise ConfigError(f"{_shown(sidecar_path, root)}{line}: invalid YAML: {err}") from err
        except UnicodeDecodeError as err:
            raise ConfigError(f"{_shown(sidecar_path, root)}: a sidecar must be UTF-8 ({err})") from err
        if not isinstance(sidecar, dict):
            raise ConfigError(f"{_shown(sidecar_path, root)}:1: a sidecar must be a mapping of fields")
    return SourceFile(
        path=shown,
        data=path.read_bytes(),
        sidecar=sidecar,
        sidecar_path=_shown(sidecar_path, root) if sidecar is not None else None,
        sidecar_lines=lines,
    )


def _key_lines(text: str) -> dict[str, int]:
    """The 1-based line of each top-level key, and of `key.sub` for keys of a nested mapping."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            lines.setdefault(key, key_node.start_mark.line + 1)
            if isinstance(value_node, yaml.MappingNode):
                for sub_key, _ in value_node.value:
                    lines.setdefault(f"{key}.{sub_key.value}", sub_key.start_mark.line + 1)
    return lines


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
