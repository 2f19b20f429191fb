"""The back-test's case files: real medicines' dated events, validated with errors located by line.

Also the names of the milestones that are scored, so every part of the back-test agrees on them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ..countries import country_label
from ..i18n import N_, _
from ..load import Loaded, Parsed, _read, parse_yaml, validate
from ..model import CANONICAL_STEPS, LocalId, Strict
from ..problems import PathwayError, Problem

#: Events that only position the scenario (never scored).
CUTOFF_EVENTS = ("eu.submission", "clinical.pivotal_readout", "us.submission")
#: Milestones that are predicted and scored.
EU_MILESTONES = ("eu.chmp_opinion", "eu.ec_decision")
US_MILESTONES = ("us.fda_approval",)
#: the scored milestones' names (translated where shown)
_MILESTONE_LABELS = {
    "eu.chmp_opinion": N_("EU: committee opinion (CHMP)"),
    "eu.ec_decision": N_("EU: Commission decision"),
    "us.fda_approval": N_("US: FDA approval"),
    "no.reimbursed_access": N_("Norway: Beslutningsforum decision"),
    "no.available": N_("Norway: in use in hospitals"),
    "gb.reimbursed_access": N_("England: NICE guidance"),
    "de.reimbursed_access": N_("Germany: G-BA benefit resolution"),
    "de.available": N_("Germany: negotiated price applies"),
    "fr.reimbursed_access": N_("France: HAS transparency opinion"),
    "fr.available": N_("France: price published (JO)"),
}


def milestone_label(key: str) -> str:
    """Plain name of a scored milestone, in the active language.

    >>> milestone_label("eu.ec_decision"), milestone_label("se.reimbursed_access"), milestone_label("se.available")
    ('EU: Commission decision', 'Sweden: public funding decision', 'Sweden: available to patients')
    """
    if key in _MILESTONE_LABELS:
        return _(_MILESTONE_LABELS[key])
    country = country_label(key.split(".")[0].upper())
    if key.endswith(".reimbursed_access"):
        return _("{country}: public funding decision").format(country=country)
    if key.endswith(".available"):
        return _("{country}: available to patients").format(country=country)
    return key


_EVENT_KEY = re.compile(
    r"^(clinical\.pivotal_readout|eu\.(submission|chmp_opinion|ec_decision)|us\.(submission|fda_approval)"
    r"|[a-z]{2}\.(reimbursed_access|available))$"
)
#: Event keys that may carry ``result`` and the results each allows.
_RESULTS = {
    "eu.chmp_opinion": ("positive", "negative", "withdrawn"),
    "eu.ec_decision": ("positive", "negative", "withdrawn"),
    "us.fda_approval": ("positive", "negative", "withdrawn"),
    "reimbursed_access": ("positive", "negative"),
}
_KNOWN_KEYS = [
    *CANONICAL_STEPS,
    *(f"{cc}.{step}" for cc in ("no", "de", "gb", "fr", "se", "dk", "it") for step in ("reimbursed_access", "available")),
]


class Event(Strict):
    """One dated event of a case."""

    date: dt.date = Field(description="When it happened, YYYY-MM-DD.")
    source: Annotated[str, StringConstraints(min_length=1, max_length=2000)] = Field(
        description="Address of the page the date was read from (or a stored copy of it)."
    )
    verified: bool = Field(description="true only if the exact day was confirmed in the source; false dates are never scored.")
    result: Literal["positive", "negative", "withdrawn"] | None = Field(
        None,
        description="Decisions only: positive, negative or withdrawn (EU and FDA decisions); positive or negative "
        "(a national `<cc>.reimbursed_access` decision; a restricted yes is positive).",
    )
    note: Annotated[str, StringConstraints(max_length=4000)] | None = Field(None, description="What the date is exactly.")


class Case(Strict):
    """One medicine and indication with its real regulatory and access dates."""

    id: LocalId = Field(description="Unique id, lower case with underscores, e.g. nusinersen_sma.")
    name: Annotated[str, StringConstraints(min_length=1, max_length=300)] = Field(description="Brand (substance).")
    substance: Annotated[str, StringConstraints(min_length=1, max_length=300)] = Field(description="Active substance.")
    indication: Annotated[str, StringConstraints(min_length=1, max_length=1000)] = Field(description="The indication.")
    kind: Literal["new_substance", "new_indication"] = Field(description="New medicine, or new use of an authorised one.")
    eu_route: Literal["standard", "accelerated", "conditional", "exceptional", "prime"] = Field(
        description="EU route: standard; accelerated (= accelerated assessment); conditional (conditional MA); "
        "exceptional (exceptional circumstances); prime (PRIME medicine)."
    )
    accelerated_assessment: bool = Field(
        False, description="EMA accelerated assessment granted at submission (false where not confirmed)."
    )
    us_priority: bool | Literal["unknown"] = Field(
        "unknown", description="FDA priority review (recorded only; it is granted after the submission cut-off)."
    )
    us_breakthrough: bool = Field(
        False,
        description="FDA Breakthrough Therapy designation for this indication, granted before the US submission "
        "(so known at the cut-off; sets the breakthrough_us flag). False where not confirmed.",
    )
    us_priority_voucher: bool = Field(
        False,
        description="A priority review voucher was redeemed with the US application, so priority review was "
        "certain at submission (sets p_priority_review_us to 1 in the US prediction).",
    )
    orphan: bool = Field(False, description="Orphan designation for this indication.")
    held_out: bool = Field(
        False,
        description="Added after the last change to the library's figures and never looked at when choosing "
        "one: scored separately as an out-of-time check. Set it to false if a later library change was "
        "made with this case in view.",
    )
    therapeutic_area: Annotated[str, StringConstraints(min_length=1, max_length=300)] = Field(
        description="Free text; 'oncology' sets the oncology flag, 'gene therapy'/'cell therapy' the atmp flag."
    )
    authorised_before: list[Annotated[str, StringConstraints(pattern=r"^(EU|[A-Z]{2})$")]] = Field(
        default_factory=list, description="Regions where the product was authorised (any indication) before this one."
    )
    flags: list[LocalId] = Field(
        default_factory=list, description="Extra scenario flags known at the cut-off (e.g. outpatient, breakthrough_us)."
    )
    note: Annotated[str, StringConstraints(max_length=4000)] | None = Field(None, description="Anything worth knowing.")
    events: dict[str, Event] = Field(description="Dated events by canonical step id (see docs/backtest.md).")


class CaseFile(Strict):
    """A back-test case file."""

    cases: list[Case] = Field(description="The cases.", min_length=1)


def _located(parsed: Parsed, file: str, loc: tuple[str | int, ...], key: str, message: str, fix: str) -> Problem:
    line, column = parsed.locate(loc)
    return Problem(file, line, column, key, message, fix)


def _event_problems(parsed: Parsed, file: str) -> list[Problem]:
    """Unknown event keys and misplaced results, read from the raw YAML so they are reported together with
    the schema's problems in one pass (a case with a typo elsewhere is still checked here)."""
    problems: list[Problem] = []
    cases = parsed.data.get("cases") if isinstance(parsed.data, dict) else None
    for i, raw in enumerate(cases if isinstance(cases, list) else []):
        events = raw.get("events") if isinstance(raw, dict) else None
        for key, value in (events if isinstance(events, dict) else {}).items():
            loc = ("cases", i, "events", key)
            if not _EVENT_KEY.match(str(key)):
                close = difflib.get_close_matches(str(key), _KNOWN_KEYS, n=1, cutoff=0.6)
                problems.append(
                    _located(
                        parsed,
                        file,
                        loc,
                        f"cases[{i}].events.{key}",
                        f"unknown event {key!r}",
                        f"did you mean `{close[0]}`?"
                        if close
                        else "use clinical.pivotal_readout, eu.submission, eu.chmp_opinion, eu.ec_decision, "
                        "us.submission, us.fda_approval, <cc>.reimbursed_access or <cc>.available (cc = lower-case "
                        "country code, e.g. no)",
                    )
                )
                continue
            result = value.get("result") if isinstance(value, dict) else None
            allowed = _RESULTS.get(key, _RESULTS.get(str(key).split(".")[1], ()))
            if result is not None and not allowed:
                problems.append(
                    _located(
                        parsed,
                        file,
                        (*loc, "result"),
                        f"cases[{i}].events.{key}.result",
                        f"{key} has no result",
                        "remove `result`; only decisions have one (eu.chmp_opinion, eu.ec_decision, us.fda_approval, "
                        "<cc>.reimbursed_access)",
                    )
                )
            elif result is not None and result not in allowed:
                problems.append(
                    _located(
                        parsed,
                        file,
                        (*loc, "result"),
                        f"cases[{i}].events.{key}.result",
                        f"{result!r} is not a result of {key}",
                        f"write one of {', '.join(allowed)}",
                    )
                )
    return problems


def _duplicate_ids(files: list[tuple[str, Parsed]]) -> list[Problem]:
    """Case ids are unique across every file of one back-test; the later use is the one reported."""
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    for file, parsed in files:
        cases = parsed.data.get("cases") if isinstance(parsed.data, dict) else None
        for i, raw in enumerate(cases if isinstance(cases, list) else []):
            cid = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(cid, str):
                continue
            if cid not in seen:
                seen[cid] = (file, i)
                continue
            first_file, first = seen[cid]
            problems.append(
                _located(
                    parsed,
                    file,
                    ("cases", i, "id"),
                    f"cases[{i}].id",
                    f"case id {cid!r} is used twice",
                    f"rename one of them (the first is cases[{first}]"
                    + ("" if first_file == file else f" of {first_file}")
                    + ")",
                )
            )
    return problems


def load_case_files(paths: str | Path | list[str | Path] | list[Path]) -> list[Loaded[CaseFile]]:
    """Parse and validate one or more case files; raise `PathwayError` with every problem of every file.

    Schema errors, unknown event keys and duplicate ids (also across files) come in one pass, each located
    in its own file, so a person fixes them all at once.
    """
    files = [paths] if isinstance(paths, (str, Path)) else list(paths)
    problems: list[Problem] = []
    parsed_files: list[tuple[str, Parsed]] = []
    loaded: list[Loaded[CaseFile]] = []
    for path in files:
        file = str(path)
        try:
            parsed = parse_yaml(_read(path), file)
        except PathwayError as err:
            problems += err.problems
            continue
        parsed_files.append((file, parsed))
        found = _event_problems(parsed, file)
        try:
            loaded.append(validate(CaseFile, parsed, file))
        except PathwayError as err:
            found += err.problems
        problems += sorted(found, key=lambda p: (p.line or 0, p.column or 0))
    problems += _duplicate_ids(parsed_files)
    if problems:
        raise PathwayError(problems)
    return loaded


def load_cases(path: str | Path) -> Loaded[CaseFile]:
    """One case file, validated (see `load_case_files`)."""
    return load_case_files([path])[0]


def default_case_files(folder: str | Path) -> list[Path]:
    """The shipped cases: ``cases.yaml``, then every ``national-*.yaml`` and every ``us-*.yaml`` beside it, in name order.

    The files are split by who collected them and when (a held-out set is a file of its own), so a
    new collection is picked up by its name without editing a list here.
    """
    folder = Path(folder)
    return [folder / "cases.yaml", *sorted(folder.glob("national-*.yaml")), *sorted(folder.glob("us-*.yaml"))]
