"""The public API: what the CLI, the app and any other front end call. Nothing here renders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx

from .answer import Answer, answer_question, headline
from .graph import Composition, Library, compose, load_library
from .load import Loaded, discussion_text, load_fragment, load_scenario, load_scenario_text, parse_yaml
from .model import ROUTES, Parameter, ParamRef, Scenario
from .new_scenario import PlainAnswers, facts_from_answers, scenario_yaml, with_answers
from .problems import PathwayError, Problem
from .registry_client import BASE_URL, fetch_study, normalise_trial_id
from .sensitivity import Sensitivity, sensitivity
from .simulate import DEFAULT_SAMPLES, DEFAULT_SEED, build_plan, simulate
from .tables import csv_bytes
from .trial_record import facts_from_record, parse_record

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"

__all__ = [
    "BASE_URL",
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "ROUTES",
    "Answer",
    "Composition",
    "Library",
    "Loaded",
    "PathwayError",
    "PlainAnswers",
    "Problem",
    "Scenario",
    "Sensitivity",
    "answer_question",
    "build_plan",
    "compose",
    "csv_bytes",
    "discussion_text",
    "fetch_trial_record",
    "headline",
    "judgement_sensitivity",
    "load_fragment",
    "load_library",
    "load_scenario",
    "load_scenario_text",
    "looks_like_fragment",
    "new_scenario_from_answers",
    "new_scenario_from_record",
    "normalise_trial_id",
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


def fetch_trial_record(trial_id: str, base_url: str = BASE_URL) -> bytes:
    """The JSON record of an NCT number from ClinicalTrials.gov (EU numbers get an explanation instead)."""
    return fetch_study(normalise_trial_id(trial_id), base_url)


def new_scenario_from_record(
    raw: bytes | str,
    library: Library,
    as_of: dt.date | None = None,
    answers: PlainAnswers | None = None,
    file: str = "record.json",
) -> str:
    """Commented scenario YAML from a ClinicalTrials.gov v2 record (answers fill what it cannot know)."""
    countries = set(library.countries())
    facts = with_answers(facts_from_record(parse_record(raw, file), file), answers, countries)
    return _checked(scenario_yaml(facts, as_of or dt.date.today(), countries), library)


def new_scenario_from_answers(answers: PlainAnswers, library: Library, as_of: dt.date | None = None) -> str:
    """Commented scenario YAML from the plain questions (phase, status, sponsor, approvals, rarity, countries)."""
    countries = set(library.countries())
    return _checked(scenario_yaml(facts_from_answers(answers, countries), as_of or dt.date.today(), countries), library)


def _checked(text: str, library: Library) -> str:
    """The written text, proven to load and compose; a failure here is our bug, reported with the text's lines."""
    prepare(library, load_scenario_text(text, "new-scenario.yaml"))
    return text
