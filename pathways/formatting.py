"""One way to write a chance and a date, for every place a person reads one.

The headline, the route cards, the tables, Compare and the CSV files all format through here, so the
same simulated chance can never read "about 5%" in one place and "6%" in another. The rule:

- a chance is a whole percent, rounded half up (6.49% → 6%, 6.5% → 7%); below 1% it is "<1%", above
  99% ">99%", and exactly none of the futures is "0%";
- in sentences, a small chance also gets the words a patient reads more easily than a percent
  ("6% (under 1 in 10)"); the words are bands of the rounded percent, so they never disagree with it;
- a date is a month ("Mar 2031"); the day is never meaningful for a simulated date.

The rule is the same in every language; only the writing follows the active language (`pathways.i18n`):
Norwegian puts a space before the percent sign and names the month in Norwegian, through Babel's
``nb_NO`` data ("5 %", "mars 2029").

>>> chance_short(0.0649), chance_short(0.065), chance_short(0.004), chance_short(0.996), chance_short(0.0)
('6%', '7%', '<1%', '>99%', '0%')
>>> chance_text(0.031), chance_text(0.2049), chance_text(0.0)
('3% (under 1 in 20)', '20%', '0% (none of the simulated futures)')
>>> month(dt.date(2031, 3, 17)), month_range(dt.date(2030, 6, 1), dt.date(2033, 8, 9))
('Mar 2031', 'Jun 2030 – Aug 2033')
>>> from pathways.i18n import use_language
>>> with use_language("nb"):
...     chance_text(0.031), chance_short(0.004), month_long(dt.date(2029, 3, 1)), month(dt.date(2029, 10, 1))
('3\xa0% (under 1 av 20)', '<1\xa0%', 'mars 2029', 'okt. 2029')
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from .i18n import LOCALES, N_, _, babel_locale, language

#: (upper bound of the rounded percent, exclusive; words) — "fewer than 1 in N" read as a natural frequency
_WORDS: tuple[tuple[int, str], ...] = (
    (1, N_("under 1 in 100")),
    (5, N_("under 1 in 20")),
    (10, N_("under 1 in 10")),
    (20, N_("under 1 in 5")),
)
#: the CLDR pattern of a real day per language beside English ('17. mars 2031'); charts write days by it too
DAY_PATTERN: dict[str, str] = {"nb": "d. MMM y"}


def chance_percent(p: float) -> int:
    """The whole percent every display shows (half up, so 0.5% is 1% and 6.5% is 7%)."""
    return int(max(0.0, min(1.0, float(p))) * 100 + 0.5 + 1e-9)


def chance_short(p: float) -> str:
    """A chance for a number tile or a table cell: '6%', '<1%', '>99%', '0%'."""
    if p <= 0.0:
        return percent_text(0)
    if p > 0.99:
        return ">" + percent_text(99)
    percent = chance_percent(p)
    return "<" + percent_text(1) if percent == 0 else percent_text(percent)


def percent_text(percent: int) -> str:
    """A whole percent as the active language writes it: '5%' in English, '5 %' in Norwegian."""
    return _percent(percent, language())


@functools.lru_cache(maxsize=1024)
def _percent(percent: int, lang: str) -> str:
    """Remembered per language: Babel's formatting was a tenth of an all-country answer, for ~100 distinct texts."""
    return str(format_percent(percent / 100, format="#,##0%" if lang == "en" else None, locale=LOCALES[lang]))


def count_text(n: int) -> str:
    """A count with the language's thousands separator: '20,000' or '20 000'."""
    return str(format_decimal(n, locale=babel_locale()))


def share_decimal_text(share: float, places: int = 1) -> str:
    """A measured share with decimals, for a table of results: '80.5%' ('80,5 %' in Norwegian).

    >>> share_decimal_text(0.805), share_decimal_text(1.0)
    ('80.5%', '100.0%')
    >>> from pathways.i18n import use_language
    >>> with use_language("nb"):
    ...     share_decimal_text(0.805)
    '80,5\xa0%'
    """
    return _share_decimal(share, places, language())


@functools.lru_cache(maxsize=16)
def _percent_pattern(lang: str, places: int) -> str:
    """The language's own percent pattern (CLDR: '#,##0%', '#,##0 %') with `places` decimals."""
    pattern = str(Locale.parse(LOCALES[lang]).percent_formats[None].pattern)
    return re.sub(r"0(?=[^0]*$)", "0." + "0" * places, pattern, count=1) if places else pattern


def _share_decimal(share: float, places: int, lang: str) -> str:
    return str(format_percent(share, _percent_pattern(lang, places), locale=LOCALES[lang]))


def chance_words(p: float) -> str:
    """Words for a small chance, or '' where the percent reads well alone."""
    if p <= 0.0:
        return _("none of the simulated futures")
    if p > 0.99:
        return _("almost certain")
    percent = chance_percent(p)
    return next((_(words) for limit, words in _WORDS if percent < limit), "")


def chance_text(p: float) -> str:
    """A chance inside a sentence: the tile's number, with words when they help."""
    words = chance_words(p)
    return f"{chance_short(p)} ({words})" if words else chance_short(p)


def share_text(share: float) -> str:
    """A share of futures ('73% of the futures that reach it'), by the same rounding as a chance."""
    return chance_short(share)


def number_text(value: float) -> str:
    """A number as a person typed it, up to three decimals, in the language's writing ('0.35', '0,35')."""
    return str(format_decimal(value, locale=babel_locale()))


def decimal_text(value: float, places: int) -> str:
    """A measured figure with a fixed number of decimals ('0.69', '0,69' in Norwegian)."""
    return str(format_decimal(value, "0." + "0" * places, locale=babel_locale())) if places else count_text(round(value))


def month(day: dt.date) -> str:
    """'Mar 2031' ('mars 2031' in Norwegian)."""
    return _month(day, language())


@functools.lru_cache(maxsize=4096)
def _month(day: dt.date, lang: str) -> str:
    """Remembered per language: an all-country answer writes the same few hundred months thousands of times."""
    if lang == "en":
        return f"{day:%b %Y}"
    return str(format_date(day, "MMM y", locale=LOCALES[lang]))


def month_long(day: dt.date) -> str:
    """'March 2031', for a title or a headline."""
    if language() == "en":
        return f"{day:%B %Y}"
    return str(format_date(day, "MMMM y", locale=babel_locale()))


def day_text(day: dt.date) -> str:
    """'17 Mar 2031' ('17. mars 2031' in Norwegian), for a date that is a real day (a scenario's as-of date)."""
    if language() == "en":
        return f"{day:%d %b %Y}"
    return str(format_date(day, DAY_PATTERN[language()], locale=babel_locale()))


def month_range(first: dt.date, last: dt.date) -> str:
    """'Jun 2030 – Aug 2033' (one month when both ends fall in it)."""
    if (first.year, first.month) == (last.year, last.month):
        return month(first)
    return f"{month(first)} – {month(last)}"
