"""Full-text search with Pagefind (the `pagefind` package and its bundled binary)."""

from __future__ import annotations

import asyncio

from pagefind.index import IndexConfig, PagefindIndex


def index_pages(pages: dict[str, str], language: str = "en") -> dict[str, bytes]:
    """Index the given HTML pages (path → HTML) and return Pagefind's bundle files (path → bytes).

    Paths in the result are relative to the site root (under `pagefind/`).
    """
    return asyncio.run(_index(pages, language))


async def _index(pages: dict[str, str], language: str) -> dict[str, bytes]:
    config = IndexConfig(force_language=language, output_path="pagefind")
    async with PagefindIndex(config=config) as index:
        for path in sorted(pages):
            await index.add_html_file(content=pages[path], source_path=path)
        files = await index.get_files()
    return {_relative(f["path"]): f["content"] for f in files}


def _relative(path: str) -> str:
    path = path.replace("\\", "/").lstrip("/")
    return path if path.startswith("pagefind/") else "pagefind/" + path
