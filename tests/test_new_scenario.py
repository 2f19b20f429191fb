"""`new`: a scenario from a trial record or plain answers — valid, answerable, and traceable line by line."""

from __future__ import annotations

import copy
import datetime as dt
import http.server
import json
import re
import threading
import time
from collections.abc import Iterator

import pytest

from pathways import api, cli
from pathways.new_scenario import ESTIMATE_SLIP, LAG_MAX, LAG_MIN, LAG_TYPICAL, PlainAnswers
from pathways.registry_client import fetch_study, normalise_trial_id
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "trials"
RECORDS = sorted(FIXTURES.glob("*.json"))
AS_OF = dt.date(2026, 12, 2)
#: Lines whose value is inferred: each must carry a comment saying where it came from.
VALUE_KEYS = re.compile(
    r"^\s*(-\s+)?(title|name|substance|holder|orphan|authorised|indication|step|since|flags|countries|min|typical|max):"
)


def record(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def scenario_part(text: str) -> list[str]:
    """The lines before `questions:` (the values; questions and sources are fixed text)."""
    return text.split("\nquestions:")[0].splitlines()


@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_each_fixture_gives_a_scenario_that_check_accepts_and_answers_every_country(library, path):
    text = api.new_scenario_from_record(path.read_bytes(), library, AS_OF, file=path.name)
    composition = api.prepare(library, api.load_scenario_text(text, "new.yaml"))
    countries = sorted(library.countries())
    started = time.perf_counter()
    answer = api.answer_question(composition, countries, samples=2000)
    elapsed = time.perf_counter() - started
    print(f"{path.stem}: answered {len(countries)} countries in {elapsed:.2f} s")  # measured, not asserted
    assert set(answer.countries) == set(countries)
    assert all(answer.countries[c].routes for c in countries)
    for line in scenario_part(text):
        if VALUE_KEYS.match(line) and not line.strip().startswith(("title: ", "- {region")):
            assert "  # " in line, f"no origin on: {line}"


def test_readout_is_primary_completion_plus_the_sourced_lag():
    data = record("NCT02229942")
    library = api.load_library()
    text = api.new_scenario_from_record(json.dumps(data), library, AS_OF)
    start, completion = dt.date(2014, 9, 15), dt.date(2017, 11, 15)  # month-only dates read as the 15th
    days = (completion - start).days
    assert f"since: {start.isoformat()}  # record: statusModule.startDateStruct.date" in text
    assert f"min: {days + LAG_MIN}  #" in text
    assert f"typical: {days + LAG_TYPICAL}  #" in text
    assert f"max: {days + LAG_MAX}  #" in text and "[pitt_results]" in text  # ACTUAL date: no slip allowance
    data["protocolSection"]["statusModule"]["primaryCompletionDateStruct"]["type"] = "ESTIMATED"
    estimated = api.new_scenario_from_record(json.dumps(data), library, AS_OF)
    assert f"max: {days + LAG_MAX + ESTIMATE_SLIP}  #" in estimated
    # an old completion date: the note says the results are probably out and how to record them
    assert "results are probably out" in text and "clinical.phase3_readout: positive" in text


def test_record_values_are_traced_to_their_fields(library):
    text = api.new_scenario_from_record((FIXTURES / "NCT06684847.json").read_bytes(), library, AS_OF)
    assert "step: clinical.phase3_trial  # record: designModule.phases = ['PHASE3']" in text
    assert "flags: [trial_sites_us, trial_sites_gb]  # record: contactsLocationsModule.locations[].country" in text
    assert 'indication: "Primary Sjogrens Disease"  # record: conditionsModule.conditions' in text
    assert 'holder: "argenx"  # record: sponsorCollaboratorsModule.leadSponsor.name' in text
    assert "authorised: []  # ASK:" in text and "orphan: false  # ASK:" in text
    assert "sources: [pitt_results, waife_lock, registry]" in text
    assert "url: https://clinicaltrials.gov/study/NCT06684847" in text


def test_no_completion_date_keeps_the_library_duration(library):
    text = api.new_scenario_from_record((FIXTURES / "NCT06872125.json").read_bytes(), library, AS_OF)
    assert "\ndurations:" not in text and "# durations: none given" in text
    composition = api.prepare(library, api.load_scenario_text(text, "x.yaml"))
    assert "clinical.phase3_trial" not in composition.scenario.durations


def test_gene_therapy_phase_1_2_is_an_advanced_therapy_in_phase_2(library):
    text = api.new_scenario_from_record((FIXTURES / "NCT05616793.json").read_bytes(), library, AS_OF)
    scenario = api.load_scenario_text(text, "x.yaml").model
    assert scenario.position[0].step == "clinical.phase2_trial"
    assert "atmp" in scenario.flags and "trial_sites_us" in scenario.flags
    assert "phase 1/2 is modelled as the phase 2 step" in text


def test_answers_fill_what_the_record_cannot_know(library):
    answers = PlainAnswers(
        phase="phase2", status="running", approved_in=["EU", "US"], approved_for="generalised myasthenia gravis"
    )
    text = api.new_scenario_from_record((FIXTURES / "NCT05817669.json").read_bytes(), library, AS_OF, answers)
    scenario = api.load_scenario_text(text, "x.yaml").model
    assert scenario.authorised_regions() == {"EU", "US"}
    assert "mah_sponsored_trial" in scenario.flags  # industry sponsor + EU authorisation
    assert "authorised:  # your answer" in text
    assert "route: off_label" in text  # an authorised medicine: off-label use is the question


PLAIN = [
    PlainAnswers(phase="phase1", status="not_started"),
    PlainAnswers(phase="phase1_2", status="running", company=True, rare=True, countries=["US", "GB"], medicine="OPGx-LCA5"),
    PlainAnswers(phase="phase2", status="finished", company=False, approved_in=["EU"], countries=["NO"], off_patent=True),
    PlainAnswers(phase="phase2_3", status="running", company=True, countries=["DE", "FR"], start=dt.date(2025, 3, 1)),
    PlainAnswers(phase="phase3", status="running", company=True, approved_in=["US"], countries=["SE", "DK"], rare=False),
]


@pytest.mark.parametrize("answers", PLAIN, ids=[f"{a.phase}-{a.status}" for a in PLAIN])
def test_plain_answers_give_valid_commented_yaml(library, answers):
    text = api.new_scenario_from_answers(answers, library, AS_OF)
    composition = api.prepare(library, api.load_scenario_text(text, "plain.yaml"))
    answer = api.answer_question(composition, composition.scenario.countries, samples=500)
    assert answer.countries
    for line in scenario_part(text):
        if VALUE_KEYS.match(line) and not line.strip().startswith(("title: ", "- {region")):
            assert "  # " in line, f"no comment on: {line}"
    if answers.countries:
        assert composition.scenario.countries == answers.countries


def test_plain_answers_refuse_unknown_countries(library):
    with pytest.raises(api.PathwayError) as err:
        api.new_scenario_from_answers(PlainAnswers(phase="phase2", status="running", countries=["XX"]), library, AS_OF)
    assert "not a country the library covers" in str(err.value)


def _without(data: dict, *path: str) -> dict:
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return out


def _with(data: dict, value: object, *path: str) -> dict:
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


BASE = record("NCT02229942")
BAD = {
    "no protocolSection": (json.dumps({"hasResults": False}), "no protocolSection"),
    "no statusModule": (json.dumps(_without(BASE, "protocolSection", "statusModule")), "protocolSection.statusModule"),
    "no designModule": (json.dumps(_without(BASE, "protocolSection", "designModule")), "protocolSection.designModule"),
    "no phases": (json.dumps(_without(BASE, "protocolSection", "designModule", "phases")), "gives no phase"),
    "unknown phase": (json.dumps(_with(BASE, ["PHASE5"], "protocolSection", "designModule", "phases")), "unknown phase PHASE5"),
    "phase NA": (json.dumps(_with(BASE, ["NA"], "protocolSection", "designModule", "phases")), "not a phased trial"),
    "phase 4": (json.dumps(_with(BASE, ["PHASE4"], "protocolSection", "designModule", "phases")), "already approved"),
    "withdrawn": (json.dumps(_with(BASE, "WITHDRAWN", "protocolSection", "statusModule", "overallStatus")), "withdrawn"),
    "terminated": (
        json.dumps(
            _with(
                _with(BASE, "TERMINATED", "protocolSection", "statusModule", "overallStatus"),
                "Lack of funding",
                "protocolSection",
                "statusModule",
                "whyStopped",
            )
        ),
        "Lack of funding",
    ),
    "odd status": (json.dumps(_with(BASE, "PAUSED", "protocolSection", "statusModule", "overallStatus")), "unknown status"),
    "expanded access": (
        json.dumps(_with(BASE, "AVAILABLE", "protocolSection", "statusModule", "overallStatus")),
        "expanded-access",
    ),
    "observational": (
        json.dumps(_with(BASE, "OBSERVATIONAL", "protocolSection", "designModule", "studyType")),
        "not an interventional trial",
    ),
    "html page": ("<!DOCTYPE html><html><head><title>ClinicalTrials.gov</title></head></html>", "web page (HTML)"),
    "not json": ('{"protocolSection": {', "not valid JSON"),
    "two studies": (json.dumps({"studies": [BASE, BASE]}), "holds 2 studies"),
    "50 MB": (b" " * 50_000_000, "50.0 MB"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_records_get_a_clear_message_and_a_fix(library, case):
    raw, expected = BAD[case]
    with pytest.raises(api.PathwayError) as err:
        api.new_scenario_from_record(raw, library, AS_OF, file="record.json")
    problems = err.value.problems
    assert any(expected in str(p) for p in problems), [str(p) for p in problems]
    assert all(p.fix for p in problems)
    assert all(p.file == "record.json" for p in problems)


def test_a_search_result_with_one_study_is_accepted(library):
    text = api.new_scenario_from_record(json.dumps({"studies": [BASE]}), library, AS_OF)
    assert "NCT02229942" in text


def test_trial_numbers_are_recognised():
    assert normalise_trial_id(" nct02229942 ") == "NCT02229942"
    assert normalise_trial_id("NCT2229942") == "NCT02229942"
    for eu in ("2024-516609-22-00", "2014-000795-25"):
        with pytest.raises(api.PathwayError) as err:
            normalise_trial_id(eu)
        assert "answer the plain questions by hand" in err.value.problems[0].fix
    with pytest.raises(api.PathwayError):
        normalise_trial_id("hello")


class _Registry(http.server.BaseHTTPRequestHandler):
    """A stand-in for the registry on 127.0.0.1: one known study, a slow one, a huge one."""

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path == "/api/v2/studies/NCT02229942":
            body = (FIXTURES / "NCT02229942.json").read_bytes()
        elif path == "/api/v2/studies/NCT00000001":
            time.sleep(2)
            body = b"{}"
        elif path == "/api/v2/studies/NCT00000002":
            body = b"x" * 200_000
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def registry() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Registry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v2"
    finally:
        server.shutdown()
        server.server_close()


def test_client_fetches_a_record_from_a_local_server(registry):
    data = fetch_study("NCT02229942", registry)
    assert json.loads(data)["protocolSection"]["identificationModule"]["acronym"] == "RituxME"


def test_client_explains_missing_studies_timeouts_and_oversized_answers(registry):
    with pytest.raises(api.PathwayError) as err:
        fetch_study("NCT09999999", registry)
    assert "no study with this number" in str(err.value)
    with pytest.raises(api.PathwayError) as err:
        fetch_study("NCT00000001", registry, timeout=0.3)
    assert "could not reach the registry" in str(err.value) and "--trial-file" in str(err.value)
    with pytest.raises(api.PathwayError) as err:
        fetch_study("NCT00000002", registry, max_bytes=100_000)
    assert "larger than" in str(err.value)


def test_cli_new_from_the_network_and_from_a_file(registry, tmp_path, capsys):
    out = tmp_path / "my.yaml"
    assert cli.main(["new", "--trial", "NCT02229942", "--registry-url", registry, "--as-of", "2026-12-02", "-o", str(out)]) == 0
    assert "question:" in capsys.readouterr().err
    assert cli.main(["check", str(out)]) == 0
    second = tmp_path / "file.yaml"
    assert cli.main(["new", "--trial-file", str(FIXTURES / "NCT02229942.json"), "--as-of", "2026-12-02", "-o", str(second)]) == 0
    assert second.read_text() == out.read_text()
    assert cli.main(["new", "--trial-file", str(tmp_path / "missing.json")]) == 1
    assert "cannot read the file" in capsys.readouterr().err


def test_cli_new_from_plain_questions(tmp_path, capsys):
    out = tmp_path / "plain.yaml"
    args = ["new", "--phase", "2", "--status", "running", "--run-by", "academic", "--approved-in", "EU"]
    assert cli.main([*args, "--countries", "NO,SE", "--rare", "no", "-o", str(out)]) == 0
    assert cli.main(["check", str(out)]) == 0
    assert cli.main(["new", "--phase", "2"]) == 1
    assert "--status" in capsys.readouterr().err


def test_cli_new_refuses_ctis_numbers_with_an_explanation(capsys):
    assert cli.main(["new", "--trial", "2024-516609-22-00"]) == 1
    assert "EU CT number" in capsys.readouterr().err
