"""Scenarios as they stood at a case's cut-off: only facts known then enter a prediction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Authorisation, Position, Product, Scenario
from .cases import EU_MILESTONES, US_MILESTONES, Case
from .national import national_country, scored_countries


@dataclass
class Track:
    """One prediction of a case: a scenario at a cut-off and the milestones it predicts."""

    name: str  # "EU" (from the EU submission), "national" (from the EC decision) or "US"
    cutoff_event: str
    cutoff: dt.date
    scenario: Scenario
    milestones: list[str]
    notes: list[str] = field(default_factory=list)
    # The national track reads its milestones relative to this simulated step (the EC decision) and dates
    # them from the cut-off: see `_national_start`.
    anchor: str | None = None


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


#: End of the Brexit transition period: until this day an EU authorisation applied in the UK itself, then the
#: MHRA converted centrally authorised medicines into Great Britain authorisations (gb.yaml `cap_conversion`).
UK_LEFT_EU_SYSTEM = dt.date(2021, 1, 1)
#: The EU track's cut-off comes well before the EU decision; a submission before this day ends before 2021 in
#: at least nine futures in ten of a standard EU review (CHMP P90 480 days plus the Commission's up to 67 days,
#: pathways/library/eu_maa.yaml).
UK_IN_EU_SUBMITTED_BEFORE = dt.date(2019, 7, 1)


def _verified(case: Case, key: str) -> dt.date | None:
    event = case.events.get(key)
    return event.date if event is not None and event.verified else None


def build_scenario(
    case: Case, cutoff_event: str, cutoff: dt.date, countries: list[str], extra_flags: tuple[str, ...] = ()
) -> Scenario:
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
        flags=[*case_flags(case), *(f for f in extra_flags if f not in case.flags)],
        countries=countries,
    )


#: The tracks, their cut-offs (the first verified event of each list) and what they predict.
TRACKS = {
    "EU": "from the EU submission (or the pivotal readout): the EU steps and every national event",
    "national": "from the EU Commission decision: every national event, timed from that decision (national steps that run during the EU review included)",
    "US": "from the US submission (or the pivotal readout): the FDA approval",
}
_CUTOFFS = {
    "EU": ("eu.submission", "clinical.pivotal_readout"),
    "national": ("eu.ec_decision",),
    "US": ("us.submission", "clinical.pivotal_readout"),
}


def _cutoff(case: Case, track: str) -> tuple[str, dt.date] | None:
    for key in _CUTOFFS[track]:
        day = _verified(case, key)
        event = case.events.get(key)
        if day is not None and event is not None and event.result in (None, "positive"):
            return key, day
    return None


def _tracks(case: Case, library_countries: dict[str, set[str]]) -> tuple[list[Track], list[tuple[str, str]]]:
    """The EU, national and US predictions of a case, and (milestone, reason) for milestones left out.

    Every country the library models is scored (no fixed list): a national event of a country without a
    reimbursed-access route in the library is left out with that reason."""
    tracks: list[Track] = []
    skipped: list[tuple[str, str]] = []
    modelled = scored_countries(library_countries)
    national_keys: list[str] = []
    for key in case.events:
        cc = national_country(key)
        if cc is None:
            continue
        if cc in modelled:
            national_keys.append(key)
        else:
            skipped.append((key, f"the library has no reimbursed access for {cc}"))
    countries = sorted({national_country(k) or "" for k in national_keys})
    eu_keys = [k for k in case.events if k in EU_MILESTONES]
    wanted = {"EU": [*eu_keys, *national_keys], "national": national_keys, "US": [k for k in case.events if k in US_MILESTONES]}
    cuts = {name: _cutoff(case, name) for name in TRACKS}
    if cuts["EU"] is None:
        skipped += [(k, "no verified eu.submission or clinical.pivotal_readout to start from") for k in eu_keys]
    if cuts["EU"] is None and cuts["national"] is None:
        reason = "no verified eu.submission, clinical.pivotal_readout or positive eu.ec_decision to start from"
        skipped += [(k, reason) for k in national_keys]
    if cuts["US"] is None:
        skipped += [(k, "no verified us.submission or clinical.pivotal_readout to start the US track from") for k in wanted["US"]]
    elif wanted["US"] and "US" not in library_countries:
        skipped += [(k, "the library has no United States fragment") for k in wanted["US"]]
        cuts["US"] = None
    for name, keys in wanted.items():
        cut = cuts[name]
        if not keys or cut is None:
            continue
        event, day = cut
        scenario_countries = ["US"] if name == "US" else (countries or [modelled[0] if modelled else "NO"])
        milestones = [*EU_MILESTONES, *national_keys] if name == "EU" else keys
        if name == "national":
            start, note = _national_start(case, day)
            scenario = build_scenario(case, "eu.submission", start, scenario_countries, _uk_flags(day))
            tracks.append(Track(name, event, day, scenario, milestones, [note], anchor="eu.ec_decision"))
            continue
        flags = _uk_flags(day, event) if name == "EU" else ()
        tracks.append(Track(name, event, day, build_scenario(case, event, day, scenario_countries, flags), milestones))
    return tracks, skipped


def _national_start(case: Case, ec_day: dt.date) -> tuple[dt.date, str]:
    """Where the national track's simulation starts, and why.

    National processes do not wait for the EU decision: a company asks Nye Metoder for an assessment while
    EMA is still assessing, NICE aligns its first committee meeting with the authorisation, and a UK filing
    goes in around the EU one (the fragments say so, with sources). So the track simulates the EU review and
    the national steps together from the EU submission and reads each national date *relative to the
    simulated EU decision*, dated from the real one; only futures with an EU decision count. The submission
    day is the verified one, else a year before the decision (about the median standard EU review in
    pathways/library/eu_maa.yaml): it only places dated rules, since every date is read relative to the
    EU decision. Nothing after the EU decision enters the scenario.
    """
    submitted = _verified(case, "eu.submission")
    if submitted is not None and submitted < ec_day:
        return submitted, f"national steps simulated from the EU submission of {submitted}, dated from the EU decision"
    start = ec_day - dt.timedelta(days=365)
    return start, "national steps simulated from an EU submission a year before the EU decision, dated from the decision"


def _uk_flags(day: dt.date, event: str = "eu.ec_decision") -> tuple[str, ...]:
    """`uk_in_eu_system` when the EU decision of this track's prediction fell before 2021, when an EU
    authorisation still applied in the UK: known on the decision day for the national track; for the EU
    track only when a submission (or a pivotal result half a year earlier) came early enough that a
    standard EU timetable ends before 2021."""
    if event == "eu.ec_decision":
        return ("uk_in_eu_system",) if day < UK_LEFT_EU_SYSTEM else ()
    limit = UK_IN_EU_SUBMITTED_BEFORE if event == "eu.submission" else UK_IN_EU_SUBMITTED_BEFORE - dt.timedelta(days=183)
    return ("uk_in_eu_system",) if day < limit else ()
