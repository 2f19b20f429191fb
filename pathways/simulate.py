"""Monte Carlo over the composed graph, vectorised across samples.

Times are days after the scenario's ``as_of`` (negative for the past, ``inf`` for *never*). Nodes
are visited once each in topological order; every operation inside a node works on all samples at
once. A node waits for the latest of its ``after`` predecessors and the earliest of its
``first_of`` predecessors; an edge out of a decision only counts in the samples where the decision
took that edge's outcome, so steps on a branch not taken are never reached.

Only the nodes that can lead to the asked targets are compiled and sampled (`build_plan`), and each
node draws from its own random stream derived from ``(seed, node id)``: the same seed gives the
same numbers for a node whether one country or all of them are asked.
"""

from __future__ import annotations

import datetime as dt
import threading
import zlib
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt

from .distributions import K, quantile_table
from .graph import Composition, outcome_probabilities, start_nodes
from .model import ParamRef
from .problems import Problem

DEFAULT_SAMPLES = 20_000
#: Which predecessor decided each start is recorded for the first samples only: enough to find the most
#: frequent path (a share estimated from 2,048 futures), at a fraction of the cost of all of them.
BINDING_SAMPLES = 2048
DEFAULT_SEED = 20251
NEVER = np.float32(np.inf)


@dataclass
class NodePlan:
    """Everything the propagation needs for one node, as arrays."""

    id: str
    kind: str
    all_preds: npt.NDArray[np.intp]
    all_req: npt.NDArray[np.intp]
    first_preds: npt.NDArray[np.intp]
    first_req: npt.NDArray[np.intp]
    tables: npt.NDArray[np.float32]  # [rules, K]
    rule_starts: npt.NDArray[np.float32]  # day offsets where rule 1.. starts
    outcome_ids: list[str]
    blocked: bool
    stream: int
    done_at: float | None = None  # finished before as_of (completed or behind the position)
    fixed_outcome: int = -1
    started_at: float | None = None  # the scenario's position: started this many days after as_of (<= 0)
    closes_at: float | None = None  # access route closes on this day (a fixed date); opening later = never
    open_for: npt.NDArray[np.float32] | None = None  # access route: quantile table of how long it stays open


@dataclass
class Plan:
    """A composition compiled for simulation: nodes in topological order, only those that matter."""

    composition: Composition
    nodes: list[NodePlan]
    index: dict[str, int]
    targets: list[str]
    warnings: list[Problem] = field(default_factory=list)
    outcome_edges: dict[tuple[int, tuple[float | None, ...]], tuple[np.float32, ...]] = field(default_factory=dict)

    @property
    def as_of(self) -> dt.date:
        return self.composition.scenario.as_of

    @property
    def edges(self) -> int:
        return sum(len(n.all_preds) + len(n.first_preds) for n in self.nodes)


def _days(date: dt.date, as_of: dt.date) -> float:
    return float((date - as_of).days)


def build_plan(composition: Composition, targets: list[str] | None = None) -> Plan:
    """Compile the part of the graph that can reach ``targets`` (default: access nodes of the scenario's countries)."""
    graph: nx.DiGraph = composition.graph
    scenario = composition.scenario
    as_of = scenario.as_of
    if targets is None:
        targets = [n for cc in scenario.countries for n in composition.access_nodes(cc)]
    starts = start_nodes(composition)
    live, done = _live_and_done(composition, targets, starts)
    order = [n for n in nx.topological_sort(graph) if n in live | done]
    index = {n: i for i, n in enumerate(order)}
    positions = {p.step: _days(p.since, as_of) for p in scenario.position}
    done_dates = _done_dates(composition, positions)
    warnings: list[Problem] = []
    nodes: list[NodePlan] = []
    for node in order:
        plan = _node_plan(composition, node, index, node in live)
        if node in done:
            plan.done_at = done_dates.get(node, 0.0)
            plan.fixed_outcome = _known_outcome(composition, node, starts, warnings)
        elif node in positions:
            plan.started_at = positions[node]
        nodes.append(plan)
    return Plan(composition, nodes, index, [t for t in targets if t in index], warnings)


def _live_and_done(composition: Composition, targets: list[str], starts: list[str]) -> tuple[set[str], set[str]]:
    """The steps still to be sampled, and the finished ones the plan keeps because live steps wait for them."""
    graph: nx.DiGraph = composition.graph
    scenario = composition.scenario
    behind: set[str] = set()
    for s in starts:
        behind |= nx.ancestors(graph, s)
    # everything downstream of what has happened or is under way (parallel branches included)
    ahead: set[str] = set(starts)
    for s in set(starts) | behind:
        ahead |= nx.descendants(graph, s)
    wanted: set[str] = set()
    for t in targets:
        if t in graph:
            wanted |= nx.ancestors(graph, t) | {t}
    live = (wanted & ahead) - behind - set(scenario.completed)
    done = (behind | set(scenario.completed)) & (wanted | set(starts))
    # done nodes that feed live nodes must be present too
    for node in list(live):
        done |= {p for p in graph.predecessors(node) if p in behind or p in scenario.completed}
    return live, done


def _done_dates(composition: Composition, positions: dict[str, float]) -> dict[str, float]:
    """When each finished step ended at the latest: a completed step's date, or a started step's, for all before it."""
    graph: nx.DiGraph = composition.graph
    as_of = composition.scenario.as_of
    done_dates: dict[str, float] = {}
    for ref, date in composition.scenario.completed.items():
        done_dates[ref] = _days(date, as_of)
        for anc in nx.ancestors(graph, ref):
            done_dates[anc] = min(done_dates.get(anc, 0.0), _days(date, as_of))
    for ref, offset in positions.items():
        for anc in nx.ancestors(graph, ref):
            done_dates[anc] = min(done_dates.get(anc, 0.0), offset)
    return done_dates


def _node_plan(composition: Composition, node: str, index: dict[str, int], live: bool) -> NodePlan:
    """One step's joins, quantile tables and window as arrays; a live step waiting on a dropped one is blocked."""
    graph: nx.DiGraph = composition.graph
    as_of = composition.scenario.as_of
    step = composition.step(node)
    all_p: list[int] = []
    all_r: list[int] = []
    first_p: list[int] = []
    first_r: list[int] = []
    for pred, _, data in graph.in_edges(node, data=True):
        if pred not in index:
            if data["join"] == "all" and live:
                all_p.append(-1)  # a predecessor that never happens in this scenario
                all_r.append(-1)
            continue
        req = -1
        if data["outcome"] is not None:
            req = [o.id for o in composition.step(pred).outcomes].index(data["outcome"])
        (all_p if data["join"] == "all" else first_p).append(index[pred])
        (all_r if data["join"] == "all" else first_r).append(req)
    rules = sorted(step.rules, key=lambda r: r.from_)
    tables = np.stack([quantile_table(step.duration)] + [quantile_table(r.duration) for r in rules])
    plan = NodePlan(
        id=node,
        kind=step.kind,
        all_preds=np.array(all_p, dtype=np.intp),
        all_req=np.array(all_r, dtype=np.intp),
        first_preds=np.array(first_p, dtype=np.intp),
        first_req=np.array(first_r, dtype=np.intp),
        tables=tables,
        rule_starts=np.array([_days(r.from_, as_of) for r in rules], dtype=np.float32),
        outcome_ids=[o.id for o in step.outcomes],
        blocked=bool(graph.nodes[node]["blocked_by"]) or -1 in all_p,
        stream=zlib.crc32(node.encode()),
    )
    if step.window is not None:
        if step.window.closes is not None:
            plan.closes_at = _days(step.window.closes, as_of)
        if step.window.open_for is not None:
            plan.open_for = quantile_table(step.window.open_for)
    return plan


def _known_outcome(composition: Composition, node: str, starts: list[str], warnings: list[Problem]) -> int:
    """The outcome a decision in the past must have had, for the scenario's position to be where it is.

    Several outcomes can lead on to the position (a negative CHMP opinion reaches the Commission's decision
    too, through re-examination): then the one with the fewest steps to it is taken — the direct way, which
    a scenario that went the long way says with `outcomes:`; on a tie, the likelier outcome.
    """
    step = composition.step(node)
    if step.kind != "decision":
        return -1
    ids = [o.id for o in step.outcomes]
    given = composition.scenario.outcomes.get(node)
    if given is not None:
        return ids.index(given)
    graph = composition.graph
    probs = outcome_probabilities(step.outcomes, composition.parameters)
    leads: list[tuple[int, float, int]] = []
    for _, succ, data in graph.out_edges(node, data=True):
        if data["outcome"] is None:
            continue
        steps = [nx.shortest_path_length(graph, succ, s) for s in starts if succ == s or nx.has_path(graph, succ, s)]
        if steps:
            index = ids.index(data["outcome"])
            leads.append((min(steps), -float(probs[index]), index))
    if leads:
        return min(leads)[2]
    best = int(np.argmax(probs))
    warnings.append(
        Problem(
            "<scenario>",
            None,
            None,
            f"outcomes.{node}",
            f"{node} lies in the past but its outcome is not given; assuming {ids[best]!r}",
            f"add `outcomes: {{{node}: ...}}` to the scenario",
            "warning",
        )
    )
    return best


@dataclass
class Simulation:
    """Sampled finish times (days after as_of; inf = never) and the predecessor that set each start."""

    plan: Plan
    samples: int
    seed: int
    parameters: dict[str, float]
    finish: npt.NDArray[np.float32]  # [nodes, samples]
    binding: npt.NDArray[np.int16]  # [nodes, BINDING_SAMPLES]: predecessor that set the start, -1 none
    choice: dict[int, npt.NDArray[np.int8]]  # decision node index -> outcome index per sample
    closes: dict[int, npt.NDArray[np.float32]] = field(default_factory=dict)  # access node with a window -> closing day
    chain_hashes: npt.NDArray[np.uint64] | None = None  # filled by the answer's path finder, once

    def row(self, node: str) -> npt.NDArray[np.float32]:
        return self.finish[self.plan.index[node]]


def simulate(
    plan: Plan, samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED, parameters: dict[str, float] | None = None
) -> Simulation:
    """Sample every duration and decision and propagate finish times through the plan."""
    values = dict(plan.composition.parameters)
    values.update(parameters or {})
    n = len(plan.nodes)
    finish = np.empty((n, samples), dtype=np.float32)  # every row is written below (a full fill cost 2-3 ms)
    binding = np.full((n, min(samples, BINDING_SAMPLES)), -1, dtype=np.int16)
    choice: dict[int, npt.NDArray[np.int8]] = {}
    closes: dict[int, npt.NDArray[np.float32]] = {}
    taken: dict[tuple[int, int], npt.NDArray[np.float32]] = {}  # (decision, outcome) -> finish where taken
    for j, node in enumerate(plan.nodes):
        if node.done_at is not None:
            finish[j] = node.done_at
            if node.fixed_outcome >= 0:
                choice[j] = np.full(samples, node.fixed_outcome, dtype=np.int8)
            continue
        rng = node_generator(seed, node.stream)
        if node.started_at is not None:
            start: Any = np.full(samples, node.started_at, dtype=np.float32)
            elapsed = -node.started_at
            k0 = int(np.searchsorted(node.tables[0], elapsed, side="left"))
            if k0 >= K:
                kp = np.full(samples, K - 1, dtype=np.int16)
            else:
                kp = rng.integers(k0, K, samples, dtype=np.int16)
            finish[j] = np.maximum(start + node.tables[0][kp], 0.0)
        elif node.blocked or (len(node.all_preds) == 0 and len(node.first_preds) == 0):
            finish[j] = NEVER
            if node.kind == "decision":  # never reached: any outcome of it stays "never" for its successors
                choice[j] = np.zeros(samples, dtype=np.int8)
            continue
        else:
            # nothing that is not recorded as done can have started before as_of
            start = np.maximum(_join(finish, choice, binding[j], node, taken), np.float32(0.0))
            # K is a power of two: masking raw random bits is an exact uniform draw of a bin, and cheap
            k: npt.NDArray[Any] = _random_bits(rng, samples) & np.uint16(K - 1)
            if len(node.rule_starts):
                rule = np.searchsorted(node.rule_starts, start, side="right")
                duration = node.tables[rule, k]
            else:
                # `clip` skips the bounds check (k < K always), and intp indices skip take's own conversion:
                # together about half the cost of the lookup, some 3 ms of an all-country answer
                duration = np.take(node.tables[0], k.astype(np.intp), mode="clip")
            np.add(start, duration, out=finish[j])
        if node.kind == "decision":
            u = rng.random(samples, dtype=np.float32)
            edges = _outcome_edges(plan, j, values)
            if len(edges) == 1:  # two outcomes: the second is taken where u >= the first's chance
                choice[j] = (u >= edges[0]).view(np.int8)
            else:  # outcome i is taken when u falls in [cum[i-1], cum[i])
                picked = np.zeros(samples, dtype=np.int8)
                for edge in edges:
                    picked += u >= edge
                choice[j] = picked
        if node.kind == "access":
            _window_and_place(plan, node, j, finish, closes, rng, values)
    return Simulation(plan, samples, seed, values, finish, binding, choice, closes)


def _outcome_edges(plan: Plan, j: int, values: dict[str, float]) -> tuple[np.float32, ...]:
    """The cumulative chances that split a decision's outcomes, remembered per plan and parameter values
    (the app and the sensitivity analysis answer the same plan many times with few distinct values)."""
    outcomes = plan.composition.step(plan.nodes[j].id).outcomes
    key = (j, tuple(values.get(o.probability.param) for o in outcomes if isinstance(o.probability, ParamRef)))
    edges = plan.outcome_edges.get(key)
    if edges is None:
        cum = np.cumsum(outcome_probabilities(outcomes, values))
        edges = plan.outcome_edges[key] = tuple(np.float32(edge) for edge in cum[:-1])
    return edges


_GENERATORS = threading.local()
#: Distinct (seed, stream) pairs a thread keeps: a few seeds times the library's few hundred steps.
_GENERATORS_KEPT = 8192


def node_generator(seed: int, stream: int) -> np.random.Generator:
    """The generator of one node's stream, at the start of that stream.

    Seeding a PCG64 from ``[seed, stream]`` (the SeedSequence hash) costs about 25 µs, some 5 ms for the
    200 nodes of an all-country answer; setting a remembered initial state costs about 1.5 µs. Each thread
    keeps its own generators (the app answers sessions in threads), so no two simulations share one.
    """
    kept: dict[tuple[int, int], tuple[np.random.Generator, Any]] | None = getattr(_GENERATORS, "kept", None)
    if kept is None or len(kept) >= _GENERATORS_KEPT:
        kept = _GENERATORS.kept = {}
    entry = kept.get((seed, stream))
    if entry is None:
        bits = np.random.PCG64([seed, stream])
        kept[seed, stream] = (np.random.Generator(bits), bits.state)
        return kept[seed, stream][0]
    generator, initial = entry
    generator.bit_generator.state = initial
    return generator


def _random_bits(rng: np.random.Generator, samples: int) -> npt.NDArray[np.uint16]:
    """``samples`` random 16-bit words: bit for bit ``np.frombuffer(rng.bytes(2 * samples), np.uint16)``.

    numpy fills `bytes` from the 32-bit halves of the generator's 64-bit outputs, low half first, and
    copies three times on the way; the raw outputs in little-endian order are the same bytes. When
    the count of 32-bit halves is odd, `bytes` leaves one half buffered for the next draw, so then it
    is used itself and every later draw of the node stays as it was.
    """
    if (samples + 1) // 2 % 2:
        return np.frombuffer(rng.bytes(2 * samples), dtype=np.uint16)
    raw = rng.bit_generator.random_raw((samples + 3) // 4)
    return raw.astype("<u8", copy=False).view(np.uint16)[:samples]


def _window_and_place(
    plan: Plan,
    node: NodePlan,
    j: int,
    finish: npt.NDArray[np.float32],
    closes: dict[int, npt.NDArray[np.float32]],
    rng: np.random.Generator,
    values: dict[str, float],
) -> None:
    """A route that closes is reached only if it opens before it closes; a route with few places only
    in the share of futures where the patient who seeks it gets one. Drawn after the node's duration,
    so routes without either keep exactly the numbers they had."""
    samples = finish.shape[1]
    if node.closes_at is not None or node.open_for is not None:
        end = np.full(samples, NEVER, dtype=np.float32)
        if node.open_for is not None:
            k = _random_bits(rng, samples) & np.uint16(K - 1)
            end = finish[j] + np.take(node.open_for, k.astype(np.intp), mode="clip")
        if node.closes_at is not None:
            fixed = np.float32(node.closes_at)
            finish[j] = np.where(finish[j] > fixed, NEVER, finish[j])
            end = np.minimum(end, fixed)
        closes[j] = np.where(np.isfinite(finish[j]), end, NEVER).astype(np.float32)
    place = plan.composition.step(node.id).place
    if place is not None:
        chance = values[place.probability.param] if isinstance(place.probability, ParamRef) else float(place.probability)
        lucky = rng.random(samples, dtype=np.float32) < np.float32(chance)
        finish[j] = np.where(lucky, finish[j], NEVER)
        if j in closes:
            closes[j] = np.where(lucky, closes[j], NEVER).astype(np.float32)


def _effective(
    finish: npt.NDArray[np.float32],
    choice: dict[int, npt.NDArray[np.int8]],
    pred: int,
    req: int,
    taken: dict[tuple[int, int], npt.NDArray[np.float32]] | None = None,
) -> npt.NDArray[np.float32]:
    """A predecessor's finish times, or never where its decision took another outcome.

    ``taken`` keeps the masked rows of one simulation: several steps often wait for the same outcome
    of the same decision (a country's steps after an EU decision), and the mask is the same for each.
    """
    if req < 0:
        return finish[pred]
    if taken is None:
        return np.where(choice[pred] == req, finish[pred], NEVER)
    row = taken.get((pred, req))
    if row is None:
        row = taken[pred, req] = np.where(choice[pred] == req, finish[pred], NEVER)
    return row


def _combine(
    finish: npt.NDArray[np.float32],
    choice: dict[int, npt.NDArray[np.int8]],
    preds: npt.NDArray[np.intp],
    reqs: npt.NDArray[np.intp],
    latest: bool,
    binding_row: npt.NDArray[np.int16] | None,
    taken: dict[tuple[int, int], npt.NDArray[np.float32]] | None = None,
) -> npt.NDArray[np.float32]:
    rows = [_effective(finish, choice, p, r, taken) for p, r in zip(preds.tolist(), reqs.tolist())]
    if len(rows) == 1:
        if binding_row is not None:
            binding_row[:] = preds[0]
        return rows[0]
    reduce = np.maximum if latest else np.minimum
    result: npt.NDArray[np.float32] = reduce.reduce(rows)
    if binding_row is not None:
        width = binding_row.shape[0]
        head = np.stack([row[:width] for row in rows])
        binding_row[:] = preds[head.argmax(axis=0) if latest else head.argmin(axis=0)]
    return result


def _join(
    finish: npt.NDArray[np.float32],
    choice: dict[int, npt.NDArray[np.int8]],
    binding_row: npt.NDArray[np.int16],
    node: NodePlan,
    taken: dict[tuple[int, int], npt.NDArray[np.float32]] | None = None,
) -> npt.NDArray[np.float32]:
    """Start time: latest of `after`, earliest of `first_of`, and which predecessor decided it."""
    if len(node.all_preds) and len(node.first_preds):
        first_binding = np.empty_like(binding_row)
        start = _combine(finish, choice, node.all_preds, node.all_req, True, binding_row, taken)
        first = _combine(finish, choice, node.first_preds, node.first_req, False, first_binding, taken)
        later = first[: binding_row.shape[0]] > start[: binding_row.shape[0]]
        binding_row[later] = first_binding[later]
        return np.maximum(start, first)
    if len(node.all_preds):
        return _combine(finish, choice, node.all_preds, node.all_req, True, binding_row, taken)
    return _combine(finish, choice, node.first_preds, node.first_req, False, binding_row, taken)


def start_times(sim: Simulation, node: str, finish: npt.NDArray[np.float32] | None = None) -> npt.NDArray[np.float32]:
    """When each simulated future lets ``node`` begin (inf = never): the moment its predecessors allow.

    Used where a recorded event is the *start* of a step, e.g. a positive national decision, after
    which the model adds the weeks until hospitals apply it. ``finish`` replaces the simulated finish
    times (same shape), to ask when ``node`` would start if some predecessors ended at other times.
    """
    j = sim.plan.index[node]
    plan_node = sim.plan.nodes[j]
    if plan_node.done_at is not None:
        return np.full(sim.samples, plan_node.done_at, dtype=np.float32)
    if plan_node.started_at is not None:
        return np.full(sim.samples, plan_node.started_at, dtype=np.float32)
    if plan_node.blocked or (len(plan_node.all_preds) == 0 and len(plan_node.first_preds) == 0):
        return np.full(sim.samples, NEVER, dtype=np.float32)
    scratch = np.empty(sim.binding.shape[1], dtype=np.int16)
    return _join(sim.finish if finish is None else finish, sim.choice, scratch, plan_node)


def reference_kernel(plan: Plan, samples: int, seed: int) -> npt.NDArray[np.float32]:
    """The same propagation with nothing else: plain numpy over the same arrays (for `bench`).

    The same float32 arrays and the same sampling primitive (random bits masked into a quantile-table
    index), but no binding bookkeeping, no dated rules, no conditioned position, no per-node streams;
    decisions and durations come from one generator. It shows what the engine's extra work costs.
    """
    rng = np.random.default_rng(seed)
    n = len(plan.nodes)
    t = np.full((n, samples), np.inf, dtype=np.float32)
    chosen: dict[int, npt.NDArray[Any]] = {}
    for j, node in enumerate(plan.nodes):
        if node.done_at is not None:
            t[j] = node.done_at
            chosen[j] = np.full(samples, max(node.fixed_outcome, 0))
            continue
        if node.started_at is not None:
            start = np.full(samples, node.started_at, dtype=np.float32)
        elif len(node.all_preds) == 0 and len(node.first_preds) == 0:
            continue
        else:
            start = np.full(samples, -np.inf, dtype=np.float32)
            for p, r in zip(node.all_preds, node.all_req):
                row = t[p] if r < 0 else np.where(chosen[int(p)] == r, t[p], np.inf)
                start = np.maximum(start, row)
            if len(node.first_preds):
                first = np.full(samples, np.inf, dtype=np.float32)
                for p, r in zip(node.first_preds, node.first_req):
                    row = t[p] if r < 0 else np.where(chosen[int(p)] == r, t[p], np.inf)
                    first = np.minimum(first, row)
                start = np.maximum(start, first)
            start = np.maximum(start, 0.0)
        k = np.frombuffer(rng.bytes(2 * samples), dtype=np.uint16) & np.uint16(K - 1)
        t[j] = start + np.take(node.tables[0], k)
        if node.outcome_ids:
            chosen[j] = np.frombuffer(rng.bytes(samples), dtype=np.uint8) % len(node.outcome_ids)
    return t
