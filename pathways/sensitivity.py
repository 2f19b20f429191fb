"""How much an answer rests on one judgement: the same question with that figure halved and doubled.

Some chances in the library are judgements, not measurements (whether the company will file, whether
one trial will be enough). A reader should see them as such and see what they carry: each is varied
on its own while everything else stays as it is, with the same random numbers (same seed), so the
difference is the parameter's alone. The result is a tornado: judgements ordered by how far they move
the route's chance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .answer import ROUTE_TEXT, Estimate, chance_text, estimate_rows, range_text
from .formatting import percent_text
from .graph import Composition
from .i18n import _, babel_locale, yaml_text
from .model import Parameter
from .simulate import DEFAULT_SEED, build_plan, simulate

#: Fewer futures than the answer: enough for a chance to about a percentage point, and quick in the app.
SENSITIVITY_SAMPLES = 4000


@dataclass
class Swing:
    """The route's chance and dates with the parameter at one value."""

    value: float
    estimate: Estimate


@dataclass
class Sensitivity:
    """One judgement and what it carries for one route."""

    parameter: str
    label: str
    basis: str
    value: float
    route: str
    base: Estimate
    low: Swing
    high: Swing

    @property
    def swing(self) -> float:
        """How far the route's chance moves between the low and the high value."""
        return abs(self.high.estimate.p_reached - self.low.estimate.p_reached)

    def sentence(self) -> str:
        """'If <judgement> were 12% instead of 25%, ...': the "if this were X" line."""
        name = ROUTE_TEXT[self.route]["name"]

        def at(s: Swing) -> str:
            if s.estimate.p50 is None:
                return _percent(s.estimate.p_reached)
            return _("{chance}, {range}").format(chance=_percent(s.estimate.p_reached), range=range_text(s.estimate))

        return _(
            "{judgement}: {value} (a judgement). If it were {low}, the chance of {route} would be {at_low}; "
            "if it were {high}, {at_high} (now {now})."
        ).format(
            judgement=self.label,
            value=percent_text(round(self.value * 100)),
            low=percent_text(round(self.low.value * 100)),
            route=name,
            at_low=at(self.low),
            high=percent_text(round(self.high.value * 100)),
            at_high=at(self.high),
            now=_percent(self.base.p_reached),
        )

    def to_json(self) -> dict[str, object]:
        return {
            "parameter": self.parameter,
            "label": self.label,
            "basis": self.basis,
            "value": self.value,
            "route": self.route,
            "base": self.base.to_json("p_access"),
            "low": {"value": self.low.value, **self.low.estimate.to_json("p_access")},
            "high": {"value": self.high.value, **self.high.estimate.to_json("p_access")},
            "sentence": self.sentence(),
        }


def _percent(p: float) -> str:
    """Small chances to a tenth of a percent: a judgement's effect on a 3% route must be visible.

    >>> _percent(0.0283), _percent(0.4)
    ('2.8%', '40%')
    """
    if p >= 0.1:
        return chance_text(p)
    from babel.numbers import format_percent

    return str(format_percent(p, format="#,##0.0%" if babel_locale() == "en" else "#,##0.0\u00a0%", locale=babel_locale()))


def _route_estimate(
    composition: Composition, country: str, route: str, values: dict[str, float], samples: int, seed: int
) -> Estimate:
    targets = composition.access_nodes(country)
    key = tuple(targets)
    if key not in composition.plans:
        composition.plans[key] = build_plan(composition, targets)
    plan = composition.plans[key]
    sim = simulate(plan, samples, seed, values)
    rows = [plan.index[n] for n in composition.access_nodes(country, route) if n in plan.index]
    if not rows:
        return Estimate(0.0, None, None, None, None, None)
    times = sim.finish[rows].min(axis=0)
    return estimate_rows(times[None, :], composition.scenario.as_of)[0]


def sensitivity(
    composition: Composition,
    country: str,
    judgements: list[tuple[str, Parameter]],
    route: str = "reimbursed",
    parameters: dict[str, float] | None = None,
    samples: int = SENSITIVITY_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> list[Sensitivity]:
    """Each judgement halved and doubled (within its allowed range), largest effect first."""
    values = dict(composition.parameters)
    values.update(parameters or {})
    base = _route_estimate(composition, country, route, values, samples, seed)
    out = []
    for name, declaration in judgements:
        value = values.get(name, declaration.default)
        low = float(np.clip(value / 2, declaration.min, declaration.max))
        high = float(np.clip(value * 2, declaration.min, declaration.max))
        swings = [Swing(v, _route_estimate(composition, country, route, {**values, name: v}, samples, seed)) for v in (low, high)]
        basis = yaml_text(declaration, "assumption").strip() or _("Taken from the sources.")
        if name in composition.scenario.parameters:
            basis = _("This scenario sets it (see its notes); the library's default is {default}: {basis}").format(
                default=percent_text(round(declaration.default * 100)), basis=basis
            )
        label = yaml_text(declaration, "label")
        out.append(Sensitivity(name, label, basis, value, route, base, swings[0], swings[1]))
    return sorted(out, key=lambda s: -s.swing)
