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

#: a page has finished its script run when Streamlit's "running" widget and every loading skeleton are gone
_IDLE = "() => !document.querySelector('[data-testid=stStatusWidget], [data-testid=stSkeleton]')"


def settle(page, timeout_ms: int = 120_000) -> None:
    """Wait until the app is idle twice in a row, half a second apart (a rerun can start right after the first)."""
    page.wait_for_selector("[data-testid=stApp]", timeout=timeout_ms)
    for _ in range(2):
        page.wait_for_timeout(500)
        page.wait_for_function(_IDLE, timeout=timeout_ms)
