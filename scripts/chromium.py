"""How every browser test, benchmark and screenshot script starts Debian's Chromium (headless, offline)."""

CHROMIUM = "/usr/bin/chromium"
#: no sandbox (root in CI), no GPU, and no background connections: this machine's network is closed
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: a page has finished when its script run has (Streamlit marks the app element) and no skeleton is left
_IDLE = (
    "() => document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'"
    " && !document.querySelector('[data-testid=stStatusWidget], [data-testid=stSkeleton]')"
)


def settle(page, timeout_ms: int = 120_000) -> None:
    """Wait until the app is idle twice in a row, half a second apart (a rerun can start right after the first)."""
    page.wait_for_selector("[data-testid=stApp]", timeout=timeout_ms)
    for _ in range(2):
        page.wait_for_timeout(1000)
        page.wait_for_function(_IDLE, timeout=timeout_ms)
    page.wait_for_load_state("networkidle")


def full_page(page, width: int, height: int) -> None:
    """Streamlit scrolls inside its main block, not the document: grow the window to the content first."""
    tall = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": width, "height": max(height, min(int(tall) + 40, 16_000))})
    page.wait_for_timeout(800)
