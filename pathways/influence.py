"""Which assumptions move one country's answer most: a one-at-a-time swing of each parameter.

A scenario can expose a dozen chances; a person needs the two or three that matter for their country
first. For each parameter the simulation runs at its lowest and at its highest allowed value (the
others as chosen) and the swing is the change in the chance that patients get the medicine outside a
trial by any route. Common random numbers (the same seed in every run) keep the swings comparable
with few samples, so the ranking is cheap enough to compute when a page opens.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .answer import SIDE_ROUTES
from .graph import Composition
from .model import ROUTES
from .simulate import DEFAULT_SEED, Simulation, build_plan, simulate

#: samples per run: enough to rank swings of a few percentage points (standard error about 0.5 points)
RANKING_SAMPLES = 2_000


@dataclass(frozen=True)
class Influence:
    parameter: str
    low: float
    high: float
    #: chance of access outside trials at the parameter's lowest and highest value
    chance_at_low: float
    chance_at_high: float

    @property
    def swing(self) -> float:
        return abs(self.chance_at_high - self.chance_at_low)


def _chance_outside_trials(sim: Simulation, composition: Composition, country: str) -> float:
    nodes = [
        sim.plan.index[n]
        for route in ROUTES
        if route not in SIDE_ROUTES
        for n in composition.access_nodes(country, route)
        if n in sim.plan.index
    ]
    if not nodes:
        return 0.0
    return float(np.isfinite(sim.finish[nodes].min(axis=0)).mean())


def parameter_influence(
    composition: Composition,
    country: str,
    parameters: dict[str, float],
    names: list[str],
    samples: int = RANKING_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> list[Influence]:
    """The named parameters, largest swing first (ties keep the given order, which follows the pathway)."""
    targets = [n for n in composition.access_nodes(country)]
    plan = build_plan(composition, targets)
    declared = composition.library.parameters()
    found = []
    for name in names:
        param = declared[name][0]
        chances = []
        for value in (param.min, param.max):
            sim = simulate(plan, samples, seed, {**parameters, name: value})
            chances.append(_chance_outside_trials(sim, composition, country))
        found.append(Influence(name, param.min, param.max, chances[0], chances[1]))
    order = sorted(range(len(found)), key=lambda i: (-round(found[i].swing, 3), i))
    return [found[i] for i in order]
