"""The shortcuts taken for speed give the numbers the plain numpy calls give, bit for bit.

The engine draws random bits from the raw generator output instead of `Generator.bytes`, sorts
times as int32 bit patterns, computes quantiles in plain floats and finds the earliest of a few rows
by comparisons; each is checked here against
the call it replaces, including the cases where the shortcut must step aside.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pathways.answer import QUANTILES, earliest_row, estimate_rows, reached_sorted
from pathways.simulate import _random_bits


@pytest.mark.parametrize("samples", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 997, 20_000])
def test_random_bits_are_the_bytes_numpy_gives_and_leave_the_generator_where_bytes_does(samples: int) -> None:
    fast, plain = (np.random.Generator(np.random.PCG64([20251, 99])) for _ in range(2))
    assert np.array_equal(_random_bits(fast, samples), np.frombuffer(plain.bytes(2 * samples), dtype=np.uint16))
    # the next draw of the node (a decision's uniform numbers) must not move either
    assert np.array_equal(fast.random(samples, dtype=np.float32), plain.random(samples, dtype=np.float32))


def _row(rng: np.random.Generator, reached: float, low: float = 0.0) -> np.ndarray:
    row = rng.uniform(low, 5000.0, 20_000).astype(np.float32)
    row[rng.random(20_000) >= reached] = np.inf
    return row


@pytest.mark.parametrize("low", [0.0, -400.0])
def test_reached_sorted_is_the_sorted_finite_times(low: float) -> None:
    rng = np.random.default_rng(3)
    for reached in (0.0, 0.01, 0.5, 1.0):
        row = _row(rng, reached, low)
        expected = np.sort(row[np.isfinite(row)])
        assert np.array_equal(reached_sorted(row), expected)


def test_reached_sorted_steps_aside_for_negative_zero() -> None:
    row = np.array([3.0, -0.0, np.inf, 1.0, 0.0], dtype=np.float32)
    assert reached_sorted(row).tolist() == [-0.0, 0.0, 1.0, 3.0]


def test_estimates_are_numpy_quantiles_of_the_futures_that_reach_the_step() -> None:
    rng = np.random.default_rng(5)
    as_of = dt.date(2026, 1, 1)
    rows = np.stack([_row(rng, reached) for reached in (0.0, 0.003, 0.3, 0.9, 1.0)])
    few = np.full((3, rows.shape[1]), np.inf, dtype=np.float32)  # one, two and three futures reach the step
    for k in range(3):
        few[k, : k + 1] = rng.uniform(0.0, 5000.0, k + 1)
    rows = np.concatenate([rows, few])
    for row, estimate in zip(rows, estimate_rows(rows, as_of)):
        finite = row[np.isfinite(row)].astype(np.float64)
        assert estimate.p_reached == finite.size / row.size
        if finite.size == 0:
            assert estimate.p50 is None
            continue
        dates = [estimate.p10, estimate.p25, estimate.p50, estimate.p75, estimate.p90]
        for q, day in zip(QUANTILES, dates):
            expected = float(np.quantile(finite, q))  # linear interpolation, numpy's default
            assert day is not None
            assert abs((day - as_of).days - expected) <= 0.5 + 1e-6


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_earliest_row_is_numpy_min_and_argmin_along_the_first_axis(count: int) -> None:
    rng = np.random.default_rng(11)
    # whole days and never-reached futures, so ties (first row wins) and all-inf columns occur
    rows = [np.floor(_row(rng, reached) / 500) for reached in (0.2, 0.7, 1.0, 0.0, 0.5)[:count]]
    best, which = earliest_row(rows)
    assert np.array_equal(best, np.stack(rows).min(axis=0))
    assert np.array_equal(which, np.stack(rows).argmin(axis=0))


def test_earliest_row_steps_aside_for_nan() -> None:
    rows = [np.array([1.0, np.nan, 5.0, 2.0], dtype=np.float32), np.array([0.0, 3.0, np.nan, 2.0], dtype=np.float32)]
    best, which = earliest_row(rows)
    assert np.array_equal(which, np.stack(rows).argmin(axis=0))
    assert np.array_equal(best, np.stack(rows).min(axis=0), equal_nan=True)
