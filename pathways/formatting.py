"""One way to write a chance and a date, for every place a person reads one.

The headline, the route cards, the tables, Compare and the CSV files all format through here, so the
same simulated chance can never read "about 5%" in one place and "6%" in another. The rule:

- a chance is a whole percent, rounded half up (6.49% → 6%, 6.5% → 7%); below 1% it is "<1%", above
  99% ">99%", and exactly none of the futures is "0%";
- in sentences, a small chance also gets the words a patient reads more easily than a percent
  ("6% (under 1 in 10)"); the words are bands of the rounded percent, so they never disagree with it;
- a date is a month ("Mar 2031"); the day is never meaningful for a simulated date.

>>> chance_short(0.0649), chance_short(0.065), chance_short(0.004), chance_short(0.996), chance_short(0.0)
('6%', '7%', '<1%', '>99%', '0%')
>>> chance_text(0.031), chance_text(0.2049), chance_text(0.0)
('3% (under 1 in 20)', '20%', '0% (none of the simulated futures)')
>>> month(dt.date(2031, 3, 17)), month_range(dt.date(2030, 6, 1), dt.date(2033, 8, 9))
('Mar 2031', 'Jun 2030 – Aug 2033')
"""

from __future__ import annotations

import datetime as dt
import functools

#: (upper bound of the rounded percent, exclusive; words) — "fewer than 1 in N" read as a natural frequency
_WORDS: tuple[tuple[int, str], ...] = ((1, "under 1 in 100"), (5, "under 1 in 20"), (10, "under 1 in 10"), (20, "under 1 in 5"))


def chance_percent(p: float) -> int:
    """The whole percent every display shows (half up, so 0.5% is 1% and 6.5% is 7%)."""
    return int(max(0.0, min(1.0, float(p))) * 100 + 0.5 + 1e-9)


def chance_short(p: float) -> str:
    """A chance for a number tile or a table cell: '6%', '<1%', '>99%', '0%'."""
    if p <= 0.0:
        return "0%"
    if p > 0.99:
        return ">99%"
    percent = chance_percent(p)
    return "<1%" if percent == 0 else f"{percent}%"


def chance_words(p: float) -> str:
    """Words for a small chance, or '' where the percent reads well alone."""
    if p <= 0.0:
        return "none of the simulated futures"
    if p > 0.99:
        return "almost certain"
    percent = chance_percent(p)
    return next((words for limit, words in _WORDS if percent < limit), "")


def chance_text(p: float) -> str:
    """A chance inside a sentence: the tile's number, with words when they help."""
    words = chance_words(p)
    return f"{chance_short(p)} ({words})" if words else chance_short(p)


def share_text(share: float) -> str:
    """A share of futures ('73% of the futures that reach it'), by the same rounding as a chance."""
    return chance_short(share)


@functools.lru_cache(maxsize=4096)
def month(day: dt.date) -> str:
    """'Mar 2031' (remembered: an all-country answer writes the same few hundred months thousands of times)."""
    return f"{day:%b %Y}"


def month_long(day: dt.date) -> str:
    """'March 2031', for a title or a headline."""
    return f"{day:%B %Y}"


def month_range(first: dt.date, last: dt.date) -> str:
    """'Jun 2030 – Aug 2033' (one month when both ends fall in it)."""
    if (first.year, first.month) == (last.year, last.month):
        return month(first)
    return f"{month(first)} – {month(last)}"
