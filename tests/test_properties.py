"""Property-based tests: random valid graphs always simulate; random text never crashes the loader."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathways import api
from pathways.graph import Library
from pathways.load import Loaded, Parsed, load_fragment_text, parse_yaml
from pathways.model import Fragment, Scenario
from pathways.problems import PathwayError
from pathways.simulate import build_plan, simulate


@st.composite
def random_dag(draw):
    """A random DAG of steps and decisions with an access node at the end."""
    n = draw(st.integers(2, 12))
    steps = []
    for i in range(n):
        kind = draw(st.sampled_from(["step", "step", "decision", "milestone"]))
        step = {"id": f"s{i}", "label": f"S{i}", "kind": kind, "explain": "x"}
        if i > 0:
            preds = draw(st.lists(st.integers(0, i - 1), min_size=1, max_size=3, unique=True))
            key = draw(st.sampled_from(["after", "first_of"]))
            refs = []
            for p in preds:
                if steps[p]["kind"] == "decision":
                    refs.append({f"s{p}": draw(st.sampled_from(["yes", "no"]))})
                else:
                    refs.append(f"s{p}")
            step[key] = refs
        if kind == "step":
            low = draw(st.integers(0, 500))
            mode = low + draw(st.integers(0, 300))
            high = mode + draw(st.integers(0, 300))
            step["duration"] = draw(
                st.sampled_from(
                    [
                        {"min": low, "typical": mode, "max": high, "assumption": "t"},
                        {"fixed": low, "assumption": "t"},
                        {"median": low + 1, "p90": low + 2 + mode, "assumption": "t"},
                        {"min": low, "max": high, "shape": "uniform", "assumption": "t"},
                    ]
                )
            )
        if kind == "decision":
            p = draw(st.floats(0, 1))
            step["outcomes"] = [
                {"id": "yes", "label": "Yes", "probability": p, "assumption": "t"},
                {"id": "no", "label": "No", "probability": "rest"},
            ]
        steps.append(step)
    steps.append(
        {
            "id": "access",
            "label": "A",
            "kind": "access",
            "country": "NO",
            "route": "reimbursed",
            "explain": "x",
            "after": [f"s{n - 1}"] if steps[-1]["kind"] != "decision" else [{f"s{n - 1}": "yes"}],
        }
    )
    return steps


def _compose(steps):
    data = {
        "namespace": "r",
        "title": "Random",
        "jurisdiction": "R",
        "countries": ["NO"],
        "reviewed": "2026-01-01",
        "steps": steps,
    }
    fragment = Fragment.model_validate(data)
    library = Library([Loaded(fragment, "r.yaml", Parsed(data, {}))])
    scenario = Scenario.model_validate(
        {
            "title": "R",
            "as_of": "2026-01-01",
            "product": {"name": "x", "substance": "x"},
            "indication": "y",
            "position": {"step": "r.s0", "since": "2025-06-01"},
            "countries": ["NO"],
        }
    )
    return api.compose(library, scenario)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_dag(), st.integers(0, 2**31))
def test_random_valid_graphs_simulate_with_ordered_quantiles(steps, seed):
    composition = _compose(steps)
    result = api.answer_question(composition, samples=500, seed=seed)
    for estimate in result.milestones.values():
        assert 0.0 <= estimate.p_reached <= 1.0
        if estimate.p_reached > 0:
            assert estimate.p10 <= estimate.p25 <= estimate.p50 <= estimate.p75 <= estimate.p90
        else:
            assert estimate.p50 is None
    country = result.countries["NO"]
    assert 0.0 <= country.estimate.p_reached <= 1.0


@settings(max_examples=100, deadline=None)
@given(random_dag(), st.integers(0, 1000))
def test_successors_never_finish_before_their_predecessors(steps, seed):
    composition = _compose(steps)
    plan = build_plan(composition, composition.access_nodes())
    sim = simulate(plan, 300, seed)
    for j, node in enumerate(plan.nodes):
        for p in node.all_preds:
            both = np.isfinite(sim.finish[j])
            assert np.all(sim.finish[j][both] >= sim.finish[p][both] - 1e-3)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_result_or_located_problems(text):
    try:
        load_fragment_text(text, "fuzz.yaml")
    except PathwayError as err:
        assert err.problems
        for problem in err.problems:
            assert problem.file == "fuzz.yaml"
            assert problem.message


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["NO", "yes", "on", "1.10", "2026-01-01", "~", "x"]),
        st.sampled_from(["NO", "yes", "off", "1.10", "2026-01-01", "007", "0x1F", "1e3"]),
        max_size=5,
    )
)
def test_plain_scalars_round_trip_as_text(mapping):
    text = "\n".join(f"{k!s}: {v}" for k, v in mapping.items() if k != "~")
    data = parse_yaml(text or "a: b").data
    for k, v in mapping.items():
        if k != "~":
            assert data[k] == v


def test_dates_are_dates_only_where_the_model_says():
    loaded = api.load_scenario_text(
        "title: t\nas_of: 2026-01-01\nproduct: {name: x, substance: x}\nindication: y\n"
        "position: {step: a.b, since: 2025-01-01}\ncountries: [NO]\n",
        "s.yaml",
    )
    assert loaded.model.as_of == dt.date(2026, 1, 1)
    assert loaded.model.title == "t"
