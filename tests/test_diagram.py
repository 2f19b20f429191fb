"""The diagram: the chosen route's path drawn strongly and the rest faded, a legend apart, PDFs on the paper they name."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from pathways import api
from pathways.diagram import FADED, FADED_EDGE, DiagramOptions, build_dot, diagram_nodes, highlighted_nodes, legend_entries
from pathways.export import export_bytes, print_layouts, printed_diagram
from pathways.paper import MARGIN_PT, MIN_PRINTED_TEXT_PT, PAPERS, PT_PER_MM, on_paper

NODE = re.compile(r'^\s*"(?P<id>[^"]+)" \[(?P<attrs>.*)\]$', re.M)
EDGE = re.compile(r'^\s*"(?P<src>[^"]+)" -> "(?P<dst>[^"]+)"(?: \[(?P<attrs>.*)\])?$', re.M)


@pytest.fixture(scope="module")
def answer(resetme):
    return api.answer_question(resetme, ["NO"], samples=4000)


def _attrs(text: str | None) -> dict[str, str]:
    return {k: v.strip('"') for k, v in re.findall(r'(\w+)=("[^"]*"|[^ \]]+)', text or "")}


def _drawn(dot: str) -> tuple[dict[str, dict[str, str]], list[tuple[str, str, dict[str, str]]]]:
    nodes = {m["id"]: _attrs(m["attrs"]) for m in NODE.finditer(dot) if not m["id"].startswith("legend.")}
    edges = [(m["src"], m["dst"], _attrs(m["attrs"])) for m in EDGE.finditer(dot) if not m["src"].startswith("legend.")]
    return nodes, edges


def test_the_chosen_routes_path_is_strong_and_every_other_step_faded(resetme, answer):
    options = DiagramOptions(country="NO", route="reimbursed", direction="TB")
    path = set(answer.countries["NO"].routes["reimbursed"].path)
    nodes, edges = _drawn(build_dot(resetme, answer, options).source)
    assert set(nodes) == set(diagram_nodes(resetme, answer, options))
    others = set(nodes) - path
    assert path <= set(nodes) and others, "the full route shows alternatives besides the most frequent path"
    for node in path:
        assert nodes[node]["penwidth"] == "2.4" and nodes[node]["fillcolor"] != FADED["fillcolor"], node
    for node in others:
        assert {k: nodes[node][k] for k in FADED} == FADED, node
        assert "bold" not in nodes[node]["style"]
    strong = [(s, d) for s, d, a in edges if a.get("penwidth") == "2.4"]
    assert strong and all(s in path and d in path for s, d in strong)
    for src, dst, attrs in edges:
        if src not in path or dst not in path:
            assert attrs["color"] == FADED_EDGE["color"] and attrs["fontcolor"] == FADED_EDGE["fontcolor"], (src, dst)


def test_faded_steps_keep_their_shape_and_line_pattern(resetme, answer):
    """Colour is never the only cue: a faded early-access or trial end keeps its hexagon/octagon and dashes/dots."""
    nodes, _ = _drawn(build_dot(resetme, answer, DiagramOptions(country="NO", route="reimbursed")).source)
    plain, _ = _drawn(build_dot(resetme, answer, DiagramOptions(country="NO", route="reimbursed", highlight=False)).source)
    for node, attrs in nodes.items():
        assert attrs["shape"] == plain[node]["shape"]
        for pattern in ("dashed", "dotted", "diagonals", "rounded"):
            assert (pattern in attrs["style"]) == (pattern in plain[node]["style"]), node


@pytest.mark.parametrize(
    "options",
    [
        DiagramOptions(country="NO"),  # every route: none is "the" path
        DiagramOptions(country="NO", route="reimbursed", compact=True),  # only the path is drawn
        DiagramOptions(country="NO", route="reimbursed", highlight=False),
        DiagramOptions(),
    ],
)
def test_nothing_is_faded_when_there_is_no_single_path_to_follow(resetme, answer, options):
    nodes, edges = _drawn(build_dot(resetme, answer, options).source)
    assert nodes
    assert not [n for n, a in nodes.items() if a.get("fillcolor") == FADED["fillcolor"]]
    assert not [e for e in edges if e[2].get("color") == FADED_EDGE["color"]]
    assert (highlighted_nodes(resetme, answer, options) is None) == (options.route is None or not options.highlight)


def test_legend_swatches_are_svg_and_name_every_route():
    entries = legend_entries(faded=True)
    for swatch, _text in entries:
        assert ET.fromstring(swatch).tag == "{http://www.w3.org/2000/svg}svg"
    texts = " ".join(text for _swatch, text in entries)
    for word in ("Reimbursed", "Early access", "Off-label", "Clinical trial", "first", "faded"):
        assert word in texts
    assert len(legend_entries(faded=False)) == len(entries) - 2


def _media_box(pdf: bytes) -> tuple[float, float]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]", pdf)
    assert len(boxes) == 1, boxes
    return float(boxes[0][0]), float(boxes[0][1])


@pytest.mark.parametrize(("route", "compact"), [("reimbursed", True), ("reimbursed", False), ("off_label", False)])
def test_the_pdf_is_exactly_the_paper_it_promises(resetme, answer, route, compact):
    dots, furniture = print_layouts(resetme, answer, "NO", route, compact)
    _svg, fit = printed_diagram(dots, furniture)
    width, height = _media_box(export_bytes(resetme, answer, "pdf", "diagram", "NO", route, compact=compact))
    name = fit.paper.name
    if name.startswith("one sheet"):
        w_cm, h_cm = (float(x) for x in re.findall(r"(\d+) × (\d+) cm", name)[0])
        assert abs(width / PT_PER_MM / 10 - w_cm) <= 0.5 and abs(height / PT_PER_MM / 10 - h_cm) <= 0.5
    else:
        paper = next(p for p in PAPERS if p.name == name)
        assert (width, height) == pytest.approx((paper.width_pt, paper.height_pt), abs=0.05), name
        assert fit.scale * 11 >= MIN_PRINTED_TEXT_PT, "the smallest text stays readable on paper"


def test_one_routes_path_prints_on_a4_or_a3(resetme, answer):
    dots, furniture = print_layouts(resetme, answer, "NO", "reimbursed", True)
    assert printed_diagram(dots, furniture)[1].paper.name in {p.name for p in PAPERS}


def test_a_poster_too_large_for_a3_is_named_by_its_real_size(library, resetme):
    answer = api.answer_question(resetme, sorted(library.countries()), samples=1000)
    dots, furniture = print_layouts(resetme, answer, None, None, False)
    _svg, fit = printed_diagram(dots, furniture)
    assert fit.paper.name.startswith("one sheet, ") and fit.scale == 1.0
    width, height = _media_box(export_bytes(resetme, answer, "pdf", "diagram"))
    assert (width, height) == pytest.approx((fit.paper.width_pt, fit.paper.height_pt), abs=0.05)


def test_the_drawing_sits_inside_the_margins_between_title_and_legend(resetme, answer):
    dots, furniture = print_layouts(resetme, answer, "NO", "reimbursed", False)
    svg, fit = printed_diagram(dots, furniture)
    page = on_paper(svg, fit, furniture)
    root = ET.fromstring(page)
    assert float(root.get("width") or 0) == pytest.approx(fit.paper.width_pt, abs=0.01)
    inner = root.find("{http://www.w3.org/2000/svg}svg")
    assert inner is not None
    x, y, w, h = (float(inner.get(k) or 0) for k in ("x", "y", "width", "height"))
    inner_width = fit.paper.width_pt - 2 * MARGIN_PT
    assert x >= MARGIN_PT - 0.01 and x + w <= fit.paper.width_pt - MARGIN_PT + 0.01
    assert y >= MARGIN_PT + furniture.top(inner_width) - 0.01
    assert y + h <= fit.paper.height_pt - MARGIN_PT - furniture.bottom(inner_width) + 0.01
    words = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Norway" in words and "Reimbursed access: patients get it" in words and "Not medical or legal advice" in words


def test_the_explorers_pdf_button_names_the_sheet_the_file_has(resetme):
    from tests.test_app import app

    at = app(country="NO", route="reimbursed")
    at.run()
    at.switch_page("ui/pages/explorer.py").run()
    labels = [b.proto.label for b in at.get("download_button") if b.proto.label.startswith("PDF")]
    assert len(labels) == 1
    answer = api.answer_question(resetme, ["NO"], samples=20_000, seed=api.DEFAULT_SEED)
    dots, furniture = print_layouts(resetme, answer, "NO", "reimbursed", False)
    assert labels[0] == f"PDF, {printed_diagram(dots, furniture)[1].paper.name}"


@pytest.mark.parametrize(
    ("language", "heading", "other"),
    [("nb", "Norge (DMP, de fire regionale", "Norway (DMP, the four"), ("en", "Norway (DMP, the four", "Norge (DMP")],
)
def test_each_jurisdictions_box_is_headed_in_the_page_language(resetme, answer, language, heading, other):
    from pathways.i18n import use_language

    with use_language(language):
        dot = build_dot(resetme, answer, DiagramOptions(country="NO", route="reimbursed")).source
    flat = re.sub(r"\\n|\s+", " ", dot)
    assert heading in flat and other not in flat
