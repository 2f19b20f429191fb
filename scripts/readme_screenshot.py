"""The README's picture of the Ask page (docs/screenshot-ask.png), taken from a running app.

    python scripts/readme_screenshot.py http://localhost:8501

The accuracy page is opened first: it waits for the back-test, so the Ask page then shows the real track
record beside the answer and not "being computed". The picture is the top 1300 px at 1440 px wide.
"""

from __future__ import annotations

import sys
from pathlib import Path

from chromium import CHROMIUM, CHROMIUM_ARGS, settle
from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshot-ask.png"


def main(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1300})
        page.goto(f"{base}/accuracy")
        page.locator("h1").first.wait_for(timeout=120_000)
        page.get_by_text("Inside the 80% range").first.wait_for(timeout=600_000)
        page.goto(f"{base}/?country=NO")
        headline = page.locator(".st-key-headline")
        headline.get_by_text("Track record: in back-tests").wait_for(timeout=120_000)
        settle(page)
        page.screenshot(path=str(OUT))
        browser.close()
    print(OUT)


if __name__ == "__main__":
    main(sys.argv[1])
