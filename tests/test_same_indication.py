"""An approval the medicine already holds for the scenario's own indication (`same_indication: true`).

Zoliflodacin was approved by the FDA for this very use on 2025-12-12: in the US the answer must say it is
already authorised (probability 1) and model only launch and coverage, with no new application or supplement.
Daratumumab (ResetME) is authorised for myeloma, not ME/CFS: its US route stays the efficacy supplement.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pathways import api, cli
from pathways.answer import answer_question, headline
from pathways.i18n import use_language
from pathways.load import load_scenario_text
from pathways.new_scenario import PlainAnswers
from pathways.problems import PathwayError
from tests.conftest import ROOT

ZOLIFLODACIN = (ROOT / "seeds" / "zoliflodacin.yaml").read_text(encoding="utf-8")
APPROVED = dt.date(2025, 12, 12)
NEW_AS_OF = dt.date(2026, 12, 2)
#: the lines of the US approval in the seed: where it starts (`- {region: US, ...`) and its `same_indication`
US_APPROVAL_LINE = next(n for n, line in enumerate(ZOLIFLODACIN.splitlines(), 1) if "- {region: US," in line)
SAME_INDICATION_LINE = next(n for n, line in enumerate(ZOLIFLODACIN.splitlines(), 1) if "same_indication: true}" in line)

#: the US steps of a new application or an efficacy supplement: none may still lie ahead
US_FILING_STEPS = {
    "us.dossier",
    "us.submission",
    "us.sponsor_decision",
    "us.review_standard",
    "us.review_priority",
    "us.fda_action",
}


@pytest.fixture(scope="module")
def zoliflodacin(library: api.Library) -> api.Composition:
    return api.prepare(library, load_scenario_text(ZOLIFLODACIN, "zoliflodacin.yaml"))


@pytest.fixture(scope="module")
def us_answer(zoliflodacin: api.Composition):
    return answer_question(zoliflodacin, ["US", "DE"], samples=2000)


def test_the_seed_marks_the_us_approval_and_answers_for_the_us(zoliflodacin: api.Composition):
    (held,) = zoliflodacin.scenario.product.authorised
    assert (held.region, held.same_indication, held.since) == ("US", True, APPROVED)
    assert "US" in zoliflodacin.scenario.countries
    # the approval is for this use, so no condition reads the product as authorised for another one in the US
    assert "US" not in zoliflodacin.scenario.authorised_regions()
    assert zoliflodacin.scenario.completed["us.fda_approval"] == APPROVED


def test_us_is_already_authorised_with_probability_one_and_no_supplement(us_answer):
    us = us_answer.countries["US"]
    assert us.authorised_here is not None
    assert us.authorised_here.since == APPROVED
    assert us.authorised_here.to_json()["p_authorised"] == 1.0
    reimbursed = us.routes["reimbursed"]
    live = {s.id for s in reimbursed.steps if s.p50 is not None}
    assert live == {"us.launch", "us.payer_coverage", "us.reimbursed_access"}
    assert not (live & US_FILING_STEPS)
    assert reimbursed.estimate.p_reached > 0.99  # nothing can refuse it any more: launch and coverage remain
    assert reimbursed.who_must_act == []  # no decision is open
    assert set(us.routes) <= {"reimbursed", "trial"}  # expanded access and off-label are for other situations
    assert us_answer.to_json()["countries"]["US"]["authorised_for_this_use"]["since"] == "2025-12-12"
    assert "authorised_for_this_use" not in us_answer.to_json()["countries"]["DE"]


def test_the_us_headline_and_questions_say_it_is_already_authorised(zoliflodacin: api.Composition, us_answer):
    text = headline(us_answer, "US")
    assert text.startswith("Nuzolvence is already authorised for this use in the United States (since 12 Dec 2025)")
    assert (
        "No new application or second approval is needed there. What remains: company launches the medicine in the US; " in text
    )
    assert "insurers publish coverage policies." in text
    who, shared = us_answer.questions  # answered for the first country asked: the US
    assert "already authorised for this use in the United States" in who.answer
    assert "FDA" not in who.answer and "FDA" not in shared.answer
    assert "No route is reached" not in who.answer


def test_the_norwegian_headline_says_it_too(zoliflodacin: api.Composition):
    with use_language("nb"):
        answer = answer_question(zoliflodacin, ["US"], samples=500)
        text = headline(answer, "US")
    assert "allerede godkjent for denne bruken" in text


def test_europe_is_unchanged_by_the_us_approval(library: api.Library, zoliflodacin: api.Composition):
    without_us = ZOLIFLODACIN.replace(
        "countries: [DE, FR, NL, ES, IT, SE, DK, GB, US]", "countries: [DE, FR, NL, ES, IT, SE, DK, GB]"
    )
    other_use = without_us.replace("same_indication: true", "same_indication: false")
    before = answer_question(api.prepare(library, load_scenario_text(other_use, "z.yaml")), ["DE", "GB"], samples=2000)
    after = answer_question(zoliflodacin, ["DE", "GB"], samples=2000)
    for cc in ("DE", "GB"):
        assert after.countries[cc].estimate == before.countries[cc].estimate
        assert after.countries[cc].authorised_here is None


def test_the_same_approval_for_another_use_still_models_the_supplement(library: api.Library):
    other_use = ZOLIFLODACIN.replace("same_indication: true", "same_indication: false")
    composition = api.prepare(library, load_scenario_text(other_use, "z.yaml"))
    assert "us.sponsor_decision" in composition.graph  # the efficacy supplement's filing decision
    us = answer_question(composition, ["US"], samples=500).countries["US"]
    assert us.authorised_here is None
    assert "already authorised" not in headline(answer_question(composition, ["US"], samples=500), "US")


def test_resetme_daratumumab_keeps_its_new_indication_route(resetme: api.Composition):
    # authorised for myeloma, not ME/CFS: no entry says same_indication, so nothing is taken as done
    assert not resetme.scenario.authorised_here()
    assert resetme.authorised_here == {}
    assert "us.fda_approval" not in resetme.scenario.completed
    answer = answer_question(resetme, ["US", "NO"], samples=1000)
    us = answer.countries["US"]
    assert us.authorised_here is None
    assert "us.sponsor_decision" in us.routes["reimbursed"].path  # the holder must still file the supplement
    assert "off_label" in us.routes
    assert "eu.mah_decision" in answer.countries["NO"].routes["reimbursed"].path  # the Type II variation
    assert "already authorised for this use" not in headline(answer, "US")


def test_same_indication_needs_a_date():
    text = ZOLIFLODACIN.replace("since: 2025-12-12,\n       same_indication", "\n       same_indication")
    with pytest.raises(PathwayError) as info:
        load_scenario_text(text, "z.yaml")
    (problem,) = info.value.problems
    assert (problem.file, problem.line) == ("z.yaml", US_APPROVAL_LINE)
    assert "`same_indication: true` needs `since:`" in str(problem)


def test_an_approval_dated_after_as_of_is_located_with_a_fix(library: api.Library):
    text = ZOLIFLODACIN.replace("since: 2025-12-12,\n       same", "since: 2026-01-12,\n       same")
    with pytest.raises(PathwayError) as info:
        api.prepare(library, load_scenario_text(text, "z.yaml"))
    (problem,) = info.value.problems
    assert (problem.file, problem.line) == ("z.yaml", US_APPROVAL_LINE)
    assert problem.key == "product.authorised[0].since"
    assert "dated after `as_of`" in problem.message and "position" in problem.fix


def test_same_indication_must_be_a_yes_or_no():
    text = ZOLIFLODACIN.replace("same_indication: true", "same_indication: maybe")
    with pytest.raises(PathwayError) as info:
        load_scenario_text(text, "z.yaml")
    assert info.value.problems[0].line == SAME_INDICATION_LINE


# ---------------------------------------------------------------- `new`: approved for this same disease or for another


def test_plain_answers_tell_this_disease_from_another(library: api.Library):
    answers = PlainAnswers(
        phase="phase3",
        status="finished",
        company=True,
        approved_same_in=["US"],
        approved_same_since=APPROVED,
        approved_in=["EU"],
        approved_for="another infection",
        countries=["US", "DE"],
        medicine="Zoliflodacin",
        condition="gonorrhoea",
    )
    text = api.new_scenario_from_answers(answers, library, NEW_AS_OF)
    assert '- {region: US, for: "gonorrhoea", since: 2025-12-12, same_indication: true}' in text
    assert '- {region: EU, for: "another infection"}' in text
    assert "already authorised for this disease in US" in text and "for another use in EU" in text
    composition = api.prepare(library, load_scenario_text(text, "plain.yaml"))
    assert composition.scenario.authorised_regions() == {"EU"}  # off-label and the Type II variation there
    assert set(composition.authorised_here) == {"US"}
    us = answer_question(composition, ["US"], samples=500).countries["US"]
    assert us.authorised_here is not None and us.authorised_here.since == APPROVED


def test_an_approval_for_this_disease_without_a_date_is_asked_for(library: api.Library):
    answers = PlainAnswers(phase="phase3", status="finished", approved_same_in=["US"], countries=["US"])
    text = api.new_scenario_from_answers(answers, library, NEW_AS_OF)
    line = next(line for line in text.splitlines() if "same_indication: true" in line)
    assert f"since: {NEW_AS_OF.isoformat()}" in line and "ASK: the date of this approval" in line
    api.prepare(library, load_scenario_text(text, "plain.yaml"))  # valid as written


def test_a_trial_record_with_the_answer_for_this_disease(library: api.Library):
    answers = PlainAnswers(phase="phase3", status="finished", approved_same_in=["US"], approved_same_since=APPROVED)
    record = (ROOT / "tests" / "fixtures" / "trials" / "NCT05817669.json").read_bytes()
    text = api.new_scenario_from_record(record, library, NEW_AS_OF, answers)
    scenario = load_scenario_text(text, "x.yaml").model
    (held,) = scenario.product.authorised
    assert (held.region, held.same_indication, held.since) == ("US", True, APPROVED)
    assert held.for_ == scenario.indication  # the trial's own disease


def test_cli_new_asks_which_disease_the_approval_is_for(tmp_path):
    out = tmp_path / "same.yaml"
    args = ["new", "--phase", "3", "--status", "finished", "--approved-same-in", "US", "--approved-same-since", "2025-12-12"]
    assert cli.main([*args, "--countries", "US,DE", "--as-of", "2026-12-02", "-o", str(out)]) == 0
    assert "same_indication: true" in out.read_text(encoding="utf-8")
    assert cli.main(["check", str(out)]) == 0
    assert cli.main([*args[:-1], "12/12/2025", "-o", str(tmp_path / "bad.yaml")]) == 1
