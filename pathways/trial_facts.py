"""What a new scenario is built from: facts about one trial, each with where it came from.

A fact is read from a registry record, taken from a person's answer, or — when neither can know it
— a safe default that is shown as a question. The scenario writer turns every fact into one YAML
line whose comment names its origin, so a reader can trace each value (and change it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

T = TypeVar("T")

#: The development stages a new scenario can start from (a registry's phases mapped onto the library).
Stage = Literal["phase1", "phase1_2", "phase2", "phase2_3", "phase3"]
STAGES: tuple[Stage, ...] = ("phase1", "phase1_2", "phase2", "phase2_3", "phase3")
STAGE_TEXT: dict[str, str] = {
    "phase1": "phase 1",
    "phase1_2": "phase 1/2",
    "phase2": "phase 2",
    "phase2_3": "phase 2/3",
    "phase3": "phase 3",
}
#: Where the trial stands: not yet recruiting, running (recruiting or following patients up), finished.
Status = Literal["not_started", "running", "finished"]
STATUSES: tuple[Status, ...] = ("not_started", "running", "finished")


@dataclass(frozen=True)
class Fact(Generic[T]):
    """One value and its origin: a record field path, 'your answer', or a library figure.

    ``ask`` is set when the value could not be known from what was given: it is the question a
    person should answer, and ``value`` is the safe default used until they do.
    """

    value: T
    origin: str
    ask: str | None = None


@dataclass(frozen=True)
class Authorised:
    """An authorisation the medicine already holds: for another use, or (`same_indication`) for the trial's own
    disease, when the approval's date is needed too (`since`; None until the person gives it)."""

    region: str
    indication: str
    same_indication: bool = False
    since: dt.date | None = None


@dataclass
class TrialFacts:
    """Everything the scenario writer needs; built from a record or from plain answers."""

    stage: Fact[Stage]
    status: Fact[Status]
    medicine: Fact[str]
    condition: Fact[str]
    industry_sponsor: Fact[bool]
    site_countries: Fact[list[str]]
    authorised: Fact[list[Authorised]]
    orphan: Fact[bool]
    off_patent: Fact[bool]
    registry_id: str | None = None
    registry_url: str | None = None
    title: str | None = None
    sponsor: Fact[str] | None = None
    start: Fact[dt.date] | None = None
    primary_completion: Fact[dt.date] | None = None
    completion_estimated: bool = True
    enrollment: Fact[int] | None = None
    genetic: Fact[bool] | None = None
    oncology: Fact[bool] | None = None
    record_updated: str | None = None
    #: Things a reader should know that are not values (an unverified status, countries outside the library).
    remarks: list[str] = field(default_factory=list)

    def questions(self) -> list[str]:
        """The questions still open: values that are safe defaults, not facts."""
        facts: list[Fact[Any] | None] = [
            self.stage,
            self.status,
            self.medicine,
            self.condition,
            self.industry_sponsor,
            self.site_countries,
            self.authorised,
            self.orphan,
            self.off_patent,
            self.start,
            self.primary_completion,
        ]
        return [f.ask for f in facts if f is not None and f.ask]
