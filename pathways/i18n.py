"""The language a person reads: English (the default) or Norwegian Bokmål, through one gettext catalogue.

Every sentence the engine or the app shows is written in English in the code and looked up in
``pathways/locale/<lang>/LC_MESSAGES/pathways.po`` (managed with Babel: ``pybabel extract`` and
``pybabel update``, see the README). The ``.po`` file is compiled in memory when first needed, so a
fresh clone needs no build step and the catalogue in git is the only copy.

The active language is a context variable: the app sets it at the top of every run of a page (each
Streamlit session runs in its own thread, so sessions never see each other's language), the command line
sets it once, and ``use_language`` sets it for a block (tests, exports).

Text written in a library or scenario file (a step's label, who acts, a question) is not in the catalogue:
the YAML carries it in Norwegian beside the English under an ``nb:`` key, and `yaml_text` picks it.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "pathways"
#: language code → its name in that language (as a person looks for it in a language switch)
LANGUAGES: dict[str, str] = {"en": "English", "nb": "Norsk (bokmål)"}
DEFAULT = "en"
#: the locale Babel formats numbers and dates for, per language
LOCALES: dict[str, str] = {"en": "en", "nb": "nb_NO"}

_active: ContextVar[str] = ContextVar("pathways_language", default=DEFAULT)


def language() -> str:
    """The active language code ('en' or 'nb')."""
    return _active.get()


def babel_locale() -> str:
    """The Babel locale of the active language, for babel.numbers and babel.dates."""
    return LOCALES[_active.get()]


def set_language(code: str | None) -> str:
    """Make `code` the active language for this thread of work; an unknown code means the default."""
    chosen = code if code in LANGUAGES else DEFAULT
    _active.set(chosen)
    return chosen


@contextmanager
def use_language(code: str) -> Iterator[None]:
    """The language `code` inside the block, the previous one after it."""
    token = _active.set(code if code in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _active.reset(token)


@cache
def catalogue(code: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language (English is the source text and needs none)."""
    po = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if code == DEFAULT or not po.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        parsed = read_po(handle, locale=code, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, parsed)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """`message` in the active language (the English text when it has no translation)."""
    return catalogue(_active.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, by the active language's plural rule."""
    return catalogue(_active.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a text for extraction where it is defined (a table of labels); it is translated where shown."""
    return message


def has_own_text(item: Any, field: str) -> bool:
    """Whether `yaml_text(item, field)` is written in the active language (not the English shown in its place).

    >>> from types import SimpleNamespace as N
    >>> with use_language("nb"):
    ...     has_own_text(N(explain="Why", nb=None), "explain")
    False
    """
    if _active.get() == DEFAULT or not getattr(item, field, None):
        return True
    block = getattr(item, _active.get(), None)
    return bool(getattr(block, field, None)) if block is not None else False


def yaml_text(item: Any, field: str) -> str:
    """A text from a library or scenario file in the active language: the `nb:` block's, else the English.

    >>> from types import SimpleNamespace as N
    >>> step = N(label="Marketing authorisation", nb=N(label="Markedsføringstillatelse"))
    >>> with use_language("nb"):
    ...     yaml_text(step, "label")
    'Markedsføringstillatelse'
    >>> yaml_text(step, "label")
    'Marketing authorisation'
    """
    english = getattr(item, field)
    code = _active.get()
    if code == DEFAULT:
        return str(english) if english is not None else ""
    block = getattr(item, code, None)
    own = getattr(block, field, None) if block is not None else None
    value = own if own else english
    return str(value) if value is not None else ""
