"""Routes that close (a recruitment window), routes with few places, individual routes, paying privately,
and the Norwegian routes built on them (ResetME)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pathways import api
from pathways.problems import PathwayError
from tests.conftest import ROOT, write

FRAGMENT = """\
namespace: w
title: Window test
jurisdiction: Testland
countries: [NO]
reviewed: 2026-01-01
sources:
  s1: {title: A source, url: "https://example.org/a", supports: "numbers", read: 2026-01-01}
steps:
  - id: start
    label: Trial opens
    kind: milestone
    explain: The trial opens.
  - id: trial
    label: Trial
    after: [start]
    explain: The trial runs.
    duration: {fixed: 400, sources: [s1]}
  - id: join
    label: Join the trial
    kind: access
    country: NO
    route: trial
    after: [start]
    explain: Patients join.
    window:
      open_for: {fixed: 200, sources: [s1]}
  - id: later
    label: A later route
    kind: access
    country: NO
    route: off_label
    after: [trial]
    explain: After the trial.
    window:
      closes: 2026-12-31
      sources: [s1]
  - id: private
    label: Pay privately
    kind: access
    country: NO
    route: private
    after: [start]
    explain: Pay.
    place: {probability: 0.25, explain: "a doctor agrees", sources: [s1]}
"""

SCENARIO = """\
title: Window scenario
as_of: 2026-01-01
product: {name: Testamab, substance: testamab}
indication: test disease
position: {step: w.trial, since: 2026-01-01}
countries: [NO]
"""


def _compose(tmp_path: Path, fragment: str = FRAGMENT, scenario: str = SCENARIO) -> api.Composition:
    lib = api.load_library(write(tmp_path / "library" / "w.yaml", fragment).parent)
    return api.prepare(lib, api.load_scenario(write(tmp_path / "s.yaml", scenario)))


def test_open_for_reports_when_the_route_closes(tmp_path: Path) -> None:
    answer = api.answer_question(_compose(tmp_path), samples=2000)
    trial = answer.countries["NO"].routes["trial"]
    assert trial.estimate.p_reached == 1.0
    assert trial.estimate.p50 == dt.date(2026, 1, 1)
    assert trial.open_until == dt.date(2026, 1, 1) + dt.timedelta(days=200)


def test_a_route_that_would_open_after_it_closes_is_never_reached(tmp_path: Path) -> None:
    # the trial ends on day 400 (2027-02-05), after the route's closing date 2026-12-31
    answer = api.answer_question(_compose(tmp_path), samples=2000)
    assert answer.countries["NO"].routes["off_label"].estimate.p_reached == 0.0
    later = FRAGMENT.replace("closes: 2026-12-31", "closes: 2027-06-30")
    answer = api.answer_question(_compose(tmp_path, later), samples=2000)
    route = answer.countries["NO"].routes["off_label"]
    assert route.estimate.p_reached == 1.0
    assert route.open_until == dt.date(2027, 6, 30)


def test_place_probability_sets_the_share_of_futures(tmp_path: Path) -> None:
    answer = api.answer_question(_compose(tmp_path), samples=20_000)
    private = answer.countries["NO"].routes["private"]
    assert private.estimate.p_reached == pytest.approx(0.25, abs=0.015)
    # paying privately is reported beside the answer, not as the country's chance of access
    assert answer.countries["NO"].estimate.p_reached == 1.0
    assert "Paying privately" in api.headline(answer, "NO")


def test_scenario_access_details_replace_the_library(tmp_path: Path) -> None:
    scenario = SCENARIO + (
        "access:\n"
        "  w.join:\n"
        "    window: {closes: 2026-03-01, assumption: a forum-reported deadline}\n"
        "    place: {probability: 0.1, explain: few places, assumption: judgement}\n"
        "    for_whom: Adults meeting the entry criteria.\n"
    )
    answer = api.answer_question(_compose(tmp_path, scenario=scenario), samples=20_000)
    trial = answer.countries["NO"].routes["trial"]
    assert trial.estimate.p_reached == pytest.approx(0.1, abs=0.015)
    assert trial.open_until == dt.date(2026, 3, 1)  # the earlier of the date and 200 days
    assert trial.for_whom == "Adults meeting the entry criteria."
    assert "recruits until about March 2026" in api.headline(answer, "NO")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("    window: {}\n", "a window needs"),
        ("    place: {probability: 1.5, explain: x, assumption: y}\n", "between 0 and 1"),
    ],
)
def test_window_and_place_are_validated(tmp_path: Path, text: str, message: str) -> None:
    bad = FRAGMENT.replace("    explain: The trial runs.\n", "    explain: The trial runs.\n")
    bad = bad.replace(
        '    explain: Pay.\n    place: {probability: 0.25, explain: "a doctor agrees", sources: [s1]}\n',
        "    explain: Pay.\n" + text,
    )
    with pytest.raises(PathwayError) as err:
        api.load_library(write(tmp_path / "library" / "w.yaml", bad).parent)
    assert message in str(err.value)


def test_window_only_on_access_steps(tmp_path: Path) -> None:
    bad = FRAGMENT.replace(
        "    explain: The trial runs.\n", "    explain: The trial runs.\n    window: {closes: 2027-01-01, sources: [s1]}\n"
    )
    with pytest.raises(PathwayError) as err:
        api.load_library(write(tmp_path / "library" / "w.yaml", bad).parent)
    assert "belong on access steps only" in str(err.value)


def test_unsourced_closing_date_is_refused(tmp_path: Path) -> None:
    bad = FRAGMENT.replace("      closes: 2026-12-31\n      sources: [s1]\n", "      closes: 2026-12-31\n")
    with pytest.raises(PathwayError) as err:
        api.load_library(write(tmp_path / "library" / "w.yaml", bad).parent)
    assert "later.window" in str(err.value) and "no source" in str(err.value)


def test_scenario_access_must_name_an_access_step(tmp_path: Path) -> None:
    scenario = SCENARIO + "access:\n  w.trial:\n    for_whom: nobody\n"
    with pytest.raises(PathwayError) as err:
        _compose(tmp_path, scenario=scenario)
    assert "is not a route to patients" in str(err.value)


# --- the Norwegian answer for ResetME ---------------------------------------------------------------


@pytest.fixture(scope="module")
def resetme_no() -> dict:
    library = api.load_library()
    composition = api.prepare(library, api.load_scenario(ROOT / "seeds" / "resetme.yaml"))
    return api.answer_question(composition, ["NO"], samples=20_000).to_json()["countries"]["NO"]


def _ways(country: dict) -> dict[str, dict]:
    return {w["id"]: w for r in country["routes"].values() for w in r["ways"]}


def test_resetme_trial_closes_at_the_recruitment_deadline(resetme_no: dict) -> None:
    trial = resetme_no["routes"]["trial"]
    way = _ways(resetme_no)["no.trial_enrolment"]
    assert way["closes"]["p50"] == "2026-12-31"
    assert 0.0 < way["p_access"] < 0.05  # few places, a third on placebo
    assert trial["p_access"] < 0.1
    assert "Canadian Consensus Criteria" in way["for_whom"]


def test_resetme_norway_lists_the_new_routes(resetme_no: dict) -> None:
    ways = _ways(resetme_no)
    individual = ways["no.offlabel_individual_access"]
    assert individual["serves"] == "individual" and 0.0 < individual["p_access"] < 0.1
    assert individual["p50"] < "2028-01-01"  # the only route outside a trial before the readout
    private = ways["no.private_treatment"]
    assert private["p50"] == "2026-11-25" and "SEK 282,000" in private["who_pays"]
    assert ways["no.phase3_enrolment"]["p_access"] > 0.0  # the KLINBEFORSK (or company) phase 3


def test_resetme_group_offlabel_is_later_and_less_likely_than_before(resetme_no: dict) -> None:
    group = _ways(resetme_no)["no.offlabel_access"]
    assert group["p_access"] < 0.05
    assert group["p50"] > "2030-01-01"
    assert group["p90"] > "2033-01-01"  # a long tail


def test_academic_phase3_feeds_group_offlabel_funding(library: api.Library) -> None:
    composition = api.prepare(library, api.load_scenario(ROOT / "seeds" / "resetme.yaml"))
    graph = composition.graph
    assert "no.academic_phase3_readout" in graph.predecessors("no.offlabel_publication_phase3")
    off = api.answer_question(composition, ["NO"], samples=20_000, parameters={"p_klinbeforsk_funded_no": 0.0})
    on = api.answer_question(composition, ["NO"], samples=20_000, parameters={"p_klinbeforsk_funded_no": 1.0})
    get = lambda a: next(w for w in a.countries["NO"].routes["off_label"].ways if w.id == "no.offlabel_access")  # noqa: E731
    assert get(on).estimate.p_reached > get(off).estimate.p_reached + 0.005


def test_judgement_sensitivity_moves_the_label_route_the_right_way(library: api.Library) -> None:
    composition = api.prepare(library, api.load_scenario(ROOT / "seeds" / "resetme.yaml"))
    found = {
        s.parameter: s for s in api.judgement_sensitivity(composition, "NO", names=["p_mah_files", "p_single_trial_sufficient"])
    }
    mah = found["p_mah_files"]
    assert (mah.low.value, mah.value, mah.high.value) == (0.125, 0.25, 0.5)
    assert mah.low.estimate.p_reached < mah.base.p_reached < mah.high.estimate.p_reached
    assert "If it were 12%" in mah.sentence() and "This scenario sets it" in mah.basis
    single = found["p_single_trial_sufficient"]
    # a compelling phase 2 skips the confirmatory trial: the earliest dates come sooner when it is likelier
    assert single.high.estimate.p10 is not None and single.low.estimate.p10 is not None
    assert single.high.estimate.p10 < single.low.estimate.p10
    # every judgement on the route is found by default, largest effect first
    default = api.judgement_sensitivity(composition, "NO")
    assert {"p_mah_files", "p_single_trial_sufficient"} <= {s.parameter for s in default}
    assert [s.swing for s in default] == sorted((s.swing for s in default), reverse=True)


ALSO_FRAGMENT = """\
namespace: q
title: Question test
jurisdiction: Testland
countries: [NO]
reviewed: 2026-01-01
sources:
  s1: {title: A source, url: "https://example.org/a", supports: "numbers", read: 2026-01-01}
steps:
  - {id: start, label: Start, kind: milestone, explain: Start.}
  - {id: company_trial, label: Company trial, after: [start], explain: Long., duration: {fixed: 500, sources: [s1]}}
  - {id: academic_trial, label: Academic trial, after: [start], explain: Short., duration: {fixed: 200, sources: [s1]}}
  - {id: decision, label: Decision, after: [start], explain: Funding., duration: {fixed: 300, sources: [s1]}}
  - {id: access, label: Access, kind: access, country: NO, route: off_label, after: [decision], explain: Access.}
  - {id: label, label: On label, kind: access, country: NO, route: reimbursed, after: [company_trial, academic_trial], explain: Later.}
"""


@pytest.mark.parametrize(("also", "share", "during"), [("", 0.0, 1.0), ("    also: [q.academic_trial]\n", 1.0, 1.0)])
def test_questions_count_the_steps_named_as_the_same(tmp_path: Path, also: str, share: float, during: float) -> None:
    scenario = SCENARIO.replace("w.trial", "q.start").replace("2026-01-01}", "2026-01-01}") + (
        "questions:\n"
        "  - ask: Must we wait for another trial?\n    compute: wait_for_step\n    step: q.company_trial\n"
        + also
        + "  - ask: Can a trial run meanwhile?\n    compute: access_while_running\n    step: q.company_trial\n"
        + also
    )
    answer = api.answer_question(_compose(tmp_path, ALSO_FRAGMENT, scenario), samples=500)
    wait, meanwhile = answer.questions
    assert wait.figures["off_label"] == share
    assert meanwhile.figures["share_during"] == during  # the company trial still runs at day 300
    if also:
        assert "“Company trial” or “Academic trial”" in wait.answer


def test_audit_lists_every_norwegian_route_with_its_figures() -> None:
    from pathways.audit import audit_library

    report = audit_library(api.load_library())["access_steps"]
    norwegian = {k: v for k, v in report.items() if v["country"] == "NO"}
    assert {"no.offlabel_access", "no.offlabel_individual_access", "no.private_treatment", "no.trial_enrolment"} <= set(norwegian)
    for entry in norwegian.values():
        assert entry["figures"] == entry["sourced"] + entry["assumptions"] and entry["unlabelled"] == []
    assert norwegian["no.offlabel_access"]["figures"] > norwegian["no.trial_enrolment"]["figures"]


def test_resetme_norway_headline_names_the_deadline_and_the_individual_route(library: api.Library) -> None:
    composition = api.prepare(library, api.load_scenario(ROOT / "seeds" / "resetme.yaml"))
    text = api.headline(api.answer_question(composition, ["NO"], samples=20_000), "NO")
    assert "recruits until about December 2026" in text
    assert "For one patient whose hospital applies, an individual off-label application" in text
    assert "Paying privately for off-label treatment is legal today" in text
    # the main answer is the patient group's route, not the individual application of 2027
    assert text.index("off-label treatment funded by the health system.") < text.index("For one patient")
    assert "around 2027" not in text.split(".")[0]
