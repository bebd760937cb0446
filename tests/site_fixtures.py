"""Session fixtures for the published-site tests: one demo build, served over http under a sub-path, and a browser.

Imported by tests/conftest.py. The browser is Debian's Chromium driven by Playwright (never a downloaded
browser); a test needing a tool that is genuinely absent is skipped with a message naming the tool.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edition_builder import build as build_api

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "editions" / "demo"
CHROMIUM = Path("/usr/bin/chromium")
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
SUBPATH = "my-edition"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing_tool(message: str) -> None:
    """Skip a test whose tool is genuinely absent, saying which; under CI (CI set) fail instead: CI has them all."""
    if os.environ.get("CI"):
        pytest.fail(f"{message} — CI must have every test tool (make test installs them)")
    pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class names it so
        pass


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo edition built once per session into <tmp>/my-edition/ (a folder named like a project site)."""
    out = tmp_path_factory.mktemp("served") / SUBPATH
    build_api.build(DEMO, out=out)
    return out


@pytest.fixture(scope="session")
def site_url(demo_build: Path) -> Iterator[str]:
    """The demo build served over http on 127.0.0.1 (random port) from its parent: the site lives under /my-edition/."""
    handler = functools.partial(_QuietHandler, directory=str(demo_build.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUBPATH}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Chromium context with a fresh profile; every request to a host other than 127.0.0.1 is refused."""
    if not CHROMIUM.exists():
        missing_tool(f"Chromium is not installed ({CHROMIUM}); run scripts/install-test-tools.sh as root")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("the playwright Python package is missing; install the test extra: pip install -e '.[test]'")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        context.foreign_requests = []  # type: ignore[attr-defined]

        def guard(route: Any) -> None:
            url = route.request.url
            if url.startswith(("http://127.0.0.1:", "data:", "blob:")):
                route.continue_()
            else:
                context.foreign_requests.append(url)  # type: ignore[attr-defined]
                route.abort()

        context.route("**/*", guard)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture()
def page(browser_context: Any) -> Iterator[Any]:
    """A fresh tab at desktop width; closed after the test."""
    tab = browser_context.new_page()
    tab.set_viewport_size({"width": 1280, "height": 900})
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.js_errors = errors  # type: ignore[attr-defined]
    try:
        yield tab
    finally:
        tab.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """tests/artifacts/ (git-ignored), where screenshots go."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def require_java() -> str:
    """The java command, or skip naming what is missing."""
    java = shutil.which("java")
    if not java:
        missing_tool("java is not installed (default-jre-headless); run scripts/install-test-tools.sh as root")
    if not VNU_JAR.is_file():
        missing_tool(f"the Nu HTML Checker is missing ({VNU_JAR}); run `npm ci` (scripts/install-test-tools.sh)")
    return java
