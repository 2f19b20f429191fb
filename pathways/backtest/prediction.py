"""Predicting a track's milestones: compose its scenario, simulate it, and read off each milestone's dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..answer import estimate_rows
from ..graph import Library, compose
from ..simulate import build_plan, simulate, start_times
from .national import AVAILABLE_STEPS, DECISION_STEPS, IMPLEMENTATION_STEPS, access_node, library_steps, national_country
from .scenarios import Track


@dataclass
class Prediction:
    p_reached: float  # chance the milestone is reached (for a CHMP opinion: that it is positive)
    quantiles: dict[str, dt.date | None]
    cdf: Any  # sorted finite sample dates as day offsets, for the PIT value
    reversal_chance: float | None = None  # chance of a negative opinion reversed on re-examination
    second_cycle_chance: float | None = None  # chance the FDA's first action is a complete response letter


def _decision_row(sim: Any, access: str) -> Any:
    """Times of the national decision that opens ``access``: when the access would begin if each
    implementation step before it took no time. Without such a step, the access time itself."""
    plan = sim.plan
    node = plan.nodes[plan.index[access]]
    steps = [int(p) for p in (*node.all_preds, *node.first_preds) if plan.nodes[int(p)].id in IMPLEMENTATION_STEPS]
    if not steps:
        return sim.finish[plan.index[access]]
    finish = sim.finish.copy()
    for j in steps:
        finish[j] = start_times(sim, plan.nodes[j].id)
    return start_times(sim, access, finish)


def _national_row(sim: Any, key: str) -> Any:
    """Times of a national event (see `national`), never where the country's access is not reached: the
    recorded decision is a yes and the recorded access follows one, so both are dated given a yes."""
    plan = sim.plan
    cc = key.split(".")[0]
    access = access_node(key)
    if key.endswith(".reimbursed_access"):
        step = DECISION_STEPS.get(cc)
        row = sim.finish[plan.index[step]] if step in plan.index else _decision_row(sim, access)
    else:
        step = AVAILABLE_STEPS.get(cc)
        row = sim.finish[plan.index[step if step in plan.index else access]]
    return np.where(np.isfinite(sim.finish[plan.index[access]]), row, np.inf)


def predict(library: Library, track: Track, samples: int, seed: int) -> tuple[dict[str, Prediction], list[str]]:
    """Simulate one track and return the prediction for each of its milestones present in the graph.

    A track's milestones are case-file event keys; a national key (``no.available``) is read off the
    library steps `national.library_steps` names, and its chance is that of the country's access."""
    composition = compose(library, track.scenario, f"<back-test {track.name} scenario>")
    nodes = set(composition.graph.nodes)
    steps = {m: library_steps(m) if national_country(m) else [m] for m in track.milestones}
    anchor = track.anchor if track.anchor in nodes else None
    targets = sorted({s for m in track.milestones for s in steps[m] if s in nodes} | ({anchor} if anchor else set()))
    plan = build_plan(composition, targets)
    sim = simulate(plan, samples, seed)
    # the national track: each date relative to the simulated EU decision, in the futures that have one
    anchored = sim.finish[plan.index[anchor]] if anchor else None
    keep = np.isfinite(anchored) if anchored is not None else None
    out: dict[str, Prediction] = {}
    # chances of the paths a miss is explained by; the same for every milestone of the track
    reversal = _outcome_share(composition, plan, sim, "eu.reexamination", "positive")
    second_cycle = _outcome_share(composition, plan, sim, "us.fda_action", "crl")
    for milestone in track.milestones:
        if steps[milestone][0] not in plan.index:
            continue
        row = _national_row(sim, milestone) if national_country(milestone) else sim.finish[plan.index[milestone]]
        if anchored is not None and keep is not None:
            if not keep.any():
                continue
            row = row[keep] - anchored[keep]
        estimate = estimate_rows(row[None, :], track.cutoff)[0]
        p = estimate.p_reached
        if milestone == "eu.chmp_opinion":
            positive = _outcome_share(composition, plan, sim, milestone, "positive")
            p = p if positive is None else positive
        quantiles = {k: getattr(estimate, k) for k in ("p10", "p25", "p50", "p75", "p90")}
        out[milestone] = Prediction(p, quantiles, np.sort(row[np.isfinite(row)]), reversal, second_cycle)
    warnings = [str(w) for w in composition.warnings + plan.warnings]
    return out, warnings


def _outcome_share(composition: Any, plan: Any, sim: Any, node: str, outcome: str) -> float | None:
    """Share of all simulated futures that take ``outcome`` at decision ``node`` (None if not modelled)."""
    j = plan.index.get(node)
    if j is None or j not in sim.choice:
        return None
    ids = [o.id for o in composition.step(node).outcomes]
    if outcome not in ids:
        return None
    return float(np.mean(np.isfinite(sim.finish[j]) & (sim.choice[j] == ids.index(outcome))))
