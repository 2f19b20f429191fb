"""Library fragments + a scenario → one composed ``networkx.DiGraph``, with structural checks.

Nodes are namespaced step ids (``eu.ec_decision``); node attributes carry the `Step`, the fragment
it came from and its file/line; an edge ``a → b`` means *b happens after a*, with ``join`` = ``all``
(wait for every such predecessor) or ``first`` (the earliest of them is enough) and, for edges out
of a decision, the ``outcome`` that enables it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from .i18n import _
from .load import Loaded, access_figures, did_you_mean, load_fragment, outcomes_sum_message
from .model import Authorisation, Condition, Fragment, Outcome, Parameter, ParamRef, Scenario, Step, StepNb
from .problems import PathwayError, Problem

LIBRARY_DIR = Path(__file__).parent / "library"


@dataclass
class StepInfo:
    """A step with the fragment it comes from."""

    id: str
    step: Step
    source: Loaded[Fragment]
    index: int

    @property
    def fragment(self) -> Fragment:
        return self.source.model

    def problem(self, key: str, message: str, fix: str = "", severity: str = "error", sub: tuple[Any, ...] = ()) -> Problem:
        return self.source.problem(("steps", self.index) + sub, f"{self.id}{'.' + key if key else ''}", message, fix, severity)


@dataclass
class Library:
    """All fragments, loaded and checked together."""

    fragments: list[Loaded[Fragment]]
    warnings: list[Problem] = field(default_factory=list)

    def all_steps(self) -> dict[str, list[StepInfo]]:
        out: dict[str, list[StepInfo]] = {}
        for loaded in self.fragments:
            for i, step in enumerate(loaded.model.steps):
                full = f"{loaded.model.namespace}.{step.id}"
                out.setdefault(full, []).append(StepInfo(full, step, loaded, i))
        return out

    def parameters(self) -> dict[str, tuple[Parameter, Loaded[Fragment]]]:
        out: dict[str, tuple[Parameter, Loaded[Fragment]]] = {}
        for loaded in self.fragments:
            for name, param in loaded.model.parameters.items():
                out.setdefault(name, (param, loaded))
        return out

    def sources(self) -> list[tuple[Loaded[Fragment], str, Any]]:
        return [(f, key, src) for f in self.fragments for key, src in f.model.sources.items()]

    def countries(self) -> dict[str, set[str]]:
        """Country code → routes the library can answer (access steps present)."""
        out: dict[str, set[str]] = {}
        for loaded in self.fragments:
            for step in loaded.model.steps:
                if step.kind == "access" and step.country and step.route:
                    out.setdefault(step.country, set()).add(step.route)
        return out


def resolve(ref: str, namespace: str) -> str:
    return ref if "." in ref else f"{namespace}.{ref}"


def load_library(directory: str | Path | None = None) -> Library:
    """Load every ``*.yaml`` under the library folder; raise `PathwayError` with every problem found."""
    folder = Path(directory) if directory is not None else LIBRARY_DIR
    problems: list[Problem] = []
    fragments: list[Loaded[Fragment]] = []
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise PathwayError([Problem(str(folder), None, None, "", _("no *.yaml fragments found"), _("point to pathways/library"))])
    for path in files:
        try:
            fragments.append(load_fragment(path))
        except PathwayError as err:
            problems += err.problems
    library = Library(fragments)
    if not problems:
        problems += check_library(library)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise PathwayError(errors)
    library.warnings = [p for p in problems if p.severity != "error"]
    return library


def check_library(library: Library) -> list[Problem]:
    """Checks across fragments, ignoring conditions: references, parameters, probabilities, cycles."""
    steps = library.all_steps()
    params = library.parameters()
    problems = _duplicate_parameters(library)
    union = nx.DiGraph()
    for full, infos in steps.items():
        for info in infos:
            union.add_node(full)
            for ref, outcome, _join in info.step.refs():
                target = resolve(ref, info.fragment.namespace)
                problem = _reference_problem(info, target, outcome, steps)
                if problem is not None:
                    problems.append(problem)
                if target in steps:
                    union.add_edge(target, full)
            problems += _undeclared_parameters(info, params)
            if info.step.kind == "decision" and not problems:
                values = {name: p.default for name, (p, _) in params.items()}
                message = outcome_problem(info.step.outcomes, values)
                if message:
                    problems.append(
                        info.problem(
                            "outcomes", message, _("make the probabilities add up to 1 (or use `rest`)"), sub=("outcomes",)
                        )
                    )
    problems += _circle(union, steps)
    return problems


def _duplicate_parameters(library: Library) -> list[Problem]:
    problems: list[Problem] = []
    seen_params: dict[str, str] = {}
    for loaded in library.fragments:
        for name in loaded.model.parameters:
            if name in seen_params and seen_params[name] != loaded.file:
                problems.append(
                    loaded.problem(
                        ("parameters", name),
                        f"parameters.{name}",
                        _("parameter {name} is also declared in {file}").format(name=repr(name), file=seen_params[name]),
                        _("declare each parameter once"),
                    )
                )
            seen_params.setdefault(name, loaded.file)
    return problems


def _reference_problem(info: StepInfo, target: str, outcome: str | None, steps: dict[str, list[StepInfo]]) -> Problem | None:
    """What is wrong with one `after`/`first_of` reference: a step nobody defines, or an outcome it lacks."""
    if target not in steps:
        close = difflib.get_close_matches(target, list(steps), n=1, cutoff=0.6)
        return info.problem(
            "after",
            _("waits for {target}, which no fragment defines").format(target=repr(target)),
            did_you_mean(close) if close else _("check the id (namespace.step) or add the step"),
        )
    if outcome is None:
        return None
    known = {o.id for i in steps[target] for o in i.step.outcomes}
    if not known:
        return info.problem(
            "after",
            _("{target} is not a decision, so it has no outcome {outcome}").format(target=repr(target), outcome=repr(outcome)),
            _("write just `{target}`").format(target=target),
        )
    if outcome not in known:
        close = difflib.get_close_matches(outcome, sorted(known), n=1, cutoff=0.5)
        return info.problem(
            "after",
            _("{target} has no outcome {outcome}").format(target=repr(target), outcome=repr(outcome)),
            did_you_mean(close) if close else _("use one of {values}").format(values=sorted(known)),
        )
    return None


def _undeclared_parameters(info: StepInfo, params: dict[str, tuple[Parameter, Loaded[Fragment]]]) -> list[Problem]:
    problems: list[Problem] = []
    for o, outcome_obj in enumerate(info.step.outcomes):
        if isinstance(outcome_obj.probability, ParamRef) and outcome_obj.probability.param not in params:
            close = difflib.get_close_matches(outcome_obj.probability.param, list(params), n=1, cutoff=0.6)
            problems.append(
                info.problem(
                    f"outcomes.{outcome_obj.id}",
                    _("parameter {name} is not declared").format(name=repr(outcome_obj.probability.param)),
                    did_you_mean(close) if close else _("declare it under `parameters:` in a fragment"),
                    sub=("outcomes", o),
                )
            )
    place = info.step.place
    if place is not None and isinstance(place.probability, ParamRef) and place.probability.param not in params:
        problems.append(
            info.problem(
                "place",
                _("parameter {name} is not declared").format(name=repr(place.probability.param)),
                _("declare it under `parameters:` in a fragment"),
                sub=("place",),
            )
        )
    return problems


def _circle(union: nx.DiGraph, steps: dict[str, list[StepInfo]]) -> list[Problem]:
    """One circle of steps waiting for each other, if there is any (networkx finds one at a time)."""
    try:
        cycle = nx.find_cycle(union)
    except nx.NetworkXNoCycle:
        return []
    names = " → ".join([a for a, _ in cycle] + [cycle[0][0]])
    first = steps[cycle[0][1]][0]
    return [
        first.problem(
            "after",
            _("these steps wait for each other in a circle: {names}").format(names=names),
            _("remove one of the `after` entries so the chain has a start"),
        )
    ]


def outcome_probabilities(outcomes: list[Outcome], values: dict[str, float]) -> list[float]:
    """Numeric probabilities of a decision's outcomes, with parameters and `rest` filled in."""
    probs: list[float | None] = []
    for outcome in outcomes:
        p = outcome.probability
        if isinstance(p, ParamRef):
            probs.append(float(values.get(p.param, float("nan"))))
        elif p == "rest":
            probs.append(None)
        else:
            probs.append(float(p))
    known = sum(p for p in probs if p is not None)
    rest = max(0.0, 1.0 - known)
    return [rest if p is None else p for p in probs]


def outcome_problem(outcomes: list[Outcome], values: dict[str, float]) -> str:
    rests = sum(1 for o in outcomes if o.probability == "rest")
    if rests > 1:
        return _("only one outcome may be `rest`")
    probs = outcome_probabilities(outcomes, values)
    if any(p != p or p < 0 or p > 1 for p in probs):
        return _("an outcome probability is outside 0-1")
    total = sum(probs)
    if rests == 0 and abs(total - 1) > 1e-6:
        return outcomes_sum_message(total)
    if rests == 1 and total > 1 + 1e-6:
        return _("the other outcomes already add up to more than 1 ({total})").format(total=f"{total:g}")
    return ""


# --------------------------------------------------------------------------- composing for a scenario


def condition_holds(condition: Condition | None, scenario: Scenario) -> bool:
    if condition is None:
        return True
    regions = scenario.authorised_regions()
    if condition.authorised_in is not None and not set(condition.authorised_in) <= regions:
        return False
    if condition.not_authorised_in is not None and set(condition.not_authorised_in) & regions:
        return False
    if condition.orphan is not None and condition.orphan != scenario.product.orphan:
        return False
    flags = set(scenario.flags)
    if condition.flags is not None and not set(condition.flags) <= flags:
        return False
    return not (condition.not_flags is not None and set(condition.not_flags) & flags)


@dataclass
class Composition:
    """The graph for one scenario, with resolved parameter values and the scenario's starting state."""

    graph: nx.DiGraph
    scenario: Scenario
    parameters: dict[str, float]
    library: Library
    warnings: list[Problem] = field(default_factory=list)

    _access: list[tuple[str, str, str]] | None = field(default=None, init=False, repr=False)
    _access_by: dict[tuple[str | None, str | None], list[str]] = field(default_factory=dict, init=False, repr=False)
    _sources: dict[str, dict[str, Any]] = field(default_factory=dict, init=False, repr=False)
    plans: dict[tuple[str, ...], Any] = field(default_factory=dict, init=False, repr=False)
    _steps: dict[str, Step] = field(default_factory=dict, init=False, repr=False)
    #: country → the approval it already has for the scenario's own indication (`same_indication: true`)
    authorised_here: dict[str, Authorisation] = field(default_factory=dict)
    #: what the answers of this composition compute once and share (texts per language): see `answer`
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, init=False, repr=False)

    def access_nodes(self, country: str | None = None, route: str | None = None) -> list[str]:
        """Access nodes, optionally of one country and/or route (indexed once; the graph does not change)."""
        if self._access is None:
            self._access = [
                (n, data["step"].country, data["step"].route)
                for n, data in self.graph.nodes(data=True)
                if data["step"].kind == "access"
            ]
        key = (country, route)
        if key not in self._access_by:  # an answer asks for every country × route, often several times
            self._access_by[key] = [
                n for n, cc, r in self._access if (country is None or cc == country) and (route is None or r == route)
            ]
        return list(self._access_by[key])

    def sources_for(self, node: str) -> dict[str, Any]:
        """The sources table a node's keys refer to: its fragment's, plus the scenario's for scenario durations."""
        data = self.graph.nodes[node]
        key = data["file"] + ("+scenario" if data.get("scenario_duration") else "")
        if key not in self._sources:
            table: dict[str, Any] = {}
            for loaded in self.library.fragments:
                if loaded.file == data["file"]:
                    table.update(loaded.model.sources)
            if data.get("scenario_duration"):
                table.update(self.scenario.sources)
            self._sources[key] = table
        return self._sources[key]

    def step(self, node: str) -> Step:
        """The step behind a node. Remembered per node: an all-country answer asks some 30,000 times, and the
        graph's node view costs more than a dict."""
        try:
            return self._steps[node]
        except KeyError:
            step: Step = self.graph.nodes[node]["step"]
            self._steps[node] = step
            return step


Where = Callable[..., Problem]
"""Makes a problem located in the scenario: ``where(loc, key, message, fix, severity="error")``."""


def compose(
    library: Library, scenario: Scenario, scenario_file: str = "<scenario>", scenario_loaded: Loaded[Scenario] | None = None
) -> Composition:
    """Select the fragments and steps that apply to the scenario and join them into one graph.

    The steps, in order: choose one definition of each step, link the chosen steps, resolve the
    parameters, check what the scenario refers to (and apply its own durations), then warn about
    countries the position cannot reach. Problems are collected across the steps and raised together,
    so an author sees every one at once.
    """
    problems: list[Problem] = []

    def where(loc: tuple[Any, ...], key: str, message: str, fix: str, severity: str = "error") -> Problem:
        if scenario_loaded is not None:
            return scenario_loaded.problem(loc, key, message, fix, severity)
        return Problem(scenario_file, None, None, key, message, fix, severity)

    chosen = _choose_steps(library, scenario, problems)
    graph = _link_steps(library, chosen)
    values = _parameter_values(library, scenario, graph, where, problems)
    _apply_scenario(library, scenario, graph, where, problems)
    if problems:
        raise PathwayError(problems)
    scenario, covered, notes = _authorised_for_this_use(chosen, scenario, graph, where)
    composition = Composition(graph, scenario, values, library, notes, authorised_here=covered)
    composition.warnings += _unreachable_countries(composition, where)
    return composition


def _authorised_for_this_use(
    chosen: dict[str, StepInfo], scenario: Scenario, graph: nx.DiGraph, where: Where
) -> tuple[Scenario, dict[str, Authorisation], list[Problem]]:
    """Place each approval the product already holds for the scenario's own indication on its region's route.

    The region's first-authorisation route was chosen (its conditions do not count such an approval as
    "authorised for another use"); its `authorisation` step is done at the approval's date, so everything
    before it lies in the past and what follows (launch, reimbursement) remains. Routes that serve patients
    before an approval (expanded access, early access) are dropped in the countries it covers: they are for
    medicines not yet authorised for the use. Returns the scenario with those steps as `completed`, the
    approval that covers each country, and warnings.
    """
    here = scenario.authorised_here()
    if not here:
        return scenario, {}, []
    covered: dict[str, Authorisation] = {}
    completed = dict(scenario.completed)
    outcomes = dict(scenario.outcomes)
    warnings: list[Problem] = []
    marks = {
        info.fragment.authorisation.region: (info.fragment, info.fragment.authorisation)
        for info in chosen.values()
        if info.fragment.authorisation is not None
    }
    for region, authorisation in here.items():
        found = marks.get(region)
        node = f"{found[0].namespace}.{found[1].step}" if found else ""
        if found is None or node not in graph or authorisation.since is None:
            warnings.append(
                where(
                    ("product", "authorised"),
                    f"product.authorised.{region}",
                    _("the library has no authorisation step for {region}, so this approval changes no answer").format(
                        region=region
                    ),
                    _("answer only for countries the library models, or drop `same_indication`"),
                    "warning",
                )
            )
            continue
        fragment, mark = found
        covered.update({cc: authorisation for cc in fragment.countries})
        completed.setdefault(node, authorisation.since)
        if mark.outcome is not None:
            outcomes.setdefault(node, mark.outcome)
        after = nx.descendants(graph, node)
        for access in [n for n in graph if graph.nodes[n]["step"].kind == "access"]:
            step = graph.nodes[access]["step"]
            if step.country in fragment.countries and step.route in ("early_access", "off_label") and access not in after:
                graph.remove_node(access)
    return scenario.model_copy(update={"completed": completed, "outcomes": outcomes}), covered, warnings


def _choose_steps(library: Library, scenario: Scenario, problems: list[Problem]) -> dict[str, StepInfo]:
    """The one definition of each step whose fragment and step conditions hold for the scenario."""
    chosen: dict[str, StepInfo] = {}
    for full, infos in library.all_steps().items():
        active = [
            i
            for i in infos
            if condition_holds(i.fragment.applies_when, scenario) and condition_holds(i.step.applies_when, scenario)
        ]
        if len(active) > 1:
            problems.append(
                active[1].problem(
                    "",
                    _("{step} is defined by {first} and {second} and both apply to this scenario").format(
                        step=repr(full), first=active[0].source.file, second=active[1].source.file
                    ),
                    _("make their `applies_when` conditions exclude each other"),
                )
            )
        if active:
            chosen[full] = active[0]
    return chosen


def _link_steps(library: Library, chosen: dict[str, StepInfo]) -> nx.DiGraph:
    """Chosen steps as nodes, their references as edges; an `after` on a step left out blocks the node."""
    graph = nx.DiGraph()
    all_ids = set(library.all_steps())
    for full, info in chosen.items():
        frag = info.fragment
        graph.add_node(
            full,
            step=info.step,
            namespace=frag.namespace,
            fragment=frag.title,
            jurisdiction=frag.jurisdiction,
            fragment_model=frag,
            file=info.source.file,
            line=info.source.parsed.locate(("steps", info.index))[0],
            blocked_by=[],
            fragment_countries=list(frag.countries),
        )
    for full, info in chosen.items():
        for ref, outcome, join in info.step.refs():
            target = resolve(ref, info.fragment.namespace)
            if target in chosen:
                graph.add_edge(target, full, join="all" if join == "after" else "first", outcome=outcome)
            elif target in all_ids and join == "after":
                graph.nodes[full]["blocked_by"].append(target)
    return graph


def _parameter_values(
    library: Library, scenario: Scenario, graph: nx.DiGraph, where: Where, problems: list[Problem]
) -> dict[str, float]:
    """The library's defaults overridden by the scenario's values, checked against their ranges and the decisions."""
    values: dict[str, float] = {}
    declared = library.parameters()
    for name, (param, _src) in declared.items():
        values[name] = param.default
    for name, value in scenario.parameters.items():
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1, cutoff=0.6)
            problems.append(
                where(
                    ("parameters", name),
                    f"parameters.{name}",
                    _("unknown parameter {name}").format(name=repr(name)),
                    did_you_mean(close) if close else _("see the library's `parameters:`"),
                )
            )
            continue
        param = declared[name][0]
        if not param.min <= value <= param.max:
            problems.append(
                where(
                    ("parameters", name),
                    f"parameters.{name}",
                    _("{value} is outside {low}-{high}").format(value=f"{value:g}", low=f"{param.min:g}", high=f"{param.max:g}"),
                    _("use a value between {low} and {high}").format(low=f"{param.min:g}", high=f"{param.max:g}"),
                )
            )
        values[name] = value
    for node in graph:
        step = graph.nodes[node]["step"]
        if step.kind == "decision":
            message = outcome_problem(step.outcomes, values)
            if message:
                problems.append(where(("parameters",), node, message, _("check the parameters used by this decision")))
    return values


def _apply_scenario(library: Library, scenario: Scenario, graph: nx.DiGraph, where: Where, problems: list[Problem]) -> None:
    """Check every step, outcome and country the scenario names, and put its own durations on the graph."""
    all_ids = set(library.all_steps())

    def known(ref: str, loc: tuple[Any, ...], key: str) -> bool:
        if ref in graph:
            return True
        close = difflib.get_close_matches(ref, list(graph), n=1, cutoff=0.6)
        message = (
            _("no step {ref} in the pathway for this scenario (it exists, but its fragment does not apply to this product)")
            if ref in all_ids
            else _("no step {ref} in the pathway for this scenario")
        )
        problems.append(
            where(
                loc,
                key,
                message.format(ref=repr(ref)),
                did_you_mean(close) if close else _("use an id such as clinical.phase3_trial"),
            )
        )
        return False

    for i, pos in enumerate(scenario.position):
        known(pos.step, ("position", i, "step"), f"position[{i}].step")
        if pos.since > scenario.as_of:
            problems.append(
                where(
                    ("position", i, "since"),
                    f"position[{i}].since",
                    _("the position starts after `as_of`"),
                    _("`since` must be on or before `as_of`"),
                )
            )
    _check_authorisation_dates(scenario, where, problems)
    for ref, date in scenario.completed.items():
        if known(ref, ("completed", ref), f"completed.{ref}") and date > scenario.as_of:
            problems.append(
                where(
                    ("completed", ref),
                    f"completed.{ref}",
                    _("a completed step cannot be dated after `as_of`"),
                    _("move it to `position` or correct the date"),
                )
            )
    for ref, duration in scenario.durations.items():
        if known(ref, ("durations", ref), f"durations.{ref}"):
            graph.nodes[ref]["step"] = graph.nodes[ref]["step"].model_copy(update={"duration": duration, "rules": []})
            graph.nodes[ref]["scenario_duration"] = True
            if not duration.sources and not duration.assumption:
                problems.append(
                    where(
                        ("durations", ref),
                        f"durations.{ref}",
                        _("this duration has no source"),
                        _("add `sources: [key]` from the scenario's sources, or `assumption: <why>`"),
                    )
                )
    _apply_access(scenario, graph, known, where, problems)
    for ref, outcome in scenario.outcomes.items():
        if known(ref, ("outcomes", ref), f"outcomes.{ref}"):
            ids = [o.id for o in graph.nodes[ref]["step"].outcomes]
            if outcome not in ids:
                problems.append(
                    where(
                        ("outcomes", ref),
                        f"outcomes.{ref}",
                        _("{target} has no outcome {outcome}").format(target=ref, outcome=repr(outcome)),
                        _("use one of {values}").format(values=ids),
                    )
                )
    _check_countries(library, scenario, where, problems)
    for i, question in enumerate(scenario.questions):
        if question.step is not None:
            known(question.step, ("questions", i, "step"), f"questions[{i}].step")


def _check_authorisation_dates(scenario: Scenario, where: Where, problems: list[Problem]) -> None:
    """An authorisation the product holds cannot be dated after the scenario's `as_of`."""
    for i, authorisation in enumerate(scenario.product.authorised):
        if authorisation.since is not None and authorisation.since > scenario.as_of:
            problems.append(
                where(
                    ("product", "authorised", i, "since"),
                    f"product.authorised[{i}].since",
                    _("the {region} authorisation is dated after `as_of` ({date})").format(
                        region=authorisation.region, date=scenario.as_of.isoformat()
                    ),
                    _("an approval still to come belongs in `position`; otherwise correct the date or `as_of`"),
                )
            )


def _apply_access(
    scenario: Scenario,
    graph: nx.DiGraph,
    known: Callable[[str, tuple[Any, ...], str], bool],
    where: Where,
    problems: list[Problem],
) -> None:
    """Put the scenario's own access details (window, place, who) on its access steps; each figure needs a source."""
    for ref, details in scenario.access.items():
        if not known(ref, ("access", ref), f"access.{ref}"):
            continue
        step = graph.nodes[ref]["step"]
        if step.kind != "access":
            problems.append(
                where(
                    ("access", ref),
                    f"access.{ref}",
                    _("{ref} is not a route to patients (kind: {kind})").format(ref=ref, kind=step.kind),
                    _("name an access step, e.g. no.trial_enrolment"),
                )
            )
            continue
        update = {k: getattr(details, k) for k in ("window", "place", "for_whom", "who_pays") if getattr(details, k) is not None}
        if step.nb is not None or details.nb is not None:
            # the scenario's texts replace the library's in both languages: a Norwegian text of the library's
            # generic English must not stand beside the scenario's own English
            own = {k: v for k, v in (step.nb.model_dump(exclude_none=True) if step.nb else {}).items() if k not in update}
            update["nb"] = StepNb(**{**own, **(details.nb.model_dump(exclude_none=True) if details.nb else {})})
        graph.nodes[ref]["step"] = step.model_copy(update=update)
        graph.nodes[ref]["scenario_duration"] = True
        for loc, figure, label in access_figures(details, ("access", ref), f"access.{ref}"):
            if not figure.sources and not figure.assumption:
                problems.append(
                    where(
                        loc,
                        label,
                        _("this figure has no source"),
                        _("add `sources: [key]` from the scenario's sources, or `assumption: <why>`"),
                    )
                )


def _check_countries(library: Library, scenario: Scenario, where: Where, problems: list[Problem]) -> None:
    countries = library.countries()
    for i, cc in enumerate(scenario.countries):
        if cc not in countries:
            close = difflib.get_close_matches(cc, sorted(countries), n=1, cutoff=0.5)
            problems.append(
                where(
                    ("countries", i),
                    f"countries[{i}]",
                    _("the library has no access route for {country}").format(country=repr(cc)),
                    _("did you mean {value}?").format(value=close[0])
                    if close
                    else _("choose from {values}").format(values=", ".join(sorted(countries))),
                )
            )


def _unreachable_countries(composition: Composition, where: Where) -> list[Problem]:
    """Warnings for the scenario's countries whose access no path from the position can reach."""
    graph = composition.graph
    starts = start_nodes(composition)
    reachable = set(starts)
    for s in starts:
        reachable |= nx.descendants(graph, s)
    warnings: list[Problem] = []
    for cc in composition.scenario.countries:
        nodes = composition.access_nodes(cc)
        if nodes and not any(n in reachable for n in nodes):
            warnings.append(
                where(
                    ("countries",),
                    cc,
                    _("no route to patients in {country} can be reached from the scenario's position").format(country=cc),
                    _("check `position` and the access steps' `after`"),
                    "warning",
                )
            )
    return warnings


def start_nodes(composition: Composition) -> list[str]:
    scenario = composition.scenario
    return [p.step for p in scenario.position] + list(scenario.completed)
