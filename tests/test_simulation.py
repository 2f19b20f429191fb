"""The simulation against hand arithmetic: fixed durations give exact dates, decisions give their odds."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pathways import api
from pathways.simulate import build_plan, simulate


def answer(tiny, **params):
    library, loaded = tiny
    loaded.model.parameters.update(params)
    composition = api.prepare(library, loaded)
    return api.answer_question(composition, samples=20_000, seed=7)


@pytest.mark.parametrize(
    ("node", "days"),
    [
        ("t.trial", 100),  # the position: fixed 100 days from since = as_of
        ("t.review", 150),  # 100 + 50
        ("t.either", 120),  # first of fast (120) and slow (180)
        ("t.both", 180),  # latest of review (150) and slow (180)
        ("t.access", 180),
    ],
)
def test_fixed_durations_give_exact_dates(tiny, node, days):
    result = answer(tiny)
    estimate = result.milestones[node]
    expected = dt.date(2026, 1, 1) + dt.timedelta(days=days)
    assert estimate.p10 == estimate.p50 == estimate.p90 == expected


@pytest.mark.parametrize("p", [0.0, 0.3, 0.7, 1.0])
def test_decision_probability_is_reproduced(tiny, p):
    result = answer(tiny, p_yes=p)
    got = result.countries["NO"].routes["reimbursed"].estimate.p_reached
    # binomial standard error at n=20,000 is at most 0.0036; allow 4 sigma
    assert abs(got - p) <= 0.015


def test_branch_not_taken_is_never_reached(tiny):
    result = answer(tiny, p_yes=0.0)
    assert result.milestones["t.review"].p_reached == 0.0
    assert result.milestones["t.review"].p50 is None


def test_same_seed_same_answer_and_other_seed_differs(resetme):
    plan = build_plan(resetme)
    a = simulate(plan, 5000, seed=1).finish
    b = simulate(plan, 5000, seed=1).finish
    c = simulate(plan, 5000, seed=2).finish
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_node_streams_do_not_depend_on_what_else_is_asked(library, resetme):
    only_norway = simulate(build_plan(resetme, resetme.access_nodes("NO")), 4000, seed=3)
    everything = simulate(build_plan(resetme, resetme.access_nodes()), 4000, seed=3)
    assert len(everything.plan.nodes) >= len(only_norway.plan.nodes)
    assert np.array_equal(only_norway.row("no.reimbursed_access"), everything.row("no.reimbursed_access"))


def test_position_is_conditioned_on_elapsed_time(resetme):
    """A trial that has already run 540 days cannot finish before as_of."""
    sim = simulate(build_plan(resetme), 4000, seed=5)
    row = sim.row("clinical.phase2_trial")
    assert np.all(row >= 0)


def test_dated_rule_applies_by_start_date(tmp_path):
    from tests.conftest import write

    lib = write(
        tmp_path / "lib" / "r.yaml",
        """\
        namespace: r
        title: Rule test
        jurisdiction: Testland
        countries: [NO]
        reviewed: 2026-01-01
        steps:
          - id: wait
            label: Wait
            explain: Waiting.
            duration: {fixed: 400, assumption: test}
          - id: clock
            label: Clock
            after: [wait]
            explain: The clock changes on a date.
            duration: {fixed: 210, assumption: test}
            rules:
              - {from: 2027-01-01, why: reform, duration: {fixed: 180, assumption: test}}
          - id: access
            label: Access
            kind: access
            country: NO
            route: reimbursed
            after: [clock]
            explain: Access.
        """,
    )
    for since, expected in ((dt.date(2026, 1, 1), 180), (dt.date(2025, 1, 1), 210)):
        scenario = write(
            tmp_path / f"s{since.year}.yaml",
            f"""\
            title: Rule scenario
            as_of: 2026-01-01
            product: {{name: X, substance: x}}
            indication: y
            position: {{step: r.wait, since: {since}}}
            countries: [NO]
            """,
        )
        composition = api.prepare(api.load_library(lib.parent), api.load_scenario(scenario))
        result = api.answer_question(composition, samples=100, seed=1)
        wait_end = since + dt.timedelta(days=400)
        assert result.milestones["r.clock"].p50 == wait_end + dt.timedelta(days=expected)


def test_resetme_answers_norway_with_three_routes(resetme):
    result = api.answer_question(resetme, ["NO"], samples=20_000)
    routes = result.countries["NO"].routes
    assert {"reimbursed", "off_label", "trial"} <= set(routes)
    for route in routes.values():
        e = route.estimate
        assert 0.0 <= e.p_reached <= 1.0
        if e.p50:
            assert e.p10 <= e.p25 <= e.p50 <= e.p75 <= e.p90
    # who must act: the company for the label, the regional health authorities for off-label funding
    assert any("Marketing authorisation holder" in w for w in routes["reimbursed"].who_must_act)
    assert any("Regional health authorities" in w for w in routes["off_label"].who_must_act)


def test_raising_a_probability_raises_the_chance(resetme):
    low = api.answer_question(resetme, ["NO"], samples=20_000, parameters={"p_mah_files": 0.1})
    high = api.answer_question(resetme, ["NO"], samples=20_000, parameters={"p_mah_files": 0.9})
    assert (
        high.countries["NO"].routes["reimbursed"].estimate.p_reached > low.countries["NO"].routes["reimbursed"].estimate.p_reached
    )


def test_headline_numbers_come_from_the_answer(resetme):
    result = api.answer_question(resetme, ["NO"], samples=20_000)
    text = api.headline(result, "NO")
    off = result.countries["NO"].routes["off_label"].estimate
    assert str(off.p50.year) in text
    assert "Norway" in text


@pytest.mark.parametrize(
    "given, expected",
    [
        ("", "positive"),  # the direct way to the Commission's decision, not the re-examination detour
        ("outcomes:\n  eu.chmp_opinion: negative\n  eu.reexamination: positive\n", "negative"),
    ],
)
def test_a_past_decision_takes_the_direct_way_to_the_position_unless_the_scenario_says(library, given, expected):
    from pathways.load import load_scenario_text
    from tests.conftest import ROOT

    text = (ROOT / "seeds" / "rezurock.yaml").read_text(encoding="utf-8")
    start = text.index("outcomes:\n")
    end = text.index("\n", text.index("eu.reexamination:", start)) + 1
    composition = api.prepare(library, load_scenario_text(text[:start] + given + text[end:], "s.yaml"))
    assert [p.step for p in composition.scenario.position] == ["eu.ec_decision"]
    plan = build_plan(composition, composition.access_nodes("GB"))
    chmp = plan.nodes[plan.index["eu.chmp_opinion"]]
    assert [o.id for o in composition.step("eu.chmp_opinion").outcomes][chmp.fixed_outcome] == expected


def test_a_node_stream_starts_afresh_on_every_simulation_and_in_every_thread():
    """The remembered generators (simulate.node_generator) must draw exactly what a newly seeded one does."""
    import threading

    from pathways.simulate import node_generator

    fresh = np.random.Generator(np.random.PCG64([7, 12345])).random(5)
    first = node_generator(7, 12345).random(5)
    again = node_generator(7, 12345).random(5)  # the same stream, after it was used above
    elsewhere: list[np.ndarray] = []
    thread = threading.Thread(target=lambda: elsewhere.append(node_generator(7, 12345).random(5)))
    thread.start()
    thread.join()
    assert np.array_equal(fresh, first) and np.array_equal(fresh, again) and np.array_equal(fresh, elsewhere[0])
