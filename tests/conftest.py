"""Shared pytest options and fixtures (keep this file small: feature fixtures live in their test modules)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

# The TEI P5 tei_all schema; TEI_ALL_RNG points elsewhere when the shared copy is not at hand.
# ../shared sits beside the project root on every developer machine and in CI.
SHARED = Path(__file__).resolve().parents[2] / "shared"
TEI_ALL_RNG = Path(os.environ.get("TEI_ALL_RNG", str(SHARED / "schemas" / "tei_all.rng")))


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--regen-golden` rewrites golden files from the current output instead of comparing with them."""
    parser.addoption(
        "--regen-golden", action="store_true", default=False, help="rewrite golden files from current output"
    )


@pytest.fixture(scope="session")
def regen_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run regenerates golden files."""
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture(scope="session")
def tei_schema() -> etree.RelaxNG:
    """The tei_all RELAX NG schema, loaded once per session (loading takes several seconds)."""
    assert TEI_ALL_RNG.is_file(), f"TEI schema not found at {TEI_ALL_RNG}; set TEI_ALL_RNG to tei_all.rng"
    return etree.RelaxNG(etree.parse(str(TEI_ALL_RNG)))


# the published-site fixtures (tests/site_fixtures.py): one demo build served under a sub-path, and Chromium
from site_fixtures import artifacts, browser_context, demo_build, page, site_url  # noqa: E402, F401, I001
