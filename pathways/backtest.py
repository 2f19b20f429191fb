"""Back-test: predict real medicines' milestones from what was known at the time, and score them.

For each case in ``validation/cases.yaml`` (see ``docs/backtest.md``) a `Scenario` is built *as it
stood at a cut-off*: the EU track starts at the verified ``eu.submission`` (or, without one, the
verified ``clinical.pivotal_readout``); the US track starts at the verified ``us.submission`` and is
skipped without one. Only facts known at the cut-off enter the scenario: the product's earlier
authorisations, orphan status, the route flags, an accelerated assessment granted at submission, an
FDA Breakthrough designation granted before the US submission, a priority review voucher redeemed with
it, and verified events dated on or before the cut-off. Everything later — the CHMP outcome, the dates that
are scored — is used only to score the prediction, never to make it.

The library's parameters are not fitted to these cases (they come from published sources and stated
judgements), so no leave-one-out is needed: every case is out-of-sample.

Scores, per milestone and overall: share of actual dates inside P10-P90 and inside P25-P75, median
absolute error of P50 in days, bias (median of actual - P50; positive = the model is too early) and,
where the case records an outcome, the Brier score of the predicted chance.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field, StringConstraints

from .answer import estimate_rows
from .countries import country_label
from .graph import Library, compose
from .load import Loaded, Parsed, _read, parse_yaml, validate
from .model import CANONICAL_STEPS, Authorisation, LocalId, Position, Product, Scenario, Strict
from .problems import PathwayError, Problem
from .simulate import DEFAULT_SEED, build_plan, simulate, start_times

DEFAULT_SAMPLES = 4000
#: Countries whose reimbursed access is scored when the library has them.
NATIONAL = ("NO", "DE", "GB")
#: Events that only position the scenario (never scored).
CUTOFF_EVENTS = ("eu.submission", "clinical.pivotal_readout", "us.submission")
#: Milestones that are predicted and scored.
EU_MILESTONES = ("eu.chmp_opinion", "eu.ec_decision")
US_MILESTONES = ("us.fda_approval",)
_MILESTONE_LABELS = {
    "eu.chmp_opinion": "EU: committee opinion (CHMP)",
    "eu.ec_decision": "EU: Commission decision",
    "us.fda_approval": "US: FDA approval",
    "no.reimbursed_access": "Norway: Beslutningsforum yes",
    "gb.reimbursed_access": "England: NICE recommendation",
    "de.reimbursed_access": "Germany: launch (AMNOG)",
}


def milestone_label(key: str) -> str:
    """Plain name of a scored milestone.

    >>> milestone_label("eu.ec_decision"), milestone_label("se.reimbursed_access")
    ('EU: Commission decision', 'Sweden: public funding decision')
    """
    if key in _MILESTONE_LABELS:
        return _MILESTONE_LABELS[key]
    if key.endswith(".reimbursed_access"):
        return f"{country_label(key.split('.')[0].upper())}: public funding decision"
    return key


_EVENT_KEY = re.compile(
    r"^(clinical\.pivotal_readout|eu\.(submission|chmp_opinion|ec_decision)|us\.(submission|fda_approval)"
    r"|[a-z]{2}\.(reimbursed_access|available))$"
)
#: Event keys that may carry ``result`` and the results each allows.
_RESULTS = {
    "eu.chmp_opinion": ("positive", "negative", "withdrawn"),
    "eu.ec_decision": ("positive", "negative", "withdrawn"),
    "us.fda_approval": ("positive", "negative", "withdrawn"),
    "reimbursed_access": ("positive", "negative"),
}
_KNOWN_KEYS = [
    *CANONICAL_STEPS,
    *(f"{cc}.{step}" for cc in ("no", "de", "gb", "fr", "se", "dk", "it") for step in ("reimbursed_access", "available")),
]
HEADER = (
    "Back-test of the Pathways library against real medicines. Each milestone is predicted from a scenario "
    "built as it stood at the cut-off (verified EU submission, else verified pivotal readout; US: verified US "
    "submission), and compared with the verified actual date. The library's parameters are not fitted to these "
    "cases, so every case is out-of-sample and no leave-one-out is needed."
)


# --------------------------------------------------------------------------- the case file


class Event(Strict):
    """One dated event of a case."""

    date: dt.date = Field(description="When it happened, YYYY-MM-DD.")
    source: Annotated[str, StringConstraints(min_length=1, max_length=2000)] = Field(
        description="Address of the page the date was read from (or a stored copy of it)."
    )
    verified: bool = Field(description="true only if the exact day was confirmed in the source; false dates are never scored.")
    result: Literal["positive", "negative", "withdrawn"] | None = Field(
        None,
        description="Decisions only: positive, negative or withdrawn (EU and FDA decisions); positive or negative "
        "(a national `<cc>.reimbursed_access` decision; a restricted yes is positive).",
    )
    note: Annotated[str, StringConstraints(max_length=4000)] | None = Field(None, description="What the date is exactly.")


class Case(Strict):
    """One medicine and indication with its real regulatory and access dates."""

    id: LocalId = Field(description="Unique id, lower case with underscores, e.g. nusinersen_sma.")
    name: Annotated[str, StringConstraints(min_length=1, max_length=300)] = Field(description="Brand (substance).")
    substance: Annotated[str, StringConstraints(min_length=1, max_length=300)] = Field(description="Active substance.")
    indication: Annotated[str, StringConstraints(min_length=1, max_length=1000)] = Field(description="The indication.")
    kind: Literal["new_substance", "new_indication"] = Field(description="New medicine, or new use of an authorised one.")
    eu_route: Literal["standard", "accelerated", "conditional", "exceptional", "prime"] = Field(
        description="EU route: standard; accelerated (= accelerated assessment); conditional (conditional MA); "
        "exceptional (exceptional circumstances); prime (PRIME medicine)."
    )
    accelerated_assessment: bool = Field(
        False, description="EMA accelerated assessment granted at submission (false where not confirmed)."
    )
    us_priority: bool | Literal["unknown"] = Field(
        "unknown", description="FDA priority review (recorded only; it is granted after the submission cut-off)."
    )
    us_breakthrough: bool = Field(
        False,
        description="FDA Breakthrough Therapy designation for this indication, granted before the US submission "
        "(so known at the cut-off; sets the breakthrough_us flag). False where not confirmed.",
    )
    us_priority_voucher: bool = Field(
        False,
        description="A priority review voucher was redeemed with the US application, so priority review was "
        "certain at submission (sets p_priority_review_us to 1 in the US prediction).",
    )
    orphan: bool = Field(False, description="Orphan designation for this indication.")
    held_out: bool = Field(
        False,
        description="Added after the last change to the library's figures and never looked at when choosing "
        "one: scored separately as an out-of-time check. Set it to false if a later library change was "
        "made with this case in view.",
    )
    therapeutic_area: Annotated[str, StringConstraints(min_length=1, max_length=300)] = Field(
        description="Free text; 'oncology' sets the oncology flag, 'gene therapy'/'cell therapy' the atmp flag."
    )
    authorised_before: list[Annotated[str, StringConstraints(pattern=r"^(EU|[A-Z]{2})$")]] = Field(
        default_factory=list, description="Regions where the product was authorised (any indication) before this one."
    )
    flags: list[LocalId] = Field(
        default_factory=list, description="Extra scenario flags known at the cut-off (e.g. outpatient, breakthrough_us)."
    )
    note: Annotated[str, StringConstraints(max_length=4000)] | None = Field(None, description="Anything worth knowing.")
    events: dict[str, Event] = Field(description="Dated events by canonical step id (see docs/backtest.md).")


class CaseFile(Strict):
    """A back-test case file."""

    cases: list[Case] = Field(description="The cases.", min_length=1)


def _located(parsed: Parsed, file: str, loc: tuple[str | int, ...], key: str, message: str, fix: str) -> Problem:
    line, column = parsed.locate(loc)
    return Problem(file, line, column, key, message, fix)


def _event_problems(parsed: Parsed, file: str) -> list[Problem]:
    """Unknown event keys and misplaced results, read from the raw YAML so they are reported together with
    the schema's problems in one pass (a case with a typo elsewhere is still checked here)."""
    problems: list[Problem] = []
    cases = parsed.data.get("cases") if isinstance(parsed.data, dict) else None
    for i, raw in enumerate(cases if isinstance(cases, list) else []):
        events = raw.get("events") if isinstance(raw, dict) else None
        for key, value in (events if isinstance(events, dict) else {}).items():
            loc = ("cases", i, "events", key)
            if not _EVENT_KEY.match(str(key)):
                close = difflib.get_close_matches(str(key), _KNOWN_KEYS, n=1, cutoff=0.6)
                problems.append(
                    _located(
                        parsed,
                        file,
                        loc,
                        f"cases[{i}].events.{key}",
                        f"unknown event {key!r}",
                        f"did you mean `{close[0]}`?"
                        if close
                        else "use clinical.pivotal_readout, eu.submission, eu.chmp_opinion, eu.ec_decision, "
                        "us.submission, us.fda_approval, <cc>.reimbursed_access or <cc>.available (cc = lower-case "
                        "country code, e.g. no)",
                    )
                )
                continue
            result = value.get("result") if isinstance(value, dict) else None
            allowed = _RESULTS.get(key, _RESULTS.get(str(key).split(".")[1], ()))
            if result is not None and not allowed:
                problems.append(
                    _located(
                        parsed,
                        file,
                        (*loc, "result"),
                        f"cases[{i}].events.{key}.result",
                        f"{key} has no result",
                        "remove `result`; only decisions have one (eu.chmp_opinion, eu.ec_decision, us.fda_approval, "
                        "<cc>.reimbursed_access)",
                    )
                )
            elif result is not None and result not in allowed:
                problems.append(
                    _located(
                        parsed,
                        file,
                        (*loc, "result"),
                        f"cases[{i}].events.{key}.result",
                        f"{result!r} is not a result of {key}",
                        f"write one of {', '.join(allowed)}",
                    )
                )
    return problems


def _duplicate_ids(files: list[tuple[str, Parsed]]) -> list[Problem]:
    """Case ids are unique across every file of one back-test; the later use is the one reported."""
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    for file, parsed in files:
        cases = parsed.data.get("cases") if isinstance(parsed.data, dict) else None
        for i, raw in enumerate(cases if isinstance(cases, list) else []):
            cid = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(cid, str):
                continue
            if cid not in seen:
                seen[cid] = (file, i)
                continue
            first_file, first = seen[cid]
            problems.append(
                _located(
                    parsed,
                    file,
                    ("cases", i, "id"),
                    f"cases[{i}].id",
                    f"case id {cid!r} is used twice",
                    f"rename one of them (the first is cases[{first}]"
                    + ("" if first_file == file else f" of {first_file}")
                    + ")",
                )
            )
    return problems


def load_case_files(paths: str | Path | list[str | Path] | list[Path]) -> list[Loaded[CaseFile]]:
    """Parse and validate one or more case files; raise `PathwayError` with every problem of every file.

    Schema errors, unknown event keys and duplicate ids (also across files) come in one pass, each located
    in its own file, so a person fixes them all at once.
    """
    files = [paths] if isinstance(paths, (str, Path)) else list(paths)
    problems: list[Problem] = []
    parsed_files: list[tuple[str, Parsed]] = []
    loaded: list[Loaded[CaseFile]] = []
    for path in files:
        file = str(path)
        try:
            parsed = parse_yaml(_read(path), file)
        except PathwayError as err:
            problems += err.problems
            continue
        parsed_files.append((file, parsed))
        found = _event_problems(parsed, file)
        try:
            loaded.append(validate(CaseFile, parsed, file))
        except PathwayError as err:
            found += err.problems
        problems += sorted(found, key=lambda p: (p.line or 0, p.column or 0))
    problems += _duplicate_ids(parsed_files)
    if problems:
        raise PathwayError(problems)
    return loaded


def load_cases(path: str | Path) -> Loaded[CaseFile]:
    """One case file, validated (see `load_case_files`)."""
    return load_case_files([path])[0]


def default_case_files(folder: str | Path) -> list[Path]:
    """The shipped cases: ``cases.yaml`` and every ``national-*.yaml`` beside it, in name order."""
    folder = Path(folder)
    return [folder / "cases.yaml", *sorted(folder.glob("national-*.yaml"))]


# --------------------------------------------------------------------------- building scenarios


@dataclass
class Track:
    """One prediction of a case: a scenario at a cut-off and the milestones it predicts."""

    name: str  # "EU" or "US"
    cutoff_event: str
    cutoff: dt.date
    scenario: Scenario
    milestones: list[str]
    notes: list[str] = field(default_factory=list)


def case_flags(case: Case) -> list[str]:
    """Scenario flags implied by the case (all known at the cut-off)."""
    area = case.therapeutic_area.lower()
    flags = list(case.flags)
    extra = {
        "oncology": "oncology" in area,
        "atmp": "gene therapy" in area or "cell therapy" in area,
        "conditional_ma": case.eu_route == "conditional",
        "prime": case.eu_route == "prime",
        "exceptional_circumstances": case.eu_route == "exceptional",
        "breakthrough_us": case.us_breakthrough,
    }
    flags += [f for f, on in extra.items() if on and f not in flags]
    return flags


def _verified(case: Case, key: str) -> dt.date | None:
    event = case.events.get(key)
    return event.date if event is not None and event.verified else None


def build_scenario(case: Case, cutoff_event: str, cutoff: dt.date, countries: list[str]) -> Scenario:
    """The scenario as it stood on ``cutoff``: only facts known then.

    The cut-off event is the position (and completed on that day). Earlier events are not added: the
    engine starts nothing that is not recorded as done before ``as_of``, so they could not change the
    prediction, and later events (the CHMP outcome, the dates being scored) must not enter at all.
    """
    parameters: dict[str, float] = {}
    if cutoff_event == "eu.submission" and (case.accelerated_assessment or case.eu_route == "accelerated"):
        parameters["p_accelerated_assessment"] = 1.0  # granted before validation, so known at submission
    if cutoff_event == "us.submission" and case.us_priority_voucher:
        parameters["p_priority_review_us"] = 1.0  # the voucher is redeemed with the application
    product = Product(
        name=case.name,
        substance=case.substance,
        orphan=case.orphan,
        authorised=[Authorisation.model_validate({"region": r, "for": "an earlier indication"}) for r in case.authorised_before],
    )
    return Scenario(
        title=f"Back-test: {case.name} — {case.indication}"[:300],
        as_of=cutoff,
        product=product,
        indication=case.indication[:300],
        position=[Position(step=cutoff_event, since=cutoff)],
        completed={cutoff_event: cutoff},
        parameters=parameters,
        flags=case_flags(case),
        countries=countries,
    )


def _tracks(case: Case, library_countries: dict[str, set[str]]) -> tuple[list[Track], list[tuple[str, str]]]:
    """The EU and US predictions of a case, and (milestone, reason) for milestones left out."""
    tracks: list[Track] = []
    skipped: list[tuple[str, str]] = []
    national = [cc for cc in NATIONAL if "reimbursed" in library_countries.get(cc, set())]
    national_keys = [f"{cc.lower()}.reimbursed_access" for cc in national]
    eu_keys = [k for k in case.events if k in EU_MILESTONES or (k.endswith(".reimbursed_access") and not k.startswith("us."))]
    cut_event = (
        "eu.submission"
        if _verified(case, "eu.submission")
        else ("clinical.pivotal_readout" if _verified(case, "clinical.pivotal_readout") else None)
    )
    for key in eu_keys:
        if key.endswith(".reimbursed_access") and key not in national_keys:
            skipped.append(
                (key, f"the library has no reimbursed access for {key[:2].upper()} (scored: {', '.join(national) or 'none'})")
            )
    if cut_event is None:
        skipped += [
            (k, "no verified eu.submission or clinical.pivotal_readout to start from")
            for k in eu_keys
            if k in EU_MILESTONES or k in national_keys
        ]
    else:
        cutoff = _verified(case, cut_event)
        assert cutoff is not None
        countries = national or [next(iter(sorted(library_countries)))]
        scenario = build_scenario(case, cut_event, cutoff, countries)
        tracks.append(Track("EU", cut_event, cutoff, scenario, [*EU_MILESTONES, *national_keys]))
    us_keys = [k for k in case.events if k in US_MILESTONES]
    us_cut = _verified(case, "us.submission")
    if us_keys:
        if us_cut is None:
            skipped += [(k, "no verified us.submission to start from (US is skipped)") for k in us_keys]
        elif "US" not in library_countries:
            skipped += [(k, "the library has no United States fragment") for k in us_keys]
        else:
            tracks.append(
                Track("US", "us.submission", us_cut, build_scenario(case, "us.submission", us_cut, ["US"]), list(US_MILESTONES))
            )
    return tracks, skipped


# --------------------------------------------------------------------------- predicting


@dataclass
class Prediction:
    p_reached: float  # chance the milestone is reached (for a CHMP opinion: that it is positive)
    quantiles: dict[str, dt.date | None]
    cdf: Any  # sorted finite sample dates as day offsets, for the PIT value
    reversal_chance: float | None = None  # chance of a negative opinion reversed on re-examination
    second_cycle_chance: float | None = None  # chance the FDA's first action is a complete response letter


UK_LEFT_EU_SYSTEM = dt.date(2021, 1, 1)  # end of the Brexit transition period: the MHRA became the UK's sole regulator
IMPLEMENTATION_STEPS = frozenset({"gb.nhs_funding", "no.hospital_introduction"})
"""Steps between a positive national decision and treatment. The case file records the decision (NICE's
guidance, Beslutningsforum's yes), so a national milestone is predicted at the start of these steps."""


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


def predict(library: Library, track: Track, samples: int, seed: int) -> tuple[dict[str, Prediction], list[str]]:
    """Simulate one track and return the prediction for each of its milestones present in the graph."""
    composition = compose(library, track.scenario, f"<back-test {track.name} scenario>")
    nodes = set(composition.graph.nodes)
    targets = [m for m in track.milestones if m in nodes]
    plan = build_plan(composition, targets)
    sim = simulate(plan, samples, seed)
    out: dict[str, Prediction] = {}
    # chances of the paths a miss is explained by; the same for every milestone of the track
    reversal = _outcome_share(composition, plan, sim, "eu.reexamination", "positive")
    second_cycle = _outcome_share(composition, plan, sim, "us.fda_action", "crl")
    for node in targets:
        if node not in plan.index:
            continue
        j = plan.index[node]
        row = _decision_row(sim, node) if node.endswith(".reimbursed_access") else sim.finish[j]
        estimate = estimate_rows(row[None, :], track.cutoff)[0]
        p = estimate.p_reached
        if node == "eu.chmp_opinion":
            positive = _outcome_share(composition, plan, sim, node, "positive")
            p = p if positive is None else positive
        quantiles = {k: getattr(estimate, k) for k in ("p10", "p25", "p50", "p75", "p90")}
        out[node] = Prediction(p, quantiles, np.sort(row[np.isfinite(row)]), reversal, second_cycle)
    warnings = [str(w) for w in composition.warnings + plan.warnings]
    return out, warnings


# --------------------------------------------------------------------------- scoring


def _outcome_share(composition: Any, plan: Any, sim: Any, node: str, outcome: str) -> float | None:
    """Share of all simulated futures that take ``outcome`` at decision ``node`` (None if not modelled)."""
    j = plan.index.get(node)
    if j is None or j not in sim.choice:
        return None
    ids = [o.id for o in composition.step(node).outcomes]
    if outcome not in ids:
        return None
    return float(np.mean(np.isfinite(sim.finish[j]) & (sim.choice[j] == ids.index(outcome))))


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def explain_miss(case: Case, row: dict[str, Any], pred: Prediction) -> str | None:
    """A plain-language reason why an actual date fell outside the 80% range, from the case's later history.

    The later history (a negative opinion, a re-examination) is used here only to explain a miss after
    the fact; it never enters the prediction.
    """
    if row["inside80"] is not False or row["pit"] is None:
        return None
    actual = dt.date.fromisoformat(row["actual"])
    late = row["p90"] is not None and actual > dt.date.fromisoformat(row["p90"])
    if late:
        gap = (actual - dt.date.fromisoformat(row["p90"])).days
        share = "all" if row["pit"] >= 0.995 else f"{row['pit']:.0%} of the"
        parts = [f"Came {_days(gap)} after the end of the 80% range, later than {share} simulated futures."]
    else:
        gap = (dt.date.fromisoformat(row["p10"]) - actual).days if row["p10"] else 0
        share = "all" if row["pit"] <= 0.005 else f"{1 - row['pit']:.0%} of the"
        parts = [f"Came {_days(gap)} before the start of the 80% range, earlier than {share} simulated futures."]
    if gap <= 30:
        parts.append("A near miss: an 80% range leaves out one real date in five by design.")
        return " ".join(parts)
    chmp = case.events.get("eu.chmp_opinion")
    ec = case.events.get("eu.ec_decision")
    negative_first = chmp is not None and chmp.result == "negative"
    if late and row["track"] == "EU" and negative_first and row["milestone"] != "eu.chmp_opinion":
        if ec is not None and ec.result in (None, "positive"):
            chance = "" if pred.reversal_chance is None else f" about {pred.reversal_chance:.0%}"
            parts.append(
                "The committee's first opinion was negative and was reversed on re-examination, "
                f"a path the model gave{chance} of all futures; that path takes months longer."
            )
    elif late and negative_first:
        parts.append("The assessment ran unusually long before ending in a negative opinion (long clock stops).")
    elif late and row["track"] == "EU" and row["milestone"] in ("eu.chmp_opinion", "eu.ec_decision"):
        parts.append(
            "Longer than nearly every EU assessment the model draws: long clock stops while the company "
            "answered the committee's questions, or an extended timetable."
        )
    if late and row["track"] == "US" and gap <= 120:
        parts.append(
            "A few months late for one FDA review cycle: a goal date extended after a major amendment, or an "
            "action after the goal date, both rarer than the model's range assumes."
        )
    elif late and row["track"] == "US":
        chance = "" if pred.second_cycle_chance is None else f" (about {pred.second_cycle_chance:.0%} of futures)"
        parts.append(
            "Longer than one FDA review cycle with a 3-month extension: most likely a complete response letter "
            f"and a resubmission, which the model allows{chance} but with a single further cycle."
        )
    if late and row["milestone"].endswith(".reimbursed_access"):
        parts.append("National decisions can be refused and renegotiated more than once; the model allows one second round.")
    if late and row["cutoff_event"] == "clinical.pivotal_readout":
        parts.append(
            "The prediction starts at the pivotal result, so it includes the company's own time to file, "
            "which nobody outside the company knew at the cut-off."
        )
    if not late and row["track"] == "US" and case.us_breakthrough:
        parts.append("A Breakthrough medicine: the FDA acted even earlier than the breakthrough lead time the model allows.")
    elif not late and row["track"] == "US":
        parts.append("The FDA acted months before its goal date, which medicines without Breakthrough designation rarely see.")
    elif not late and row["milestone"] == "gb.reimbursed_access" and ec is not None and ec.date < UK_LEFT_EU_SYSTEM:
        parts.append(
            "Until 2021 an EU authorisation applied in the UK directly; the library models today's separate MHRA "
            "step (months), so it is late for cases from before then."
        )
    elif not late and row["milestone"].endswith(".reimbursed_access"):
        after_ec = ""
        if ec is not None and ec.verified and ec.result in (None, "positive"):
            after_ec = f" (here {(actual - ec.date).days} days after the EU authorisation)"
        parts.append(f"A national decision faster than almost any the model simulates{after_ec}.")
    elif not late:
        parts.append("Faster than almost all comparable procedures: few or short clock stops and a quick filing.")
    return " ".join(parts)


def _outcome(milestone: str, event: Any) -> int | None:
    """1 if the milestone happened as the library means it (a grant, a positive opinion), 0 if not."""
    if event.result is None:
        return 1
    return 1 if event.result == "positive" else 0


def _date_scored(milestone: str, event: Any) -> bool:
    """A CHMP opinion has a date whatever its result; a refused or withdrawn EC decision is not a grant."""
    return milestone == "eu.chmp_opinion" or event.result in (None, "positive")


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def score_case(
    case: Case, library: Library, samples: int, seed: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Rows (scored milestones), excluded (milestone, reason) and warnings for one case."""
    rows: list[dict[str, Any]] = []
    excluded: list[dict[str, Any]] = []
    warnings: list[str] = []
    tracks, skipped = _tracks(case, library.countries())
    for key, reason in skipped:
        excluded.append({"case": case.id, "milestone": key, "reason": reason})
    for track in tracks:
        wanted = [m for m in track.milestones if m in case.events]
        if not wanted:
            continue
        try:
            preds, track_warnings = predict(library, track, samples, seed)
        except PathwayError as err:
            reason = "the library cannot compose this case: " + "; ".join(p.message for p in err.problems[:3])
            excluded += [{"case": case.id, "milestone": m, "reason": reason} for m in wanted]
            warnings.append(f"{case.id} ({track.name}): {reason}")
            continue
        warnings += [f"{case.id} ({track.name}): {w}" for w in track_warnings]
        for milestone in wanted:
            event = case.events[milestone]
            base = {"case": case.id, "milestone": milestone}
            if not event.verified:
                excluded.append({**base, "reason": "date not verified"})
                continue
            if event.date <= track.cutoff:
                excluded.append({**base, "reason": f"dated on or before the cut-off ({track.cutoff_event} {track.cutoff})"})
                continue
            pred = preds.get(milestone)
            if pred is None:
                excluded.append({**base, "reason": "the library has no such step for this case"})
                continue
            row = _row(case, track, milestone, event, pred)
            row["held_out"] = case.held_out
            row["why"] = explain_miss(case, row, pred)
            rows.append(row)
    return rows, excluded, warnings


def _row(case: Case, track: Track, milestone: str, event: Any, pred: Prediction) -> dict[str, Any]:
    q = pred.quantiles
    outcome = _outcome(milestone, event)
    dated = _date_scored(milestone, event)
    actual = event.date
    row: dict[str, Any] = {
        "case": case.id,
        "name": case.name,
        "milestone": milestone,
        "track": track.name,
        "cutoff_event": track.cutoff_event,
        "cutoff": track.cutoff.isoformat(),
        "actual": actual.isoformat(),
        "result": event.result,
        "outcome": outcome,
        "p_reached": round(pred.p_reached, 4),
        **{k: _iso(v) for k, v in q.items()},
        "date_scored": dated,
        "inside80": None,
        "inside50": None,
        "error_days": None,
        "pit": None,
    }
    if dated:
        p10, p25, p50, p75, p90 = (q[k] for k in ("p10", "p25", "p50", "p75", "p90"))
        row["inside80"] = bool(p10 is not None and p90 is not None and p10 <= actual <= p90)
        row["inside50"] = bool(p25 is not None and p75 is not None and p25 <= actual <= p75)
        if p50 is not None:
            row["error_days"] = (actual - p50).days
        if pred.cdf.size:
            offset = (actual - track.cutoff).days
            row["pit"] = round(float(np.searchsorted(pred.cdf, offset, side="right") / pred.cdf.size), 4)
    return row


def _wilson(k: int, n: int, z: float = 1.96) -> list[float] | None:
    if n == 0:
        return None
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(max(0.0, centre - half), 3), round(min(1.0, centre + half), 3)]


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Coverage, median absolute error, bias and Brier score for a set of rows."""
    dated = [r for r in rows if r["date_scored"]]
    errors = [r["error_days"] for r in dated if r["error_days"] is not None]
    in80 = sum(1 for r in dated if r["inside80"])
    in50 = sum(1 for r in dated if r["inside50"])
    briers = [(r["p_reached"] - r["outcome"]) ** 2 for r in rows if r["outcome"] is not None]
    n = len(dated)
    return {
        "n_scored": n,
        "n_outcomes": len(briers),
        "n_negative": sum(1 for r in rows if r["outcome"] == 0),
        "coverage_p10_p90": round(in80 / n, 3) if n else None,
        "coverage_p10_p90_ci95": _wilson(in80, n),
        "coverage_p25_p75": round(in50 / n, 3) if n else None,
        "coverage_p25_p75_ci95": _wilson(in50, n),
        "median_abs_error_days": statistics.median(abs(e) for e in errors) if errors else None,
        "bias_days": statistics.median(errors) if errors else None,
        "brier": round(sum(briers) / len(briers), 4) if briers else None,
        "mean_p_reached": round(sum(r["p_reached"] for r in rows) / len(rows), 3) if rows else None,
        "share_happened": round(sum(r["outcome"] for r in rows if r["outcome"] is not None) / len(briers), 3) if briers else None,
    }


CALIBRATION_LEVELS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def calibration_curve(rows: list[dict[str, Any]], levels: tuple[float, ...] = CALIBRATION_LEVELS) -> list[dict[str, Any]]:
    """For each central range (e.g. 0.8 = P10-P90), the share of actual dates that fell inside it.

    A calibrated model lies on the diagonal: its 50% ranges hold half the actual dates, its 80% ranges
    four in five. Below the diagonal the ranges are too narrow (overconfident); above, too wide.
    Uses each row's PIT (the predicted cumulative chance at the actual date), so every level is scored.
    """
    pits = [r["pit"] for r in rows if r.get("date_scored") and r.get("pit") is not None]
    out = []
    for level in levels:
        low, high = 0.5 - level / 2, 0.5 + level / 2
        inside = sum(1 for v in pits if low <= v <= high)
        out.append({"level": level, "n": len(pits), "inside": inside, "share": round(inside / len(pits), 3) if pits else None})
    return out


def _held_out(rows: list[dict[str, Any]], names: list[str]) -> dict[str, Any] | None:
    """The same scores over held-out cases only: the out-of-time check of the library's changes."""
    held = [r for r in rows if r.get("held_out")]
    if not held:
        return None
    return {
        "n_cases": len({r["case"] for r in held}),
        "overall": summarise(held),
        "milestones": {
            m: summarise([r for r in held if r["milestone"] == m]) for m in names if any(r["milestone"] == m for r in held)
        },
    }


def run_backtest(
    library: Library,
    cases_path: str | Path | list[str | Path] | list[Path],
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> dict[str, Any]:
    """Predict every case's milestones from its cut-off and score them; a JSON-serialisable dict.

    ``cases_path`` is one case file or several (ids unique across them)."""
    files = [cases_path] if isinstance(cases_path, (str, Path)) else list(cases_path)
    cases = [case for loaded in load_case_files(files) for case in loaded.model.cases]
    rows: list[dict[str, Any]] = []
    excluded: list[dict[str, Any]] = []
    warnings: list[str] = []
    for case in cases:
        case_rows, case_excluded, case_warnings = score_case(case, library, samples, seed)
        rows += case_rows
        excluded += case_excluded
        warnings += case_warnings
    order = [*EU_MILESTONES, *(f"{cc.lower()}.reimbursed_access" for cc in NATIONAL), *US_MILESTONES]
    names = sorted({r["milestone"] for r in rows}, key=lambda m: (order.index(m) if m in order else len(order), m))
    worst = sorted((r for r in rows if r["error_days"] is not None), key=lambda r: -abs(r["error_days"]))[:5]
    return {
        "header": HEADER,
        "cases_file": ", ".join(str(f) for f in files),
        "cases_files": [str(f) for f in files],
        "samples": samples,
        "seed": seed,
        "leave_one_out": False,
        "n_cases": len(cases),
        "n_cases_scored": len({r["case"] for r in rows}),
        "n_excluded": len(excluded),
        "overall": summarise(rows),
        "calibration": calibration_curve(rows),
        "held_out": _held_out(rows, names),
        "milestones": {m: summarise([r for r in rows if r["milestone"] == m]) for m in names},
        "rows": rows,
        "worst": worst,
        "excluded": excluded,
        "warnings": warnings,
    }


# --------------------------------------------------------------------------- text report


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _num(value: float | None, spec: str, suffix: str = "") -> str:
    return "—" if value is None else format(value, spec) + suffix


def format_report(report: dict[str, Any]) -> str:
    """A readable table of the report."""
    lines = [
        report["header"],
        "",
        f"cases: {report['n_cases']} in {report['cases_file']}, {report['n_cases_scored']} with a scored milestone; "
        f"{report['n_excluded']} milestone(s) excluded; {report['samples']:,} samples, seed {report['seed']}",
        "",
    ]
    head = f"{'milestone':24s} {'n':>3s} {'in P10-P90':>10s} {'in P25-P75':>10s} {'|err| P50':>9s} {'bias':>6s} {'Brier':>6s} {'n out':>5s}"
    lines += [head, "-" * len(head)]
    entries = [*report["milestones"].items(), ("overall", report["overall"])]
    for name, s in entries:
        if name == "overall":
            lines.append("-" * len(head))
        lines.append(
            f"{name:24s} {s['n_scored']:>3d} {_pct(s['coverage_p10_p90']):>10s} {_pct(s['coverage_p25_p75']):>10s} "
            f"{_num(s['median_abs_error_days'], '.0f', ' d'):>9s} {_num(None if s['bias_days'] is None else round(s['bias_days']), '+d'):>6s} "
            f"{_num(s['brier'], '.3f'):>6s} {s['n_outcomes']:>5d}"
        )
    ci = report["overall"]["coverage_p10_p90_ci95"]
    lines += [
        "",
        "in P10-P90 should be about 80% and in P25-P75 about 50%"
        + (f" (overall 95% interval for P10-P90 coverage: {ci[0]:.0%}-{ci[1]:.0%})" if ci else "")
        + "; bias = median(actual - P50), positive = the model is too early; Brier over outcomes "
        "(1 = happened, 0 = negative/withdrawn), for a CHMP opinion of the chance it is positive.",
        "",
    ]
    held = report.get("held_out")
    if held:
        parts = ", ".join(f"{name} {_pct(v['coverage_p10_p90'])} (n={v['n_scored']})" for name, v in held["milestones"].items())
        lines += [
            f"Held out ({held['n_cases']} scored cases added after the last library change): in P10-P90 "
            f"{_pct(held['overall']['coverage_p10_p90'])} of {held['overall']['n_scored']}; {parts}",
            "",
        ]
    curve = report.get("calibration") or []
    if curve and curve[0]["n"]:
        lines += [
            "Calibration (central range -> share of actual dates inside it; calibrated = equal): "
            + ", ".join(f"{c['level']:.0%} -> {c['share']:.0%}" for c in curve),
            "",
        ]
    lines.append("Per case (dates: cut-off, actual, P10 / P50 / P90):")
    for r in report["rows"]:
        mark = "n/a" if r["inside80"] is None else ("in " if r["inside80"] else "OUT")
        err = f"{r['error_days']:+5d} d" if r["error_days"] is not None else "   no date"
        lines.append(
            f"  {mark} {r['case'][:30]:30s} {r['milestone']:22s} cut {r['cutoff']}  actual {r['actual']}  "
            f"{r['p10'] or '—'} / {r['p50'] or '—'} / {r['p90'] or '—'}  {err}  p={r['p_reached']:.2f}"
            + (f" [{r['result']}]" if r["result"] else "")
        )
    if report["worst"]:
        lines += ["", "Largest misses of P50:"]
        for r in report["worst"]:
            lines.append(f"  {r['case']} {r['milestone']}: actual {r['actual']}, P50 {r['p50']} ({r['error_days']:+d} days)")
            if r.get("why"):
                lines.append(f"      {r['why']}")
    if report["excluded"]:
        lines += ["", f"Excluded ({report['n_excluded']}):"]
        reasons: dict[str, list[str]] = {}
        for e in report["excluded"]:
            reasons.setdefault(e["reason"], []).append(f"{e['case']}:{e['milestone']}")
        for reason, items in sorted(reasons.items(), key=lambda kv: -len(kv[1])):
            lines.append(f"  {len(items):3d} × {reason}: {', '.join(items)}")
    if report["warnings"]:
        lines += ["", f"Notes from the engine ({len(report['warnings'])}):"] + [f"  {w}" for w in report["warnings"][:20]]
    return "\n".join(lines)
