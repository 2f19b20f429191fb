"""An independent Monte Carlo to measure the engine against: plain numpy, written apart from it.

`python -m pathways bench` times the engine's simulation beside this one, in the same run, on a
random graph of the same size as the plan it simulates (nodes, edges, decisions, outcome-conditioned
edges and earliest-of joins). It imports nothing from the engine, so no change to the engine can make
it slower or faster, and it does the same kind of work the straightforward way:

- each step's duration is a beta-PERT (min, most likely, max) turned once, before timing, into a
  table of 1,024 quantiles; a run draws a table index per future with `Generator.integers` (numpy's
  way to draw a uniform index; int16, its fastest width here) and looks the duration up, as the engine
  does with its quantile tables. The engine draws its indices from masked raw generator bits, about
  twice as fast as `integers`: that is part of what the ratio measures;
- a step starts at the latest of its `all` predecessors and, if it has `any` predecessors, no earlier
  than the first of them;
- a decision takes its first outcome with its chance; an edge that needs an outcome counts only in
  the futures where the decision took it (elsewhere its predecessor never finishes, inf).

Float32 throughout, like the engine. What it leaves out is what the engine does beyond this:
per-step random streams, which predecessor decided each start, dated rules, a scenario's position,
access windows and places.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

TABLE_SIZE = 1024


@dataclass(frozen=True)
class Shape:
    """How big a graph is, in the terms that cost time in a simulation."""

    nodes: int
    edges: int
    decisions: int
    conditioned_edges: int
    any_edges: int


@dataclass
class Dag:
    """A random graph in topological order, with every step's duration table and every decision's chance."""

    tables: npt.NDArray[np.float32]  # [nodes, TABLE_SIZE] durations in days
    all_preds: list[list[tuple[int, int]]]  # per node: (predecessor, outcome needed or -1)
    any_preds: list[list[tuple[int, int]]]
    chance: dict[int, float]  # decision node -> chance of outcome 0

    @property
    def shape(self) -> Shape:
        edges = [e for preds in self.all_preds + self.any_preds for e in preds]
        return Shape(
            nodes=len(self.all_preds),
            edges=len(edges),
            decisions=len(self.chance),
            conditioned_edges=sum(1 for _, need in edges if need >= 0),
            any_edges=sum(len(p) for p in self.any_preds),
        )


def pert_table(
    low: float, mode: float, high: float, rng: np.random.Generator, draws: int = 64 * TABLE_SIZE
) -> npt.NDArray[np.float32]:
    """`TABLE_SIZE` quantiles (at the bin midpoints) of a beta-PERT, from sorted draws.

    Beta-PERT: low + (high - low) × Beta(1 + 4 (mode - low) / (high - low), 1 + 4 (high - mode) / (high - low)),
    whose mean is (low + 4 mode + high) / 6.
    """
    if high <= low:
        return np.full(TABLE_SIZE, low, dtype=np.float32)
    span = high - low
    sample = np.sort(low + span * rng.beta(1 + 4 * (mode - low) / span, 1 + 4 * (high - mode) / span, draws))
    at = ((np.arange(TABLE_SIZE) + 0.5) / TABLE_SIZE * draws).astype(np.intp)
    return sample[at].astype(np.float32)


def random_dag(shape: Shape, seed: int = 0) -> Dag:
    """A random graph of ``shape``: each step after the first waits for one earlier step, the remaining
    edges are spread over random steps; decisions are random steps with successors; conditioned and
    `any` edges are random edges of the right kind."""
    rng = np.random.default_rng(seed)
    n = shape.nodes
    preds: list[list[int]] = [[] for _ in range(n)]
    for j in range(1, n):
        preds[j].append(int(rng.integers(0, j)))
    extra = max(0, shape.edges - (n - 1))
    while extra:
        j = int(rng.integers(2, n))
        p = int(rng.integers(0, j))
        if p not in preds[j]:
            preds[j].append(p)
            extra -= 1
    has_successor = sorted({p for ps in preds for p in ps})
    decisions = rng.choice(has_successor, size=min(shape.decisions, len(has_successor)), replace=False).tolist()
    chance = {int(d): float(rng.uniform(0.2, 0.9)) for d in decisions}
    edges = [(j, p) for j in range(n) for p in preds[j]]
    from_decision = [e for e in edges if e[1] in chance]
    picked = rng.choice(len(from_decision), size=min(shape.conditioned_edges, len(from_decision)), replace=False)
    needs = {from_decision[int(i)]: int(rng.integers(0, 2)) for i in picked}
    multi = [e for e in edges if len(preds[e[0]]) > 1]
    any_picked = rng.choice(len(multi), size=min(shape.any_edges, len(multi)), replace=False)
    any_edges = {multi[int(i)] for i in any_picked}
    all_preds: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    any_preds: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for j, p in edges:
        (any_preds if (j, p) in any_edges else all_preds)[j].append((p, needs.get((j, p), -1)))
    tables = np.empty((n, TABLE_SIZE), dtype=np.float32)
    for j in range(n):
        low = float(rng.uniform(0, 200))
        mode = low + float(rng.uniform(0, 300))
        tables[j] = pert_table(low, mode, mode + float(rng.uniform(0, 600)), rng)
    return Dag(tables, all_preds, any_preds, chance)


def simulate_reference(dag: Dag, samples: int, seed: int = 0) -> npt.NDArray[np.float32]:
    """Finish times [nodes, samples] in days from the start (inf = never)."""
    rng = np.random.default_rng(seed)
    n = len(dag.all_preds)
    finish = np.empty((n, samples), dtype=np.float32)
    took_first: dict[int, npt.NDArray[np.bool_]] = {}
    never = np.float32(np.inf)

    def arrival(pred: int, need: int) -> npt.NDArray[np.float32]:
        if need < 0:
            return finish[pred]
        taken = took_first[pred] if need == 0 else ~took_first[pred]
        return np.where(taken, finish[pred], never)

    for j in range(n):
        start = np.zeros(samples, dtype=np.float32)
        for pred, need in dag.all_preds[j]:
            start = np.maximum(start, arrival(pred, need))
        if dag.any_preds[j]:
            first = np.full(samples, never, dtype=np.float32)
            for pred, need in dag.any_preds[j]:
                first = np.minimum(first, arrival(pred, need))
            start = np.maximum(start, first)
        finish[j] = start + dag.tables[j][rng.integers(0, TABLE_SIZE, samples, dtype=np.int16)]
        if j in dag.chance:
            took_first[j] = rng.random(samples, dtype=np.float32) < dag.chance[j]
    return finish
