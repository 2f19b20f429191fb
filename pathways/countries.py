"""Country names for plain-language text (ISO 3166-1 alpha-2 → short name in the active language).

English names are ours (with "the" where a sentence needs it); other languages take the territory
names of Babel's CLDR data, which are how that language writes them ("Storbritannia", "USA").
"""

from __future__ import annotations

from babel import Locale

from .i18n import DEFAULT, babel_locale, language

NAMES: dict[str, str] = {
    "AT": "Austria",
    "AU": "Australia",
    "BE": "Belgium",
    "BG": "Bulgaria",
    "CA": "Canada",
    "CH": "Switzerland",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DE": "Germany",
    "DK": "Denmark",
    "EE": "Estonia",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "GB": "the United Kingdom",
    "GR": "Greece",
    "HR": "Croatia",
    "HU": "Hungary",
    "IE": "Ireland",
    "IS": "Iceland",
    "IT": "Italy",
    "JP": "Japan",
    "LI": "Liechtenstein",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "LV": "Latvia",
    "MT": "Malta",
    "NL": "the Netherlands",
    "NO": "Norway",
    "PL": "Poland",
    "PT": "Portugal",
    "RO": "Romania",
    "SE": "Sweden",
    "SI": "Slovenia",
    "SK": "Slovakia",
    "US": "the United States",
}

#: EU member states plus the EEA EFTA states, where one centralised EU authorisation applies.
EEA = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "IS",
    "LI",
    "NO",
]


def country_name(code: str) -> str:
    """English short name of a country code, or the code itself when unknown.

    >>> country_name("NO"), country_name("XX")
    ('Norway', 'XX')
    """
    if language() != DEFAULT:
        territory = Locale.parse(babel_locale()).territories.get(code)
        if territory:
            return str(territory)
    return NAMES.get(code, code)


def country_label(code: str) -> str:
    """The name as a label or at the start of a title: no leading article.

    >>> country_label("GB"), country_label("NO"), country_name("GB")
    ('United Kingdom', 'Norway', 'the United Kingdom')
    """
    name = country_name(code)
    return name[4:] if name.startswith("the ") else name
