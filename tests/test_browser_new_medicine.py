"""In a real browser: 'Another medicine' on the Ask page, from an uploaded registry record, in one page load."""

from __future__ import annotations

import pytest

from scripts.chromium import settle as _settle
from tests.conftest import ROOT
from tests.test_browser import ARTIFACTS, browser, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser
RECORD = ROOT / "tests" / "fixtures" / "trials" / "NCT06684847.json"


def test_an_uploaded_record_becomes_the_answer(server, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(server + "/")
    page.locator(".st-key-headline h4").wait_for(timeout=90_000)
    _settle(page)
    page.get_by_role("button", name="Another medicine…").click(timeout=90_000)
    page.get_by_text("Start from another medicine").wait_for(timeout=60_000)
    _settle(page)
    page.get_by_text("Saved record (JSON)").first.click(timeout=90_000)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(RECORD))
    page.get_by_text("NCT06684847.json").wait_for(timeout=30_000)
    page.get_by_role("button", name="Build the scenario").click(timeout=90_000)
    page.get_by_text("Every inferred value, with where it came from").wait_for(timeout=90_000)
    _settle(page)
    headline = page.locator(".st-key-headline h4").inner_text()
    assert "United States" in headline, headline  # the record's first site country, not the seed's Norway
    assert "UNITY" in page.content() and "Traceback" not in page.content()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ask-new-medicine.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "ask-new-medicine-phone.png"))
    page.close()
