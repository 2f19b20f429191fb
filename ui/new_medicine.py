"""'Another medicine': start a scenario from an NCT number, a saved registry record, or plain questions.

A small panel the Ask page opens from the sidebar, next to the scenario picker. It only calls the
public API (`api.new_scenario_from_record`, `api.new_scenario_from_answers`); the YAML it gets back
becomes the session's own scenario ("Your edited scenario") and the Edit page's text, so every
inferred value — each with its origin in a comment — can be read and changed there. What a person
typed stays in the widgets when the record is refused.
"""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from pathways import api
from pathways.countries import country_label
from pathways.problems import PathwayError
from ui.code_editor import replace_text
from ui.state import CUSTOM, library
from ui.text import md_escape

OPEN = "new_medicine_open"
#: Environment variable naming where the app fetches records; a test points it at a local server.
REGISTRY_ENV = "PATHWAYS_REGISTRY_URL"
PHASES = {"phase1": "Phase 1", "phase1_2": "Phase 1/2", "phase2": "Phase 2", "phase2_3": "Phase 2/3", "phase3": "Phase 3"}
STATUS = {"not_started": "Not started yet", "running": "Running (recruiting or following up)", "finished": "Finished"}
REGIONS = ["EU", "US", "GB", "CH", "CA", "AU", "JP"]
UNKNOWN = "I don't know"


def sidebar_button() -> None:
    """The way in, shown under the scenario picker."""
    if st.sidebar.button("Another medicine…", key="new_medicine_button", icon=":material/add:", width="stretch"):
        st.session_state[OPEN] = True


def panel() -> None:
    """The form, in the main area when opened: three ways in, then the YAML with every value's origin."""
    if not st.session_state.get(OPEN):
        return
    with st.container(border=True, key="new-medicine"):
        st.markdown("### Start from another medicine")
        st.markdown(
            "Give a ClinicalTrials.gov number, upload the record's JSON (the study page's **Download → JSON**), "
            "or answer a few plain questions. Every value we infer is marked with where it came from; values a "
            "record cannot know are safe defaults marked **ASK** — check them on the Edit page."
        )
        how = st.radio(
            "Start from", ["Trial number (NCT)", "Saved record (JSON)", "Plain questions"], horizontal=True, key="nm_how"
        )
        if how == "Plain questions":
            _plain_form()
        else:
            _record_form(how)
        _result()


def _extra_answers(prefix: str) -> api.PlainAnswers:
    """What a record cannot know; also part of the plain questions."""
    cols = st.columns(2)
    approved = cols[0].multiselect(
        "Already approved for another disease in", REGIONS, key=f"{prefix}_approved", help="EU = a centralised EU authorisation"
    )
    approved_for = cols[0].text_input("Approved for (which disease)", key=f"{prefix}_approved_for")
    rare = cols[1].radio(
        "Is the disease rare (orphan designation)?", [UNKNOWN, "Yes", "No"], horizontal=True, key=f"{prefix}_rare"
    )
    return api.PlainAnswers(
        phase="phase2",
        status="running",
        approved_in=approved or None,
        approved_for=approved_for.strip() or None,
        rare=None if rare == UNKNOWN else rare == "Yes",
    )


def _record_form(how: str) -> None:
    raw: bytes | None = None
    name = "record.json"
    if how == "Trial number (NCT)":
        number = st.text_input("ClinicalTrials.gov number", placeholder="NCT01234567", key="nm_nct")
    else:
        upload = st.file_uploader("Saved record (JSON)", type=["json"], key="nm_upload", max_upload_size=10)
        if upload is not None:
            raw, name = upload.getvalue(), upload.name
    answers = _extra_answers("nm")
    if st.button("Build the scenario", type="primary", key="nm_build"):
        try:
            if how == "Trial number (NCT)":
                raw = api.fetch_trial_record(number, os.environ.get(REGISTRY_ENV, api.BASE_URL))
                name = api.normalise_trial_id(number)
            if raw is None:
                st.error("Choose a saved record first (the study page's Download → JSON).")
                return
            _accept(api.new_scenario_from_record(raw, library(), dt.date.today(), answers, file=name))
        except PathwayError as err:
            _show_problems(err)


def _plain_form() -> None:
    cols = st.columns(2)
    phase = cols[0].selectbox("Which phase is the trial?", list(PHASES), format_func=PHASES.get, index=2, key="pq_phase")
    status = cols[1].selectbox("Is it running or finished?", list(STATUS), format_func=STATUS.get, index=1, key="pq_status")
    run_by = cols[0].radio(
        "Who runs it?", [UNKNOWN, "A company", "A hospital, university or public funder"], horizontal=True, key="pq_run_by"
    )
    start = cols[1].date_input("When did it start? (optional)", value=None, key="pq_start")
    medicine = cols[0].text_input("The medicine", key="pq_medicine")
    condition = cols[1].text_input("The disease", key="pq_condition")
    available = sorted(library().countries())
    countries = st.multiselect(
        "Countries with trial sites (and to answer for)", available, format_func=country_label, key="pq_countries"
    )
    extra = _extra_answers("pq")
    if st.button("Build the scenario", type="primary", key="pq_build"):
        answers = api.PlainAnswers(
            phase=phase,
            status=status,
            company=None if run_by == UNKNOWN else run_by == "A company",
            approved_in=extra.approved_in,
            approved_for=extra.approved_for,
            rare=extra.rare,
            countries=countries or None,
            medicine=medicine.strip() or None,
            condition=condition.strip() or None,
            start=start if isinstance(start, dt.date) else None,
        )
        try:
            _accept(api.new_scenario_from_answers(answers, library(), dt.date.today()))
        except PathwayError as err:
            _show_problems(err)


def _accept(text: str) -> None:
    """The new YAML becomes the session's own scenario and the Edit page's text."""
    replace_text(text)
    st.session_state["sel:scenario"] = CUSTOM
    st.session_state["sel:country"] = api.load_scenario_text(text, "new.yaml").model.countries[0]  # its own first country
    st.session_state["nm_result"] = text
    st.rerun()


def _show_problems(err: PathwayError) -> None:
    st.error("That did not work — what you typed is kept:")
    for problem in err.problems[:8]:
        st.markdown(f"- {md_escape(problem.message)}" + (f"  \n  ↳ {md_escape(problem.fix)}" if problem.fix else ""))


def _result() -> None:
    text = st.session_state.get("nm_result")
    if not text:
        return
    asks = [line.split("# ASK:", 1)[1].strip() for line in text.splitlines() if "# ASK:" in line]
    st.success("Built. The answer below is for this medicine (“Your edited scenario” in the sidebar).")
    if asks:
        st.markdown("**Check these safe defaults** (a record cannot know them):")
        for ask in asks:
            st.markdown(f"- {md_escape(ask)}")
    with st.expander("Every inferred value, with where it came from (YAML)", expanded=False):
        st.code(text, language="yaml", wrap_lines=True)
    cols = st.columns(2)
    if cols[0].button("Edit these values", icon=":material/edit:", key="nm_edit", width="stretch"):
        st.session_state[OPEN] = False
        st.switch_page("ui/pages/edit.py")
    if cols[1].button("Close", key="nm_close", width="stretch"):
        st.session_state[OPEN] = False
        st.session_state.pop("nm_result", None)
        st.rerun()
