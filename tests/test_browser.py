"""A real browser (Debian Chromium through Playwright) opens the running app and reads what a person sees.

Skipped with a message where Chromium is missing; under CI=true a missing browser is a failure.
Screenshots of every page land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.chromium import CHROMIUM
from scripts.chromium import CHROMIUM_ARGS as ARGS
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
PAGES = {
    "ask": "",
    "compare": "compare",
    "explorer": "explorer",
    "edit": "edit",
    "accuracy": "accuracy",
    "sources": "sources",
    "about": "about",
}

pytestmark = pytest.mark.browser


def _browser_available() -> str:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found: install it with `apt-get install chromium` to run the browser tests"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed: `pip install -r requirements-dev.txt`"
    return ""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    missing = _browser_available()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {missing}")
        pytest.skip(missing)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = ROOT / "test-artifacts"
    log.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        stdout=(log / "streamlit.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the app did not start within 90 s; see test-artifacts/streamlit.log")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(browser):
    return browser.new_page(viewport={"width": 1280, "height": 2200})


def _settle(page) -> None:
    page.wait_for_selector("[data-testid=stApp]")
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=90_000)
    page.wait_for_timeout(500)


def test_ask_page_shows_the_answer_in_plain_language(server, page):
    started = time.perf_counter()
    page.goto(server + "/")
    headline = page.locator(".st-key-headline h4")
    headline.wait_for(timeout=90_000)
    elapsed = time.perf_counter() - started
    text = headline.inner_text()
    assert "Norway" in text and re.search(r"20\d\d", text) and "%" in text
    assert "Traceback" not in page.content()
    print(f"\nbrowser: navigation to headline {elapsed:.2f} s")
    _settle(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ask.png"), full_page=True)


@pytest.mark.parametrize("name", [n for n in PAGES if n != "ask"])
def test_every_page_renders_for_a_person(server, page, name):
    page.goto(f"{server}/{PAGES[name]}")
    _settle(page)
    page.locator("h1").first.wait_for(timeout=60_000)
    content = page.content()
    assert "Traceback" not in content and "Something went wrong" not in content
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_phone_width_still_shows_the_headline(server, browser):
    phone = browser.new_page(viewport={"width": 390, "height": 1600})
    phone.goto(server + "/?country=SE")
    phone.locator(".st-key-headline h4").wait_for(timeout=90_000)
    assert "Sweden" in phone.locator(".st-key-headline h4").inner_text()
    _settle(phone)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "ask-phone.png"), full_page=True)
    phone.close()


def test_twenty_sessions_at_once_each_get_their_own_answer(server, browser):
    """20 people open different links at the same moment; each sees exactly the answer it gets alone."""
    from pathways import api
    from pathways.answer import headline_parts

    library = api.load_library()
    seeds = api.seed_files()
    combos = []
    for name in seeds:
        composition = api.prepare(library, api.load_scenario(seeds[name]))
        for country in composition.scenario.countries[:3]:
            for value in (0.2, 0.8):
                combos.append((name, country, value, composition))
    combos = combos[:24]
    assert len(combos) >= 20
    pages = []
    for name, country, value, composition in combos:
        params = {name: value for name, *_ in api.relevant_parameters(composition, [country])[:1]}
        query = "&".join(f"{k}={v}" for k, v in {"scenario": name, "country": country, **params}.items())
        p = browser.new_page(viewport={"width": 1280, "height": 1200})
        p.goto(f"{server}/?{query}", wait_until="commit")
        pages.append((p, composition, country, params))
    for p, composition, country, params in pages:
        headline = p.locator(".st-key-headline h4")
        headline.wait_for(timeout=120_000)
        alone = api.answer_question(composition, [country], samples=20_000, seed=api.DEFAULT_SEED, parameters=params)
        assert headline.inner_text().strip() == headline_parts(alone, country)[0]
        p.close()
