"""Streamlit-side state: caching, the shareable URL, and the scenario a session is looking at.

The domain package knows nothing of Streamlit; this module is the only place where its results are
cached (``st.cache_resource`` for read-only shared objects keyed by content, ``st.cache_data`` for
answers, which are copied into each session so nothing one person changes reaches another).
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from pathways import api
from pathways.answer import Answer
from pathways.countries import country_label
from pathways.formatting import number_text
from pathways.graph import Composition
from pathways.i18n import DEFAULT, LANGUAGES, _, language, set_language, use_language, yaml_text
from pathways.model import Parameter
from pathways.problems import PathwayError, Problem
from pathways.share import pack_scenario, unpack_scenario
from ui.code_editor import TEXT, replace_text
from ui.text import md_escape

CUSTOM = "custom"
#: the query parameter that carries an edited scenario (see pathways.share)
SHARED = "yaml"
SAMPLES = 20_000
SEED = api.DEFAULT_SEED


@st.cache_resource(show_spinner=False)
def library() -> api.Library:
    lib = api.load_library()
    threading.Thread(target=_warm_renderer, daemon=True).start()
    return lib


def _warm_renderer() -> None:
    from pathways.render import warm_up

    with contextlib.suppress(Exception):
        warm_up()


@st.cache_data(show_spinner=False)
def seed_texts() -> dict[str, str]:
    """Seed scenarios by name → YAML text (the text is the cache key for everything downstream)."""
    return {name: path.read_text(encoding="utf-8") for name, path in api.seed_files().items()}


@st.cache_resource(show_spinner=False, max_entries=64)
def composition_for(text: str) -> Composition:
    """Compose a scenario's text; shared between sessions only for identical text (read-only)."""
    loaded = api.load_scenario_text(text, "scenario.yaml")
    return api.prepare(library(), loaded)


@st.cache_data(show_spinner=False, max_entries=256)
def answer_for(
    text: str,
    countries: tuple[str, ...],
    parameters: tuple[tuple[str, float], ...],
    samples: int = SAMPLES,
    seed: int = SEED,
    lang: str = DEFAULT,
) -> Answer:
    """The answer's sentences are written in `lang`, so the language is part of the cache key."""
    with use_language(lang):
        return api.answer_question(
            composition_for(text), list(countries), samples=samples, seed=seed, parameters=dict(parameters)
        )


@dataclass
class View:
    """What the session is looking at: everything needed to reproduce it from a link."""

    name: str
    text: str
    composition: Composition
    country: str
    countries: list[str]
    parameters: dict[str, float]
    controls: list[tuple[str, Parameter, list[str]]]

    def answer(self, countries: list[str] | None = None) -> Answer:
        chosen = tuple(countries or [self.country])
        return answer_for(self.text, chosen, tuple(sorted(self.parameters.items())), lang=language())

    @property
    def title(self) -> str:
        return self.composition.scenario.title


def _problems_text(problems: list[Problem]) -> str:
    return "\n".join(
        f"- line {p.line}: {p.key + ': ' if p.key else ''}{p.message}" + (f" — {p.fix}" if p.fix else "") for p in problems[:8]
    )


def load_url_once() -> None:
    """Copy a shared link's query parameters into the session, once, validating every value."""
    if st.session_state.get("_url_loaded"):
        return
    st.session_state["_url_loaded"] = True
    params = st.query_params
    messages: list[str] = []
    seeds = seed_texts()
    scenario = params.get("scenario")
    token = params.get(SHARED)
    if token is not None:
        try:
            text = unpack_scenario(token, seeds)
        except ValueError as err:
            messages.append(
                _("Could not open the edited scenario in the link: {reason}. Showing {scenario} instead.").format(
                    reason=err, scenario=default_seed()
                )
            )
        else:
            replace_text(text)  # the Edit page starts from the shared text
            st.session_state["sel:scenario"] = CUSTOM
            scenario = None
    if scenario is not None:
        if scenario in seeds:
            st.session_state["sel:scenario"] = scenario
        elif scenario == CUSTOM:
            messages.append(
                _(
                    "The link names an edited scenario but does not carry it (it was too large for a link). Ask for the "
                    "scenario's YAML file and open it on the Edit a scenario page; showing {scenario} meanwhile."
                ).format(scenario=default_seed())
            )
        else:
            messages.append(
                _("The link names a scenario that does not exist ({name}); showing {scenario} instead.").format(
                    name=_clip(scenario), scenario=default_seed()
                )
            )
    country = params.get("country")
    if country is not None:
        if country in library().countries():
            st.session_state["sel:country"] = country
        else:
            messages.append(
                _("The link names an unknown country ({country}); showing the scenario's default.").format(country=_clip(country))
            )
    declared = library().parameters()
    for key in params:
        if key in ("scenario", "country", "route", "step", "lang", SHARED):
            continue
        if key not in declared:
            messages.append(_("Ignored an unknown setting in the link ({key}).").format(key=_clip(key)))
            continue
        raw = params.get(key)
        param = declared[key][0]
        try:
            value = float(raw or "")
        except ValueError:
            messages.append(_("Ignored {key}: {value} is not a number.").format(key=_clip(key), value=_clip(raw)))
            continue
        if not (param.min <= value <= param.max) or value != value:
            messages.append(
                _("Ignored {key}: {value} is outside {low}–{high}.").format(
                    key=_clip(key), value=number_text(value), low=number_text(param.min), high=number_text(param.max)
                )
            )
            continue
        st.session_state[f"param:{key}"] = value
    for key in ("route", "step"):
        if params.get(key) is not None:
            st.session_state[f"url_{key}"] = params.get(key)
    st.session_state["url_messages"] = messages


def _clip(text: Any) -> str:
    """Show untrusted text safely and briefly (no Markdown, no HTML)."""
    clean = "".join(ch for ch in str(text) if ch.isalnum() or ch in " ._-")[:40]
    return f"“{clean}”"


def default_seed() -> str:
    seeds = seed_texts()
    return "resetme" if "resetme" in seeds else next(iter(seeds))


def scenario_names() -> dict[str, str]:
    """Selectable scenarios: name → title (the session's own edited scenario included)."""
    names = {}
    for name, text in seed_texts().items():
        try:
            names[name] = yaml_text(composition_for(text).scenario, "title")
        except PathwayError:
            continue
    if st.session_state.get(TEXT):
        names[CUSTOM] = _("Your edited scenario")
    return names


#: characters of a title that the sidebar's select box shows uncut (about 240 px at the default font)
SELECT_FITS = 28


def current_view(sidebar: bool = True) -> View | None:
    """Scenario, country and assumptions chosen in the sidebar, synced to the URL."""
    load_url_once()
    names = scenario_names()
    place = st.sidebar if sidebar else st
    name = persistent_selectbox(place, _("Scenario"), list(names), "scenario", default_seed(), format_func=lambda n: names[n])
    if len(names[name]) > SELECT_FITS:
        place.caption(md_escape(names[name]))  # the box cuts a long title; here it is whole
    text = st.session_state[TEXT] if name == CUSTOM else seed_texts()[name]
    try:
        composition = composition_for(text)
    except PathwayError as err:
        st.error("This scenario has problems; fix them on the **Edit a scenario** page.\n\n" + _problems_text(err.problems))
        return None
    scenario = composition.scenario
    available = library().countries()
    countries = [c for c in scenario.countries if c in available] + sorted(c for c in available if c not in scenario.countries)
    country = persistent_selectbox(
        place,
        _("Country"),
        countries,
        "country",
        countries[0],
        format_func=lambda c: (
            f"{country_label(c)} ({c})" + ("" if c in scenario.countries else _(" — outside the scenario's list"))
        ),
    )
    controls = api.relevant_parameters(composition, [country])
    parameters = {}
    for pname, param, _steps in controls:
        default = scenario.parameters.get(pname, param.default)
        value = st.session_state.get(f"param:{pname}", default)
        parameters[pname] = float(value)
    view = View(name, text, composition, country, countries, parameters, controls)
    write_url(view)
    for message in st.session_state.get("url_messages", []):
        st.warning(message)
    return view


def choose_language() -> str:
    """The sidebar's language switch: it starts from the link's `?lang=` and the link keeps it (see `write_url`).

    Runs at the top of every page run, before any text is written, and sets the language for this run.
    """
    if "sel:lang" not in st.session_state:
        wanted = st.query_params.get("lang")
        st.session_state["sel:lang"] = wanted if wanted in LANGUAGES else DEFAULT
    set_language(st.session_state["sel:lang"])
    code = persistent_selectbox(st.sidebar, _("Language"), list(LANGUAGES), "lang", DEFAULT, format_func=LANGUAGES.get)
    set_language(code)
    if code == DEFAULT and "lang" in st.query_params:
        del st.query_params["lang"]
    elif code != DEFAULT and st.query_params.get("lang") != code:
        st.query_params["lang"] = code
    return code


def _persist(key: str) -> None:
    st.session_state[f"sel:{key}"] = st.session_state[key]


def persistent_selectbox(place: Any, label: str, options: list[str], key: str, default: str, **kwargs: Any) -> str:
    """A selectbox whose choice survives page switches (widget state does not; `sel:<key>` does)."""
    value = st.session_state.get(f"sel:{key}")
    if value not in options:
        value = default if default in options else options[0]
    st.session_state[f"sel:{key}"] = value
    st.session_state[key] = value
    place.selectbox(label, options, key=key, on_change=_persist, args=(key,), **kwargs)
    return str(value)


def share_token(view: View) -> str | None:
    """The edited scenario packed for a link (against the seed it was edited from when it is large), or None when
    it is a seed or too large to travel in one."""
    return pack_scenario(view.text, seed_texts()) if view.name == CUSTOM else None


def write_url(view: View) -> None:
    """Put everything needed to reopen this view into the address bar (changed assumptions only).

    An edited scenario travels in the link itself (compressed) when it is small enough; see `share_token`.
    """
    wanted: dict[str, str] = {"scenario": view.name, "country": view.country}
    if language() != DEFAULT:
        wanted["lang"] = language()
    token = share_token(view)
    if token is not None:
        wanted[SHARED] = token
    scenario = view.composition.scenario
    declared = library().parameters()
    for pname, value in view.parameters.items():
        default = scenario.parameters.get(pname, declared[pname][0].default)
        if abs(value - default) > 1e-9:
            wanted[pname] = f"{value:g}"
    for key in ("route", "step"):
        if st.session_state.get(f"url_{key}"):
            wanted[key] = str(st.session_state[f"url_{key}"])
    current = dict(st.query_params)
    if current != wanted:
        st.query_params.from_dict(wanted)
    st.session_state["_url_view"] = view


def finish_url() -> None:
    """After a page has run, write the address again: its widgets (a route, a step) were chosen after the
    first write, and without this the link would lag one click behind what the person sees."""
    view = st.session_state.pop("_url_view", None)
    if view is not None:
        write_url(view)
        st.session_state.pop("_url_view", None)


def file_stem(view: View, what: str) -> str:
    """File names that say scenario, country and date."""
    return f"pathways-{view.name}-{view.country}-{what}-{view.composition.scenario.as_of}"


ROOT = Path(__file__).resolve().parent.parent
