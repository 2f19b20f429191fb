"""The command line, run as a user runs it: in a subprocess, checking exit codes and output."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pathways", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_check_passes_on_library_and_seeds():
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok:")


def test_check_locates_a_broken_file_and_exits_1(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text(
        (ROOT / "seeds" / "resetme.yaml").read_text().replace("step: clinical.phase2_trial", "step: clinical.phase2_trail")
    )
    result = run("check", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{bad}:" in result.stderr and "did you mean `clinical.phase2_trial`?" in result.stderr


def test_yaml_syntax_error_gives_location_not_traceback(tmp_path):
    bad = tmp_path / "syntax.yaml"
    bad.write_text("title: x\nposition: [unclosed\n")
    result = run("check", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{bad}:3:" in result.stderr or f"{bad}:2:" in result.stderr


def test_answer_json_has_the_documented_shape():
    result = run("answer", "seeds/resetme.yaml", "--json", "--samples", "5000")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"scenario", "as_of", "samples", "seed", "milestones", "countries"} <= set(data)
    assert data["samples"] == 5000
    dt.date.fromisoformat(data["as_of"])
    for node, m in data["milestones"].items():
        assert "." in node and {"p_reached", "p10", "p50", "p90"} <= set(m)
        assert (m["p50"] is None) == (m["p_reached"] == 0)
    norway = data["countries"]["NO"]
    assert {"p_access", "p10", "p50", "p90", "routes"} <= set(norway)
    for route in ("reimbursed", "off_label", "trial"):
        r = norway["routes"][route]
        assert {"p_access", "p10", "p50", "p90", "path"} <= set(r)
        assert isinstance(r["path"], list)
    # the country figure is the earliest of its routes, paying privately aside
    public = [r["p_access"] for name, r in norway["routes"].items() if name != "private"]
    assert norway["p_access"] >= max(public) - 1e-9
    assert norway["p_access"] < norway["routes"]["private"]["p_access"]  # private payment is not counted


def test_answer_human_summary_names_who_must_act():
    result = run("answer", "seeds/resetme.yaml", "--country", "NO", "--samples", "3000")
    assert result.returncode == 0, result.stderr
    assert "Marketing authorisation holder" in result.stdout
    assert "Regional health authorities" in result.stdout


def test_bad_parameter_override_is_an_error_not_a_crash():
    result = run("answer", "seeds/resetme.yaml", "--set", "p_mah_files=lots")
    assert result.returncode == 1 and "is not a number" in result.stderr


def test_export_dot_writes_a_graph(tmp_path):
    out = tmp_path / "g.dot"
    result = run("export", "seeds/resetme.yaml", "--format", "dot", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text().lstrip().startswith("digraph")


@pytest.mark.parametrize("args", [["answer", "missing.yaml"], ["check", "nope.yaml"]])
def test_missing_files_are_reported_plainly(args):
    result = run(*args)
    assert result.returncode == 1
    assert "cannot read the file" in result.stderr and "Traceback" not in result.stderr


def test_checking_a_new_fragment_checks_its_references_against_the_library(tmp_path):
    new = tmp_path / "se.yaml"
    new.write_text((ROOT / "pathways" / "library" / "se.yaml").read_text().replace("eu.ec_decision", "eu.ec_decison", 1))
    result = run("check", str(new))
    assert result.returncode == 1
    assert "did you mean `eu.ec_decision`?" in result.stderr


def test_all_countries_answers_the_questions_for_the_scenarios_own_country():
    """ResetME asks about Norway; answering every country must not answer its questions for Austria, the
    first country alphabetically."""
    result = run("answer", "seeds/resetme.yaml", "--all-countries", "--json", "--samples", "2000")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert next(iter(data["countries"])) == "NO"
    national = [s for q in data["questions"] for s in q["steps"] if s[:3] in {"no.", "at."}]
    assert national and all(s.startswith("no.") for s in national), national
