"""Plain-language reasons for a miss, from a case's later history (never used to predict), in the active language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..formatting import count_text, percent_text
from ..i18n import _, ngettext
from .cases import Case
from .national import national_country
from .prediction import Prediction
from .scenarios import UK_LEFT_EU_SYSTEM


def _days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=count_text(n))


def _percent(share: float) -> str:
    return percent_text(round(share * 100))


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
        if row["pit"] >= 0.995:
            parts = [_("Came {days} after the end of the 80% range, later than all simulated futures.").format(days=_days(gap))]
        else:
            parts = [
                _("Came {days} after the end of the 80% range, later than {share} of the simulated futures.").format(
                    days=_days(gap), share=_percent(row["pit"])
                )
            ]
    else:
        gap = (dt.date.fromisoformat(row["p10"]) - actual).days if row["p10"] else 0
        if row["pit"] <= 0.005:
            parts = [
                _("Came {days} before the start of the 80% range, earlier than all simulated futures.").format(days=_days(gap))
            ]
        else:
            parts = [
                _("Came {days} before the start of the 80% range, earlier than {share} of the simulated futures.").format(
                    days=_days(gap), share=_percent(1 - row["pit"])
                )
            ]
    if gap <= 30:
        parts.append(_("A near miss: an 80% range leaves out one real date in five by design."))
    else:
        parts += _late_reasons(case, row, pred, gap) if late else _early_reasons(case, row, actual)
    return " ".join(parts)


def _late_reasons(case: Case, row: dict[str, Any], pred: Prediction, gap: int) -> list[str]:
    """Why a date came after the range: a negative opinion, a second FDA cycle, a second national round."""
    parts: list[str] = []
    chmp = case.events.get("eu.chmp_opinion")
    ec = case.events.get("eu.ec_decision")
    negative_first = chmp is not None and chmp.result == "negative"
    if row["track"] == "EU" and negative_first and row["milestone"] != "eu.chmp_opinion":
        if ec is not None and ec.result in (None, "positive"):
            if pred.reversal_chance is None:
                parts.append(
                    _(
                        "The committee's first opinion was negative and was reversed on re-examination, "
                        "a path the model allows; that path takes months longer."
                    )
                )
            else:
                parts.append(
                    _(
                        "The committee's first opinion was negative and was reversed on re-examination, "
                        "a path the model gave about {share} of all futures; that path takes months longer."
                    ).format(share=_percent(pred.reversal_chance))
                )
    elif negative_first:
        parts.append(_("The assessment ran unusually long before ending in a negative opinion (long clock stops)."))
    elif row["track"] == "EU" and row["milestone"] in ("eu.chmp_opinion", "eu.ec_decision"):
        parts.append(
            _(
                "Longer than nearly every EU assessment the model draws: long clock stops while the company "
                "answered the committee's questions, or an extended timetable."
            )
        )
    if row["track"] == "US" and gap <= 120:
        parts.append(
            _(
                "A few months late for one FDA review cycle: a goal date extended after a major amendment, or an "
                "action after the goal date, both rarer than the model's range assumes."
            )
        )
    elif row["track"] == "US":
        if pred.second_cycle_chance is None:
            parts.append(
                _(
                    "Longer than one FDA review cycle with a 3-month extension: most likely a complete response letter "
                    "and a resubmission, which the model allows but with a single further cycle."
                )
            )
        else:
            parts.append(
                _(
                    "Longer than one FDA review cycle with a 3-month extension: most likely a complete response letter "
                    "and a resubmission, which the model allows (about {share} of futures) but with a single further cycle."
                ).format(share=_percent(pred.second_cycle_chance))
            )
    if national_country(row["milestone"]) is not None:
        parts.append(_("National decisions can be refused and renegotiated more than once; the model allows one second round."))
    if row["cutoff_event"] == "clinical.pivotal_readout":
        parts.append(
            _(
                "The prediction starts at the pivotal result, so it includes the company's own time to file, "
                "which nobody outside the company knew at the cut-off."
            )
        )
    return parts


def _early_reasons(case: Case, row: dict[str, Any], actual: dt.date) -> list[str]:
    """Why a date came before the range: a Breakthrough medicine, an early FDA action, a fast national decision."""
    parts: list[str] = []
    ec = case.events.get("eu.ec_decision")
    national = national_country(row["milestone"]) is not None
    if row["track"] == "US" and case.us_breakthrough:
        parts.append(_("A Breakthrough medicine: the FDA acted even earlier than the breakthrough lead time the model allows."))
    elif row["track"] == "US":
        parts.append(_("The FDA acted months before its goal date, which medicines without Breakthrough designation rarely see."))
    elif national:
        if ec is not None and ec.verified and ec.result in (None, "positive"):
            parts.append(
                _(
                    "A national decision faster than almost any the model simulates (here {days} after the EU authorisation)."
                ).format(days=_days((actual - ec.date).days))
            )
        else:
            parts.append(_("A national decision faster than almost any the model simulates."))
        if row["milestone"] == "gb.reimbursed_access" and ec is not None and ec.date >= UK_LEFT_EU_SYSTEM:
            parts.append(
                _(
                    "Since 2021 the UK needs its own MHRA authorisation; the model files it with the EU one, so a company "
                    "that filed in the UK earlier (or relied on the EU decision) was faster."
                )
            )
        elif row["track"] == "national":
            parts.append(
                _(
                    "The national steps that run during the EU review are simulated, but decisions this fast usually "
                    "rest on a simplified assessment or a price negotiation alone, which the library does not model "
                    "as a route of its own."
                )
            )
    else:
        parts.append(_("Faster than almost all comparable procedures: few or short clock stops and a quick filing."))
    return parts
