"""Golden pages (as Pelican does): a few pages of the demo build compared byte for byte with tests/golden/pages/.

After an intended change of the templates, parsers or linking, regenerate them and review the diff by eye:

    make golden            # runs: pytest tests/test_tei.py tests/test_golden.py --regen-golden
    git diff tests/golden/
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden" / "pages"
PAGES = (
    "index.html",
    "documents/doc-51/index.html",
    "people/gorbachev/index.html",
    "glossary/index.html",
    "chronology/index.html",
)


def golden_name(page: str) -> str:
    """The golden file's name for a site path (folders flattened with '__')."""
    return page.replace("/", "__")


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_its_golden_file(demo_build: Path, regen_golden: bool, page: str) -> None:
    built = (demo_build / page).read_text(encoding="utf-8")
    golden = GOLDEN / golden_name(page)
    if regen_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(built, encoding="utf-8")
    assert golden.is_file(), f"no golden file for {page}; run `make golden` and review it"
    expected = golden.read_text(encoding="utf-8")
    if built != expected:
        diff = difflib.unified_diff(expected.splitlines(), built.splitlines(), "golden", "built", lineterm="", n=1)
        shown = "\n".join(list(diff)[:60])
        where = golden.relative_to(GOLDEN.parents[1])
        pytest.fail(f"{page} differs from {where}; review, then `make golden`:\n{shown}")
