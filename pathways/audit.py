"""What the library covers and how well each figure is supported: the `audit` command."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from .graph import Library, resolve
from .i18n import has_own_text, use_language
from .load import Loaded, _figures
from .model import ParamRef, Scenario, Source


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


#: the texts of a step, a parameter and an outcome that a reader sees, and so should have in Norwegian
_READ_FIELDS = {
    "step": ("label", "explain", "who", "for_whom", "who_pays"),
    "parameter": ("label", "explain", "assumption"),
    "outcome": ("label",),
}


def bokmal_gaps(library: Library) -> dict[str, dict[str, list[str]]]:
    """Per fragment file, the library entries with a text the reader sees that has no `nb:` version, and which
    texts: the app and `answer --lang nb` show these in English (`i18n.yaml_text`)."""
    gaps: dict[str, dict[str, list[str]]] = {}
    for loaded in sorted(library.fragments, key=lambda f: Path(f.file).name):
        frag = loaded.model
        found: dict[str, list[str]] = {}
        heading = [f for f in ("title", "jurisdiction") if not (frag.nb and getattr(frag.nb, f))]
        if heading:
            found["(fragment)"] = heading
        variants: Counter[str] = Counter()
        for step in frag.steps:
            # a step id used by several variants (each with its own `applies_when`) is listed once per variant
            variants[step.id] += 1
            key = f"{frag.namespace}.{step.id}" + (f" (variant {variants[step.id]})" if variants[step.id] > 1 else "")
            missing = _untranslated(step, _READ_FIELDS["step"])
            missing += [f"outcomes.{o.id}" for o in step.outcomes if _untranslated(o, _READ_FIELDS["outcome"])]
            if step.duration is not None and _untranslated(step.duration, ("assumption",)):
                missing.append("duration.assumption")
            for i, rule in enumerate(step.rules):
                missing += [f"rules[{i}].{f}" for f in _untranslated(rule, ("why",))]
                missing += [f"rules[{i}].duration.assumption" for _ in _untranslated(rule.duration, ("assumption",))]
            if missing:
                found[key] = missing
        for name, param in frag.parameters.items():
            missing = _untranslated(param, _READ_FIELDS["parameter"])
            if missing:
                found[f"parameters.{name}"] = missing
        found.update(_source_gaps(frag.sources))
        if found:
            gaps[Path(loaded.file).name] = found
    return gaps


def scenario_bokmal_gaps(scenario: Scenario) -> dict[str, list[str]]:
    """A scenario's texts that the reader sees with no `nb:` version, by the key its author writes
    (`questions[2]`, `access.no.private_treatment`, `sources.x`): the scenario picker, the Ask page and the
    Explorer show these in English when they speak Norwegian."""
    found: dict[str, list[str]] = {}
    if top := _untranslated(scenario, ("title", "summary")):
        found["(scenario)"] = top
    for i, question in enumerate(scenario.questions):
        if _untranslated(question, ("ask",)):
            found[f"questions[{i}]"] = ["ask"]
    for ref, duration in scenario.durations.items():
        if _untranslated(duration, ("assumption",)):
            found[f"durations.{ref}"] = ["assumption"]
    for ref, details in scenario.access.items():
        missing = _untranslated(details, ("for_whom", "who_pays"))
        if details.place is not None:
            missing += [f"place.{f}" for f in _untranslated(details.place, ("explain",))]
        if details.window is not None and details.window.open_for is not None:
            missing += [f"window.open_for.{f}" for f in _untranslated(details.window.open_for, ("assumption",))]
        if missing:
            found[f"access.{ref}"] = missing
    for i, note in enumerate(scenario.notes):
        if _untranslated(note, ("text",)):
            found[f"notes[{i}]"] = ["text"]
    found.update(_source_gaps(scenario.sources))
    return found


def _source_gaps(sources: dict[str, Source]) -> dict[str, list[str]]:
    return {f"sources.{key}": ["supports"] for key, source in sources.items() if _untranslated(source, ("supports",))}


def _untranslated(item: Any, fields: tuple[str, ...]) -> list[str]:
    with use_language("nb"):
        return [f for f in fields if not has_own_text(item, f)]


def _is_step(key: str) -> bool:
    return "." in key and not key.startswith(("parameters.", "sources."))


def bokmal_gaps_markdown(library: Library, scenarios: Sequence[Loaded[Scenario]] = ()) -> str:
    """`bokmal_gaps` as the page docs/bokmal-gaps.md: a count per file, then every entry; then the same for
    `scenarios` (the seeds), a section per file."""
    gaps = bokmal_gaps(library)
    seed_gaps = {Path(s.file).name: found for s in scenarios if (found := scenario_bokmal_gaps(s.model))}
    steps = sum(len(f.model.steps) for f in library.fragments)
    missing_steps = sum(1 for found in gaps.values() for key in found if _is_step(key))
    sources = sum(len(f.model.sources) for f in library.fragments)
    missing_sources = sum(1 for found in gaps.values() for key in found if key.startswith("sources."))
    lines = [
        "# Library and seed scenario texts without Norwegian Bokmål",
        "",
        "Written by `python -m pathways audit --bokmal-gaps > docs/bokmal-gaps.md`; a test fails when it is out of date.",
        "These texts are shown in English when the app or `answer --lang nb` speaks Norwegian (the Explorer says so",
        "under a step's explanation). Add them under the entry's `nb:` key.",
        "",
        f"{missing_steps} of {steps} steps lack at least one Norwegian text; "
        f"{missing_sources} of {sources} sources say what they support only in English.",
        "",
        "| file | entries | steps |",
        "| --- | --- | --- |",
    ]
    for file, found in gaps.items():
        n_steps = sum(1 for key in found if _is_step(key))
        lines.append(f"| `{file}` | {len(found)} | {n_steps} |")
    if scenarios and not seed_gaps:
        lines += ["", f"All {len(scenarios)} seed scenarios have every text a reader sees in Bokmål."]
    elif scenarios:
        lines += [
            "",
            f"{len(seed_gaps)} of {len(scenarios)} seed scenarios have texts only in English (their title, summary, "
            "questions, notes, own durations, access details and sources; see the sections `seeds/…` below).",
            "",
            "| seed | entries |",
            "| --- | --- |",
        ]
        lines += [f"| `seeds/{file}` | {len(found)} |" for file, found in seed_gaps.items()]
    sections = [*gaps.items(), *((f"seeds/{file}", found) for file, found in seed_gaps.items())]
    for file, found in sections:
        lines += ["", f"## {file}", ""]
        lines += [f"- `{key}`: {', '.join(fields)}" for key, fields in found.items()]
    return "\n".join(lines) + "\n"
