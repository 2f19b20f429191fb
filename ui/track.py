"""The back-test's track record, computed once per process in the background and shown beside every answer."""

from __future__ import annotations

import threading
from typing import Any

import streamlit as st

from pathways.formatting import percent_text
from pathways.i18n import _
from ui.state import ROOT, library


class _Backtest:
    """Runs the back-test on a thread so no page waits for it (except the accuracy page, which needs it)."""

    def __init__(self) -> None:
        self.result: dict[str, Any] | None = None
        self.error = ""
        self.done = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        try:
            from pathways.backtest import default_case_files, run_backtest

            self.result = run_backtest(library(), default_case_files(ROOT / "validation"))
        except Exception as err:
            self.error = f"{type(err).__name__}: {err}"
        finally:
            self.done.set()


@st.cache_resource(show_spinner=False)
def _backtest() -> _Backtest:
    return _Backtest()


def backtest_report(wait: bool = False) -> dict[str, Any] | None:
    job = _backtest()
    if wait:
        job.done.wait(timeout=300)
    return job.result


def track_record_line(country: str | None = None) -> str:
    """The all-medicine record, then that country's own route record (and a plain word when it is too thin)."""
    job = _backtest()
    if not job.done.is_set():
        return _("Track record: the back-test against real medicines is being computed; see “How accurate is this?”.")
    report = job.result
    if not report:
        return _("Back-testing against real medicines is not available on this server.")
    overall = report.get("overall", {})
    n = overall.get("n_scored", 0)
    cases = report.get("n_cases_scored", n)
    coverage = overall.get("coverage_p10_p90")
    if not n or coverage is None:
        return _("No back-test results yet.")
    line = _(
        "Track record: in back-tests on {cases} real medicines ({n} dated milestones), the 80% range contained "
        "the actual date in {coverage} of cases — see “How accurate is this?”."
    ).format(cases=cases, n=n, coverage=percent_text(round(coverage * 100)))
    if country:
        from pathways.backtest import track_record

        line += " " + track_record(report, country)["text"]
    return line
