"""A country's track record, told beside an answer for it: how often its past dates fell inside the range.

The answer's date for a country rests on two kinds of step: the authorisation (the EU's, or the FDA's for
the United States) and the country's own funding decision. Each has its own record in the back-test, and
a reader should see both, with a plain word when a record is too thin to judge or when the range has been
too narrow from the starting point the answer is likely in.
"""

from __future__ import annotations

from typing import Any

from ..countries import EEA, country_name
from ..formatting import count_text
from ..i18n import DEFAULT, N_, _, language, ngettext
from .cases import milestone_label
from .scoring import MIN_CASES_TO_JUDGE

#: Where a country's authorisation is scored: the track, its milestone and how the record names it.
AUTHORISATION_TRACKS = {
    "US": ("US", "us.fda_approval", N_("For the FDA's approval: {inside} of {n} past approvals fell inside the 80% range.")),
    **{
        cc: (
            "EU",
            "eu.ec_decision",
            N_("For the EU Commission's decision: {inside} of {n} past decisions fell inside the 80% range."),
        )
        for cc in EEA
    },
}
#: Below this share inside the 80% range, from one starting point with enough cases, the range is called too narrow.
TOO_NARROW = 0.7
#: Each starting point of a track, as the record names it.
_FROM = {
    "us.submission": N_("Predicted from the filed application: {inside} of {n}."),
    "eu.submission": N_("Predicted from the filed application: {inside} of {n}."),
    "clinical.pivotal_readout": N_("Predicted from the trial's results alone, before anything was filed: {inside} of {n}."),
}


def _inside(scores: dict[str, Any]) -> int:
    return round((scores.get("coverage_p10_p90") or 0) * scores["n_scored"])


def _days(days: float) -> str:
    whole = round(abs(days))
    return ngettext("{days} day", "{days} days", whole).format(days=count_text(whole))


def _too_narrow(scores: dict[str, Any]) -> str | None:
    """A warning when one starting point's range has held clearly fewer real dates than it claims."""
    n = scores.get("n_scored") or 0
    if n < MIN_CASES_TO_JUDGE or (scores.get("coverage_p10_p90") or 0) >= TOO_NARROW:
        return None
    bias = scores.get("bias_days") or 0
    if bias > 0:
        return _(
            "From there the range has been too narrow: the real dates came a median {days} after its most likely "
            "date, so read such dates as optimistic."
        ).format(days=_days(bias))
    return _("From there the range has been too narrow: the real dates came a median {days} before its most likely date.").format(
        days=_days(bias)
    )


def authorisation_record(report: dict[str, Any], country: str) -> dict[str, Any] | None:
    """The record of the authorisation a country's answer waits for (the EU's, the FDA's), or None where none is scored."""
    if country not in AUTHORISATION_TRACKS:
        return None
    track_name, key, headline = AUTHORISATION_TRACKS[country]
    track = (report.get("tracks") or {}).get(track_name) or {}
    scores = (track.get("milestones") or {}).get(key)
    if not scores or not scores.get("n_scored"):
        return None
    n, inside = scores["n_scored"], _inside(scores)
    sentences = [_(headline).format(inside=count_text(inside), n=count_text(n))]
    by_cutoff: dict[str, Any] = {}
    warnings = []
    for cut, part in ((track.get("milestones_by_cutoff") or {}).get(key) or {}).items():
        if not part.get("n_scored") or cut not in _FROM:
            continue
        by_cutoff[cut] = {"n_scored": part["n_scored"], "inside80": _inside(part), "bias_days": part.get("bias_days")}
        sentences.append(_(_FROM[cut]).format(inside=count_text(_inside(part)), n=count_text(part["n_scored"])))
        if part["n_scored"] < MIN_CASES_TO_JUDGE:
            sentences.append(_("Too few cases to judge."))
        warning = _too_narrow(part)
        if warning:
            sentences.append(warning)
            warnings.append(cut)
    text = " ".join(sentences)
    return {
        "track": track_name,
        "milestone": key,
        "n_scored": n,
        "inside80": inside,
        "coverage_p10_p90": scores.get("coverage_p10_p90"),
        "by_cutoff": by_cutoff,
        "too_narrow_from": warnings,
        "enough": n >= MIN_CASES_TO_JUDGE,
        "text": text,
    }


def track_record(report: dict[str, Any] | None, country: str) -> dict[str, Any]:
    """The record of one country's route to reimbursed access, for showing beside an answer for it.

    The national track (from the EU Commission decision) tests the country's own steps; its decisions are
    what the answer's access date rests on. Below `MIN_CASES_TO_JUDGE` scored dates the record is reported
    but called too small to judge. A country with its own authorisation track (the US) gets that record first.
    """
    cc = country.upper()
    if report is None:
        key = f"{cc.lower()}.reimbursed_access"
        return {
            "country": cc,
            "milestone": key,
            "track": "national",
            "n_scored": 0,
            "inside80": 0,
            "text": _("The back-test has not been run here, so there is no track record to show."),
        }
    record = _funding_record(report, cc)
    authorisation = authorisation_record(report, cc)
    if authorisation:
        record["authorisation"] = authorisation
        record["text"] = authorisation["text"] + " " + record["text"]
    return record


def _funding_record(report: dict[str, Any], cc: str) -> dict[str, Any]:
    key = f"{cc.lower()}.reimbursed_access"
    name = milestone_label(key).split(":")[0] if language() == DEFAULT else country_name(cc)
    record: dict[str, Any] = {"country": cc, "milestone": key, "track": "national", "n_scored": 0, "inside80": 0}
    per_track = (report.get("countries") or {}).get(cc) or {}
    track = "national" if "national" in per_track else ("EU" if "EU" in per_track else None)
    scores = per_track[track]["milestones"].get(key) if track else None
    if not scores or not scores["n_scored"]:
        record["enough"] = False
        record["text"] = _(
            "Reimbursed access in {country}: no past decision has been back-tested yet, so its record cannot be judged."
        ).format(country=name)
        return record
    n = scores["n_scored"]
    inside = _inside(scores)
    if track == "national":
        text = _(
            "For {country}'s reimbursed access: {inside} of {n} past decisions fell inside the 80% range "
            "(predicted from the EU Commission decision)."
        )
    else:
        text = _(
            "For {country}'s reimbursed access: {inside} of {n} past decisions fell inside the 80% range "
            "(predicted from the EU submission)."
        )
    text = text.format(country=name, inside=inside, n=n)
    record.update(
        track=track,
        n_scored=n,
        inside80=inside,
        coverage_p10_p90=scores["coverage_p10_p90"],
        median_abs_error_days=scores["median_abs_error_days"],
        bias_days=scores["bias_days"],
        enough=n >= MIN_CASES_TO_JUDGE,
    )
    if n < MIN_CASES_TO_JUDGE:
        text += " " + _("That is too few cases (fewer than {minimum}) to judge how reliable the range is for {country}.").format(
            minimum=MIN_CASES_TO_JUDGE, country=name
        )
    record["text"] = text
    return record
