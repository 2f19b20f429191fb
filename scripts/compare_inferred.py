"""How far a scenario inferred from a trial record is from the hand-written seed for the same trial.

    python scripts/compare_inferred.py [--samples 20000] [--json]

For each record in tests/fixtures/trials/ that has a seed in seeds/ (the pairs are listed in PAIRS),
writes the scenario as ``python -m pathways new --trial-file`` would, on the seed's own ``as_of`` date,
answers both for the seed's countries with the same samples and random seed, and prints per country
and route: the chance of the route, the P50 date, and the difference (inferred minus seed) in
percentage points and in months. Nothing is tuned: the point is to see what a newcomer who starts
from a registry number gets, compared with what an editor who read the sources wrote.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pathways import api  # noqa: E402 - after the path insert, so the script runs from a checkout

FIXTURES = ROOT / "tests" / "fixtures" / "trials"

#: Fixture record -> seed that describes the same trial (or the same medicine at a later stage).
PAIRS: dict[str, tuple[str, str]] = {
    "NCT06684847": ("efgartigimod-sjogren", "same trial (UNITY phase 3)"),
    "NCT05817669": ("efgartigimod-sjogren", "earlier trial (RHO phase 2) of the seed's medicine"),
    "NCT06872125": ("zorevunersen", "same trial (EMPEROR phase 3)"),
    "NCT05616793": ("opgx-lca5", "same trial (phase 1/2); the seed is one stage later"),
}


def _answer(composition: api.Composition, countries: list[str], samples: int) -> dict[str, dict[str, Any]]:
    answer = api.answer_question(composition, countries, samples=samples, seed=api.DEFAULT_SEED)
    out: dict[str, dict[str, Any]] = {}
    for cc, country in answer.countries.items():
        out[cc] = {
            route: {"chance": ra.estimate.p_reached, "p50": ra.estimate.p50.isoformat() if ra.estimate.p50 else None}
            for route, ra in country.routes.items()
        }
    return out


def _months(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    ya, ma, da = (int(x) for x in a.split("-"))
    yb, mb, db = (int(x) for x in b.split("-"))
    return round((ya - yb) * 12 + (ma - mb) + (da - db) / 30.4, 1)


def compare(samples: int) -> list[dict[str, Any]]:
    library = api.load_library()
    seeds = api.seed_files()
    rows: list[dict[str, Any]] = []
    for record, (seed_name, relation) in PAIRS.items():
        seed_loaded = api.load_scenario(seeds[seed_name])
        seed = seed_loaded.model
        text = api.new_scenario_from_record(
            (FIXTURES / f"{record}.json").read_bytes(), library, as_of=seed.as_of, file=f"{record}.json"
        )
        inferred_loaded = api.load_scenario_text(text, f"{record}-inferred.yaml")
        countries = list(seed.countries)
        seeded = _answer(api.prepare(library, seed_loaded), countries, samples)
        inferred = _answer(api.prepare(library, inferred_loaded), countries, samples)
        positions = {
            "seed": [p.step for p in seed.position],
            "inferred": [p.step for p in inferred_loaded.model.position],
        }
        for cc in countries:
            for route in sorted(set(seeded.get(cc, {})) | set(inferred.get(cc, {}))):
                s = seeded.get(cc, {}).get(route, {"chance": 0.0, "p50": None})
                i = inferred.get(cc, {}).get(route, {"chance": 0.0, "p50": None})
                rows.append(
                    {
                        "record": record,
                        "seed": seed_name,
                        "relation": relation,
                        "positions": positions,
                        "country": cc,
                        "route": route,
                        "seed_chance": round(s["chance"], 3),
                        "inferred_chance": round(i["chance"], 3),
                        "chance_diff_pp": round(100 * (i["chance"] - s["chance"]), 1),
                        "seed_p50": s["p50"],
                        "inferred_p50": i["p50"],
                        "p50_diff_months": _months(i["p50"], s["p50"]),
                    }
                )
    return rows


def _print(rows: list[dict[str, Any]]) -> None:
    last = None
    for r in rows:
        if r["record"] != last:
            last = r["record"]
            pos = r["positions"]
            print(f"\n{r['record']} vs seeds/{r['seed']}.yaml — {r['relation']}")
            print(f"  position: seed {', '.join(pos['seed'])}; inferred {', '.join(pos['inferred'])}")
            print(
                f"  {'cc':3s} {'route':13s} {'seed':>5s} {'infer':>5s} {'Δ pp':>6s}   {'seed P50':10s} {'infer P50':10s} {'Δ months':>8s}"
            )
        dm = "" if r["p50_diff_months"] is None else f"{r['p50_diff_months']:+.1f}"
        print(
            f"  {r['country']:3s} {r['route']:13s} {r['seed_chance']:5.0%} {r['inferred_chance']:5.0%} "
            f"{r['chance_diff_pp']:+6.1f}   {r['seed_p50'] or '—':10s} {r['inferred_p50'] or '—':10s} {dm:>8s}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = compare(args.samples)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        _print(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
