"""The back-test: predictions use only what was known at the cut-off, and the scores count honestly."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pathways import api
from pathways.backtest import calibration_curve, format_report, load_cases, run_backtest
from pathways.problems import PathwayError

ROOT = Path(__file__).resolve().parent.parent
STABLE = ("clinical", "eu_variation", "eu_maa", "no")
SAMPLES = 1500


@pytest.fixture(scope="module")
def lib_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stable EU fragments only: fast, and not disturbed by country files being edited."""
    folder = tmp_path_factory.mktemp("btlib")
    for name in STABLE:
        shutil.copy(ROOT / "pathways" / "library" / f"{name}.yaml", folder / f"{name}.yaml")
    return folder


@pytest.fixture(scope="module")
def lib(lib_dir: Path) -> api.Library:
    return api.load_library(lib_dir)


def event(date: str, verified: bool = True, result: str | None = None) -> str:
    extra = f", result: {result}" if result else ""
    return f'{{date: {date}, source: "https://example.org/{date}", verified: {str(verified).lower()}{extra}}}'


def case(cid: str, events: dict[str, str], **fields: Any) -> str:
    values = {
        "name": '"Testamab"',
        "substance": "testamab",
        "indication": "test disease",
        "kind": "new_substance",
        "eu_route": "standard",
        "accelerated_assessment": "false",
        "us_priority": "unknown",
        "orphan": "false",
        "therapeutic_area": "neurology",
        "authorised_before": "[]",
    }
    values.update({k: str(v) for k, v in fields.items()})
    lines = [f"  - id: {cid}"] + [f"    {k}: {v}" for k, v in values.items()] + ["    events:"]
    lines += [f"      {key}: {value}" for key, value in events.items()]
    return "\n".join(lines)


def write_cases(tmp_path: Path, *cases: str, name: str = "cases.yaml") -> Path:
    path = tmp_path / name
    path.write_text("cases:\n" + "\n".join(cases) + "\n", encoding="utf-8")
    return path


def rows_by(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["case"], r["milestone"]): r for r in report["rows"]}


PREDICTION = ("p_reached", "p10", "p25", "p50", "p75", "p90")


def test_negative_chmp_outcome_does_not_leak_into_the_prediction(tmp_path, lib):
    submitted = {"eu.submission": event("2020-01-15")}
    good = case(
        "good", {**submitted, "eu.chmp_opinion": event("2020-12-10", result="positive"), "eu.ec_decision": event("2021-02-05")}
    )
    bad = case(
        "bad",
        {
            **submitted,
            "eu.chmp_opinion": event("2020-12-10", result="negative"),
            "eu.ec_decision": event("2021-04-20", result="withdrawn"),
        },
    )
    report = run_backtest(lib, write_cases(tmp_path, good, bad), samples=SAMPLES)
    rows = rows_by(report)
    for milestone in ("eu.chmp_opinion", "eu.ec_decision"):
        assert {k: rows["good", milestone][k] for k in PREDICTION} == {k: rows["bad", milestone][k] for k in PREDICTION}
    assert 0.5 < rows["bad", "eu.ec_decision"]["p_reached"] < 1.0
    # the refusal scores the chance (Brier) but its date is not an EC grant date
    assert rows["bad", "eu.ec_decision"]["outcome"] == 0 and rows["bad", "eu.ec_decision"]["date_scored"] is False
    assert rows["bad", "eu.chmp_opinion"]["outcome"] == 0 and rows["bad", "eu.chmp_opinion"]["date_scored"] is True
    assert report["milestones"]["eu.ec_decision"]["n_scored"] == 1
    assert report["milestones"]["eu.ec_decision"]["n_negative"] == 1


def test_changing_a_later_date_changes_the_score_not_the_prediction(tmp_path, lib):
    early = case("x", {"eu.submission": event("2019-03-01"), "eu.chmp_opinion": event("2020-02-20", result="positive")})
    late = case("x", {"eu.submission": event("2019-03-01"), "eu.chmp_opinion": event("2020-09-07", result="positive")})
    a = rows_by(run_backtest(lib, write_cases(tmp_path, early, name="a.yaml"), samples=SAMPLES))["x", "eu.chmp_opinion"]
    b = rows_by(run_backtest(lib, write_cases(tmp_path, late, name="b.yaml"), samples=SAMPLES))["x", "eu.chmp_opinion"]
    assert {k: a[k] for k in PREDICTION} == {k: b[k] for k in PREDICTION}
    assert b["error_days"] - a["error_days"] == 200
    assert a["cutoff"] == b["cutoff"] == "2019-03-01"


def test_inside_counts_as_covered_and_outside_does_not(tmp_path, lib):
    probe = case("probe", {"eu.submission": event("2021-05-03"), "eu.ec_decision": event("2022-06-01")})
    predicted = rows_by(run_backtest(lib, write_cases(tmp_path, probe, name="probe.yaml"), samples=SAMPLES))[
        "probe", "eu.ec_decision"
    ]
    p50 = dt.date.fromisoformat(predicted["p50"])
    p90 = dt.date.fromisoformat(predicted["p90"])
    inside = case("inside", {"eu.submission": event("2021-05-03"), "eu.ec_decision": event(p50.isoformat())})
    outside = case(
        "outside", {"eu.submission": event("2021-05-03"), "eu.ec_decision": event((p90 + dt.timedelta(days=365)).isoformat())}
    )
    report = run_backtest(lib, write_cases(tmp_path, inside, outside), samples=SAMPLES)
    rows = rows_by(report)
    assert rows["inside", "eu.ec_decision"]["inside80"] is True and rows["inside", "eu.ec_decision"]["inside50"] is True
    assert rows["inside", "eu.ec_decision"]["error_days"] == 0
    assert rows["outside", "eu.ec_decision"]["inside80"] is False
    assert rows["outside", "eu.ec_decision"]["error_days"] >= 365
    summary = report["milestones"]["eu.ec_decision"]
    assert summary["n_scored"] == 2 and summary["coverage_p10_p90"] == 0.5 and summary["coverage_p25_p75"] == 0.5
    assert summary["bias_days"] > 0  # actual later than P50 on average: the model was too early
    assert report["worst"][0]["case"] == "outside"


def test_unverified_and_pre_cutoff_dates_are_excluded(tmp_path, lib):
    c = case(
        "u",
        {
            "eu.submission": event("2018-01-10"),
            "eu.chmp_opinion": event("2018-11-15", verified=False, result="positive"),
            "eu.ec_decision": event("2018-01-10"),  # on the cut-off day: never scored
        },
    )
    none = case("none", {"eu.submission": event("2018-01-10", verified=False), "eu.ec_decision": event("2019-01-10")})
    report = run_backtest(lib, write_cases(tmp_path, c, none), samples=SAMPLES)
    assert report["rows"] == []
    reasons = {(e["case"], e["milestone"]): e["reason"] for e in report["excluded"]}
    assert reasons["u", "eu.chmp_opinion"] == "date not verified"
    assert reasons["u", "eu.ec_decision"].startswith("dated on or before the cut-off")
    assert "no verified" in reasons["none", "eu.ec_decision"]
    assert report["n_excluded"] == 3 and report["overall"]["n_scored"] == 0
    assert report["overall"]["coverage_p10_p90"] is None
    format_report(report)  # an empty report still prints


def test_accelerated_assessment_is_used_only_when_known_at_the_cutoff(tmp_path, lib):
    at_submission = {"eu.submission": event("2017-06-01"), "eu.chmp_opinion": event("2018-03-01", result="positive")}
    at_readout = {"clinical.pivotal_readout": event("2017-06-01"), "eu.chmp_opinion": event("2018-09-01", result="positive")}
    path = write_cases(
        tmp_path,
        case("sub_aa", at_submission, accelerated_assessment="true"),
        case("sub_std", at_submission),
        case("read_aa", at_readout, accelerated_assessment="true"),
        case("read_std", at_readout),
    )
    rows = rows_by(run_backtest(lib, path, samples=SAMPLES))
    assert rows["sub_aa", "eu.chmp_opinion"]["p50"] < rows["sub_std", "eu.chmp_opinion"]["p50"]
    # at a pivotal readout the accelerated assessment had not been granted yet: it must not be used
    assert {k: rows["read_aa", "eu.chmp_opinion"][k] for k in PREDICTION} == {
        k: rows["read_std", "eu.chmp_opinion"][k] for k in PREDICTION
    }


@pytest.fixture(scope="module")
def us_lib(tmp_path_factory: pytest.TempPathFactory) -> api.Library:
    folder = tmp_path_factory.mktemp("btlib_us")
    for name in (*STABLE, "us", "us_supplement"):
        shutil.copy(ROOT / "pathways" / "library" / f"{name}.yaml", folder / f"{name}.yaml")
    return api.load_library(folder)


@pytest.mark.parametrize(
    ("field", "authorised_before"),
    [("us_breakthrough", "[]"), ("us_priority_voucher", "[]"), ("us_breakthrough", "[EU, US]")],
)
def test_us_designations_known_at_submission_speed_up_only_the_us_prediction(tmp_path, us_lib, field, authorised_before):
    events = {
        "eu.submission": event("2019-01-10"),
        "eu.chmp_opinion": event("2019-12-12", result="positive"),
        "us.submission": event("2019-01-15"),
        "us.fda_approval": event("2019-09-01"),
    }
    path = write_cases(
        tmp_path,
        case("with", events, authorised_before=authorised_before, **{field: "true"}),
        case("without", events, authorised_before=authorised_before),
    )
    rows = rows_by(run_backtest(us_lib, path, samples=SAMPLES))
    assert rows["with", "us.fda_approval"]["p50"] < rows["without", "us.fda_approval"]["p50"]
    # the EU prediction does not depend on FDA designations
    assert {k: rows["with", "eu.chmp_opinion"][k] for k in PREDICTION} == {
        k: rows["without", "eu.chmp_opinion"][k] for k in PREDICTION
    }


def test_new_indication_uses_the_variation_route_and_national_access_is_scored(tmp_path, lib):
    new_use = case(
        "newuse",
        {
            "eu.submission": event("2019-02-01"),
            "eu.chmp_opinion": event("2019-09-20", result="positive"),
            "no.reimbursed_access": event("2020-06-01"),
            "gb.reimbursed_access": event("2020-03-01"),
        },
        kind="new_indication",
        authorised_before="[EU]",
        therapeutic_area="oncology",
    )
    report = run_backtest(lib, write_cases(tmp_path, new_use), samples=SAMPLES)
    rows = rows_by(report)
    assert ("newuse", "no.reimbursed_access") in rows
    assert rows["newuse", "no.reimbursed_access"]["p_reached"] < 1.0
    # the stable test library has no GB fragment: excluded with a reason, not silently dropped
    assert any(e["milestone"] == "gb.reimbursed_access" and "GB" in e["reason"] for e in report["excluded"])
    json.dumps(report)  # JSON-serialisable as it is


def test_report_is_json_and_text_and_says_why_no_leave_one_out(tmp_path, lib):
    path = write_cases(
        tmp_path,
        case(
            "t",
            {
                "eu.submission": event("2016-03-01"),
                "eu.chmp_opinion": event("2017-02-01", result="positive"),
                "eu.ec_decision": event("2017-04-01"),
            },
        ),
    )
    report = run_backtest(lib, path, samples=SAMPLES)
    again = run_backtest(lib, path, samples=SAMPLES)
    assert report == again  # fixed seed
    data = json.loads(json.dumps(report))
    assert data["samples"] == SAMPLES and data["leave_one_out"] is False
    assert {"case", "milestone", "cutoff", "actual", "p10", "p50", "p90", "inside80", "error_days"} <= set(data["rows"][0])
    assert {"n_scored", "coverage_p10_p90", "coverage_p25_p75", "median_abs_error_days", "bias_days", "brier"} <= set(
        data["overall"]
    )
    text = format_report(report)
    assert "not fitted" in text and "leave-one-out" in text and "eu.ec_decision" in text


# --------------------------------------------------------------------------- malformed case files


def test_wrong_value_is_located(tmp_path):
    path = write_cases(tmp_path, case("bad", {"eu.submission": "{date: 2020-01-15, source: x, verified: maybe}"}))
    with pytest.raises(PathwayError) as err:
        load_cases(path)
    problem = err.value.problems[0]
    assert problem.file == str(path) and problem.line == 14 and problem.column is not None
    assert "verified" in problem.key and "true or false" in problem.fix


def test_unknown_event_and_misspelt_key_and_duplicate_id_are_located_in_one_pass(tmp_path):
    text = case("dup", {"eu.chmp_opnion": event("2020-01-15")}) + "\n" + case("dup", {"eu.submission": event("2020-01-15")})
    text = text.replace("    orphan: false", "    orphn: false", 1)
    path = write_cases(tmp_path, text)
    with pytest.raises(PathwayError) as err:
        load_cases(path)
    found = {p.message: p for p in err.value.problems}
    assert found["unknown key 'orphn'"].fix == "did you mean `orphan`?" and found["unknown key 'orphn'"].line == 10
    assert found["unknown event 'eu.chmp_opnion'"].fix == "did you mean `eu.chmp_opinion`?"
    assert found["unknown event 'eu.chmp_opnion'"].line == 14
    assert found["case id 'dup' is used twice"].line == 15
    lines = [p.line for p in err.value.problems]
    assert lines[:2] == sorted(lines[:2])  # one file's problems in the order of its lines


def test_national_events_take_a_result_only_where_a_decision_is_recorded(tmp_path):
    ok = write_cases(
        tmp_path,
        case(
            "n",
            {
                "eu.ec_decision": event("2020-01-15"),
                "no.reimbursed_access": event("2020-06-15", result="negative"),
                "de.reimbursed_access": event("2020-07-15", result="positive"),
                "no.available": event("2020-08-15"),
            },
        ),
    )
    events = load_cases(ok).model.cases[0].events
    assert events["no.reimbursed_access"].result == "negative" and events["no.available"].result is None
    bad = write_cases(
        tmp_path,
        case(
            "n",
            {
                "no.reimbursed_access": event("2020-06-15", result="withdrawn"),
                "no.available": event("2020-08-15", result="positive"),
                "no.avialable": event("2020-08-15"),
            },
        ),
        name="bad.yaml",
    )
    with pytest.raises(PathwayError) as err:
        load_cases(bad)
    found = {p.key: p for p in err.value.problems}
    assert "positive, negative" in found["cases[0].events.no.reimbursed_access.result"].fix
    assert found["cases[0].events.no.available.result"].message == "no.available has no result"
    assert found["cases[0].events.no.avialable"].fix == "did you mean `no.available`?"


def test_errors_name_keys_as_the_user_writes_them(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- id: x\n", encoding="utf-8")
    with pytest.raises(PathwayError) as err:
        load_cases(path)
    assert "`cases:`" in str(err.value) and "CaseFile" not in str(err.value)


def test_several_files_are_read_together_and_a_duplicate_id_is_located_in_its_own_file(tmp_path, lib):
    from pathways.backtest import default_case_files, load_case_files

    events = {"eu.submission": event("2017-01-10"), "eu.ec_decision": event("2018-02-20")}
    first = write_cases(tmp_path, case("a", events), name="cases.yaml")
    second = write_cases(tmp_path, case("b", events), name="national-xx.yaml")
    us_only = write_cases(tmp_path, case("u", {"us.submission": event("2017-01-10")}), name="us-xx.yaml")
    (tmp_path / "notes.yaml").write_text("not a case file: true\n", encoding="utf-8")
    assert default_case_files(tmp_path) == [first, second, us_only]
    report = run_backtest(lib, [first, second], samples=SAMPLES)
    assert report["n_cases"] == 2 and report["cases_files"] == [str(first), str(second)]
    clash = write_cases(tmp_path, case("b2", events) + "\n" + case("a", events), name="national-yy.yaml")
    broken = write_cases(tmp_path, case("c", {"eu.submision": event("2017-01-10")}), name="national-zz.yaml")
    with pytest.raises(PathwayError) as err:
        load_case_files([first, clash, broken])
    (dup,) = [p for p in err.value.problems if "used twice" in p.message]
    assert dup.file == str(clash) and dup.line == 16 and str(first) in dup.fix
    assert any(p.file == str(broken) and "eu.submision" in p.message for p in err.value.problems)


def test_shipped_case_files_are_valid():
    from pathways.backtest import default_case_files, load_case_files

    loaded = load_case_files(default_case_files(ROOT / "validation"))
    assert len(loaded[0].model.cases) >= 20


def test_cli_backtest(tmp_path, lib_dir):
    good = write_cases(tmp_path, case("c", {"eu.submission": event("2016-03-01"), "eu.ec_decision": event("2017-04-01")}))
    run = [sys.executable, "-m", "pathways", "backtest", "--library", str(lib_dir), "--samples", "500"]
    result = subprocess.run([*run, "--cases", str(good), "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["overall"]["n_scored"] == 1
    other = write_cases(tmp_path, case("d", {"eu.submission": event("2016-03-01")}), name="more.yaml")
    result = subprocess.run(
        [*run, "--cases", str(good), str(other), "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["n_cases"] == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        textwrap.dedent("""\
        cases:
          - id: c
            events: {eu.submission: {date: 2016-13-01}}
    """)
    )
    result = subprocess.run([*run, "--cases", str(bad)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{bad}:3:" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_a_miss_is_explained_from_the_later_history_and_a_hit_is_not(tmp_path, lib):
    path = write_cases(
        tmp_path,
        case(
            "reversed",
            {
                "eu.submission": event("2017-01-10"),
                "eu.chmp_opinion": event("2017-12-14", result="negative"),
                "eu.ec_decision": event("2019-06-01", result="positive"),
            },
        ),
        case("typical", {"eu.submission": event("2017-01-10"), "eu.ec_decision": event("2018-02-20", result="positive")}),
    )
    report = run_backtest(lib, path, samples=SAMPLES)
    rows = rows_by(report)
    miss = rows["reversed", "eu.ec_decision"]
    assert miss["inside80"] is False
    assert "after the end of the 80% range" in miss["why"] and "re-examination" in miss["why"]
    hit = rows["typical", "eu.ec_decision"]
    assert hit["inside80"] is True and hit["why"] is None
    assert "re-examination" in format_report(report)


@pytest.mark.parametrize(
    ("pits", "level", "inside"),
    [
        ([0.5], 0.1, 1),  # the median itself is inside every central range
        ([0.0, 1.0], 0.9, 0),  # beyond every simulated future: inside none
        ([0.1, 0.9], 0.8, 2),  # the edges of P10-P90 count as inside, as in coverage_p10_p90
        ([0.24, 0.76], 0.5, 0),
        ([0.3, 0.5, 0.95], 0.5, 2),
    ],
)
def test_calibration_curve_counts_actual_dates_inside_each_central_range(pits, level, inside):
    rows = [{"date_scored": True, "pit": v} for v in pits] + [{"date_scored": False, "pit": 0.5}]
    point = next(c for c in calibration_curve(rows) if c["level"] == level)
    assert (point["n"], point["inside"]) == (len(pits), inside)


def _case_model(**fields: Any) -> Any:
    from pathways.backtest import Case

    base = {
        "id": "c",
        "name": "Testamab",
        "substance": "testamab",
        "indication": "test",
        "kind": "new_substance",
        "eu_route": "standard",
        "therapeutic_area": "neurology",
        "events": {},
    }
    return Case.model_validate({**base, **fields})


@pytest.mark.parametrize(
    ("track", "milestone", "actual", "fields", "phrase"),
    [
        ("EU", "eu.ec_decision", "2020-01-10", {}, None),  # inside: nothing to explain
        ("EU", "eu.ec_decision", "2020-06-10", {}, "A near miss"),
        ("EU", "eu.ec_decision", "2021-06-01", {}, "long clock stops"),
        ("EU", "eu.ec_decision", "2019-01-01", {}, "few or short clock stops"),
        ("US", "us.fda_approval", "2020-07-01", {}, "goal date extended"),
        ("US", "us.fda_approval", "2022-01-01", {}, "complete response letter"),
        ("US", "us.fda_approval", "2019-01-01", {}, "without Breakthrough"),
        ("US", "us.fda_approval", "2019-01-01", {"us_breakthrough": True}, "A Breakthrough medicine"),
        ("EU", "no.reimbursed_access", "2022-01-01", {}, "renegotiated"),
        (
            "EU",
            "gb.reimbursed_access",
            "2019-01-01",
            {"events": {"eu.ec_decision": {"date": "2021-10-01", "source": "https://example.org", "verified": True}}},
            "Since 2021",
        ),
    ],
)
def test_each_kind_of_miss_gets_its_reason(track, milestone, actual, fields, phrase):
    from pathways.backtest import Prediction, explain_miss

    row = {
        "track": track,
        "milestone": milestone,
        "cutoff_event": "eu.submission",
        "actual": actual,
        "p10": "2019-06-01",
        "p90": "2020-05-20",
        "pit": 0.5,
    }
    inside = dt.date(2019, 6, 1) <= dt.date.fromisoformat(actual) <= dt.date(2020, 5, 20)
    row["inside80"] = inside
    row["pit"] = 0.5 if inside else (1.0 if actual > "2020" else 0.0)
    why = explain_miss(_case_model(**fields), row, Prediction(0.9, {}, None, None, 0.15))
    assert (why is None) if phrase is None else (phrase in why)


def test_held_out_cases_are_scored_again_on_their_own(tmp_path, lib):
    events = {"eu.submission": event("2017-01-10"), "eu.ec_decision": event("2018-02-20", result="positive")}
    late = {"eu.submission": event("2017-01-10"), "eu.ec_decision": event("2020-02-20", result="positive")}
    path = write_cases(
        tmp_path, case("old", events), case("new_in", events, held_out="true"), case("new_out", late, held_out="true")
    )
    report = run_backtest(lib, path, samples=SAMPLES)
    held = report["held_out"]
    assert held["n_cases"] == 2
    assert held["overall"]["n_scored"] == 2 and held["overall"]["coverage_p10_p90"] == 0.5
    assert report["overall"]["n_scored"] == 3
    assert "Held out (2 scored cases" in format_report(report)
    none_held = run_backtest(lib, write_cases(tmp_path, case("old", events), name="plain.yaml"), samples=SAMPLES)
    assert none_held["held_out"] is None


def test_a_national_milestone_is_predicted_at_the_decision_not_when_hospitals_apply_it(tmp_path, lib):
    """The case file records Beslutningsforum's yes; the model's access adds the weeks until hospitals apply it."""
    from pathways.backtest import _decision_row, _tracks, load_cases
    from pathways.graph import compose
    from pathways.simulate import build_plan, simulate, start_times

    path = write_cases(
        tmp_path,
        case(
            "nat",
            {"eu.submission": event("2017-01-10"), "no.reimbursed_access": event("2018-06-01")},
            kind="new_indication",
            authorised_before="[EU]",
        ),
    )
    (track,), _ = _tracks(load_cases(path).model.cases[0], lib.countries())
    composition = compose(lib, track.scenario, "<test>")
    sim = simulate(build_plan(composition, ["no.reimbursed_access"]), 4000, 7)
    decision = _decision_row(sim, "no.reimbursed_access")
    access = sim.row("no.reimbursed_access")
    reached = np.isfinite(access)
    assert reached.any()
    assert np.array_equal(decision[reached], start_times(sim, "no.hospital_introduction")[reached])
    assert (decision[reached] <= access[reached]).all() and (decision[reached] < access[reached]).mean() > 0.5


def test_every_implementation_step_is_a_step_before_its_countrys_access(library):
    """The national mappings name library steps; renaming one in a fragment must not silently stop them."""
    from pathways.backtest import AVAILABLE_STEPS, DECISION_STEPS, IMPLEMENTATION_STEPS

    for step_id in [*IMPLEMENTATION_STEPS, *DECISION_STEPS.values(), *AVAILABLE_STEPS.values()]:
        namespace, local = step_id.split(".")
        fragment_steps = {s.id for f in library.fragments if f.model.namespace == namespace for s in f.model.steps}
        assert local in fragment_steps, step_id


# --------------------------------------------------------------------------- national track


@pytest.fixture(scope="module")
def nat_lib(tmp_path_factory: pytest.TempPathFactory) -> api.Library:
    """The stable EU fragments with Norway, Denmark and Germany: three different national shapes."""
    folder = tmp_path_factory.mktemp("natlib")
    for name in (*STABLE, "dk", "de"):
        shutil.copy(ROOT / "pathways" / "library" / f"{name}.yaml", folder / f"{name}.yaml")
    return api.load_library(folder)


def test_every_modelled_country_is_scored_on_a_national_track_from_the_ec_decision(tmp_path, nat_lib):
    """Denmark was once excluded by a fixed country list although the library models it."""
    events = {
        "eu.ec_decision": event("2019-03-01"),
        "dk.reimbursed_access": event("2019-09-01"),
        "no.reimbursed_access": event("2020-01-15"),
        "no.available": event("2020-02-01"),
        "se.reimbursed_access": event("2019-10-01"),
    }
    report = run_backtest(nat_lib, write_cases(tmp_path, case("c", events)), samples=SAMPLES)
    by = {(r["milestone"], r["track"]): r for r in report["rows"]}
    assert {("dk.reimbursed_access", "national"), ("no.reimbursed_access", "national"), ("no.available", "national")} <= set(by)
    assert all(r["cutoff"] == "2019-03-01" and r["cutoff_event"] == "eu.ec_decision" for r in by.values())
    assert by[("dk.reimbursed_access", "national")]["country"] == "DK"
    excluded = {e["milestone"]: e["reason"] for e in report["excluded"]}
    assert "library has no reimbursed access for SE" in excluded["se.reimbursed_access"]
    assert set(report["countries"]) == {"DK", "NO"} and "national" in report["countries"]["DK"]
    assert report["tracks"]["national"]["overall"]["n_scored"] == 3


def test_the_national_track_does_not_depend_on_the_eu_submission(tmp_path, nat_lib):
    """The national steps are tested on their own: the EU track's error cannot leak into them."""
    national = {"eu.ec_decision": event("2019-03-01"), "no.reimbursed_access": event("2019-12-01")}
    early = write_cases(tmp_path, case("c", {**national, "eu.submission": event("2018-01-10")}), name="a.yaml")
    late = write_cases(tmp_path, case("c", {**national, "eu.submission": event("2018-06-10")}), name="b.yaml")
    rows = [
        {r["track"]: r for r in run_backtest(nat_lib, path, samples=SAMPLES)["rows"] if r["milestone"] == "no.reimbursed_access"}
        for path in (early, late)
    ]
    assert {k: rows[0]["national"][k] for k in PREDICTION} == {k: rows[1]["national"][k] for k in PREDICTION}
    assert rows[0]["EU"]["p50"] != rows[1]["EU"]["p50"]


def test_decision_and_access_are_read_off_the_right_steps(tmp_path, nat_lib):
    """Norway's decision precedes hospital use; Germany's recorded decision is the G-BA resolution, after launch."""
    events = {
        "eu.ec_decision": event("2019-03-01"),
        "no.reimbursed_access": event("2019-12-01"),
        "no.available": event("2019-12-20"),
        "de.reimbursed_access": event("2019-10-01"),
        "de.available": event("2020-03-01"),
    }
    report = run_backtest(nat_lib, write_cases(tmp_path, case("c", events)), samples=SAMPLES)
    by = {r["milestone"]: r for r in report["rows"] if r["track"] == "national"}
    assert by["no.reimbursed_access"]["p50"] < by["no.available"]["p50"]
    assert by["de.reimbursed_access"]["p50"] < by["de.available"]["p50"]
    # the G-BA resolves about six months after launch, which itself follows the EC decision within weeks
    gba_days = (dt.date.fromisoformat(by["de.reimbursed_access"]["p50"]) - dt.date(2019, 3, 1)).days
    assert 120 < gba_days < 400


def test_a_refusal_is_scored_by_its_outcome_only(tmp_path, nat_lib):
    events = {"eu.ec_decision": event("2019-03-01"), "no.reimbursed_access": event("2019-12-01", result="negative")}
    (row,) = run_backtest(nat_lib, write_cases(tmp_path, case("c", events)), samples=SAMPLES)["rows"]
    assert row["outcome"] == 0 and not row["date_scored"] and row["inside80"] is None
    summary = run_backtest(nat_lib, write_cases(tmp_path, case("c", events)), samples=SAMPLES)["countries"]["NO"]
    assert summary["national"]["overall"]["n_negative"] == 1 and summary["national"]["overall"]["n_scored"] == 0


def test_a_refused_ec_decision_starts_no_national_track(tmp_path, nat_lib):
    events = {"eu.ec_decision": event("2019-03-01", result="negative"), "no.reimbursed_access": event("2019-12-01")}
    report = run_backtest(nat_lib, write_cases(tmp_path, case("c", events)), samples=SAMPLES)
    assert report["rows"] == [] and "positive eu.ec_decision" in report["excluded"][-1]["reason"]


def test_us_track_starts_from_the_readout_when_the_submission_day_is_not_public(tmp_path, us_lib):
    events = {"clinical.pivotal_readout": event("2019-01-10"), "us.fda_approval": event("2020-01-20")}
    (row,) = [
        r for r in run_backtest(us_lib, write_cases(tmp_path, case("c", events)), samples=SAMPLES)["rows"] if r["track"] == "US"
    ]
    assert row["cutoff_event"] == "clinical.pivotal_readout" and row["p50"] > "2019-06-01"


def test_each_track_is_also_scored_by_its_starting_point(tmp_path, us_lib):
    filed = {"us.submission": event("2019-03-01"), "us.fda_approval": event("2020-01-20")}
    readout = {"clinical.pivotal_readout": event("2019-01-10"), "us.fda_approval": event("2020-01-20")}
    report = run_backtest(us_lib, write_cases(tmp_path, case("a", filed), case("b", readout)), samples=SAMPLES)
    by_cutoff = report["tracks"]["US"]["by_cutoff"]
    assert {cut: s["n_scored"] for cut, s in by_cutoff.items()} == {"us.submission": 1, "clinical.pivotal_readout": 1}
    assert sum(s["n_scored"] for s in by_cutoff.values()) == report["tracks"]["US"]["overall"]["n_scored"]
    assert report["tracks"]["US"]["milestones_by_cutoff"]["us.fda_approval"] == by_cutoff  # its only milestone


@pytest.mark.parametrize(
    ("readout", "warned"),
    [
        (
            {"n_scored": 32, "coverage_p10_p90": 0.5, "bias_days": 68},
            "after its most likely date, so read such dates as optimistic",
        ),
        ({"n_scored": 32, "coverage_p10_p90": 0.5, "bias_days": -40}, "before its most likely date"),
        ({"n_scored": 32, "coverage_p10_p90": 0.75, "bias_days": 68}, None),  # wide enough: no warning
        ({"n_scored": 9, "coverage_p10_p90": 0.3, "bias_days": 68}, None),  # too few to warn about
    ],
)
def test_the_us_record_tells_the_fda_approvals_and_warns_where_the_range_was_too_narrow(readout, warned):
    from pathways.backtest import track_record

    filed = {"n_scored": 29, "coverage_p10_p90": 21 / 29, "bias_days": -4}
    overall = {"n_scored": 29 + readout["n_scored"], "coverage_p10_p90": 0.6}
    us = {
        "milestones": {"us.fda_approval": overall},
        "milestones_by_cutoff": {"us.fda_approval": {"us.submission": filed, "clinical.pivotal_readout": readout}},
    }
    record = track_record({"tracks": {"US": us}, "countries": {}}, "us")
    inside = round(0.6 * overall["n_scored"])
    assert record["text"].startswith(f"For the FDA's approval: {inside} of {overall['n_scored']} past approvals fell inside")
    assert "Predicted from the filed application: 21 of 29." in record["text"]
    assert (
        f"before anything was filed: {round(readout['coverage_p10_p90'] * readout['n_scored'])} of {readout['n_scored']}."
        in record["text"]
    )
    assert (warned in record["text"]) if warned else ("too narrow" not in record["text"])
    assert record["authorisation"]["too_narrow_from"] == (["clinical.pivotal_readout"] if warned else [])
    assert "Reimbursed access in United States: no past decision" in record["text"]  # its funding has no cases
    assert "authorisation" not in track_record({"tracks": {"US": us}, "countries": {}}, "NO")  # the FDA's is not Norway's
    eu = {"milestones": {"eu.ec_decision": overall}, "milestones_by_cutoff": {"eu.ec_decision": {"eu.submission": filed}}}
    norway = track_record({"tracks": {"EU": eu}, "countries": {}}, "NO")
    assert norway["text"].startswith(f"For the EU Commission's decision: {inside} of {overall['n_scored']} past decisions")
    assert "authorisation" not in track_record({"tracks": {"EU": eu}, "countries": {}}, "GB")  # outside the EEA


def test_track_record_counts_and_says_when_too_few_cases_to_judge():
    from pathways.backtest import MIN_CASES_TO_JUDGE, track_record

    def report(n: int, inside: int) -> dict[str, Any]:
        scores = {"n_scored": n, "coverage_p10_p90": inside / n, "median_abs_error_days": 50, "bias_days": -10}
        return {"countries": {"NO": {"national": {"milestones": {"no.reimbursed_access": scores}}}}}

    many = track_record(report(30, 24), "no")
    assert many["enough"] and many["inside80"] == 24 and many["n_scored"] == 30
    assert many["text"].startswith("For Norway's reimbursed access: 24 of 30 past decisions fell inside the 80% range")
    few = track_record(report(MIN_CASES_TO_JUDGE - 1, 5), "NO")
    assert not few["enough"] and "too few cases" in few["text"]
    assert "cannot be judged" in track_record({"countries": {}}, "DK")["text"]
    assert "not been run" in track_record(None, "DK")["text"]


# --------------------------------------------------------------------------- national track: parallel steps, UK before 2021


@pytest.fixture(scope="module")
def gb_lib(tmp_path_factory: pytest.TempPathFactory) -> api.Library:
    folder = tmp_path_factory.mktemp("btlib_gb")
    for name in (*STABLE, "gb"):
        shutil.copy(ROOT / "pathways" / "library" / f"{name}.yaml", folder / f"{name}.yaml")
    return api.load_library(folder)


def _gb_row(tmp_path: Path, lib: api.Library, ec: str, nice: str) -> dict[str, Any]:
    events = {"eu.ec_decision": event(ec), "gb.reimbursed_access": event(nice)}
    report = run_backtest(lib, write_cases(tmp_path, case("c", events)), samples=SAMPLES)
    (row,) = [r for r in report["rows"] if r["track"] == "national"]
    return row


def test_before_2021_the_eu_decision_is_the_uk_authorisation(tmp_path, gb_lib):
    """A 2017 EU decision covered the UK: NICE's clock starts at it, with no MHRA filing and review before."""
    old = _gb_row(tmp_path, gb_lib, "2017-03-01", "2017-09-01")
    new = _gb_row(tmp_path, gb_lib, "2023-03-01", "2023-09-01")
    days = {
        label: (dt.date.fromisoformat(row["p50"]) - dt.date.fromisoformat(row["cutoff"])).days
        for label, row in (("old", old), ("new", new))
    }
    assert old["p_reached"] > 0.6  # the recognition route is not needed (it was once unreachable: 7%)
    assert 120 < days["old"] < 300  # NICE's median of about 180 days from the authorisation
    assert days["new"] > days["old"] + 30  # since 2021 a separate MHRA step comes first


def test_the_national_track_simulates_national_steps_that_run_during_the_eu_review(tmp_path, gb_lib):
    """The UK filing goes in around the EU one, so after 2021 the MHRA step is mostly done at the EU decision:
    read relative to the simulated EU decision, NICE's guidance comes well under a year after it."""
    new = _gb_row(tmp_path, gb_lib, "2023-03-01", "2023-09-01")
    days = (dt.date.fromisoformat(new["p50"]) - dt.date(2023, 3, 1)).days
    # filing (typical 180 days) + recognition (110) + NICE (median 180) started on the EU decision day: > 450 days
    assert days < 400
    assert new["p_reached"] > 0.5  # the chance given the EU authorisation, not multiplied by the CHMP's


def test_uk_flag_follows_the_eu_decision_date():
    from pathways.backtest.scenarios import _uk_flags

    assert _uk_flags(dt.date(2020, 12, 31)) == ("uk_in_eu_system",)
    assert _uk_flags(dt.date(2021, 1, 1)) == ()
    assert _uk_flags(dt.date(2019, 6, 1), "eu.submission") == ("uk_in_eu_system",)
    assert _uk_flags(dt.date(2019, 8, 1), "eu.submission") == ()
    assert _uk_flags(dt.date(2019, 3, 1), "clinical.pivotal_readout") == ()


def test_norwegian_documentation_is_counted_from_the_authorisation(tmp_path, lib):
    """The sources count company time from the Norwegian MA (median 376 days from MA to decision in 2021):
    a request sent during the EU review must not bring Beslutningsforum weeks after the authorisation."""
    events = {"eu.ec_decision": event("2019-03-01"), "no.reimbursed_access": event("2020-03-01")}
    report = run_backtest(lib, write_cases(tmp_path, case("c", events)), samples=SAMPLES)
    (row,) = [r for r in report["rows"] if r["track"] == "national"]
    days = (dt.date.fromisoformat(row["p50"]) - dt.date(2019, 3, 1)).days
    assert 300 < days < 700  # the first *yes*: a third of first decisions are "no" and a second round follows
    assert (dt.date.fromisoformat(row["p10"]) - dt.date(2019, 3, 1)).days > 60


@pytest.mark.parametrize(
    ("kind", "authorised_before", "p10_within_120_days"),
    [("new_indication", "[EU]", True), ("new_substance", "[]", False)],
)
def test_a_new_indication_can_be_decided_on_a_price_note_weeks_after_the_eu_decision(
    tmp_path, lib, kind, authorised_before, p10_within_120_days
):
    """Bestillerforum may ask only for a price note for a new indication (no.yaml `assessment_basis`); a new
    active substance always waits for DMP's assessment, median 250 days from the documentation."""
    events = {"eu.ec_decision": event("2023-03-01"), "no.reimbursed_access": event("2023-06-01")}
    cases = write_cases(tmp_path, case("c", events, kind=kind, authorised_before=authorised_before))
    report = run_backtest(lib, cases, samples=SAMPLES)
    (row,) = [r for r in report["rows"] if r["track"] == "national"]
    p10_days = (dt.date.fromisoformat(row["p10"]) - dt.date(2023, 3, 1)).days
    assert (p10_days <= 120) is p10_within_120_days, p10_days


@pytest.mark.parametrize(("flags", "p50_within_400_days"), [("[mah_sponsored_trial]", True), ("[]", False)])
def test_a_us_holder_that_ran_the_trial_files_its_supplement_within_months(tmp_path, flags, p50_within_400_days):
    """us_supplement.yaml: a holder that ran the pivotal trial itself files in 1-8 months (as the EU route
    assumes); one that must first get someone else's data decides and files in 3-12 months."""
    events = {"clinical.pivotal_readout": event("2019-08-20"), "us.fda_approval": event("2020-05-05")}
    cases = write_cases(tmp_path, case("c", events, kind="new_indication", authorised_before="[EU, US]", flags=flags))
    report = run_backtest(api.load_library(), cases, samples=SAMPLES)
    (row,) = [r for r in report["rows"] if r["track"] == "US"]
    p50_days = (dt.date.fromisoformat(row["p50"]) - dt.date(2019, 8, 20)).days
    assert (p50_days <= 400) is p50_within_400_days, p50_days
