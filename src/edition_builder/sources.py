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
    if sidecar_path.is_file():
        try:
            sidecar = yaml.safe_load(sidecar_path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            raise ConfigError(f"{_shown(sidecar_path, root)}{line}: invalid YAML: {err}") from err
        if not isinstance(sidecar, dict):
            raise ConfigError(f"{_shown(sidecar_path, root)}:1: a sidecar must be a mapping of fields")
    return SourceFile(
        path=shown,
        data=path.read_bytes(),
        sidecar=sidecar,
        sidecar_path=_shown(sidecar_path, root) if sidecar is not None else None,
    )


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
