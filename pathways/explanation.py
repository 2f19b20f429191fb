"""A route's explanation in plain language: the range, the chance, the most frequent way there, who must act.

Written when a view first reads `RouteAnswer.explanation`, not when the answer is assembled: an answer for
every country has some fifty routes, and most views (Compare, the charts, the exports) read none of their
explanations. The writer keeps the language the answer was assembled in, so the text reads as if it had
been written then, whichever language is active when it is read.
"""

from __future__ import annotations

from dataclasses import dataclass

from .countries import country_name
from .formatting import chance_text, month, share_text
from .i18n import _, use_language
from .results import Estimate, PathStep
from .wording import ROUTE_TEXT, range_text


@dataclass(frozen=True)
class RouteExplanation:
    """Everything a route's explanation says, kept until it is read (small, and picklable for the app's cache)."""

    route: str
    estimate: Estimate
    steps: list[PathStep]
    share: float
    country: str
    who: list[str]
    language: str

    def __call__(self) -> str:
        with use_language(self.language):
            return explain_route(self.route, self.estimate, self.steps, self.share, self.country, self.who)


def explain_route(route: str, estimate: Estimate, steps: list[PathStep], share: float, country: str, who: list[str]) -> str:
    """The explanation in the active language."""
    name = ROUTE_TEXT[route]["name"]
    where = country_name(country)
    if estimate.p50 is None:
        return _("Under these assumptions no simulated future reaches {route} in {country}.").format(route=name, country=where)
    lines = [
        _(
            "Patients in {country} could get it through {route} {range}; the chance that this route opens at all is {chance}."
        ).format(country=where, route=name, range=range_text(estimate), chance=chance_text(estimate.p_reached)),
        _("The most frequent way there ({share} of the futures that reach it):").format(share=share_text(share)),
    ]
    lines += [_step_line(s) for s in steps]
    if who:
        lines.append(_("Who must act: {actors}.").format(actors="; ".join(who)))
    return "\n".join(lines)


def _step_line(step: PathStep) -> str:
    """One line of the explanation, written whole for each case (who acts and when may each be unknown)."""
    if step.who and step.p50:
        return _("- {step} ({who}) — done by about {month}.").format(step=step.label, who=step.who, month=month(step.p50))
    if step.who:
        return _("- {step} ({who}).").format(step=step.label, who=step.who)
    if step.p50:
        return _("- {step} — done by about {month}.").format(step=step.label, month=month(step.p50))
    return _("- {step}.").format(step=step.label)
