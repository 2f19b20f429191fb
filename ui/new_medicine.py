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
from collections.abc import Callable

import streamlit as st

from pathways import api
from pathways.countries import country_label
from pathways.i18n import N_, _
from pathways.problems import PathwayError
from ui.code_editor import replace_text
from ui.state import CUSTOM, library
from ui.text import md_escape
from ui.uploader import file_uploader

OPEN = "new_medicine_open"
#: Environment variable naming where the app fetches records; a test points it at a local server.
REGISTRY_ENV = "PATHWAYS_REGISTRY_URL"
PHASES = {
    "phase1": N_("Phase 1"),
    "phase1_2": N_("Phase 1/2"),
    "phase2": N_("Phase 2"),
    "phase2_3": N_("Phase 2/3"),
    "phase3": N_("Phase 3"),
}
STATUS = {"not_started": N_("Not started yet"), "running": N_("Running (recruiting or following up)"), "finished": N_("Finished")}
REGIONS = ["EU", "US", "GB", "CH", "CA", "AU", "JP"]
UNKNOWN = "unknown"
#: the ways in, by key; what the radio shows is the translated label
HOW = {"nct": N_("Trial number (NCT)"), "record": N_("Saved record (JSON)"), "plain": N_("Plain questions")}
CHOICES = {
    UNKNOWN: N_("I don't know"),
    "yes": N_("Yes"),
    "no": N_("No"),
    "company": N_("A company"),
    "public": N_("A hospital, university or public funder"),
}


def _label(table: dict[str, str]) -> Callable[[str], str]:
    """A radio's or select box's `format_func`: the key's label in the active language."""
    return lambda key: _(table[key])


def sidebar_button() -> None:
    """The way in, shown under the scenario picker."""
    if st.sidebar.button(_("Another medicine…"), key="new_medicine_button", icon=":material/add:", width="stretch"):
        st.session_state[OPEN] = True


def panel() -> None:
    """The form, in the main area when opened: three ways in, then the YAML with every value's origin."""
    if not st.session_state.get(OPEN):
        return
    with st.container(border=True, key="new-medicine"):
        st.markdown(_("### Start from another medicine"))
        st.markdown(
            _(
                "Give a ClinicalTrials.gov number, upload the record's JSON (the study page's **Download → JSON**), "
                "or answer a few plain questions. Every value we infer is marked with where it came from; values a "
                "record cannot know are safe defaults marked **ASK** — check them on the Edit page."
            )
        )
        how = st.radio(_("Start from"), list(HOW), format_func=_label(HOW), horizontal=True, key="nm_how")
        if how == "plain":
            _plain_form()
        else:
            _record_form(how)
        _result()


def _extra_answers(prefix: str) -> api.PlainAnswers:
    """What a record cannot know; also part of the plain questions."""
    cols = st.columns(2)
    approved = cols[0].multiselect(
        _("Already approved for another disease in"),
        REGIONS,
        key=f"{prefix}_approved",
        help=_("EU = a centralised EU authorisation"),
    )
    approved_for = cols[0].text_input(_("Approved for (which disease)"), key=f"{prefix}_approved_for")
    same = cols[0].multiselect(
        _("Already approved for this same disease in"),
        REGIONS,
        key=f"{prefix}_approved_same",
        help=_("There the approval is done: only launch and reimbursement remain."),
    )
    same_since = cols[0].date_input(
        _("Date of that approval"),
        value=None,
        min_value=dt.date(1940, 1, 1),  # Streamlit's default floor is ten years back; approvals are often older
        max_value=dt.date.today(),
        key=f"{prefix}_approved_same_since",
    )
    rare = cols[1].radio(
        _("Is the disease rare (orphan designation)?"),
        [UNKNOWN, "yes", "no"],
        format_func=_label(CHOICES),
        horizontal=True,
        key=f"{prefix}_rare",
    )
    return api.PlainAnswers(
        phase="phase2",
        status="running",
        approved_in=approved or None,
        approved_for=approved_for.strip() or None,
        approved_same_in=same or None,
        approved_same_since=same_since if isinstance(same_since, dt.date) else None,
        rare=None if rare == UNKNOWN else rare == "yes",
    )


def _record_form(how: str) -> None:
    raw: bytes | None = None
    name = "record.json"
    if how == "nct":
        number = st.text_input(_("ClinicalTrials.gov number"), placeholder="NCT01234567", key="nm_nct")
    else:
        upload = file_uploader(st.container(), _("Saved record (JSON)"), ["json"], key="nm_upload", max_mb=10)
        if upload is not None:
            raw, name = upload.getvalue(), upload.name
    answers = _extra_answers("nm")
    if st.button(_("Build the scenario"), type="primary", key="nm_build"):
        try:
            if how == "nct":
                raw = api.fetch_trial_record(number, os.environ.get(REGISTRY_ENV, api.BASE_URL))
                name = api.normalise_trial_id(number)
            if raw is None:
                st.error(_("Choose a saved record first (the study page's Download → JSON)."))
                return
            _accept(api.new_scenario_from_record(raw, library(), dt.date.today(), answers, file=name))
        except PathwayError as err:
            _show_problems(err)


def _plain_form() -> None:
    cols = st.columns(2)
    phase = cols[0].selectbox(_("Which phase is the trial?"), list(PHASES), format_func=_label(PHASES), index=2, key="pq_phase")
    status = cols[1].selectbox(
        _("Is it running or finished?"), list(STATUS), format_func=_label(STATUS), index=1, key="pq_status"
    )
    run_by = cols[0].radio(
        _("Who runs it?"), [UNKNOWN, "company", "public"], format_func=_label(CHOICES), horizontal=True, key="pq_run_by"
    )
    start = cols[1].date_input(_("When did it start? (optional)"), value=None, key="pq_start")
    medicine = cols[0].text_input(_("The medicine"), key="pq_medicine")
    condition = cols[1].text_input(_("The disease"), key="pq_condition")
    available = sorted(library().countries())
    countries = st.multiselect(
        _("Countries with trial sites (and to answer for)"), available, format_func=country_label, key="pq_countries"
    )
    extra = _extra_answers("pq")
    if st.button(_("Build the scenario"), type="primary", key="pq_build"):
        answers = api.PlainAnswers(
            phase=phase,
            status=status,
            company=None if run_by == UNKNOWN else run_by == "company",
            approved_in=extra.approved_in,
            approved_for=extra.approved_for,
            approved_same_in=extra.approved_same_in,
            approved_same_since=extra.approved_same_since,
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
    st.error(_("That did not work — what you typed is kept:"))
    for problem in err.problems[:8]:
        st.markdown(f"- {md_escape(problem.message)}" + (f"  \n  ↳ {md_escape(problem.fix)}" if problem.fix else ""))


def _result() -> None:
    text = st.session_state.get("nm_result")
    if not text:
        return
    asks = [line.split("# ASK:", 1)[1].strip() for line in text.splitlines() if "# ASK:" in line]
    st.success(_("Built. The answer below is for this medicine (“Your edited scenario” in the sidebar)."))
    if asks:
        st.markdown(_("**Check these safe defaults** (a record cannot know them):"))
        for ask in asks:
            st.markdown(f"- {md_escape(ask)}")
    with st.expander(_("Every inferred value, with where it came from (YAML)"), expanded=False):
        st.code(text, language="yaml", wrap_lines=True)
    cols = st.columns(2)
    if cols[0].button(_("Edit these values"), icon=":material/edit:", key="nm_edit", width="stretch"):
        st.session_state[OPEN] = False
        st.switch_page("ui/pages/edit.py")
    if cols[1].button(_("Close"), key="nm_close", width="stretch"):
        st.session_state[OPEN] = False
        st.session_state.pop("nm_result", None)
        st.rerun()
