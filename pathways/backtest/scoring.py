"""Scoring predictions against the actual dates, and the whole back-test run as one JSON-serialisable report."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from pathlib import Path
from typing import Any

import numpy as np

from ..countries import country_label
from ..graph import Library
from ..i18n import DEFAULT, LANGUAGES, N_, use_language
from ..problems import PathwayError
from ..simulate import DEFAULT_SEED
from .cases import EU_MILESTONES, US_MILESTONES, Case, load_case_files
from .explain import explain_miss
from .national import national_country
from .prediction import Prediction, predict
from .scenarios import _CUTOFFS, TRACKS, Track, _tracks

DEFAULT_SAMPLES = 4000

#: what the back-test is (English in the report; the app shows it translated)
HEADER = N_(
    "Back-test of the Pathways library against real medicines. Each milestone is predicted from a scenario "
    "built as it stood at the cut-off, on three tracks: EU (from the verified EU submission, else the verified "
    "pivotal readout: the EU steps and every national decision), national (from the verified EU Commission "
    "decision: every country's decision and access, timed from that decision, with the national steps that run "
    "during the EU review simulated alongside it) and US (from the verified US submission, else "
    "the verified pivotal readout), and compared with the verified actual date. The library's parameters are "
    "not fitted to these cases, so every case is out-of-sample and no leave-one-out is needed."
)
#: Fewer scored dates than this for a country and track: too few to judge its record.
MIN_CASES_TO_JUDGE = 10


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
            # the reason in every language, as the report is computed once and read in the reader's language
            why = {code: _explain_in(code, case, row, pred) for code in LANGUAGES}
            row["why"] = why[DEFAULT]
            row["why_by_language"] = why
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
        "country": national_country(milestone),
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
    names = _milestone_order({r["milestone"] for r in rows})
    worst = sorted((r for r in rows if r["error_days"] is not None), key=lambda r: -abs(r["error_days"]))[:5]
    eu_us = [r for r in rows if r["track"] != "national"]
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
        "milestones": {
            m: summarise([r for r in eu_us if r["milestone"] == m]) for m in names if any(r["milestone"] == m for r in eu_us)
        },
        "tracks": _by_track(rows),
        "countries": _by_country(rows),
        "rows": rows,
        "worst": worst,
        "excluded": excluded,
        "warnings": warnings,
    }


def _milestone_order(keys: set[str]) -> list[str]:
    """EU steps, then national events by country (decision before access), then the US."""

    def rank(key: str) -> tuple[int, str, str]:
        if key in EU_MILESTONES:
            return (0, str(EU_MILESTONES.index(key)), "")
        if key in US_MILESTONES:
            return (2, key, "")
        return (1, key.split(".")[0], "0" if key.endswith(".reimbursed_access") else "1")

    return sorted(keys, key=rank)


def _scores(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Summary, per-milestone summaries and the held-out part of a set of rows."""
    names = _milestone_order({r["milestone"] for r in rows})
    held = [r for r in rows if r.get("held_out")]
    return {
        "overall": summarise(rows),
        "milestones": {m: summarise([r for r in rows if r["milestone"] == m]) for m in names},
        "held_out": summarise(held) if held else None,
        "n_cases": len({r["case"] for r in rows}),
    }


def _by_track(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Each track on its own, with its calibration curve: the national steps are tested apart from the EU's."""
    out: dict[str, Any] = {}
    for name, label in TRACKS.items():
        part = [r for r in rows if r["track"] == name]
        if part:
            out[name] = {
                "label": label,
                **_scores(part),
                "calibration": calibration_curve(part),
                # the starting points apart: a track's verified submission and its readout fallback test different steps
                "by_cutoff": _by_cutoff(part, name),
                "milestones_by_cutoff": {
                    m: _by_cutoff([r for r in part if r["milestone"] == m], name)
                    for m in _milestone_order({r["milestone"] for r in part})
                },
            }
    return out


def _by_cutoff(rows: list[dict[str, Any]], track: str) -> dict[str, Any]:
    return {
        cut: summarise([r for r in rows if r["cutoff_event"] == cut])
        for cut in _CUTOFFS[track]
        if any(r["cutoff_event"] == cut for r in rows)
    }


def _by_country(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Each country's national events, per track (the held-out part apart)."""
    out: dict[str, Any] = {}
    for cc in sorted({r["country"] for r in rows if r.get("country")}):
        mine = [r for r in rows if r.get("country") == cc]
        out[cc] = {
            "label": country_label(cc),
            **{t: _scores([r for r in mine if r["track"] == t]) for t in TRACKS if any(r["track"] == t for r in mine)},
        }
    return out


def _explain_in(code: str, case: Case, row: dict[str, Any], pred: Prediction) -> str | None:
    with use_language(code):
        return explain_miss(case, row, pred)
