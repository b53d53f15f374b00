"""Fixtures of the browser tests: one strict build, served on 127.0.0.1, seen by Chromium.

The session builds the site once, serves it, and visits every page the build lists in its sitemap,
so pages added later are covered without touching these tests. At the end the report of load times
and transferred bytes is printed and written to ``artifacts/`` with the screenshots.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, sync_playwright

from tests.browser.phone import PhoneVisit, phone_visit, write_results
from tests.browser.site import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    Server,
    Visit,
    build_site,
    estimate_gzip,
    site_pages,
    visit,
    write_report,
)

_REPORT: dict[str, Any] = {}


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A strict build of the site, made once per session, served on 127.0.0.1 on a free port.

    The server takes its port first and the site is built for that address (``SITE_URL``): the
    theme's instant navigation only follows links to the address in the sitemap.
    """
    site = tmp_path_factory.mktemp("build") / "site"
    with Server(site) as server:
        build_site(site, SITE_URL=server.url)
        yield site, server.url


@pytest.fixture(scope="session")
def built_site(served_site: tuple[Path, str]) -> Path:
    return served_site[0]


@pytest.fixture(scope="session")
def base_url(served_site: tuple[Path, str]) -> str:
    return served_site[1]


@pytest.fixture(scope="session")
def pages(built_site: Path) -> list[str]:
    found = site_pages(built_site)
    assert "" in found, "the home page is missing from the build"
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, with a fresh temporary profile (Playwright's default)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not at {CHROMIUM}: install Debian's package (apt-get install chromium) "
            "or point CHROMIUM at a Chromium or Chrome binary. `playwright install` is not used."
        )
    root = os.geteuid() == 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            chromium_sandbox=not root,
            args=[*CHROMIUM_ARGS, *(["--no-sandbox"] if root else [])],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def visits(browser: Browser, built_site: Path, base_url: str, pages: list[str]) -> dict[str, Visit]:
    """Every page of the build, visited once (see :func:`visit`)."""
    axe = Axe()
    # No pictures of pages that are gone (the phone pass writes and replaces its own).
    for scheme in ("light", "dark"):
        for old in (ARTIFACTS / "screenshots").glob(f"*-{scheme}.png"):
            old.unlink()
    found = {page: visit(browser, base_url, page, axe) for page in pages}
    for seen in found.values():
        for load in (seen.first, seen.cached):
            if load is not None:
                load.gzipped = estimate_gzip(load, built_site, base_url)
    _REPORT["visits"] = found
    return found


@pytest.fixture(scope="session")
def phone_visits(
    browser: Browser, built_site: Path, base_url: str, pages: list[str]
) -> dict[str, PhoneVisit]:
    """Every page of the build on a slowed phone, first load (see tests/browser/phone.py)."""
    axe = Axe()
    found = {page: phone_visit(browser, base_url, built_site, page, axe) for page in pages}
    _REPORT["phone"] = (found, browser.version)
    return found


def pytest_terminal_summary(terminalreporter: Any) -> None:
    found = _REPORT.get("visits")
    if found:
        terminalreporter.section("site report: load time and bytes per page")
        for line in write_report(found):
            terminalreporter.write_line(line)
    if phone := _REPORT.get("phone"):
        terminalreporter.section("phone pass: 390 px, touch, CPU slowed 4x, first load")
        for line in write_results(*phone).splitlines():
            terminalreporter.write_line(line)
    if found or phone:
        terminalreporter.write_line(f"report and screenshots: {ARTIFACTS}")
