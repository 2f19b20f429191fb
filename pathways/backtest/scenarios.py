"""Scenarios as they stood at a case's cut-off: only facts known then enter a prediction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Authorisation, Position, Product, Scenario
from .cases import EU_MILESTONES, NATIONAL, US_MILESTONES, Case


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
