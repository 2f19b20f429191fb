"""Answers to the questions that motivated a scenario, computed from the graph and the samples.

Each answer quotes numbers from the simulation and names the steps that justify it, so the app can
link to them; nothing here is typed in by hand.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
from babel.lists import format_list

from .countries import EEA, country_name
from .formatting import chance_text, month, month_range, share_text
from .graph import Composition
from .i18n import _, babel_locale, yaml_text
from .model import Question
from .results import Answer, QuestionAnswer
from .simulate import Simulation
from .wording import ROUTE_TEXT, already_authorised


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
    return yaml_text(sim.plan.composition.step(node), "label")


def _quoted(text: str) -> str:
    """A name in the language's quotation marks (“…” in English, «…» in Norwegian)."""
    return _("“{name}”").format(name=text)


def _steps_of(q: Question) -> list[str]:
    assert q.step is not None
    return [q.step, *q.also]


def _labels(sim: Simulation, q: Question) -> str:
    """“A” or “B”: the question's step and the steps that count as the same."""
    names = [_quoted(_label(sim, s)) for s in _steps_of(q) if s in sim.plan.composition.graph]
    text = names[0] if names else ""
    for name in names[1:]:
        text = _("{first} or {second}").format(first=text, second=name)
    return text


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
            line = _("For {route}: yes — in every simulated future that reaches it, {step} is finished first.")
        elif share < 0.005:
            line = _("For {route}: no — none of the simulated futures that reach it waits for {step}.")
        elif share >= 0.5:
            line = _(
                "For {route}: usually — in {share} of the simulated futures that reach it, {step} finishes first; "
                "the rest get there without it."
            )
        else:
            line = _("For {route}: sometimes — in {share} of the simulated futures that reach it, {step} finishes first.")
        lines.append(line.format(route=name, step=label, share=share_text(share)))
    text = (
        " ".join(lines)
        if lines
        else _("No route in {country} is reached under these assumptions.").format(country=country_name(country))
    )
    return QuestionAnswer(yaml_text(q, "ask"), text, _steps_of(q), figures)


def _access_while_running(sim: Simulation, answer: Answer, country: str, q: Question) -> QuestionAnswer:
    assert q.step is not None
    route = q.route or "off_label"
    label = _labels(sim, q)
    name = ROUTE_TEXT[route]["name"]
    times = _route_times(sim, country, route)
    if times is None:
        text = _("The library has no route to {route} for {country}.").format(route=name, country=country_name(country))
        held = already_authorised(answer.product, answer.countries.get(country))
        if held:
            text = held + " " + _("So {route} does not apply there.").format(route=name)
        return QuestionAnswer(yaml_text(q, "ask"), text, [q.step])
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
    words = {
        "route": name,
        "step": label,
        "chance": chance_text(p_route),
        "runs": chance_text(p_step),
        "share": share_text(during),
    }
    if not both.any():
        text = _(
            "The chance that {route} comes at all is {chance}; in none of them does {step} run as well "
            "(chance that it runs: {runs})."
        ).format(**words)
    elif during < 0.005:
        text = _(
            "No. The chance that {route} comes at all is {chance}; where {step} runs too, {route} only starts after it has ended."
        ).format(**words)
    else:
        lead = _("Yes.") if p_route >= 0.5 else _("Possibly, but it is unlikely.") if p_route < 0.2 else _("Possibly.")
        rest = _(
            "The chance that {route} comes at all is {chance}. In {share} of the futures where it comes and {step} runs "
            "(chance that it runs: {runs}), {route} starts while {step} is still running."
        ).format(**words)
        text = f"{lead} {rest}"
    access = list(sim.plan.composition.access_nodes(country, route))
    return QuestionAnswer(yaml_text(q, "ask"), text, [*_steps_of(q), *access], figures)


def _shared_steps(sim: Simulation, answer: Answer, country: str, q: Question) -> QuestionAnswer:
    route = q.route or "reimbursed"
    composition = sim.plan.composition
    graph = composition.graph
    c = answer.countries.get(country)
    if c is None or route not in c.routes or not c.routes[route].path:
        text = _("No {route} path is reached for {country}.").format(
            route=ROUTE_TEXT[route]["name"], country=country_name(country)
        )
        return QuestionAnswer(yaml_text(q, "ask"), text, [])
    shared, national = [], []
    held = already_authorised(answer.product, answer.countries.get(country))
    plan = sim.plan
    for node in c.routes[route].path:
        if held and plan.nodes[plan.index[node]].done_at is not None:
            continue  # the approval there is behind the patients: only what remains is shared or national
        covered = graph.nodes[node]["fragment_countries"]
        if len(covered) > 1:
            shared.append((node, len(covered)))
        elif covered == [country]:
            national.append((node, 1))
    eea = country in EEA
    parts = [held] if held else []
    where = country_name(country)
    if shared:
        widest = max(count for _node, count in shared)
        actors = _actors(composition, [node for node, _count in shared])
        parts.append(_("Shared by up to {count} countries: {actors}.").format(count=widest, actors=actors))
    if eea and not held:
        parts.append(
            _("One EU decision (the European Commission's) covers all EEA countries, {country} included.").format(country=where)
        )
    if national:
        actors = _actors(composition, [node for node, _count in national])
        parts.append(_("National, in {country}: {actors}.").format(country=where, actors=actors))
    parts.append(_("Prices and public funding are always decided country by country."))
    steps = [node for node, _count in shared + national]
    return QuestionAnswer(yaml_text(q, "ask"), " ".join(parts), steps, {"shared": len(shared), "national": len(national)})


def _actors(composition: Composition, nodes: list[str]) -> str:
    """Who acts on these steps, each once, in the order they act: how a patient names a procedure."""
    names: list[str] = []
    for node in nodes:
        who = yaml_text(composition.step(node), "who")
        for part in re.split(r",\s*", re.sub(r"\s*\([^)]*\)", "", who)):
            name = _short_actor(re.sub(r"^(?:with|med)\s+", "", part.strip()))
            key = name.casefold()
            if name and not any(key.startswith(k) or k.startswith(key) for k in (n.casefold() for n in names)):
                names.append(name)
    if len(names) < 2:
        return "".join(names) or _("no named actor")
    return _("{actors} and {last}").format(actors=", ".join(names[:-1]), last=names[-1])


#: how a library names the company, in English and Norwegian ("innehaver av markedsføringstillatelsen")
_COMPANY = ("marketing authorisation holder", "the company", "innehaver av markedsføringstillatelse", "legemiddelfirmaet")


def _short_actor(name: str) -> str:
    """'EMA's Committee for …' → 'EMA'; 'Marketing authorisation holder' → 'the company'."""
    if name.casefold().startswith(_COMPANY):
        return _("the company")
    if "'s " in name:
        return name.split("'s ")[0]
    possessive = re.match(r"^([A-ZÆØÅ]{2,})s\s", name)  # Norwegian "EMAs legemiddelkomité" → "EMA"
    if possessive:
        return possessive.group(1)
    return name[:1].upper() + name[1:] if name else ""


def _who_must_act(sim: Simulation, answer: Answer, country: str, q: Question) -> QuestionAnswer:
    """Each actor once, under the routes that need it: the actors most routes share first.

    An actor is known by its English name's key (`RouteAnswer.actor_keys`), never by the shown (translated) text.
    """
    c = answer.countries.get(country)
    steps: list[str] = []
    held = already_authorised(answer.product, answer.countries.get(country))
    names: dict[str, str] = {}
    routes_of: dict[str, list[str]] = {}
    for route, ra in c.routes.items() if c is not None else []:
        for key, name in zip(ra.actor_keys, ra.who_must_act, strict=True):
            names.setdefault(key, name)
            routes_of.setdefault(key, []).append(route)
        if ra.who_must_act:
            steps += [s.id for s in ra.steps if s.who]
    groups: dict[tuple[str, ...], list[str]] = {}
    for key, routes in routes_of.items():
        groups.setdefault(tuple(routes), []).append(names[key])
    lines = []
    for shared_by, actors in sorted(groups.items(), key=lambda group: -len(group[0])):  # stable: first seen first
        route_names = format_list([ROUTE_TEXT[r]["name"] for r in shared_by], locale=babel_locale())
        lines.append(_("For {route}: {actors}.").format(route=route_names, actors="; ".join(actors)))
    if held and c is not None:
        # no decision is open on the public route; name who does what remains (launch, coverage)
        plan = sim.plan
        remaining = [
            s.id
            for s in (c.routes["reimbursed"].steps if "reimbursed" in c.routes else [])
            if s.who and plan.nodes[plan.index[s.id]].done_at is None
        ]
        text = held + " " + _("No regulator has to approve it again there.")
        if remaining and not lines:
            text += " " + _("What remains is done by {actors}.").format(actors=_actors(sim.plan.composition, remaining))
            steps += remaining
        return QuestionAnswer(yaml_text(q, "ask"), " ".join([text, *lines]), steps)
    return QuestionAnswer(yaml_text(q, "ask"), " ".join(lines) or _("No route is reached under these assumptions."), steps)


def _if_outcome(sim: Simulation, answer: Answer, country: str, q: Question) -> QuestionAnswer:
    """Chance and dates of each route in the futures where a decision took a given outcome."""
    assert q.step is not None and q.outcome is not None
    plan = sim.plan
    step = plan.composition.step(q.step)
    ids = [o.id for o in step.outcomes]
    j = plan.index.get(q.step)
    if j is None or j not in sim.choice or q.outcome not in ids:
        text = _("{step} is not part of the way to patients in {country}.").format(
            step=_quoted(yaml_text(step, "label")), country=country_name(country)
        )
        return QuestionAnswer(yaml_text(q, "ask"), text, [q.step])
    given = np.isfinite(sim.finish[j]) & (sim.choice[j] == ids.index(q.outcome))
    p_given = float(given.mean())
    label = _quoted(next(yaml_text(o, "label") for o in step.outcomes if o.id == q.outcome))
    if not given.any():
        return QuestionAnswer(
            yaml_text(q, "ask"), _("{outcome} does not occur in these simulations.").format(outcome=label), [q.step]
        )
    parts = [
        _("Assuming {outcome} (chance under the current assumptions: {chance}):").format(
            outcome=label, chance=chance_text(p_given)
        )
    ]
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
        title = name[0].upper() + name[1:]
        if not reached.any():
            parts.append(_("{route}: not reached.").format(route=title))
            continue
        days = np.quantile(sub[reached], [0.1, 0.5, 0.9])
        p10, p50, p90 = (answer.as_of + dt.timedelta(days=float(d)) for d in days)
        parts.append(
            _("{route}: {chance}; if it comes, around {month} (80% range {range}).").format(
                route=title, chance=chance_text(share), month=month(p50), range=month_range(p10, p90)
            )
        )
    return QuestionAnswer(yaml_text(q, "ask"), " ".join(parts), [q.step] + plan.composition.access_nodes(country), figures)


_HANDLERS = {
    "if_outcome": _if_outcome,
    "wait_for_step": _wait_for_step,
    "access_while_running": _access_while_running,
    "shared_steps": _shared_steps,
    "who_must_act": _who_must_act,
}
