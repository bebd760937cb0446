"""The published edition in a real browser (Debian's Chromium through Playwright), served under a sub-path.

Search with filters, notes beside their calls, keyboard reach, accessibility (axe-core), reading without
JavaScript, layout at phone width, and screenshots for people to look at (tests/artifacts/).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from site_fixtures import AXE_JS, missing_tool

pytestmark = pytest.mark.browser


def _documents(demo_build: Path) -> list[dict[str, Any]]:
    """The JSON records of the built documents."""
    folders = sorted(p for p in (demo_build / "documents").iterdir() if p.is_dir())
    return [json.loads((f / f"{f.name}.json").read_text(encoding="utf-8")) for f in folders]


def _noted_document(demo_build: Path) -> str:
    """The id of a document with footnote calls (the one with most notes)."""
    records = [r for r in _documents(demo_build) if any(b["notes"] for b in r["headnote"] + r["body"])]
    assert records, "no document of the demo edition has a footnote call"
    return max(records, key=lambda r: (len(r["footnotes"]), r["id"]))["id"]


def _person_page(demo_build: Path) -> str:
    """The path of the person page listing most documents."""
    pages = sorted(demo_build.glob("people/*/index.html"))
    assert pages, "the demo edition has no person pages"
    best = max(pages, key=lambda p: (p.read_text(encoding="utf-8").count("mention"), p.parent.name))
    return best.relative_to(demo_build).parent.as_posix() + "/"


def _search(page: Any, site_url: str, term: str) -> int:
    page.goto(site_url + "search/")
    page.fill(".pagefind-ui__search-input", term)
    page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
    page.wait_for_function("() => !document.querySelector('.pagefind-ui__loading')", timeout=10_000)
    return _result_count(page)


def _result_count(page: Any) -> int:
    message = page.inner_text(".pagefind-ui__message")
    m = re.search(r"(\d+)\s+result", message)
    assert m, f"no result count in {message!r}"
    return int(m.group(1))


def test_search_finds_warsaw_pact_and_a_person_filter_narrows_it(page: Any, site_url: str) -> None:
    total = _search(page, site_url, "Warsaw Pact")
    assert total >= 2
    assert page.locator(".pagefind-ui__result").count() == min(total, 5)  # Pagefind shows five, then "load more"
    # paragraph sub-results jump to the paragraph, with the terms to highlight
    sub = page.locator(".pagefind-ui__result-nested .pagefind-ui__result-link").first
    href = sub.get_attribute("href")
    assert href and re.search(r"\?highlight=warsaw.*#(p|s|h)\w+$", href, re.I), href
    # the person filter: pick a person found in some but not all results
    block = page.locator(".pagefind-ui__filter-block", has=page.locator("summary", has_text="person"))
    if block.get_attribute("open") is None:  # the search page opens the person filter; open it if not
        block.locator("summary").click()
    options = block.locator("label")
    counts = [(i, int(re.search(r"\((\d+)\)", t).group(1))) for i, t in enumerate(options.all_inner_texts())]
    narrower = [i for i, c in counts if 0 < c < total]
    assert narrower, f"no person narrows {total} results: {counts}"
    i = narrower[0]
    expected = counts[i][1]
    options.nth(i).click()
    page.wait_for_function(
        f"() => /\\b{expected} result/.test(document.querySelector('.pagefind-ui__message')?.textContent || '')",
        timeout=10_000,
    )
    assert _result_count(page) == expected < total


def test_a_search_result_opens_the_paragraph_with_terms_highlighted(page: Any, site_url: str) -> None:
    _search(page, site_url, "Warsaw Pact")
    link = page.locator(".pagefind-ui__result-nested .pagefind-ui__result-link").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(r"/documents/"))
    anchor = href.rsplit("#", 1)[1]
    assert page.locator(f"#{anchor}").count() == 1
    page.wait_for_selector("mark.pagefind-highlight", timeout=10_000)
    marked = page.locator("mark.pagefind-highlight").all_inner_texts()
    assert any(t.casefold() in ("warsaw", "pact") for t in marked), marked
    assert not page.js_errors


def test_results_can_be_ordered_by_date(page: Any, site_url: str) -> None:
    _search(page, site_url, "Soviet")
    page.select_option("#sort", "date:asc")
    page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
    page.wait_for_timeout(500)
    dates = re.findall(
        r"\((?:[^()]*?)(\d{4})\)$", "\n".join(page.locator(".pagefind-ui__result-title").all_inner_texts()), re.M
    )
    assert dates == sorted(dates) and len(dates) >= 2, dates


def test_a_footnote_call_opens_its_note_beside_it_and_escape_closes_it(
    page: Any, site_url: str, demo_build: Path
) -> None:
    doc_id = _noted_document(demo_build)
    page.goto(f"{site_url}documents/{doc_id}/")
    call = page.locator(".fn-call a").first
    note_id = call.get_attribute("href").lstrip("#")
    note_text = page.locator(f"#{note_id} .fn-text").inner_text()
    call.click()
    pop = page.locator("#fn-pop")
    assert pop.is_visible()
    assert note_text[:40] in pop.inner_text()
    assert call.get_attribute("aria-describedby") == "fn-pop"
    assert page.evaluate("location.hash") == "", "the first tap shows the note without leaving the place"
    page.keyboard.press("Escape")
    assert not pop.is_visible()
    # keyboard: focus back on the call after Escape, then Tab on to the next call, whose note shows
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{note_id}"
    second = page.locator(".fn-call a").nth(1)
    second.focus()
    assert pop.is_visible()
    assert page.locator(second.get_attribute("href") + " .fn-text").inner_text()[:30] in pop.inner_text()
    page.keyboard.press("Escape")
    assert not pop.is_visible()
    assert not page.js_errors


def test_tab_reaches_every_link_of_a_document_page(page: Any, site_url: str, demo_build: Path) -> None:
    doc_id = _noted_document(demo_build)
    page.goto(f"{site_url}documents/{doc_id}/")
    total = page.evaluate(
        """() => { let n = 0; document.querySelectorAll('a[href]').forEach(a => {
             const r = a.getBoundingClientRect();
             if (r.width > 0 && r.height > 0 || a.classList.contains('skip')) a.dataset.tabcheck = n++; });
           return n; }"""
    )
    assert total > 10
    reached: set[str] = set()
    for _ in range(total + 40):
        page.keyboard.press("Tab")
        idx = page.evaluate("() => document.activeElement && document.activeElement.dataset.tabcheck || null")
        if idx is not None:
            reached.add(idx)
        if len(reached) == total:
            break
    missing = sorted(set(map(str, range(total))) - reached, key=int)
    assert not missing, f"{len(missing)} of {total} links never got focus: " + str(
        [page.locator(f'[data-tabcheck="{m}"]').first.get_attribute("href") for m in missing[:10]]
    )


@pytest.mark.parametrize("which", ["home", "document", "person", "search"])
def test_axe_finds_no_accessibility_violation(page: Any, site_url: str, demo_build: Path, which: str) -> None:
    if not AXE_JS.is_file():
        missing_tool(f"axe-core is missing ({AXE_JS}); run `npm ci` (scripts/install-test-tools.sh)")
    if which == "search":
        _search(page, site_url, "Warsaw Pact")
    else:
        path = {"home": "", "document": f"documents/{_noted_document(demo_build)}/", "person": _person_page(demo_build)}
        page.goto(site_url + path[which])
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]
    assert not violations, "\n".join(violations)


def test_reading_works_without_javascript(browser_context: Any, site_url: str, demo_build: Path) -> None:
    doc_id = _noted_document(demo_build)
    browser = browser_context.browser
    if browser is None:  # a persistent context has no separate browser; make a page with JS off by CDP
        page = browser_context.new_page()
        cdp = browser_context.new_cdp_session(page)
        cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
    else:
        page = browser.new_page(java_script_enabled=False)
    try:
        page.goto(f"{site_url}documents/{doc_id}/")
        call = page.locator(".fn-call a").first
        target = call.get_attribute("href")
        call.click()
        assert page.evaluate("location.hash") == target
        assert page.locator(target).is_visible()
        page.goto(site_url + "search/")
        assert "Search needs JavaScript" in page.locator("main").inner_text()
    finally:
        page.close()


def test_the_layout_holds_at_phone_width_and_screenshots(
    page: Any, site_url: str, demo_build: Path, artifacts: Path
) -> None:
    doc = f"documents/{_noted_document(demo_build)}/"
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 780})
        for name, path in (("home", ""), ("document", doc), ("person", _person_page(demo_build))):
            page.goto(site_url + path)
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} page scrolls sideways by {overflow}px at {width}px"
            page.screenshot(path=str(artifacts / f"{name}-{width}.png"))
        _search(page, site_url, "Warsaw Pact")
        page.screenshot(path=str(artifacts / f"search-{width}.png"))
    assert not browser_context_foreign(page)


def browser_context_foreign(page: Any) -> list[str]:
    """Requests the pages tried to make to any host but 127.0.0.1 (refused by the context)."""
    return list(page.context.foreign_requests)
