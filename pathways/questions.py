"""Answers to the questions that motivated a scenario, computed from the graph and the samples.

Each answer quotes numbers from the simulation and names the steps that justify it, so the app can
link to them; nothing here is typed in by hand.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

from .countries import EEA, country_name
from .formatting import chance_text, month, month_range, share_text
from .graph import Composition
from .model import Question
from .results import Answer, QuestionAnswer
from .simulate import Simulation
from .wording import ROUTE_TEXT


def answer_questions(sim: Simulation, answer: Answer, country: str) -> list[QuestionAnswer]:
    composition = sim.plan.composition
    out = []
    for question in composition.scenario.questions:
        handler = _HANDLERS[question.compute]
        out.append(handler(sim, answer, country, question))
    return out


def _route_times(sim: Simulation, country: str, route: str) -> np.ndarray | None:
    """When the route opens for the patient group: ways that open for one patient at a time count only
    when the route has no other way (the questions are about patients with the disease, not one case)."""
    plan = sim.plan
    composition = plan.composition
    present = [n for n in composition.access_nodes(country, route) if n in plan.index]
    group = [n for n in present if composition.step(n).serves == "group"]
    nodes = [plan.index[n] for n in (group or present)]
    if not nodes:
        return None
    result: np.ndarray = sim.finish[nodes].min(axis=0)
    return result


def _label(sim: Simulation, node: str) -> str:
    return sim.plan.composition.step(node).label


def _steps_of(q: Question) -> list[str]:
    assert q.step is not None
    return [q.step, *q.also]


def _labels(sim: Simulation, q: Question) -> str:
    """“A” or “B”: the question's step and the steps that count as the same."""
    return " or ".join(f"“{_label(sim, s)}”" for s in _steps_of(q) if s in sim.plan.composition.graph)


def _finish_rows(sim: Simulation, q: Question) -> np.ndarray:
    rows = [sim.row(s) for s in _steps_of(q) if s in sim.plan.index]
    return np.stack(rows) if rows else np.full((1, sim.samples), np.inf, dtype=np.float32)


def _wait_for_step(sim: Simulation, answer: Answer, country: str, q: Question) -> QuestionAnswer:
    assert q.step is not None
    label = _labels(sim, q)
    lines = []
    figures: dict[str, float] = {}
    step_row = _finish_rows(sim, q).min(axis=0)  # the first of them to finish
    for route in ("reimbursed", "off_label", "early_access"):
        times = _route_times(sim, country, route)
        if times is None:
            continue
        reached = np.isfinite(times)
        if not reached.any():
            continue
        needs = np.isfinite(step_row) & (step_row <= times) & reached
        share = float(needs.sum() / reached.sum())
        figures[route] = round(share, 4)
        name = ROUTE_TEXT[route]["name"]
        if share >= 0.995:
            lines.append(f"For {name}: yes — in every simulated future that reaches it, {label} is finished first.")
        elif share < 0.005:
            lines.append(f"For {name}: no — none of the simulated futures that reach it waits for {label}.")
        else:
            lines.append(
                f"For {name}: usually — in {share_text(share)} of the simulated futures that reach it, {label} finishes first; "
                f"the rest get there without it."
                if share >= 0.5
                else f"For {name}: sometimes — in {share_text(share)} of the simulated futures that reach it, {label} finishes first."
            )
    text = " ".join(lines) if lines else f"No route in {country_name(country)} is reached under these assumptions."
    return QuestionAnswer(q.ask, text, _steps_of(q), figures)


def _access_while_running(sim: Simulation, answer: Answer, country: str, q: Question) -> QuestionAnswer:
    assert q.step is not None
    route = q.route or "off_label"
    label = _labels(sim, q)
    name = ROUTE_TEXT[route]["name"]
    times = _route_times(sim, country, route)
    if times is None:
        return QuestionAnswer(q.ask, f"The library has no route to {name} for {country_name(country)}.", [q.step])
    rows = _finish_rows(sim, q)
    # the last of those that run is still running until it ends
    step_row = np.where(np.isfinite(rows), rows, -np.inf).max(axis=0)
    step_row = np.where(np.isfinite(step_row), step_row, np.inf).astype(np.float32)
    both = np.isfinite(times) & np.isfinite(step_row)
    during = float((both & (times < step_row)).sum() / max(both.sum(), 1))
    p_step = float(np.isfinite(step_row).mean())
    p_route = float(np.isfinite(times).mean())
    figures = {"p_route": round(p_route, 4), "p_step_runs": round(p_step, 4), "share_during": round(during, 4)}
    # The qualifier comes first: "yes in 100% of the futures where both happen" means little when both rarely do.
    odds = f"The chance that {name} comes at all is {chance_text(p_route)}"
    if not both.any():
        text = f"{odds}; in none of them does {label} run as well (chance that it runs: {chance_text(p_step)})."
    elif during < 0.005:
        text = f"No. {odds}; where {label} runs too, {name} only starts after it has ended."
    else:
        lead = "Yes" if p_route >= 0.5 else "Possibly, but it is unlikely" if p_route < 0.2 else "Possibly"
        text = (
            f"{lead}. {odds}. In {share_text(during)} of the futures where it comes and {label} runs "
            f"(chance that it runs: {chance_text(p_step)}), {name} starts while {label} is still running."
        )
    access = list(sim.plan.composition.access_nodes(country, route))
    return QuestionAnswer(q.ask, text, [*_steps_of(q), *access], figures)


def _shared_steps(sim: Simulation, answer: Answer, country: str, q: Question) -> QuestionAnswer:
    route = q.route or "reimbursed"
    composition = sim.plan.composition
    graph = composition.graph
    c = answer.countries.get(country)
    if c is None or route not in c.routes or not c.routes[route].path:
        return QuestionAnswer(q.ask, f"No {ROUTE_TEXT[route]['name']} path is reached for {country_name(country)}.", [])
    shared, national = [], []
    for node in c.routes[route].path:
        covered = graph.nodes[node]["fragment_countries"]
        if len(covered) > 1:
            shared.append((node, len(covered)))
        elif covered == [country]:
            national.append((node, 1))
    eea = country in EEA
    parts = []
    if shared:
        widest = max(k for _, k in shared)
        parts.append(f"Shared by up to {widest} countries: {_actors(composition, [n for n, _ in shared])}.")
    if eea:
        parts.append(f"One EU decision (the European Commission's) covers all EEA countries, {country_name(country)} included.")
    if national:
        parts.append(f"National, in {country_name(country)}: {_actors(composition, [n for n, _ in national])}.")
    parts.append("Prices and public funding are always decided country by country.")
    return QuestionAnswer(
        q.ask, " ".join(parts), [n for n, _ in shared + national], {"shared": len(shared), "national": len(national)}
    )


def _actors(composition: Composition, nodes: list[str]) -> str:
    """Who acts on these steps, each once, in the order they act: how a patient names a procedure."""
    names: list[str] = []
    for node in nodes:
        who = composition.step(node).who or ""
        for part in re.split(r",\s*", re.sub(r"\s*\([^)]*\)", "", who)):
            name = _short_actor(re.sub(r"^with\s+", "", part.strip()))
            key = name.casefold()
            if name and not any(key.startswith(k) or k.startswith(key) for k in (n.casefold() for n in names)):
                names.append(name)
    if len(names) < 2:
        return "".join(names) or "no named actor"
    return ", ".join(names[:-1]) + " and " + names[-1]


def _short_actor(name: str) -> str:
    """'EMA's Committee for …' → 'EMA'; 'Marketing authorisation holder' → 'the company'."""
    if name.casefold().startswith("marketing authorisation holder") or name.casefold() == "the company":
        return "the company"
    if "'s " in name:
        return name.split("'s ")[0]
    return name[:1].upper() + name[1:] if name else ""


def _who_must_act(sim: Simulation, answer: Answer, country: str, q: Question) -> QuestionAnswer:
    c = answer.countries.get(country)
    lines = []
    steps: list[str] = []
    if c is not None:
        for route, ra in c.routes.items():
            if ra.who_must_act:
                lines.append(f"For {ROUTE_TEXT[route]['name']}: {'; '.join(ra.who_must_act)}.")
                steps += [s.id for s in ra.steps if s.who]
    return QuestionAnswer(q.ask, " ".join(lines) or "No route is reached under these assumptions.", steps)


def _if_outcome(sim: Simulation, answer: Answer, country: str, q: Question) -> QuestionAnswer:
    """Chance and dates of each route in the futures where a decision took a given outcome."""
    assert q.step is not None and q.outcome is not None
    plan = sim.plan
    step = plan.composition.step(q.step)
    ids = [o.id for o in step.outcomes]
    j = plan.index.get(q.step)
    if j is None or j not in sim.choice or q.outcome not in ids:
        return QuestionAnswer(q.ask, f"“{step.label}” is not part of the way to patients in {country_name(country)}.", [q.step])
    given = np.isfinite(sim.finish[j]) & (sim.choice[j] == ids.index(q.outcome))
    p_given = float(given.mean())
    label = next(o.label for o in step.outcomes if o.id == q.outcome)
    if not given.any():
        return QuestionAnswer(q.ask, f"“{label}” does not occur in these simulations.", [q.step])
    parts = [f"Assuming “{label}” (chance under the current assumptions: {chance_text(p_given)}):"]
    figures: dict[str, float] = {"p_given": round(p_given, 4)}
    for route in ("off_label", "reimbursed", "early_access"):
        times = _route_times(sim, country, route)
        if times is None:
            continue
        sub = times[given]
        reached = np.isfinite(sub)
        share = float(reached.mean())
        figures[route] = round(share, 4)
        name = ROUTE_TEXT[route]["name"]
        if not reached.any():
            parts.append(f"{name[0].upper() + name[1:]}: not reached.")
            continue
        days = np.quantile(sub[reached], [0.1, 0.5, 0.9])
        p10, p50, p90 = (answer.as_of + dt.timedelta(days=float(d)) for d in days)
        parts.append(
            f"{name[0].upper() + name[1:]}: {chance_text(share)}; if it comes, around {month(p50)} "
            f"(80% range {month_range(p10, p90)})."
        )
    return QuestionAnswer(q.ask, " ".join(parts), [q.step] + plan.composition.access_nodes(country), figures)


_HANDLERS = {
    "if_outcome": _if_outcome,
    "wait_for_step": _wait_for_step,
    "access_while_running": _access_while_running,
    "shared_steps": _shared_steps,
    "who_must_act": _who_must_act,
}
