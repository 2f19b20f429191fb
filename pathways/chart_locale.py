"""Charts that write numbers and dates as the reader's language does, through Vega's own locale.

Vega formats every axis label and tooltip with d3, in American English unless the chart carries a
locale (``config.locale`` with ``number`` and ``time`` definitions, in the Vega-Lite schema since 5
and read by the browser's Vega and by vl-convert alike; https://vega.github.io/vega/docs/api/locale).
The definition is built here from Babel's CLDR data for the active language — month and day names,
decimal and group symbols, the percent sign's place — so a chart says "okt. 2029" and "0,5 %" exactly as
`pathways.formatting` writes them in a sentence, in the app and in an exported SVG, PNG or PDF.

English is the default and is left as it was: no locale in the spec, Vega's own English.
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar

from babel import Locale
from babel.dates import tokenize_pattern
from babel.numbers import format_decimal, get_currency_symbol, get_territory_currencies

from .formatting import DAY_PATTERN
from .i18n import DEFAULT, LOCALES, language

Chart = TypeVar("Chart")

#: CLDR date fields → d3-time-format directives ('-' drops d3's zero padding, as CLDR's single letter does)
_D3_FIELDS: dict[tuple[str, int], str] = {
    ("y", 1): "%Y",
    ("y", 2): "%y",
    ("y", 4): "%Y",
    ("M", 1): "%-m",
    ("M", 2): "%m",
    ("M", 3): "%b",
    ("M", 4): "%B",
    ("L", 3): "%b",
    ("L", 4): "%B",
    ("d", 1): "%-d",
    ("d", 2): "%d",
    ("E", 1): "%a",
    ("E", 2): "%a",
    ("E", 3): "%a",
    ("E", 4): "%A",
    ("H", 1): "%-H",
    ("H", 2): "%H",
    ("h", 1): "%-I",
    ("h", 2): "%I",
    ("m", 2): "%M",
    ("s", 2): "%S",
    ("a", 1): "%p",
}


def d3_time_format(pattern: str) -> str:
    """A CLDR date pattern (Babel's) as a d3-time-format specifier.

    >>> d3_time_format("d. MMM y"), d3_time_format("dd.MM.y"), d3_time_format("HH:mm:ss")
    ('%-d. %b %Y', '%d.%m.%Y', '%H:%M:%S')
    >>> d3_time_format("EEEE d. MMMM y 'kl'. HH:mm")
    '%A %-d. %B %Y kl. %H:%M'
    """
    parts = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "chars":
            parts.append(str(value).replace("%", "%%"))
            continue
        field, width = str(value[0]), int(value[1])
        if (field, width) not in _D3_FIELDS:
            raise ValueError(f"no d3 directive for the CLDR field {field * width!r} in {pattern!r}")
        parts.append(_D3_FIELDS[(field, width)])
    return "".join(parts)


def _sunday_first(names: Any) -> list[str]:
    """Babel numbers weekdays from Monday (0); d3 lists them from Sunday."""
    return [str(names[(i + 6) % 7]) for i in range(7)]


@functools.cache
def vega_locale(lang: str) -> dict[str, Any] | None:
    """The Vega locale of a language from Babel's data, or None for English (Vega's own default)."""
    if lang == DEFAULT:
        return None
    locale = Locale.parse(LOCALES[lang])
    symbols = locale.number_symbols["latn"]
    percent = locale.percent_formats[None]
    currency = locale.currency_formats["standard"]
    currencies = get_territory_currencies(locale.territory) if locale.territory else []
    currency_sign = get_currency_symbol(currencies[0], locale=locale) if currencies else ""
    months, days = locale.months["format"], locale.days["format"]
    periods = locale.day_periods["format"]["abbreviated"]
    date_time = str(locale.datetime_formats["medium"])
    time_pattern = locale.time_formats["medium"].pattern
    date_pattern = locale.date_formats["short"].pattern
    return {
        "number": {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"],
            "grouping": [locale.decimal_formats[None].grouping[0]],
            "currency": [currency.prefix[0].replace("¤", currency_sign), currency.suffix[0].replace("¤", currency_sign)],
            # the sign as Babel writes a negative number (and so every table of the app), not CLDR's typographic one
            "minus": str(format_decimal(-1, locale=locale)).removesuffix("1"),
            # d3 appends this to the number: the pattern's suffix carries the space Norwegian puts before '%'
            "percent": percent.suffix[0],
        },
        "time": {
            "dateTime": d3_time_format(date_time.replace("{1}", date_pattern).replace("{0}", time_pattern)),
            "date": d3_time_format(date_pattern),
            "time": d3_time_format(time_pattern),
            "periods": [str(periods.get("am", "AM")), str(periods.get("pm", "PM"))],
            "days": _sunday_first(days["wide"]),
            "shortDays": _sunday_first(days["abbreviated"]),
            "months": [str(months["wide"][m]) for m in range(1, 13)],
            "shortMonths": [str(months["abbreviated"][m]) for m in range(1, 13)],
        },
    }


def day_format() -> str:
    """A chart's d3 format for a real day, as `formatting.day_text` writes it ('17 Mar 2031', '17. mars 2031')."""
    lang = language()
    return "%d %b %Y" if lang == DEFAULT else d3_time_format(DAY_PATTERN[lang])


def with_locale(chart: Chart) -> Chart:
    """The chart with the active language's locale in its top-level config (unchanged in English).

    Apply it last, to the chart that is shown or exported: a configured chart can no longer be layered.
    Vega-Lite's default tooltip format for a date becomes the language's day too.
    """
    lang = language()
    locale = vega_locale(lang)
    if locale is None:
        return chart
    configured: Chart = chart.configure(locale=locale, timeFormat=day_format())  # type: ignore[attr-defined]
    return configured
