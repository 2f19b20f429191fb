"""Exports: every format parses, needs no system Graphviz, and the DOT of a fixed graph is reviewed on purpose."""

from __future__ import annotations

import csv
import io
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pathways import api
from pathways.answer import ROUTE_TEXT
from pathways.diagram import DiagramOptions, build_dot
from pathways.export import export_bytes
from pathways.formatting import chance_short, month
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "tiny.dot"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def resetme_answer(resetme):
    return api.answer_question(resetme, ["NO"], samples=4000)


def test_golden_dot_of_a_small_fixed_graph(tiny):
    """Layout-relevant DOT changes must be reviewed: regenerate with PATHWAYS_UPDATE_GOLDEN=1."""
    library, loaded = tiny
    composition = api.prepare(library, loaded)
    answer = api.answer_question(composition, samples=1000, seed=1)
    dot = build_dot(composition, answer, DiagramOptions(country="NO")).source
    if os.environ.get("PATHWAYS_UPDATE_GOLDEN") == "1" or not GOLDEN.exists():
        GOLDEN.write_text(dot, encoding="utf-8")
    assert dot == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("what", ["diagram", "timeline", "chance"])
def test_svg_parses_and_shows_the_labels(resetme, resetme_answer, what):
    svg = export_bytes(resetme, resetme_answer, "svg", what, "NO")
    root = ET.fromstring(svg)
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))  # multi-line titles are tspans
    if what == "diagram":
        assert "Beslutningsforum" in text and "Norway" in text
    elif what == "timeline":
        assert "Norway" in text and "Today" in text
    else:
        assert "chance" in text.lower()


@pytest.mark.parametrize("what", ["diagram", "timeline"])
def test_png_is_a_png_of_print_size(resetme, resetme_answer, what):
    png = export_bytes(resetme, resetme_answer, "png", what, "NO", "off_label", scale=2.0, compact=True)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 1000 and 200 <= height <= 20000


def test_a_poster_of_every_country_is_capped_so_it_opens_on_a_phone(library, resetme):
    from pathways.render import MAX_PNG_PIXELS, svg_size_px

    answer = api.answer_question(resetme, sorted(library.countries()), samples=2000)
    svg = export_bytes(resetme, answer, "svg", "diagram")
    width_px, height_px = svg_size_px(svg) or (0, 0)
    assert width_px * height_px * 4 > MAX_PNG_PIXELS, "the poster is big enough that scale 2 would exceed the cap"
    png = export_bytes(resetme, answer, "png", "diagram", scale=2.0)
    width, height = struct.unpack(">II", png[16:24])
    assert width * height <= MAX_PNG_PIXELS * 1.01
    assert width >= 0.99 * width_px * min(1.0, (MAX_PNG_PIXELS / (width_px * height_px)) ** 0.5)


@pytest.mark.parametrize("what", ["diagram", "timeline", "chance"])
def test_pdf_has_a_header_and_one_page(resetme, resetme_answer, what):
    pdf = export_bytes(resetme, resetme_answer, "pdf", what, "NO")
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_dot_reparses_to_the_same_graph(resetme, resetme_answer):
    dot = export_bytes(resetme, resetme_answer, "dot", "diagram", "NO").decode()
    # the DOT is valid for Graphviz itself: it renders, and the SVG holds one node per drawn step
    from pathways.diagram import diagram_nodes
    from pathways.render import svg_from_dot

    root = ET.fromstring(svg_from_dot(dot))
    titles = {t.text for t in root.iter(f"{SVG}title")}
    for node in diagram_nodes(resetme, resetme_answer, DiagramOptions(country="NO")):
        assert node in titles


def test_answer_csv_and_json(resetme, resetme_answer):
    text = export_bytes(resetme, resetme_answer, "csv", "answer").decode()
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    assert header[:6] == ["Scenario", "As of", "Country", "Route", "Chance it opens", "Most likely"]
    row = next(
        dict(zip(header, r, strict=True)) for r in rows if r[2] == "Norway (NO)" and r[3] == ROUTE_TEXT["reimbursed"]["short"]
    )
    estimate = resetme_answer.countries["NO"].routes["reimbursed"].estimate
    assert row["Chance it opens"] == chance_short(estimate.p_reached), "the same rounded chance as the Ask page"
    assert row["Most likely"] == month(estimate.p50) and re.fullmatch(r"[A-Z][a-z]{2} \d{4}", row["80% range to"])
    assert "→" in row["Steps on the way"] and "no.reimbursed_access" not in row["Steps on the way"], "steps by label"
    assert not any(re.fullmatch(r"0\.\d+", cell) for r in rows for cell in r), "no raw fractions"
    import json

    data = json.loads(export_bytes(resetme, resetme_answer, "json", "answer"))
    assert data["countries"]["NO"]["routes"]["off_label"]["path"]


def test_every_format_works_without_a_dot_binary(tmp_path):
    """Run the CLI with a PATH that holds no `dot` (an empty folder).

    The interpreter is started by its own path, `sys.executable`, so a virtual environment keeps its
    packages: a link to it in another folder would lose the venv's `pyvenv.cfg` and run the bare base
    interpreter, which on a fresh machine has none of the project's packages.
    """
    empty = tmp_path / "empty-path"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PATH"}
    env["PATH"] = str(empty)
    for fmt in ("dot", "svg", "png", "pdf"):
        out = tmp_path / f"r.{fmt}"
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import shutil,sys; assert shutil.which('dot') is None, 'a dot binary is on PATH'; "
                "from pathways.cli import main; sys.exit(main(sys.argv[1:]))",
                "export",
                "seeds/resetme.yaml",
                "--format",
                fmt,
                "--country",
                "NO",
                "--samples",
                "2000",
                "-o",
                str(out),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 500


def test_export_all_writes_every_format_of_every_seed(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pathways", "export", "--all", str(tmp_path), "--samples", "1000"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    seeds = len(api.seed_files())
    files = list(Path(tmp_path).iterdir())
    assert len(files) == seeds * (4 + 3 + 3 + 2)
    assert all(f.stat().st_size > 100 for f in files)
