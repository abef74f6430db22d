"""The real server in a subprocess, driven by Playwright with Debian's chromium.

Screenshots of every step go to test-artifacts/. Run these alone with `pytest -m browser`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from live import free_port, wait_until_serving
from playwright.sync_api import Browser, Page, sync_playwright

from disclosure_search.config import PROJECT_ROOT, Settings

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


@pytest.fixture(scope="module")
def server(sample_home: Settings) -> Iterator[str]:
    """`disclosure-search serve` on a free 127.0.0.1 port, stopped after the module."""
    port = free_port()
    command = [sys.executable, "-m", "disclosure_search", "serve", "--home", str(sample_home.home)]
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def open_page(browser: Browser, viewport: dict[str, int], javascript: bool) -> Page:
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    return context.new_page()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A desktop page with JavaScript off: everything must work without it."""
    opened = open_page(browser, DESKTOP, javascript=False)
    yield opened
    opened.context.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def total(page: Page) -> int:
    return int(page.locator("p.total strong").inner_text())


def test_journey_search_facet_disclosure_original(page: Page, server: str) -> None:
    page.goto(server + "/")
    shot(page, "01-home")
    page.get_by_label("Search words").fill("council")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/search\?q=council"))
    everything = total(page)
    assert everything > 10
    shot(page, "02-results")

    facets = page.locator("aside#facets")
    topic = facets.locator("section", has=page.get_by_role("heading", name="Topic"))
    health = topic.get_by_role("link", name=re.compile(r"^Health\W*\d"))
    if not health.is_visible():  # past the first ten values, folded under "N more"
        topic.locator("summary").click()
    health.click()
    page.wait_for_url(re.compile(r"topic=health"))
    assert 1 <= total(page) < everything
    active = page.locator("div.active-filters")
    assert "Topic: health" in active.inner_text()
    shot(page, "03-facet")

    page.get_by_role("link", name="Council Occupational Physiotherapy Service").click()
    page.wait_for_url(re.compile(r"/disclosure/sha-[0-9a-f]{16}"))
    assert page.locator("h1").inner_text() == "Council Occupational Physiotherapy Service"
    assert "Coventry City Council (2025)" in page.locator("blockquote.cite-text").inner_text()
    shot(page, "04-disclosure")

    page.get_by_role("link", name="Open the original").click()
    page.wait_for_url(re.compile(r"/original/[0-9a-f]{64}"))
    assert "Physiotherapy" in page.locator("body").inner_text()
    shot(page, "05-original")


def test_removing_a_filter_and_paginating(page: Page, server: str) -> None:
    page.goto(server + "/search?q=council&topic=council-tax")
    narrowed = total(page)
    page.get_by_role("link", name="Remove filter Topic: council-tax").click()
    page.wait_for_url(re.compile(r"/search\?q=council$"))
    assert total(page) > narrowed
    page.get_by_role("link", name="Next ›").click()
    page.wait_for_url(re.compile(r"page=2"))
    current = page.locator("nav.pagination a[aria-current=page]")
    assert current.inner_text() == "2"
    assert page.locator("ol.hits").get_attribute("start") == "11"
    shot(page, "06-page-2")


def test_filters_sort_and_page_size_from_the_form(page: Page, server: str) -> None:
    page.goto(server + "/search?q=council")
    page.locator("summary", has_text="Filters and options").click()
    form = page.get_by_role("search")
    form.get_by_label("Outcome").select_option("granted")
    form.get_by_label("Sort by").select_option("oldest")
    form.get_by_label("Results per page").select_option("20")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"outcome=granted.*sort=oldest.*limit=20"))
    dates = page.locator("ol.hits time").evaluate_all("els => els.map(e => e.dateTime)")
    assert dates == sorted(dates)
    assert page.locator("ol.hits > li").count() <= 20
    assert "Outcome: granted" in page.locator("div.active-filters").inner_text()
    shot(page, "07-form-filters")


def test_reference_jump_and_did_you_mean(page: Page, server: str) -> None:
    page.goto(server + "/")
    page.get_by_label("Search words").fill("#FOI759201887")
    page.get_by_label("Search words").press("Enter")
    page.wait_for_url(re.compile(r"/disclosure/sha-[0-9a-f]{16}"))
    page.goto(server + "/search?q=physiotheraphy")
    page.locator("p.did-you-mean a").click()
    page.wait_for_url(re.compile(r"q=physiotherapy"))
    assert total(page) >= 1


def test_forms_send_no_empty_fields_with_javascript(browser: Browser, server: str) -> None:
    page = open_page(browser, DESKTOP, javascript=True)
    page.goto(server + "/")
    page.get_by_label("Search words").fill("pothole")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/search\?"))
    assert page.url.split("?", 1)[1] == "q=pothole&limit=10"
    shot(page, "08-results-read-well")
    # Back on the form, its fields work again (none is left disabled).
    page.go_back()
    assert page.locator("form[role=search] :disabled").count() == 0
    page.context.close()


def test_group_page_links_each_answer(page: Page, server: str) -> None:
    page.goto(server + "/search?q=council+tax+exemption+care+leavers")
    page.get_by_role("link", name=re.compile("compare their answers")).first.click()
    page.wait_for_url(re.compile(r"/group/"))
    rows = page.locator("table.group-table tbody tr")
    assert rows.count() >= 5
    shot(page, "08-group")
    rows.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/disclosure/"))


def test_keyboard_skip_link_and_visible_focus(browser: Browser, server: str) -> None:
    page = open_page(browser, DESKTOP, javascript=True)
    page.goto(server + "/search?q=council")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    box = page.locator("a.skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the skip link shows when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    for _ in range(4):
        page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is visible"
    page.context.close()


def luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_text_contrast_meets_wcag_aa(browser: Browser, server: str) -> None:
    page = open_page(browser, DESKTOP, javascript=True)
    page.goto(server + "/search?q=council&topic=council-tax")
    selectors = ["main p", "main a", ".meta", ".facet .count", ".facet a.active", ".hint",
                 ".total", "button", ".site-footer p", "mark, b.match"]  # fmt: skip
    # The colour behind an element: its own, else the nearest ancestor's, else the page's.
    script = """el => { const clear = /rgba\\(0, 0, 0, 0\\)|transparent/;
        let bg = 'rgba(0, 0, 0, 0)', node = el;
        while (node && clear.test(bg)) {
            bg = getComputedStyle(node).backgroundColor; node = node.parentElement; }
        return [getComputedStyle(el).color, clear.test(bg) ? 'rgb(255, 255, 255)' : bg]; }"""
    for selector in selectors:
        foreground, background = page.locator(selector).first.evaluate(script)
        assert contrast(foreground, background) >= 4.5, (selector, foreground, background)
    page.context.close()


PHONE_PAGES = {
    "home": "/",
    "results": "/search?q=council",
    "disclosure": "/disclosure/{coventry}",
    "group": "/group/{group}",
    "help": "/help",
    "hints": "/search?q=%22unclosed+autority:x",
}


@pytest.mark.parametrize(("name", "path"), PHONE_PAGES.items(), ids=PHONE_PAGES)
def test_readable_on_a_phone_without_sideways_scrolling(
    browser: Browser, server: str, name: str, path: str
) -> None:
    page = open_page(browser, PHONE, javascript=True)
    if name == "disclosure":
        path = "/search?q=%23FOI759201887"  # jumps to the disclosure
    elif name == "group":
        page.goto(server + "/search?q=council+tax+exemption+care+leavers")
        path = page.get_by_role("link", name=re.compile("compare")).first.get_attribute("href")
    page.goto(server + path)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font >= 16
    shot(page, f"phone-{name}")
    page.context.close()


def test_pages_raise_no_console_errors_or_policy_violations(browser: Browser, server: str) -> None:
    page = open_page(browser, DESKTOP, javascript=True)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    for path in ("/", "/search?q=council", "/help", "/search?q=%23FOI759201887"):
        page.goto(server + path)
    # The disclosure page's schema.org block is data: present, and no policy complains.
    assert page.locator("script[type='application/ld+json']").count() == 1
    assert errors == []
    page.context.close()
