"""Screenshots of every page of a running app at a laptop's and a phone's size.

    python scripts/screenshots.py http://localhost:8501 OUTDIR [page ...]

Writes OUTDIR/<page>-1440.png and OUTDIR/<page>-390.png (full page). Pages default to all of them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from chromium import CHROMIUM, CHROMIUM_ARGS, full_page, settle
from playwright.sync_api import sync_playwright

PAGES = ["ask", "compare", "explorer", "edit", "yaml-reference", "accuracy", "sources", "about"]
SIZES = {"1440": (1440, 900), "390": (390, 844)}


def main(base: str, out: Path, pages: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name in pages:
                page.goto(f"{base}/{name}", wait_until="networkidle")
                page.locator("h1").first.wait_for(timeout=120_000)
                settle(page)
                full_page(page, width, height)
                page.screenshot(path=str(out / f"{name}-{size}.png"), full_page=True)
                page.set_viewport_size({"width": width, "height": height})
                print(f"{name}-{size}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:] or PAGES)
