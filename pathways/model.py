"""Typed model of the YAML a regulatory expert writes: library fragments and scenarios.

Every field carries a ``description``: it is the documentation. ``docs/schema/*.json`` (for
editors) and ``docs/yaml-reference.md`` are generated from these models, and a test keeps them in
sync, so the schema cannot drift from what the loader accepts.

Numbers in the library must say where they come from: a duration, a literal probability and a
parameter default each carry ``sources`` (keys into the fragment's ``sources`` table) or an
``assumption`` (a sentence saying why the figure is a judgement). The validator refuses a figure
with neither.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .i18n import N_, _, ngettext

#: Identifier of a step inside its fragment: lower case, digits and underscores.
LOCAL_ID = r"[a-z][a-z0-9_]*"
#: A namespaced step id, ``eu.ec_decision``; inside a fragment the namespace may be left out.
STEP_REF = rf"^(?:{LOCAL_ID}\.)?{LOCAL_ID}$"

LocalId = Annotated[str, StringConstraints(pattern=rf"^{LOCAL_ID}$", max_length=80)]
StepRef = Annotated[str, StringConstraints(pattern=STEP_REF, max_length=160)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
SourceKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=6000)]

Kind = Literal["step", "milestone", "decision", "access"]
Route = Literal["reimbursed", "early_access", "off_label", "trial", "private"]
#: `private`: the patient pays for a marketed medicine outside public funding (legal, costly, for few).
ROUTES: tuple[Route, ...] = ("reimbursed", "early_access", "off_label", "trial", "private")
#: Step ids the library must define so that scenarios, the back-test and other fragments can refer to
#: them; each country adds `<cc>.reimbursed_access`.
CANONICAL_STEPS: tuple[str, ...] = (
    "clinical.pivotal_readout",
    "eu.submission",
    "eu.chmp_opinion",
    "eu.ec_decision",
    "us.submission",
    "us.fda_approval",
)
Unit = Literal["days", "weeks", "months", "years"]
DAYS_PER_UNIT: dict[str, float] = {"days": 1.0, "weeks": 7.0, "months": 30.4375, "years": 365.25}

#: Longest duration of one step, in days (100 years), checked after the unit is converted.
MAX_DURATION_DAYS = 36_500
#: Dates a scenario, a rule or a source may carry. Answers add simulated years to `as_of` and show
#: months to patients; nothing in medicine regulation predates 1900, and past 2100 no figure holds.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def _plausible_date(value: dt.date) -> dt.date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise PydanticCustomError(
            "date_out_of_range",
            _("{value} is outside the dates Pathways answers for ({earliest} to {latest})"),
            {"value": value.isoformat(), "earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
    return value


def _no_repeats(values: list[Any]) -> list[Any]:
    """Refuse a list that names one thing twice: a repeat changes nothing but can cost a lot of time."""
    first: dict[Any, int] = {}
    for index, value in enumerate(values):
        if value in first:
            raise PydanticCustomError(
                "repeated_entry",
                _("{value} appears twice in this list (positions {first_pos} and {pos})"),
                {"value": value, "index": index, "first_pos": first[value] + 1, "pos": index + 1},
            )
        first[value] = index
    return values


def _plain_file_name(value: str) -> str:
    """A file named by a scenario is read from the scenario's own folder: no folders, no way out of it."""
    if (
        not value
        or len(value) > 200
        or value.startswith(".")
        or any(c in value for c in "/\\:\0")
        or not all(c.isprintable() for c in value)
    ):
        raise PydanticCustomError("not_a_file_name", _("{value} is not a plain file name"), {"value": value[:80]})
    return value


Date = Annotated[dt.date, AfterValidator(_plausible_date)]
FileName = Annotated[str, AfterValidator(_plain_file_name)]
#: Country lists: each country once (a repeat would only repeat the same answer).
Countries = Annotated[list[CountryCode], AfterValidator(_no_repeats)]

_URL = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#][^\s<>\"]*)?$")


class Strict(BaseModel):
    """Base: unknown keys are errors (a typo must not silently drop a figure)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, populate_by_name=True)


class _Bokmal(Strict):
    """Norwegian Bokmål beside the English: shown when the app or `answer --lang nb` speaks Norwegian.

    Each text is optional; one left out is shown in English. Use the terms the Norwegian institutions
    use (Nye metoder, Beslutningsforum, regionale helseforetak, blå resept, off-label-bruk).
    """


class OutcomeNb(_Bokmal):
    """Norwegian text of an outcome."""

    label: ShortText | None = Field(None, description=N_("The outcome's label in Norwegian Bokmål."))


class ParameterNb(_Bokmal):
    """Norwegian text of a parameter."""

    label: ShortText | None = Field(None, description=N_("The control's label in Norwegian Bokmål."))
    explain: LongText | None = Field(None, description=N_("The explanation in Norwegian Bokmål."))
    assumption: LongText | None = Field(None, description=N_("The reason for an assumed value, in Norwegian Bokmål."))


class PlaceNb(_Bokmal):
    """Norwegian text of a place."""

    explain: LongText | None = Field(None, description=N_("What the chance is made of, in Norwegian Bokmål."))


class StepNb(_Bokmal):
    """Norwegian text of a step."""

    label: ShortText | None = Field(None, description=N_("The step's label in Norwegian Bokmål."))
    who: ShortText | None = Field(None, description=N_("Who must act, in Norwegian Bokmål (the institution's own name)."))
    explain: LongText | None = Field(None, description=N_("The explanation in Norwegian Bokmål."))
    for_whom: LongText | None = Field(None, description=N_("Access nodes: for whom, in Norwegian Bokmål."))
    who_pays: LongText | None = Field(None, description=N_("Access nodes: who pays, in Norwegian Bokmål."))


class AccessNb(_Bokmal):
    """Norwegian text of a scenario's access details."""

    for_whom: LongText | None = Field(None, description=N_("For whom, in Norwegian Bokmål."))
    who_pays: LongText | None = Field(None, description=N_("Who pays, in Norwegian Bokmål."))


class QuestionNb(_Bokmal):
    """Norwegian text of a question."""

    ask: LongText | None = Field(None, description=N_("The question in Norwegian Bokmål, as Norwegian patients ask it."))


class FragmentNb(_Bokmal):
    """Norwegian text of a fragment."""

    title: ShortText | None = Field(None, description=N_("What the fragment covers, in Norwegian Bokmål."))
    jurisdiction: ShortText | None = Field(
        None, description=N_("Who is in charge, in Norwegian Bokmål (the diagram's box heading).")
    )


class DurationNb(_Bokmal):
    """Norwegian text of a duration."""

    assumption: LongText | None = Field(None, description=N_("Why the figure is a judgement, in Norwegian Bokmål."))


class RuleNb(_Bokmal):
    """Norwegian text of a dated rule."""

    why: LongText | None = Field(None, description=N_("What changes on that date, in Norwegian Bokmål."))


class SourceNb(_Bokmal):
    """Norwegian text of a source (its title stays as published)."""

    supports: LongText | None = Field(None, description=N_("What the source supports, in Norwegian Bokmål."))


class NoteNb(_Bokmal):
    """Norwegian text of a scenario's note."""

    text: LongText | None = Field(None, description=N_("The note in Norwegian Bokmål."))


class ScenarioNb(_Bokmal):
    """Norwegian text of a scenario."""

    title: ShortText | None = Field(None, description=N_("The title in Norwegian Bokmål."))
    summary: LongText | None = Field(None, description=N_("The summary in Norwegian Bokmål."))


class Source(Strict):
    """One public document a figure or a statement rests on."""

    title: ShortText = Field(description=N_("Title of the page or document, as published."))
    url: str = Field(description=N_("Public address, starting with https:// (or http://)."))
    supports: LongText = Field(
        description=N_(
            "What exactly this source supports, e.g. 'median 295 days (IQR 245-348) "
            "from Type II submission to EC decision, oncology 2018-22'."
        )
    )
    read: Date = Field(description=N_("The date the source was read, YYYY-MM-DD."))
    kind: Literal["primary", "secondary"] = Field(
        "primary",
        description=N_(
            "primary: the law, the agency's own page or dataset. secondary: a paper, trade press, a law firm, a forum."
        ),
    )
    nb: SourceNb | None = Field(None, description=N_("What it supports, in Norwegian Bokmål (keys: the SourceNb section)."))

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not _URL.match(value):
            raise ValueError(
                _("{value} is not a web address; write the full address, e.g. https://www.ema.europa.eu/...").format(
                    value=repr(value)
                )
            )
        return value


class Sourced(Strict):
    """Mixin for anything that carries a figure: it must cite sources or state an assumption."""

    sources: list[SourceKey] = Field(
        default_factory=list,
        description=N_("Keys of the fragment's `sources` table that support this figure."),
    )
    assumption: LongText | None = Field(
        None,
        description=N_("If no source supports the figure: say plainly that it is an assumption and why this value was chosen."),
    )


class Duration(Sourced):
    """How long a step takes, in calendar days unless `unit` says otherwise.

    Write one of:

    * ``fixed: 30`` — always exactly this long (statutory deadlines that are met in practice);
    * ``min / typical / max`` — a PERT distribution (a beta distribution with mode `typical`,
      bounded by `min` and `max`); add ``shape: triangular`` for a triangle instead;
    * ``min / max`` with ``shape: uniform`` — every value in between equally likely;
    * ``median / p90`` — a log-normal distribution for long-tailed observed delays
      (optionally capped by ``max``).
    """

    fixed: float | None = Field(None, ge=0, le=36500, description=N_("A duration without uncertainty."))
    min: float | None = Field(None, ge=0, le=36500, description=N_("Shortest plausible duration."))
    typical: float | None = Field(
        None, ge=0, le=36500, description=N_("Most likely duration (the mode); often a published median.")
    )
    max: float | None = Field(None, ge=0, le=36500, description=N_("Longest plausible duration."))
    median: float | None = Field(None, gt=0, le=36500, description=N_("Median of a log-normal duration (with `p90`)."))
    p90: float | None = Field(None, gt=0, le=36500, description=N_("90th percentile of a log-normal duration (with `median`)."))
    shape: Literal["pert", "triangular", "uniform", "lognormal"] | None = Field(
        None,
        description=N_("Distribution family. Default: `pert` for min/typical/max, `lognormal` for median/p90."),
    )
    unit: Unit = Field("days", description=N_("Unit of all the numbers above."))
    nb: DurationNb | None = Field(None, description=N_("The assumption in Norwegian Bokmål (keys: the DurationNb section)."))

    @model_validator(mode="after")
    def _one_form(self) -> Duration:
        forms = {
            "fixed": self.fixed is not None,
            "range": any(v is not None for v in (self.min, self.typical)) or (self.max is not None and self.median is None),
            "lognormal": self.median is not None or self.p90 is not None,
        }
        used = [k for k, v in forms.items() if v]
        if len(used) != 1:
            raise ValueError(
                _(
                    "write exactly one of: `fixed: N`; `min`, `typical`, `max`; `min`, `max` with "
                    "`shape: uniform`; or `median` and `p90`"
                )
            )
        form = used[0]
        if form == "fixed" and self.shape is not None:
            raise ValueError(_("a fixed duration has no shape; remove `shape`"))
        if form == "range":
            shape = self.shape or "pert"
            if shape == "lognormal":
                raise ValueError(_("shape lognormal needs `median` and `p90`, not min/typical/max"))
            if self.min is None or self.max is None:
                raise ValueError(_("a range needs both `min` and `max`"))
            if shape == "uniform":
                if self.typical is not None:
                    raise ValueError(_("a uniform range has no `typical`; remove it or drop `shape: uniform`"))
            elif self.typical is None:
                raise ValueError(_("add `typical` (the most likely value), or write `shape: uniform`"))
            low, high = self.min, self.max
            if low > high:
                raise ValueError(
                    _("`min` ({low}) is larger than `max` ({high}); swap them").format(low=f"{low:g}", high=f"{high:g}")
                )
            if self.typical is not None and not low <= self.typical <= high:
                raise ValueError(
                    _("`typical` ({typical}) must lie between `min` ({low}) and `max` ({high})").format(
                        typical=f"{self.typical:g}", low=f"{low:g}", high=f"{high:g}"
                    )
                )
        if form == "lognormal":
            if self.shape not in (None, "lognormal"):
                raise ValueError(_("`median`/`p90` describe a log-normal; remove `shape` or set it to lognormal"))
            if self.median is None or self.p90 is None:
                raise ValueError(_("a log-normal duration needs both `median` and `p90`"))
            if self.p90 <= self.median:
                raise ValueError(
                    _("`p90` ({p90}) must be larger than `median` ({median})").format(
                        p90=f"{self.p90:g}", median=f"{self.median:g}"
                    )
                )
            if self.max is not None and self.max <= self.median:
                raise ValueError(
                    _("the cap `max` ({max}) must be larger than `median` ({median})").format(
                        max=f"{self.max:g}", median=f"{self.median:g}"
                    )
                )
        longest = max(v for v in (self.fixed, self.min, self.typical, self.max, self.median, self.p90) if v is not None)
        days = longest * DAYS_PER_UNIT[self.unit]
        if days > MAX_DURATION_DAYS:
            raise PydanticCustomError(
                "duration_too_long",
                _("{value} {unit} is {days} days; one step can last at most {limit} days (100 years)"),
                {"value": f"{longest:g}", "unit": self.unit, "days": f"{days:,.0f}", "limit": f"{MAX_DURATION_DAYS:,}"},
            )
        return self

    @property
    def family(self) -> str:
        if self.fixed is not None:
            return "fixed"
        if self.median is not None:
            return "lognormal"
        return self.shape or "pert"

    def in_days(self, value: float | None) -> float | None:
        return None if value is None else value * DAYS_PER_UNIT[self.unit]

    def summary(self) -> str:
        """Plain-language range in the reader's language, e.g. '245-348 days, typically 295'."""
        if self.fixed is not None:
            return _unit_text(self.unit, self.fixed).format(n=f"{self.fixed:g}")
        if self.median is not None:
            return _("median {median}, 9 in 10 within {p90}").format(
                median=_unit_text(self.unit, self.median).format(n=f"{self.median:g}"), p90=f"{self.p90:g}"
            )
        span = _unit_text(self.unit, 2).format(n=f"{self.min:g}-{self.max:g}")
        if self.typical is None:
            return _("{span}, any value equally likely").format(span=span)
        return _("{span}, typically {typical}").format(span=span, typical=f"{self.typical:g}")


def _unit_text(unit: str, n: float) -> str:
    """'{n} days' in the reader's language, singular for exactly one."""
    count = 1 if n == 1 else 2
    forms = {
        "days": ngettext("{n} day", "{n} days", count),
        "weeks": ngettext("{n} week", "{n} weeks", count),
        "months": ngettext("{n} month", "{n} months", count),
        "years": ngettext("{n} year", "{n} years", count),
    }
    return forms[unit]


class DurationRule(Strict):
    """A rule that changes on a known date: from `from` on, steps that *start* then use `duration`."""

    from_: Date = Field(alias="from", description=N_("The date the rule applies from, YYYY-MM-DD."))
    duration: Duration = Field(description=N_("The duration in force from that date."))
    why: LongText = Field(description=N_("What changes on that date, e.g. 'EU pharma reform: 180-day CHMP clock'."))
    nb: RuleNb | None = Field(None, description=N_("Why, in Norwegian Bokmål (keys: the RuleNb section)."))


class ParamRef(Strict):
    """A probability that is a scenario parameter: the scenario (or the app's controls) may change it."""

    param: LocalId = Field(description=N_("Name of a parameter declared in some fragment's `parameters`."))


class Outcome(Sourced):
    """One possible result of a decision step."""

    id: LocalId = Field(description=N_("Short id used in `after` entries, e.g. `positive`."))
    label: ShortText = Field(description=N_("Plain-language name, e.g. 'Trial positive'."))
    nb: OutcomeNb | None = Field(None, description=N_("Norwegian Bokmål texts beside the English (keys: the OutcomeNb section)."))
    probability: float | ParamRef | Literal["rest"] = Field(
        description=N_(
            "A number between 0 and 1; `{param: name}` to use a scenario parameter; or `rest` "
            "for whatever the other outcomes leave (at most one per decision)."
        )
    )

    @field_validator("probability")
    @classmethod
    def _prob(cls, value: float | ParamRef | str) -> float | ParamRef | str:
        if isinstance(value, float) and not 0.0 <= value <= 1.0:
            raise ValueError(_("a probability must be between 0 and 1, got {value}").format(value=f"{value:g}"))
        return value


class Condition(Strict):
    """When a fragment or step applies. Every key given must hold (all-of)."""

    authorised_in: list[str] | None = Field(
        None,
        description=N_(
            "The product is already authorised for another indication in all of these, e.g. [EU]. An "
            "authorisation that covers the scenario's own indication (`same_indication: true`) does not count: there the "
            "first-authorisation route applies, already done at its `authorisation` step."
        ),
    )
    not_authorised_in: list[str] | None = Field(
        None,
        description=N_(
            "The product is not authorised for another indication in any of these (not at all, or only for "
            "the scenario's own indication, whose route is then done up to the fragment's `authorisation` step)."
        ),
    )
    orphan: bool | None = Field(None, description=N_("The indication has (true) or lacks (false) orphan designation."))
    flags: list[LocalId] | None = Field(None, description=N_("All of these scenario flags are set, e.g. [academic_sponsor]."))
    not_flags: list[LocalId] | None = Field(None, description=N_("None of these scenario flags is set."))


class AuthorisationStep(Strict):
    """Where a fragment's route authorises the medicine, so that an approval a scenario already holds for its own
    indication can be placed on it."""

    region: Annotated[str, StringConstraints(pattern=r"^(EU|[A-Z]{2})$")] = Field(
        description=N_("The region whose authorisation this is, as in a scenario's `authorised` (EU, US, GB, ...).")
    )
    step: LocalId = Field(description=N_("The step (in this fragment) after which the medicine is authorised."))
    outcome: LocalId | None = Field(None, description=N_("For a decision step: its outcome that authorises (e.g. approved)."))


class Parameter(Sourced):
    """A number the scenario (and the app's controls) may change, with its default and its basis."""

    label: ShortText = Field(description=N_("What a patient sees next to the control."))
    explain: LongText = Field(description=N_("Why it matters and what the default rests on, in plain language."))
    nb: ParameterNb | None = Field(
        None, description=N_("Norwegian Bokmål texts beside the English (keys: the ParameterNb section).")
    )
    default: float = Field(description=N_("Value used when the scenario does not set it."))
    min: float = Field(0.0, description=N_("Lowest value the app's control allows."))
    max: float = Field(1.0, description=N_("Highest value the app's control allows."))

    @model_validator(mode="after")
    def _bounds(self) -> Parameter:
        if not self.min <= self.default <= self.max:
            raise ValueError(
                _("`default` ({default}) must lie between `min` ({low}) and `max` ({high})").format(
                    default=f"{self.default:g}", low=f"{self.min:g}", high=f"{self.max:g}"
                )
            )
        return self


class Window(Sourced):
    """How long a route to patients stays open once it has opened, e.g. a trial's recruitment period.

    A route that closes is not "open now" for ever: a future in which it would open only after
    `closes` never reaches it, and the answer reports when it closes. Give `closes` (a fixed date,
    such as a published recruitment deadline), `open_for` (a period after opening, such as a typical
    recruitment period), or both (the earlier end counts).
    """

    closes: Date | None = Field(None, description=N_("The route closes on this date, YYYY-MM-DD (e.g. a recruitment deadline)."))
    open_for: Duration | None = Field(
        None,
        description=N_("The route stays open this long after it opens (e.g. a recruitment period); it carries its own sources."),
    )

    @model_validator(mode="after")
    def _some_end(self) -> Window:
        if self.closes is None and self.open_for is None:
            raise ValueError("a window needs `closes: YYYY-MM-DD`, `open_for: {min, typical, max}`, or both")
        return self


class Place(Sourced):
    """The chance that a patient who seeks this route, once it is open, actually gets the medicine by it.

    For a trial: the chance of getting one of the few places times the share of participants who get
    the medicine rather than placebo. It turns "the route exists" into what a patient means by "my
    chance": the route's chance in the answer includes it.
    """

    probability: float | ParamRef = Field(
        description=N_("A number between 0 and 1, or `{param: name}` for a parameter a scenario or the app may change.")
    )
    explain: LongText = Field(description=N_("What the chance is made of, in plain language (places, placebo share, criteria)."))
    nb: PlaceNb | None = Field(None, description=N_("Norwegian Bokmål texts beside the English (keys: the PlaceNb section)."))

    @field_validator("probability")
    @classmethod
    def _prob(cls, value: float | ParamRef) -> float | ParamRef:
        if isinstance(value, float) and not 0.0 <= value <= 1.0:
            raise ValueError(_("a probability must be between 0 and 1, got {value}").format(value=f"{value:g}"))
        return value


AfterEntry = StepRef | dict[StepRef, LocalId]


class Step(Strict):
    """One node of the pathway: something that takes time, an instant, a decision or a route to patients."""

    id: LocalId = Field(description=N_("Unique inside the fragment; others refer to it as `namespace.id`."))
    label: ShortText = Field(description=N_("Short plain-language name shown in diagrams and timelines."))
    kind: Kind = Field(
        "step",
        description=N_(
            "step: takes time. milestone: an instant. decision: has `outcomes`. access: patients "
            "get the medicine (needs `country` and `route`)."
        ),
    )
    after: list[AfterEntry] = Field(
        default_factory=list,
        description=N_(
            "Wait for ALL of these. Write a step id (`eu.ec_decision`), or `step: outcome` to wait "
            "for one outcome of a decision (`clinical.pivotal_readout: positive`)."
        ),
    )
    first_of: list[AfterEntry] = Field(
        default_factory=list,
        description=N_(
            "Start when the FIRST of these finishes (alternative routes). Combined with `after`, "
            "the step waits for all of `after` and the first of `first_of`."
        ),
    )
    duration: Duration | None = Field(
        None, description=N_("How long the step takes. Milestones and access nodes usually have none.")
    )
    rules: list[DurationRule] = Field(
        default_factory=list,
        description=N_("Dated changes: the duration in force on the date the step starts is used."),
    )
    outcomes: list[Outcome] = Field(
        default_factory=list, description=N_("Decisions only: the possible results; probabilities sum to 1.")
    )
    who: ShortText | None = Field(None, description=N_("Who must act, e.g. 'Marketing authorisation holder'."))
    explain: LongText = Field(description=N_("What happens here and why it matters, for a patient."))
    nb: StepNb | None = Field(None, description=N_("Norwegian Bokmål texts beside the English (keys: the StepNb section)."))
    sources: list[SourceKey] = Field(
        default_factory=list, description=N_("Keys of the `sources` table supporting the explanation.")
    )
    applies_when: Condition | None = Field(None, description=N_("Include this step only when the condition holds."))
    country: CountryCode | None = Field(None, description=N_("Access nodes: ISO 3166-1 alpha-2 code, e.g. NO."))
    route: Route | None = Field(
        None, description=N_("Access nodes: reimbursed, early_access, off_label, trial or private (paid by the patient).")
    )
    for_whom: LongText | None = Field(None, description=N_("Access nodes: which patients this route serves."))
    who_pays: LongText | None = Field(None, description=N_("Access nodes: who pays for the medicine on this route."))
    serves: Literal["group", "individual"] = Field(
        "group",
        description=N_(
            "Access nodes: `individual` when the route opens for one patient at a time on application (an "
            "individual off-label application, an exemption); the headline then reports it beside the answer for the patient group."
        ),
    )
    window: Window | None = Field(
        None, description=N_("Access nodes: how long the route stays open once open (e.g. a recruitment period).")
    )
    place: Place | None = Field(
        None,
        description=N_(
            "Access nodes: the chance that a patient who seeks the open route gets the medicine by it (places, placebo)."
        ),
    )

    @model_validator(mode="after")
    def _kind_rules(self) -> Step:
        if self.kind == "decision" and not self.outcomes:
            raise ValueError(_("a decision needs `outcomes` (each with id, label and probability)"))
        if self.kind != "decision" and self.outcomes:
            raise ValueError(_("only a step of `kind: decision` has `outcomes`"))
        if self.kind == "access":
            missing = [k for k in ("country", "route") if getattr(self, k) is None]
            if missing:
                raise ValueError(
                    _("an access step needs {keys}, e.g. country: NO, route: reimbursed").format(
                        keys=(" " + _("and") + " ").join(missing)
                    )
                )
        elif self.country is not None or self.route is not None:
            raise ValueError(_("`country` and `route` belong on access steps only (kind: access)"))
        if self.kind != "access" and (self.window is not None or self.place is not None):
            raise ValueError(_("`window` and `place` belong on access steps only (kind: access)"))
        if self.kind == "milestone" and self.duration is not None and self.duration.family != "fixed":
            raise ValueError(_("a milestone is an instant; give it no duration, or make it a `step`"))
        if self.rules and self.duration is None:
            raise ValueError(_("dated `rules` change a duration; give the step a `duration` first"))
        ids = [o.id for o in self.outcomes]
        if len(ids) != len(set(ids)):
            raise ValueError(_("outcome ids must be unique"))
        return self

    def refs(self) -> list[tuple[str, str | None, str]]:
        """(step ref, required outcome or None, 'after'|'first_of') for every predecessor."""
        out: list[tuple[str, str | None, str]] = []
        for field in ("after", "first_of"):
            for entry in getattr(self, field):
                if isinstance(entry, dict):
                    for ref, outcome in entry.items():
                        out.append((ref, outcome, field))
                else:
                    out.append((entry, None, field))
        return out


class Fragment(Strict):
    """One YAML file of the library: a jurisdiction's or a phase family's steps, with their sources."""

    namespace: LocalId = Field(
        description=N_(
            "Prefix of this fragment's step ids (`eu`, `no`, `clinical`). Several fragments may "
            "share one when their `applies_when` conditions exclude each other."
        )
    )
    title: ShortText = Field(description=N_("What the fragment covers."))
    nb: FragmentNb | None = Field(None, description=N_("The title and jurisdiction in Norwegian Bokmål."))
    jurisdiction: ShortText = Field(description=N_("Who is in charge, e.g. 'European Union (EMA, European Commission)'."))
    countries: Countries = Field(
        default_factory=list, description=N_("Countries whose patients these steps concern (EU fragment: all EEA), each once.")
    )
    reviewed: Date = Field(description=N_("When an editor last checked this fragment against its sources."))
    applies_when: Condition | None = Field(None, description=N_("Use this fragment only when the condition holds."))
    summary: LongText | None = Field(None, description=N_("A paragraph for the Sources page."))
    sources: dict[SourceKey, Source] = Field(default_factory=dict, description=N_("The fragment's sources, by key."))
    parameters: dict[LocalId, Parameter] = Field(default_factory=dict, description=N_("Parameters this fragment declares."))
    authorisation: AuthorisationStep | None = Field(
        None,
        description=N_(
            "The step at which this fragment's route authorises the medicine in a region. A scenario whose "
            "product is already authorised there for the same indication has this step done at the authorisation's date."
        ),
    )
    steps: list[Step] = Field(description=N_("The steps, in any order (at most 2,000)."), max_length=2000)


class Authorisation(Strict):
    """An authorisation the product already holds: for another indication (the usual case, e.g. a medicine
    repurposed for a new disease), or for the scenario's own one (`same_indication: true`)."""

    region: Annotated[str, StringConstraints(pattern=r"^(EU|[A-Z]{2})$")] = Field(
        description=N_("EU for a centralised EU authorisation, else a country code (US, GB, CH, ...).")
    )
    for_: ShortText = Field(alias="for", description=N_("The indication it is authorised for."))
    since: Date | None = Field(None, description=N_("Date of the authorisation (needed with `same_indication: true`)."))
    same_indication: bool = Field(
        False,
        description=N_(
            "true: this authorisation covers the scenario's own indication, so in this region the approval "
            "is already done at `since` (no new-indication filing, no second approval; launch and reimbursement remain). "
            "false (default): it is for another use, and the region's new-indication route is modelled."
        ),
    )

    @model_validator(mode="after")
    def _dated(self) -> Authorisation:
        if self.same_indication and self.since is None:
            raise ValueError("`same_indication: true` needs `since:`, the date of that approval (e.g. since: 2025-12-12)")
        return self


class Product(Strict):
    """The medicine the scenario is about."""

    name: ShortText = Field(description=N_("Name patients know (brand or code)."))
    substance: ShortText = Field(description=N_("Active substance."))
    holder: ShortText | None = Field(None, description=N_("Marketing authorisation holder, if any."))
    authorised: list[Authorisation] = Field(default_factory=list, description=N_("Where and for what it is already authorised."))
    orphan: bool = Field(False, description=N_("Orphan designation for the indication in question."))


class Position(Strict):
    """Where the product stands today."""

    step: StepRef = Field(description=N_("The step it is in now, e.g. `clinical.phase2_trial`."))
    since: Date = Field(description=N_("When that step started."))


class Question(Strict):
    """A question people asked, answered from the model (never typed in)."""

    ask: LongText = Field(description=N_("The question as people ask it."))
    nb: QuestionNb | None = Field(
        None, description=N_("Norwegian Bokmål texts beside the English (keys: the QuestionNb section).")
    )
    compute: Literal["if_outcome", "wait_for_step", "access_while_running", "shared_steps", "who_must_act"] = Field(
        description=N_(
            "if_outcome: chance and dates of each route in the futures where decision `step` has "
            "`outcome`. wait_for_step: how often access comes only after `step`. access_while_running: how "
            "often `route` access starts before `step` ends. shared_steps: which steps on the way are shared "
            "across countries. who_must_act: who acts on the most frequent path."
        )
    )
    step: StepRef | None = Field(None, description=N_("The step the question is about, when it needs one."))
    also: list[StepRef] = Field(
        default_factory=list,
        description=N_(
            "For wait_for_step and access_while_running: other steps that count as the same thing, e.g. an "
            "academic confirmatory trial beside the company's phase 3 (the earliest to finish, or any still running)."
        ),
    )
    route: Route | None = Field(None, description=N_("The route the question is about (default: reimbursed)."))
    outcome: LocalId | None = Field(None, description=N_("For if_outcome: the outcome of `step` assumed."))

    @model_validator(mode="after")
    def _needs(self) -> Question:
        if self.compute in ("if_outcome", "wait_for_step", "access_while_running") and self.step is None:
            raise ValueError(_("`compute: {compute}` needs `step:`").format(compute=self.compute))
        if self.compute == "if_outcome" and self.outcome is None:
            raise ValueError(_("`compute: if_outcome` needs `outcome:` (e.g. positive)"))
        return self


class AccessDetails(Strict):
    """What a scenario knows about one route to patients that the library cannot: this trial's deadline,
    places and entry criteria. Replaces the library's values for that access step."""

    window: Window | None = Field(None, description=N_("When the route closes (e.g. the trial's recruitment deadline)."))
    place: Place | None = Field(
        None, description=N_("The chance that a patient who seeks the open route gets the medicine by it.")
    )
    for_whom: LongText | None = Field(None, description=N_("Who this route serves here, e.g. the trial's entry criteria."))
    who_pays: LongText | None = Field(None, description=N_("Who pays on this route here."))
    nb: AccessNb | None = Field(None, description=N_("Norwegian Bokmål texts beside the English (keys: the AccessNb section)."))


class Note(Strict):
    """A free-text fact about the scenario, with its sources."""

    text: LongText
    nb: NoteNb | None = Field(None, description=N_("The note in Norwegian Bokmål (keys: the NoteNb section)."))
    sources: list[SourceKey] = Field(default_factory=list)
    certainty: Literal["sourced", "uncertain", "inference"] = Field(
        "sourced", description=N_("uncertain: sources disagree or are weak; inference: our own reasoning.")
    )


class Scenario(Strict):
    """A real product at a real moment: the question the app answers."""

    title: ShortText
    summary: LongText | None = Field(None, description=N_("Two or three sentences for the first screen."))
    nb: ScenarioNb | None = Field(
        None, description=N_("Norwegian Bokmål texts beside the English (keys: the ScenarioNb section).")
    )
    as_of: Date = Field(description=N_("The date the scenario describes; 'today' in timelines."))
    product: Product
    indication: ShortText = Field(description=N_("The disease the product is being developed for."))
    position: list[Position] = Field(
        description=N_("Where the product stands: the step(s) it is in now and since when."), min_length=1
    )
    completed: dict[StepRef, Date] = Field(
        default_factory=dict, description=N_("Steps already finished, with their date (e.g. an earlier approval).")
    )
    outcomes: dict[StepRef, LocalId] = Field(default_factory=dict, description=N_("Decisions whose outcome is already known."))
    parameters: dict[LocalId, float] = Field(default_factory=dict, description=N_("Overrides of parameter defaults."))
    durations: dict[StepRef, Duration] = Field(
        default_factory=dict,
        description=N_(
            "Durations specific to this product (e.g. the running trial's planned length), replacing "
            "the library's; each cites the scenario's `sources` or states an assumption."
        ),
    )
    access: dict[StepRef, AccessDetails] = Field(
        default_factory=dict,
        description=N_(
            "Details of routes to patients specific to this product, by access step (e.g. the running trial's "
            "recruitment deadline, places and entry criteria); figures cite the scenario's `sources` or state an assumption."
        ),
    )
    flags: Annotated[list[LocalId], AfterValidator(_no_repeats)] = Field(
        default_factory=list, description=N_("Facts that switch steps on or off, each once.")
    )
    countries: Countries = Field(min_length=1, description=N_("Countries to answer for, each once; the first is the default."))
    questions: list[Question] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    sources: dict[SourceKey, Source] = Field(default_factory=dict)
    discussion: FileName | None = Field(
        None,
        description=N_(
            "File name of the discussion that motivated the scenario, in the scenario's own folder "
            "(a plain name such as resetme-discussion.txt: no folders)."
        ),
    )

    @field_validator("position", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value

    def authorised_regions(self) -> set[str]:
        """Regions where the product is authorised for another use: what the library's conditions ask about."""
        return {a.region for a in self.product.authorised if not a.same_indication}

    def authorised_here(self) -> dict[str, Authorisation]:
        """Regions whose authorisation already covers the scenario's indication, with that authorisation."""
        return {a.region: a for a in self.product.authorised if a.same_indication}
