"""The composed graph (and optionally its answer) as Graphviz DOT: one builder for the app and every export.

Pure string building with the ``graphviz`` package's quoting; no binary is run here (rendering is
`pathways.render`). Text from YAML passes through ``graphviz.escape`` line by line, so quotes,
backslashes, ``<…>`` and DOT keywords appear literally and can never add attributes or HTML.
Colours are set in the DOT (Okabe-Ito, colour-blind safe) on a white page, so the picture reads the
same in a light or dark app theme; routes also differ in shape and line style, never colour alone.

>>> from pathways.diagram import wrap
>>> wrap('Norway: "quoted" <b>not html</b> back\\\\slash', width=20)
'Norway: "quoted"\\\\n<b>not html</b>\\\\nback\\\\\\\\slash'
>>> wrap("R&D: &lt;script&gt;")
'R&amp;D: &amp;lt;script&amp;gt;'
"""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass
from typing import Any

import graphviz
import networkx as nx

from .answer import ROUTE_TEXT, Answer
from .countries import country_name
from .formatting import chance_short, day_text, month
from .graph import Composition, outcome_probabilities
from .i18n import N_, _, ngettext, yaml_text
from .model import Step

#: Okabe-Ito palette: route → (fill, border) with a shape and line style so colour is never the only cue.
ROUTE_STYLE: dict[str, dict[str, str]] = {
    "reimbursed": {"fillcolor": "#D6E9F8", "color": "#0072B2", "shape": "box", "style": "filled,bold", "peripheries": "2"},
    "early_access": {
        "fillcolor": "#FBE7C2",
        "color": "#B36B00",
        "shape": "hexagon",
        "style": "filled,dashed",
        "peripheries": "1",
    },
    "off_label": {"fillcolor": "#CDEFE3", "color": "#007A5A", "shape": "house", "style": "filled,bold", "peripheries": "1"},
    "trial": {"fillcolor": "#F3DCEA", "color": "#A8507F", "shape": "octagon", "style": "filled,dotted", "peripheries": "1"},
    "private": {"fillcolor": "#E8E8E8", "color": "#555555", "shape": "invhouse", "style": "filled,dashed", "peripheries": "1"},
}
KIND_STYLE: dict[str, dict[str, str]] = {
    "step": {"shape": "box", "style": "rounded,filled", "fillcolor": "#FFFFFF", "color": "#4D4D4D"},
    "milestone": {"shape": "box", "style": "filled", "fillcolor": "#EEEEEE", "color": "#4D4D4D"},
    "decision": {"shape": "box", "style": "filled,diagonals", "fillcolor": "#FFF6D5", "color": "#8A6D00"},
}
CLUSTER_FILL = "#F7F7F7"
TEXT = "#1A1A1A"
#: steps off the highlighted path: still readable (text contrast 5:1 on white), but clearly in the background
FADED = {"fillcolor": "#FAFAFA", "color": "#C4C4C4", "fontcolor": "#6B6B6B"}
FADED_EDGE = {"color": "#CFCFCF", "fontcolor": "#6B6B6B"}
#: the smallest text in the drawing, in points; the app's view starts at a zoom where it is at least 12 px
NODE_FONT_PT = 12
EDGE_FONT_PT = 11
FOOTER = N_("Sources for every step: the Sources page of the Pathways app · Not medical or legal advice")


def wrap(text: str, width: int = 28) -> str:
    """Escape text for a DOT label and break it into centred lines.

    Graphviz decodes HTML entities even in plain labels (``&lt;`` is drawn as ``<``), so ``&`` is
    written as ``&amp;``: the picture shows exactly what the YAML says.
    """
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        lines += textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False) or [""]
    return "\\n".join(graphviz.escape(line.replace("&", "&amp;")) for line in lines)


@dataclass(frozen=True)
class DiagramOptions:
    country: str | None = None
    route: str | None = None
    compact: bool = False
    title: bool = True
    legend: bool = True
    all_countries: bool = False
    #: "LR" (left to right, for print and exports) or "TB" (top to bottom, for reading on a narrow screen)
    direction: str = "LR"
    #: left to right, one row per jurisdiction (clinical, EU, country): fits a landscape page
    wrap: bool = True
    #: draw the chosen route's most frequent path strongly and fade every other step and arrow
    highlight: bool = True


def _cluster_name(namespace: str) -> str:
    return namespace.split("_")[0]


def diagram_nodes(composition: Composition, answer: Answer | None, options: DiagramOptions) -> list[str]:
    """The nodes to draw: everything, or what leads to one country's (and route's) access."""
    graph = composition.graph
    if options.compact and answer is not None and options.country:
        country = answer.countries.get(options.country)
        if country is not None:
            route = options.route or country.best_route or "reimbursed"
            if route in country.routes and country.routes[route].path:
                return list(country.routes[route].path)
    if options.country or options.route or not options.all_countries:
        if options.country or options.route:
            targets = composition.access_nodes(options.country, options.route)
        else:
            targets = [n for cc in composition.scenario.countries for n in composition.access_nodes(cc)]
        keep: set[str] = set(targets)
        for t in targets:
            keep |= nx.ancestors(graph, t)
    else:
        keep = set(graph)
    # history before the scenario's position is not drawn: the picture starts where the product stands
    for position in composition.scenario.position:
        if position.step in graph:
            keep -= nx.ancestors(graph, position.step)
    return [n for n in nx.topological_sort(graph) if n in keep]


def highlighted_nodes(composition: Composition, answer: Answer | None, options: DiagramOptions) -> set[str] | None:
    """The steps of the chosen route's most frequent path, or None when nothing is to be faded.

    Only a chosen route has one path to follow; with every route shown they are all equally in view.
    """
    if not options.highlight or answer is None or not options.country or not options.route:
        return None
    country = answer.countries.get(options.country)
    if country is None or options.route not in country.routes or not country.routes[options.route].path:
        return None
    return set(country.routes[options.route].path)


def faded_nodes(composition: Composition, answer: Answer | None, options: DiagramOptions) -> set[str]:
    """The drawn steps off the highlighted path (none when nothing is highlighted): the legend explains fading only then."""
    on_path = highlighted_nodes(composition, answer, options)
    if on_path is None:
        return set()
    return {n for n in diagram_nodes(composition, answer, options) if n not in on_path}


def _faded(style: dict[str, str]) -> dict[str, str]:
    """A node style in the background colours, keeping its shape and line pattern (never colour alone)."""
    pattern = [part for part in style["style"].split(",") if part != "bold"]
    return {**style, **FADED, "style": ",".join(pattern), "penwidth": "1"}


def _node_label(composition: Composition, node: str, step: Step, answer: Answer | None) -> str:
    parts = [wrap(yaml_text(step, "label"), 24)]
    if step.kind == "access" and step.route:
        parts.insert(0, wrap(f"[{ROUTE_TEXT[step.route]['short']}]"))
    elif step.kind == "decision":
        parts.insert(0, _("[decision]"))
    if step.duration is not None and (step.duration.family != "fixed" or step.duration.fixed):
        parts.append(wrap(_("typically {duration}").format(duration=typical_days(step)), 30))
    if answer is not None:
        estimate = answer.milestones.get(node)
        if estimate is not None and estimate.p50 is not None:
            parts.append(wrap(f"P50 {month(estimate.p50)} · {chance_short(estimate.p_reached)}", 30))
    return "\\n".join(parts)


def typical_days(step: Step) -> str:
    """The duration a reader remembers: the typical value, or the median, in days or months."""
    d = step.duration
    if d is None:
        return ""
    value = d.fixed if d.fixed is not None else d.typical if d.typical is not None else d.median
    if value is None:
        value = ((d.min or 0) + (d.max or 0)) / 2
    days = d.in_days(value) or 0.0
    if days < 120:
        return ngettext("{count} day", "{count} days", round(days)).format(count=f"{days:.0f}")
    months = round(days / 30.4375)
    return ngettext("{count} month", "{count} months", months).format(count=months)


def diagram_title(composition: Composition, options: DiagramOptions) -> str:
    scenario = composition.scenario
    title = _("{scenario} — as of {date}").format(scenario=yaml_text(scenario, "title"), date=day_text(scenario.as_of))
    if options.country:
        title += f" — {country_name(options.country)}"
        if options.route:
            title += f", {ROUTE_TEXT[options.route]['short'].lower()}"
    return title


def build_dot(composition: Composition, answer: Answer | None = None, options: DiagramOptions | None = None) -> graphviz.Digraph:
    """The diagram as a ``graphviz.Digraph`` (``.source`` is the DOT text)."""
    options = options or DiagramOptions()
    graph = composition.graph
    nodes = diagram_nodes(composition, answer, options)
    chosen = set(nodes)
    dot = graphviz.Digraph("pathways", engine="dot")
    title = diagram_title(composition, options)
    dot.attr(
        rankdir="TB" if options.direction == "TB" else "LR",
        bgcolor="white",
        fontname="Helvetica",
        fontcolor=TEXT,
        fontsize="22",
        labelloc="t",
        labeljust="l",
        label=wrap(title, 120) if options.title else "",
        nodesep="0.18",
        ranksep="0.3",
        pad="0.3",
        newrank="true",
        compound="true",
    )
    dot.attr("node", fontname="Helvetica", fontsize=str(NODE_FONT_PT), fontcolor=TEXT, margin="0.12,0.06", penwidth="1.2")
    dot.attr("edge", fontname="Helvetica", fontsize=str(EDGE_FONT_PT), fontcolor="#333333", color="#666666", arrowsize="0.7")
    on_path = highlighted_nodes(composition, answer, options)
    _add_clusters(dot, composition, nodes, answer, on_path)
    for src, dst, data in graph.edges(data=True):
        if src in chosen and dst in chosen:
            dot.edge(src, dst, **_edge_attrs(composition, src, dst, data, answer, options, on_path))
    if options.legend:
        _legend(dot, horizontal_chain=options.direction == "LR")
    return dot


def _add_clusters(
    dot: graphviz.Digraph, composition: Composition, nodes: list[str], answer: Answer | None, on_path: set[str] | None
) -> None:
    """One box per jurisdiction (and one for clinical development), its steps styled by kind or route."""
    graph = composition.graph
    clusters: dict[str, list[str]] = {}
    for node in nodes:
        clusters.setdefault(_cluster_name(graph.nodes[node]["namespace"]), []).append(node)
    for cluster, members in clusters.items():
        with dot.subgraph(name=f"cluster_{cluster}") as sub:
            data = graph.nodes[members[0]]
            heading = (
                _("Clinical development (trial sponsors)")
                if cluster == "clinical"
                else yaml_text(data["fragment_model"], "jurisdiction")
            )
            sub.attr(
                label=wrap(heading, 60),
                style="rounded,filled",
                fillcolor=CLUSTER_FILL,
                color="#BBBBBB",
                fontsize="14",
                fontname="Helvetica-Bold",
                labeljust="l",
            )
            for node in members:
                step = graph.nodes[node]["step"]
                style = dict(ROUTE_STYLE[step.route]) if step.kind == "access" and step.route else dict(KIND_STYLE[step.kind])
                if on_path is not None:
                    style = {**style, "penwidth": "2.4"} if node in on_path else _faded(style)
                sub.node(node, label=_node_label(composition, node, step, answer), tooltip=wrap(step.explain, 80), **style)


def _edge_attrs(
    composition: Composition,
    src: str,
    dst: str,
    data: dict[str, Any],
    answer: Answer | None,
    options: DiagramOptions,
    on_path: set[str] | None,
) -> dict[str, str]:
    """An arrow's label (the outcome and, with an answer, its chance), line style and colour."""
    graph = composition.graph
    attrs: dict[str, str] = {}
    if data["outcome"] is not None:
        step = graph.nodes[src]["step"]
        outcome = next(o for o in step.outcomes if o.id == data["outcome"])
        label = yaml_text(outcome, "label")
        if answer is not None and composition.parameters is not None:
            probs = outcome_probabilities(step.outcomes, answer.parameters)
            label += f" ({chance_short(probs[[o.id for o in step.outcomes].index(outcome.id)])})"
        attrs["label"] = wrap(label, 22)
    if data["join"] == "first":
        attrs["style"] = "dashed"
        attrs["arrowhead"] = "empty"
    dst_step = graph.nodes[dst]["step"]
    if dst_step.kind == "access" and dst_step.route:
        attrs["color"] = ROUTE_STYLE[dst_step.route]["color"]
        attrs["penwidth"] = "1.6"
    if (
        options.wrap
        and options.direction == "LR"
        and _cluster_name(graph.nodes[src]["namespace"]) != _cluster_name(graph.nodes[dst]["namespace"])
    ):
        # each jurisdiction keeps its own left-to-right row; the hand-over arrow does not push the next
        # row to the right, so a long pathway wraps instead of growing wider than a page
        attrs["constraint"] = "false"
        attrs["color"] = attrs.get("color", "#8C8C8C")
    if on_path is not None:
        if src in on_path and dst in on_path:
            strong = ROUTE_STYLE[dst_step.route]["color"] if dst_step.kind == "access" and dst_step.route else TEXT
            attrs.update(penwidth="2.4", fontcolor=TEXT, color=strong)
        else:
            attrs.update(FADED_EDGE, penwidth="1")
    return attrs


def _legend(dot: graphviz.Digraph, horizontal_chain: bool) -> None:
    """One row of legend items above the diagram (a chain of ranks in LR, a same-rank row in TB)."""
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(label=_("Legend"), style="rounded", color="#BBBBBB", fontsize="12", fontname="Helvetica-Bold", labeljust="l")
        legend.node("legend.step", label=_("Step (takes time)"), **KIND_STYLE["step"])
        legend.node("legend.decision", label=_("Decision\\n(outcome chances on arrows)"), **KIND_STYLE["decision"])
        for route, style in ROUTE_STYLE.items():
            legend.node(
                f"legend.{route}", label=wrap(_("[{route}] patients get it").format(route=ROUTE_TEXT[route]["short"])), **style
            )
        legend.node(
            "legend.first", label=_("dashed arrow: whichever comes first\\nsolid arrow: waits for all"), shape="plaintext"
        )
        legend.node(
            "legend.footer", label=wrap(_(FOOTER), 60), shape="plaintext", fontsize=str(EDGE_FONT_PT), fontcolor="#333333"
        )
        order = ["legend.step", "legend.decision", *[f"legend.{r}" for r in ROUTE_STYLE], "legend.first", "legend.footer"]
        if horizontal_chain:
            for a, b in itertools.pairwise(order):
                legend.edge(a, b, style="invis")
        else:
            with legend.subgraph() as same:
                same.attr(rank="same")
                for node in order:
                    same.node(node)


#: the outline of each node shape inside a 48 × 28 swatch (Graphviz's own shapes, drawn small)
_SWATCH_POINTS = {
    "hexagon": "6,14 14,3 34,3 42,14 34,25 14,25",
    "house": "6,12 24,3 42,12 42,25 6,25",
    "octagon": "12,3 36,3 43,9 43,19 36,25 12,25 5,19 5,9",
}
_DASHES = {"dashed": ' stroke-dasharray="5 3"', "dotted": ' stroke-dasharray="1.5 2.5"'}


def _swatch(style: dict[str, str]) -> str:
    """A node style as a small SVG, so the legend can sit apart from the drawing and still match it."""
    parts = style["style"].split(",")
    dash = next((_DASHES[p] for p in parts if p in _DASHES), "")
    width = "2" if "bold" in parts else "1.2"
    paint = f'fill="{style["fillcolor"]}" stroke="{style["color"]}" stroke-width="{width}"{dash}'
    shape = style["shape"]
    if shape in _SWATCH_POINTS:
        body = f'<polygon points="{_SWATCH_POINTS[shape]}" {paint}/>'
    else:
        radius = ' rx="5"' if "rounded" in parts else ""
        body = f'<rect x="4" y="4" width="40" height="20"{radius} {paint}/>'
        if style.get("peripheries") == "2":
            body = f'<rect x="1" y="1" width="46" height="26" fill="none" stroke="{style["color"]}" stroke-width="1.2"/>' + body
        if "diagonals" in parts:
            body += "".join(
                f'<path d="{d}" stroke="{style["color"]}" stroke-width="1"/>'
                for d in ("M4,10 L10,4", "M38,4 L44,10", "M4,18 L10,24", "M38,24 L44,18")
            )
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="48" height="28" viewBox="0 0 48 28">{body}</svg>'


def _arrow_swatch(dashed: bool, colour: str = "#666666", width: str = "1.4") -> str:
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    head = f'fill="{"white" if dashed else colour}" stroke="{colour}" stroke-width="1.2"'
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="28" viewBox="0 0 48 28">'
        f'<path d="M3,14 L36,14" stroke="{colour}" stroke-width="{width}"{dash}/>'
        f'<polygon points="36,9 45,14 36,19" {head}/></svg>'
    )


def legend_entries(faded: bool = False) -> list[tuple[str, str]]:
    """(SVG swatch, what it means) for every shape and line in the drawing; `faded` adds the path/background pair."""
    entries = [
        (_swatch(KIND_STYLE["step"]), _("Step (takes time)")),
        (_swatch(KIND_STYLE["decision"]), _("Decision (chances on its arrows)")),
        (_swatch(KIND_STYLE["milestone"]), _("Milestone (a moment)")),
    ]
    entries += [
        (_swatch(style), _("{route}: patients get it").format(route=ROUTE_TEXT[route]["short"]))
        for route, style in ROUTE_STYLE.items()
    ]
    entries += [
        (_arrow_swatch(dashed=False), _("Waits for every step before it")),
        (_arrow_swatch(dashed=True), _("Starts when the first is done")),
    ]
    if faded:
        entries += [
            (_arrow_swatch(dashed=False, colour=TEXT, width="3"), _("The most frequent path")),
            (_swatch(_faded(KIND_STYLE["step"])), _("Other steps (faded)")),
        ]
    return entries
