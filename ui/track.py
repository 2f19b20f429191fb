"""The back-test's track record, computed once per process and shown beside every answer."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.state import ROOT, library


@st.cache_resource(show_spinner="Scoring the model against real medicines (once per server start)…")
def backtest_report() -> dict[str, Any] | None:
    try:
        from pathways.backtest import run_backtest
    except ImportError:
        return None
    cases = ROOT / "validation" / "cases.yaml"
    if not cases.exists():
        return None
    try:
        return run_backtest(library(), cases, samples=2000)
    except Exception:  # noqa: BLE001 - the track record is secondary; the Accuracy page shows the error
        return None


def track_record_line() -> str:
    report = backtest_report()
    if not report:
        return "Back-testing against real medicines is not available on this server."
    overall = report.get("overall", {})
    n = overall.get("n", 0)
    cases = report.get("cases_scored", report.get("n_cases", n))
    coverage = overall.get("coverage_80")
    if not n or coverage is None:
        return "No back-test results yet."
    return (f"Track record: in back-tests on {cases} real medicines ({n} dated milestones), the 80% range contained "
            f"the actual date in {coverage:.0%} of cases. See “How accurate is this?”.")
