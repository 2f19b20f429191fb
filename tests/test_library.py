"""The knowledge base: coverage, sourcing and documentation stay true (datasette-style "everything documented")."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from pathways import api
from pathways.answer import actor_key
from pathways.audit import audit_library
from pathways.load import load_fragment_text
from pathways.model import CANONICAL_STEPS, Fragment, Scenario
from pathways.problems import PathwayError
from pathways.schema import write_schema
from tests.conftest import ROOT, TINY_FRAGMENT

README = (ROOT / "README.md").read_text(encoding="utf-8")
LIBRARY_README = (ROOT / "pathways" / "library" / "README.md").read_text(encoding="utf-8")


def test_audit_covers_at_least_17_countries_with_zero_unlabelled_figures(library):
    report = audit_library(library)
    assert len(report["countries"]) >= 17
    assert {"NO", "US"} <= set(report["countries"])
    assert report["unlabelled"] == 0
    assert report["figures"] == report["sourced"] + report["assumptions"]


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("duration: {fixed: 100, sources: [s1]}", "duration: {fixed: 100}", "this figure has no source"),
        ('url: "https://example.org/a"', 'url: "example dot org"', "is not a web address"),
        ('url: "https://example.org/a"', 'url: "javascript:alert(1)"', "is not a web address"),
        ("reviewed: 2026-01-01\n", "", "`reviewed:`"),
        ('default: 0.3, assumption: "test value"', "default: 0.3", "this default has no source"),
    ],
)
def test_sourcing_rules_are_enforced(old, new, needle):
    text = TINY_FRAGMENT.replace(old, new)
    assert text != TINY_FRAGMENT
    with pytest.raises(PathwayError) as info:
        load_fragment_text(text, "f.yaml")
    assert needle in str(info.value)


def test_every_source_url_in_the_library_is_well_formed(library):
    for fragment, key, source in library.sources():
        assert re.match(r"^https?://[^\s<>\"]+$", source.url), (fragment.file, key)


def test_generated_schema_and_reference_are_up_to_date():
    assert write_schema(ROOT / "docs", check=True) == [], "run `python -m pathways schema`"


@pytest.mark.parametrize("model", [Fragment, Scenario])
def test_every_yaml_key_is_documented(model):
    reference = (ROOT / "docs" / "yaml-reference.md").read_text(encoding="utf-8")
    for name, field in model.model_fields.items():
        assert field.description or name in (
            "sources",
            "assumption",
            "product",
            "title",
            "indication",
            "questions",
            "notes",
            "sources",
        ), f"{model.__name__}.{name} has no description"
        assert f"`{field.alias or name}`" in reference


@pytest.mark.parametrize("command", ["check", "answer", "export", "new", "audit", "backtest", "bench", "schema"])
def test_every_cli_command_is_in_the_readme_and_has_help(command):
    assert f"python -m pathways {command}" in README
    result = subprocess.run([sys.executable, "-m", "pathways", command, "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and "usage" in result.stdout


def test_readme_starts_with_the_two_commands():
    blocks = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    assert blocks[0].strip() == "pip install -r requirements.txt && streamlit run app.py"
    assert blocks[1].strip() == "pip install -r requirements-dev.txt && python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text()
    assert blocks[1].strip() in ci


def test_library_readme_explains_every_canonical_id_and_route():
    for needle in (
        *CANONICAL_STEPS,
        "reimbursed_access",
        "early_access",
        "off_label",
        "trial",
        "python -m pathways check",
    ):
        assert needle in LIBRARY_README


def test_canonical_step_ids_exist(library):
    steps = library.all_steps()
    for ref in (*CANONICAL_STEPS, "no.reimbursed_access"):
        assert ref in steps, ref
    for cc in library.countries():
        if "reimbursed" in library.countries()[cc]:
            assert f"{cc.lower()}.reimbursed_access" in steps


def test_resetme_answers_norway_with_named_actors(library):
    composition = api.prepare(library, api.load_scenario(ROOT / "seeds" / "resetme.yaml"))
    answer = api.answer_question(composition, ["NO"], samples=5000)
    routes = answer.countries["NO"].routes
    assert {"reimbursed", "off_label", "trial"} <= set(routes)
    assert "Marketing authorisation holder" in routes["reimbursed"].explanation
    assert "Regional health authorities" in routes["off_label"].explanation
    asked = " ".join(q.ask for q in answer.questions)
    for topic in ("positive", "another trial", "while", "EU"):
        assert topic in asked


@pytest.mark.parametrize("seed", sorted(api.seed_files()))
def test_who_must_act_names_each_actor_once(library, seed):
    composition = api.prepare(library, api.load_scenario(api.seed_files()[seed]))
    answer = api.answer_question(composition, samples=500)
    for country, country_answer in answer.countries.items():
        routes = country_answer.routes.values() if isinstance(country_answer.routes, dict) else country_answer.routes
        for route in routes:
            keys = [actor_key(w) for w in route.who_must_act]
            assert len(keys) == len(set(keys)), (country, route.route, route.who_must_act)


@pytest.mark.parametrize(
    ("who", "key"),
    [
        ("Marketing authorisation holder (the company)", "marketing authorisation holder"),
        ("Marketing authorisation holder (supplier)", "marketing authorisation holder"),
        ("NT-rådet (the regions' New Therapies Council)", "nt-rådet"),
        (
            "Zorginstituut Nederland (package advice), Ministry of Health (negotiation)",
            "zorginstituut nederland, ministry of health",
        ),
    ],
)
def test_actor_key_drops_the_qualifier_in_brackets(who, key):
    assert actor_key(who) == key
