"""Every page of the demo build is valid HTML for the Nu HTML Checker (vnu-jar), in one Java run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from site_fixtures import VNU_JAR, require_java

pytestmark = pytest.mark.validator


def test_every_page_passes_the_nu_html_checker(demo_build: Path) -> None:
    java = require_java()
    pages = sorted(str(p) for p in demo_build.rglob("*.html"))
    assert len(pages) >= 10, "the demo build has too few pages to be worth checking"
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    errors = [m for m in report["messages"] if m.get("type") == "error" or m.get("subType") == "fatal"]
    shown = "\n".join(
        f"{m.get('url', '').split(demo_build.name + '/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}"
        for m in errors[:30]
    )
    assert not errors, f"{len(errors)} HTML error(s):\n{shown}"
    assert run.returncode == 0
