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
