"""Every downloadable artefact as bytes: diagram and timelines (DOT, SVG, PNG, PDF), answer (JSON, CSV)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .answer import Answer, answer_question
from .compare import COLUMNS, route_cells
from .diagram import (
    EDGE_FONT_PT,
    FOOTER,
    DiagramOptions,
    build_dot,
    diagram_title,
    faded_nodes,
    legend_entries,
)
from .export_formats import DATA_FORMATS, DIAGRAM_FORMATS, FORMATS_BY_WHAT
from .formatting import count_text, month
from .graph import Composition, Library, compose
from .i18n import N_, _, yaml_text
from .load import load_scenario
from .paper import PAPERS, Fit, Furniture, fit_on_paper, on_paper, svg_size_pt
from .problems import PathwayError, Problem
from .render import pdf_from_svg, png_from_svg, svg_from_dot, vegalite_to
from .tables import csv_bytes
from .timeline import chance_chart, spec, timeline_chart

PAPER_ORDER = {paper.name: i for i, paper in enumerate(PAPERS)}


def check_format(what: str, fmt: str) -> None:
    """Refuse a format that this kind of export does not have, naming the ones it has."""
    formats = FORMATS_BY_WHAT.get(what)
    if formats is None:
        raise PathwayError(
            [
                Problem(
                    "--what",
                    None,
                    None,
                    "",
                    _("unknown export {what!r}").format(what=what),
                    _("use one of {choices}").format(choices=", ".join(FORMATS_BY_WHAT)),
                )
            ]
        )
    if fmt not in formats:
        raise PathwayError(
            [
                Problem(
                    "--format",
                    None,
                    None,
                    "",
                    _("a {what} has no {format} form").format(what=what, format=fmt),
                    _("use one of {choices}").format(choices=", ".join(formats)),
                )
            ]
        )


#: the answer CSV's columns beyond Compare's: what the Ask page says, in its words (`--format json` keeps every raw figure)
ANSWER_COLUMNS = [
    N_("Scenario"),
    N_("As of"),
    *COLUMNS,
    N_("Middle half from"),
    N_("Middle half to"),
    N_("Steps on the way"),
    N_("Simulated futures"),
    N_("Seed"),
]


def answer_csv(answer: Answer, composition: Composition) -> bytes:
    """One row per country and route, in the cells the Compare table uses, plus the middle half and the path.

    A spreadsheet user who wants the exact fractions and days takes the JSON export.
    """
    graph = composition.graph
    rows = [
        [
            answer.scenario,
            answer.as_of,
            *route_cells(cc, route, ra.estimate).values(),
            month(ra.estimate.p25) if ra.estimate.p25 else "",
            month(ra.estimate.p75) if ra.estimate.p75 else "",
            " → ".join(yaml_text(graph.nodes[n]["step"], "label") if n in graph else n for n in ra.path),
            answer.samples,
            answer.seed,
        ]
        for cc, country in answer.countries.items()
        for route, ra in country.routes.items()
    ]
    return csv_bytes([_(column) for column in ANSWER_COLUMNS], rows)


def print_layouts(
    composition: Composition, answer: Answer, country: str | None, route: str | None, compact: bool
) -> tuple[tuple[str, str], Furniture]:
    """The diagram's DOT left to right (rows per jurisdiction) and top to bottom, and the page's title and legend.

    Paper gets whichever layout fits a smaller sheet; title and legend are set on the page, apart from
    the drawing, so they never make it wider.
    """
    lr, tb = (
        DiagramOptions(country=country, route=route, compact=compact, direction=d, title=False, legend=False)
        for d in ("LR", "TB")
    )
    furniture = Furniture(
        diagram_title(composition, lr), legend_entries(faded=bool(faded_nodes(composition, answer, lr))), FOOTER
    )
    return (build_dot(composition, answer, lr).source, build_dot(composition, answer, tb).source), furniture


def printed_diagram(dots: tuple[str, ...], furniture: Furniture) -> tuple[bytes, Fit]:
    """The layout that fits the smallest sheet (then at the larger scale), rendered: (SVG, where it goes on paper)."""
    best: tuple[tuple[int, float], bytes, Fit] | None = None
    for dot in dots:
        svg = svg_from_dot(dot)
        fit = fit_on_paper(*svg_size_pt(svg), smallest_text_pt=EDGE_FONT_PT, reserved=furniture.height)
        rank = (PAPER_ORDER.get(fit.paper.name, len(PAPER_ORDER)), -fit.scale)
        if best is None or rank < best[0]:
            best = (rank, svg, fit)
    assert best is not None, "at least one layout"
    return best[1], best[2]


def diagram_pdf(composition: Composition, answer: Answer, country: str | None, route: str | None, compact: bool) -> bytes:
    dots, furniture = print_layouts(composition, answer, country, route, compact)
    svg, fit = printed_diagram(dots, furniture)
    return pdf_from_svg(on_paper(svg, fit, furniture))


def export_bytes(
    composition: Composition,
    answer: Answer,
    fmt: str,
    what: str = "diagram",
    country: str | None = None,
    route: str | None = None,
    scale: float = 2.0,
    compact: bool = False,
) -> bytes:
    """Render one artefact. `what`: diagram | timeline | chance | answer."""
    if what == "answer":
        if fmt == "json":
            return json.dumps(answer.to_json(), indent=2, ensure_ascii=False).encode("utf-8")
        if fmt == "csv":
            return answer_csv(answer, composition)
        raise ValueError(f"answers export as json or csv, not {fmt}")
    if what == "diagram":
        dot = build_dot(composition, answer, DiagramOptions(country=country, route=route, compact=compact)).source
        if fmt == "dot":
            return dot.encode("utf-8")
        svg = svg_from_dot(dot)
        if fmt == "svg":
            return svg
        if fmt == "png":
            return png_from_svg(svg, scale)
        if fmt == "pdf":
            return diagram_pdf(composition, answer, country, route, compact)
        raise ValueError(f"diagrams export as {', '.join(DIAGRAM_FORMATS)}, not {fmt}")
    cc = country or composition.scenario.countries[0]
    if what == "timeline":
        c = answer.countries[cc]
        chosen = route or next((r for r in ("reimbursed", "off_label", "early_access", "trial") if r in c.routes), "reimbursed")
        chart: Any = timeline_chart(answer, cc, chosen)
    elif what == "chance":
        chart = chance_chart(answer, cc)
    else:
        raise ValueError(f"unknown export {what!r}")
    vl = spec(chart)
    if fmt in ("vl.json", "json"):
        return json.dumps(vl, indent=2).encode("utf-8")
    return vegalite_to(vl, fmt, scale)


def export_one(
    library: Library,
    scenario_path: Path,
    fmt: str,
    what: str = "diagram",
    country: str | None = None,
    route: str | None = None,
    scale: float = 2.0,
    samples: int = 20_000,
    seed: int = 20251,
) -> bytes:
    check_format(what, fmt)
    loaded = load_scenario(scenario_path)
    composition = compose(library, loaded.model, loaded.file, loaded)
    if country is not None and country not in library.countries():
        raise PathwayError(
            [
                Problem(
                    "--country",
                    None,
                    None,
                    "",
                    _("no access route for {country!r}").format(country=country),
                    _("choose from {choices}").format(choices=", ".join(sorted(library.countries()))),
                )
            ]
        )
    countries = [country] if country else None
    answer = answer_question(composition, countries, samples=samples, seed=seed)
    return export_bytes(composition, answer, fmt, what, country, route, scale, compact=bool(country and route))


def export_all(library: Library, seeds: Path, out: Path, samples: int = 20_000, seed: int = 20251) -> int:
    """Write every format of every seed into `out`, with a progress bar when writing to a terminal."""
    out.mkdir(parents=True, exist_ok=True)
    jobs = [
        (path, what, fmt)
        for path in sorted(seeds.glob("*.yaml"))
        for what, fmts in (
            ("diagram", DIAGRAM_FORMATS),
            ("timeline", ("svg", "png", "pdf")),
            ("chance", ("svg", "png", "pdf")),
            ("answer", DATA_FORMATS),
        )
        for fmt in fmts
    ]
    cache: dict[Path, tuple[Composition, Answer]] = {}
    tty = sys.stderr.isatty()
    for i, (path, what, fmt) in enumerate(jobs, 1):
        if path not in cache:
            loaded = load_scenario(path)
            composition = compose(library, loaded.model, loaded.file, loaded)
            cache[path] = (composition, answer_question(composition, samples=samples, seed=seed))
        composition, answer = cache[path]
        data = export_bytes(composition, answer, fmt, what)
        name = out / f"{path.stem}-{what}-{answer.as_of}.{fmt}"
        name.write_bytes(data)
        if tty:
            filled = int(30 * i / len(jobs))
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {i}/{len(jobs)} {name.name[:40]:40s}")
            sys.stderr.flush()
    if tty:
        sys.stderr.write("\n")
    print(_("wrote {n} files to {folder}").format(n=count_text(len(jobs)), folder=out), file=sys.stderr)
    return 0
