"""What the library covers and how well each figure is supported: the `audit` command."""

from __future__ import annotations

from typing import Any

import networkx as nx

from .graph import Library, resolve
from .load import _figures
from .model import ParamRef


def audit_library(library: Library) -> dict[str, Any]:
    fragments = []
    total = {"figures": 0, "sourced": 0, "assumptions": 0, "unlabelled": 0, "steps": 0, "sources": 0}
    countries: dict[str, set[str]] = {}
    for loaded in library.fragments:
        frag = loaded.model
        counts = {"figures": 0, "sourced": 0, "assumptions": 0, "unlabelled": 0}
        items: list[Any] = [figure for i, step in enumerate(frag.steps) for _loc, figure, _label in _figures(step, i)]
        items += list(frag.parameters.values())
        for figure in items:
            if _count(counts, figure):
                counts["unlabelled"] += 1
        routes: dict[str, set[str]] = {}
        for step in frag.steps:
            if step.kind == "access" and step.country and step.route:
                routes.setdefault(step.country, set()).add(step.route)
                countries.setdefault(step.country, set()).add(step.route)
        fragments.append(
            {
                "file": loaded.file.split("/")[-1],
                "namespace": frag.namespace,
                "title": frag.title,
                "reviewed": frag.reviewed.isoformat(),
                "steps": len(frag.steps),
                "sources": len(frag.sources),
                "routes": {cc: sorted(r) for cc, r in sorted(routes.items())},
                **counts,
            }
        )
        for key in counts:
            total[key] += counts[key]
        total["steps"] += len(frag.steps)
        total["sources"] += len(frag.sources)
    reimbursed = sorted(cc for cc, routes in countries.items() if "reimbursed" in routes)
    return {
        "access_steps": access_step_figures(library),
        "countries": reimbursed,
        "routes": {cc: sorted(r) for cc, r in sorted(countries.items())},
        "fragments": fragments,
        "oldest_reviewed": min(str(f["reviewed"]) for f in fragments) if fragments else None,
        **total,
    }


def access_step_figures(library: Library) -> dict[str, dict[str, Any]]:
    """For every route to patients (access step): how the figures on the way to it are supported.

    "On the way" is every step it can wait for in any scenario (conditions ignored), so a country's
    route is audited with the clinical, EU and national figures it can rest on; `unlabelled` lists any
    figure with neither a source nor an assumption (the loader refuses those, so it should be empty).
    """
    steps = library.all_steps()
    union = nx.DiGraph()
    for full, infos in steps.items():
        for info in infos:
            for ref, _outcome, _join in info.step.refs():
                union.add_edge(resolve(ref, info.fragment.namespace), full)
    params = library.parameters()
    out: dict[str, dict[str, Any]] = {}
    for full, infos in sorted(steps.items()):
        access = [i for i in infos if i.step.kind == "access"]
        if not access:
            continue
        counts = {"figures": 0, "sourced": 0, "assumptions": 0}
        unlabelled: list[str] = []
        used: set[str] = set()
        ancestors = (nx.ancestors(union, full) if full in union else set()) | {full}
        for node in sorted(ancestors):
            for info in steps.get(node, []):
                figures = [(label, fig) for _loc, fig, label in _figures(info.step, info.index)]
                for outcome in info.step.outcomes:
                    if isinstance(outcome.probability, ParamRef):
                        used.add(outcome.probability.param)
                if info.step.place is not None and isinstance(info.step.place.probability, ParamRef):
                    used.add(info.step.place.probability.param)
                for label, fig in figures:
                    if _count(counts, fig):
                        unlabelled.append(f"{node}: {label}")
        for name in sorted(used):
            if name in params and _count(counts, params[name][0]):
                unlabelled.append(f"parameter {name}")
        step = access[0].step
        out[full] = {"country": step.country, "route": step.route, "label": step.label, **counts, "unlabelled": unlabelled}
    return out


def _count(counts: dict[str, int], figure: Any) -> bool:
    """Count a figure as sourced or as a labelled assumption; True when it is neither (a defect)."""
    counts["figures"] += 1
    if figure.sources:
        counts["sourced"] += 1
    elif figure.assumption:
        counts["assumptions"] += 1
    else:
        return True
    return False


def format_audit(report: dict[str, Any]) -> str:
    lines = [
        f"{'fragment':22s} {'reviewed':10s} {'steps':>5s} {'figures':>7s} {'sourced':>7s} {'assumed':>7s} {'unlabelled':>10s}  routes"
    ]
    for f in report["fragments"]:
        routes = "; ".join(f"{cc}: {', '.join(r)}" for cc, r in f["routes"].items())
        lines.append(
            f"{f['file']:22s} {f['reviewed']:10s} {f['steps']:5d} {f['figures']:7d} {f['sourced']:7d} "
            f"{f['assumptions']:7d} {f['unlabelled']:10d}  {routes}"
        )
    lines.append("")
    lines.append(f"{len(report['countries'])} countries with a reimbursed-access route: {', '.join(report['countries'])}")
    lines.append(
        f"{report['figures']} figures: {report['sourced']} sourced, {report['assumptions']} assumptions (reason given), "
        f"{report['unlabelled']} unlabelled; {report['sources']} sources; oldest review {report['oldest_reviewed']}"
    )
    return "\n".join(lines)
