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
The parts, in the order the data flows: `cases` (the case files and the milestone names), `scenarios`
(a case's tracks as they stood at the cut-off), `prediction` (simulate a track), `explain` (why a date
was missed), `scoring` (rows, summaries, the whole run), `record` (a country's record beside its answer) and `report`
(the text table). The names below
are re-exported so ``from pathways.backtest import ...`` keeps working.
"""

from __future__ import annotations

from .cases import (
    CUTOFF_EVENTS,
    EU_MILESTONES,
    US_MILESTONES,
    Case,
    CaseFile,
    Event,
    default_case_files,
    load_case_files,
    load_cases,
    milestone_label,
)
from .explain import explain_miss
from .national import AVAILABLE_STEPS, DECISION_STEPS, IMPLEMENTATION_STEPS, national_country, scored_countries
from .prediction import Prediction, _decision_row, _outcome_share, predict
from .record import authorisation_record, track_record
from .report import format_report
from .scenarios import TRACKS, UK_LEFT_EU_SYSTEM, Track, _tracks, _verified, build_scenario, case_flags
from .scoring import (
    CALIBRATION_LEVELS,
    DEFAULT_SAMPLES,
    HEADER,
    MIN_CASES_TO_JUDGE,
    calibration_curve,
    run_backtest,
    score_case,
    summarise,
)

__all__ = [
    "AVAILABLE_STEPS",
    "CALIBRATION_LEVELS",
    "CUTOFF_EVENTS",
    "DECISION_STEPS",
    "DEFAULT_SAMPLES",
    "EU_MILESTONES",
    "HEADER",
    "IMPLEMENTATION_STEPS",
    "MIN_CASES_TO_JUDGE",
    "TRACKS",
    "UK_LEFT_EU_SYSTEM",
    "US_MILESTONES",
    "Case",
    "CaseFile",
    "Event",
    "Prediction",
    "Track",
    "_decision_row",
    "_outcome_share",
    "_tracks",
    "_verified",
    "authorisation_record",
    "build_scenario",
    "calibration_curve",
    "case_flags",
    "default_case_files",
    "explain_miss",
    "format_report",
    "load_case_files",
    "load_cases",
    "milestone_label",
    "national_country",
    "predict",
    "run_backtest",
    "score_case",
    "scored_countries",
    "summarise",
    "track_record",
]
