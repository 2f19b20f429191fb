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


#: The tracks, their cut-offs (the first verified event of each list) and what they predict.
TRACKS = {
    "EU": "from the EU submission (or the pivotal readout): the EU steps and every national event",
    "national": "from the EU Commission decision: every national event, the national steps on their own",
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
        scenario = build_scenario(case, event, day, scenario_countries)
        milestones = [*EU_MILESTONES, *national_keys] if name == "EU" else keys
        tracks.append(Track(name, event, day, scenario, milestones))
    return tracks, skipped
