"""What the library covers and how well each figure is supported: the `audit` command."""

from __future__ import annotations

from typing import Any

from .graph import Library
from .load import _figures


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
            counts["figures"] += 1
            if figure.sources:
                counts["sourced"] += 1
            elif figure.assumption:
                counts["assumptions"] += 1
            else:
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
        "countries": reimbursed,
        "routes": {cc: sorted(r) for cc, r in sorted(countries.items())},
        "fragments": fragments,
        "oldest_reviewed": min(str(f["reviewed"]) for f in fragments) if fragments else None,
        **total,
    }


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
