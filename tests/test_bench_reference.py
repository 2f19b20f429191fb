"""The independent reference simulates what it claims: PERT durations, joins and decisions give the
right sample statistics, its random graphs have the size asked for, and it imports nothing from the engine."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from pathways.bench_reference import TABLE_SIZE, Dag, Shape, pert_table, random_dag, simulate_reference

SAMPLES = 200_000


def _constant(days: float) -> np.ndarray:
    return np.full(TABLE_SIZE, days, dtype=np.float32)


@pytest.mark.parametrize(("low", "mode", "high"), [(10.0, 40.0, 200.0), (0.0, 0.0, 90.0), (300.0, 500.0, 520.0)])
def test_a_pert_step_has_the_pert_mean_and_stays_in_its_range(low: float, mode: float, high: float) -> None:
    table = pert_table(low, mode, high, np.random.default_rng(1))
    dag = Dag(table[None, :], [[]], [[]], {})
    days = simulate_reference(dag, SAMPLES, seed=2)[0].astype(np.float64)
    mean = (low + 4 * mode + high) / 6
    # five standard errors of the sample mean, and a little for the table's 1,024 bins
    assert abs(days.mean() - mean) < 5 * days.std() / np.sqrt(SAMPLES) + 0.002 * (high - low)
    assert low <= days.min() and days.max() <= high
    assert np.all(np.diff(table) >= 0)


def test_joins_wait_for_the_latest_of_all_and_the_first_of_any() -> None:
    tables = np.stack([_constant(d) for d in (10, 30, 5, 0, 0)])
    # 3 waits for all of 0 and 1 (30 + 0); 4 waits for 2 (at 5, after 0 days) and the first of 0 and 1 (10)
    dag = Dag(tables, [[], [], [], [(0, -1), (1, -1)], [(2, -1)]], [[], [], [], [], [(0, -1), (1, -1)]], {})
    finish = simulate_reference(dag, 1000)
    assert np.all(finish[3] == 30) and np.all(finish[4] == 10)


def test_a_conditioned_edge_counts_only_where_the_decision_took_its_outcome() -> None:
    tables = np.stack([_constant(20), _constant(7), _constant(7)])
    dag = Dag(tables, [[], [(0, 0)], [(0, 1)]], [[], [], []], {0: 0.3})
    finish = simulate_reference(dag, SAMPLES, seed=4)
    took = np.isfinite(finish[1])
    assert abs(took.mean() - 0.3) < 5 * np.sqrt(0.3 * 0.7 / SAMPLES)
    assert np.all(finish[1][took] == 27) and np.array_equal(np.isfinite(finish[2]), ~took)


def test_a_random_graph_has_the_shape_asked_for_and_runs_forward() -> None:
    shape = Shape(nodes=200, edges=250, decisions=86, conditioned_edges=100, any_edges=20)
    dag = random_dag(shape, seed=5)
    assert dag.shape == shape
    for preds in (dag.all_preds, dag.any_preds):
        assert all(p < j for j, into in enumerate(preds) for p, _ in into)
    finish = simulate_reference(dag, 2000)
    assert finish.shape == (200, 2000) and np.isfinite(finish[0]).all()


def test_the_reference_imports_nothing_from_the_engine() -> None:
    source = Path(__file__).resolve().parent.parent / "pathways" / "bench_reference.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "a relative import reaches into the engine"
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "dataclasses", "numpy"}
