"""What an answer is: the JSON-serialisable shapes that the assembler (`answer`) fills and every view reads.

Kept apart from the assembly so that the question handlers (`questions`) and the views can read an
answer without importing the code that builds one. All quantiles are of the date a node is reached,
*given that it is reached*; ``p_reached`` says how likely that is at all.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Estimate:
    """Chance of being reached at all and, if reached, the date range."""

    p_reached: float
    p10: dt.date | None
    p25: dt.date | None
    p50: dt.date | None
    p75: dt.date | None
    p90: dt.date | None

    def to_json(self, chance_key: str = "p_reached") -> dict[str, Any]:
        return {
            chance_key: round(self.p_reached, 4),
            **{k: (getattr(self, k).isoformat() if getattr(self, k) else None) for k in ("p10", "p25", "p50", "p75", "p90")},
        }


@dataclass(frozen=True)
class PathStep:
    """One step of a route's most frequent way. Frozen: the routes of an answer that pass the same step share
    one `PathStep`."""

    id: str
    label: str
    kind: str
    who: str | None
    explain: str
    duration: str | None
    sources: list[dict[str, str]]
    #: the answer's milestones, read for `p50` only when it is read (they are computed on first reading)
    milestones: Mapping[str, Estimate] = field(repr=False, compare=False)

    @property
    def p50(self) -> dt.date | None:
        """The step's most likely finishing date (None if it is done or never reached)."""
        estimate = self.milestones.get(self.id)
        return estimate.p50 if estimate else None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "who": self.who,
            "explain": self.explain,
            "duration": self.duration,
            "sources": [dict(source) for source in self.sources],
            "p50": self.p50.isoformat() if self.p50 else None,
        }


@dataclass
class Way:
    """One access step of a route: a route may be reached several ways (a group decision, an individual application)."""

    id: str
    label: str
    estimate: Estimate
    for_whom: str
    who_pays: str
    closes: Estimate | None = None
    place: str | None = None
    serves: str = "group"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            **self.estimate.to_json("p_access"),
            "for_whom": self.for_whom,
            "who_pays": self.who_pays,
            "closes": self.closes.to_json("p_closes") if self.closes else None,
            "place": self.place,
            "serves": self.serves,
        }


@dataclass
class RouteAnswer:
    route: str
    estimate: Estimate
    path: list[str]
    path_share: float
    steps: list[PathStep]
    who_must_act: list[str]
    for_whom: str
    who_pays: str
    #: writes `explanation` when it is first read (`explanation.RouteExplanation`: picklable, keeps the language)
    write_explanation: Callable[[], str] = field(repr=False, compare=False)
    ways: list[Way] = field(default_factory=list)
    closes: Estimate | None = None  # when the route closes again (given it opens), if it has a window
    #: who_must_act's actors as `wording.actor_key` of their English names, in the same order: the same actor is
    #: known on every route by this, whatever language its name is shown in
    actor_keys: list[str] = field(default_factory=list)

    @functools.cached_property
    def explanation(self) -> str:
        """The route in plain language; written on first reading, as only some views show it."""
        return self.write_explanation()

    @property
    def open_until(self) -> dt.date | None:
        """The most likely closing date, or None for a route that stays open."""
        return self.closes.p50 if self.closes else None


@dataclass
class AuthorisedHere:
    """An approval the medicine already holds for this very use in the country: its authorisation there is
    certain (probability 1) and done, so only the steps after it (launch, reimbursement) remain."""

    region: str
    since: dt.date
    label: str  # the indication as the approval words it

    def to_json(self) -> dict[str, Any]:
        return {"region": self.region, "since": self.since.isoformat(), "for": self.label, "p_authorised": 1.0}


@dataclass
class CountryAnswer:
    code: str
    name: str
    estimate: Estimate
    best_route: str | None
    routes: dict[str, RouteAnswer]
    #: set where an approval for the scenario's own indication already applies (`same_indication: true`)
    authorised_here: AuthorisedHere | None = None


@dataclass
class QuestionAnswer:
    ask: str
    answer: str
    steps: list[str]
    figures: dict[str, float] = field(default_factory=dict)


@dataclass
class Answer:
    scenario: str
    product: str
    as_of: dt.date
    samples: int
    seed: int
    parameters: dict[str, float]
    milestones: Mapping[str, Estimate]  # `answer.Milestones`: computed when first read
    countries: dict[str, CountryAnswer]
    questions: list[QuestionAnswer]
    warnings: list[str]
    curves: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    curve_days: list[float] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (see README), plus extra keys for the app."""
        return {
            "scenario": self.scenario,
            "product": self.product,
            "as_of": self.as_of.isoformat(),
            "samples": self.samples,
            "seed": self.seed,
            "parameters": self.parameters,
            "milestones": {k: v.to_json() for k, v in self.milestones.items()},
            "countries": {
                cc: {
                    "name": c.name,
                    **c.estimate.to_json("p_access"),
                    "best_route": c.best_route,
                    # only where the medicine is already authorised for this use: older readers see no new key
                    **({"authorised_for_this_use": c.authorised_here.to_json()} if c.authorised_here else {}),
                    "routes": {
                        r: {
                            **ra.estimate.to_json("p_access"),
                            "path": ra.path,
                            "path_share": round(ra.path_share, 4),
                            "who_must_act": ra.who_must_act,
                            "for_whom": ra.for_whom,
                            "who_pays": ra.who_pays,
                            "explanation": ra.explanation,
                            "closes": ra.closes.to_json("p_closes") if ra.closes else None,
                            "ways": [w.to_json() for w in ra.ways],
                            "steps": [s.to_json() for s in ra.steps],
                        }
                        for r, ra in c.routes.items()
                    },
                }
                for cc, c in self.countries.items()
            },
            "questions": [asdict(q) for q in self.questions],
            "warnings": self.warnings,
        }
