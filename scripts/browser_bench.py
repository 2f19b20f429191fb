"""Browser benchmark: how fast the Streamlit app shows its answer, compared with a hello-world Streamlit app.

    python scripts/browser_bench.py [--repeats 5] [--json] [--app app.py]

Starts two headless Streamlit servers on free ports — the real app (``streamlit run app.py``) and a
one-line hello-world app written to a temporary file — and drives Debian Chromium (/usr/bin/chromium)
with Playwright. Per repeat, in a fresh browser context and page (no cache, new Streamlit session):

* load: from the ``page.goto`` call until the Ask page headline (``.st-key-headline`` with text) is
  visible, and until the hello app's "hello" is visible. Target: median(app) / median(hello) <= 1.5;
* assumption change: focus the first slider (ARIA role slider) inside ``.st-key-assumptions``, press
  ArrowRight (ArrowLeft if the slider is at its maximum) and time until the headline text differs.
  Target: median <= 0.5 s. The time includes Streamlit's own slider debounce, as a user would feel it.

Before the timed repeats, each app is visited once untimed (the server's first script run imports
the project and fills caches); that first, cold visit is reported separately. Visits to the two apps
alternate so both see the same machine state. Only the processes this script starts are stopped.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - scripts/ is on sys.path when run

LOAD_RATIO_TARGET = 1.5
CHANGE_TARGET_S = 0.5
POLL_MS = 10  # how often the page is checked; a resolution of 10 ms is plenty here
HELLO_SOURCE = 'import streamlit as st\nst.write("hello")\n'
HEADLINE_HAS_TEXT = """() => {
  const e = document.querySelector('.st-key-headline');
  if (!e || e.offsetParent === null) return false;
  return e.innerText.trim().length > 0;
}"""
RUNNING = "[data-testid=stStatusWidget]"  # Streamlit's "Running… / Stop" indicator, present only during a run
# Installed just before the key press. The headline counts as updated when the new run has delivered
# it: its text differs, or (same text, e.g. a 1-point change that rounds to the same words) its
# elements went stale when the rerun started and are fresh again. Times are performance.now() in ms.
WATCH = """(old) => {
  const w = {start: performance.now(), sawStale: false, sawRunning: false, changed: null, fresh: null, done: null};
  window.__bench = w;
  const check = () => {
    const now = performance.now();
    const e = document.querySelector('.st-key-headline');
    const running = document.querySelector('RUNNING_SELECTOR') !== null;
    if (running) w.sawRunning = true;
    if (w.sawRunning && !running && w.done === null) w.done = now;
    if (!e) return;
    const stale = e.querySelector('[data-stale=true]') !== null || e.closest('[data-stale=true]') !== null;
    if (stale) w.sawStale = true;
    const t = e.innerText.trim();
    if (stale || !t.length) return;
    if (w.changed === null && t !== old) w.changed = now;
    if (w.fresh === null && w.sawStale) w.fresh = now;
  };
  new MutationObserver(check).observe(document.body, {subtree: true, childList: true, characterData: true,
                                                      attributes: true, attributeFilter: ['data-stale']});
}""".replace("RUNNING_SELECTOR", RUNNING)


class LoadFailed(RuntimeError):
    """The app page never showed its headline."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class StreamlitServer:
    """``streamlit run script`` headless on a free port. Only this process group is ever stopped.

    If the server disappears (someone else stopped it), `url()` starts it again and counts the restart,
    so the run can finish; the report says so, because the next visit is then a cold one.
    """

    def __init__(self, script: Path, cwd: Path, timeout: float = 90.0) -> None:
        self.script, self.cwd, self.timeout = script, cwd, timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self.log: Any = None
        self.port = 0
        self.restarts: list[str] = []

    def start(self) -> None:
        self.port = free_port()
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.script),
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ]
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server; closed in stop()
        self.proc = subprocess.Popen(cmd, cwd=self.cwd, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self.timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited ({self.proc.returncode}) for {self.script}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.base + "_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not become healthy within {self.timeout:.0f} s for {self.script}")
            time.sleep(0.1)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def log_tail(self, chars: int = 1500) -> str:
        if self.log is None:
            return ""
        self.log.seek(0)
        text: str = self.log.read().decode(errors="replace")
        return text[-chars:]

    def url(self) -> str:
        assert self.proc is not None
        if self.proc.poll() is not None:
            self.restarts.append(
                f"{self.script.name}: server exited with {self.proc.returncode} (stopped from outside?); restarted"
            )
            self.stop()
            self.start()
        return self.base

    def stop(self) -> None:
        proc = self.proc
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, 15)  # the group of the process started above, and only that
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, 9)
                proc.wait()
        if self.log is not None:
            self.log.close()
            self.log = None


@contextlib.contextmanager
def streamlit_server(script: Path, cwd: Path) -> Iterator[StreamlitServer]:
    server = StreamlitServer(script, cwd)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def stats(times: list[float]) -> dict[str, Any]:
    if not times:
        return {"median_s": None, "min_s": None, "max_s": None, "n": 0}
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times), "n": len(times)}


try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # reported by run() with a clear message
    PlaywrightTimeout = TimeoutError  # type: ignore[misc,assignment]


def visit_hello(browser: Any, url: str, timeout_ms: float) -> float:
    context = browser.new_context()
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.get_by_text("hello", exact=True).first.wait_for(state="visible", timeout=timeout_ms)
        return time.perf_counter() - started
    finally:
        context.close()


def visit_app(browser: Any, url: str, timeout_ms: float, change: bool) -> tuple[float, dict[str, Any] | None, str | None]:
    """Load time, and (if asked) assumption-change time; the third value is why a change was not measured."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        try:
            page.wait_for_function(HEADLINE_HAS_TEXT, timeout=timeout_ms, polling=POLL_MS)
        except PlaywrightTimeout as err:  # say what the page showed instead
            body = " ".join(page.inner_text("body").split())[:300]
            raise LoadFailed(
                f"no headline in .st-key-headline within {timeout_ms / 1000:.0f} s; the page shows: {body!r}"
            ) from err
        load = time.perf_counter() - started
        if not change:
            return load, None, None
        # role=slider by ARIA semantics: an explicit [role=slider] or a native <input type=range>
        # (Streamlit 1.67 draws st.slider with react-aria around a hidden range input, no role attribute)
        slider = page.locator(".st-key-assumptions").get_by_role("slider").first
        try:
            slider.wait_for(state="attached", timeout=min(timeout_ms, 10_000))
        except PlaywrightTimeout:  # reported, not raised: the load figure is still valid
            return load, None, "no slider (role=slider) inside .st-key-assumptions"
        # let the first run finish (the page goes on computing after the headline is shown), then change
        page.wait_for_selector(RUNNING, state="detached", timeout=timeout_ms)
        page.wait_for_timeout(300)
        old = page.locator(".st-key-headline").inner_text().strip()
        slider.scroll_into_view_if_needed()
        slider.focus()
        key = "ArrowRight"
        now = slider.get_attribute("aria-valuenow") or slider.get_attribute("value")
        top = slider.get_attribute("aria-valuemax") or slider.get_attribute("max")
        if now is not None and top is not None and float(now) >= float(top):
            key = "ArrowLeft"
        page.evaluate(WATCH, old)
        page.keyboard.press(key)
        try:
            page.wait_for_function(
                "() => window.__bench.changed !== null || window.__bench.fresh !== null", timeout=timeout_ms, polling=POLL_MS
            )
        except PlaywrightTimeout:
            return load, None, f"headline not updated within {timeout_ms / 1000:.0f} s after {key}"
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function("() => window.__bench.done !== null", timeout=timeout_ms, polling=POLL_MS)
        w = page.evaluate("() => window.__bench")
        updated = min(t for t in (w["changed"], w["fresh"]) if t is not None)
        return (
            load,
            {
                "updated_s": (updated - w["start"]) / 1000,
                "text_changed": w["changed"] is not None and w["changed"] <= updated,
                "run_done_s": None if w["done"] is None else (w["done"] - w["start"]) / 1000,
                "key": key,
            },
            None,
        )
    finally:
        context.close()


def run(app: Path, repeats: int, timeout_s: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    timeout_ms = timeout_s * 1000
    report: dict[str, Any] = {
        "machine": {"nproc": os.cpu_count(), "python": platform.python_version(), "chromium": CHROMIUM},
        "repeats": repeats,
        "app": str(app),
        "app_present": app.exists(),
    }
    hello_times: list[float] = []
    app_times: list[float] = []
    change_times: list[float] = []
    changes: list[dict[str, Any]] = []
    problems: list[str] = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        hello_script = Path(tmp) / "hello_app.py"
        hello_script.write_text(HELLO_SOURCE)
        hello = stack.enter_context(streamlit_server(hello_script, Path(tmp)))
        app_server = stack.enter_context(streamlit_server(app, app.parent)) if app.exists() else None
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        report["hello_cold_s"] = visit_hello(browser, hello.url(), timeout_ms)
        if app_server:
            try:
                report["app_cold_s"], _, _ = visit_app(browser, app_server.url(), timeout_ms, change=False)
            except LoadFailed as err:
                problems.append(f"cold visit: {err}")
        for _ in range(repeats):
            hello_times.append(visit_hello(browser, hello.url(), timeout_ms))
            if app_server:
                try:
                    load, change, why = visit_app(browser, app_server.url(), timeout_ms, change=True)
                except LoadFailed as err:
                    problems.append(str(err))
                    continue
                app_times.append(load)
                if change is not None:
                    change_times.append(change["updated_s"])
                    changes.append(change)
                elif why and why not in problems:
                    problems.append(why)
        report["chromium_version"] = browser.version
        problems += hello.restarts + (app_server.restarts if app_server else [])
    report["hello_load"] = stats(hello_times)
    report["app_load"] = stats(app_times)
    report["assumption_change"] = stats(change_times)
    report["assumption_change"]["text_changed"] = sum(c["text_changed"] for c in changes)
    report["assumption_change"]["runs"] = changes
    report["rerun_complete"] = stats([c["run_done_s"] for c in changes if c["run_done_s"] is not None])
    ratio = None
    if app_times and hello_times:
        ratio = report["app_load"]["median_s"] / report["hello_load"]["median_s"]
    report["load_ratio"] = ratio
    report["targets"] = {
        "load_ratio": {
            "target": f"<= {LOAD_RATIO_TARGET:g}",
            "value": ratio,
            "verdict": "n/a" if ratio is None else ("PASS" if ratio <= LOAD_RATIO_TARGET else "MISS"),
        },
        "assumption_change": {
            "target": f"<= {CHANGE_TARGET_S:g} s",
            "value": report["assumption_change"]["median_s"],
            "verdict": "n/a"
            if not change_times
            else ("PASS" if report["assumption_change"]["median_s"] <= CHANGE_TARGET_S else "MISS"),
        },
    }
    report["problems"] = problems + ([] if app.exists() else [f"{app} not found: only the hello app was measured"])
    return report


def format_report(r: dict[str, Any]) -> str:
    def ms(x: float | None) -> str:
        return "n/a" if x is None else f"{x * 1000:.0f} ms"

    t = r["targets"]
    ratio = "n/a" if r["load_ratio"] is None else f"{r['load_ratio']:.2f}"
    lines = [
        f"Browser bench — Chromium {r.get('chromium_version', '?')}, {r['machine']['nproc']} CPU(s), Python {r['machine']['python']}; "
        f"medians of {r['repeats']} fresh pages (one untimed cold visit first)",
        f"  hello app load         {ms(r['hello_load']['median_s']):>8}  (min {ms(r['hello_load']['min_s'])}, max {ms(r['hello_load']['max_s'])}; "
        f"cold {ms(r.get('hello_cold_s'))})",
        f"  app load (headline)    {ms(r['app_load']['median_s']):>8}  (min {ms(r['app_load']['min_s'])}, max {ms(r['app_load']['max_s'])}; "
        f"cold {ms(r.get('app_cold_s'))})",
        f"  ratio app/hello        {ratio:>8}  target {t['load_ratio']['target']}  {t['load_ratio']['verdict']}",
        f"  assumption change      {ms(r['assumption_change']['median_s']):>8}  (n={r['assumption_change']['n']})  "
        f"target {t['assumption_change']['target']}  {t['assumption_change']['verdict']}"
        f"   (headline text changed in {r['assumption_change'].get('text_changed', 0)} of {r['assumption_change']['n']};"
        " otherwise: re-rendered by the new run with the same words)",
        f"  whole rerun finished   {ms(r['rerun_complete']['median_s']):>8}  (after the key press, until Streamlit's Running indicator goes)",
    ]
    lines += [f"  note: {p}" for p in r["problems"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", "-n", type=int, default=5, help="timed repeats per app (default 5)")
    parser.add_argument("--app", type=Path, default=ROOT / "app.py", help="the Streamlit app (default: app.py)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for any one thing (default 60)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    report = run(args.app.resolve(), args.repeats, args.timeout)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
