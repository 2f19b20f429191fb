"""Problems found in YAML, collected (never raised one at a time) so a person fixes them all at once."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .i18n import N_, _

#: the severities, translated where a problem is written out
SEVERITIES = {"error": N_("error"), "warning": N_("warning")}


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located as precisely as we can, with what to write instead."""

    file: str
    line: int | None
    column: int | None
    key: str
    message: str
    fix: str = ""
    severity: str = "error"

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        text = f"{self.location()}: {_(SEVERITIES.get(self.severity, self.severity))}: "
        if self.key:
            text += f"{self.key}: "
        text += self.message
        if self.fix:
            text += f" — {self.fix}"
        return text

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class PathwayError(Exception):
    """Raised with every problem found, so callers can show them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems) or "invalid input")
