"""No broken internal link: every href/src of every page, fetched over http with the site under a sub-path."""

from __future__ import annotations

import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse


class _Refs(HTMLParser):
    """The href/src values and the ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.refs.append(value)
            elif name == "id":
                self.ids.add(value)


def _parse(text: str) -> _Refs:
    refs = _Refs()
    refs.feed(text)
    return refs


def _page_url(site_url: str, rel: str) -> str:
    return site_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - 127.0.0.1 only
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, b""


def test_every_internal_link_resolves_over_http_under_a_sub_path(demo_build: Path, site_url: str) -> None:
    pages = {p.relative_to(demo_build).as_posix(): p.read_text(encoding="utf-8") for p in demo_build.rglob("*.html")}
    fetched: dict[str, tuple[int, bytes]] = {}
    ids: dict[str, set[str]] = {}
    broken: list[str] = []
    checked = 0
    for rel, text in sorted(pages.items()):
        if rel == "404.html":
            continue  # served at any depth by the host; its links are rebased at run time
        base = _page_url(site_url, rel)
        for ref in _parse(text).refs:
            if urlparse(ref).scheme in ("http", "https", "mailto", "data"):
                assert not ref.startswith(("http://127.", "http://localhost")), f"{rel}: absolute local link {ref}"
                continue
            target, fragment = urldefrag(urljoin(base, ref))
            if not target.startswith(site_url):
                broken.append(f"{rel}: {ref} leaves the edition's folder ({target})")
                continue
            if target not in fetched:
                fetched[target] = _fetch(target)
            status, body = fetched[target]
            checked += 1
            if status != 200:
                broken.append(f"{rel}: {ref} → HTTP {status}")
            elif fragment and target.endswith("/"):
                if target not in ids:
                    ids[target] = _parse(body.decode("utf-8")).ids
                if fragment not in ids[target]:
                    broken.append(f"{rel}: {ref} → no element with id {fragment!r}")
    assert checked > 100, "too few links were checked to trust the result"
    assert not broken, f"{len(broken)} broken link(s):\n" + "\n".join(broken[:40])


def test_the_whole_pagefind_bundle_is_served_under_the_sub_path(demo_build: Path, site_url: str) -> None:
    bundle = sorted(p.relative_to(demo_build).as_posix() for p in (demo_build / "pagefind").rglob("*") if p.is_file())
    assert "pagefind/pagefind-entry.json" in bundle and "pagefind/pagefind-highlight.js" in bundle
    bad = [rel for rel in bundle if _fetch(site_url + rel)[0] != 200]
    assert not bad, f"not served: {bad}"
