"""The names of the routes, how a date range is said, and how an actor is recognised.

Shared by the assembler (`answer`), the question handlers (`questions`) and the views; chances and months
are written by `formatting` (one rounding rule); nothing here simulates.
"""

from __future__ import annotations

import re

from .formatting import month, month_range
from .results import Estimate

ROUTE_TEXT: dict[str, dict[str, str]] = {
    "reimbursed": {
        "name": "public funding (approved and reimbursed)",
        "short": "Reimbursed access",
        "for_whom": "All patients who meet the approved indication and any national restrictions.",
        "who_pays": "The public health system or insurance, after a national reimbursement decision.",
    },
    "early_access": {
        "name": "an early-access scheme",
        "short": "Early access",
        "for_whom": "Patients with serious disease and no alternative, before or around the approval.",
        "who_pays": "Depends on the scheme: the company, the health system or both.",
    },
    "off_label": {
        "name": "off-label treatment funded by the health system",
        "short": "Off-label use",
        "for_whom": "Patients whose doctors and hospitals accept the evidence outside the approved label.",
        "who_pays": "The hospital or region, if a funding decision allows it; otherwise the patient.",
    },
    "trial": {
        "name": "taking part in a clinical trial",
        "short": "Clinical trial",
        "for_whom": "Only patients who meet a trial's entry criteria, near a trial site, while it recruits.",
        "who_pays": "The trial sponsor; participants may get placebo.",
    },
    "private": {
        "name": "paying privately for off-label treatment",
        "short": "Paid privately",
        "for_whom": "Patients who can pay and find a doctor willing to prescribe and monitor the treatment.",
        "who_pays": "The patient.",
    },
}
#: Routes that serve a few patients each and are reported beside the main answer, not as it.
SIDE_ROUTES = ("trial", "private")


def range_text(estimate: Estimate) -> str:
    """'around Mar 2031 (80% range Jun 2030 – Aug 2033)' from the P10/P50/P90 dates, in months like every card."""
    if estimate.p50 is None or estimate.p10 is None or estimate.p90 is None:
        return "never under these assumptions"
    return f"around {month(estimate.p50)} (80% range {month_range(estimate.p10, estimate.p90)})"


def actor_key(who: str) -> str:
    """The actor without its qualifier in brackets, so the same company or committee is listed once.

    Fragments describe one actor from the step's angle ("Marketing authorisation holder (supplier)",
    "... (the company)"); a reader of "who must act" needs each actor once.
    """
    return re.sub(r"\s*\([^)]*\)", "", who).strip().casefold()
