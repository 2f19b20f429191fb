"""The names of the routes, how a date range is said, and how an actor is recognised.

Shared by the assembler (`answer`), the question handlers (`questions`) and the views; chances and months
are written by `formatting` (one rounding rule); nothing here simulates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from .formatting import day_text, month, month_range
from .i18n import N_, _
from .results import CountryAnswer, Estimate

_ROUTE_WORDS: dict[str, dict[str, str]] = {
    "reimbursed": {
        "name": N_("public funding (approved and reimbursed)"),
        "short": N_("Reimbursed access"),
        "for_whom": N_("All patients who meet the approved indication and any national restrictions."),
        "who_pays": N_("The public health system or insurance, after a national reimbursement decision."),
    },
    "early_access": {
        "name": N_("an early-access scheme"),
        "short": N_("Early access"),
        "for_whom": N_("Patients with serious disease and no alternative, before or around the approval."),
        "who_pays": N_("Depends on the scheme: the company, the health system or both."),
    },
    "off_label": {
        "name": N_("off-label treatment funded by the health system"),
        "short": N_("Off-label use"),
        "for_whom": N_("Patients whose doctors and hospitals accept the evidence outside the approved label."),
        "who_pays": N_("The hospital or region, if a funding decision allows it; otherwise the patient."),
    },
    "trial": {
        "name": N_("taking part in a clinical trial"),
        "short": N_("Clinical trial"),
        "for_whom": N_("Only patients who meet a trial's entry criteria, near a trial site, while it recruits."),
        "who_pays": N_("The trial sponsor; participants may get placebo."),
    },
    "private": {
        "name": N_("paying privately for off-label treatment"),
        "short": N_("Paid privately"),
        "for_whom": N_("Patients who can pay and find a doctor willing to prescribe and monitor the treatment."),
        "who_pays": N_("The patient."),
    },
}


class _RouteText(Mapping[str, dict[str, str]]):
    """The route words in the active language, looked up when read, so one table serves every language."""

    def __getitem__(self, route: str) -> dict[str, str]:
        return {key: _(text) for key, text in _ROUTE_WORDS[route].items()}

    def __iter__(self) -> Iterator[str]:
        return iter(_ROUTE_WORDS)

    def __len__(self) -> int:
        return len(_ROUTE_WORDS)


ROUTE_TEXT: Mapping[str, dict[str, str]] = _RouteText()
#: Routes that serve a few patients each and are reported beside the main answer, not as it.
SIDE_ROUTES = ("trial", "private")


def range_text(estimate: Estimate) -> str:
    """'around Mar 2031 (80% range Jun 2030 – Aug 2033)' from the P10/P50/P90 dates, in months like every card."""
    if estimate.p50 is None or estimate.p10 is None or estimate.p90 is None:
        return _("never under these assumptions")
    return _("around {month} (80% range {range})").format(
        month=month(estimate.p50), range=month_range(estimate.p10, estimate.p90)
    )


def actor_key(who: str) -> str:
    """The actor without its qualifier in brackets, so the same company or committee is listed once.

    Fragments describe one actor from the step's angle ("Marketing authorisation holder (supplier)",
    "... (the company)"); a reader of "who must act" needs each actor once.
    """
    return re.sub(r"\s*\([^)]*\)", "", who).strip().casefold()


def already_authorised(product: str, country: CountryAnswer | None) -> str:
    """'… is already authorised for this use in … (since …).' where an approval for the scenario's own indication
    covers the country (`same_indication: true`), else '': the headline and the questions open with it alike."""
    if country is None or country.authorised_here is None:
        return ""
    return _("{product} is already authorised for this use in {country} (since {date}).").format(
        product=product, country=country.name, date=day_text(country.authorised_here.since)
    )
