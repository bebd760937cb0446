"""Full-text search with Pagefind (the `pagefind` package and its bundled binary)."""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any


def index_pages(pages: dict[str, str], language: str = "en") -> dict[str, bytes]:
    """Index the given HTML pages (path → HTML) and return Pagefind's bundle files (path → bytes).

    Paths in the result are relative to the site root (under `pagefind/`). The pages are indexed in a
    private scratch folder that is deleted afterwards; the site itself is written only by the build.
    """
    # The pagefind package's Python service answers one message per 0.1 s poll (14 s for 140 pages);
    # its bundled binary indexes the same pages in a fraction of a second, so we run the binary.
    with tempfile.TemporaryDirectory(prefix="edition-builder-pagefind-") as scratch:
        root = Path(scratch) / "site"
        for path in sorted(pages):
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(pages[path], encoding="utf-8")
        out = Path(scratch) / "pagefind"
        command = [sys.executable, "-m", "pagefind", "--site", str(root), "--output-path", str(out)]
        command += ["--force-language", language, "--silent"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"pagefind failed ({result.returncode}): {result.stderr.strip() or result.stdout}")
        bundle = {
            "pagefind/" + p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
        }
    return canonical_filters(bundle)


# --- deterministic filter files ---------------------------------------------------------------------------
# Pagefind keeps filter values in a hash map, so the order of values in each filter file (and of the filters
# in the language's meta file) changes from run to run. The build must be byte-identical, so we sort them and
# rename the files by their new content; the chain filter → meta → pagefind-entry.json is rewritten to match.

_SIGNATURE = b"pagefind_dcd"


def canonical_filters(bundle: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle with filter values and filters in sorted order, and file names following their content."""
    entry_path = "pagefind/pagefind-entry.json"
    if entry_path not in bundle:
        return bundle
    out = dict(bundle)
    entry = json.loads(bundle[entry_path])
    for lang, info in sorted(entry.get("languages", {}).items()):
        meta_path = f"pagefind/pagefind.{info['hash']}.pf_meta"
        if meta_path not in out:
            continue
        meta = _decode(out.pop(meta_path))
        filters = meta[3] if len(meta) > 3 and isinstance(meta[3], list) else []
        renamed: list[list[str]] = []
        for name, old_hash in filters:
            data = _decode(out.pop(f"pagefind/filter/{old_hash}.pf_filter"))
            data[1] = sorted(data[1], key=lambda v: v[0])
            blob = _encode(data)
            new_hash = f"{lang}_{hashlib.sha256(blob).hexdigest()[:7]}"
            out[f"pagefind/filter/{new_hash}.pf_filter"] = blob
            renamed.append([name, new_hash])
        meta[3] = sorted(renamed)
        blob = _encode(meta)
        info["hash"] = f"{lang}_{hashlib.sha256(blob).hexdigest()[:10]}"
        out[f"pagefind/pagefind.{info['hash']}.pf_meta"] = blob
    out[entry_path] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out


def _decode(blob: bytes) -> Any:
    raw = gzip.decompress(blob)
    if not raw.startswith(_SIGNATURE):
        raise ValueError("not a Pagefind data file")
    value, end = _cbor_load(raw, len(_SIGNATURE))
    if end != len(raw):
        raise ValueError("trailing bytes in a Pagefind data file")
    return value


def _encode(value: Any) -> bytes:
    return gzip.compress(_SIGNATURE + _cbor_dump(value), mtime=0)


def _cbor_load(b: bytes, i: int) -> tuple[Any, int]:
    major, info = b[i] >> 5, b[i] & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(b[i : i + size], "big")
        i += size
    elif major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], i
    else:
        raise ValueError(f"unsupported CBOR item {b[i - 1]:#x}")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return bytes(b[i : i + n]), i + n
    if major == 3:
        return b[i : i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _cbor_load(b, i)
            items.append(item)
        return items, i
    if major == 5:
        mapping = {}
        for _ in range(n):
            key, i = _cbor_load(b, i)
            mapping[key], i = _cbor_load(b, i)
        return mapping, i
    if major == 7:
        return {20: False, 21: True, 22: None}[info], i
    raise ValueError(f"unsupported CBOR major type {major}")


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError("integer too large for CBOR")


def _cbor_dump(value: Any) -> bytes:
    if value is False or value is True or value is None:
        return bytes([0xF4 if value is False else 0xF5 if value is True else 0xF6])
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_dump(v) for v in value)
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(_cbor_dump(k) + _cbor_dump(v) for k, v in value.items())
    raise TypeError(f"cannot encode {type(value).__name__} as CBOR")
