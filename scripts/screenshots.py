"""Take a screenshot of every page of a running app: python scripts/screenshots.py http://localhost:8501 OUTDIR."""

from __future__ import annotations

import sys
from pathlib import Path

from chromium import CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import sync_playwright

PAGES = ["", "compare", "explorer", "edit", "accuracy", "sources", "about"]


def main(base: str, out: Path, width: int = 1280, height: int = 2400) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        for name in PAGES:
            page.goto(f"{base}/{name}", wait_until="networkidle")
            page.wait_for_selector("[data-testid=stApp]")
            page.wait_for_timeout(2500)
            page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60000)
            page.screenshot(path=str(out / f"{name or 'ask'}-{width}.png"), full_page=True)
            print(name or "ask")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), *(int(a) for a in sys.argv[3:5]))
