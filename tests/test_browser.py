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

from scripts.chromium import CHROMIUM, full_page, settle
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


SIZES = {"laptop": (1440, 900), "phone": (390, 844)}


@pytest.fixture(scope="module", params=list(SIZES))
def page(browser, request):
    """One tab per size for the whole module: pages are opened in it one after another."""
    tab = browser.new_page(viewport=_viewport(request.param))
    tab.size_name = request.param
    yield tab
    tab.close()


def _viewport(size: str) -> dict[str, int]:
    width, height = SIZES[size]
    return {"width": width, "height": height}


def _open(page, url: str) -> None:
    page.set_viewport_size(_viewport(page.size_name))
    page.goto(url)
    page.locator("h1").first.wait_for(timeout=120_000)
    settle(page)


def _shoot(page, name: str) -> None:
    """A full-page screenshot (the window grows to the content), then the window goes back to its size."""
    width, height = SIZES[page.size_name]
    full_page(page, width, height)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.size_name}.png"), full_page=True)
    page.set_viewport_size(_viewport(page.size_name))


def _nothing_cut_off(page) -> None:
    """What can be measured: no sideways scrolling, and every chart fits the column it sits in."""
    overflow = page.evaluate(
        """() => {
        const main = document.querySelector('[data-testid=stMain]');
        const wide = main.scrollWidth - main.clientWidth;
        const charts = [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].map(c => {
            const svg = c.querySelector('svg');
            return svg ? svg.getBoundingClientRect().width - c.parentElement.getBoundingClientRect().width : 0;
        });
        return {wide, charts};
    }"""
    )
    assert overflow["wide"] <= 1, f"the page scrolls sideways by {overflow['wide']} px"
    assert all(extra <= 2 for extra in overflow["charts"]), f"a chart is wider than its column: {overflow['charts']}"
    outside = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stVegaLiteChart] svg')].flatMap(svg => {
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => [t, t.getBoundingClientRect()])
                .filter(([, r]) => r.width && (r.right > box.right + 3 || r.left < box.left - 3)).map(([t]) => t.textContent);
        })"""
    )
    assert not outside, f"chart text runs past the chart's edge: {outside}"
    cut = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMetric] .stMarkdownEllipsis')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
    )
    assert not cut, f"number tiles cut their text: {cut}"
    links = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stPageLink-NavLink] p')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
    )
    assert not links, f"links cut their text: {links}"


def _axis_labels(page) -> list[list[str]]:
    """The tick labels of every chart axis, as drawn (Vega's SVG)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stVegaLiteChart] g.role-axis')].map(
            axis => [...axis.querySelectorAll('g.role-axis-label text')].filter(t => t.getAttribute('opacity') !== '0').map(t => t.textContent))"""
    )


def _no_repeated_axis_labels(page) -> None:
    for labels in _axis_labels(page):
        shown = [x for x in labels if x]
        assert len(shown) == len(set(shown)), f"an axis repeats its labels: {shown}"


def test_ask_page_shows_the_same_chance_on_headline_and_card(server, page):
    from pathways import api
    from pathways.answer import headline_route

    started = time.perf_counter()
    _open(page, server + "/ask")  # the Ask page's own address works too
    elapsed = time.perf_counter() - started
    headline = page.locator(".st-key-headline h4").inner_text()
    assert "Norway" in headline and re.search(r"20\d\d", headline)
    composition = api.prepare(api.load_library(), api.load_scenario(ROOT / "seeds" / "resetme.yaml"))
    route = headline_route(api.answer_question(composition, ["NO"]), "NO")
    card = page.locator(f".st-key-route-{route} [data-testid=stMetricValue]").inner_text().strip()
    assert f"at all is {card}" in headline, (card, headline)
    assert "Page not found" not in page.content() and "Traceback" not in page.content()
    assert page.get_by_role("radio", name="Off-label use").is_checked(), "the timeline shows the headline's route"
    _no_repeated_axis_labels(page)
    _nothing_cut_off(page)
    print(f"\nbrowser ({page.size_name}): /ask to a settled page {elapsed:.1f} s")
    _shoot(page, "ask")


def test_the_address_restores_exactly_the_chosen_route(server, page, browser):
    _open(page, server + "/?country=NO")
    page.get_by_role("radio", name="Reimbursed access").check(force=True)
    settle(page)
    assert "route=reimbursed" in page.url, page.url
    other = browser.new_page(viewport=_viewport(page.size_name))
    other.size_name = page.size_name
    try:
        _open(other, page.url)
        assert other.get_by_role("radio", name="Reimbursed access").is_checked()
        assert not other.get_by_role("radio", name="Off-label use").is_checked()
    finally:
        other.close()


@pytest.mark.parametrize("name", [n for n in PAGES if n != "ask"])
def test_every_page_renders_for_a_person(server, page, name):
    _open(page, f"{server}/{PAGES[name]}")
    content = page.content()
    assert "Traceback" not in content and "Something went wrong" not in content
    _no_repeated_axis_labels(page)
    _nothing_cut_off(page)
    _shoot(page, name)


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


#: rendered size (CSS px) of every diagram text that is at least partly inside the visible box
_VISIBLE_TEXT_PX = """(vp) => {
  const box = vp.getBoundingClientRect();
  return [...vp.querySelectorAll("svg text")]
    .filter((t) => { const r = t.getBoundingClientRect();
      return r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom; })
    .map((t) => parseFloat(t.getAttribute("font-size")) * t.getScreenCTM().a);
}"""


@pytest.mark.parametrize("width,height,name", [(1440, 900, "explorer-laptop"), (390, 844, "explorer-phone")])
def test_explorer_diagram_is_readable_pans_zooms_and_explains_a_step(server, browser, width, height, name):
    """The diagram as a person meets it: 11 px text or more at 100 %, zoom and pan work, a click explains a step."""
    p = browser.new_page(viewport={"width": width, "height": height})
    p.goto(f"{server}/explorer?scenario=resetme&country=NO&route=reimbursed")
    viewport = p.locator(".pw-viewport[data-ready]")
    viewport.wait_for(timeout=120_000)
    settle(p)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    sizes = viewport.evaluate(_VISIBLE_TEXT_PX)
    print(f"\n{name}: {len(sizes)} texts in view, {min(sizes):.1f}–{max(sizes):.1f} px")
    assert len(sizes) >= 6, "the first view shows several steps"
    assert min(sizes) >= 11, f"smallest diagram text is {min(sizes):.1f} px"
    legend = p.locator(".pw-legend li span").first
    assert float(legend.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")) >= 11
    assert p.locator(".pw-legend li").count() >= 9, "every shape and line is explained apart from the drawing"

    zoom = float(viewport.get_attribute("data-zoom") or 0)
    p.get_by_role("button", name="Zoom in").click()
    assert float(viewport.get_attribute("data-zoom") or 0) == pytest.approx(zoom * 1.25, rel=0.01)
    assert min(viewport.evaluate(_VISIBLE_TEXT_PX)) >= 1.2 * min(sizes)
    p.get_by_role("button", name="Back to the readable text size").click()
    assert float(viewport.get_attribute("data-zoom") or 0) == pytest.approx(zoom, rel=0.01)
    viewport.scroll_into_view_if_needed()
    box = viewport.bounding_box()
    assert box is not None
    bottom = min(box["y"] + box["height"], height) - 20
    p.mouse.move(box["x"] + box["width"] / 2, (box["y"] + bottom) / 2)
    p.keyboard.down("Control")
    p.mouse.wheel(0, -200)
    p.keyboard.up("Control")
    p.wait_for_timeout(200)
    assert float(viewport.get_attribute("data-zoom") or 0) > zoom * 1.1, "Ctrl + wheel zooms"
    p.get_by_role("button", name="Back to the readable text size").click()
    before = viewport.evaluate("(vp) => [vp.scrollLeft, vp.scrollTop]")
    p.mouse.move(box["x"] + box["width"] / 2, bottom)
    p.mouse.down()
    p.mouse.move(box["x"] + box["width"] / 2 - 40, max(box["y"], 0) + 20, steps=8)
    p.mouse.up()
    after = viewport.evaluate("(vp) => [vp.scrollLeft, vp.scrollTop]")
    assert after[1] > before[1] + 80, f"dragging the drawing pans it ({before} → {after})"

    step = viewport.locator('g.node[data-step="no.beslutningsforum"]')
    step.scroll_into_view_if_needed()
    step.click()
    heading = p.locator("h4", has_text="Beslutningsforum decision")
    heading.wait_for(timeout=60_000)
    assert "pw-selected" in (step.get_attribute("class") or "")
    assert p.locator("a", has_text=re.compile("Nye Metoder|Beslutningsforum|Dagens", re.I)).count() >= 1, "its sources"
    assert "step=no.beslutningsforum" in p.url
    p.screenshot(path=str(ARTIFACTS / f"{name}-step.png"))
    p.close()


def _editor_box(page):
    return page.locator("textarea.pw-text")


@pytest.mark.parametrize("width,height,name", [(1440, 900, "edit-laptop"), (390, 844, "edit-phone")])
def test_edit_page_numbers_lines_refuses_an_oversized_paste_and_jumps_to_a_problem(server, browser, width, height, name):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    tab = context.new_page()
    try:
        tab.goto(server + "/edit")
        box = _editor_box(tab)
        box.wait_for(timeout=120_000)
        settle(tab)
        original = box.input_value()
        assert original.startswith("#") or "scenario" in original, "the box opens on the seed"
        gutter = tab.locator("pre.pw-gutter")
        numbers = gutter.inner_text().split()
        assert numbers[:3] == ["1", "2", "3"] and int(numbers[-1]) == original.count("\n") + 1
        for font in (box.evaluate("e => getComputedStyle(e).fontFamily"), gutter.evaluate("e => getComputedStyle(e).fontFamily")):
            assert "mono" in font.lower() or "code" in font.lower(), font
        assert float(box.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 12
        assert "at most 2 MB" in tab.locator(".pw-meter").inner_text()

        # a real paste of about 5 MB (the clipboard, then Ctrl+V): refused with a message, the text unchanged
        tab.evaluate("() => navigator.clipboard.writeText('x: 1\\n'.repeat(1_000_000))")
        box.click()
        started = time.perf_counter()
        tab.keyboard.press("ControlOrMeta+V")
        refusal = tab.locator(".pw-refusal")
        refusal.wait_for(state="visible", timeout=10_000)
        refused_in = time.perf_counter() - started
        would_be = f"{(len(original.encode('utf-8')) + 5_000_000) / 1_000_000:.2f}".rstrip("0").rstrip(".")  # as the page rounds
        assert re.search(rf"Not pasted: the text would be {re.escape(would_be)} MB.*at most 2 MB", refusal.inner_text()), (
            refusal.inner_text()
        )
        assert box.input_value() == original, "the oversized paste left the text as it was"

        # a small edit reaches the server, which marks the problem's line; the jump button moves the cursor there
        broken = original.replace("as_of:", "as_off:", 1)
        box.fill(broken)
        line = next(n for n, text in enumerate(broken.splitlines(), 1) if text.startswith("as_off:"))
        jump = tab.locator(".pw-jumps button", has_text=re.compile(rf"^Line {line}$"))
        jump.wait_for(timeout=180_000)  # a rerun of the page; slow only on a loaded machine
        assert "unknown key" in (jump.get_attribute("title") or ""), "the button says what is wrong there"
        assert tab.locator(".pw-mark").count() >= 1, "the problem's line is marked in the gutter"
        # the problem list is written in the same rerun as the buttons, but may be drawn a moment later
        tab.get_by_text(re.compile(r"Line \d+, column \d+")).first.wait_for(state="visible", timeout=60_000)
        box.evaluate("e => { e.setSelectionRange(0, 0); e.scrollTop = 0; }")
        jump.click()
        caret_line = box.evaluate("e => e.value.slice(0, e.selectionStart).split('\\n').length")
        assert caret_line == line
        assert tab.evaluate("() => document.activeElement !== null")
        overflow = tab.evaluate(
            "() => { const m = document.querySelector('[data-testid=stMain]'); return m.scrollWidth - m.clientWidth; }"
        )
        assert overflow <= 1, f"the Edit page scrolls sideways by {overflow} px"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        print(f"\nbrowser ({name}): a 5 MB paste refused in {refused_in:.2f} s")
    finally:
        context.close()


def test_ask_page_in_bokmal(server, page):
    """?lang=nb: the Ask page for ResetME in Norwegian, nothing of the English frame left, charts included."""
    _open(page, server + "/?lang=nb")
    assert page.locator("h1").first.inner_text() == "Når kan pasientene få det?"
    headline = page.locator(".st-key-headline h4").inner_text()
    assert headline.startswith("Pasienter i Norge kan mest sannsynlig få daratumumab"), headline
    assert "\u00a0%" in headline and re.search(r"(jan|feb|mars|apr|mai|juni|juli|aug|sep|okt|nov|des)\.? 20\d\d", headline)
    shown = page.locator("[data-testid=stMain]").inner_text() + page.locator("[data-testid=stSidebar]").inner_text()
    for english in (
        "Routes to patients",
        "Timeline",
        "Download",
        "Chance it opens",
        "Who must act",
        "Your questions",
        "Off-label use",
        "Trial sponsor",
        "Assumptions",
        "Another medicine",
    ):
        assert english not in shown, english
    assert "Veier til pasientene" in shown and "Tidslinje" in shown and "Beslutningsforum" in shown
    percent_axes = [labels for labels in _axis_labels(page) if any("%" in x for x in labels)]
    assert percent_axes and all("\u00a0%" in x for labels in percent_axes for x in labels if x), percent_axes
    assert "lang=nb" in page.url, "the link keeps the language"
    _nothing_cut_off(page)
    _shoot(page, "ask-nb")


#: what a person reads in an uploader: the words drawn (not hidden by the page), and the page's own text put in their place
_UPLOADER_WORDS = """(root) => {
    const shown = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!node.textContent.trim() || parent.closest('[data-testid=stIconMaterial], input')) continue;
        if (parseFloat(getComputedStyle(parent).fontSize) > 0 && parent.getClientRects().length) shown.push(node.textContent.trim());
    }
    for (const e of root.querySelectorAll('*')) {
        const after = getComputedStyle(e, '::after').content;
        if (after && after !== 'none' && after !== 'normal') shown.push(JSON.parse(after));
    }
    return shown;
}"""


def test_edit_page_uploader_in_bokmal_shows_no_english(server, page):
    """Streamlit writes its uploader's words in English; in Bokmål the page writes its own over them, dragging included."""
    _open(page, server + "/edit?lang=nb")
    uploader = page.locator(".st-key-edit_upload [data-testid=stFileUploader]")
    uploader.wait_for(timeout=120_000)
    english = re.compile(r"\b(Upload|Browse|Drag|drop|per file|Limit)\b")
    shown = uploader.evaluate(_UPLOADER_WORDS)
    assert "Last opp" in shown and "Høyst 2 MB per fil • YAML, YML" in shown, shown
    assert not [w for w in shown if english.search(w)], shown
    dragged = page.evaluate_handle(
        "() => { const d = new DataTransfer(); d.items.add(new File(['a: 1'], 'x.yaml', {type: 'text/yaml'})); return d; }"
    )
    page.dispatch_event(".st-key-edit_upload [data-testid=stFileUploaderDropzone]", "dragenter", {"dataTransfer": dragged})
    page.locator(".st-key-edit_upload [data-testid=stFileUploaderDropzone] > input + div").wait_for(timeout=10_000)
    while_dragging = uploader.evaluate(_UPLOADER_WORDS)
    assert "Slipp filen her" in while_dragging and not [w for w in while_dragging if english.search(w)], while_dragging
    page.dispatch_event(".st-key-edit_upload [data-testid=stFileUploaderDropzone]", "dragleave", {"dataTransfer": dragged})
    uploader.screenshot(path=str(ARTIFACTS / f"edit-uploader-nb-{page.size_name}.png"))
    # English keeps Streamlit's own words
    _open(page, server + "/edit")
    assert "Upload" in page.locator(".st-key-edit_upload [data-testid=stFileUploader]").evaluate(_UPLOADER_WORDS)
