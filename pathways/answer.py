"""A patient's question → a structured, JSON-serialisable `Answer` with plain-language text.

All quantiles are of the date a node is reached, *given that it is reached*; ``p_reached`` says how
likely that is at all. Both are always reported together: a date range alone would look certain.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterator, Mapping

import numpy as np
import numpy.typing as npt

from .countries import country_name
from .explanation import RouteExplanation
from .formatting import chance_short as chance_short  # re-exported: callers format chances through one rule
from .formatting import chance_text, month_long
from .graph import Composition
from .i18n import _, language, yaml_text
from .model import ROUTES
from .questions import answer_questions
from .results import Answer, AuthorisedHere, CountryAnswer, Estimate, PathStep, QuestionAnswer, RouteAnswer, Way
from .simulate import DEFAULT_SAMPLES, DEFAULT_SEED, NEVER, Plan, Simulation, build_plan, simulate
from .wording import ROUTE_TEXT, SIDE_ROUTES, actor_key, already_authorised, range_text

#: The shapes (`results`) and the wording (`wording`) are re-exported: views import them from here.
__all__ = [
    "QUANTILES",
    "ROUTE_TEXT",
    "SIDE_ROUTES",
    "Answer",
    "CountryAnswer",
    "Estimate",
    "PathStep",
    "QuestionAnswer",
    "RouteAnswer",
    "Way",
    "actor_key",
    "answer_question",
    "assemble",
    "chance_short",
    "chance_text",
    "estimate_rows",
    "headline",
    "headline_parts",
    "headline_route",
    "range_text",
]

QUANTILES = (0.10, 0.25, 0.50, 0.75, 0.90)


def estimate_rows(times: npt.NDArray[np.float32], as_of: dt.date) -> list[Estimate]:
    """Estimates for every row of a [rows, samples] array of finish times (inf = never)."""
    return [estimate_of_reached(reached_sorted(row), times.shape[1], as_of) for row in times]


def reached_sorted(times: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The finite finish times of one row, sorted: what every quantile and curve of the row reads.

    One row at a time: numpy sorts a contiguous 1-D array with its vectorised sort, several times
    faster here than a [rows, samples] sort along axis 1. The futures that never reach the step (inf)
    sort to the end and are cut off by a view, which is cheaper than leaving them out first.

    Times that are all >= 0 (every live step's, as a step cannot finish before as_of) sort in the
    same order as their IEEE bit patterns read as int32, and numpy sorts int32 about a fifth faster
    than float32. Any negative time (or -0.0) has the sign bit set and sorts first as an int32, so
    one look at the first element says whether the bit order was the number order; if not, the row
    is sorted as floats.
    """
    as_bits = np.sort(times.view(np.int32))
    ordered = np.sort(times) if as_bits.size and as_bits[0] < 0 else as_bits.view(np.float32)
    return ordered[: int(np.searchsorted(ordered, NEVER, side="left"))]


def estimate_of_reached(reached: npt.NDArray[np.float32], samples: int, as_of: dt.date) -> Estimate:
    """P10…P90 dates of the futures that reach a step (linear interpolation between order statistics,
    numpy's default), and the share of the ``samples`` futures that reach it."""
    count = int(reached.shape[0])
    if count == 0:
        return Estimate(0.0, None, None, None, None, None)
    last = count - 1
    before, after = (as_of - dt.date.min).days, (dt.date.max - as_of).days
    indices, fractions = _quantile_places(last)
    values: list[float] = reached[list(indices)].tolist()  # the ten order statistics in one read
    dates = []
    for i, frac in enumerate(fractions):
        value = values[2 * i] * (1 - frac) + values[2 * i + 1] * frac
        # a chain of century-long steps can run past year 9999: shown as the last representable day
        days = round(min(max(value, -before), after))  # half to even, as np.rint
        dates.append(as_of + dt.timedelta(days=days))
    return Estimate(count / samples, *dates)


@functools.lru_cache(maxsize=4096)
def _quantile_places(last: int) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """Where each of `QUANTILES` reads among ``last + 1`` sorted values: [low, high] per quantile, flattened,
    and the fraction between them. Remembered: the same counts recur (every step that all futures reach
    has ``samples - 1``)."""
    indices: list[int] = []
    fractions: list[float] = []
    for q in QUANTILES:
        position = q * last
        low = math.floor(position)
        indices += [low, min(low + 1, last)]
        fractions.append(position - low)
    return tuple(indices), tuple(fractions)


def _source_dicts(composition: Composition, node: str) -> list[dict[str, str]]:
    step = composition.step(node)
    table = composition.sources_for(node)
    keys = list(step.sources)
    if step.duration is not None:
        keys += [k for k in step.duration.sources if k not in keys]
    return [
        {"key": key, "title": table[key].title, "url": table[key].url, "supports": table[key].supports}
        for key in keys
        if key in table
    ]


def _trace_paths(sim: Simulation, winner: npt.NDArray[np.intp], mask: npt.NDArray[np.bool_]) -> tuple[list[int], float]:
    """The steps taken in the most frequent way to access, and the share of futures that took it.

    "Way" = the chain of predecessors that decided each start (the critical chain); its most frequent
    value is found with one vectorised hash per sample. The steps shown are everything that had to
    happen in a representative sample of that chain (all `after` predecessors and the winning
    `first_of` one), ordered by time.
    """
    cols = np.nonzero(mask[: sim.binding.shape[1]])[0]
    if cols.size == 0:
        return [], 0.0
    key = _chain_hashes(sim)[winner[cols], cols]
    # `return_index` would make numpy sort stably (about four times the cost); the first future on the most
    # frequent way is found with one comparison instead
    values, counts = np.unique(key, return_counts=True)
    best = int(np.argmax(counts))
    sample = int(cols[int(np.argmax(key == values[best]))])
    return _needed(sim, int(winner[sample]), sample), float(counts[best]) / cols.size


def _chain_hashes(sim: Simulation) -> npt.NDArray[np.uint64]:
    """For every node and recorded sample, a hash of the chain of deciding predecessors that led to it.

    Computed once per simulation in topological order (a node's hash extends its deciding
    predecessor's), so every country and route reuses it.
    """
    if sim.chain_hashes is not None:
        return sim.chain_hashes
    n, width = sim.binding.shape
    hashes = np.zeros((n, width), dtype=np.uint64)
    cols = np.arange(width)
    prime = np.uint64(1_000_003)
    with np.errstate(over="ignore"):  # wrap-around is part of the hash
        for j in range(n):
            prev = sim.binding[j].astype(np.intp)
            own = np.uint64(j + 1)
            first = int(prev[0])
            if (prev == first).all():  # one deciding predecessor in every future (most steps): no gather
                hashes[j] = own if first < 0 else hashes[first] * prime + own
            else:
                base = np.where(prev >= 0, hashes[np.maximum(prev, 0), cols], np.uint64(0))
                hashes[j] = base * prime + own
    sim.chain_hashes = hashes
    return hashes


def _needed(sim: Simulation, target: int, sample: int) -> list[int]:
    nodes = sim.plan.nodes
    finish: list[float] = sim.finish[:, sample].tolist()

    def effective(pred: int, req: int) -> float:
        if req >= 0 and (pred not in sim.choice or int(sim.choice[pred][sample]) != req):
            return float("inf")
        return finish[pred]

    needed: set[int] = set()
    stack = [target]
    while stack:
        j = stack.pop()
        if j in needed:
            continue
        needed.add(j)
        node = nodes[j]
        if node.done_at is not None or node.started_at is not None:
            continue
        stack.extend(p for p in node.all_preds.tolist() if p >= 0)
        if len(node.first_preds):
            times = [effective(p, r) for p, r in zip(node.first_preds.tolist(), node.first_req.tolist())]
            stack.append(int(node.first_preds[times.index(min(times))]))  # the first minimum, as np.argmin
    return sorted(needed, key=lambda j: (finish[j], j))


def answer_question(
    composition: Composition,
    countries: list[str] | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    parameters: dict[str, float] | None = None,
    plan: Plan | None = None,
) -> Answer:
    """Simulate the scenario and assemble the answer for the given countries (default: the scenario's)."""
    scenario = composition.scenario
    countries = list(countries or scenario.countries)
    if plan is None:
        targets = [n for cc in countries for n in composition.access_nodes(cc)]
        key = tuple(targets)
        if key not in composition.plans:  # a plan depends only on the graph and the targets
            composition.plans[key] = build_plan(composition, targets)
        plan = composition.plans[key]
    sim = simulate(plan, samples, seed, parameters)
    return assemble(sim, countries)


#: Days after as_of at which the access curves are read: monthly for 15 years.
CURVE_DAYS: tuple[float, ...] = tuple(float(d) for d in np.arange(0, 365.25 * 15, 30.4375))
_CURVE_AT = np.array(CURVE_DAYS, dtype=np.float32)


def assemble(sim: Simulation, countries: list[str]) -> Answer:
    """The answer for ``countries`` from one simulation.

    Each node's reached futures are sorted at most once (`_SortedRows`) and shared by its way, its route, that
    route's curve and its milestone. The milestones of the other steps and the routes' explanations are
    computed when first read (`Milestones`, `explanation.RouteExplanation`): the Compare page and the charts
    of routes read neither.
    """
    plan = sim.plan
    composition = plan.composition
    scenario = composition.scenario
    as_of = scenario.as_of
    rows = _SortedRows(sim)
    milestones = Milestones(rows, [i for i, n in enumerate(plan.nodes) if n.done_at is None])
    steps_seen = _PathSteps(composition, milestones)
    curve_days = list(CURVE_DAYS)
    curves: dict[str, dict[str, list[float]]] = {}
    result: dict[str, CountryAnswer] = {}
    for cc in countries:
        route_rows: dict[str, npt.NDArray[np.float32]] = {}
        route_sorted: dict[str, npt.NDArray[np.float32]] = {}
        route_answers: dict[str, RouteAnswer] = {}
        for route in ROUTES:
            found = _route(rows, cc, route, steps_seen)
            if found is None:
                continue
            route_rows[route], route_sorted[route], route_answers[route], curve = found
            curves.setdefault(cc, {})[route] = curve
        overall, best_route, any_curve = _overall(route_rows, route_sorted, as_of)
        if any_curve is not None:
            curves[cc]["any"] = any_curve
        held = composition.authorised_here.get(cc)
        here = AuthorisedHere(held.region, held.since, held.for_) if held is not None and held.since else None
        result[cc] = CountryAnswer(cc, country_name(cc), overall, best_route, route_answers, here)
    answer = Answer(
        scenario=yaml_text(scenario, "title"),
        product=scenario.product.name,
        as_of=as_of,
        samples=sim.samples,
        seed=sim.seed,
        parameters=dict(sim.parameters),
        milestones=milestones,
        countries=result,
        questions=[],
        warnings=[str(w) for w in composition.warnings + plan.warnings],
        curves=curves,
        curve_days=curve_days,
    )

    answer.questions = answer_questions(sim, answer, countries[0] if countries else scenario.countries[0])
    return answer


def _route(
    rows: _SortedRows, cc: str, route: str, steps_seen: _PathSteps
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], RouteAnswer, list[float]] | None:
    """One country's route: when it opens in each future (as drawn and as `reached_sorted`), its answer and
    its curve (None if it has no way)."""
    sim = rows.sim
    plan = sim.plan
    composition = plan.composition
    as_of = plan.as_of
    present = [n for n in composition.access_nodes(cc, route) if n in plan.index]
    if not present:
        return None
    # the route's chance is the patient group's: ways that open for one patient at a time are listed
    # under `ways` and count only when the route has no other way
    nodes = [n for n in present if composition.step(n).serves == "group"] or present
    idx = np.array([plan.index[n] for n in nodes])
    head = sim.binding.shape[1]  # paths are traced in the futures whose deciding predecessors were recorded
    if len(idx) == 1:
        times = sim.finish[idx[0]]
        which = np.zeros(sim.samples, dtype=np.intp)
        sorted_times = rows.sorted(int(idx[0]))
        estimate = rows.estimate(int(idx[0]))
    else:
        times, which = earliest_row([sim.finish[i] for i in idx])  # which way opened the route, in every future
        sorted_times = reached_sorted(times)
        estimate = estimate_of_reached(sorted_times, sim.samples, as_of)
    winner = idx[which[:head]]
    path_idx, share = _trace_paths(sim, winner, np.isfinite(times[:head]))
    answer = _route_answer(sim, route, estimate, path_idx, share, steps_seen, cc)
    answer.ways = [_way(rows, node) for node in present]
    if any(plan.index[n] in sim.closes for n in nodes):
        open_always = np.full(sim.samples, NEVER, dtype=np.float32)
        close_rows = np.stack([sim.closes.get(int(i), open_always) for i in idx])
        ends = np.where(np.isfinite(times), close_rows[which, np.arange(sim.samples)], NEVER)
        answer.closes = estimate_of_reached(reached_sorted(ends), sim.samples, as_of) if np.isfinite(ends).any() else None
    return times, sorted_times, answer, _curve(sorted_times, sim.samples)


def _overall(
    route_rows: dict[str, npt.NDArray[np.float32]], route_sorted: dict[str, npt.NDArray[np.float32]], as_of: dt.date
) -> tuple[Estimate, str | None, list[float] | None]:
    """A country's earliest public route in each future, the route that most often comes first, and the curve
    of access outside trials. Where one route is all there is, its own sorted times serve."""
    public = [r for r in route_rows if r != "private"]  # paying privately is not opened by anyone
    if not public:
        return Estimate(0.0, None, None, None, None, None), None, None
    samples = route_rows[public[0]].size
    if len(public) == 1:
        sorted_best = route_sorted[public[0]]
        best_route = public[0] if sorted_best.size else None
    else:
        best_times, first = earliest_row([route_rows[r] for r in public])
        sorted_best = reached_sorted(best_times)
        winners = first[np.isfinite(best_times)]
        best_route = public[int(np.bincount(winners, minlength=len(public)).argmax())] if winners.size else None
    overall = estimate_of_reached(sorted_best, samples, as_of)
    broad = [r for r in route_rows if r not in SIDE_ROUTES]
    if not broad:  # a trial serves a few participants: "any route" means access outside trials
        return overall, best_route, None
    if broad == public:  # no trial route: access outside trials is the earliest public route
        return overall, best_route, _curve(sorted_best, samples)
    if len(broad) == 1:
        return overall, best_route, _curve(route_sorted[broad[0]], samples)
    outside_trials = reached_sorted(np.stack([route_rows[r] for r in broad]).min(axis=0))
    return overall, best_route, _curve(outside_trials, samples)


def earliest_row(
    rows: list[npt.NDArray[np.float32]],
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.intp]]:
    """The earliest of a few rows in every future, and which row it was (the first, on a tie).

    The same as ``np.stack(rows).min(axis=0)`` and ``.argmin(axis=0)``, row by row: numpy's argmin along
    the first axis of a [few, 20,000] array is a strided loop, about twice as slow as these comparisons.
    A NaN (never drawn, but argmin picks the first one) falls back to argmin itself.
    """
    best = rows[0]
    which = np.zeros(best.shape, dtype=np.intp)
    for k, row in enumerate(rows[1:], start=1):
        which[row < best] = k
        best = np.minimum(best, row)
    if np.isnan(best).any():
        which = np.stack(rows).argmin(axis=0)
    return best, which


def _way(rows: _SortedRows, node: str) -> Way:
    sim = rows.sim
    j = sim.plan.index[node]
    as_of = sim.plan.as_of
    step = sim.plan.composition.step(node)
    text = ROUTE_TEXT[step.route or "reimbursed"]
    closes = sim.closes.get(j)
    return Way(
        id=node,
        label=yaml_text(step, "label"),
        estimate=rows.estimate(j),
        for_whom=(yaml_text(step, "for_whom") or text["for_whom"]).strip(),
        who_pays=(yaml_text(step, "who_pays") or text["who_pays"]).strip(),
        closes=estimate_of_reached(reached_sorted(closes), sim.samples, as_of)
        if closes is not None and np.isfinite(closes).any()
        else None,
        place=yaml_text(step.place, "explain").strip() if step.place else None,
        serves=step.serves,
    )


def _curve(reached: npt.NDArray[np.float32], samples: int) -> list[float]:
    """The share of the ``samples`` futures with access by each of `CURVE_DAYS`, from `reached_sorted` times."""
    values: list[float] = np.round(np.searchsorted(reached, _CURVE_AT, side="right") / samples, 4).tolist()
    return values


class _SortedRows:
    """Each node's reached futures sorted (`reached_sorted`) and its estimate, computed the first time they are
    asked for and shared by everything in one answer that reads the node.

    A node that takes no time after its only predecessor (a readout after a trial, an access step after its
    listing: about one live node in seven) finishes exactly when the predecessor does; its row is checked
    equal and the predecessor's sort is reused instead of sorting the same numbers again.
    """

    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self._sorted: dict[int, npt.NDArray[np.float32]] = {}
        self._estimates: dict[int, Estimate] = {}

    def sorted(self, j: int) -> npt.NDArray[np.float32]:
        found = self._sorted.get(j)
        if found is None:
            same = self._same_as(j)
            found = self.sorted(same) if same is not None else reached_sorted(self.sim.finish[j])
            self._sorted[j] = found
        return found

    def estimate(self, j: int) -> Estimate:
        found = self._estimates.get(j)
        if found is None:
            found = estimate_of_reached(self.sorted(j), self.sim.samples, self.sim.plan.as_of)
            self._estimates[j] = found
        return found

    def _same_as(self, j: int) -> int | None:
        """The only predecessor of ``j`` if ``j`` finishes when it does in every future (checked, not assumed)."""
        node = self.sim.plan.nodes[j]
        preds = [p for p in node.all_preds.tolist() + node.first_preds.tolist() if p >= 0]
        if len(preds) != 1:
            return None
        finish = self.sim.finish
        mine, theirs = finish[j], finish[preds[0]]
        # a few futures first: most rows differ there, and comparing them is far cheaper than the whole rows
        if np.array_equal(mine[::997], theirs[::997]) and np.array_equal(mine, theirs):
            return preds[0]
        return None


class Milestones(Mapping[str, Estimate]):
    """Every live step's estimate, by step id in plan order: computed together the first time any is read.

    Only the explorer, the diagram, a timeline and the JSON read milestones, and they read many; an answer for
    the Compare page or a chart of routes reads none, and sorting every step's futures was a third of the
    assembly. Pickled (the app's cache) as the plain dict of estimates, so the copy holds no simulation.
    """

    def __init__(self, rows: _SortedRows, live: list[int]) -> None:
        self._rows: _SortedRows | None = rows
        self._live = live
        self._ids = [rows.sim.plan.nodes[j].id for j in live]
        self._done: dict[str, Estimate] | None = None

    def _estimates(self) -> dict[str, Estimate]:
        if self._done is None:
            rows = self._rows
            assert rows is not None
            self._done = {node: rows.estimate(j) for node, j in zip(self._ids, self._live, strict=True)}
            self._rows = None  # the simulation is no longer needed
        return self._done

    def __getitem__(self, node: str) -> Estimate:
        return self._estimates()[node]

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, node: object) -> bool:
        return node in self._estimates()

    def __reduce__(self) -> tuple[type[dict[str, Estimate]], tuple[dict[str, Estimate]]]:
        return dict, (self._estimates(),)


class _PathSteps(dict[str, PathStep]):
    """Each step's `PathStep`, built the first time a path passes it and shared by every route that passes it."""

    def __init__(self, composition: Composition, milestones: Mapping[str, Estimate]) -> None:
        super().__init__()
        self.composition = composition
        self.milestones = milestones

    def __missing__(self, node: str) -> PathStep:
        self[node] = built = PathStep(*_step_texts(self.composition, node), milestones=self.milestones)
        return built


def _step_texts(composition: Composition, node: str) -> tuple[str, str, str, str | None, str, str | None, list[dict[str, str]]]:
    """What a `PathStep` says that does not depend on the simulation (id, label, kind, who, explain, duration,
    sources), in the active language. Remembered per composition: every answer of a scenario (each assumption
    change, each country) passes the same steps."""
    key = ("path step", language(), node)
    found: tuple[str, str, str, str | None, str, str | None, list[dict[str, str]]] | None = composition.memo.get(key)
    if found is None:
        step = composition.step(node)
        found = (
            node,
            yaml_text(step, "label"),
            step.kind,
            yaml_text(step, "who") or None,
            yaml_text(step, "explain").strip(),
            step.duration.summary() if step.duration else None,
            _source_dicts(composition, node),
        )
        composition.memo[key] = found
    return found


def _route_answer(
    sim: Simulation,
    route: str,
    estimate: Estimate,
    path_idx: list[int],
    share: float,
    steps_seen: _PathSteps,
    country: str,
) -> RouteAnswer:
    plan = sim.plan
    composition = plan.composition
    path = [plan.nodes[i].id for i in path_idx]
    steps = [steps_seen[node] for node in path]
    who: list[str] = []
    actors: list[str] = []
    for step in steps:
        # the gatekeepers: whoever takes a decision on the way that is still open, each once (known by the English name)
        english = composition.step(step.id).who
        if step.kind == "decision" and english and plan.nodes[plan.index[step.id]].done_at is None:
            key = actor_key(english)
            if key not in actors:
                actors.append(key)
                who.append(step.who or english)
    access = composition.step(path[-1]) if path else None
    text = ROUTE_TEXT[route]
    return RouteAnswer(
        route=route,
        estimate=estimate,
        path=path,
        path_share=share,
        steps=steps,
        who_must_act=who,
        for_whom=(yaml_text(access, "for_whom") if access and access.for_whom else text["for_whom"]).strip(),
        who_pays=(yaml_text(access, "who_pays") if access and access.who_pays else text["who_pays"]).strip(),
        write_explanation=RouteExplanation(route, estimate, steps, share, country, who, language()),
        actor_keys=actors,
    )


def headline_route(answer: Answer, country: str) -> str | None:
    """The route the headline speaks of: the earliest, unless another is at least twice as likely.

    The Ask page opens its timeline on this route, so the first chart shows what the first sentence says.
    """
    c = answer.countries[country]
    broad = {r: ra for r, ra in c.routes.items() if r not in SIDE_ROUTES and ra.estimate.p50 is not None}
    if not broad:
        return None
    first = min(broad, key=lambda r: (broad[r].estimate.p50 or answer.as_of, -broad[r].estimate.p_reached))
    likely = max(broad, key=lambda r: broad[r].estimate.p_reached)
    return likely if broad[likely].estimate.p_reached >= 2 * broad[first].estimate.p_reached else first


def headline_parts(answer: Answer, country: str) -> list[str]:
    """The headline as sentences: the main answer first, then the other routes, then trials."""
    c = answer.countries[country]
    trial = c.routes.get("trial")
    private = c.routes.get("private")
    parts: list[str] = []
    best = headline_route(answer, country)
    if best is None:
        parts.append(
            _("Under these assumptions, no route the library knows leads to patients in {country} outside a trial.").format(
                country=c.name
            )
        )
    else:
        route = c.routes[best]
        parts.append(
            _(
                "Patients in {country} could most likely get {product} through {route}. "
                "The chance that this happens at all is {chance}; if it does, {range}."
            ).format(
                country=c.name,
                product=answer.product,
                route=ROUTE_TEXT[best]["name"],
                chance=chance_text(route.estimate.p_reached),
                range=range_text(route.estimate),
            )
        )
        reimbursed = c.routes.get("reimbursed")
        if best != "reimbursed" and reimbursed is not None:
            if reimbursed.estimate.p50 is not None:
                parts.append(
                    _("Approved, publicly funded access has a chance of {chance}; if it comes, {range}.").format(
                        chance=chance_text(reimbursed.estimate.p_reached), range=range_text(reimbursed.estimate)
                    )
                )
            else:
                parts.append(_("Approved, publicly funded access is not reached under these assumptions."))
    if c.authorised_here is not None:
        # the lead says first that the approval is behind this country's patients; what is left follows it
        parts[0] = already_authorised(answer.product, c) + " " + parts[0]
        parts.insert(1, _what_remains(c))
    individual = [w for r, ra in c.routes.items() if r not in SIDE_ROUTES for w in ra.ways if w.serves == "individual"]
    soonest = [w for w in individual if w.estimate.p50 is not None]
    if soonest:
        way = min(soonest, key=lambda w: w.estimate.p50 or answer.as_of)
        what = way.label.split(": ", 1)[-1]
        parts.append(
            _("For one patient whose hospital applies, {way} could succeed {range}, with a chance of {chance}.").format(
                way=what[:1].lower() + what[1:], range=range_text(way.estimate), chance=chance_text(way.estimate.p_reached)
            )
        )
    if trial is not None and trial.estimate.p50 is not None:
        parts += _trial_sentences(trial, answer.as_of, c.name)
    if private is not None and private.estimate.p50 is not None:
        if private.estimate.p50 <= answer.as_of:
            parts.append(
                _("Paying privately for off-label treatment is legal today, for those who can pay and find a willing doctor.")
            )
        else:
            parts.append(
                _(
                    "Paying privately for off-label treatment is legal {range}, for those who can pay and find a willing doctor."
                ).format(range=range_text(private.estimate))
            )
    return parts


def _trial_sentences(trial: RouteAnswer, as_of: dt.date, name: str) -> list[str]:
    """Whether a trial is open now, until when, and how likely a patient who seeks a place gets the medicine."""
    out: list[str] = []
    now = [w for w in trial.ways if w.estimate.p50 is not None and w.estimate.p50 <= as_of]
    later = [w for w in trial.ways if w.estimate.p50 is not None and w.estimate.p50 > as_of]
    for way in now[:1]:
        until = month_long(way.closes.p50) if way.closes and way.closes.p50 else None
        if until and way.place:
            text = _(
                "Today, only a few patients can get it by joining a trial in {country}, which recruits until about {month} "
                "(chance for a patient who seeks a place: {chance})."
            )
        elif until:
            text = _("Today, only a few patients can get it by joining a trial in {country}, which recruits until about {month}.")
        elif way.place:
            text = _(
                "Today, only a few patients can get it by joining a trial in {country} "
                "(chance for a patient who seeks a place: {chance})."
            )
        else:
            text = _("Today, only a few patients can get it by joining a trial in {country}.")
        out.append(text.format(country=name, month=until, chance=chance_text(way.estimate.p_reached)))
    for way in later[:1]:
        if out and way.place:
            text = _(
                "A further trial in {country} may open {range} for a few patients, "
                "with a chance of {chance} for a patient who seeks a place."
            )
        elif out:
            text = _("A further trial in {country} may open {range} for a few patients.")
        elif way.place:
            text = _(
                "A trial in {country} may open {range} for a few patients, with a chance of {chance} for a patient who seeks a place."
            )
        else:
            text = _("A trial in {country} may open {range} for a few patients.")
        out.append(text.format(country=name, range=range_text(way.estimate), chance=chance_text(way.estimate.p_reached)))
    return out


def _what_remains(c: CountryAnswer) -> str:
    """No second approval; the steps still ahead on the public route (launch, coverage), from the answer."""
    text = _("No new application or second approval is needed there.")
    reimbursed = c.routes.get("reimbursed")
    remaining = [s.label for s in reimbursed.steps if s.p50 is not None and s.kind != "access"] if reimbursed else []
    if remaining:
        text += " " + _("What remains: {steps}.").format(steps="; ".join(label[:1].lower() + label[1:] for label in remaining))
    return text


def headline(answer: Answer, country: str) -> str:
    """One plain paragraph for the first screen; every number in it comes from the answer."""
    return " ".join(headline_parts(answer, country))
