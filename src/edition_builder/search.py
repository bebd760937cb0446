"""Full-text search with Pagefind (the `pagefind` package and its bundled binary)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import hashlib
import json
import struct
from typing import Any

from pagefind.index import IndexConfig
from pagefind.service import PagefindService


def index_pages(pages: dict[str, str], language: str = "en") -> dict[str, bytes]:
    """Index the given HTML pages (path → HTML) and return Pagefind's bundle files (path → bytes).

    Paths in the result are relative to the site root (under `pagefind/`). Nothing is written to disk:
    only the build writes files.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_index(pages, language))
    # called from inside an event loop (an async caller, a browser test driver): index on a worker thread
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _index(pages, language)).result()


async def _index(pages: dict[str, str], language: str) -> dict[str, bytes]:
    config = IndexConfig(force_language=language, output_path="pagefind")
    # PagefindIndex used as a context manager writes the bundle into the working directory on exit;
    # driving the service directly keeps the stage pure (get_files, then drop the index).
    async with PagefindService() as service:
        index = await service.create_index(config)
        for path in sorted(pages):
            await index.add_html_file(content=pages[path], source_path=path)
        files = await index.get_files()
        await index.delete_index()
    bundle = {_relative(f["path"]): f["content"] for f in sorted(files, key=lambda f: f["path"])}
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


def _relative(path: str) -> str:
    path = path.replace("\\", "/").lstrip("/")
    return path if path.startswith("pagefind/") else "pagefind/" + path
