"""Write a new scenario (commented YAML) from `TrialFacts`, and build those facts from plain answers.

The output is text, not a model, because it is meant to be read and edited: each line carries a
comment naming where its value came from (a record field, a library figure, the person's answer) or
saying that it is a safe default to check (``ASK:``). The readout date is the registry's primary
completion date plus an analysis lag whose bounds are sourced below.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from typing import Any

from .countries import EEA, country_name
from .problems import PathwayError, Problem
from .trial_facts import STAGE_TEXT, Authorised, Fact, Stage, Status, TrialFacts

#: Days from the primary completion date (last primary-outcome measurement) to top-line results.
LAG_MIN, LAG_TYPICAL, LAG_MAX = 14, 90, 365
#: Extra allowance at the long end when the primary completion date is only an estimate.
ESTIMATE_SLIP = 365
READ = "2026-12-02"
LAG_SOURCES: dict[str, dict[str, str]] = {
    "pitt_results": {
        "title": "University of Pittsburgh RCCO: ClinicalTrials.gov results submission",
        "url": "http://rcco.pitt.edu/clinical-trial/results-submission",
        "supports": "Initial results must be submitted no later than 1 year after the primary completion date "
        "(applicable clinical trials and NIH-funded studies).",
        "kind": "secondary",
    },
    "waife_lock": {
        "title": "Waife & Associates: If you are not locking your database within 5 days...",
        "url": "http://waife.com/home/not-locking-your-database-in-5-days",
        "supports": "Asked how many days after the last subject is out they lock the database, sponsors answer "
        "'weeks to months'; 5 days is possible with electronic data capture.",
        "kind": "secondary",
    },
}

_TRIAL_STEP: dict[Stage, str] = {
    "phase1": "clinical.phase1_trial",
    "phase1_2": "clinical.phase2_trial",
    "phase2": "clinical.phase2_trial",
    "phase2_3": "clinical.phase3_trial",
    "phase3": "clinical.phase3_trial",
}
_READOUT: dict[Stage, tuple[str, str]] = {
    "phase1": ("clinical.phase1_result", "go"),
    "phase1_2": ("clinical.phase2_readout", "positive"),
    "phase2": ("clinical.phase2_readout", "positive"),
    "phase2_3": ("clinical.phase3_readout", "positive"),
    "phase3": ("clinical.phase3_readout", "positive"),
}
_STAGE_NOTE: dict[Stage, str] = {
    "phase1": "a phase 1 trial: safety and dose",
    "phase1_2": "phase 1/2 is modelled as the phase 2 step: its result is the first evidence of benefit (judgement)",
    "phase2": "a phase 2 trial",
    "phase2_3": "phase 2/3 is modelled as the confirmatory (phase 3) step: its primary completion is the confirmatory readout (judgement)",
    "phase3": "a phase 3 (confirmatory) trial",
}
#: Countries answered for when the trial has no site in a library country (large markets; a judgement).
FALLBACK_COUNTRIES = ["US", "DE", "FR", "GB"]


@dataclass
class PlainAnswers:
    """Answers to the few plain questions; None means 'I do not know' (a safe default is used)."""

    phase: Stage
    status: Status
    company: bool | None = None
    approved_in: list[str] | None = None  # approved for something else, here
    approved_for: str | None = None
    approved_same_in: list[str] | None = None  # approved for this same disease, here
    approved_same_since: dt.date | None = None  # when (one date for all of them; None: ask)
    rare: bool | None = None
    countries: list[str] | None = None
    medicine: str | None = None
    condition: str | None = None
    start: dt.date | None = None
    off_patent: bool | None = None


def facts_from_answers(answers: PlainAnswers, library_countries: set[str]) -> TrialFacts:
    """Facts from the plain questions; each one is 'your answer' or a default that stays a question."""
    mine = "your answer"
    countries = _countries(answers.countries, library_countries) if answers.countries is not None else None
    facts = TrialFacts(
        stage=Fact(answers.phase, mine),
        status=Fact(answers.status, mine),
        medicine=Fact(answers.medicine, mine)
        if answers.medicine
        else Fact("the medicine", "default", "What is the medicine called?"),
        condition=Fact(answers.condition, mine)
        if answers.condition
        else Fact("the disease", "default", "Which disease does the trial treat?"),
        industry_sponsor=Fact(False, "default: a hospital or university", "Is the trial run by a company?"),
        site_countries=Fact(countries or [], mine)
        if countries
        else Fact([], "default: none given", "Which countries have trial sites?"),
        authorised=Fact(
            [],
            "default: not authorised anywhere",
            "Is the medicine already approved, for this same disease or for something else (where)?",
        ),
        orphan=Fact(False, "default: not a rare disease", "Is the disease rare (orphan designation)?"),
        off_patent=Fact(False, "default: still patented", "Is the medicine off patent (generics exist)?"),
        start=Fact(answers.start, mine) if answers.start else None,
    )
    return with_answers(facts, answers, library_countries)


def with_answers(facts: TrialFacts, answers: PlainAnswers | None, library_countries: set[str]) -> TrialFacts:
    """Replace the defaults a record could not know with a person's answers (each marked as theirs)."""
    if answers is None:
        return facts
    mine = "your answer"
    changes: dict[str, object] = {}
    if answers.company is not None:
        changes["industry_sponsor"] = Fact(answers.company, mine)
    if answers.approved_in is not None or answers.approved_same_in is not None:
        same = _regions(answers.approved_same_in or [])
        what = answers.approved_for or "another indication"
        disease = answers.condition or facts.condition.value
        held = [Authorised(r, disease, True, answers.approved_same_since) for r in same]
        held += [Authorised(r, what) for r in _regions(answers.approved_in or []) if r not in same]
        changes["authorised"] = Fact(held, mine)
    if answers.rare is not None:
        changes["orphan"] = Fact(answers.rare, mine)
    if answers.off_patent is not None:
        changes["off_patent"] = Fact(answers.off_patent, mine)
    if answers.countries is not None:
        changes["site_countries"] = Fact(_countries(answers.countries, library_countries), mine)
    if answers.medicine:
        changes["medicine"] = Fact(answers.medicine, mine)
    if answers.condition:
        changes["condition"] = Fact(answers.condition, mine)
    return replace(facts, **changes)  # type: ignore[arg-type]


def _regions(values: list[str]) -> list[str]:
    out = []
    for value in values:
        code = value.strip().upper()
        if not code:
            continue
        if code != "EU" and not (len(code) == 2 and code.isalpha()):
            raise PathwayError(
                [
                    Problem(
                        "answers",
                        None,
                        None,
                        "approved in",
                        f"{value!r} is not EU or a two-letter country code",
                        "write e.g. EU,US",
                    )
                ]
            )
        if code not in out:
            out.append(code)
    return out


def _countries(values: list[str], library_countries: set[str]) -> list[str]:
    out = []
    for value in values:
        code = value.strip().upper()
        if not code:
            continue
        if code not in library_countries:
            raise PathwayError(
                [
                    Problem(
                        "answers",
                        None,
                        None,
                        "countries",
                        f"{value!r} is not a country the library covers",
                        "use one of " + ", ".join(sorted(library_countries)),
                    )
                ]
            )
        if code not in out:
            out.append(code)
    return out


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(" ".join(str(text).split()), ensure_ascii=False)


def _line(indent: int, text: str, comment: str) -> str:
    pad = "  " * indent
    comment = " ".join(comment.split())
    return f"{pad}{text}  # {comment}" if comment else f"{pad}{text}"


def _origin(fact: Fact[Any]) -> str:
    if fact.ask:
        return f"ASK: {fact.ask} ({fact.origin}, used until you answer)"
    if fact.origin in ("your answer", "default"):
        return fact.origin
    return f"record: {fact.origin}" if not fact.origin.startswith(("default", "the record", "no ")) else fact.origin


def scenario_yaml(facts: TrialFacts, as_of: dt.date, library_countries: set[str]) -> str:
    """The scenario as commented YAML; every inferred line names where its value came from."""
    stage = facts.stage.value
    step = _TRIAL_STEP[stage]
    sites = [c for c in facts.site_countries.value if c in library_countries]
    countries = sites or [c for c in FALLBACK_COUNTRIES if c in library_countries] or sorted(library_countries)[:4]
    authorised = facts.authorised.value
    regions = {a.region for a in authorised if not a.same_indication}  # authorised for another use
    in_eu = "EU" in regions
    where = f"{facts.registry_id}" if facts.registry_id else "your answers"
    lines: list[str] = [
        f"# Written by `python -m pathways new` from {where} on {as_of.isoformat()}.",
        "# Each value says where it came from: 'record: <field>' (the ClinicalTrials.gov record), 'your answer',",
        "# a library figure, or 'ASK:' - a safe default you should check and change. `check` validates the file.",
    ]
    lines += _product_lines(facts, authorised, as_of)
    since, position = _position_lines(facts, stage, step, as_of)
    lines += position
    lines += _flag_and_country_lines(facts, sites, countries, in_eu)
    lines += _duration_lines(facts, step, since, as_of)
    lines += _question_lines(facts, stage, step, countries[0], bool(regions))
    lines += _note_and_source_lines(facts, sites, regions, as_of)
    return "\n".join(lines) + "\n"


def _product_lines(facts: TrialFacts, authorised: list[Authorised], as_of: dt.date) -> list[str]:
    """Title, summary, the product block and the indication."""
    lines: list[str] = []
    name = facts.medicine.value
    title = f"{name} for {facts.condition.value}" if not facts.title else f"{facts.title}: {name} for {facts.condition.value}"
    lines.append(
        _line(
            0,
            f"title: {_q(title[:290])}",
            "record: identificationModule (acronym or brief title) and the lines below" if facts.registry_id else "your answers",
        )
    )
    summary = _summary(facts, as_of)
    lines.append(_line(0, f"summary: {_q(summary)}", "written from the values below"))
    lines.append(_line(0, f"as_of: {as_of.isoformat()}", "the day this file was written: 'today' in timelines"))
    lines.append("product:")
    lines.append(_line(1, f"name: {_q(name[:290])}", _origin(facts.medicine)))
    lines.append(_line(1, f"substance: {_q(name[:290])}", "same as the name; write the active substance if it differs"))
    if facts.industry_sponsor.value and facts.sponsor:
        lines.append(
            _line(
                1,
                f"holder: {_q(facts.sponsor.value[:290])}",
                f"record: {facts.sponsor.origin} (a company sponsor is assumed to be the applicant)",
            )
        )
    lines.append(_line(1, f"orphan: {'true' if facts.orphan.value else 'false'}", _origin(facts.orphan)))
    if authorised:
        lines.append(_line(1, "authorised:", _origin(facts.authorised)))
        for a in authorised:
            if a.same_indication:
                since = a.since or as_of
                note = (
                    "approved for this same disease: only launch and reimbursement remain there"
                    if a.since
                    else "ASK: the date of this approval (today's date used until you answer)"
                )
                entry = f"- {{region: {a.region}, for: {_q(a.indication)}, since: {since.isoformat()}, same_indication: true}}"
                lines.append(_line(2, entry, note))
            else:
                lines.append(
                    _line(
                        2,
                        f"- {{region: {a.region}, for: {_q(a.indication)}}}",
                        "approved for another use; write the date as `since: YYYY-MM-DD` if known",
                    )
                )
    else:
        lines.append(_line(1, "authorised: []", _origin(facts.authorised)))
    lines.append(_line(0, f"indication: {_q(facts.condition.value[:290])}", _origin(facts.condition)))
    return lines


def _position_lines(facts: TrialFacts, stage: Stage, step: str, as_of: dt.date) -> tuple[dt.date, list[str]]:
    """Where the medicine stands (and since when), with the outcomes its stage implies."""
    lines: list[str] = []
    since, since_note = _since(facts, as_of)
    lines.append("position:")
    lines.append(_line(1, f"step: {step}", f"{_origin(facts.stage)}: {_STAGE_NOTE[stage]}"))
    lines.append(_line(1, f"since: {since.isoformat()}", since_note))
    earlier = _earlier_outcomes(stage)
    if earlier:
        lines.append("outcomes:")
        for ref, outcome in earlier:
            lines.append(
                _line(
                    1, f"{ref}: {outcome}", f"implied by the stage: a {STAGE_TEXT[stage]} trial runs only after this step went on"
                )
            )
    return since, lines


def _flag_and_country_lines(facts: TrialFacts, sites: list[str], countries: list[str], in_eu: bool) -> list[str]:
    """Flags the record supports, each with its origin, and the countries to answer for."""
    lines: list[str] = []
    flags = [f"trial_sites_{c.lower()}" for c in sites]
    flag_notes = [_origin(facts.site_countries)] if sites else []
    if facts.industry_sponsor.value and in_eu:
        flags.append("mah_sponsored_trial")
        flag_notes.append(f"mah_sponsored_trial: {_origin(facts.industry_sponsor)}, assumed to be the EU authorisation holder")
    if facts.oncology and facts.oncology.value:
        flags.append("oncology")
        flag_notes.append(f"oncology: record: {facts.oncology.origin}")
    if facts.genetic and facts.genetic.value:
        flags.append("atmp")
        flag_notes.append(f"atmp: record: {facts.genetic.origin} (a gene therapy is an advanced therapy)")
    if facts.off_patent.value:
        flags.append("off_patent")
        flag_notes.append(f"off_patent: {_origin(facts.off_patent)}")
    lines.append(
        _line(0, f"flags: [{', '.join(flags)}]", "; ".join(flag_notes) or "no flags: no trial site in a library country")
    )
    country_note = (
        f"{_origin(facts.site_countries)}, countries the library covers"
        if sites
        else "no trial site in a library country: large markets as a default (judgement); change freely"
    )
    lines.append(_line(0, f"countries: [{', '.join(countries)}]", country_note))
    return lines


def _question_lines(facts: TrialFacts, stage: Stage, step: str, country: str, authorised: bool) -> list[str]:
    """The standard questions for a medicine at this stage."""
    readout, positive = _READOUT[stage]
    name = facts.medicine.value
    lines: list[str] = []
    lines.append("questions:")
    subject = facts.title or "the trial"
    lines.append(
        _line(
            1,
            f"- ask: {_q(f'If {subject} is positive, when could patients in {country_name(country)} get {name}?')}",
            "standard question",
        )
    )
    lines.append(_line(2, "compute: if_outcome", ""))
    lines.append(_line(2, f"step: {readout}", "the decision that follows this trial"))
    lines.append(_line(2, f"outcome: {positive}", ""))
    lines.append(_line(1, f"- ask: {_q('Who has to act before patients can get it?')}", "standard question"))
    lines.append(_line(2, "compute: who_must_act", ""))
    if stage in ("phase1", "phase1_2", "phase2"):
        lines.append(_line(1, f"- ask: {_q('Would we have to wait for yet another trial?')}", "standard question"))
        lines.append(_line(2, "compute: wait_for_step", ""))
        lines.append(_line(2, "step: clinical.phase3_trial", ""))
    route = "off_label" if authorised else "early_access"
    lines.append(
        _line(
            1,
            f"- ask: {_q('Could patients get it outside the trial while it runs?')}",
            f"{route}: {'already authorised' if authorised else 'not authorised anywhere yet'}",
        )
    )
    lines.append(_line(2, "compute: access_while_running", ""))
    lines.append(_line(2, f"step: {step}", ""))
    lines.append(_line(2, f"route: {route}", ""))

    return lines


def _note_and_source_lines(facts: TrialFacts, sites: list[str], regions: set[str], as_of: dt.date) -> list[str]:
    """Notes (with their certainty) and the sources every inferred value cites."""
    lines: list[str] = []
    notes = _notes(facts, sites, regions, as_of)
    if notes:
        lines.append("notes:")
        for text, certainty in notes:
            lines.append(_line(1, f"- text: {_q(text[:5900])}", ""))
            lines.append(_line(2, f"certainty: {certainty}", ""))
            if facts.registry_id and certainty == "sourced":
                lines.append(_line(2, "sources: [registry]", ""))
    lines.append("sources:")
    if facts.registry_id:
        supports = "Phase, status, dates, sponsor class, conditions, interventions and site countries as registered"
        if facts.record_updated:
            supports += f" (record last updated {facts.record_updated})"
        lines += _source_lines(
            "registry",
            f"ClinicalTrials.gov record {facts.registry_id}",
            str(facts.registry_url),
            supports + ".",
            as_of.isoformat(),
            "primary",
        )
    for key, source in LAG_SOURCES.items():
        lines += _source_lines(key, source["title"], source["url"], source["supports"], READ, source["kind"])
    return lines


def _summary(facts: TrialFacts, as_of: dt.date) -> str:
    stage = STAGE_TEXT[facts.stage.value]
    who = "a company" if facts.industry_sponsor.value else "a hospital, university or public body"
    if facts.sponsor:
        who = f"{facts.sponsor.value} ({'a company' if facts.industry_sponsor.value else 'not a company'})"
    state = {"not_started": "has not started recruiting", "running": "is running", "finished": "has finished"}[facts.status.value]
    text = f"A {stage} trial of {facts.medicine.value} in {facts.condition.value}, run by {who}, {state}"
    if facts.enrollment:
        text += f" ({facts.enrollment.value:,} participants)"
    text += "."
    same = [a.region for a in facts.authorised.value if a.same_indication]
    other = [a.region for a in facts.authorised.value if not a.same_indication]
    if same:
        text += " The medicine is already authorised for this disease in " + ", ".join(same) + "."
    if other:
        text += " The medicine is already authorised for another use in " + ", ".join(other) + "."
    if not facts.authorised.value:
        text += " It is taken to be authorised nowhere yet."
    open_questions = facts.questions()
    if open_questions:
        text += f" {len(open_questions)} value(s) are safe defaults marked ASK: check them."
    return text


def _since(facts: TrialFacts, as_of: dt.date) -> tuple[dt.date, str]:
    start = facts.start.value if facts.start else None
    completion = facts.primary_completion.value if facts.primary_completion else None
    if facts.status.value == "finished" and facts.primary_completion is None:
        return as_of, "the trial has finished: only the analysis is left (from today)"
    if start and start <= as_of:
        origin = f"record: {facts.start.origin}" if facts.start and facts.start.origin != "your answer" else "your answer"
        return start, origin + (" (a month-only date is read as the 15th)" if facts.registry_id else "")
    if start:
        return (
            as_of,
            f"the trial starts later ({start.isoformat()}); counted from today, the wait for the start is in the duration",
        )
    if completion and completion <= as_of:
        return completion, "no start date: counted from the primary completion date"
    return (
        as_of,
        "no start date given: the trial is counted from today, so the library's full phase length lies ahead (pessimistic)",
    )


def _earlier_outcomes(stage: Stage) -> list[tuple[str, str]]:
    if stage == "phase1":
        return []
    if stage in ("phase1_2", "phase2"):
        return [("clinical.phase1_result", "go")]
    return [
        ("clinical.phase1_result", "go"),
        ("clinical.phase2_readout", "positive"),
        ("clinical.evidence_sufficient", "more_needed"),
    ]


def _duration_lines(facts: TrialFacts, step: str, since: dt.date, as_of: dt.date) -> list[str]:
    completion = facts.primary_completion
    if completion is None and facts.status.value != "finished":
        return [
            "# durations: none given - the record has no primary completion date, so the library's typical",
            f"# length of {step} is used (library: clinical.yaml).",
        ]
    base = 0 if completion is None else max(0, (completion.value - since).days)
    slip = ESTIMATE_SLIP if completion is not None and facts.completion_estimated else 0
    where = "today (the trial has finished)" if completion is None else f"{completion.value.isoformat()} ({completion.origin})"
    sources = ["pitt_results", "waife_lock"] + (["registry"] if facts.registry_id and completion is not None else [])
    assumption = (
        f"Readout = primary completion date + analysis lag. {base} days from {since.isoformat()} to primary completion; "
        f"then {LAG_MIN}-{LAG_MAX} days to top-line results, typically {LAG_TYPICAL}. The minimum and typical lag are a "
        "judgement within 'weeks to months'; the maximum is the US 12-month deadline for posting results."
    )
    if slip:
        assumption += f" The date is an estimate, so {slip} more days are allowed at the long end (judgement)."
    return [
        "durations:",
        _line(1, f"{step}:", f"readout = primary completion {where} + analysis lag"),
        _line(
            2,
            f"min: {base + LAG_MIN}",
            f"{base} days to primary completion + {LAG_MIN} days (quickest top-line announcement, judgement)",
        ),
        _line(2, f"typical: {base + LAG_TYPICAL}", f"+ {LAG_TYPICAL} days (judgement within 'weeks to months' [waife_lock])"),
        _line(
            2,
            f"max: {base + LAG_MAX + slip}",
            f"+ {LAG_MAX} days (results due within 12 months of primary completion [pitt_results])"
            + (f" + {slip} days: the date is estimated (judgement)" if slip else ""),
        ),
        _line(2, f"sources: [{', '.join(sources)}]", ""),
        _line(2, f"assumption: {_q(assumption)}", ""),
    ]


def _notes(facts: TrialFacts, sites: list[str], regions: set[str], as_of: dt.date) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    if facts.registry_id:
        bits = [
            f"{facts.registry_id} is registered as a {STAGE_TEXT[facts.stage.value]} trial ({facts.stage.origin}; {facts.status.origin})"
        ]
        if facts.sponsor:
            bits.append(f"lead sponsor {facts.sponsor.value} ({facts.industry_sponsor.origin})")
        if facts.enrollment:
            bits.append(f"{facts.enrollment.value:,} participants ({facts.enrollment.origin})")
        if facts.site_countries.value:
            bits.append("sites in " + ", ".join(facts.site_countries.value))
        notes.append(("; ".join(bits) + ".", "sourced"))
    if not facts.industry_sponsor.value:
        if regions:
            notes.append(
                (
                    "The trial is not run by a company: only the company that holds the authorisation can add this use to the label, "
                    "so a positive result leads to a label change only if that company chooses to file (library: eu_variation.yaml).",
                    "inference",
                )
            )
        elif any(a.same_indication for a in facts.authorised.value):
            notes.append(
                (
                    "The trial is not run by a company. Where the medicine is already approved for this disease, only launch and "
                    "reimbursement remain; elsewhere someone (usually the holder of that approval) must apply for a first "
                    "authorisation.",
                    "inference",
                )
            )
        else:
            notes.append(
                (
                    "The trial is not run by a company, and the medicine is authorised nowhere: someone (usually a company partner) "
                    "must apply for a first authorisation. The library models a company application; academic applications are rarer.",
                    "inference",
                )
            )
    held = {a.region for a in facts.authorised.value}
    if "EU" not in held and any(c in EEA for c in sites) and held:
        notes.append(
            ("The medicine is authorised outside the EU but not in it: in the EU a first authorisation is modelled.", "inference")
        )
    completion = facts.primary_completion
    if completion is not None and (as_of - completion.value).days > LAG_MAX:
        readout, positive = _READOUT[facts.stage.value]
        notes.append(
            (
                f"The primary completion date ({completion.value.isoformat()}) is more than a year before today, so the results are "
                f"probably out. If you know them, write `outcomes: {{{readout}: {positive}}}` (or the negative outcome) instead of "
                "letting the model draw them.",
                "inference",
            )
        )
    for remark in facts.remarks:
        notes.append((remark, "uncertain"))
    for question in facts.questions():
        notes.append((f"Open question (a safe default is used until you answer it): {question}", "uncertain"))
    return notes


def _source_lines(key: str, title: str, url: str, supports: str, read: str, kind: str) -> list[str]:
    return [
        f"  {key}:",
        f"    title: {_q(title[:290])}",
        f"    url: {url}",
        f"    supports: {_q(supports)}",
        f"    read: {read}",
        f"    kind: {kind}",
    ]
