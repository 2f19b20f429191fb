"""The public API: what the CLI, the app and any other front end call. Nothing here renders."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from .answer import Answer, answer_question, headline
from .graph import Composition, Library, compose, load_library
from .load import Loaded, load_fragment, load_scenario, load_scenario_text, parse_yaml
from .model import ROUTES, Parameter, ParamRef, Scenario
from .problems import PathwayError, Problem
from .sensitivity import Sensitivity, sensitivity
from .simulate import DEFAULT_SAMPLES, DEFAULT_SEED, build_plan, simulate

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"

__all__ = [
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "ROUTES",
    "Answer",
    "Composition",
    "Library",
    "Loaded",
    "PathwayError",
    "Problem",
    "Scenario",
    "Sensitivity",
    "answer_question",
    "build_plan",
    "compose",
    "headline",
    "judgement_sensitivity",
    "load_fragment",
    "load_library",
    "load_scenario",
    "load_scenario_text",
    "looks_like_fragment",
    "prepare",
    "relevant_parameters",
    "seed_files",
    "simulate",
]


def prepare(library: Library, loaded: Loaded[Scenario]) -> Composition:
    """Compose the library for a loaded scenario, citing the scenario's own lines in problems."""
    return compose(library, loaded.model, loaded.file, loaded)


def relevant_parameters(composition: Composition, countries: list[str]) -> list[tuple[str, Parameter, list[str]]]:
    """Parameters that change the answer for these countries: (name, declaration, steps that use it).

    Ordered by the first step that uses them, so controls appear in the order things happen.
    """
    graph = composition.graph
    wanted: set[str] = set()
    for cc in countries:
        for node in composition.access_nodes(cc):
            wanted |= nx.ancestors(graph, node) | {node}
    for done in [p.step for p in composition.scenario.position] + list(composition.scenario.completed):
        if done in graph:
            wanted -= nx.ancestors(graph, done)  # decisions already taken cannot be changed
    declared = composition.library.parameters()
    found: dict[str, list[str]] = {}
    for node in nx.topological_sort(graph):
        if node not in wanted:
            continue
        step = composition.step(node)
        chances = [o.probability for o in step.outcomes] + ([step.place.probability] if step.place else [])
        for chance in chances:
            if isinstance(chance, ParamRef) and chance.param in declared:
                found.setdefault(chance.param, []).append(node)
    return [(name, declared[name][0], steps) for name, steps in found.items()]


def judgement_sensitivity(
    composition: Composition,
    country: str,
    route: str = "reimbursed",
    parameters: dict[str, float] | None = None,
    names: list[str] | None = None,
) -> list[Sensitivity]:
    """How the route's chance moves if each judgement (a parameter resting on an `assumption`) were halved or
    doubled; by default every judgement that can change this country's answer, largest effect first."""
    on_route: set[str] = set()
    for node in composition.access_nodes(country, route):
        on_route |= nx.ancestors(composition.graph, node) | {node}
    relevant = [(n, p) for n, p, steps in relevant_parameters(composition, [country]) if on_route & set(steps)]
    chosen = [(n, p) for n, p in relevant if (names is None and p.assumption) or (names is not None and n in names)]
    return sensitivity(composition, country, chosen, route, parameters)


def looks_like_fragment(path: Path) -> bool:
    """A file with a top-level `namespace:` is a library fragment; anything else is a scenario."""
    try:
        data = parse_yaml(path.read_bytes(), str(path)).data
    except (PathwayError, OSError):
        return path.parent.name == "library"
    return isinstance(data, dict) and "namespace" in data


def seed_files() -> dict[str, Path]:
    """Seed scenarios by file stem, in a stable order."""
    return {p.stem: p for p in sorted(SEEDS_DIR.glob("*.yaml"))}
