"""scripts/compare_inferred.py pairs each fixture record with the seed for the same trial and compares answers."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("compare_inferred", ROOT / "scripts" / "compare_inferred.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["compare_inferred"] = module
    spec.loader.exec_module(module)
    return module


def test_every_pair_names_a_fixture_and_a_seed_and_is_compared_for_the_seeds_countries():
    script = _script()
    rows = script.compare(samples=400)
    for record, (seed, _) in script.PAIRS.items():
        assert (ROOT / "tests" / "fixtures" / "trials" / f"{record}.json").exists()
        assert (ROOT / "seeds" / f"{seed}.yaml").exists()
        mine = [r for r in rows if r["record"] == record]
        assert mine, f"{record} was not compared"
        assert {r["country"] for r in mine} <= set(script.api.load_scenario(ROOT / "seeds" / f"{seed}.yaml").model.countries)
        for r in mine:
            assert 0.0 <= r["seed_chance"] <= 1.0 and 0.0 <= r["inferred_chance"] <= 1.0
            # the difference is taken before the chances are rounded to 0.1 pp
            assert abs(r["chance_diff_pp"] - 100 * (r["inferred_chance"] - r["seed_chance"])) < 0.15


def test_the_same_trial_at_the_same_stage_is_inferred_at_the_seeds_position():
    """UNITY and EMPEROR: the record alone puts the scenario where the editor put it (phase 3, running)."""
    rows = _script().compare(samples=400)
    for record in ("NCT06684847", "NCT06872125"):
        positions = next(r["positions"] for r in rows if r["record"] == record)
        assert positions["inferred"] == positions["seed"] == ["clinical.phase3_trial"]


def test_month_difference_counts_calendar_months():
    script = _script()
    assert script._months("2030-06-15", "2029-06-15") == 12.0
    assert script._months("2029-01-15", "2029-03-15") == -2.0
    assert script._months(None, "2029-03-15") is None
